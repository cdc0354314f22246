"""The re-check fan-out, run by the worker after a change to the matrix."""

from __future__ import annotations

from django.tasks import task

from assessments.services import recheck_after_change


@task()
def recheck(*, skill_ids: list[int]) -> int:
    return recheck_after_change(skill_ids=skill_ids)
