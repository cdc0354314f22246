"""Suggesting is rate-limited per person in the database, like commenting:
every proposal emails every curator, so one account must not be able to
flood them. The count lives in the database, so it holds across app
servers (and across the page and the API); a withdrawn proposal still counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Notification, User
from community.models import Proposal
from levels.models import Level
from skills.models import Skill
from tests.api.conftest import token_client
from tests.html import visible_text

pytestmark = pytest.mark.django_db

BURST, BURST_LIMIT = dt.timedelta(minutes=10), 5
DAY_LIMIT = 20


def page_suggest(client: Client, n: int) -> Any:
    return client.post(
        "/skills/pytorch/suggest/level/2/",
        {"description": f"Better description number {n}.", "rationale": "Clearer."},
    )


def api_suggest(client: APIClient, n: int) -> Any:
    return client.post(
        "/api/v1/skills/pytorch/proposals/",
        {
            "target": {"level": 2, "role": None},
            "proposed": {"description": f"API description number {n}."},
            "rationale": "Clearer.",
        },
        format="json",
    )


def test_the_page_refuses_a_sixth_suggestion_in_ten_minutes_and_sends_nothing(
    client: Client,
    pytorch: Skill,
    alice: User,
    carol: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(BURST_LIMIT):
            assert page_suggest(client, n).status_code == 302
    assert len(mail.outbox) == BURST_LIMIT  # carol hears of each
    mail.outbox.clear()
    notifications = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = page_suggest(client, 99)
    assert response.status_code == 429
    text = visible_text(response)
    assert "You have made 5 suggestions in the last 10 minutes" in text
    assert "Better description number 99." in text  # the form is shown again, filled in
    assert Proposal.objects.count() == BURST_LIMIT
    assert Notification.objects.count() == notifications
    assert mail.outbox == []
    Proposal.objects.update(created_at=timezone.now() - BURST - dt.timedelta(seconds=1))
    assert page_suggest(client, 100).status_code == 302


def test_the_api_answers_429_with_a_json_body_and_saves_nothing(
    pytorch: Skill, alice: User, carol: User, django_capture_on_commit_callbacks: Any
) -> None:
    as_alice = token_client(alice)
    for n in range(BURST_LIMIT):
        assert api_suggest(as_alice, n).status_code == 201
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_suggest(as_alice, 99)
    assert response.status_code == 429
    assert response.json() == {
        "detail": "You have made 5 suggestions in the last 10 minutes; wait a while.",
        "code": "rate_limited",
    }
    assert Proposal.objects.count() == BURST_LIMIT
    assert mail.outbox == []


def test_the_daily_limit_counts_withdrawn_proposals_across_page_api_and_servers(
    client: Client, pytorch: Skill, alice: User, mallory: User
) -> None:
    # Most of the day's proposals were made long enough ago not to hit the burst limit.
    earlier = timezone.now() - dt.timedelta(hours=2)
    for n in range(DAY_LIMIT - 1):
        proposal = Proposal.objects.create(
            skill=pytorch,
            kind="level",
            level=Level.objects.get(number=2),
            target_label="x",
            original={"description": ""},
            proposed={"description": f"Old {n}"},
            rationale="r",
            proposer=alice,
            base_version=1,
            status=Proposal.Status.WITHDRAWN,
        )
        Proposal.objects.filter(pk=proposal.pk).update(created_at=earlier)
    # "Server A" (the API) takes the last one of the day ...
    assert api_suggest(token_client(alice), 1).status_code == 201
    # ... "server B" (the page, with a cold cache of its own) refuses the next.
    cache.clear()
    client.force_login(alice)
    response = page_suggest(client, 2)
    assert response.status_code == 429
    assert "You have made 20 suggestions today; that is the daily limit." in visible_text(response)
    # Another person is not affected.
    client.force_login(mallory)
    assert page_suggest(client, 3).status_code == 302
