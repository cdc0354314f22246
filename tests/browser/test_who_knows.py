"""In Chromium: alice shows her PyTorch level to colleagues on My skills, bob
(signed in, any colleague would do) searches Who knows PyTorch and finds her;
alice stops showing it and bob's next search no longer finds her. The same
pages at a phone's width fit the screen."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from assessments.services import RatingInput, assessment_rate, assessment_start, assessment_submit
from tests.browser.conftest import assert_fits, screenshot, sign_in
from tests.factories import make_expectation, make_levels, make_role, make_skill, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alice_at_middle(alice: User, bob: User) -> None:
    """alice's PyTorch snapshot reaches Middle; JAX she has not assessed."""
    skill = make_skill("pytorch", "PyTorch")
    make_skill("jax", "JAX")
    role = make_role("ml-engineer", "ML Engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=2)
    User.objects.filter(pk=alice.pk).update(role=role, first_name="Alice", last_name="Smith")
    make_team("ml-platform", managers=[bob], members=[alice])
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    ratings = {
        c: RatingInput(value=2)
        for n in (1, 2)
        for c in skill.expectations.get(level__number=n).criteria.all()
    }
    assessment_rate(assessment=draft, ratings=ratings, by=alice)
    assessment_submit(assessment=draft, by=alice)


def search(page: Any, base: str) -> str:
    page.goto(f"{base}/people/who-knows/")
    page.get_by_label("Skill").select_option(label="PyTorch")
    page.get_by_label("At least").select_option(label="2 · Middle")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/people/who-knows/?skill=pytorch&min_level=2")
    text: str = page.locator("main").inner_text()
    return text


def test_alice_opts_in_bob_finds_her_alice_opts_out_bob_does_not(
    live_server: Any, browser: Any, alice_at_middle: None
) -> None:
    base = live_server.url
    alice = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    bob = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    for tab in (alice, bob):
        tab.set_default_timeout(10_000)
    sign_in(alice, base, "alice")
    alice.get_by_role("link", name="My skills").first.click()
    row = alice.locator("tbody tr", has_text="PyTorch")
    assert "Middle" in row.inner_text()
    row.get_by_role("button", name="Show my PyTorch level to colleagues").click()
    assert "now find you with your level" in alice.locator(".messages").inner_text()
    assert "Shown to colleagues" in alice.locator("tbody tr", has_text="PyTorch").inner_text()
    screenshot(alice, "inventory-my-skills")

    sign_in(bob, base, "bob")
    found = search(bob, base)
    assert "Alice Smith" in found
    assert "Middle" in found
    screenshot(bob, "inventory-who-knows")

    alice.locator("tbody tr", has_text="PyTorch").get_by_role(
        "button", name="Stop showing my PyTorch level"
    ).click()
    assert "You no longer appear" in alice.locator(".messages").inner_text()
    found = search(bob, base)
    assert "Alice Smith" not in found
    assert "Nobody who chose to be found has reached this level yet." in found


def test_my_skills_and_the_search_fit_a_phone(
    live_server: Any, browser: Any, alice_at_middle: None
) -> None:
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/me/skills/")
    assert_fits(page)
    screenshot(page, "inventory-my-skills-phone")
    search(page, live_server.url)
    assert_fits(page)
    screenshot(page, "inventory-who-knows-phone")
