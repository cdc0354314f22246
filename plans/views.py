"""Growth plan pages: the engineer's own plan, a manager's reading of a
member's plan, one item with its comments, and the forms that add, change,
close and delete items. Each runs a fixed number of queries, whatever the
size of the plan (tests/plans/test_query_counts.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from assessments.access import get_assessment_for
from assessments.models import Assessment, CriterionRating
from assessments.rules import Rating, readiness
from assessments.services import snapshot_states
from common.errors import DomainError
from plans.access import get_own_plan_item, get_plan_item_for, get_plan_owner_for
from plans.forms import AddMissingForm, CloseForm, CommentForm, PlanItemForm
from plans.models import PlanItem
from plans.services import (
    default_target_date,
    first_link,
    plan_comment_post,
    plan_item_close,
    plan_item_create,
    plan_item_delete,
    plan_item_update,
    plan_items_add_missing,
)
from skills.models import Criterion


@dataclass(frozen=True)
class PlanSummary:
    open: list[PlanItem]
    finished: list[PlanItem]

    @property
    def total(self) -> int:
        return len(self.open) + len(self.finished)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.open if item.is_overdue)


def _plan(engineer: User) -> PlanSummary:
    items = list(
        PlanItem.objects.of(engineer)
        .select_related("skill", "suggested_by", "done_by")
        .annotate(n_comments=Count("comments"))
        .in_plan_order()
    )
    return PlanSummary(
        open=[i for i in items if i.is_open], finished=[i for i in items if not i.is_open]
    )


@require_GET
@login_required
def my_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"engineer": request.user, "plan": _plan(request.user), "is_own": True}
    return render(request, "plans/plan.html", context)


@require_GET
@login_required
def person_plan(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
    """A manager reads a member's plan, and suggests items from the criteria
    the member's latest snapshots miss."""
    engineer = get_plan_owner_for(request.user, username)
    if engineer.pk == request.user.pk:
        return redirect("my_plan")
    plan = _plan(engineer)
    context = {
        "engineer": engineer,
        "plan": plan,
        "is_own": False,
        "suggestions": _suggestions(engineer, {i.criterion_id for i in plan.open}),
    }
    return render(request, "plans/plan.html", context)


def _suggestions(
    engineer: User, in_plan: set[int | None]
) -> list[tuple[Assessment, list[CriterionRating]]]:
    """Per skill and role, the engineer's latest snapshot and the criteria it
    does not meet that are not open in the plan yet: two queries."""
    latest: dict[tuple[int, int], Assessment] = {}
    for snapshot in (
        Assessment.objects.of(engineer)
        .submitted()
        .select_related("skill", "role")
        .order_by("-submitted_at", "-pk")
    ):
        latest.setdefault((snapshot.skill_id, snapshot.role_id), snapshot)
    rows: dict[int, list[CriterionRating]] = {pk: [] for pk in (s.pk for s in latest.values())}
    for row in CriterionRating.objects.filter(
        assessment__in=list(rows), criterion__isnull=False, frozen_level__isnull=False
    ).order_by("frozen_level", "frozen_position"):
        if (row.value is None or row.value < Rating.MEETS) and row.criterion_id not in in_plan:
            rows[row.assessment_id].append(row)
    return [(s, rows[s.pk]) for s in latest.values() if rows[s.pk]]


# -- One item ----------------------------------------------------------------------


@require_GET
@login_required
def item_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_plan_item_for(request.user, pk)
    return _render_item(request, item)


def _render_item(
    request: AuthenticatedHttpRequest,
    item: PlanItem,
    *,
    comment_form: CommentForm | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_own = item.engineer_id == request.user.pk
    context = {
        "item": item,
        "is_own": is_own,
        "comments": list(item.comments.select_related("author")),
        "comment_form": comment_form or CommentForm(),
        "close_form": close_form or CloseForm(),
        "plan_url": reverse("my_plan")
        if is_own
        else reverse("person_plan", kwargs={"username": item.engineer.username}),
    }
    return render(request, "plans/item_detail.html", context, status=status)


@require_POST
@login_required
def item_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_plan_item_for(request.user, pk)
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            plan_comment_post(item=item, by=request.user, body=form.cleaned_data["body"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = exc.status  # 429 past the rate limit
        else:
            messages.success(request, _("Comment posted."))
            return redirect(item)
    return _render_item(request, item, comment_form=form, status=status)


@require_POST
@login_required
def item_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_own_plan_item(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            plan_item_close(item=item, by=request.user, note=form.cleaned_data["close_note"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Item closed."))
            return redirect(item)
    return _render_item(request, item, close_form=form, status=400)


@require_POST
@login_required
def item_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_own_plan_item(request.user, pk)
    plan_item_delete(item=item, by=request.user)
    messages.success(request, _("Item removed from your plan."))
    return redirect("my_plan")


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_own_plan_item(request.user, pk)
    if not item.is_open:
        messages.error(request, _("This plan item is no longer open; it can no longer be changed."))
        return redirect(item)
    initial = {
        "action": item.action,
        "resource_url": item.resource_url,
        "target_date": item.target_date,
    }
    form = PlanItemForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_item_update(
                item=item,
                by=request.user,
                action=data["action"],
                resource_url=data["resource_url"],
                target_date=data["target_date"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Plan item saved."))
            return redirect(item)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/item_form.html", {"item": item, "form": form}, status=status)


# -- Adding items from a snapshot -----------------------------------------------------


def _snapshot(request: AuthenticatedHttpRequest, raw: str | None) -> Assessment:
    try:
        pk = int(raw or "")
    except ValueError:
        raise Http404 from None
    snapshot = get_assessment_for(request.user, pk)  # the author and their managers
    if not snapshot.is_submitted:
        raise Http404
    return snapshot


@require_http_methods(["GET", "POST"])
@login_required
def item_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add one criterion of a snapshot to the plan: the engineer for
    themself, a manager as a suggestion. Prefilled with the criterion's
    first learning link and a target date three months ahead."""
    # The form posts them as hidden fields; a link gives them in the query.
    params = {k: request.POST.get(k) or request.GET.get(k) for k in ("snapshot", "criterion")}
    snapshot = _snapshot(request, params["snapshot"])
    try:
        criterion_id = int(params["criterion"] or "")
    except ValueError:
        raise Http404 from None
    criterion = get_object_or_404(
        Criterion.objects.select_related("expectation__level"),
        pk=criterion_id,
        expectation__skill_id=snapshot.skill_id,
        expectation__role_id=snapshot.role_id,
    )
    is_own = snapshot.engineer_id == request.user.pk
    existing = PlanItem.objects.of(snapshot.engineer).open().filter(criterion=criterion).first()
    if existing is not None:
        messages.info(request, _("This criterion is already in the plan."))
        return redirect(existing)
    initial = {"resource_url": first_link(criterion), "target_date": default_target_date()}
    form = PlanItemForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_item_create(
                engineer=snapshot.engineer,
                criterion=criterion,
                action=data["action"],
                resource_url=data["resource_url"],
                target_date=data["target_date"],
                snapshot=snapshot,
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if is_own:
                messages.success(request, _("Added to your plan."))
            else:
                messages.success(
                    request,
                    _("Suggested to %(name)s.") % {"name": snapshot.engineer.display_name},
                )
            return redirect(f"{reverse('assessment_result', kwargs={'pk': snapshot.pk})}#plan")
    context = {"form": form, "snapshot": snapshot, "criterion": criterion, "is_own": is_own}
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/item_form.html", context, status=status)


@require_POST
@login_required
def add_missing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every required criterion the snapshot misses for its target level,
    added at once (those already open in the plan are left as they are)."""
    snapshot = _snapshot(request, request.POST.get("snapshot"))
    if snapshot.engineer_id != request.user.pk:
        raise Http404
    result = reverse("assessment_result", kwargs={"pk": snapshot.pk})
    form = AddMissingForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(f"{result}#plan")
    states = snapshot_states(list(snapshot.ratings.all()))
    missing = {
        s.criterion_id
        for s in readiness(states, target=snapshot.target_level).missing
        if s.required and s.criterion_id is not None
    }
    criteria = Criterion.objects.filter(
        pk__in=missing,
        expectation__skill_id=snapshot.skill_id,
        expectation__role_id=snapshot.role_id,
    ).order_by("expectation__level__number", "position")
    try:
        added = plan_items_add_missing(
            snapshot=snapshot,
            criteria=criteria,
            action=form.cleaned_data["action"],
            by=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"{result}#plan")
    messages.success(
        request,
        ngettext(
            "%(count)s item added to your plan.", "%(count)s items added to your plan.", len(added)
        )
        % {"count": len(added)},
    )
    return redirect(f"{result}#plan")
