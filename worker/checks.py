"""`manage.py check` (and so runserver, migrate, run_worker) refuses a
malformed WORKER_SCHEDULE with the entry and what is wrong."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from worker.schedule import configured_jobs


@checks.register()
def schedule_is_valid(**kwargs: Any) -> list[checks.CheckMessage]:
    try:
        configured_jobs()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="worker.E001")]
    return []
