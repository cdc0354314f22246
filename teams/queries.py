"""Loading teams' data for the reports in a fixed number of queries, whatever
the size of the team, or of the whole organisation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery

from accounts.models import Membership, Team
from assessments.models import Assessment, CriterionRating, ManagerRating
from assessments.rules import CriterionState
from roles.models import Role
from skills.models import Skill
from teams.reports import CriterionId, MemberSnapshot


def latest_snapshots(
    team_ids: Sequence[int], skill: Skill, role: Role | None
) -> QuerySet[Assessment]:
    """The most recent submitted snapshot of ``skill`` of every member of these
    teams: in ``role`` when given, else in the member's profile role (in any
    role for a member whose profile names none)."""
    mine = Assessment.objects.submitted().filter(engineer=OuterRef("engineer"), skill=skill)
    if role is not None:
        mine = mine.filter(role=role)
    else:
        mine = mine.filter(Q(role=F("engineer__role")) | Q(engineer__role__isnull=True))
    latest = mine.order_by("-submitted_at", "-pk").values("pk")[:1]
    members = Membership.objects.members().filter(team_id__in=team_ids)
    snapshots = Assessment.objects.submitted().filter(
        skill=skill, engineer__in=members.values("user_id"), pk=Subquery(latest)
    )
    if role is not None:
        snapshots = snapshots.filter(role=role)
    return snapshots


def teams_snapshots(
    team_ids: Sequence[int], skill: Skill, role: Role | None = None
) -> dict[int, list[MemberSnapshot]]:
    """Every member of each team with their latest snapshot in the role filtered
    by, else in their profile role (or none). With a role, only members with a
    snapshot in it or, without one, that profile role.
    Five queries in all."""
    memberships = list(
        Membership.objects.members()
        .filter(team_id__in=team_ids)
        .select_related("user__role")
        .order_by("user__username")
    )
    snapshots = {
        a.engineer_id: a for a in latest_snapshots(team_ids, skill, role).select_related("role")
    }
    states: dict[int, list[CriterionState]] = defaultdict(list)
    for row in CriterionRating.objects.filter(
        assessment__in=latest_snapshots(team_ids, skill, role), frozen_level__isnull=False
    ).values_list(
        "assessment_id", "frozen_key", "frozen_level", "frozen_required", "value",
        "frozen_text", "frozen_position", "criterion_id",
    ):  # fmt: skip
        assessment_id, key, level, required, value, text, position, criterion_id = row
        states[assessment_id].append(
            CriterionState(
                key, level or 0, bool(required), value, text, position or 0, criterion_id
            )
        )
    # Each team sees its own review of a snapshot, never another team's.
    manager: dict[tuple[int, int], dict[CriterionId, int | None]] = defaultdict(dict)
    reviewed: set[tuple[int, int]] = set()
    for team_id, assessment_id, level, key, value in ManagerRating.objects.filter(
        review__assessment__in=latest_snapshots(team_ids, skill, role),
        review__team_id__in=team_ids,
    ).values_list(
        "review__team_id", "review__assessment_id", "rating__frozen_level", "rating__frozen_key",
        "value",
    ):  # fmt: skip
        reviewed.add((team_id, assessment_id))
        manager[(team_id, assessment_id)][(level or 0, key)] = value

    by_team: dict[int, list[MemberSnapshot]] = {team_id: [] for team_id in team_ids}
    for membership in memberships:
        user = membership.user
        name = user.get_full_name() or user.username
        snapshot = snapshots.get(user.pk)
        if snapshot is None:
            if role is not None and user.role_id != role.pk:
                continue
            member = MemberSnapshot(
                user_id=user.pk,
                username=user.username,
                name=name,
                role_slug=user.role.slug if user.role else "",
                role_name=user.role.name if user.role else "",
            )
        else:
            member = MemberSnapshot(
                user_id=user.pk,
                username=user.username,
                name=name,
                role_slug=snapshot.role.slug,
                role_name=snapshot.role.name,
                assessment_id=snapshot.pk,
                submitted_at=snapshot.submitted_at,
                level=snapshot.level_reached or 0,
                target=snapshot.target_level,
                states=tuple(sorted(states[snapshot.pk], key=lambda s: (s.level, s.position))),
                manager=manager.get((membership.team_id, snapshot.pk), {}),
                has_review=(membership.team_id, snapshot.pk) in reviewed,
            )
        by_team[membership.team_id].append(member)
    return by_team


def team_snapshots(team: Team, skill: Skill, role: Role | None = None) -> list[MemberSnapshot]:
    return teams_snapshots([team.pk], skill, role)[team.pk]


def level_events(
    team: Team, skill: Skill, role: Role | None = None
) -> list[tuple[int, dt.date, int]]:
    """(member, day, level reached) for every snapshot the members submitted."""
    members = Membership.objects.members().filter(team=team)
    snapshots = Assessment.objects.submitted().filter(
        skill=skill, engineer__in=members.values("user_id")
    )
    if role is not None:
        snapshots = snapshots.filter(role=role)
    snapshots = snapshots.order_by("submitted_at", "pk")  # same-day order decides the latest
    return [
        (engineer, submitted.date(), level or 0)
        for engineer, submitted, level in snapshots.values_list(
            "engineer_id", "submitted_at", "level_reached"
        )
        if submitted is not None
    ]


def org_gap_counts(
    team_ids: Sequence[int], skill: Skill, role: Role | None = None
) -> list[dict[str, Any]]:
    """How many people miss each criterion for their next level, over the
    latest snapshots of every member of these teams (each person once), in
    one aggregate query. The same rule as ``reports.common_gaps`` — a criterion
    up to the snapshot's target level that is not rated "meets" or better —
    done in the database because an organisation has too many rows to fetch;
    tests/teams/test_reports_in_sql.py checks that both agree."""
    not_met = Q(value__lt=2) | Q(value__isnull=True)
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in CriterionRating.objects.filter(
            not_met,
            assessment__in=latest_snapshots(team_ids, skill, role),
            frozen_level__isnull=False,
            frozen_level__lte=F("assessment__target_level"),
        )
        .values("assessment__role__name", "frozen_level", "frozen_key", "frozen_required")
        .annotate(count=Count("assessment_id", distinct=True), text=Max("frozen_text"))
        .order_by("-count", "frozen_level", "frozen_key")
    ]
    return rows


def org_people(team_ids: Sequence[int], skill: Skill, role: Role | None = None) -> int:
    return latest_snapshots(team_ids, skill, role).count()
