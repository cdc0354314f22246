"""Reads about cycles that pages, the API and the tick share: who takes part,
which snapshots belong to a cycle, and where each person stands. Each runs a
fixed number of queries, whatever the number of people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.db.models import Exists, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Membership, Team, User
from assessments.models import Assessment, ManagerReview
from cycles.models import Cycle, today

NOT_STARTED, DRAFT, SUBMITTED, REVIEWED, SHARED, OVERDUE = (
    "not_started",
    "draft",
    "submitted",
    "reviewed",
    "shared",
    "overdue",
)
STATUSES = [NOT_STARTED, DRAFT, OVERDUE, SUBMITTED, REVIEWED, SHARED]
STATUS_LABELS = {
    NOT_STARTED: _("Not started"),
    DRAFT: _("Draft"),
    SUBMITTED: _("Submitted"),
    REVIEWED: _("Reviewed"),
    SHARED: _("Review shared"),
    OVERDUE: _("Overdue"),
}


# -- Who takes part, who manages -------------------------------------------------------


def covered_memberships(cycle: Cycle) -> QuerySet[Membership]:
    """Active members of the teams the cycle covers (every team: everyone)."""
    # A deactivated account takes part in nothing: no reminders, no counts.
    members = Membership.objects.members().filter(user__is_active=True)
    if cycle.everyone:
        return members
    return members.filter(team__in=cycle.teams.all())


def participant_ids(cycle: Cycle) -> set[int]:
    return set(covered_memberships(cycle).values_list("user_id", flat=True))


def managed_team_ids(user: User) -> set[int]:
    return set(Team.objects.managed_by(user).values_list("pk", flat=True))


def cycle_team_ids(cycle: Cycle) -> set[int]:
    if cycle.everyone:
        return set(Team.objects.values_list("pk", flat=True))
    return {t.pk for t in cycle.teams.all()}


def completion_teams(user: User, cycle: Cycle) -> list[Team]:
    """The cycle's teams whose completion ``user`` may see: all of them for
    an admin, the ones they manage for a manager."""
    teams = Team.objects.all() if cycle.everyone else cycle.teams.all()
    if not user.is_staff:
        teams = teams.filter(pk__in=Team.objects.managed_by(user).values("pk"))
    return list(teams.order_by("name"))


def can_manage(user: User, cycle: Cycle) -> bool:
    """Admins manage every cycle; a manager one that covers only teams they
    manage (not an "everyone" cycle, which only admins open)."""
    if user.is_staff:
        return True
    if cycle.everyone:
        return False
    teams = cycle_team_ids(cycle)
    return bool(teams) and teams <= managed_team_ids(user)


def cycles_visible_to(user: User) -> QuerySet[Cycle]:
    """Every cycle for an admin; otherwise those that cover a team the
    person belongs to (as a member or a manager)."""
    cycles = Cycle.objects.select_related("skill")
    if user.is_staff:
        return cycles
    teams = Membership.objects.active().filter(user=user).values("team_id")
    in_a_team = Membership.objects.active().filter(user=user).exists()
    condition = Q(teams__in=teams)
    if in_a_team:
        condition |= Q(everyone=True)
    return cycles.filter(Q(pk__in=Cycle.objects.filter(condition).values("pk")))


# -- Snapshots of a cycle ------------------------------------------------------------


def cycle_snapshots(cycle: Cycle, user_ids: Iterable[int] | None = None) -> dict[int, Assessment]:
    """Each participant's latest snapshot of the cycle's skill submitted while
    the cycle was open (the ones that belong to it), by engineer id."""
    snapshots = Assessment.objects.submitted().filter(skill_id=cycle.skill_id, **cycle.window())
    if user_ids is None:
        snapshots = snapshots.filter(engineer__in=covered_memberships(cycle).values("user_id"))
    else:
        snapshots = snapshots.filter(engineer_id__in=list(user_ids))
    latest: dict[int, Assessment] = {}
    for snapshot in snapshots.order_by("submitted_at", "pk"):
        latest[snapshot.engineer_id] = snapshot
    return latest


def snapshots_before(cycle: Cycle, user_ids: Iterable[int]) -> dict[int, Assessment]:
    """Each person's latest snapshot of the skill from before the cycle opened."""
    latest: dict[int, Assessment] = {}
    for snapshot in (
        Assessment.objects.submitted()
        .filter(
            skill_id=cycle.skill_id,
            engineer_id__in=list(user_ids),
            submitted_at__lt=cycle.window_start,
        )
        .order_by("submitted_at", "pk")
    ):
        latest[snapshot.engineer_id] = snapshot
    return latest


# -- Where people stand ------------------------------------------------------------------


def days_phrase(due: dt.date, *, on: dt.date | None = None) -> str:
    """ "due in 5 days", "due today", "overdue by 2 days" (translated)."""
    left = (due - (on or today())).days
    if left == 0:
        return str(_("due today"))
    if left > 0:
        return ngettext("due in %(n)d day", "due in %(n)d days", left) % {"n": left}
    return ngettext("overdue by %(n)d day", "overdue by %(n)d days", -left) % {"n": -left}


@dataclass
class Standing:
    """One participant in one cycle (as seen by one team, for reviews)."""

    user: User
    status: str
    snapshot: Assessment | None = None
    draft: Assessment | None = None

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def may_be_reminded(self) -> bool:
        return self.status in {NOT_STARTED, DRAFT, OVERDUE}


def _status(
    cycle: Cycle,
    snapshot: Assessment | None,
    draft: Assessment | None,
    review: ManagerReview | None,
) -> str:
    if snapshot is not None:
        if review is not None and review.is_shared:
            return SHARED
        if review is not None:
            return REVIEWED
        return SUBMITTED
    if cycle.self_due < today():
        return OVERDUE
    return DRAFT if draft is not None else NOT_STARTED


def _drafts(skill_id: int, user_ids: Sequence[int]) -> dict[int, Assessment]:
    drafts: dict[int, Assessment] = {}
    for draft in Assessment.objects.drafts().filter(skill_id=skill_id, engineer_id__in=user_ids):
        drafts.setdefault(draft.engineer_id, draft)
    return drafts


def completion_for(user: User, cycle: Cycle, team: Team) -> list[Standing]:
    """completion() as ``user`` may see it: the team's managers see each
    snapshot; an admin who does not manage the team sees where people stand,
    never a snapshot or the level it reached (snapshots are for the person and
    their managers; admins see aggregates)."""
    rows = completion(cycle, team)
    if team.pk in managed_team_ids(user):
        return rows
    return [replace(row, snapshot=None, draft=None) for row in rows]


def completion(cycle: Cycle, team: Team) -> list[Standing]:
    """Every member of ``team`` who takes part, with their status as the
    team sees it (its own review of their snapshot). Four queries."""
    memberships = list(
        Membership.objects.members()
        .filter(team=team, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    users = [m.user for m in memberships]
    ids = [u.pk for u in users]
    snapshots = cycle_snapshots(cycle, ids)
    reviews = {
        r.assessment_id: r
        for r in ManagerReview.objects.filter(
            team=team, assessment_id__in=[s.pk for s in snapshots.values()]
        )
    }
    drafts = _drafts(cycle.skill_id, ids)
    rows = []
    for user in users:
        snapshot = snapshots.get(user.pk)
        review = reviews.get(snapshot.pk) if snapshot is not None else None
        rows.append(
            Standing(
                user=user,
                status=_status(cycle, snapshot, drafts.get(user.pk), review),
                snapshot=snapshot,
                draft=drafts.get(user.pk),
            )
        )
    return rows


def counts(rows: Iterable[Standing]) -> list[tuple[str, str, int]]:
    """(status, label, how many) for every status, in a fixed order."""
    tally = dict.fromkeys(STATUSES, 0)
    for row in rows:
        tally[row.status] += 1
    return [(status, str(STATUS_LABELS[status]), tally[status]) for status in STATUSES]


def own_standing(user: User, cycles: Sequence[Cycle]) -> dict[int, Standing]:
    """``user``'s status in each of these cycles (by cycle id), counting any
    team's shared review of the cycle's snapshot. Three queries in all."""
    if not cycles:
        return {}
    skills = {c.skill_id for c in cycles}
    earliest = min(c.window_start for c in cycles)
    snapshots = list(
        Assessment.objects.submitted()
        .filter(engineer=user, skill_id__in=skills, submitted_at__gte=earliest)
        .order_by("submitted_at", "pk")
    )
    shared = set(
        ManagerReview.objects.filter(
            assessment__in=[s.pk for s in snapshots], shared_at__isnull=False
        ).values_list("assessment_id", flat=True)
    )
    drafts: dict[int, Assessment] = {}
    for draft in Assessment.objects.drafts().filter(engineer=user, skill_id__in=skills):
        drafts.setdefault(draft.skill_id, draft)
    standing = {}
    for cycle in cycles:
        mine = [
            s
            for s in snapshots
            if s.skill_id == cycle.skill_id
            and s.submitted_at is not None
            and s.submitted_at >= cycle.window_start
            and (cycle.closed_at is None or s.submitted_at < cycle.closed_at)
        ]
        snapshot = mine[-1] if mine else None
        status = _status(cycle, snapshot, drafts.get(cycle.skill_id), None)
        if snapshot is not None and snapshot.pk in shared:
            status = SHARED
        standing[cycle.pk] = Standing(
            user=user, status=status, snapshot=snapshot, draft=drafts.get(cycle.skill_id)
        )
    return standing


def cycles_of_participant(user: User) -> list[Cycle]:
    """Open cycles ``user`` takes part in (as a member), soonest due first.
    One query."""
    teams = Membership.objects.members().filter(user=user)
    covering = Cycle.objects.filter(teams__in=teams.values("team_id")).values("pk")
    return list(
        Cycle.objects.open_or_scheduled()
        .filter(opens_on__lte=today())
        .filter(Q(pk__in=covering) | (Q(everyone=True) & Exists(teams)))
        .select_related("skill")
        .order_by("self_due", "pk")
    )


def previous_closed(cycle: Cycle) -> Cycle | None:
    """The last cycle of the same skill and the same people (the same teams,
    or everyone) that closed before this one opened (or, for a closed one,
    before it closed): another team's cycle is never compared with, since
    its figures are not for this cycle's viewers."""
    before = cycle.closed_at or cycle.window_start
    teams = cycle_team_ids(cycle) if not cycle.everyone else set()
    candidates = (
        Cycle.objects.closed()
        .filter(skill_id=cycle.skill_id, closed_at__lte=before, everyone=cycle.everyone)
        .exclude(pk=cycle.pk)
        .prefetch_related("teams")
        .order_by("-closed_at", "-pk")[:20]
    )
    for candidate in candidates:
        if cycle.everyone or {t.pk for t in candidate.teams.all()} == teams:
            return candidate
    return None
