"""Reads across skills that the pages, the CSV and the API share. Each runs a
fixed number of queries, whatever the number of skills, levels, people or
snapshots (tests/inventory/test_query_counts.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from accounts.models import Membership, Team, User
from assessments.models import Assessment
from cycles.models import Cycle
from cycles.selectors import cycles_of_participant
from inventory.models import SkillVisibility
from inventory.rules import ReadinessState, readiness_state
from levels.models import Level
from plans.models import PlanItem
from skills.models import Skill


def latest_per_skill(*, in_profile_role: bool) -> Subquery:
    """The id of the engineer's latest snapshot of the skill, for a query on
    ``Assessment``. ``in_profile_role``: the per-skill heatmap's rule — the
    latest in the engineer's profile role, in any role when it names none."""
    mine = Assessment.objects.submitted().filter(
        engineer=OuterRef("engineer"), skill=OuterRef("skill")
    )
    if in_profile_role:
        mine = mine.filter(Q(role=F("engineer__role")) | Q(engineer__role__isnull=True))
    return Subquery(mine.order_by("-submitted_at", "-pk").values("pk")[:1])


# -- My skills -------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillRow:
    skill: Skill
    snapshot: Assessment
    level: Level | None  # None: no level reached yet
    readiness: ReadinessState
    target: Level | None
    cycle: Cycle | None  # the open cycle of this skill the person takes part in
    open_items: int  # open growth-plan items in this skill
    visible: bool  # opted in to "Who knows X" for this skill


@dataclass(frozen=True)
class MySkills:
    rows: list[SkillRow]
    not_assessed: list[Skill]
    # Opted in, not assessed yet: they appear once they submit one.
    visible_not_assessed: set[int]


def my_skills(person: User) -> MySkills:
    """Every skill ``person`` has a submitted snapshot of (the latest, in any
    role), by skill name, then the skills they have not assessed. Six queries."""
    skills = list(Skill.objects.order_by("name"))
    snapshots = {
        a.skill_id: a
        for a in Assessment.objects.submitted()
        .filter(engineer=person, pk=latest_per_skill(in_profile_role=False))
        .select_related("role")
    }
    levels = Level.objects.by_number()
    cycles: dict[int, Cycle] = {}
    for cycle in cycles_of_participant(person):  # soonest due first
        cycles.setdefault(cycle.skill_id, cycle)
    open_items = dict(
        PlanItem.objects.of(person)
        .open()
        .values("skill_id")
        .annotate(n=Count("pk"))
        .values_list("skill_id", "n")
    )
    visible = set(SkillVisibility.objects.of(person).values_list("skill_id", flat=True))
    rows = []
    for skill in skills:
        snapshot = snapshots.get(skill.pk)
        if snapshot is None:
            continue
        state = readiness_state(
            target_level=snapshot.target_level,
            required_met=snapshot.required_met,
            required_total=snapshot.required_total,
        )
        rows.append(
            SkillRow(
                skill=skill,
                snapshot=snapshot,
                level=levels.get(snapshot.level_reached or 0),
                readiness=state,
                target=levels.get(state.target_level) if state.target_level else None,
                cycle=cycles.get(skill.pk),
                open_items=open_items.get(skill.pk, 0),
                visible=skill.pk in visible,
            )
        )
    not_assessed = [s for s in skills if s.pk not in snapshots]
    return MySkills(
        rows=rows,
        not_assessed=not_assessed,
        visible_not_assessed={s.pk for s in not_assessed if s.pk in visible},
    )


# -- Team across skills -------------------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    level: int | None  # None: not assessed (in the member's profile role)
    name: str = ""  # the level's career name ("" for none reached yet)

    @property
    def assessed(self) -> bool:
        return self.level is not None


@dataclass(frozen=True)
class GridRow:
    user_id: int
    username: str
    name: str
    cells: tuple[GridCell, ...]  # one per skill of the grid, in its order


@dataclass(frozen=True)
class TeamGrid:
    skills: list[Skill]  # the skills at least one member has assessed, by name
    rows: list[GridRow]  # members by username


def team_grid(team: Team) -> TeamGrid:
    """Every member of ``team`` x every skill one of them has assessed: the
    level their latest snapshot reached, by the per-skill heatmap's rule (in
    the member's profile role, any role when it names none). Four queries
    for any number of members, skills and snapshots. The caller checks that
    the viewer may see the team (``teams.access.get_team_for_manager``).

    The latest per member and skill is picked here from the members'
    snapshots in date order rather than by a correlated subquery: measured on
    PostgreSQL with 1,000 members x 20 skills x 2 snapshots, 0.2 s against
    0.36 s for the query alone (docs/performance.md)."""
    memberships = list(
        Membership.objects.members()
        .filter(team=team)
        .select_related("user")
        .order_by("user__username")
    )
    names = {number: level.career_name for number, level in Level.objects.by_number().items()}
    latest: dict[tuple[int, int], GridCell] = {}
    for engineer, skill, level in (
        Assessment.objects.submitted()
        .filter(engineer__in=Membership.objects.members().filter(team=team).values("user_id"))
        .filter(Q(role=F("engineer__role")) | Q(engineer__role__isnull=True))
        .order_by("submitted_at", "pk")  # the last one seen is the latest
        .values_list("engineer_id", "skill_id", "level_reached")
    ):
        latest[(engineer, skill)] = GridCell(level or 0, names.get(level or 0, ""))
    skills = list(Skill.objects.filter(pk__in={s for _e, s in latest}).order_by("name"))
    empty = GridCell(None)
    rows = [
        GridRow(
            user_id=m.user_id,
            username=m.user.username,
            name=m.user.display_name,
            cells=tuple(latest.get((m.user_id, s.pk), empty) for s in skills),
        )
        for m in memberships
    ]
    return TeamGrid(skills=skills, rows=rows)


# -- Who knows X ---------------------------------------------------------------------------


def who_knows(skill: Skill, min_level: int) -> QuerySet[Assessment]:
    """The latest snapshots of ``skill`` (in any role) that reached at least
    ``min_level``, of active people who opted in for it: highest level
    first, then by name. One query (plus a count to paginate). Read live on
    every request, so opting out (or deactivation) hides someone at once."""
    opted_in = SkillVisibility.objects.filter(person=OuterRef("engineer"), skill=skill)
    return (
        Assessment.objects.submitted()
        .filter(
            Exists(opted_in),
            skill=skill,
            engineer__is_active=True,
            level_reached__gte=min_level,
            pk=latest_per_skill(in_profile_role=False),
        )
        .select_related("engineer")
        .order_by(
            "-level_reached", "engineer__first_name", "engineer__last_name", "engineer__username"
        )
    )
