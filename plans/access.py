"""The one way every view and endpoint fetches plan objects. Someone who may
not see a plan gets a 404, never a 403: the plan's existence is private too."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User, manages
from plans.models import PlanItem


def get_plan_item_for(user: User, pk: int) -> PlanItem:
    """An item of the user's own plan, or of someone they manage."""
    item = get_object_or_404(
        PlanItem.objects.select_related("engineer", "skill", "suggested_by", "done_by"), pk=pk
    )
    if not item.is_visible_to(user):
        raise Http404
    return item


def get_own_plan_item(user: User, pk: int) -> PlanItem:
    """An item the user may change: one of their own plan. A manager who can
    read it gets a 404 here too (the pages offer them no change)."""
    item = get_plan_item_for(user, pk)
    if item.engineer_id != user.pk:
        raise Http404
    return item


def get_plan_owner_for(user: User, username: str) -> User:
    """The engineer whose plan ``user`` asks to read: themself, or someone in
    a team they manage."""
    engineer = get_object_or_404(User, username=username, is_active=True)
    if engineer.pk != user.pk and not manages(user, engineer):
        raise Http404
    return engineer
