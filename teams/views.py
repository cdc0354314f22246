"""Team pages, for the team's managers only. Each runs a fixed number of
queries for teams of 1, 10 or 1,000 members (tests/teams/test_query_counts.py)."""

from __future__ import annotations

import csv
import statistics
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthenticatedHttpRequest
from accounts.models import Membership, Team
from assessments.models import Assessment, CalibrationOutcome, CriterionRating, RatingValue
from assessments.services import calibration_mark
from common.spreadsheet import Echo, spreadsheet_cell
from levels.ladder import Rung, ladder
from levels.models import Level
from roles.models import Role
from skills.models import Expectation, Skill
from teams.access import get_team_for_manager
from teams.forms import AddMemberForm, CalibrationForm, RemoveMemberForm
from teams.queries import level_events, org_gap_counts, org_people, team_snapshots
from teams.reports import (
    MET,
    NOT_ASSESSED,
    NOT_YET,
    PARTLY,
    PRIVACY_MIN_PEOPLE,
    calibration_queue,
    common_gaps,
    criterion_status,
    heatmap,
    large_enough,
    median_level_trend,
    ready_for_promotion,
)
from teams.services import TeamError, team_add_member, team_remove_member


def _choices(request: HttpRequest) -> tuple[list[Skill], Skill | None, list[Role], Role | None]:
    skills = list(Skill.objects.order_by("name"))
    roles = list(Role.objects.order_by("name"))
    skill = next((s for s in skills if s.slug == request.GET.get("skill")), None)
    if skill is None and skills:
        skill = next((s for s in skills if s.slug == "pytorch"), skills[0])
    role = next((r for r in roles if r.slug == request.GET.get("role")), None)
    return skills, skill, roles, role


@require_GET
@login_required
def team_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    managed = list(Team.objects.managed_by(user).order_by("name"))
    overview = []
    if user.is_staff:
        skills, skill, _roles, _role = _choices(request)
        teams = list(Team.objects.order_by("name"))
        sizes = Membership.objects.team_sizes()
        levels: dict[int, list[int]] = {}
        if skill is not None:
            latest = {}
            for team_id, engineer, level in (
                Assessment.objects.submitted()
                .filter(
                    skill=skill,
                    engineer__memberships__role=Membership.Role.MEMBER,
                    engineer__memberships__status=Membership.Status.ACTIVE,
                )
                .order_by("submitted_at", "pk")
                .values_list("engineer__memberships__team_id", "engineer_id", "level_reached")
            ):
                latest[(team_id, engineer)] = level or 0
            for (team_id, _engineer), level in latest.items():
                levels.setdefault(team_id, []).append(level)
        names = ladder().career_names()
        for team in teams:
            assessed = levels.get(team.pk, [])
            visible = large_enough(len(assessed))
            median = statistics.median(assessed) if visible else None
            overview.append(
                {
                    "team": team,
                    "size": sizes.get(team.pk, 0),
                    "visible": visible,
                    "assessed": len(assessed) if visible else None,
                    "median": median,
                    "median_name": names.get(int(median)) if median is not None else None,
                }
            )
    else:
        skills, skill = [], None
    if not managed and not user.is_staff:
        raise Http404
    return render(
        request,
        "teams/team_list.html",
        {
            "managed": managed,
            "overview": overview,
            "skills": skills,
            "skill": skill,
            "min_group": PRIVACY_MIN_PEOPLE,
        },
    )


@require_GET
@login_required
def team_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    team = get_team_for_manager(request.user, slug)
    skills, skill, roles, role = _choices(request)
    members = team_snapshots(team, skill, role) if skill else []
    levels = _levels_in_play(skill, role, members)
    sort = "readiness" if request.GET.get("sort") == "readiness" else "name"
    rows = heatmap(members, [lvl.number for lvl in levels], sort=sort)
    expand = bool(role) and request.GET.get("expand") == "1"
    columns: list[tuple[int, int, str, str]] = []
    expanded: dict[int, list[str]] = {}
    if expand:
        seen: dict[tuple[int, str], tuple[int, int, str, str]] = {}
        for member in members:
            for state in member.states:
                seen.setdefault(
                    (state.level, state.key), (state.level, state.position, state.key, state.text)
                )
        columns = sorted(seen.values())  # matrix order: level, then position
        for member in members:
            ratings = {(s.level, s.key): s.rating for s in member.states}
            expanded[member.user_id] = [
                criterion_status(ratings, (level, key), assessed=member.assessed)
                for level, _position, key, _text in columns
            ]
    trend = median_level_trend(
        level_events(team, skill, role) if skill else [], today=timezone.localdate()
    )
    context = {
        "team": team,
        "skills": skills,
        "skill": skill,
        "roles": roles,
        "role": role,
        "levels": levels,
        "levels_by_number": {lvl.number: lvl for lvl in levels},
        "rows": rows,
        "sort": sort,
        "expand": expand,
        "columns": columns,
        "expanded": expanded,
        "gaps": common_gaps(members)[:10],
        "ready": ready_for_promotion(members),
        "trend": trend,
        "trend_points": _trend_points(trend, top=levels[-1].number if levels else 0),
        "trend_top": levels[-1] if levels else None,
        "status_labels": {
            MET: _("met"),
            PARTLY: _("partly"),
            NOT_YET: _("not yet"),
            NOT_ASSESSED: _("not assessed"),
        },
        "calibration_count": len(calibration_queue(members)),
    }
    return render(request, "teams/team_detail.html", context)


def _levels_in_play(skill: Skill | None, role: Role | None, members: list[Any]) -> list[Rung]:
    """The ladder's levels the heatmap shows: those the skill has cells at
    (for the chosen role, or any role), and any level a member's snapshot
    holds ratings at; the whole ladder when there is nothing to go by."""
    levels = list(ladder())
    if skill is None:
        return levels
    cells = Expectation.objects.filter(skill=skill)
    if role is not None:
        cells = cells.filter(role=role)
    used = set(cells.values_list("level__number", flat=True))
    used |= {state.level for member in members for state in member.states}
    return [level for level in levels if level.number in used] or levels


def _trend_points(trend: list[tuple[Any, float]], *, top: int) -> list[tuple[float, float]]:
    """SVG coordinates for the median-level trend (0 to the ladder's ``top``
    on a 300x80 box)."""
    step = 300 / max(len(trend) - 1, 1)
    top = max(top, 1)
    return [
        (round(i * step if len(trend) > 1 else 150, 1), round(80 - median / top * 72 - 4, 1))
        for i, (_end, median) in enumerate(trend)
    ]


@require_http_methods(["GET", "POST"])
@login_required
def calibration(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The queue; each item has a small form (POST) to mark it discussed or
    resolved with a note, which the engineer sees on their result page."""
    team = get_team_for_manager(request.user, slug)
    skills, skill, roles, role = _choices(request)
    status = 200
    posted = CalibrationForm(request.POST) if request.method == "POST" else None
    if posted is not None:
        if posted.is_valid():
            rating = (
                CriterionRating.objects.select_related("assessment__engineer")
                .filter(pk=posted.cleaned_data["rating"])
                .first()
            )
            if rating is None:
                raise Http404
            calibration_mark(
                rating=rating,
                team=team,
                by=request.user,
                status=posted.cleaned_data["status"],
                note=posted.cleaned_data["note"],
            )
            messages.success(request, _("Calibration outcome saved."))
            return redirect(request.get_full_path())
        messages.error(request, _("The outcome could not be saved; see the messages below."))
        status = 400
    members = team_snapshots(team, skill, role) if skill else []
    queue = calibration_queue(members)
    # The rating rows behind the queue and the team's outcomes, two queries.
    rating_ids: dict[tuple[int | None, int | None, str], int] = {
        (assessment_id, level, key): pk
        for pk, assessment_id, level, key in CriterionRating.objects.filter(
            assessment_id__in={d.member.assessment_id for d in queue}, frozen_level__isnull=False
        ).values_list("pk", "assessment_id", "frozen_level", "frozen_key")
    }
    outcomes = {
        o.rating_id: o
        for o in CalibrationOutcome.objects.filter(team=team, rating_id__in=rating_ids.values())
    }
    items = []
    for d in queue:
        pk = rating_ids.get((d.member.assessment_id, d.state.level, d.state.key))
        outcome = outcomes.get(pk) if pk else None
        failed = posted is not None and posted.data.get("rating") == str(pk)
        items.append(
            {
                "d": d,
                "rating_id": pk,
                "outcome": outcome,
                "errors": [e for errs in posted.errors.values() for e in errs]
                if failed and posted is not None
                else [],
                "note": posted.data.get("note", "") if failed and posted is not None else "",
            }
        )
    context = {
        "team": team,
        "skills": skills,
        "skill": skill,
        "roles": roles,
        "role": role,
        "queue": queue,
        "items": items,
        "scale": dict(RatingValue.choices),
    }
    return render(request, "teams/calibration.html", context, status=status)


@require_GET
@login_required
def export_csv(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    team = get_team_for_manager(request.user, slug)
    _skills, skill, _roles, role = _choices(request)
    if skill is None:
        raise Http404
    members = team_snapshots(team, skill, role)
    scale = dict(RatingValue.choices)
    writer = csv.writer(Echo())
    header = [
        _("team"), _("username"), _("name"), _("role"), _("submitted"), _("level reached"),
        _("level"), _("criterion"), _("criterion text"), _("required"),
        _("self rating"), _("manager rating"),
    ]  # fmt: skip

    def rows() -> Any:
        yield "\ufeff"  # a byte-order mark so spreadsheet apps read UTF-8
        yield writer.writerow(header)
        for m in members:
            if not m.assessed:
                yield writer.writerow(
                    [spreadsheet_cell(v) for v in (team.slug, m.username, m.name, m.role_name)]
                    + ["", "", "", "", "", "", "", ""]
                )
                continue
            for s in m.states:
                manager = m.manager.get((s.level, s.key))
                yield writer.writerow(
                    [
                        spreadsheet_cell(v)
                        for v in (
                            team.slug,
                            m.username,
                            m.name,
                            m.role_name,
                            m.submitted_at.date().isoformat() if m.submitted_at else "",
                            m.level,
                            s.level,
                            s.key,
                            s.text,
                            _("yes") if s.required else _("no"),
                            scale.get(s.rating, "") if s.rating is not None else "",
                            scale.get(manager, "") if manager is not None else "",
                        )
                    ]
                )

    name = slugify(f"{team.slug}-{skill.slug}-{role.slug if role else 'all'}")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def members(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    team = get_team_for_manager(request.user, slug)
    form = AddMemberForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if "remove" in request.POST:
            remove = RemoveMemberForm(request.POST)
            try:
                if not remove.is_valid():
                    raise TeamError(str(remove.errors["remove"][0]))
                username = remove.cleaned_data["remove"]
                team_remove_member(team=team, username=username, by=request.user)
                messages.success(request, _("Removed from the team."))
                return redirect("team_members", slug=team.slug)
            except TeamError as exc:
                messages.error(request, exc.message)
                status = exc.status
        elif form.is_valid():
            try:
                added = team_add_member(team=team, who=form.cleaned_data["who"], by=request.user)
                messages.success(
                    request,
                    _("%(name)s is invited; they appear in the team once they accept.")
                    % {"name": added.get_username()},
                )
                return redirect("team_members", slug=team.slug)
            except TeamError as exc:
                form.add_error("who", str(exc))
                status = 400
        else:
            status = 400
    people = (
        Membership.objects.filter(team=team)
        .select_related("user")
        .order_by("role", "status", "user__username")
    )
    return render(
        request, "teams/members.html", {"team": team, "form": form, "people": people}, status=status
    )


@require_GET
@login_required
def org_gaps(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The most common gaps across every team, for admins. Only teams of five
    or more members count, no names are shown, and a gap shared by fewer than
    five people is left out, so nobody can be singled out."""
    user = request.user
    if not user.is_staff:
        raise Http404
    skills, skill, roles, role = _choices(request)
    eligible = [
        team_id for team_id, n in Membership.objects.team_sizes().items() if large_enough(n)
    ]
    rows: list[dict[str, Any]] = []
    people = 0
    if skill is not None and eligible:
        people = org_people(eligible, skill, role)
        if not large_enough(people):
            people = 0  # too few to say anything about
        rows = [
            {
                "text": row["text"],
                "required": row["frozen_required"],
                "level": row["frozen_level"],
                "role_name": row["assessment__role__name"],
                "count": row["count"],
            }
            for row in org_gap_counts(eligible, skill, role)
            if large_enough(row["count"])
        ]
    context = {
        "skills": skills,
        "skill": skill,
        "roles": roles,
        "role": role,
        "rows": rows[:50],
        "teams_counted": len(eligible),
        "people": people,
        "min_group": PRIVACY_MIN_PEOPLE,
        "levels_by_number": Level.objects.by_number(),
    }
    return render(request, "teams/org_gaps.html", context)
