"""In Chromium: the header's language switcher (plain buttons, no script
needed) turns the skill profile and the assessment page into Chinese and
German; the choice sticks as alice moves on; the matrix content stays as
authored."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from assessments.services import assessment_start
from roles.models import Role
from skills.models import Skill
from tests.browser.conftest import assert_fits, screenshot, sign_in
from tests.factories import make_expectation, make_levels, make_role, make_skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(alice: User) -> int:
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer", "ML Engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=2)
    return assessment_start(
        engineer=alice, skill=Skill.objects.get(slug="pytorch"), role=Role.objects.get()
    ).pk


def switch(page: Any, label: str) -> None:
    page.locator(".language-switcher").get_by_role("button", name=label).click()
    page.wait_for_load_state("load")


def test_alice_switches_to_chinese_and_to_german(
    live_server: Any, browser: Any, alice: User, draft: int
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "alice")

    page.goto(f"{live_server.url}/skills/pytorch/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h2#planner-title").inner_text() == "What do I need for my next level?"
    switch(page, "中文")
    assert page.url.endswith("/skills/pytorch/")  # the same address
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    heading = page.locator("h2#planner-title").inner_text()
    assert heading != "What do I need for my next level?"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in heading)
    assert page.locator("h1").inner_text() == "PyTorch"  # content stays as authored
    assert_fits(page)
    screenshot(page, "skill-profile-zh-hans")

    page.goto(f"{live_server.url}/assessments/{draft}/")  # the choice sticks
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert_fits(page)
    screenshot(page, "assessment-zh-hans")
    switch(page, "Deutsch")
    assert page.url.endswith(f"/assessments/{draft}/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert "Abmelden" in page.locator("header").inner_text()
    assert "ML Engineer L1 #1" in page.locator("main").inner_text()  # criteria as authored
    assert_fits(page)
    # the longer German labels still sit under each criterion, inside its card
    card, scale = (
        page.locator("fieldset.criterion").first.bounding_box(),
        page.locator("fieldset.criterion .scale").first.bounding_box(),
    )
    assert card["x"] < scale["x"]
    assert scale["x"] + scale["width"] <= card["x"] + card["width"]
    screenshot(page, "assessment-de")

    page.goto(f"{live_server.url}/skills/pytorch/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert_fits(page)
    screenshot(page, "skill-profile-de")
    switch(page, "English")
    assert page.locator("h2#planner-title").inner_text() == "What do I need for my next level?"
    alice.refresh_from_db()
    assert alice.language == "en"
    context.close()
    assert errors == []
