"""`manage.py run_worker`: take tasks from the database queue and run them,
with retries, heartbeats, the reaper and the periodic jobs (worker/runner.py).
Run as many as you like, on as many machines: they share the queue. Stops
after the task in hand on SIGTERM or Ctrl-C (a second one puts it back)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django_tasks_db.management.commands.db_worker import (
    valid_interval,
    valid_max_tasks,
    validate_worker_id,
)

from worker.runner import Runner, new_worker_id
from worker.schedule import configured_jobs


class Command(BaseCommand):
    help = "Run a background worker: tasks from the database queue, and the periodic jobs."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue-name",
            default="*",
            help="Queues to take tasks from, comma-separated, or '*' for all (default: all).",
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=None,
            help="Seconds to wait when there is nothing to do (default: WORKER_POLL_SECONDS).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run what is due, then exit (no schedule)."
        )
        parser.add_argument(
            "--max-tasks", type=valid_max_tasks, default=None, help="Exit after this many tasks."
        )
        parser.add_argument(
            "--worker-id",
            type=validate_worker_id,
            default=None,
            help="Unique across the pool (default: host-pid-random).",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Do not enqueue the periodic jobs (WORKER_SCHEDULE) from this worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            jobs = [] if options["no_schedule"] or options["batch"] else configured_jobs()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        extra: dict[str, Any] = {}
        if options["interval"] is not None:
            extra["interval"] = options["interval"]
        runner = Runner(
            jobs=jobs,
            queue_names=options["queue_name"].split(","),
            batch=options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or new_worker_id(),
            **extra,
        )
        runner.configure_signals()
        runner.run()
