"""The promotion rules, as pure functions over plain data. Pages and the API
call these; nothing here touches the database.

- A criterion is *met* when rated "meets" or "exceeds".
- A cell (one role's expectation at one level) is met when all its criteria are.
- The level reached is the highest level L whose cell is met and whose required
  cells at L and below are all met; 0 when there is none.
- Readiness for L+1 counts the criteria of the cell at L+1, split into required
  and optional by that cell's flag, and lists what is not met yet.
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
    def ready(self) -> bool:
        """Every required criterion of the next level is met."""
        return self.target_level is not None and self.required_met == self.required_total


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


def readiness(criteria: Sequence[CriterionState], *, current: int, top: int = 5) -> Readiness:
    if current >= top:
        return Readiness(None, 0, 0, 0, 0, ())
    target = current + 1
    cell = [c for c in criteria if c.level == target]
    required = [c for c in cell if c.required]
    optional = [c for c in cell if not c.required]
    missing = sorted(
        (c for c in cell if not c.met), key=lambda c: (not c.required, c.position, c.key)
    )
    return Readiness(
        target_level=target,
        required_met=sum(c.met for c in required),
        required_total=len(required),
        optional_met=sum(c.met for c in optional),
        optional_total=len(optional),
        missing=tuple(missing),
    )


def met_count(criteria: Iterable[CriterionState]) -> int:
    return sum(c.met for c in criteria)
