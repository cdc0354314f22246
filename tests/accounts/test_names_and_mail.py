"""Names are one line of plain text, and a failing email never turns an
action that was saved into an error page: the notification is the record,
the email a courtesy."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

from accounts.models import ApiToken, Notification, Team, User
from community.models import Follow, Proposal
from skills.models import Skill
from tests.factories import make_matrix
from tests.html import form_data, visible_text

pytestmark = pytest.mark.django_db

ONE_LINE = "Use one line of plain text"


@pytest.mark.parametrize(
    "name", ["Alice\nBcc: everyone@example.com", "Al\tice", "Al\x1bice", "\u202eecilA", "A\u2028B"]
)
def test_a_display_name_with_control_or_direction_characters_is_refused(
    client: Client, alice: User, name: str
) -> None:
    client.force_login(alice)
    response = client.post(
        "/accounts/profile/", {"first_name": name, "last_name": "", "email": "alice@example.com"}
    )
    assert response.status_code == 400
    assert ONE_LINE in visible_text(response)
    alice.refresh_from_db()
    assert alice.first_name == ""


def test_an_ordinary_name_in_any_script_is_fine(client: Client, alice: User) -> None:
    client.force_login(alice)
    data = {"first_name": "Zoë", "last_name": "王 O'Brien-Ähm", "email": "alice@example.com"}
    assert client.post("/accounts/profile/", data).status_code == 302
    alice.refresh_from_db()
    assert alice.display_name == "Zoë 王 O'Brien-Ähm"


def test_a_token_name_with_a_newline_is_refused(client: Client, alice: User) -> None:
    client.force_login(alice)
    response = client.post("/accounts/tokens/", {"name": "laptop\nX-Evil: 1"})
    assert response.status_code == 400
    assert ONE_LINE in visible_text(response)
    assert not ApiToken.objects.exists()


def test_a_team_name_with_a_newline_is_refused() -> None:
    with pytest.raises(ValidationError, match=ONE_LINE):
        Team(slug="ml", name="ML\nPlatform").full_clean()


# -- A failing email keeps the action ---------------------------------------------


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that refuses everything, as a bad header would."""

    def send_messages(self, email_messages: Any) -> int:
        raise ValueError("Header values may not contain linefeed or carriage return characters")


@pytest.fixture
def refusing_mail(settings: Any) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}


@pytest.fixture
def pytorch(db: None) -> Skill:
    return make_matrix(roles=1, criteria=2)


def suggest(client: Client) -> Any:
    url = "/skills/pytorch/suggest/level/2/"
    data = form_data(client.get(url), "suggest-form")
    data.update({"description": "Writes tensor code unaided.", "rationale": "Clearer."})
    return client.post(url, data)


def test_a_suggestion_is_saved_when_the_curators_email_fails(
    client: Client,
    alice: User,
    carol: User,
    pytorch: Skill,
    refusing_mail: None,
    caplog: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # A name saved before names were checked (or by a script): the audit's case.
    User.objects.filter(pk=alice.pk).update(first_name="Alice\nBcc: x@example.com")
    client.force_login(alice)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = suggest(client)
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/proposals/{proposal.pk}/"
    assert Notification.objects.filter(user=carol, url=f"/proposals/{proposal.pk}/").exists()
    (failure,) = [r for r in caplog.records if r.getMessage() == "email_failed"]
    assert failure.event == "notification_email"
    assert failure.user == carol.pk


def test_the_subject_of_an_email_is_always_one_line(
    client: Client,
    alice: User,
    carol: User,
    pytorch: Skill,
    django_capture_on_commit_callbacks: Any,
) -> None:
    User.objects.filter(pk=alice.pk).update(first_name="Alice\nBcc: x@example.com")
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert suggest(client).status_code == 302
    (sent,) = mail.outbox
    assert sent.to == ["carol@example.com"]
    assert sent.subject.startswith("Skills Matrix: Alice Bcc: x@example.com suggested an edit")
    assert sent.message()["Bcc"] is None


def test_a_curators_edit_is_saved_when_the_followers_emails_fail(
    client: Client,
    alice: User,
    carol: User,
    pytorch: Skill,
    refusing_mail: None,
    caplog: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    Follow.objects.create(user=alice, skill=pytorch)
    client.force_login(carol)
    url = "/skills/pytorch/edit/level/1/"
    data = form_data(client.get(url), "edit-form")
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "description": "Reads and runs tensor code."})
    assert response.status_code == 302
    pytorch.refresh_from_db()
    assert pytorch.version == 2
    assert Notification.objects.filter(user=alice).exists()
    assert [r.getMessage() for r in caplog.records].count("email_failed") == 1
