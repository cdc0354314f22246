"""In Chromium, at 1280 px and 390 px: from the profile's picker to a role
comparison, then alice marks what her latest snapshot already meets."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from tests.browser.conftest import assert_fits, screenshot, sign_in
from tests.skills.compare_data import make_compare_matrix, submit_as_data_scientist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "javascript"), [(1280, True), (390, False)])
def test_alice_compares_data_scientist_with_ml_engineer_from_the_profile(
    live_server: Any, browser: Any, alice: User, width: int, javascript: bool
) -> None:
    skill = make_compare_matrix()
    submit_as_data_scientist(alice, skill)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "alice")

    page.goto(f"{live_server.url}/skills/pytorch/")
    page.locator("#id_role").select_option(label="Data Scientist")
    page.get_by_label("My level").select_option(label="Senior · Intermediate")
    page.get_by_role("button", name="Show what's next").click()
    page.get_by_label("Compare with another role").select_option(label="ML Engineer")
    page.locator(".compare-links").get_by_role("button", name="Compare").click()

    page.wait_for_url("**/skills/pytorch/compare/**")
    heading = page.locator("#compare-title")
    assert heading.inner_text() == "Data Scientist and ML Engineer at Senior"
    assert "other=ml-engineer" in page.url  # a shareable address
    assert page.locator(".compare-group--reworded .compare-row").count() == 1
    only_ml = page.locator(".compare-group--only-b").inner_text()
    assert "Exports a model with torch.export." in only_ml

    page.get_by_label("Compare with my latest snapshot").check()
    page.locator(".compare-form").get_by_role("button", name="Compare").click()
    page.wait_for_url("**mine=on**")
    count = page.locator(".compare__count")
    assert "You already meet 2 of 3 required criteria of ML Engineer at Senior." in (
        count.inner_text()
    )
    assert page.locator(".compare-row.is-met").count() == 2
    assert page.locator(".compare-row.is-met").first.get_by_text("You meet this").is_visible()
    assert_fits(page)
    screenshot(page, f"compare-roles-{width}")

    page.goto(f"{live_server.url}/skills/pytorch/compare/?role=ml-engineer&level=3&to=4")
    assert page.locator("#compare-title").inner_text() == "ML Engineer: from Senior to Lead / Staff"
    assert_fits(page)
    screenshot(page, f"compare-levels-{width}")
    context.close()
