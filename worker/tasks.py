"""The worker's own periodic job."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from worker.models import ScheduledRun

logger = logging.getLogger(__name__)


@task()
def prune() -> int:
    """Delete tasks that finished successfully more than WORKER_KEEP_DAYS
    ago, and the claims of old schedule slots. Failed tasks stay until an
    admin runs them again."""
    cutoff = timezone.now() - dt.timedelta(days=settings.WORKER_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=cutoff
    ).delete()
    ScheduledRun.objects.filter(slot__lt=cutoff).delete()
    logger.info("tasks_pruned", extra={"deleted": deleted})
    return deleted
