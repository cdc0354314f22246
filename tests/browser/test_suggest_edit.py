"""In Chromium: alice suggests an edit on the skill profile, carol accepts it
from the review queue, and alice sees the new text and the notification."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from levels.models import Level
from skills.models import Skill, SkillLevel
from tests.browser.conftest import screenshot, sign_in
from tests.factories import make_expectation, make_levels, make_role, make_skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_LINE = "Reads a shape-mismatch traceback and names the tensor at fault."


@pytest.fixture
def pytorch() -> None:
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer", "ML Engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=2)


def test_alice_suggests_carol_accepts_alice_sees_it(
    live_server: Any, browser: Any, pytorch: None, alice: User, carol: User
) -> None:
    errors: list[str] = []
    alice_context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = alice_context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/skills/pytorch/")
    page.get_by_role("button", name="Follow PyTorch").click()
    page.locator("#follow").get_by_text("1 follower").wait_for()

    row = page.locator("#level-2 table.matrix tbody tr").first
    row.locator("summary").click()
    row.get_by_role("link", name="Suggest an edit").click()
    page.wait_for_url("**/suggest/ml-engineer/2/")
    criteria = page.get_by_label("Criteria")
    criteria.fill(criteria.input_value() + "\n" + NEW_LINE)
    page.get_by_label("Why this change?").fill("Debugging shapes is the daily work here.")
    screenshot(page, "suggest-edit")
    page.get_by_role("button", name="Send suggestion").click()
    assert "waiting for a curator" in page.locator(".messages").inner_text()
    assert "Open" in page.locator(".proposal-status").inner_text()

    carol_context = browser.new_context(viewport={"width": 1280, "height": 900})
    review = carol_context.new_page()
    review.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(review, live_server.url, "carol")
    review.goto(f"{live_server.url}/skills/pytorch/")
    review.locator("#community").get_by_role("link", name="Review queue").click()
    review.get_by_role("link", name="ML Engineer at level 2", exact=False).click()
    assert NEW_LINE in review.locator("table.diff-table ins").inner_text()
    screenshot(review, "proposal-review")
    review.get_by_role("button", name="Accept and apply").click()
    assert "Accepted and applied" in review.locator(".messages").inner_text()
    assert "Accepted" in review.locator(".proposal-status").inner_text()
    carol_context.close()

    page.goto(f"{live_server.url}/skills/pytorch/")
    row = page.locator("#level-2 table.matrix tbody tr").first
    row.locator("summary").click()
    assert NEW_LINE in row.locator("ol.criteria").inner_text()
    page.get_by_role("link", name="Notifications").click()
    notices = page.locator("main").inner_text()
    assert "Your suggested edit was accepted" in notices
    assert "was updated" not in notices  # one message for her, not two
    screenshot(page, "suggestion-accepted-notification")
    alice_context.close()
    assert errors == []


def test_carol_edits_a_level_description_in_place(
    live_server: Any, browser: Any, pytorch: None, carol: User
) -> None:
    SkillLevel.objects.create(
        skill=Skill.objects.get(slug="pytorch"),
        level=Level.objects.get(number=3),
        description="Handles non-trivial tensor work.",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "carol")
    page.goto(f"{live_server.url}/skills/pytorch/")
    level = page.locator("#level-3")
    level.locator(".cell-actions").first.get_by_role("link", name="Edit", exact=True).click()
    editor = level.locator(".inline-editor")
    editor.get_by_label("Level description").fill("Trains real models unaided.")
    assert page.url.endswith("/skills/pytorch/")  # still on the profile
    screenshot(page, "edit-in-place")
    editor.get_by_role("button", name="Save").click()
    page.locator(".messages").get_by_text("is now at version 2").wait_for()
    assert "Trains real models unaided." in level.locator(".level__description").inner_text()
    context.close()
    assert errors == []
