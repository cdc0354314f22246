"""The cycles' periodic work as a task the worker runs on a schedule."""

from __future__ import annotations

from django.tasks import task

from cycles import services


@task
def cycles_tick() -> dict[str, int]:
    """Open what is due, send due reminders, close what is past due.
    Idempotent: safe every few minutes, from several workers."""
    return services.cycles_tick()
