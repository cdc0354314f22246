"""Plans listen to assessments, which may not import them."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from assessments.models import Assessment
from assessments.signals import snapshot_submitted
from plans.services import plan_items_meet


@receiver(snapshot_submitted, dispatch_uid="plans_meet_items")
def meet_plan_items(sender: Any, snapshot: Assessment, **kwargs: Any) -> None:
    """Inside the submission's transaction: the items it meets become done
    with it, or not at all."""
    plan_items_meet(snapshot=snapshot)
