"""Level reached and readiness: pure functions, no database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessments.rules import (
    CriterionState,
    Rating,
    ladder,
    level_reached,
    live_summary,
    next_step,
    promotion_target,
    readiness,
)

MEETS, LEARNING, NOT_YET, EXCEEDS = Rating.MEETS, Rating.LEARNING, Rating.NOT_YET, Rating.EXCEEDS


def cell(level: int, required: bool, *ratings: int | None) -> list[CriterionState]:
    return [
        CriterionState(key=f"l{level}c{i}", level=level, required=required, rating=r, position=i)
        for i, r in enumerate(ratings, start=1)
    ]


def ml_engineer(*ratings_per_level: tuple[int | None, ...]) -> list[CriterionState]:
    """Every level required, like an ML Engineer in the shipped matrix."""
    return [c for n, rs in enumerate(ratings_per_level, start=1) for c in cell(n, True, *rs)]


def test_an_empty_assessment_reaches_no_level() -> None:
    assert level_reached([]) == 0
    assert level_reached(ml_engineer((None, None), (None,))) == 0


def test_meets_and_exceeds_both_count_as_met() -> None:
    assert level_reached(ml_engineer((MEETS, EXCEEDS))) == 1


def test_learning_does_not_count_as_met() -> None:
    assert level_reached(ml_engineer((MEETS, LEARNING))) == 0


def test_the_level_is_the_highest_met_cell_with_every_required_cell_below_met() -> None:
    criteria = ml_engineer((MEETS,), (MEETS,), (MEETS,), (NOT_YET,), (EXCEEDS,))
    assert level_reached(criteria) == 3


def test_an_unmet_required_cell_blocks_every_level_above_it() -> None:
    criteria = ml_engineer((MEETS,), (LEARNING,), (MEETS,), (MEETS,))
    assert level_reached(criteria) == 1


def test_optional_cells_below_a_required_one_do_not_block_it() -> None:
    # A Computer Vision Engineer: levels 1-2 optional, 3 required.
    criteria = cell(1, False, NOT_YET) + cell(2, False, None) + cell(3, True, MEETS, MEETS)
    assert level_reached(criteria) == 3


def test_a_met_optional_cell_counts_as_a_level_reached() -> None:
    criteria = cell(1, False, MEETS) + cell(2, False, NOT_YET) + cell(3, True, NOT_YET)
    assert level_reached(criteria) == 1


def test_a_role_with_no_cell_at_a_level_can_still_reach_the_levels_above() -> None:
    criteria = cell(1, True, MEETS) + cell(2, True, MEETS) + cell(4, True, MEETS)
    assert level_reached(criteria) == 4


def test_readiness_counts_every_criterion_up_to_the_target_and_lists_the_missing_ones() -> None:
    criteria = ml_engineer((MEETS,), (MEETS,), (MEETS, LEARNING, None, EXCEEDS))
    result = readiness(criteria, target=3)
    assert result.target_level == 3
    assert (result.required_met, result.required_total) == (4, 6)
    assert (result.optional_met, result.optional_total) == (0, 0)
    assert [c.key for c in result.missing] == ["l3c2", "l3c3"]
    assert not result.ready


def test_a_gap_below_the_target_is_listed_first() -> None:
    criteria = ml_engineer((MEETS,), (LEARNING,), (NOT_YET,))
    assert [c.key for c in readiness(criteria, target=3).missing] == ["l2c1", "l3c1"]


def test_ready_means_every_required_criterion_up_to_the_target_is_met() -> None:
    criteria = ml_engineer((MEETS,), (EXCEEDS, MEETS), (NOT_YET,))
    assert readiness(criteria, target=2).ready
    assert not readiness(criteria, target=3).ready


def test_optional_criteria_never_block_readiness_but_are_listed_after_required_ones() -> None:
    # A Computer Vision Engineer: levels 1-2 optional, 3 required.
    criteria = cell(1, False, NOT_YET) + cell(2, False, None) + cell(3, True, MEETS, MEETS)
    result = readiness(criteria, target=3)
    assert result.ready
    assert (result.optional_met, result.optional_total) == (0, 2)
    assert [c.key for c in result.missing] == ["l1c1", "l2c1"]


def test_when_nothing_is_required_the_engineer_is_not_called_ready() -> None:
    result = readiness(cell(1, False, None) + cell(2, False, None), target=2)
    assert result.nothing_required
    assert not result.ready
    assert len(result.missing) == 2


FULL = (1, 2, 3, 4, 5)


def test_the_target_follows_the_career_level_when_there_is_one() -> None:
    assert promotion_target(reached=1, career_level=2, levels=FULL) == 3
    assert promotion_target(reached=3, career_level=None, levels=FULL) == 4
    assert promotion_target(reached=0, career_level=None, levels=FULL) == 1
    assert promotion_target(reached=5, career_level=None, levels=FULL) is None
    assert promotion_target(reached=2, career_level=5, levels=FULL) is None


def test_the_ladder_is_the_levels_the_role_has_criteria_at() -> None:
    assert ladder(cell(4, True, None) + cell(3, True, None, None)) == (3, 4)
    assert ladder([]) == ()


def test_the_target_is_never_below_the_first_level_of_the_roles_ladder() -> None:
    assert promotion_target(reached=0, career_level=None, levels=(3, 4, 5)) == 3
    assert promotion_target(reached=0, career_level=1, levels=(3, 4, 5)) == 3


def test_there_is_no_target_past_the_last_level_of_the_roles_ladder() -> None:
    assert promotion_target(reached=3, career_level=None, levels=(1, 2, 3)) is None
    assert promotion_target(reached=0, career_level=4, levels=(1, 2, 3)) is None
    assert promotion_target(reached=0, career_level=None, levels=()) is None


def test_with_nothing_rated_on_a_ladder_starting_at_senior_everything_is_missing() -> None:
    criteria = cell(3, True, None, None) + cell(4, True, None)
    summary = live_summary(criteria, career_level=None)
    assert summary.readiness.target_level == 3
    assert [c.key for c in summary.readiness.missing] == ["l3c1", "l3c2"]
    assert not summary.readiness.ready
    assert not summary.readiness.nothing_required


def test_at_the_last_level_of_the_roles_ladder_there_is_no_next_step() -> None:
    criteria = ml_engineer((MEETS,), (MEETS,), (MEETS,))
    summary = live_summary(criteria, career_level=None)
    assert summary.level_reached == 3
    assert summary.readiness.target_level is None
    assert not summary.readiness.ready


def test_the_live_summary_counts_ratings_and_aims_at_the_career_step() -> None:
    criteria = ml_engineer((MEETS,), (MEETS, None), (None,), (None,), (None,))
    summary = live_summary(criteria, career_level=3)
    assert (summary.rated, summary.total, summary.level_reached) == (2, 6, 1)
    assert summary.readiness.target_level == 4


def test_once_ready_the_next_step_lists_what_the_level_after_the_target_needs() -> None:
    criteria = ml_engineer((MEETS,), (MEETS,), (MEETS,), (NOT_YET, MEETS), (None,))
    ready = readiness(criteria, target=3)
    after = next_step(criteria, after=ready)
    assert after is not None
    assert after.target_level == 4
    assert [c.key for c in after.missing] == ["l4c1"]
    assert (after.required_met, after.required_total) == (4, 5)


def test_there_is_no_next_step_before_the_target_is_reached_or_past_the_ladder() -> None:
    criteria = ml_engineer((MEETS,), (NOT_YET,), (None,))
    assert next_step(criteria, after=readiness(criteria, target=2)) is None
    met = ml_engineer((MEETS,), (MEETS,), (MEETS,))
    assert next_step(met, after=readiness(met, target=3)) is None


def test_at_the_top_of_the_ladder_there_is_nothing_left_to_reach() -> None:
    result = readiness(ml_engineer(*[(MEETS,)] * 5), target=None)
    assert result.target_level is None
    assert not result.ready
    assert result.missing == ()


ratings = st.one_of(st.none(), st.sampled_from(list(Rating)))


@st.composite
def assessments(draw: st.DrawFn) -> list[CriterionState]:
    criteria = []
    top = draw(st.integers(min_value=2, max_value=12))  # any ladder the data may define
    for level in range(1, top + 1):
        if draw(st.booleans()) or level == 1:
            required = draw(st.booleans())
            for i in range(draw(st.integers(min_value=1, max_value=4))):
                criteria.append(
                    CriterionState(
                        key=f"{level}-{i}", level=level, required=required, rating=draw(ratings)
                    )
                )
    return criteria


@given(assessments(), st.data())
def test_raising_a_rating_never_lowers_the_level_reached(
    criteria: list[CriterionState], data: st.DataObject
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(criteria) - 1))
    before = criteria[index].rating
    higher = data.draw(st.sampled_from([r for r in Rating if before is None or r >= before]))
    raised = list(criteria)
    raised[index] = CriterionState(
        key=criteria[index].key,
        level=criteria[index].level,
        required=criteria[index].required,
        rating=higher,
    )
    assert level_reached(raised) >= level_reached(criteria)


@given(assessments())
def test_the_level_reached_always_has_its_cell_met(criteria: list[CriterionState]) -> None:
    level = level_reached(criteria)
    if level:
        assert all(c.met for c in criteria if c.level == level)
        assert all(c.met for c in criteria if c.required and c.level <= level)
