"""Periodic jobs from settings (WORKER_SCHEDULE), run by the workers
themselves: each worker, between tasks, works out the current slot of each
job and tries to claim it with a unique (job, slot) row; the one that
inserts the row enqueues the task in the same transaction. So however many
workers run, each slot is enqueued once, and a slot nobody was up for is
skipped rather than caught up (the jobs are "look at what is due now")."""

from __future__ import annotations

import datetime as dt
import inspect
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string

from worker.models import ScheduledRun

logger = logging.getLogger(__name__)

JOB_NAME = re.compile(r"^[a-z0-9_]{1,100}$")
KEYS = {"task", "every_seconds"}


@dataclass(frozen=True)
class Job:
    name: str
    task: Task[[], object]
    every_seconds: int

    def slot(self, now: dt.datetime) -> dt.datetime:
        """The start of the period ``now`` falls in (periods count from the epoch)."""
        seconds = int(now.timestamp()) // self.every_seconds * self.every_seconds
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def jobs_from(schedule: Mapping[str, object]) -> list[Job]:
    """The schedule as jobs, or ImproperlyConfigured naming the entry and
    what is wrong with it."""
    if not isinstance(schedule, Mapping):
        raise ImproperlyConfigured("WORKER_SCHEDULE must be a dict of job name -> settings")
    jobs = []
    for name, entry in schedule.items():
        where = f"WORKER_SCHEDULE[{name!r}]"
        if not isinstance(name, str) or not JOB_NAME.match(name):
            raise ImproperlyConfigured(
                f"{where}: a job name is 1 to 100 lower-case letters, digits and _"
            )
        if not isinstance(entry, Mapping) or set(entry) != KEYS:
            raise ImproperlyConfigured(
                f"{where} must be a dict with exactly the keys 'task' and 'every_seconds', "
                f"got {entry!r}"
            )
        every = entry["every_seconds"]
        if not isinstance(every, int) or isinstance(every, bool) or not 1 <= every <= 7 * 86400:
            raise ImproperlyConfigured(
                f"{where}['every_seconds'] must be a whole number of seconds from 1 to a week, "
                f"got {every!r}"
            )
        path = entry["task"]
        if not isinstance(path, str):
            raise ImproperlyConfigured(f"{where}['task'] must be a dotted path, got {path!r}")
        try:
            task = import_string(path)
        except ImportError as exc:
            raise ImproperlyConfigured(f"{where}['task']: cannot import {path!r}: {exc}") from None
        if not isinstance(task, Task):
            raise ImproperlyConfigured(
                f"{where}['task']: {path!r} is not a task (decorate it with @task)"
            )
        required = [
            p
            for p in inspect.signature(task.func).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind not in {p.VAR_POSITIONAL, p.VAR_KEYWORD}
        ]
        if task.takes_context or required:
            raise ImproperlyConfigured(
                f"{where}['task']: {path!r} must take no arguments (a periodic job has none)"
            )
        jobs.append(Job(name=name, task=task, every_seconds=every))
    return jobs


def configured_jobs() -> list[Job]:
    return jobs_from(settings.WORKER_SCHEDULE)


class Scheduler:
    """Enqueues due slots; remembers the last slot it saw per job so that an
    idle worker polling every second writes nothing between slots."""

    def __init__(self, jobs: list[Job], *, worker_id: str) -> None:
        self.jobs = jobs
        self.worker_id = worker_id
        self.seen: dict[str, dt.datetime] = {}

    def tick(self, now: dt.datetime | None = None) -> list[str]:
        """Enqueue every job whose current slot nobody has claimed yet;
        returns the names of the jobs this worker enqueued."""
        now = now or timezone.now()
        enqueued = []
        for job in self.jobs:
            slot = job.slot(now)
            if self.seen.get(job.name) == slot:
                continue
            try:
                with transaction.atomic():
                    ScheduledRun.objects.create(job=job.name, slot=slot, worker_id=self.worker_id)
                    job.task.enqueue()
            except IntegrityError:
                pass  # another worker claimed this slot first
            else:
                enqueued.append(job.name)
                logger.info("scheduled_job_enqueued", extra={"job": job.name, "slot": str(slot)})
            self.seen[job.name] = slot
        return enqueued
