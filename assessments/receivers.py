"""Signal handlers: when the matrix revises criteria people rated as met,
they are asked to re-check them."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from assessments import tasks
from skills.signals import matrix_changed


@receiver(matrix_changed, dispatch_uid="assessments_recheck")
def ask_for_recheck(sender: Any, *, skill_ids: frozenset[int], **_: Any) -> None:
    # Enqueued: the change's request does not wait for the fan-out.
    tasks.recheck.enqueue(skill_ids=sorted(skill_ids))
