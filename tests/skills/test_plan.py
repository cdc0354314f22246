"""The "what's next" rule, as a pure function: no database."""

from __future__ import annotations

from dataclasses import dataclass

from skills.plan import next_steps


@dataclass(frozen=True)
class Cell:
    name: str
    required: bool


CELLS = [
    ("cv", 1, Cell("cv-1", required=False)),
    ("ml", 1, Cell("ml-1", required=True)),
    ("cv", 2, Cell("cv-2", required=False)),
    ("ml", 2, Cell("ml-2", required=True)),
    ("ml", 3, Cell("ml-3", required=True)),
]


def names(steps: object) -> list[str]:
    return [step.cell.name for step in steps]  # type: ignore[attr-defined]


def test_it_returns_the_next_level_for_one_role() -> None:
    assert names(next_steps(CELLS, current_level=2, role_slug="ml", max_level=5)) == ["ml-3"]


def test_someone_new_starts_at_level_one() -> None:
    assert names(next_steps(CELLS, current_level=0, role_slug="cv", max_level=5)) == ["cv-1"]


def test_without_a_role_required_cells_come_first() -> None:
    assert names(next_steps(CELLS, current_level=0, role_slug=None, max_level=5)) == [
        "ml-1",
        "cv-1",
    ]


def test_a_role_with_no_cell_at_the_next_level_gets_an_empty_plan() -> None:
    assert names(next_steps(CELLS, current_level=2, role_slug="cv", max_level=5)) == []


def test_the_top_level_has_no_next_step() -> None:
    assert next_steps(CELLS, current_level=5, role_slug="ml", max_level=5) is None
