"""Brute force: five wrong passwords for one username from one address lock
that pair out for 15 minutes, on the site's sign-in and the admin's alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

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


def test_behind_the_proxy_the_clients_own_address_counts(
    client: Client, carol: User, settings: Any
) -> None:
    """Every request reaches the app from the proxy's address; the client's
    is the last one in X-Forwarded-For, so one person cannot lock everyone out
    of an account, and faking earlier entries changes nothing."""
    settings.BEHIND_HTTPS_PROXY = True

    def from_client(address: str, password: str) -> int:
        return client.post(
            "/accounts/login/",
            {"username": "carol", "password": password},
            REMOTE_ADDR="172.18.0.5",  # the proxy
            HTTP_X_FORWARDED_FOR=address,
        ).status_code

    for n in range(5):
        assert from_client(f"10.9.9.{n}, 203.0.113.7", "wrong") in {200, 429}
    assert from_client("203.0.113.7", "carol-password") == 429
    assert (
        Client()
        .post(
            "/accounts/login/",
            {"username": "carol", "password": "carol-password"},
            REMOTE_ADDR="172.18.0.5",
            HTTP_X_FORWARDED_FOR="198.51.100.20",
        )
        .status_code
        == 302
    )
