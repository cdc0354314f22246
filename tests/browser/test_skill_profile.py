"""In Chromium: a visitor picks a role and a level and sees the next level's cards."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import screenshot
from tests.factories import make_expectation, make_levels, make_role, make_skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def matrix() -> None:
    levels = make_levels()
    skill = make_skill("pytorch", "PyTorch")
    for slug, name in [("ml-engineer", "ML Engineer"), ("data-scientist", "Data Scientist")]:
        role = make_role(slug, name)
        for level in levels:
            make_expectation(
                skill, role, level, required=slug == "ml-engineer" or level.number >= 3
            )


def test_a_visitor_picks_ml_engineer_and_middle_and_sees_the_senior_cards(
    live_server: Any, page: Any, matrix: None
) -> None:
    page.goto(f"{live_server.url}/skills/pytorch/")
    page.get_by_label("Role").select_option(label="ML Engineer")
    page.get_by_label("My level").select_option(label="Middle · Novice")
    page.get_by_role("button", name="Show what's next").click()

    plan = page.locator("#plan")
    plan.wait_for()
    assert "To reach Senior (Intermediate) as ML Engineer" in plan.locator("h3").inner_text()
    cards = plan.locator(".plan-card")
    assert cards.count() == 3
    assert cards.nth(0).inner_text().endswith("ML Engineer L3 #1")
    assert plan.get_by_text("Required", exact=True).is_visible()
    # The choice survives in the address bar, so the plan can be shared.
    assert "role=ml-engineer" in page.url
    assert "level=2" in page.url
    screenshot(page, "skill-profile-plan")


def test_rows_expand_to_their_criteria_without_javascript(
    live_server: Any, browser: Any, matrix: None
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/skills/pytorch/")
    row = page.locator("#level-3 details").first
    assert not row.locator(".criteria").is_visible()
    row.locator("summary").click()
    assert row.locator(".criteria").is_visible()
    assert "Data Scientist L3 #1" in row.inner_text()
    context.close()
