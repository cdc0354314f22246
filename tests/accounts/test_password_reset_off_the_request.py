"""A password reset answers the same way, doing the same work, whether the
address has an account or not: the email is sent after the response, in a
thread, so the mail server's speed cannot tell an attacker which addresses
exist. (No wall clock here: a mail server that does not answer until the test
lets it shows whether the view waited for it.)"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

from accounts.models import User
from tests.background import finish_background_work

pytestmark = pytest.mark.django_db

release = threading.Event()


class HeldBackend(BaseEmailBackend):
    """A mail server that answers only once the test releases it."""

    def send_messages(self, email_messages: Any) -> int:
        release.wait(timeout=5)
        mail.outbox.extend(email_messages)
        return len(email_messages)


@pytest.fixture
def held_mail(settings: Any) -> Any:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.HeldBackend"}}
    release.clear()
    yield
    release.set()
    finish_background_work()


def test_the_view_answers_before_the_mail_server_does(
    client: Client, alice: User, held_mail: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []  # the person has their answer; the server has not
    release.set()
    finish_background_work()
    (sent,) = mail.outbox
    assert sent.to == ["alice@example.com"]
    assert "/accounts/reset/" in str(sent.body)


def test_nothing_is_sent_inside_the_request_for_either_kind_of_address(
    client: Client, alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    later = {}
    for email in ["alice@example.com", "nobody@example.com"]:
        with django_capture_on_commit_callbacks(execute=False) as deferred:
            response = client.post("/accounts/password_reset/", {"email": email})
        assert response["Location"] == "/accounts/password_reset/done/"
        assert mail.outbox == []
        later[email] = len(deferred)
    assert later == {"alice@example.com": 1, "nobody@example.com": 0}


def test_the_email_is_in_the_language_of_the_request(
    client: Client, alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/password_reset/", {"email": "alice@example.com"}, HTTP_ACCEPT_LANGUAGE="de"
        )
    finish_background_work()
    (sent,) = mail.outbox
    assert sent.subject == "Passwort für Skills Matrix zurücksetzen"
