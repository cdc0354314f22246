"""In Chromium: bob finds alice in his team's heatmap, reviews her snapshot
with a two-step disagreement, sees it in the calibration queue and shares the
review; alice then sees bob's ratings beside her own."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from assessments.services import RatingInput, assessment_rate, assessment_start, assessment_submit
from tests.browser.conftest import screenshot, sign_in
from tests.factories import make_expectation, make_levels, make_role, make_skill, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alice_submitted(alice: User, bob: User) -> None:
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer", "ML Engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=2)
    make_team("ml-platform", managers=[bob], members=[alice])
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    ratings = {
        c: RatingInput(value=3)
        for c in draft.skill.expectations.get(level__number=1).criteria.all()
    }
    assessment_rate(assessment=draft, ratings=ratings, by=alice)
    assessment_submit(assessment=draft, by=alice)


def test_bob_reviews_alice_and_she_sees_it(
    live_server: Any, browser: Any, alice_submitted: None
) -> None:
    bob_context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = bob_context.new_page()
    sign_in(page, live_server.url, "bob")
    page.get_by_role("link", name="Teams").click()
    page.get_by_role("link", name="Ml Platform").click()
    heatmap = page.locator("table.heatmap")
    assert "alice" in heatmap.inner_text()
    assert "met" in heatmap.locator("tbody tr").first.inner_text()
    screenshot(page, "team-heatmap")

    page.get_by_role("link", name="review it").click()
    page.wait_for_url("**/review/?team=ml-platform")
    first = page.locator("table.review-table tbody tr").first
    first.get_by_label("Manager rating for", exact=False).select_option(
        label="Learning"
    )  # she said Exceeds
    first.get_by_label("Comment on", exact=False).fill("Walk me through the loop next time.")
    page.get_by_role("button", name="Save review").click()
    assert "Review saved" in page.locator(".messages").inner_text()
    assert "2 steps apart" in page.locator("table.review-table tbody tr").first.inner_text()
    screenshot(page, "manager-review")

    page.goto(f"{live_server.url}/teams/ml-platform/calibration/")
    queue = page.locator("main table").inner_text()
    assert "alice" in queue
    assert "Exceeds" in queue
    assert "Learning" in queue
    screenshot(page, "calibration-queue")

    page.get_by_role("link", name="alice").click()
    page.get_by_role("button", name="Save and share with alice").click()
    assert "Review shared with alice" in page.locator(".messages").inner_text()
    bob_context.close()

    alice_context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = alice_context.new_page()
    sign_in(page, live_server.url, "alice")
    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="bob shared a review of your PyTorch assessment").click()
    page.wait_for_url("**/result/")
    assert "Review by bob" in page.locator("main").inner_text()
    first_row = page.locator("table.ratings tbody tr").first.inner_text()
    assert "Exceeds" in first_row
    assert "Learning" in first_row
    assert "Walk me through the loop next time." in first_row
    screenshot(page, "review-seen-by-alice")
    alice_context.close()
