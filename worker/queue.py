"""Enqueueing many tasks at once, and the queue's health."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Min
from django.tasks import Task, TaskResultStatus
from django.tasks.signals import task_enqueued
from django.utils import timezone
from django.utils.json import normalize_json
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max


def enqueue_many(task: Task[..., Any], calls: Sequence[Mapping[str, Any]]) -> int:
    """Enqueue ``task`` once per keyword-argument mapping in ``calls``: one
    INSERT for all of them on the database backend (a fan-out to a thousand
    people is not a thousand round trips), one ``enqueue`` each elsewhere.
    Inside the caller's transaction, like ``enqueue``."""
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        for kwargs in calls:
            task.enqueue(**kwargs)
        return len(calls)
    backend.validate_task(task)
    run_after = task.run_after or get_date_max()
    rows = DBTaskResult.objects.bulk_create(
        [
            DBTaskResult(
                id=backend._get_id(),
                args_kwargs=normalize_json({"args": [], "kwargs": dict(kwargs)}),
                priority=task.priority,
                task_path=task.module_path,
                queue_name=task.queue_name,
                run_after=run_after,
                backend_name=backend.alias,
            )
            for kwargs in calls
        ],
        batch_size=500,
    )
    for row in rows:
        task_enqueued.send(type(backend), task_result=row.task_result)
    return len(rows)


def oldest_waiting_age(now: dt.datetime | None = None) -> float:
    """Seconds the longest-waiting runnable task has waited: READY and due
    (since it was enqueued, or since its retry became due). 0 when none is."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    unscheduled = ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"]
    deferred = ready.filter(run_after__lte=now).aggregate(at=Min("run_after"))["at"]
    waiting = [at for at in (unscheduled, deferred) if at is not None]
    return max(0.0, (now - min(waiting)).total_seconds()) if waiting else 0.0
