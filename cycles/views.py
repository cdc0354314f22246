"""Cycle pages: the list, opening and editing one, its page (with the
summary once closed), closing it, and each team's completion with its CSV
and "remind" buttons. Each runs a fixed number of queries, whatever the
number of people (tests/cycles/test_query_counts.py)."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import Team, User
from common.errors import DomainError, NotAllowed
from common.spreadsheet import Echo, spreadsheet_cell
from cycles.access import get_cycle_for, get_cycle_team, get_cycle_to_manage
from cycles.forms import CycleForm, StatusFilterForm
from cycles.models import Cycle
from cycles.selectors import (
    STATUS_LABELS,
    can_manage,
    completion_for,
    completion_teams,
    counts,
    cycles_visible_to,
    days_phrase,
    managed_team_ids,
    own_standing,
    participant_ids,
    previous_closed,
)
from cycles.services import cycle_close, cycle_create, cycle_remind, cycle_update
from levels.ladder import ladder
from levels.models import Level
from teams.reports import large_enough


def _may_open(user: User) -> bool:
    return user.is_staff or Team.objects.managed_by(user).exists()


@require_GET
@login_required
def cycle_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    cycles = list(cycles_visible_to(request.user).order_by("-opens_on", "-pk"))
    context = {
        "current": [c for c in cycles if not c.is_closed],
        "closed": [c for c in cycles if c.is_closed],
        "may_open": _may_open(request.user),
    }
    return render(request, "cycles/cycle_list.html", context)


def _form_values(form: CycleForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "skill": data["skill"],
        "teams": list(data["teams"]),
        "everyone": bool(data.get("everyone")),
        "opens_on": data["opens_on"],
        "self_due": data["self_due"],
        "review_due": data["review_due"],
    }


def _save(request: AuthenticatedHttpRequest, form: CycleForm, cycle: Cycle | None) -> Cycle | None:
    """Validate and save; on a refusal, put its message on the field it
    names and answer None."""
    if not form.is_valid():
        return None
    try:
        if cycle is None:
            return cycle_create(by=request.user, **_form_values(form))
        return cycle_update(cycle=cycle, by=request.user, **_form_values(form))
    except DomainError as exc:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        return None


@require_http_methods(["GET", "POST"])
@login_required
def cycle_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _may_open(request.user):
        raise NotAllowed(_("Only administrators and team managers can open cycles."))
    form = CycleForm(request.POST or None, user=request.user)
    if request.method == "POST":
        cycle = _save(request, form, None)
        if cycle is not None:
            messages.success(request, _("Cycle %(name)s saved.") % {"name": cycle.name})
            return redirect(cycle)
        return render(request, "cycles/cycle_form.html", {"form": form}, status=400)
    return render(request, "cycles/cycle_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def cycle_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_to_manage(request.user, pk)
    if cycle.is_closed:
        messages.error(request, _("This cycle is closed and can no longer be changed."))
        return redirect(cycle)
    initial = {
        "name": cycle.name,
        "skill": cycle.skill.slug,
        "teams": [t.slug for t in cycle.teams.all()],
        "everyone": cycle.everyone,
        "opens_on": cycle.opens_on,
        "self_due": cycle.self_due,
        "review_due": cycle.review_due,
    }
    form = CycleForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        if _save(request, form, cycle) is not None:
            messages.success(request, _("Cycle %(name)s saved.") % {"name": cycle.name})
            return redirect(cycle)
        return render(request, "cycles/cycle_form.html", {"form": form, "cycle": cycle}, status=400)
    return render(request, "cycles/cycle_form.html", {"form": form, "cycle": cycle})


@require_http_methods(["GET", "POST"])
@login_required
def close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST closes."""
    cycle = get_cycle_to_manage(request.user, pk)
    if request.method == "POST":
        cycle_close(cycle=cycle, by=request.user)
        messages.success(request, _("Cycle closed; its summary is frozen below."))
        return redirect(cycle)
    if cycle.is_closed:
        return redirect(cycle)
    return render(request, "cycles/close_confirm.html", {"cycle": cycle})


def _summary_context(user: User, cycle: Cycle) -> dict[str, Any]:
    summary = cycle.summary or {}
    managed = {str(pk) for pk in managed_team_ids(user)}
    teams = summary.get("teams", {})
    # Names only for a team's own managers; numbers for admins.
    named = [t for key, t in teams.items() if key in managed]
    levels = Level.objects.by_number()
    manages_all = bool(teams) and set(teams) <= managed
    show_distribution = large_enough(summary.get("participants", 0)) or manages_all
    previous = previous_closed(cycle)
    if previous is not None and not (
        large_enough((previous.summary or {}).get("participants", 0)) or manages_all
    ):
        previous = None  # the same rule for its figures as for this cycle's
    rows = []
    # Every participant is counted in both columns: "none" holds those with
    # no snapshot before the cycle, and those who submitted none in it.
    # The ladder as it is now, and any level the stored figures name beyond it.
    stored = {
        int(key)
        for column in ("before", "after")
        for key in summary.get(column, {})
        if key.isdigit()
    }
    numbers = sorted(set(range(ladder().top + 1)) | stored)
    for key in [*(str(n) for n in numbers), "none"]:
        level = levels.get(int(key)) if key != "none" else None
        label = level.career_name if level else _("None yet")
        rows.append(
            {
                "label": _("No snapshot") if key == "none" else label,
                "before": summary.get("before", {}).get(key, 0),
                "after": summary.get("after", {}).get(key, 0),
                "previous": (previous.summary.get("after", {}).get(key, 0) if previous else None),
            }
        )
    return {
        "summary": summary,
        "named_teams": named,
        "distribution": rows if show_distribution else None,
        "previous": previous,
        "levels": levels,
    }


@require_GET
@login_required
def cycle_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    cycle = get_cycle_for(user, pk)
    participant = user.pk in participant_ids(cycle)
    standing = own_standing(user, [cycle]).get(cycle.pk) if participant else None
    context: dict[str, Any] = {
        "cycle": cycle,
        "teams": list(cycle.teams.all()),
        "completion_teams": completion_teams(user, cycle),
        "may_manage": can_manage(user, cycle),
        "standing": standing,
        "self_when": days_phrase(cycle.self_due),
        "review_when": days_phrase(cycle.review_due),
    }
    if cycle.is_closed and (context["completion_teams"] or user.is_staff):
        context.update(_summary_context(user, cycle))
    return render(request, "cycles/cycle_detail.html", context)


@require_GET
@login_required
def team_completion(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    cycle, team = get_cycle_team(request.user, pk, slug)
    rows = completion_for(request.user, cycle, team)
    form = StatusFilterForm(request.GET or None)
    chosen = form.cleaned_data["status"] if form.is_valid() else ""
    shown = [r for r in rows if r.status == chosen] if chosen else rows
    context = {
        "cycle": cycle,
        "team": team,
        "rows": shown,
        "counts": counts(rows),
        "total": len(rows),
        "chosen": chosen,
        "filter_invalid": bool(request.GET.get("status")) and not form.is_valid(),
        "may_remind": cycle.state == Cycle.State.OPEN,
        "labels": STATUS_LABELS,
        "levels": Level.objects.by_number(),
    }
    return render(request, "cycles/completion.html", context)


@require_GET
@login_required
def completion_csv(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    cycle, team = get_cycle_team(request.user, pk, slug)
    rows = completion_for(request.user, cycle, team)
    writer = csv.writer(Echo())
    lines = [
        writer.writerow([_("username"), _("name"), _("status"), _("submitted"), _("level reached")])
    ]
    for row in rows:
        snapshot = row.snapshot
        lines.append(
            writer.writerow(
                spreadsheet_cell(value)
                for value in [
                    row.user.username,
                    row.user.display_name,
                    row.status,
                    timezone.localtime(snapshot.submitted_at).date().isoformat()
                    if snapshot and snapshot.submitted_at
                    else "",
                    snapshot.level_reached if snapshot else "",
                ]
            )
        )
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="cycle-{cycle.pk}-{team.slug}-completion.csv"'
    )
    return response


@require_POST
@login_required
def remind(request: AuthenticatedHttpRequest, pk: int, slug: str, username: str) -> HttpResponse:
    cycle, team = get_cycle_team(request.user, pk, slug)
    person = get_object_or_404(
        User.objects.filter(
            memberships__team=team, memberships__role="member", memberships__status="active"
        ),
        username=username,
    )
    cycle_remind(cycle=cycle, person=person, by=request.user)
    messages.success(request, _("Reminder sent to %(name)s.") % {"name": person.display_name})
    url = reverse("cycle_completion", kwargs={"pk": cycle.pk, "slug": team.slug})
    return redirect(url)
