"""`manage.py worker_status`: the workers that answer, the queue's age, the
failed tasks; exits 1 when the queue is behind (WORKER_MAX_QUEUE_AGE_SECONDS).
With ``--this-host`` it asks only whether a worker on this machine has
answered lately (the worker container's health check: a backlog is not one
container's fault)."""

from __future__ import annotations

import datetime as dt
import socket
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from worker.models import Heartbeat
from worker.queue import oldest_waiting_age


class Command(BaseCommand):
    help = "Say whether the workers are alive and the queue is being drained."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--this-host",
            action="store_true",
            help="Fail only when no worker on this machine has answered lately.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        cutoff = now - dt.timedelta(seconds=settings.WORKER_HEARTBEAT_TIMEOUT_SECONDS)
        alive = list(Heartbeat.objects.filter(seen_at__gte=cutoff))
        age = oldest_waiting_age(now)
        failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()
        for beat in alive:
            self.stdout.write(f"worker {beat.worker_id} seen {beat.seen_at:%H:%M:%S}")
        self.stdout.write(f"workers alive: {len(alive)}")
        self.stdout.write(f"oldest waiting task: {age:.0f} s")
        self.stdout.write(f"failed tasks: {failed}")
        if options["this_host"]:
            if not any(beat.hostname == socket.gethostname() for beat in alive):
                raise SystemExit(1)
        elif age > settings.WORKER_MAX_QUEUE_AGE_SECONDS:
            raise SystemExit(1)
