"""In Chromium: alice downloads her promotion packet (with bob's shared
review) from her result page, and anyone reads a role's career track at
desktop and phone widths and downloads it as a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from assessments.models import Assessment
from assessments.services import (
    ManagerInput,
    RatingInput,
    assessment_rate,
    assessment_start,
    assessment_submit,
    review_save,
    review_share,
)
from roles.models import Role
from skills.models import Criterion, Skill
from tests.browser.conftest import assert_fits, screenshot, sign_in
from tests.factories import make_expectation, make_levels, make_role, make_skill, make_team
from tests.pdfs.conftest import POPPLER, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def matrix() -> tuple[Skill, Role]:
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer", "ML Engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=2, required=level.number != 2)
    return skill, role


@pytest.fixture
def alice_reviewed(alice: User, bob: User, matrix: tuple[Skill, Role]) -> Assessment:
    team = make_team("ml-platform", managers=[bob], members=[alice])
    skill, role = matrix
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    ratings = {
        c: RatingInput(value=3, note="Shipped the churn model")
        for c in Criterion.objects.filter(expectation__level__number=1)
    }
    assessment_rate(assessment=draft, ratings=ratings, by=alice)
    snapshot = assessment_submit(assessment=draft, by=alice)
    first = snapshot.ratings.filter(frozen_level=1).order_by("frozen_position").first()
    assert first is not None
    review_save(
        assessment=snapshot, team=team, by=bob, ratings={first: ManagerInput(1)},
        comment="Strong loop work; show DDP before Senior.",
    )  # fmt: skip
    review_share(assessment=snapshot, team=team, by=bob)
    return snapshot


def test_alice_downloads_her_promotion_packet_from_the_result_page(
    live_server: Any, page: Any, alice_reviewed: Assessment
) -> None:
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/assessments/{alice_reviewed.pk}/result/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the promotion packet (PDF)").click()
    download = info.value
    assert download.suggested_filename.startswith("promotion-packet-alice-pytorch-")
    assert download.suggested_filename.endswith(".pdf")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    if POPPLER:
        text = pdf_text(data)
        assert "Strong loop work; show DDP before Senior." in text
        assert "Shipped the churn model" in text


@pytest.mark.parametrize("width", [1280, 390])
def test_the_career_track_reads_at_desktop_and_phone_widths(
    live_server: Any, browser: Any, matrix: tuple[Skill, Role], width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/roles/ml-engineer/")
    assert page.get_by_role("heading", name="Focus at each level").is_visible()
    focus = page.locator(".focus-level")
    assert focus.count() == 5
    assert "ML Engineer at Junior" in focus.first.inner_text()
    assert page.locator(".track-skill .rung-cell").count() == 5
    assert_fits(page)
    screenshot(page, f"career-track-{width}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    assert info.value.suggested_filename == "career-track-ml-engineer.pdf"
    context.close()
