"""The compare page's and API's one read: two cells of the matrix side by
side (``skills.compare``), and, when the person asks, which criteria their
latest submitted snapshot of the skill already meets. Only ever the
viewer's own snapshot: there is no parameter that names someone else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import Assessment, CriterionRating
from assessments.rules import is_met
from common.errors import Invalid
from levels.ladder import Rung, ladder
from roles.models import Role
from skills.compare import Evidence, Marks, MetRating, marks
from skills.models import Skill
from skills.selectors import ComparedCells, compare_cells

Mode = Literal["roles", "levels", "both"]


@dataclass(frozen=True)
class CompareResult:
    cells: ComparedCells
    role: Role
    other: Role
    level: Rung
    to: Rung
    mode: Mode
    asked_mine: bool
    snapshot: Assessment | None  # the viewer's latest, when asked and there is one
    marks: Marks | None


def latest_snapshot(*, engineer: User, skill: Skill) -> Assessment | None:
    """The engineer's latest submitted snapshot of the skill, in any role."""
    return (
        Assessment.objects.submitted()
        .filter(engineer=engineer, skill=skill)
        .select_related("role")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def snapshot_evidence(snapshot: Assessment) -> Evidence:
    """What the snapshot shows met, as frozen at submission (one query)."""
    rows = CriterionRating.objects.filter(assessment=snapshot).values_list(
        "frozen_key", "frozen_level", "frozen_text", "value"
    )
    return Evidence.from_ratings(
        MetRating(key=key, level=level or 0, text=text, met=is_met(value))
        for key, level, text, value in rows
    )


def comparison_for(
    *,
    skill: Skill,
    cleaned: dict[str, Any],
    roles: list[Role],
    viewer: User | AnonymousUser,
) -> CompareResult:
    """``cleaned`` is a valid ``CompareForm``'s data."""
    by_slug = {r.slug: r for r in roles}
    rungs = ladder()
    role, other = by_slug[cleaned["role"]], by_slug[cleaned["other"]]
    level, to = rungs.get(cleaned["level"]), rungs.get(cleaned["to"])
    if level is None or to is None:  # the ladder changed since the form read it
        raise Invalid(_("That level is no longer on the ladder; choose again."), field="level")
    cells = compare_cells(
        skill=skill, role=role.slug, level=level.number, other=other.slug, to=to.number
    )
    mode: Mode = "both"
    if role == other:
        mode = "levels"
    elif level == to:
        mode = "roles"
    asked = bool(cleaned.get("mine"))
    snapshot = None
    found: Marks | None = None
    if asked and isinstance(viewer, User):
        snapshot = latest_snapshot(engineer=viewer, skill=skill)
        if snapshot is not None:
            found = marks(cells.comparison, snapshot_evidence(snapshot))
    return CompareResult(
        cells=cells,
        role=role,
        other=other,
        level=level,
        to=to,
        mode=mode,
        asked_mine=asked,
        snapshot=snapshot,
        marks=found,
    )
