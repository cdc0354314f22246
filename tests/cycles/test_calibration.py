"""Calibration outcomes: a team's manager marks a disagreement discussed or
resolved with a note; the engineer sees it, and the ratings two or more
steps apart, on their result page once the review is shared."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Team, User
from assessments.models import Assessment, CalibrationOutcome, CriterionRating
from assessments.services import ManagerInput, calibration_mark, review_save, review_share
from common.errors import DomainError, Invalid, NotAllowed
from roles.models import Role
from skills.models import Skill
from tests.cycles.conftest import submit
from tests.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(alice: User, pytorch: Skill, role: Role, team: Team) -> Assessment:
    return submit(alice, pytorch, role, {1: 3, 2: 3})


@pytest.fixture
def apart(snapshot: Assessment, team: Team, bob: User) -> CriterionRating:
    """bob rates alice's first level-1 criterion "not yet"; she said "exceeds"."""
    rating = snapshot.ratings.filter(frozen_level=1).order_by("frozen_position").first()
    assert rating is not None
    review_save(
        assessment=snapshot, team=team, by=bob, ratings={rating: ManagerInput(0)}, comment=""
    )
    return rating


def test_the_teams_manager_marks_an_item_and_can_change_it(
    apart: CriterionRating, team: Team, bob: User
) -> None:
    calibration_mark(rating=apart, team=team, by=bob, status="discussed", note="Talked")
    calibration_mark(rating=apart, team=team, by=bob, status="resolved", note=" Agreed ")
    outcome = CalibrationOutcome.objects.get()
    assert (outcome.status, outcome.note, outcome.by) == ("resolved", "Agreed", bob)


@pytest.mark.parametrize("who", ["alice", "carol", "trent", "mallory"])
def test_nobody_else_marks_an_item(
    request: Any, apart: CriterionRating, team: Team, other_team: Team, who: str
) -> None:
    with pytest.raises(NotAllowed):
        calibration_mark(
            rating=apart, team=team, by=request.getfixturevalue(who), status="resolved", note=""
        )
    assert not CalibrationOutcome.objects.exists()


def test_an_unknown_status_is_refused(apart: CriterionRating, team: Team, bob: User) -> None:
    with pytest.raises(Invalid, match="discussed or resolved"):
        calibration_mark(rating=apart, team=team, by=bob, status="ignored", note="")
    assert not CalibrationOutcome.objects.exists()


def test_a_drafts_rating_cannot_be_calibrated(
    alice: User, bob: User, team: Team, pytorch: Skill, role: Role
) -> None:
    from assessments.services import assessment_start

    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    row = CriterionRating.objects.create(assessment=draft, value=1)
    with pytest.raises(DomainError, match="submitted"):
        calibration_mark(rating=row, team=team, by=bob, status="resolved", note="")


def test_the_calibration_page_has_a_form_per_item_that_saves_the_outcome(
    client: Any, apart: CriterionRating, bob: User
) -> None:
    client.force_login(bob)
    page = client.get("/teams/ml-platform/calibration/?skill=pytorch")
    assert f'name="rating" value="{apart.pk}"' in page.content.decode()
    response = client.post(
        "/teams/ml-platform/calibration/?skill=pytorch",
        {"rating": apart.pk, "status": "resolved", "note": "We agreed on learning."},
        follow=True,
    )
    text = visible_text(response)
    assert "Calibration outcome saved." in text
    assert "Resolved — We agreed on learning." in text


def test_a_bad_outcome_on_the_page_is_a_400_with_nothing_saved(
    client: Any, apart: CriterionRating, bob: User
) -> None:
    client.force_login(bob)
    response = client.post(
        "/teams/ml-platform/calibration/?skill=pytorch",
        {"rating": apart.pk, "status": "shrugged", "note": "x"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in visible_text(response)
    assert not CalibrationOutcome.objects.exists()


def test_another_managers_post_is_not_found(
    client: Any, apart: CriterionRating, trent: User, other_team: Team
) -> None:
    client.force_login(trent)
    response = client.post(
        "/teams/ml-platform/calibration/", {"rating": apart.pk, "status": "resolved"}
    )
    assert response.status_code == 404
    assert not CalibrationOutcome.objects.exists()


def test_the_engineer_sees_the_gap_and_the_outcome_once_the_review_is_shared(
    client: Any, apart: CriterionRating, snapshot: Assessment, team: Team, bob: User, alice: User
) -> None:
    calibration_mark(rating=apart, team=team, by=bob, status="resolved", note="Agreed on learning")
    client.force_login(alice)
    url = f"/assessments/{snapshot.pk}/result/"
    assert "Ratings two or more steps apart" not in visible_text(client.get(url))
    review_share(assessment=snapshot, team=team, by=bob)
    text = visible_text(client.get(url))
    assert "Ratings two or more steps apart" in text
    assert (
        f"{apart.frozen_text} (Ml Platform) Exceeds Not yet 3 steps Resolved — Agreed on learning"
        in text
    )
    assert "2+ steps apart" in text
