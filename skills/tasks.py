"""The matrix's periodic work as tasks the worker runs on a schedule."""

from __future__ import annotations

from django.tasks import task

from skills import imports


@task
def pending_imports_expire() -> int:
    """Delete in-app imports older than MATRIX_PENDING_IMPORT_HOURS (the
    uploaded files of previews nobody confirmed)."""
    return imports.pending_imports_expire()
