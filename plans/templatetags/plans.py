"""Plan information on the assessments app's pages, which may not import
plans: their templates load these tags (as the skill profile loads
community's). ``{% load plans %}``:

- ``{% plan_for assessment as plan %}``: the open items of the assessment's
  author, by criterion, when the viewer may see that plan (one query, two
  for a manager); ``plan|item_for:criterion_id`` reads one.
- ``{% plan_progress %}``: the viewer's plan over time (one query).
- ``{% packet_plan assessment as items %}``: the author's growth plan in the
  assessment's skill, open items first, for the promotion packet; empty for
  anyone but the author and their managers (one query, two for a manager)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template
from django.utils import timezone

from accounts.models import manages
from assessments.models import Assessment
from plans.models import PlanItem
from plans.progress import ItemDates, plan_chart

register = template.Library()


@dataclass
class PlanMarks:
    visible: bool = False
    is_own: bool = False
    items: dict[int, PlanItem] = field(default_factory=dict)


@register.simple_tag(takes_context=True)
def plan_for(context: template.Context, assessment: Assessment) -> PlanMarks:
    user = context["request"].user
    is_own = user.is_authenticated and assessment.engineer_id == user.pk
    if not is_own and not manages(user, assessment.engineer):
        return PlanMarks()
    items = PlanItem.objects.of(assessment.engineer).open().filter(criterion__isnull=False)
    return PlanMarks(
        visible=True,
        is_own=is_own,
        items={item.criterion_id: item for item in items if item.criterion_id is not None},
    )


@register.simple_tag(takes_context=True)
def packet_plan(context: template.Context, assessment: Assessment) -> list[PlanItem]:
    user = context["request"].user
    is_own = user.is_authenticated and assessment.engineer_id == user.pk
    if not is_own and not manages(user, assessment.engineer):
        return []
    return list(
        PlanItem.objects.of(assessment.engineer)
        .filter(skill_id=assessment.skill_id)
        .select_related("suggested_by")
        .in_plan_order()
    )


@register.filter
def item_for(plan: PlanMarks, criterion_id: int | None) -> PlanItem | None:
    if not isinstance(plan, PlanMarks) or criterion_id is None:
        return None
    return plan.items.get(criterion_id)


@register.filter
def unplanned_required(plan: PlanMarks, readiness: Any) -> int:
    """How many required criteria a readiness misses that are not open in
    the plan yet: what "Add all missing required" would add."""
    if not isinstance(plan, PlanMarks):
        return 0
    return sum(
        1
        for state in getattr(readiness, "missing", ())
        if state.required
        and state.criterion_id is not None
        and state.criterion_id not in plan.items
    )


@register.inclusion_tag("plans/_progress.html", takes_context=True)
def plan_progress(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    rows = list(PlanItem.objects.of(user).values_list("created_at", "done_at", "status").order_by())
    today = timezone.localdate()
    chart = plan_chart(
        (
            ItemDates(
                created=timezone.localtime(created).date(),
                finished=timezone.localtime(done).date() if done is not None else None,
            )
            for created, done, _status in rows
        ),
        today=today,
    )
    finished = sum(1 for _c, done, _s in rows if done is not None)
    return {
        "chart": chart,
        "total": len(rows),
        "finished": finished,
        "open": len(rows) - finished,
        "met": sum(1 for _c, _d, status in rows if status == PlanItem.Status.DONE),
    }
