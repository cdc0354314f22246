"""In Chromium: bob agrees with alice's self-ratings for a whole level at once
(in place with JavaScript, by a round trip without it; nothing saved until he
saves), and alice copies a new API token with one click."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import User
from assessments.models import ManagerRating, ManagerReview
from assessments.services import RatingInput, assessment_rate, assessment_start, assessment_submit
from levels.models import Level
from tests.browser.conftest import assert_fits, screenshot, sign_in
from tests.factories import make_expectation, make_levels, make_role, make_skill, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def review_url(alice: User, bob: User) -> str:
    """alice rated level 1 "Exceeds" and level 2 "Meets"; bob manages her."""
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer", "ML Engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=2)
    make_team("ml-platform", managers=[bob], members=[alice])
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    ratings = {}
    for expectation in draft.skill.expectations.filter(level__number__lte=2).select_related(
        "level"
    ):
        for c in expectation.criteria.all():
            ratings[c] = RatingInput(value=3 if expectation.level.number == 1 else 2)
    assessment_rate(assessment=draft, ratings=ratings, by=alice)
    snapshot = assessment_submit(assessment=draft, by=alice)
    return f"/assessments/{snapshot.pk}/review/?team=ml-platform"


def level_section(page: Any, number: int) -> Any:
    return page.locator(f"#review-level-{number}")


def manager_values(page: Any, number: int) -> list[str]:
    values: list[str] = (
        level_section(page, number)
        .locator("select")
        .evaluate_all("selects => selects.map(s => s.options[s.selectedIndex].text)")
    )
    return values


@pytest.mark.parametrize("width", [1280, 390])
def test_bob_agrees_with_a_whole_level_in_place(
    live_server: Any, browser: Any, review_url: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "bob")
    page.goto(live_server.url + review_url)
    level_section(page, 1).locator("select").first.select_option(label="Learning")
    name = Level.objects.get(number=2).career_name
    page.get_by_role("button", name=f"Agree with the self-ratings at {name}").click()
    assert manager_values(page, 2) == ["Meets", "Meets"]
    assert manager_values(page, 1) == ["Learning", "No rating"]  # his own choice stays
    assert "Save the review to keep them" in level_section(page, 2).inner_text()
    assert page.url.endswith(review_url)  # no round trip
    assert not ManagerReview.objects.exists()
    assert_fits(page)
    screenshot(page, f"review-agree-level-{width}")

    page.get_by_role("button", name="Save review").click()
    assert "Review saved" in page.locator(".messages").inner_text()
    values = sorted(m.value or 0 for m in ManagerRating.objects.all())
    assert values == [1, 2, 2]
    context.close()


def test_without_javascript_the_same_button_fills_the_level_and_keeps_the_rest(
    live_server: Any, browser: Any, review_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "bob")
    page.goto(live_server.url + review_url)
    level_section(page, 2).locator("select").first.select_option(label="Not yet")
    level_section(page, 2).locator("textarea").first.fill("Ask about the scheduler.")
    name = Level.objects.get(number=1).career_name
    page.get_by_role("button", name=f"Agree with the self-ratings at {name}").click()
    page.wait_for_load_state()
    assert "Nothing is saved yet" in page.locator(".messages").inner_text()
    assert manager_values(page, 1) == ["Exceeds", "Exceeds"]
    assert manager_values(page, 2) == ["Not yet", "No rating"]
    assert level_section(page, 2).locator("textarea").first.input_value() == (
        "Ask about the scheduler."
    )
    assert not ManagerReview.objects.exists()
    context.close()


def test_alice_copies_her_new_token(live_server: Any, browser: Any, alice: User) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/accounts/tokens/")
    page.get_by_label("Name").fill("dashboard")
    page.get_by_label("Expires").select_option(label="In 90 days")
    page.get_by_label("Read-only").check()
    page.get_by_role("button", name="Create a token").click()
    secret = page.locator(".token-secret").inner_text().strip()
    assert secret.startswith("smx_")
    page.get_by_role("button", name="Copy the token").click()
    expect(page.locator("[data-copy-status]")).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    row = page.locator("table tbody tr").first.inner_text()
    assert "read-only" in row
    assert "expires on" in row
    assert_fits(page)
    screenshot(page, "tokens-copy-390")
    context.close()


def test_without_javascript_the_token_is_there_to_select(
    live_server: Any, browser: Any, alice: User
) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/accounts/tokens/")
    page.get_by_label("Name").fill("laptop")
    page.get_by_role("button", name="Create a token").click()
    assert page.locator(".token-secret").inner_text().startswith("smx_")
    assert page.get_by_role("button", name="Copy the token").count() == 0  # hidden: no script
    context.close()
