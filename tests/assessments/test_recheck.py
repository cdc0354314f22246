"""Re-check: when the matrix deprecates or rewords a criterion people rated as
met, they are told once per change, and their next draft asks them to rate it
again instead of carrying the old rating. Snapshots never change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification, User
from assessments.models import Assessment, CriterionRating
from assessments.services import (
    RatingInput,
    assessment_rate,
    assessment_start,
    assessment_submit,
    recheck_after_change,
)
from roles.models import Role
from skills.export import levels_document, roles_document, skill_document
from skills.matrix_yaml import dump_yaml
from skills.models import Criterion, Skill
from skills.services import skill_bump_version
from tests.assessments.conftest import criteria_of, rate_levels
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

OnCommit = Callable[..., Any]


def deprecate(criterion: Criterion) -> None:
    criterion.deprecated = True
    criterion.deprecated_since = "PyTorch 2.5"
    criterion.replaced_by = "torch.export"
    criterion.save()


def snapshot(person: User, skill: Skill, role: Role, ratings: dict[int, int]) -> Assessment:
    draft = assessment_start(engineer=person, skill=skill, role=role)
    rate_levels(draft, ratings)
    return assessment_submit(assessment=draft, by=person)


def change(skill: Skill, edit: Callable[[], None], on_commit: OnCommit) -> None:
    """One change as the admin makes it: edits, then the version bump, in one
    transaction; the re-check runs once it commits."""
    with on_commit(execute=True), transaction.atomic():
        edit()
        skill_bump_version(skill=skill, reason="admin")


def export_to(folder: Path, document: dict[str, Any]) -> None:
    """The database's levels and roles with ``document`` for the skill, as
    files ``import_matrix`` reads."""
    (folder / "levels.yaml").write_text(dump_yaml(levels_document()))
    (folder / "roles.yaml").write_text(dump_yaml(roles_document()))
    (folder / "skill.yaml").write_text(dump_yaml(document))


def notifications(person: User) -> list[str]:
    return list(Notification.objects.filter(user=person).values_list("message", flat=True))


@pytest.fixture
def rated(alice: User, pytorch: Skill, role: Role) -> Assessment:
    """Alice's snapshot: level 1 exceeded, level 2 met, level 3 learning."""
    return snapshot(alice, pytorch, role, {1: 3, 2: 2, 3: 1})


def test_one_notification_counts_the_met_criteria_a_change_revised(
    alice: User, mallory: User, pytorch: Skill, role: Role, rated: Assessment,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:  # fmt: skip
    level1, level2, level3 = (criteria_of(pytorch, role, n) for n in (1, 2, 3))

    def edit() -> None:
        deprecate(level1[0])  # rated exceeds
        level2[0].text = "Trains a transformer on a sharded dataset."  # rated meets, reworded
        level2[0].save()
        level1[1].text = level1[1].text + "."  # punctuation only: not a revision
        level1[1].save()
        level3[0].text = "Something else entirely."  # rated learning: nothing to re-check
        level3[0].save()

    change(pytorch, edit, django_capture_on_commit_callbacks)

    assert notifications(alice) == [
        f"2 criteria you rated as met in {pytorch.name} were updated; re-check them."
    ]
    assert notifications(mallory) == []
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "/me/assessments/" in mail.outbox[0].body


def test_the_next_draft_asks_again_and_the_snapshot_stays_as_it_was(
    alice: User, pytorch: Skill, role: Role, rated: Assessment,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:  # fmt: skip
    level1, level2 = criteria_of(pytorch, role, 1), criteria_of(pytorch, role, 2)
    frozen = list(rated.ratings.values_list("frozen_text", "value"))

    def edit() -> None:
        deprecate(level1[0])
        level2[0].text = "Trains a transformer on a sharded dataset."
        level2[0].save()

    change(pytorch, edit, django_capture_on_commit_callbacks)
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)

    rows = {r.criterion_id: r for r in draft.ratings.all()}
    assert (rows[level1[0].pk].value, rows[level1[0].pk].recheck_value) == (None, 3)
    assert (rows[level2[0].pk].value, rows[level2[0].pk].recheck_value) == (None, 2)
    assert (rows[level1[1].pk].value, rows[level1[1].pk].recheck_value) == (3, None)
    marked = {r.criterion_id for r in draft.ratings.all() if r.needs_recheck}
    assert marked == {level1[0].pk, level2[0].pk}
    assert list(rated.ratings.values_list("frozen_text", "value")) == frozen
    assert Criterion.objects.get(pk=level2[0].pk).revised_from.startswith("Role 000 L2")


def test_rating_it_again_clears_the_mark(
    alice: User, pytorch: Skill, role: Role, rated: Assessment,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:  # fmt: skip
    target = criteria_of(pytorch, role, 1)[0]
    change(pytorch, lambda: deprecate(target), django_capture_on_commit_callbacks)
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)

    assessment_rate(assessment=draft, ratings={target: RatingInput(value=None)}, by=alice)
    assert draft.ratings.get(criterion=target).recheck_value == 3  # still to do
    assessment_rate(assessment=draft, ratings={target: RatingInput(value=1)}, by=alice)
    row = draft.ratings.get(criterion=target)
    assert (row.value, row.recheck_value) == (1, None)


def test_a_snapshot_submitted_without_re_checking_passes_the_question_on(
    alice: User, pytorch: Skill, role: Role, rated: Assessment,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:  # fmt: skip
    target = criteria_of(pytorch, role, 1)[0]
    change(pytorch, lambda: deprecate(target), django_capture_on_commit_callbacks)
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    assessment_submit(assessment=draft, by=alice)  # left it unrated

    following = assessment_start(engineer=alice, skill=pytorch, role=role)
    row = following.ratings.get(criterion=target)
    assert (row.value, row.recheck_value) == (None, 3)


def test_the_draft_shows_the_text_alice_rated_not_an_intermediate_one(
    alice: User, pytorch: Skill, role: Role, rated: Assessment,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:  # fmt: skip
    target = criteria_of(pytorch, role, 2)[0]
    rated_text = target.text

    def reword(text: str) -> Callable[[], None]:
        def edit() -> None:
            target.text = text
            target.save()

        return edit

    change(pytorch, reword("Trains a transformer on one GPU."), django_capture_on_commit_callbacks)
    change(
        pytorch, reword("Trains a transformer on eight GPUs."), django_capture_on_commit_callbacks
    )
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    assert draft.ratings.get(criterion=target).recheck_text == rated_text


def test_an_open_draft_is_marked_too(
    alice: User, pytorch: Skill, role: Role, rated: Assessment,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:  # fmt: skip
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    target, untouched = criteria_of(pytorch, role, 2)[:2]
    change(pytorch, lambda: deprecate(target), django_capture_on_commit_callbacks)
    assert (draft.ratings.get(criterion=target).value,
            draft.ratings.get(criterion=target).recheck_value) == (None, 2)  # fmt: skip
    other = criteria_of(pytorch, role, 2)[2]
    before = other.text

    def reword() -> None:
        other.text = "Something else to be able to do."
        other.save()

    change(pytorch, reword, django_capture_on_commit_callbacks)
    assert draft.ratings.get(criterion=other).recheck_text == before
    assert draft.ratings.get(criterion=untouched).value == 2


def test_only_the_latest_snapshot_counts(
    alice: User, pytorch: Skill, role: Role, django_capture_on_commit_callbacks: OnCommit
) -> None:
    snapshot(alice, pytorch, role, {1: 3})
    later = snapshot(alice, pytorch, role, {1: 1})  # no longer claims level 1
    Assessment.objects.filter(pk=later.pk).update(submitted_at=timezone.now() + dt.timedelta(1))
    target = criteria_of(pytorch, role, 1)[0]
    change(pytorch, lambda: deprecate(target), django_capture_on_commit_callbacks)
    assert notifications(alice) == []


def test_a_later_change_that_revises_nothing_tells_nobody_again(
    alice: User, pytorch: Skill, role: Role, rated: Assessment,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:  # fmt: skip
    target = criteria_of(pytorch, role, 1)[0]
    change(pytorch, lambda: deprecate(target), django_capture_on_commit_callbacks)

    def reword_summary() -> None:
        expectation = target.expectation
        expectation.summary = "A new summary."
        expectation.save()

    change(pytorch, reword_summary, django_capture_on_commit_callbacks)
    assert len(notifications(alice)) == 1


def test_a_rolled_back_change_tells_nobody(
    alice: User, pytorch: Skill, role: Role, rated: Assessment,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:  # fmt: skip
    target = criteria_of(pytorch, role, 1)[0]

    def failing_save() -> None:
        with transaction.atomic():
            deprecate(target)
            skill_bump_version(skill=pytorch, reason="admin")
            raise RuntimeError("the admin save failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_save()
    assert notifications(alice) == []
    assert not Criterion.objects.get(pk=target.pk).deprecated


def test_an_import_that_deprecates_a_criterion_asks_for_a_recheck(
    alice: User, pytorch: Skill, role: Role, rated: Assessment, tmp_path: Path,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:  # fmt: skip
    document = skill_document(pytorch)
    criterion = document["roles"][role.slug]["levels"][2]["criteria"][0]
    criterion["deprecated"] = {"since": "PyTorch 2.5", "replaced_by": "torch.export"}
    export_to(tmp_path, document)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_matrix", str(tmp_path), stdout=StringIO())
    assert notifications(alice) == [
        f"1 criterion you rated as met in {pytorch.name} was updated; re-check it."
    ]


def test_a_dry_run_import_revises_nothing_and_tells_nobody(
    alice: User, pytorch: Skill, role: Role, rated: Assessment, tmp_path: Path,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:  # fmt: skip
    document = skill_document(pytorch)
    document["roles"][role.slug]["levels"][2]["criteria"][0]["text"] = "Something else now."
    export_to(tmp_path, document)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_matrix", str(tmp_path), "--dry-run", stdout=StringIO())
    assert notifications(alice) == []
    assert not Criterion.objects.filter(revised_at__isnull=False).exists()
    assert not Criterion.objects.filter(recheck_pending=True).exists()


def test_the_fan_out_takes_the_same_queries_for_one_person_or_many(
    pytorch: Skill, role: Role
) -> None:
    people = [make_user(f"engineer{i}") for i in range(6)]
    snapshot(people[0], pytorch, role, {1: 2})
    target = criteria_of(pytorch, role, 1)[0]
    deprecate(target)

    def queries() -> int:
        Notification.objects.all().delete()
        Criterion.objects.filter(pk=target.pk).update(recheck_pending=True)
        with CaptureQueriesContext(connection) as ctx:
            recheck_after_change(skill_ids=[pytorch.pk])
        return len(ctx.captured_queries)

    one = queries()
    for person in people[1:]:
        snapshot(person, pytorch, role, {1: 3})
        draft = assessment_start(engineer=person, skill=pytorch, role=role)
        assessment_rate(assessment=draft, ratings={target: RatingInput(value=3)}, by=person)
    assert queries() == one
    assert Notification.objects.count() == 6
    assert CriterionRating.objects.filter(recheck_value=3, value=None).count() == 5  # drafts
