"""The assessment services check their own preconditions: a caller that
forgets to (a new view, a script, a future endpoint) still cannot rate a
criterion of another role, rate someone else's draft, or review a snapshot
as someone who does not manage its engineer. Each refusal writes nothing."""

from __future__ import annotations

import pytest

from accounts.models import User
from assessments.models import Assessment, CriterionRating, ManagerRating, ManagerReview
from assessments.services import (
    AssessmentError,
    ManagerInput,
    RatingInput,
    assessment_rate,
    review_save,
    review_share,
)
from common.errors import NotAllowed
from roles.models import Role
from skills.models import Criterion, Skill
from tests.assessments.conftest import criteria_of
from tests.factories import make_team

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("loaded", [False, True], ids=["checked-in-sql", "checked-in-memory"])
def test_a_criterion_of_another_role_is_refused_and_nothing_is_saved(
    alice: User, alice_draft: Assessment, pytorch: Skill, loaded: bool
) -> None:
    before = list(CriterionRating.objects.values())
    mine = criteria_of(pytorch, alice_draft.role, level=3)[0]
    other = criteria_of(pytorch, Role.objects.get(slug="role-001"), level=1)[0]
    if loaded:  # as matrix_criteria() hands them over, expectation and all
        other = Criterion.objects.select_related("expectation").get(pk=other.pk)
    with pytest.raises(AssessmentError) as refused:
        assessment_rate(
            assessment=alice_draft,
            ratings={mine: RatingInput(value=3), other: RatingInput(value=3)},
            by=alice,
        )
    assert refused.value.message == f"Criteria not in this assessment: {other.pk}."
    assert refused.value.status == 400
    assert refused.value.field == "ratings"
    assert list(CriterionRating.objects.values()) == before


def test_nobody_rates_someone_elses_draft(
    mallory: User, alice_draft: Assessment, pytorch: Skill
) -> None:
    before = list(CriterionRating.objects.values())
    criterion = criteria_of(pytorch, alice_draft.role, level=3)[0]
    with pytest.raises(NotAllowed):
        assessment_rate(
            assessment=alice_draft, ratings={criterion: RatingInput(value=3)}, by=mallory
        )
    assert list(CriterionRating.objects.values()) == before


def test_only_the_engineers_managers_review_and_share(
    bob: User, mallory: User, alice: User, alice_snapshot: Assessment
) -> None:
    team = make_team("ml-platform", managers=[bob], members=[alice])
    make_team("vision", managers=[mallory], members=[])
    row = alice_snapshot.ratings.first()
    assert row is not None
    with pytest.raises(NotAllowed):
        review_save(
            assessment=alice_snapshot,
            team=team,
            by=mallory,
            ratings={row: ManagerInput(3)},
            comment="Looks fine",
        )
    with pytest.raises(NotAllowed):
        review_share(assessment=alice_snapshot, team=team, by=mallory)
    assert not ManagerReview.objects.exists()
    # bob may.
    review_save(
        assessment=alice_snapshot, team=team, by=bob, ratings={row: ManagerInput(3)}, comment=""
    )
    assert ManagerRating.objects.get().value == 3


def test_a_review_rating_must_belong_to_the_snapshot(
    bob: User, alice: User, alice_snapshot: Assessment, pytorch: Skill, role: Role
) -> None:
    from tests.teams.conftest import snapshot

    team = make_team("ml-platform", managers=[bob], members=[alice])
    older = snapshot(alice, pytorch, role, {1: 2})
    foreign = older.ratings.first()
    assert foreign is not None
    with pytest.raises(AssessmentError) as refused:
        review_save(
            assessment=alice_snapshot,
            team=team,
            by=bob,
            ratings={foreign: ManagerInput(3)},
            comment="",
        )
    assert refused.value.message == f"Ratings not in this assessment: {foreign.pk}."
    assert not ManagerReview.objects.exists()
