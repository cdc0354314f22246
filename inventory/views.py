"""The inventory's pages: My skills, a team across skills (page and CSV) and
"Who knows X". Each runs a fixed number of queries, whatever the number of
skills, levels, people or snapshots (tests/inventory/test_query_counts.py)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from common.spreadsheet import Echo, spreadsheet_cell
from inventory.forms import WhoKnowsForm
from inventory.selectors import GridCell, my_skills, team_grid, who_knows
from inventory.services import skill_visibility_set
from levels.models import Level
from skills.views import get_skill
from teams.access import get_team_for_manager

WHO_KNOWS_PAGE = 50


@require_GET
@login_required
def my_skills_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "inventory/my_skills.html", {"mine": my_skills(request.user)})


@require_POST
@login_required
def visibility(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Opt in to (``visible=on``) or out of "Who knows X" for one skill."""
    skill = get_skill(slug)
    visible = request.POST.get("visible") == "on"
    skill_visibility_set(person=request.user, skill=skill, visible=visible)
    if visible:
        messages.success(
            request,
            _("Colleagues who search for %(skill)s now find you with your level.")
            % {"skill": skill.name},
        )
    else:
        messages.success(
            request,
            _("You no longer appear when colleagues search for %(skill)s.") % {"skill": skill.name},
        )
    return redirect("my_skills")


@require_GET
@login_required
def team_skills(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    team = get_team_for_manager(request.user, slug)
    # Two labels translated once, not once per cell of a 1,000 x 20 grid.
    context = {
        "team": team,
        "grid": team_grid(team),
        "none_yet": _("none yet"),
        "not_assessed": _("not assessed"),
    }
    return render(request, "inventory/team_skills.html", context)


def level_label(cell: GridCell) -> str:
    """What a CSV cell says: the career name of the level reached."""
    if not cell.assessed:
        return ""
    return cell.name or _("None yet")


@require_GET
@login_required
def team_skills_csv(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    """One row per member, one column per skill: the level reached (empty:
    not assessed). Streamed; every cell formula-safe."""
    team = get_team_for_manager(request.user, slug)
    grid = team_grid(team)
    writer = csv.writer(Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff"  # a byte-order mark so spreadsheet apps read UTF-8
        yield writer.writerow(
            [spreadsheet_cell(v) for v in (_("team"), _("username"), _("name"))]
            + [spreadsheet_cell(s.name) for s in grid.skills]
        )
        for row in grid.rows:
            yield writer.writerow(
                [spreadsheet_cell(v) for v in (team.slug, row.username, row.name)]
                + [spreadsheet_cell(level_label(c)) for c in row.cells]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{team.slug}-skills.csv"'
    return response


@require_GET
@login_required
def who_knows_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    levels = list(Level.objects.order_by("number"))
    searched = "skill" in request.GET or "min_level" in request.GET
    form = WhoKnowsForm(request.GET if searched else None, levels=levels)
    context: dict[str, object] = {"form": form, "levels": {lvl.number: lvl for lvl in levels}}
    if not searched:
        return render(request, "inventory/who_knows.html", context)
    if not form.is_valid():
        return render(request, "inventory/who_knows.html", context, status=400)
    skill, min_level = form.cleaned_data["skill"], form.cleaned_data["min_level"]
    page = Paginator(who_knows(skill, min_level), WHO_KNOWS_PAGE).get_page(request.GET.get("page"))
    context.update({"skill": skill, "min_level": min_level, "page": page})
    return render(request, "inventory/who_knows.html", context)
