"""What to cover next: a pure function over the matrix, used by the skill
profile's picker (and later by the API). No database access here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


class Cell(Protocol):
    """The parts of an expectation the plan needs."""

    @property
    def required(self) -> bool: ...


@dataclass(frozen=True)
class PlanStep:
    role_slug: str
    level_number: int
    required: bool
    cell: object


def next_steps(
    cells: Iterable[tuple[str, int, Cell]],
    *,
    current_level: int,
    role_slug: str | None,
    max_level: int,
) -> Sequence[PlanStep] | None:
    """The cells to cover to move from ``current_level`` (0 = not started) to
    the next one: for one role, or for every role when ``role_slug`` is None.
    Required cells come first; within each group the input order is kept.
    Returns None when ``current_level`` is already the top of the ladder."""
    if current_level >= max_level:
        return None
    target = current_level + 1
    steps = [
        PlanStep(role_slug=role, level_number=number, required=cell.required, cell=cell)
        for role, number, cell in cells
        if number == target and (role_slug is None or role == role_slug)
    ]
    return sorted(steps, key=lambda step: not step.required)
