"""Level reached and readiness: pure functions, no database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessments.rules import CriterionState, Rating, level_reached, promotion_target, readiness

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


def test_the_target_follows_the_career_level_when_there_is_one() -> None:
    assert promotion_target(reached=1, career_level=2, top=5) == 3
    assert promotion_target(reached=3, career_level=None, top=5) == 4
    assert promotion_target(reached=0, career_level=None, top=5) == 1
    assert promotion_target(reached=5, career_level=None, top=5) is None
    assert promotion_target(reached=2, career_level=5, top=5) is None


def test_at_the_top_of_the_ladder_there_is_nothing_left_to_reach() -> None:
    result = readiness(ml_engineer(*[(MEETS,)] * 5), target=None)
    assert result.target_level is None
    assert not result.ready
    assert result.missing == ()


ratings = st.one_of(st.none(), st.sampled_from(list(Rating)))


@st.composite
def assessments(draw: st.DrawFn) -> list[CriterionState]:
    criteria = []
    for level in range(1, 6):
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
