"""Brute force: five wrong passwords for one username from one address lock
that pair out for 15 minutes, on the site's sign-in and the admin's alike."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from accounts.models import User
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def attempt(client: Client, url: str, username: str, password: str, ip: str = "10.0.0.1") -> int:
    response = client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)
    return response.status_code


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_five_failures_lock_the_account_from_that_address(
    client: Client, carol: User, url: str
) -> None:
    for _ in range(4):
        assert attempt(client, url, "carol", "wrong") == 200  # the form again, with an error
    response = client.post(url, {"username": "carol", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in visible_text(response)
    assert "paused for 15 minutes" in visible_text(response)
    # even the right password is refused now, from that address
    assert attempt(client, url, "carol", "carol-password") == 429
    # the same person from another address is not affected
    assert attempt(Client(), url, "carol", "carol-password", ip="10.0.0.2") == 302


def test_the_lock_lifts_after_fifteen_minutes(client: Client, alice: User) -> None:
    for _ in range(5):
        attempt(client, "/accounts/login/", "alice", "wrong")
    assert attempt(client, "/accounts/login/", "alice", "alice-password") == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert attempt(client, "/accounts/login/", "alice", "alice-password") == 302


def test_a_success_resets_the_count(client: Client, alice: User) -> None:
    for _ in range(4):
        attempt(client, "/accounts/login/", "alice", "wrong")
    assert attempt(client, "/accounts/login/", "alice", "alice-password") == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "/accounts/login/", "alice", "wrong") == 200
