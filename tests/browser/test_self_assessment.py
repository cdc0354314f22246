"""In Chromium: alice signs in, rates criteria (each saved as she clicks),
reloads and finds her draft intact, submits, reads her level and what is
missing for the next one, and opens My progress."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from assessments.models import CriterionRating
from tests.browser.conftest import assert_fits, screenshot
from tests.factories import make_expectation, make_levels, make_role, make_skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def matrix() -> None:
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer", "ML Engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=2)


def test_alice_assesses_herself_end_to_end(
    live_server: Any, page: Any, alice: User, matrix: None
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("alice-password")
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/me/assessments/")
    page.get_by_label("Skill").select_option(label="PyTorch")
    page.get_by_label("Role").select_option(label="ML Engineer")
    page.get_by_role("button", name="Start or resume").click()
    page.wait_for_url("**/assessments/*/")
    assert_fits(page)
    card = page.locator("fieldset.criterion").first.bounding_box()
    scale = page.locator("fieldset.criterion .scale").first.bounding_box()
    assert scale["width"] > 300
    assert scale["x"] + scale["width"] <= card["x"] + card["width"]
    screenshot(page, "assessment-draft")

    # Rate both Junior criteria "Meets" and one Middle criterion "Learning";
    # each click is saved on its own.
    criteria = page.locator("fieldset.criterion")
    for index, label in [(0, "Meets"), (1, "Exceeds"), (2, "Learning")]:
        criteria.nth(index).get_by_text(label, exact=True).click()
        criteria.nth(index).get_by_text("Saved").wait_for()
    assert "3 of 10 criteria rated" in page.locator("#summary").inner_text()
    assert "If you submitted now: Junior" in page.locator("#summary").inner_text()
    assert CriterionRating.objects.filter(value__isnull=False).count() == 3

    page.reload()
    assert criteria.nth(0).get_by_label("Meets").is_checked()
    assert criteria.nth(1).get_by_label("Exceeds").is_checked()
    assert criteria.nth(2).get_by_label("Learning").is_checked()

    page.get_by_role("button", name="Submit assessment").click()
    page.wait_for_url("**/result/")
    main = page.locator("main").inner_text()
    assert "Junior" in main
    assert "What is missing for Middle" in main
    missing = page.locator(".missing__item")
    assert missing.count() == 2
    assert "ML Engineer L2 #1" in missing.nth(0).inner_text()
    screenshot(page, "assessment-result")

    page.get_by_role("link", name="My progress").first.click()
    page.wait_for_url("**/me/progress/**")
    assert page.locator("svg.chart__svg circle.chart__dot").count() == 2
    screenshot(page, "my-progress")
