"""Team reports as pure functions over plain data: the heatmap, the most
common gaps, who is ready for promotion, the calibration queue and the trend
of the median level. The pages, the CSV export and (later) the API share them.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from assessments.rules import CriterionState, Readiness, readiness

MET, PARTLY, NOT_YET, NOT_ASSESSED = "met", "partly", "not_yet", "not_assessed"
CALIBRATION_GAP = 2  # steps between self and manager rating that need a conversation

CriterionId = tuple[int, str]  # (level, key): stable within one role's matrix

# Privacy: a figure about fewer people than this (a team's median level, how
# many share a gap, the people counted org-wide) could single someone out, so
# it is not shown to anyone but the team's own managers. The one rule, used by
# every aggregate page and endpoint.
PRIVACY_MIN_PEOPLE = 5


def large_enough(people: int) -> bool:
    """Whether a figure about this many people may be shown in aggregates."""
    return people >= PRIVACY_MIN_PEOPLE


@dataclass(frozen=True)
class MemberSnapshot:
    """One team member and their latest submitted snapshot (if any)."""

    user_id: int
    username: str
    name: str
    role_slug: str
    role_name: str
    assessment_id: int | None = None
    submitted_at: dt.datetime | None = None
    level: int = 0
    target: int | None = None  # the level the snapshot's readiness is for
    states: tuple[CriterionState, ...] = ()
    manager: dict[CriterionId, int | None] = field(default_factory=dict)
    has_review: bool = False

    @property
    def assessed(self) -> bool:
        return self.assessment_id is not None

    def readiness(self) -> Readiness | None:
        return readiness(self.states, target=self.target) if self.assessed else None

    def manager_states(self) -> tuple[CriterionState, ...]:
        """The snapshot as the manager rated it: their rating where given,
        the engineer's own elsewhere. Never an average."""
        return tuple(replace(s, rating=self._manager_or_own(s)) for s in self.states)

    def _manager_or_own(self, state: CriterionState) -> int | None:
        manager = self.manager.get((state.level, state.key))
        return state.rating if manager is None else manager


@dataclass(frozen=True)
class Cell:
    level: int
    status: str
    met: int
    total: int


@dataclass(frozen=True)
class HeatmapRow:
    member: MemberSnapshot
    cells: tuple[Cell, ...]
    readiness: Readiness | None

    @property
    def readiness_share(self) -> float:
        r = self.readiness
        if r is None or r.target_level is None:
            return -1.0 if r is None else 2.0  # not assessed last, top of the ladder first
        if r.nothing_required:
            return 1.0
        return r.required_met / r.required_total


def cell_status(states: Sequence[CriterionState]) -> str:
    if not states:
        return NOT_ASSESSED
    met = sum(s.met for s in states)
    if met == len(states):
        return MET
    return PARTLY if met else NOT_YET


def criterion_status(
    ratings: dict[CriterionId, int | None], criterion: CriterionId, *, assessed: bool
) -> str:
    """One criterion of one member, for the expanded heatmap."""
    if not assessed or criterion not in ratings:
        return NOT_ASSESSED
    rating = ratings[criterion]
    if rating is not None and rating >= 2:
        return MET
    return PARTLY if rating == 1 else NOT_YET


def heatmap(
    members: Iterable[MemberSnapshot], levels: Sequence[int], *, sort: str = "name"
) -> list[HeatmapRow]:
    rows = []
    for member in members:
        by_level: dict[int, list[CriterionState]] = defaultdict(list)
        for state in member.states:
            by_level[state.level].append(state)
        cells = tuple(
            Cell(
                level,
                cell_status(by_level[level]) if member.assessed else NOT_ASSESSED,
                sum(s.met for s in by_level[level]),
                len(by_level[level]),
            )
            for level in levels
        )
        rows.append(HeatmapRow(member, cells, member.readiness()))
    if sort == "readiness":
        rows.sort(key=lambda row: (-row.readiness_share, row.member.name.lower()))
    else:
        rows.sort(key=lambda row: row.member.name.lower())
    return rows


@dataclass
class Gap:
    level: int
    key: str
    text: str
    required: bool
    role_name: str
    who: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.who)


def common_gaps(members: Iterable[MemberSnapshot]) -> list[Gap]:
    """Criteria most often missing for members' next level, most common first."""
    gaps: dict[tuple[str, int, str], Gap] = {}
    for member in members:
        r = member.readiness()
        if r is None:
            continue
        for state in r.missing:
            gap = gaps.setdefault(
                (member.role_slug, state.level, state.key),
                Gap(state.level, state.key, state.text, state.required, member.role_name),
            )
            gap.who.append(member.name)
    return sorted(gaps.values(), key=lambda g: (-g.count, not g.required, g.level, g.key))


@dataclass(frozen=True)
class PromotionCandidate:
    member: MemberSnapshot
    target_level: int
    self_ready: bool
    manager_ready: bool | None  # None: no manager review yet


def ready_for_promotion(members: Iterable[MemberSnapshot]) -> list[PromotionCandidate]:
    """Members whose required criteria up to their next level are all met, by
    their own ratings or by their manager's (shown separately)."""
    result = []
    for member in members:
        own = member.readiness()
        if own is None or own.target_level is None:
            continue
        by_manager = (
            readiness(member.manager_states(), target=member.target).ready
            if member.has_review
            else None
        )
        if own.ready or by_manager:
            result.append(PromotionCandidate(member, own.target_level, own.ready, by_manager))
    return sorted(result, key=lambda c: c.member.name.lower())


@dataclass(frozen=True)
class Disagreement:
    member: MemberSnapshot
    state: CriterionState
    manager_rating: int

    @property
    def steps(self) -> int:
        return abs(
            (self.state.rating if self.state.rating is not None else 0) - self.manager_rating
        )


def calibration_queue(members: Iterable[MemberSnapshot]) -> list[Disagreement]:
    """Criteria where self and manager ratings are two steps or more apart.
    An unrated criterion counts as "not yet"."""
    queue = []
    for member in members:
        for state in member.states:
            manager = member.manager.get((state.level, state.key))
            if manager is None:
                continue
            own = state.rating if state.rating is not None else 0
            if abs(own - manager) >= CALIBRATION_GAP:
                queue.append(Disagreement(member, state, manager))
    return sorted(
        queue, key=lambda d: (-d.steps, d.member.name.lower(), d.state.level, d.state.position)
    )


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def median_level_trend(
    events: Iterable[tuple[int, dt.date, int]], *, months: int = 12, today: dt.date
) -> list[tuple[dt.date, float]]:
    """For each of the last ``months`` month ends: the median of every member's
    latest level as of that day (members with no snapshot yet are left out)."""
    ordered = sorted(events, key=lambda e: e[1])
    if not ordered:
        return []
    ends: list[dt.date] = []
    cursor = month_end(today)
    for _ in range(months):
        ends.append(cursor)
        cursor = month_end(cursor.replace(day=1) - dt.timedelta(days=1))
    ends.reverse()
    latest: dict[int, int] = {}
    trend = []
    i = 0
    for end in ends:
        while i < len(ordered) and ordered[i][1] <= end:
            user, _day, level = ordered[i]
            latest[user] = level
            i += 1
        if latest:
            trend.append((end, float(statistics.median(latest.values()))))
    return trend
