"""What the worker keeps beside the task table of django-tasks-db: a heartbeat
per running worker process (so a task left RUNNING by a dead one is found
and run again) and one row per claimed slot of a periodic job (so two
workers never enqueue the same slot twice). The tasks themselves are
``django_tasks_db.models.DBTaskResult`` rows; ``QueuedTask`` shows them to
admins."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult


class Heartbeat(models.Model):
    """One row per running ``run_worker`` process, touched every
    WORKER_HEARTBEAT_SECONDS by a thread of its own (so a long task does
    not make its worker look dead) and removed when it stops cleanly."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        ordering = ["hostname", "pid"]

    def __str__(self) -> str:
        return self.worker_id


class ScheduledRun(models.Model):
    """A slot of a periodic job (WORKER_SCHEDULE) that some worker claimed and
    enqueued; the unique pair is what makes the claim exclusive."""

    job = models.CharField(_("job"), max_length=100)
    slot = models.DateTimeField(_("slot"))
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    worker_id = models.CharField(_("worker"), max_length=64)

    class Meta:
        verbose_name = _("scheduled run")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_one_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M:%S}"


class QueuedTask(DBTaskResult[..., Any]):
    """The task table as admins see it (worker/admin.py): waiting, retrying
    and failed tasks, with "run again"."""

    class Meta:
        proxy = True
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.task_path} ({self.get_status_display()})"
