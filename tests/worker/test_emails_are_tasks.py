"""Nothing user-facing waits for SMTP: a change enqueues its fan-out (with
ids), the fan-out saves the notifications and enqueues one email per
person, and a retry sends again only the email that failed."""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Notification, User
from accounts.services import notifications_send_many
from community.models import Follow
from skills.services import skill_bump_version
from tests.background import drain
from tests.factories import make_matrix

pytestmark = pytest.mark.django_db

refused_once: set[str] = set()


class RefusesEachAddressOnce(EmailBackend):
    """A mail server that turns each address away the first time only."""

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            if message.to[0] not in refused_once:
                refused_once.add(message.to[0])
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (450, b"try later")})
        return super().send_messages(messages)


def test_a_change_enqueues_the_fan_out_and_the_worker_tells_each_follower_once(
    database_queue: None,
    alice: User,
    bob: User,
    carol: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    skill = make_matrix(roles=1, criteria=1)
    for person in (alice, bob):
        Follow.objects.create(user=person, skill=skill)
    with django_capture_on_commit_callbacks(execute=True):
        skill_bump_version(skill=skill, by=carol, reason="admin")
    assert not Notification.objects.exists()  # nothing done in the request
    fan_out = DBTaskResult.objects.get(task_path="community.tasks.notify_followers")
    assert fan_out.args_kwargs["kwargs"] == {
        "skill_ids": [skill.pk],
        "by_id": carol.pk,
        "reason": "admin",
        "told": [],
    }
    drain()
    assert sorted(n.user.username for n in Notification.objects.all()) == ["alice", "bob"]
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


def test_a_failed_email_is_retried_alone_and_nobody_gets_two(
    database_queue: None, alice: User, bob: User, settings: Any
) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusesEachAddressOnce"}}
    refused_once.clear()
    refused_once.add("alice@example.com")  # only bob's first try fails
    with time_machine.travel(timezone.now(), tick=False) as clock:
        notifications_send_many(
            {alice: ("Hello Alice", "/a/"), bob: ("Hello Bob", "/b/")}, event="test_email"
        )
        drain()
        assert [m.to for m in mail.outbox] == [["alice@example.com"]]
        clock.shift(dt.timedelta(seconds=settings.WORKER_RETRY_BASE_SECONDS))
        drain()
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]
    assert Notification.objects.count() == 2
    bobs = next(m for m in mail.outbox if m.to == ["bob@example.com"])
    assert bobs.subject == "Skills Matrix: Hello Bob"
    assert bobs.body == f"Hello Bob\n\n{settings.SITE_URL}/b/\n"


def test_skip_email_tells_in_the_app_only(alice: User, bob: User) -> None:
    told = notifications_send_many(
        {alice: ("Due soon", "/a/"), bob: ("Due soon", "/b/")},
        event="test_email",
        skip_email=[bob.pk],
    )
    assert told == 2
    assert Notification.objects.filter(user=bob).exists()
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_a_fan_out_to_many_is_one_insert_of_tasks(
    database_queue: None, django_assert_max_num_queries: Any
) -> None:
    for size in (3, 30):
        people = [
            User.objects.create_user(f"p{size}-{i}", email=f"p{size}-{i}@example.com")
            for i in range(size)
        ]
        with django_assert_max_num_queries(6):
            notifications_send_many({p: ("Hi", "/") for p in people}, event="test_email")
        assert DBTaskResult.objects.filter(task_path="accounts.tasks.email_person").count() >= size
