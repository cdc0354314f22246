"""In Chromium: carol, a curator, marks a criterion deprecated in the cell
editor; the profile
shows it struck and labelled; alice, who rated it Meets in her snapshot, gets
one notification and finds it first in her next draft, marked Re-check with
the reason and her earlier rating; rating it again takes the mark away."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from accounts.models import Notification, User
from assessments.models import CriterionRating
from assessments.services import RatingInput, assessment_rate, assessment_start, assessment_submit
from skills.models import Criterion, Expectation, Skill
from tests.browser.conftest import assert_fits, screenshot, sign_in
from tests.factories import make_expectation, make_levels, make_role, make_skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JIT = "Scripts a model with TorchScript so that it runs without Python."


@pytest.fixture
def alice_met_junior(alice: User) -> Skill:
    """ML Engineer, two criteria a level; alice's snapshot meets Junior."""
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer", "ML Engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=2)
    junior = skill.expectations.get(level__number=1)
    junior.criteria.filter(position=2).update(text=JIT)
    Expectation.objects.filter(pk=junior.pk).update(last_reviewed=dt.date(2025, 4, 3))
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    assessment_rate(
        assessment=draft,
        ratings={c: RatingInput(value=2) for c in junior.criteria.all()},  # Meets
        by=alice,
    )
    assessment_submit(assessment=draft, by=alice)
    return skill


def carol_deprecates_torchscript(browser: Any, url: str) -> None:
    """Carol, a curator, opens the Junior cell's editor and marks the
    TorchScript criterion deprecated, with what replaces it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, url, "carol")
    page.goto(f"{url}/skills/pytorch/edit/ml-engineer/1/")
    page.locator("details.deprecations summary").click()
    row = page.locator("fieldset", has_text="Deprecation 1")
    row.get_by_label("Criterion").select_option(label=JIT)
    row.get_by_label("Deprecated since").fill("PyTorch 2.5")
    row.get_by_label("Replaced by").fill("torch.export")
    row.get_by_label("Link to the replacement").fill(
        "https://docs.pytorch.org/docs/stable/export.html"
    )
    row.get_by_label("Note").fill("TorchScript is in maintenance; new models use torch.export.")
    assert_fits(page)
    screenshot(page, "recheck-0-curator-deprecates")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert "Saved. PyTorch is now at version 2." in page.locator(".messages").inner_text()
    assert "Deprecated criteria (1)" in page.locator("details.deprecations summary").inner_text()
    context.close()


def test_a_deprecated_criterion_reaches_alice_as_a_recheck(
    live_server: Any, browser: Any, alice: User, carol: User, alice_met_junior: Skill
) -> None:
    carol_deprecates_torchscript(browser, live_server.url)
    criterion = Criterion.objects.get(expectation__skill=alice_met_junior, text=JIT)
    assert criterion.deprecation() == {
        "since": "PyTorch 2.5",
        "replaced_by": "torch.export",
        "url": "https://docs.pytorch.org/docs/stable/export.html",
        "note": "TorchScript is in maintenance; new models use torch.export.",
    }
    assert Notification.objects.filter(user=alice).count() == 1

    # Anyone: the profile marks it in words, with what to use instead.
    visitor = browser.new_context(viewport={"width": 1280, "height": 900})
    page = visitor.new_page()
    page.goto(f"{live_server.url}/skills/pytorch/")
    junior_row = page.locator("#level-1 table.matrix tbody tr").first
    assert "Last reviewed April 3, 2025" in junior_row.inner_text()
    assert "1 deprecated item" in junior_row.inner_text()
    junior_row.locator("summary").click()
    item = junior_row.locator("li.is-deprecated")
    assert item.locator("s").inner_text() == JIT
    assert "Deprecated since PyTorch 2.5" in item.inner_text()
    assert "Use torch.export instead." in item.inner_text()
    link = item.get_by_role("link", name="torch.export")
    assert link.get_attribute("href") == "https://docs.pytorch.org/docs/stable/export.html"
    assert_fits(page)
    junior_row.scroll_into_view_if_needed()
    screenshot(page, "recheck-1-profile-deprecated")
    visitor.close()

    # Alice: one notification, and the criterion first in her next draft.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "alice")
    assert page.locator(".notifications-link .count").text_content() == "1 unread"
    page.locator(".notifications-link").click()
    notes = page.locator("ul.notifications li")
    assert notes.count() == 1
    assert (
        "1 criterion you rated as met in PyTorch was updated; re-check it."
        in notes.first.inner_text()
    )
    screenshot(page, "recheck-2-notifications")

    notes.first.get_by_role("link").click()
    page.wait_for_url("**/me/assessments/")
    page.get_by_label("Role").select_option(label="ML Engineer")
    page.get_by_role("button", name="Start or resume").click()
    page.wait_for_url("**/assessments/*/")
    assert "1 criterion to re-check" in page.locator("#recheck-summary").inner_text()
    first = page.locator("section.level-block").first.locator("fieldset.criterion").first
    assert JIT in first.locator("legend").inner_text()
    marks = first.locator(".criterion-marks")
    assert "Re-check" in marks.inner_text()
    assert "Deprecated since PyTorch 2.5: use torch.export." in marks.inner_text()
    assert "You rated it Meets before." in marks.inner_text()
    assert not first.get_by_label("Meets").is_checked()
    assert_fits(page)
    screenshot(page, "recheck-3-draft")

    # She rates it again: the mark and the count go, the deprecation stays.
    first.get_by_text("Learning", exact=True).click()
    first.get_by_text("Saved").wait_for()
    assert "Re-check" not in marks.inner_text()
    assert "Deprecated since PyTorch 2.5" in marks.inner_text()
    assert page.locator("#recheck-summary").inner_text().strip() == ""
    row = CriterionRating.objects.get(assessment__status="draft", criterion=criterion)
    assert (row.value, row.recheck_value) == (1, None)
    screenshot(page, "recheck-4-rated-again")
    context.close()
