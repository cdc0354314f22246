"""Team reports as pure functions: no database."""

from __future__ import annotations

import datetime as dt

from assessments.rules import CriterionState
from teams.reports import (
    MET,
    NOT_ASSESSED,
    NOT_YET,
    PARTLY,
    MemberSnapshot,
    calibration_queue,
    cell_status,
    common_gaps,
    heatmap,
    median_level_trend,
    ready_for_promotion,
)


def states(ratings: dict[int, list[int | None]]) -> tuple[CriterionState, ...]:
    return tuple(
        CriterionState(
            key=f"l{level}c{i}",
            level=level,
            required=True,
            rating=r,
            text=f"L{level} #{i}",
            position=i,
        )
        for level, values in ratings.items()
        for i, r in enumerate(values, start=1)
    )


def member(name: str, ratings: dict[int, list[int | None]], level: int, target: int | None,
           manager: dict[tuple[int, str], int | None] | None = None) -> MemberSnapshot:  # fmt: skip
    return MemberSnapshot(
        user_id=hash(name) % 10_000,
        username=name.lower(),
        name=name,
        role_slug="ml-engineer",
        role_name="ML Engineer",
        assessment_id=hash(name) % 10_000,
        submitted_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        level=level,
        target=target,
        states=states(ratings),
        manager=manager or {},
        has_review=manager is not None,
    )


ALICE = member("Alice", {1: [2, 2], 2: [2, 1], 3: [0, None]}, level=1, target=2)
DAN = member("Dan", {1: [3, 3], 2: [2, 2], 3: [2, 1]}, level=2, target=3)
ERIN = member("Erin", {1: [2, 0], 2: [0, 0], 3: [None, None]}, level=0, target=1)
FRANK = MemberSnapshot(user_id=4, username="frank", name="Frank", role_slug="", role_name="")


def test_a_cell_is_met_partly_or_not_yet() -> None:
    assert cell_status(states({1: [2, 3]})) == MET
    assert cell_status(states({1: [2, 1]})) == PARTLY
    assert cell_status(states({1: [1, None]})) == NOT_YET
    assert cell_status(()) == NOT_ASSESSED


def test_the_heatmap_has_a_cell_per_level_and_marks_the_unassessed() -> None:
    rows = heatmap([DAN, FRANK, ALICE], [1, 2, 3])
    assert [r.member.name for r in rows] == ["Alice", "Dan", "Frank"]
    assert [c.status for c in rows[0].cells] == [MET, PARTLY, NOT_YET]
    assert [c.status for c in rows[2].cells] == [NOT_ASSESSED] * 3
    assert rows[2].readiness is None


def test_sorting_by_readiness_puts_the_closest_first_and_the_unassessed_last() -> None:
    rows = heatmap([FRANK, ERIN, ALICE, DAN], [1, 2, 3], sort="readiness")
    # Dan 5/6 required up to Senior, Alice 3/4 up to Middle, Erin 1/2 up to Junior.
    assert [r.member.name for r in rows] == ["Dan", "Alice", "Erin", "Frank"]


def test_common_gaps_count_who_misses_each_criterion_for_their_next_level() -> None:
    gaps = common_gaps([ALICE, DAN, ERIN, member("Gina", {1: [2, 2], 2: [2, 0]}, 1, 2)])
    top = gaps[0]
    assert (top.level, top.key, top.count) == (2, "l2c2", 2)
    assert sorted(top.who) == ["Alice", "Gina"]
    assert {(g.key, g.count) for g in gaps[1:]} == {("l3c2", 1), ("l1c2", 1)}


def test_ready_for_promotion_shows_self_and_manager_views_separately() -> None:
    ready_by_self = member("Hana", {1: [2], 2: [2], 3: [1]}, level=2, target=2)
    ready_by_manager = member("Ivan", {1: [2], 2: [1]}, level=1, target=2, manager={(2, "l2c1"): 2})
    disputed = member("Jo", {1: [2], 2: [3]}, level=2, target=2, manager={(2, "l2c1"): 0})
    result = {c.member.name: (c.self_ready, c.manager_ready) for c in ready_for_promotion(
        [ready_by_self, ready_by_manager, disputed, ALICE, FRANK])}  # fmt: skip
    assert result == {"Hana": (True, None), "Ivan": (False, True), "Jo": (True, False)}


def test_the_calibration_queue_holds_disagreements_of_two_steps_or_more() -> None:
    reviewed = member(
        "Kim", {1: [3, 2, None]}, level=1, target=2,
        manager={(1, "l1c1"): 1, (1, "l1c2"): 1, (1, "l1c3"): 2},
    )  # fmt: skip
    queue = calibration_queue([reviewed, ALICE])
    assert [(d.state.key, d.steps) for d in queue] == [("l1c1", 2), ("l1c3", 2)]


def test_the_median_level_trend_uses_each_members_latest_level_at_each_month_end() -> None:
    events = [
        (1, dt.date(2026, 9, 10), 1),
        (2, dt.date(2026, 9, 20), 3),
        (1, dt.date(2026, 10, 5), 2),
        (3, dt.date(2026, 11, 1), 4),
    ]
    trend = median_level_trend(events, months=3, today=dt.date(2026, 11, 22))
    assert trend == [
        (dt.date(2026, 9, 30), 2.0),
        (dt.date(2026, 10, 31), 2.5),
        (dt.date(2026, 11, 30), 3.0),
    ]
    assert median_level_trend([], months=3, today=dt.date(2026, 11, 22)) == []
