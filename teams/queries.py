"""Loading a team's data for the reports in a fixed number of queries,
whatever the size of the team."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import OuterRef, QuerySet, Subquery

from accounts.models import Membership, Team
from assessments.models import Assessment, CriterionRating, ManagerRating
from assessments.rules import CriterionState
from roles.models import Role
from skills.models import Skill
from teams.reports import CriterionId, MemberSnapshot


def member_memberships(team: Team) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(team=team, role=Membership.Role.MEMBER)
        .select_related("user__role")
        .order_by("user__username")
    )


def latest_snapshots(team: Team, skill: Skill, role: Role | None = None) -> QuerySet[Assessment]:
    """Each member's most recent submitted snapshot of ``skill`` (in ``role``)."""
    mine = Assessment.objects.submitted().filter(engineer=OuterRef("engineer"), skill=skill)
    if role is not None:
        mine = mine.filter(role=role)
    latest = mine.order_by("-submitted_at", "-pk").values("pk")[:1]
    snapshots = Assessment.objects.submitted().filter(
        skill=skill,
        engineer__memberships__team=team,
        engineer__memberships__role=Membership.Role.MEMBER,
        pk=Subquery(latest),
    )
    if role is not None:
        snapshots = snapshots.filter(role=role)
    return snapshots


def team_snapshots(team: Team, skill: Skill, role: Role | None = None) -> list[MemberSnapshot]:
    """Every member of the team with their latest snapshot (or none). With a
    role, only members whose snapshot (or, without one, profile) has that role."""
    memberships = list(member_memberships(team))
    snapshots = {
        a.engineer_id: a for a in latest_snapshots(team, skill, role).select_related("role")
    }
    states: dict[int, list[CriterionState]] = defaultdict(list)
    for row in CriterionRating.objects.filter(
        assessment__in=latest_snapshots(team, skill, role), frozen_level__isnull=False
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
    manager: dict[int, dict[CriterionId, int | None]] = defaultdict(dict)
    reviewed: set[int] = set()
    for assessment_id, level, key, value in ManagerRating.objects.filter(
        review__assessment__in=latest_snapshots(team, skill, role)
    ).values_list("review__assessment_id", "rating__frozen_level", "rating__frozen_key", "value"):
        reviewed.add(assessment_id)
        manager[assessment_id][(level or 0, key)] = value

    members = []
    for membership in memberships:
        user = membership.user
        name = user.get_full_name() or user.username
        snapshot = snapshots.get(user.pk)
        if snapshot is None:
            if role is not None and user.role_id != role.pk:
                continue
            members.append(
                MemberSnapshot(
                    user_id=user.pk,
                    username=user.username,
                    name=name,
                    role_slug=user.role.slug if user.role else "",
                    role_name=user.role.name if user.role else "",
                )
            )
            continue
        members.append(
            MemberSnapshot(
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
                manager=manager.get(snapshot.pk, {}),
                has_review=snapshot.pk in reviewed,
            )
        )
    return members


def level_events(
    team: Team, skill: Skill, role: Role | None = None
) -> list[tuple[int, dt.date, int]]:
    """(member, day, level reached) for every snapshot the members submitted."""
    snapshots = Assessment.objects.submitted().filter(
        skill=skill,
        engineer__memberships__team=team,
        engineer__memberships__role=Membership.Role.MEMBER,
    )
    if role is not None:
        snapshots = snapshots.filter(role=role)
    return [
        (engineer, submitted.date(), level or 0)
        for engineer, submitted, level in snapshots.values_list(
            "engineer_id", "submitted_at", "level_reached"
        )
        if submitted is not None
    ]
