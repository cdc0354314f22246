"""The promotion rules, as pure functions over plain data. Pages and the API
call these; nothing here touches the database.

- A criterion is *met* when rated "meets" or "exceeds".
- A cell (one role's expectation at one level) is met when all its criteria are.
- The level reached is the highest level L whose cell is met and whose required
  cells at L and below are all met; 0 when there is none.
- A role's *ladder* in a skill is the levels it has criteria at; it may start
  above level 1 or end below level 5.
- The target is the next level the engineer is working towards: the step after
  their career level when their profile gives one, otherwise the level after
  the one they reached; never below the first level of the role's ladder, and
  none past its last level (there is no next step in this skill).
- Readiness for the target counts the criteria of every cell up to it, split
  into required and optional by each cell's flag, and lists what is not met
  yet (required first, lowest level first). An engineer is ready for promotion
  when every required criterion up to the target is met; when nothing up to it
  is required of their role, promotion does not depend on this skill.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum


class Rating(IntEnum):
    NOT_YET = 0
    LEARNING = 1
    MEETS = 2
    EXCEEDS = 3


@dataclass(frozen=True)
class CriterionState:
    """One criterion of the role's matrix and how it was rated (None = not yet rated)."""

    key: str
    level: int
    required: bool
    rating: int | None
    text: str = ""
    position: int = 0
    criterion_id: int | None = None

    @property
    def met(self) -> bool:
        return is_met(self.rating)


@dataclass(frozen=True)
class Readiness:
    target_level: int | None  # None: already at the top of the ladder
    required_met: int
    required_total: int
    optional_met: int
    optional_total: int
    missing: tuple[CriterionState, ...]  # required first, then by position

    @property
    def nothing_required(self) -> bool:
        """The role requires nothing of this skill up to the target level."""
        return self.target_level is not None and self.required_total == 0

    @property
    def ready(self) -> bool:
        """Every required criterion up to the target level is met (and there is one)."""
        return (
            self.target_level is not None
            and self.required_total > 0
            and self.required_met == self.required_total
        )


def is_met(rating: int | None) -> bool:
    return rating is not None and rating >= Rating.MEETS


def _by_level(criteria: Iterable[CriterionState]) -> dict[int, list[CriterionState]]:
    cells: dict[int, list[CriterionState]] = defaultdict(list)
    for criterion in criteria:
        cells[criterion.level].append(criterion)
    return cells


def level_reached(criteria: Sequence[CriterionState]) -> int:
    cells = _by_level(criteria)
    reached = 0
    required_ok_so_far = True
    for level in sorted(cells):
        cell = cells[level]
        cell_met = all(c.met for c in cell)
        if any(c.required for c in cell) and not cell_met:
            required_ok_so_far = False
        if cell_met and required_ok_so_far:
            reached = level
    return reached


def ladder(criteria: Iterable[CriterionState]) -> tuple[int, ...]:
    """The levels the role has criteria at in this skill, lowest first."""
    return tuple(sorted({c.level for c in criteria}))


def promotion_target(
    *, reached: int, career_level: int | None, levels: Sequence[int]
) -> int | None:
    """The next level to work towards on the role's ladder ``levels``, or None
    when the ladder has no level above."""
    if not levels:
        return None
    base = reached if career_level is None else career_level
    if base >= max(levels):
        return None
    return max(base + 1, min(levels))


def readiness(criteria: Sequence[CriterionState], *, target: int | None) -> Readiness:
    if target is None:
        return Readiness(None, 0, 0, 0, 0, ())
    relevant = [c for c in criteria if c.level <= target]
    required = [c for c in relevant if c.required]
    optional = [c for c in relevant if not c.required]
    missing = sorted(
        (c for c in relevant if not c.met),
        key=lambda c: (not c.required, c.level, c.position, c.key),
    )
    return Readiness(
        target_level=target,
        required_met=sum(c.met for c in required),
        required_total=len(required),
        optional_met=sum(c.met for c in optional),
        optional_total=len(optional),
        missing=tuple(missing),
    )


def next_step(criteria: Sequence[CriterionState], *, after: Readiness) -> Readiness | None:
    """Once ready for the target, readiness for the level after it on the
    role's ladder; None when not ready yet or when there is no level after."""
    if not after.ready or after.target_level is None:
        return None
    target = promotion_target(
        reached=after.target_level, career_level=None, levels=ladder(criteria)
    )
    return readiness(criteria, target=target) if target is not None else None


@dataclass(frozen=True)
class Summary:
    """What a draft would come to if submitted now."""

    rated: int
    total: int
    level_reached: int
    readiness: Readiness


def live_summary(criteria: Sequence[CriterionState], *, career_level: int | None) -> Summary:
    reached = level_reached(criteria)
    target = promotion_target(reached=reached, career_level=career_level, levels=ladder(criteria))
    return Summary(
        rated=sum(1 for c in criteria if c.rating is not None),
        total=len(criteria),
        level_reached=reached,
        readiness=readiness(criteria, target=target),
    )


def met_count(criteria: Iterable[CriterionState]) -> int:
    return sum(c.met for c in criteria)
