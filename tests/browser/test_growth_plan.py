"""In Chromium: alice turns two missing criteria of her result into plan
items, bob comments on one and suggests another, alice answers; her next
draft shows her open items beside their criteria, and a later snapshot that
meets one marks it done."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from assessments.services import RatingInput, assessment_rate, assessment_start, assessment_submit
from plans.models import PlanItem
from tests.browser.conftest import assert_fits, screenshot, sign_in
from tests.factories import make_expectation, make_levels, make_role, make_skill, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alice_submitted(alice: User, bob: User) -> int:
    """Level 1 met, level 2 "learning": level 2 is what is missing."""
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer", "ML Engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=2)
    make_team("ml-platform", managers=[bob], members=[alice])
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    ratings = {
        c: RatingInput(value=2 if n == 1 else 1)
        for n in (1, 2)
        for c in skill.expectations.get(level__number=n).criteria.all()
    }
    assessment_rate(assessment=draft, ratings=ratings, by=alice)
    return assessment_submit(assessment=draft, by=alice).pk


def test_alice_plans_bob_comments_and_her_next_draft_shows_the_plan(
    live_server: Any, browser: Any, alice_submitted: int
) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/assessments/{alice_submitted}/result/")
    adds = page.get_by_role("link", name="Add to my plan")
    assert adds.count() == 2
    adds.first.click()
    assert page.get_by_label("Learning resource (http or https)").input_value() == (
        "https://example.com/1"
    )
    page.get_by_label("What I will do").fill("Pair with Dan on the trainer")
    screenshot(page, "plan-add-item")
    page.get_by_role("button", name="Add to my plan").click()
    assert "Added to your plan." in page.locator(".messages").inner_text()
    assert "In the plan" in page.locator(".missing").first.inner_text()
    page.get_by_role("link", name="Add to my plan").first.click()
    page.get_by_label("What I will do").fill("Take the profiling course")
    page.get_by_role("button", name="Add to my plan").click()
    screenshot(page, "plan-result")

    page.get_by_role("link", name="My plan", exact=False).first.click()
    assert "0 of 2 done" in page.locator("main").inner_text()
    assert_fits(page)
    screenshot(page, "plan-mine")

    bob = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    bob.set_default_timeout(10_000)
    sign_in(bob, live_server.url, "bob")
    bob.goto(f"{live_server.url}/people/alice/plan/")
    bob.locator(".plan-item__criterion a").first.click()
    bob.get_by_label("Your comment").fill("Happy to free a Friday for this.")
    bob.get_by_role("button", name="Post comment").click()
    assert "Happy to free a Friday" in bob.locator(".comments").inner_text()
    screenshot(bob, "plan-item-bob")

    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="commented on a plan item", exact=False).first.click()
    page.get_by_label("Your comment").fill("Thanks, next week works.")
    page.get_by_role("button", name="Post comment").click()
    assert "Thanks, next week works." in page.locator(".comments").inner_text()
    screenshot(page, "plan-item-alice")

    page.goto(f"{live_server.url}/assessments/{alice_submitted}/result/")
    page.get_by_role("button", name="Start a new assessment").click()
    page.wait_for_url("**/assessments/*/")
    markers = page.locator(".plan-marker")
    assert markers.count() == 2
    assert "Pair with Dan on the trainer" in markers.first.inner_text()
    screenshot(page, "plan-next-draft")

    # Meets on the first planned criterion, then submit: that item is done.
    markers.first.locator("xpath=ancestor::fieldset").get_by_label("Meets").check()
    page.get_by_role("button", name="Submit assessment").click()
    page.wait_for_url("**/result/")
    page.goto(f"{live_server.url}/me/plan/")
    assert "1 of 2 done" in page.locator("main").inner_text()
    assert PlanItem.objects.filter(status="done").count() == 1
    screenshot(page, "plan-after-next-snapshot")
