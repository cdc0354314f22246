"""A password reset answers the same way, doing the same work, whether the
address has an account or not: the request only enqueues one task with the
address; the worker looks it up and sends the email, so neither the mail
server's speed nor the lookup can tell an attacker which addresses exist.
No reset link is ever stored in the task table (the token is made when the
email is sent)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from tests.background import drain

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_queue")]


def test_the_view_answers_before_any_email_is_sent(client: Client, alice: User) -> None:
    response = client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []  # the person has their answer; nothing was sent yet
    assert drain() == 1
    (sent,) = mail.outbox
    assert sent.to == ["alice@example.com"]
    assert "/accounts/reset/" in str(sent.body)


def test_either_kind_of_address_enqueues_the_same_one_task_and_no_link(
    client: Client, alice: User
) -> None:
    for email in ["alice@example.com", "nobody@example.com"]:
        response = client.post("/accounts/password_reset/", {"email": email})
        assert response["Location"] == "/accounts/password_reset/done/"
    tasks = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [t.task_path for t in tasks] == ["accounts.tasks.password_reset_email"] * 2
    assert [t.args_kwargs["kwargs"]["email"] for t in tasks] == [
        "alice@example.com",
        "nobody@example.com",
    ]
    assert all(
        "token" not in str(t.args_kwargs) and "reset/" not in str(t.args_kwargs) for t in tasks
    )
    assert mail.outbox == []
    drain()
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_the_email_is_in_the_language_of_the_request(client: Client, alice: User) -> None:
    client.post(
        "/accounts/password_reset/", {"email": "alice@example.com"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    drain()
    (sent,) = mail.outbox
    assert sent.subject == "Passwort für Skills Matrix zurücksetzen"


def test_a_mail_server_that_refuses_gets_the_email_again_later(
    client: Client, alice: User, settings: Any
) -> None:
    settings.MAILERS = {"default": {"BACKEND": "tests.worker.mailers.RefusingBackend"}}
    client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    drain()
    (task,) = DBTaskResult.objects.all()
    assert task.status == "READY"  # to be retried, after a wait
    assert task.exception_class_path == "smtplib.SMTPServerDisconnected"
