"""Readiness as the pages and the API show it: one live summary for both, the
role's own ladder, and the next step once the engineer is ready."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from levels.models import Level
from roles.models import Role
from skills.models import Skill
from tests.api.conftest import token_client
from tests.assessments.conftest import rate_levels
from tests.factories import make_expectation, make_role
from tests.html import between, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client: Client, alice: User) -> Client:
    client.force_login(alice)
    return client


def with_career_level(user: User, number: int) -> User:
    user.career_level = Level.objects.get(number=number)
    user.save()
    return user


def test_a_senior_sees_readiness_for_lead_on_the_draft_page_and_in_the_api(
    signed_in: Client, alice: User, alice_draft: Assessment
) -> None:
    with_career_level(alice, 3)  # alice_draft reaches Junior only
    page = visible_text(signed_in.get(f"/assessments/{alice_draft.pk}/"))
    assert "For Lead / Staff: 3 of 12 required criteria met" in page

    body = token_client(alice).get(f"/api/v1/assessments/{alice_draft.pk}/").json()
    assert body["level_reached"] == 1
    assert body["readiness"]["target_level"] == 4
    assert (body["readiness"]["required_met"], body["readiness"]["required_total"]) == (3, 12)


def test_the_htmx_summary_after_one_rating_aims_at_the_career_step_too(
    signed_in: Client, alice: User, alice_draft: Assessment
) -> None:
    with_career_level(alice, 3)
    criterion = alice_draft.ratings.select_related("criterion").first()
    assert criterion is not None
    assert criterion.criterion_id is not None
    prefix = f"c{criterion.criterion_id}"
    response = signed_in.post(
        f"/assessments/{alice_draft.pk}/criteria/{criterion.criterion_id}/",
        {f"{prefix}-value": "2", f"{prefix}-note": "", f"{prefix}-link": ""},
        headers={"HX-Request": "true"},
    )
    assert "For Lead / Staff:" in visible_text(response)


def senior_up_role(skill: Skill) -> Role:
    """A role whose ladder in this skill starts at Senior and ends at Lead."""
    role = make_role("staff-role", "Staff Role")
    for level in Level.objects.filter(number__in=[3, 4]):
        make_expectation(skill, role, level, criteria=2)
    return role


def test_with_nothing_rated_on_a_ladder_starting_at_senior_the_result_lists_what_is_missing(
    signed_in: Client, alice: User, pytorch: Skill
) -> None:
    draft = assessment_start(engineer=alice, skill=pytorch, role=senior_up_role(pytorch))
    assessment_submit(assessment=draft, by=alice)
    page = visible_text(signed_in.get(f"/assessments/{draft.pk}/result/"))
    assert "Readiness for Senior 0 / 2 required criteria met" in page
    assert "What is missing for Senior" in page
    assert "Staff Role L3 #1" in page
    assert "Nothing is missing" not in page


def test_at_the_last_level_of_the_roles_ladder_the_result_says_there_is_no_next_step(
    signed_in: Client, alice: User, pytorch: Skill
) -> None:
    draft = assessment_start(engineer=alice, skill=pytorch, role=senior_up_role(pytorch))
    rate_levels(draft, {3: 2, 4: 2})
    assessment_submit(assessment=draft, by=alice)
    page = visible_text(signed_in.get(f"/assessments/{draft.pk}/result/"))
    assert "Lead / Staff is the last level Pytorch sets for Staff Role" in page
    assert "there is no next step in this skill" in page
    assert "Ready for promotion" not in page


def test_once_ready_the_result_shows_what_the_next_step_needs(
    signed_in: Client, alice: User, alice_draft: Assessment
) -> None:
    with_career_level(alice, 2)
    rate_levels(alice_draft, {1: 2, 2: 2, 3: 3})
    assessment_submit(assessment=alice_draft, by=alice)
    page = visible_text(signed_in.get(f"/assessments/{alice_draft.pk}/result/"))
    assert "Readiness for Senior 9 / 9 required criteria met" in page
    assert "Ready for promotion" in page
    next_step = between(page, "Next step: what Lead / Staff needs", "All ratings")
    assert "For Lead / Staff: 9 of 12 required criteria met" in next_step
    assert "Role 000 L4 #1 Required Your rating: not rated" in next_step
    assert "L3" not in next_step
    assert "L5" not in next_step


def test_before_the_target_is_reached_there_is_no_next_step_section(
    signed_in: Client, alice: User, alice_draft: Assessment
) -> None:
    assessment_submit(assessment=alice_draft, by=alice)
    page = visible_text(signed_in.get(f"/assessments/{alice_draft.pk}/result/"))
    assert "Next step:" not in page
