"""A submitted snapshot never changes with the matrix; progress shows every
snapshot over time and the difference between any two."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from roles.models import Role
from skills.models import Criterion, Expectation, Skill
from tests.assessments.conftest import criteria_of, rate_levels
from tests.html import between, visible_text

pytestmark = pytest.mark.django_db


def submit_on(
    alice: User, skill: Skill, role: Role, ratings: dict[int, int], day: dt.date
) -> Assessment:
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    rate_levels(draft, ratings)
    snapshot = assessment_submit(assessment=draft, by=alice)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    Assessment.objects.filter(pk=snapshot.pk).update(submitted_at=moment)
    snapshot.refresh_from_db()
    return snapshot


def test_editing_the_matrix_never_rewrites_a_snapshot(
    client: Client, alice: User, alice_snapshot: Assessment
) -> None:
    client.force_login(alice)
    before = visible_text(client.get(f"/assessments/{alice_snapshot.pk}/result/"))
    criterion = criteria_of(alice_snapshot.skill, alice_snapshot.role, level=1)[0]
    original_text = criterion.text
    criterion.text = "Rewritten after the snapshot."
    criterion.save()
    Expectation.objects.filter(pk=criterion.expectation_id).update(required=False)
    Criterion.objects.filter(expectation__level__number=5).delete()

    after = visible_text(client.get(f"/assessments/{alice_snapshot.pk}/result/"))

    assert after == before
    assert original_text in after
    assert "Rewritten after the snapshot." not in after


def test_the_snapshot_records_level_readiness_and_matrix_version(
    alice_snapshot: Assessment,
) -> None:
    assert alice_snapshot.level_reached == 2
    assert (alice_snapshot.required_met, alice_snapshot.required_total) == (6, 9)
    assert (alice_snapshot.career_level, alice_snapshot.target_level) == (None, 3)
    assert (alice_snapshot.criteria_met, alice_snapshot.criteria_total) == (6, 15)
    assert alice_snapshot.matrix_version == 1
    assert alice_snapshot.ratings.filter(frozen_level__isnull=True).count() == 0


def test_progress_shows_every_snapshot_a_chart_and_the_latest_change(
    client: Client, alice: User, pytorch: Skill, role: Role
) -> None:
    submit_on(alice, pytorch, role, {1: 2}, dt.date(2026, 5, 1))
    submit_on(alice, pytorch, role, {1: 2, 2: 2}, dt.date(2026, 8, 1))
    submit_on(alice, pytorch, role, {1: 3, 2: 2, 3: 2}, dt.date(2026, 11, 1))
    client.force_login(alice)
    response = client.get("/me/progress/")
    page = visible_text(response)
    html = response.content.decode()

    assert html.count("<circle") == 6  # level and share of criteria met, per snapshot
    assert "<svg" in html
    assert (
        "May 1, 2026: level 1, 3/15. Aug. 1, 2026: level 2, 6/15. Nov. 1, 2026: level 3, 9/15."
        in page
    )
    table = between(page, "Next level: required met", "Compare two snapshots")
    assert table.index("Nov. 1, 2026 Senior 9 / 15") < table.index("May 1, 2026 Junior 3 / 15")
    diff = between(page, "Compare two snapshots", "Skills Matrix —")
    assert diff.count("Meets → Exceeds") == 3
    assert diff.count("not rated → Meets") == 3
    assert "9 criteria unchanged" in diff


def test_the_diff_compares_any_two_snapshots_and_shows_matrix_changes(
    client: Client, alice: User, pytorch: Skill, role: Role
) -> None:
    first = submit_on(alice, pytorch, role, {1: 2}, dt.date(2026, 5, 1))
    criterion = criteria_of(pytorch, role, level=1)[0]
    criterion.text = "Reworded between the snapshots."
    criterion.save()
    Criterion.objects.create(
        expectation=criterion.expectation, position=9, key="added", text="Added between them."
    )
    last = submit_on(alice, pytorch, role, {1: 1}, dt.date(2026, 6, 1))
    client.force_login(alice)
    page = visible_text(client.get("/me/progress/", {"from": first.pk, "to": last.pk}))
    diff = between(page, "Compare two snapshots", "Skills Matrix —")
    assert "Lower than before" in diff
    assert diff.count("Meets → Learning") == 3
    assert "New in the matrix Added between them." in diff
    assert "Reworded in the matrix" in diff
    assert "Reworded between the snapshots." in diff


def test_progress_with_a_snapshot_id_of_someone_else_shows_only_yours(
    client: Client, alice: User, mallory: User, pytorch: Skill, role: Role
) -> None:
    mine = submit_on(mallory, pytorch, role, {1: 2}, dt.date(2026, 5, 1))
    submit_on(alice, pytorch, role, {1: 2}, dt.date(2026, 5, 1))
    theirs = submit_on(alice, pytorch, role, {1: 3}, dt.date(2026, 6, 1))
    client.force_login(mallory)
    page = visible_text(client.get("/me/progress/", {"from": theirs.pk, "to": mine.pk}))
    assert "Compare two snapshots" not in page  # mallory has a single snapshot
    assert "Exceeds" not in page


def test_progress_before_any_submission_says_what_to_do(client: Client, alice: User) -> None:
    client.force_login(alice)
    page = visible_text(client.get("/me/progress/"))
    assert "Nothing submitted yet. Submit an assessment and your progress will appear here." in page
