"""The promotion packet: a submitted snapshot as a PDF for the engineer and
their managers, with the same visibility as the result page (the same
fetch-and-check helper), and only the reviews the result page shows them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from accounts.models import Team, User
from assessments.models import Assessment, CriterionRating
from assessments.services import (
    ManagerInput,
    RatingInput,
    assessment_rate,
    assessment_start,
    assessment_submit,
    calibration_mark,
    review_save,
    review_share,
)
from levels.ladder import ladder
from levels.models import Level
from plans.services import plan_item_create
from roles.models import Role
from skills.models import Criterion, Skill
from tests.factories import make_levels, make_matrix, make_team
from tests.pdfs.conftest import pdf_page_png, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pytorch(db: None) -> Skill:
    return make_matrix(roles=2, criteria=3)


@pytest.fixture
def role(pytorch: Skill) -> Role:
    return Role.objects.get(slug="role-000")


@pytest.fixture
def team(alice: User, bob: User) -> Team:
    return make_team("ml-platform", managers=[bob], members=[alice])


@pytest.fixture
def other_team(mallory: User) -> Team:
    return make_team("vision", managers=[mallory], members=[])


def criteria(skill: Skill, role: Role) -> list[Criterion]:
    return list(
        Criterion.objects.filter(expectation__skill=skill, expectation__role=role)
        .select_related("expectation__level")
        .order_by("expectation__level__number", "position")
    )


def submit(alice: User, skill: Skill, role: Role, by_level: dict[int, int]) -> Assessment:
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    ratings = {
        c: RatingInput(
            value=by_level[c.expectation.level.number],
            note=f"Evidence for {c.text}" if c.position == 1 else "",
            link="https://example.com/pr/1" if c.position == 1 else "",
        )
        for c in criteria(skill, role)
        if c.expectation.level.number in by_level
    }
    assessment_rate(assessment=draft, ratings=ratings, by=alice)
    return assessment_submit(assessment=draft, by=alice)


def rows(snapshot: Assessment, level: int) -> list[CriterionRating]:
    return list(snapshot.ratings.filter(frozen_level=level).order_by("frozen_position"))


@pytest.fixture
def snapshot(alice: User, pytorch: Skill, role: Role, team: Team) -> Assessment:
    """Alice meets levels 1 and 2 and is learning level 3: Senior is her target."""
    return submit(alice, pytorch, role, {1: 3, 2: 2, 3: 1})


def bob_reviews(snapshot: Assessment, team: Team, bob: User, *, share: bool) -> None:
    """Bob rates the first level-1 criterion two steps below alice (apart),
    the second one step below (differs), and agrees on the third."""
    first, second, third = rows(snapshot, 1)
    review_save(
        assessment=snapshot,
        team=team,
        by=bob,
        ratings={
            first: ManagerInput(1, "Not on her own yet"),
            second: ManagerInput(2),
            third: ManagerInput(3),
        },
        comment="Alice owns the training loop; show DDP on a real run before Senior.",
    )
    if share:
        review_share(assessment=snapshot, team=team, by=bob)


def packet(client: Client, user: User | None, snapshot: Assessment, **extra: Any) -> Any:
    if user is not None:
        client.force_login(user)
    return client.get(f"/assessments/{snapshot.pk}/packet.pdf", **extra)


# -- who gets it ---------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 200), ("carol", 404),
                                             ("mallory", 404)])  # fmt: skip
def test_the_packet_answers_as_the_result_page_does(
    client: Client,
    snapshot: Assessment,
    other_team: Team,
    who: str,
    status: int,
    request: pytest.FixtureRequest,
) -> None:
    user = request.getfixturevalue(who)
    response = packet(client, user, snapshot)
    assert response.status_code == status
    assert client.get(f"/assessments/{snapshot.pk}/result/").status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        day = timezone.localdate(snapshot.submitted_at)
        assert response["Content-Disposition"] == (
            f'attachment; filename="promotion-packet-alice-pytorch-{day}.pdf"'
        )


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, snapshot: Assessment) -> None:
    response = packet(client, None, snapshot)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/assessments/{snapshot.pk}/packet.pdf"


def test_a_draft_has_no_packet(
    client: Client, alice: User, bob: User, pytorch: Skill, role: Role, team: Team
) -> None:
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    assert packet(client, bob, draft).status_code == 404
    response = packet(client, alice, draft)
    assert response["Location"] == f"/assessments/{draft.pk}/"


def test_a_manager_who_left_the_team_no_longer_gets_it(
    client: Client, snapshot: Assessment, team: Team, bob: User
) -> None:
    team.memberships.filter(user=bob).delete()
    assert packet(client, bob, snapshot).status_code == 404


def test_the_result_page_links_to_the_packet(
    client: Client, alice: User, snapshot: Assessment
) -> None:
    client.force_login(alice)
    page = client.get(f"/assessments/{snapshot.pk}/result/").content.decode()
    assert f'href="/assessments/{snapshot.pk}/packet.pdf"' in page


# -- what it says --------------------------------------------------------------------


def test_alices_packet_has_her_readiness_ratings_evidence_and_bobs_shared_review(
    client: Client, alice: User, bob: User, snapshot: Assessment, team: Team, role: Role
) -> None:
    bob_reviews(snapshot, team, bob, share=True)
    apart = rows(snapshot, 1)[0]
    calibration_mark(rating=apart, team=team, by=bob, status="resolved", note="Agreed on Learning")
    plan_item_create(
        engineer=alice,
        criterion=Criterion.objects.get(
            expectation__role=role, expectation__level__number=3, position=2
        ),
        action="Run DDP on the churn model",
        target_date=timezone.localdate() + dt.timedelta(days=30),
        by=alice,
    )
    text = pdf_text(packet(client, alice, snapshot).content)
    flat = text.replace("\f", " ")
    # The person, the role, the target and the level reached.
    assert "Promotion packet" in text
    assert "Person alice" in flat
    assert "Role Role 000" in flat
    assert "Target level 3 · Senior" in flat
    assert "Level reached 2 · Middle" in flat
    # Readiness for Senior: the required criteria of levels 1-3, 6 of 9 met.
    assert "6 of 9 required criteria met" in flat
    assert "Every required criterion for Senior" in flat
    for c in Criterion.objects.filter(expectation__role=role, expectation__level__number__lte=3):
        assert c.text in flat
    assert flat.count("✗ Missing") == 3
    # Ratings and evidence, bob's review beside them, the disagreements marked.
    assert "Evidence for Role 000 L1 #1" in flat
    assert "https://example.com/pr/1" in flat
    assert "Review by bob (Ml Platform)" in flat
    assert "Alice owns the training loop; show DDP on a real run before Senior." in flat
    assert "Not on her own yet" in flat
    assert "2+ Role 000 L1 #1" in flat
    assert "≠ Role 000 L1 #2" in flat
    assert "≠ Role 000 L1 #3" not in flat
    assert "2+ Role 000 L1 #3" not in flat
    assert "2 ratings differ from the self-ratings, 1 two or more steps apart" in flat
    # Calibration and the growth plan.
    assert "Calibration outcomes" in flat
    assert "Resolved — Agreed on Learning" in flat
    assert "Growth plan" in flat
    assert "Run DDP on the churn model" in flat
    # Page numbers and the date on every page.
    pages = [p for p in text.split("\f") if p.strip()]
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert f"Generated {today}" in page


def test_an_unshared_review_is_in_bobs_packet_but_not_in_alices(
    client: Client, alice: User, bob: User, snapshot: Assessment, team: Team
) -> None:
    bob_reviews(snapshot, team, bob, share=False)
    alices = pdf_text(packet(client, alice, snapshot).content)
    assert "Alice owns the training loop" not in alices
    assert "Not on her own yet" not in alices
    assert "None shared yet" in alices
    client.logout()
    bobs = pdf_text(packet(client, bob, snapshot).content)
    assert "Alice owns the training loop" in bobs
    assert "Not shared with the engineer yet." in bobs


def test_another_teams_review_is_not_in_the_managers_packet(
    client: Client, alice: User, bob: User, mallory: User, snapshot: Assessment, team: Team
) -> None:
    """Each team keeps its own review: bob sees his team's only."""
    vision = make_team("vision-2", managers=[mallory], members=[alice])
    first = rows(snapshot, 1)[0]
    review_save(
        assessment=snapshot, team=vision, by=mallory, ratings={first: ManagerInput(0)},
        comment="Mallory's private notes",
    )  # fmt: skip
    assert "Mallory's private notes" not in pdf_text(packet(client, bob, snapshot).content)


def test_the_packet_follows_a_ladder_other_than_five(
    client: Client, alice: User, team: Team
) -> None:
    make_levels(7)
    skill = make_matrix(roles=1, criteria=1)
    role = Role.objects.get(slug="role-000")
    snapshot = submit(alice, skill, role, {n: 3 for n in range(1, 6)})
    flat = pdf_text(packet(client, alice, snapshot).content).replace("\f", " ")
    assert "Target level 6 · Grade 6" in flat
    assert "Level reached 5 · Grade 5 · level 5 of 7" in flat
    assert "Every required criterion for Grade 6" in flat


def test_the_chinese_packet_reads_in_chinese(
    client: Client, alice: User, bob: User, snapshot: Assessment, team: Team, tmp_path: Path
) -> None:
    bob_reviews(snapshot, team, bob, share=True)
    snapshot.ratings.filter(frozen_level=1, frozen_position=1).update(note="独立完成了训练循环")
    response = packet(client, alice, snapshot, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = pdf_text(response.content)
    assert "独立完成了训练循环" in text
    assert "已达级别" in text  # "Level reached"
    assert "佐证" in text  # "Evidence"
    png = pdf_page_png(response.content, tmp_path, "packet-zh")
    assert png.stat().st_size > 5_000


# -- queries -------------------------------------------------------------------------


def test_the_packet_runs_the_same_queries_for_more_criteria_and_plan_items(
    client: Client, alice: User, bob: User, team: Team
) -> None:
    def queries(snapshot: Assessment) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/assessments/{snapshot.pk}/packet.pdf")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    small_skill = make_matrix(roles=1, criteria=1, skill_slug="small")
    role = Role.objects.get(slug="role-000")
    ladder()
    small = submit(alice, small_skill, role, {1: 3, 2: 1})
    bob_reviews_all(small, team, bob)
    large_skill = make_matrix(roles=1, criteria=9, skill_slug="large")
    large = submit(alice, large_skill, role, {n: 1 for n in range(1, 6)})
    bob_reviews_all(large, team, bob)
    for c in Criterion.objects.filter(expectation__skill=large_skill)[:6]:
        plan_item_create(
            engineer=alice, criterion=c, action="Practise", by=alice,
            target_date=timezone.localdate() + dt.timedelta(days=9),
        )  # fmt: skip
    client.force_login(bob)
    # Session and user, the snapshot and its visibility, ratings, levels,
    # reviews (teams, reviews, their ratings), calibration, the plan (2).
    assert queries(small) == queries(large) <= 12
    assert Level.objects.count() == 5


def bob_reviews_all(snapshot: Assessment, team: Team, bob: User) -> None:
    ratings = {row: ManagerInput(3, "ok") for row in snapshot.ratings.all()}
    review_save(assessment=snapshot, team=team, by=bob, ratings=ratings, comment="Seen")
    review_share(assessment=snapshot, team=team, by=bob)
    calibration_mark(
        rating=next(iter(ratings)), team=team, by=bob, status="discussed", note="Talked"
    )
