"""In Chromium: carol opens "PyTorch Q1" for ML Platform; alice hears of it,
sees it first on her assessments page and starts; bob sees her draft in the
completion view and reminds her teammate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from tests.browser.conftest import assert_fits, screenshot, sign_in
from tests.conftest import make_user
from tests.factories import make_expectation, make_levels, make_role, make_skill, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(alice: User, bob: User, carol: User) -> None:
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer", "ML Engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=2)
    User.objects.filter(pk=alice.pk).update(role=role)
    make_team("ml-platform", managers=[bob], members=[alice, make_user("dan")])


def test_a_cycle_from_opening_to_completion(live_server: Any, browser: Any, world: None) -> None:
    today = timezone.localdate()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "carol")
    page.get_by_role("link", name="Cycles").click()
    page.get_by_role("link", name="Open a cycle").click()
    page.get_by_label("Name").fill("PyTorch Q1")
    page.get_by_label("Skill").select_option(label="PyTorch")
    page.get_by_label("Ml Platform").check()
    page.get_by_label("Self-assessments due").fill((today + dt.timedelta(days=5)).isoformat())
    page.get_by_label("Reviews due").fill((today + dt.timedelta(days=19)).isoformat())
    screenshot(page, "cycle-new")
    page.get_by_role("button", name="Open cycle").click()
    assert "Cycle PyTorch Q1 saved." in page.locator(".messages").inner_text()
    assert "due in 5 days" in page.locator("main").inner_text()
    screenshot(page, "cycle-detail")
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "alice")
    panel = page.locator("section.panel--cycles")
    assert "PyTorch Q1 — your self-assessment is due in 5 days." in panel.inner_text()
    assert "Notifications 1" in page.locator("header").inner_text()
    assert_fits(page)
    screenshot(page, "cycle-my-assessments")
    panel.get_by_role("button", name="Start my self-assessment").click()
    page.wait_for_url("**/assessments/*/")
    page.goto(f"{live_server.url}/me/assessments/")
    assert "Resume my self-assessment" in page.locator("section.panel--cycles").inner_text()
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "bob")
    page.get_by_role("link", name="Cycles").click()
    page.get_by_role("link", name="PyTorch Q1").click()
    page.get_by_role("link", name="Ml Platform").click()
    table = page.locator("main table").inner_text()
    assert "alice\tDraft" in table or "alice Draft" in " ".join(table.split())
    assert "Not started: 1 · Draft: 1" in page.locator(".completion-counts").inner_text()
    page.get_by_role("button", name="Remind dan").click()
    assert "Reminder sent to dan." in page.locator(".messages").inner_text()
    assert_fits(page)
    screenshot(page, "cycle-completion")
    context.close()
