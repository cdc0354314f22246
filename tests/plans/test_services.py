"""Plan items and comments through their services: who may write what, what
is prefilled, and who is told."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from accounts import services as accounts_services
from accounts.models import Notification, User
from assessments.models import Assessment
from common.errors import NotAllowed, TooMany
from plans.models import PlanComment, PlanItem
from plans.services import (
    AlreadyInPlan,
    PlanError,
    plan_comment_post,
    plan_item_close,
    plan_item_delete,
    plan_item_update,
)
from skills.models import Criterion, LearningLink
from tests.plans.conftest import add_item, in_days

pytestmark = pytest.mark.django_db


def test_an_item_freezes_its_criterion_and_starts_with_the_first_live_link(
    snapshot: Assessment, missing: list[Criterion]
) -> None:
    cell = missing[0].expectation
    LearningLink.objects.filter(expectation=cell).update(
        deprecated=True, deprecated_since="2.5", replaced_by="the new one"
    )
    LearningLink.objects.create(
        expectation=cell, position=2, title="New", url="https://new.example/"
    )
    item = add_item(snapshot, missing[0])
    Criterion.objects.filter(pk=missing[0].pk).update(text="Reworded later")
    item.refresh_from_db()
    assert item.resource_url == "https://new.example/"
    assert item.criterion_text == missing[0].text
    assert (item.criterion_level, item.criterion_required, item.skill_id) == (
        3,
        True,
        cell.skill_id,
    )
    assert item.status == "open"
    assert item.suggested_by is None


def test_an_item_keeps_its_text_when_the_criterion_leaves_the_matrix(item: PlanItem) -> None:
    text = item.criterion_text
    assert item.criterion is not None
    item.criterion.delete()
    item.refresh_from_db()
    assert item.criterion_id is None
    assert item.criterion_text == text


def test_the_same_criterion_cannot_be_open_twice(item: PlanItem, snapshot: Assessment) -> None:
    with pytest.raises(AlreadyInPlan) as refused:
        add_item(snapshot, item.criterion)  # type: ignore[arg-type]
    assert refused.value.status == 409
    assert refused.value.field == "criterion"
    assert PlanItem.objects.count() == 1


def test_a_manager_suggestion_is_marked_and_tells_the_engineer_in_her_language(
    snapshot: Assessment,
    missing: list[Criterion],
    alice: User,
    bob: User,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    User.objects.filter(pk=alice.pk).update(language="de")
    snapshot.engineer.refresh_from_db()
    languages = []
    real_send = accounts_services.notification_send

    def send(**kwargs: Any) -> Any:
        languages.append(translation.get_language())
        return real_send(**kwargs)

    monkeypatch.setattr("plans.services.notification_send", send)
    with django_capture_on_commit_callbacks(execute=True):
        item = add_item(snapshot, missing[1], by=bob)
    assert languages == ["de"]
    assert item.suggested_by == bob
    note = Notification.objects.get(user=alice)
    assert note.url == f"/plan/items/{item.pk}/"
    assert "bob" in note.message
    assert missing[1].text in note.message
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


@pytest.mark.parametrize("who", ["carol", "mallory"])
def test_only_the_engineer_and_her_managers_may_add_to_her_plan(
    snapshot: Assessment, missing: list[Criterion], who: str, request: pytest.FixtureRequest
) -> None:
    with pytest.raises(NotAllowed):
        add_item(snapshot, missing[0], by=request.getfixturevalue(who))
    assert not PlanItem.objects.exists()


def test_the_engineer_changes_her_item_and_may_keep_a_passed_target_date(
    item: PlanItem, alice: User
) -> None:
    PlanItem.objects.filter(pk=item.pk).update(target_date=in_days(-3))
    item.refresh_from_db()
    plan_item_update(item=item, by=alice, action="Pair with Erin", target_date=item.target_date)
    item.refresh_from_db()
    assert item.action == "Pair with Erin"
    assert item.target_date == in_days(-3)
    assert item.is_overdue
    with pytest.raises(PlanError) as refused:
        plan_item_update(item=item, by=alice, target_date=in_days(-1))
    assert refused.value.field == "target_date"


def test_closing_needs_a_note_and_keeps_it(item: PlanItem, alice: User) -> None:
    with pytest.raises(PlanError) as refused:
        plan_item_close(item=item, by=alice, note="   ")
    assert refused.value.field == "close_note"
    item.refresh_from_db()
    assert item.status == "open"
    plan_item_close(item=item, by=alice, note="Done on the ranking project.")
    item.refresh_from_db()
    assert (item.status, item.close_note) == ("closed", "Done on the ranking project.")
    assert item.done_at is not None
    assert item.done_by is None
    with pytest.raises(Exception, match="no longer open"):
        plan_item_update(item=item, by=alice, action="again")


def test_a_manager_reads_but_never_changes_closes_or_deletes(item: PlanItem, bob: User) -> None:
    for write in (
        lambda: plan_item_update(item=item, by=bob, action="Mine now"),
        lambda: plan_item_close(item=item, by=bob, note="No"),
        lambda: plan_item_delete(item=item, by=bob),
    ):
        with pytest.raises(NotAllowed):
            write()
    item.refresh_from_db()
    assert item.status == "open"
    assert item.action == "Read the docs and pair with Dan"


def test_comments_tell_the_other_side(
    item: PlanItem, alice: User, bob: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        plan_comment_post(item=item, by=bob, body="Happy to help.")
        plan_comment_post(item=item, by=alice, body="Thanks!")
    assert [(c.author.username, c.body) for c in PlanComment.objects.all()] == [
        ("bob", "Happy to help."),
        ("alice", "Thanks!"),
    ]
    assert list(Notification.objects.values_list("user__username", flat=True).order_by("pk")) == [
        "alice",
        "bob",
    ]
    assert [m.to for m in mail.outbox] == [["alice@example.com"], ["bob@example.com"]]


@pytest.mark.parametrize("who", ["carol", "mallory"])
def test_nobody_else_may_comment(item: PlanItem, who: str, request: pytest.FixtureRequest) -> None:
    with pytest.raises(NotAllowed):
        plan_comment_post(item=item, by=request.getfixturevalue(who), body="Hi")
    assert not PlanComment.objects.exists()
    assert not Notification.objects.exists()


def test_comments_are_limited_per_minute_and_the_refused_one_tells_nobody(
    item: PlanItem, bob: User, client: Any
) -> None:
    for n in range(10):
        plan_comment_post(item=item, by=bob, body=f"Note {n}")
    told = Notification.objects.count()
    with pytest.raises(TooMany) as refused:
        plan_comment_post(item=item, by=bob, body="One more")
    assert refused.value.status == 429
    assert refused.value.code == "rate_limited"
    assert "10 comments in the last minute" in refused.value.message
    client.force_login(bob)
    response = client.post(f"/plan/items/{item.pk}/comments/", {"body": "And again"})
    assert response.status_code == 429
    assert "wait a moment" in response.content.decode()
    assert PlanComment.objects.count() == 10
    assert Notification.objects.count() == told
