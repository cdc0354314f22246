"""Signing in and out, passwords, optional sign-up and the profile."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from levels.models import Level
from roles.models import Role
from tests.factories import make_levels, make_role
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_alice_signs_in_and_lands_on_her_assessments(client: Client, alice: User) -> None:
    response = client.post("/accounts/login/", {"username": "alice", "password": "alice-password"})
    assert response["Location"] == "/me/assessments/"
    assert "alice Sign out" in visible_text(client.get("/me/assessments/"))


def test_a_wrong_password_is_refused_with_a_message(client: Client, alice: User) -> None:
    response = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in visible_text(response)


def test_signing_out_is_a_post(client: Client, alice: User) -> None:
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/"
    assert "Sign in" in visible_text(client.get("/"))


def test_a_password_can_be_changed(client: Client, alice: User) -> None:
    client.force_login(alice)
    assert "Change your password" in visible_text(client.get("/accounts/password_change/"))
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "alice-password",
            "new_password1": "a-much-better-passphrase",
            "new_password2": "a-much-better-passphrase",
        },
    )
    assert response["Location"] == "/accounts/password_change/done/"
    alice.refresh_from_db()
    assert alice.check_password("a-much-better-passphrase")


def test_a_forgotten_password_is_reset_through_an_emailed_link(client: Client, alice: User) -> None:
    client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your Skills Matrix password"
    match = re.search(r"http://testserver(/accounts/reset/\S+/)", str(mail.outbox[0].body))
    assert match is not None
    form_page = client.get(match.group(1), follow=True)
    assert "Choose a new password" in visible_text(form_page)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "reset-passphrase-2026", "new_password2": "reset-passphrase-2026"},
    )
    assert response["Location"] == "/accounts/reset/done/"
    alice.refresh_from_db()
    assert alice.check_password("reset-passphrase-2026")


def test_a_reset_for_an_unknown_address_reveals_nothing(client: Client, db: None) -> None:
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_sign_up_is_off_unless_the_setting_allows_it(client: Client, settings: object) -> None:
    settings.ALLOW_SIGNUP = False  # type: ignore[attr-defined]
    assert client.get("/accounts/signup/").status_code == 404
    assert "Sign up" not in visible_text(client.get("/accounts/login/"))


def test_with_sign_up_on_a_new_engineer_can_join(client: Client, settings: object) -> None:
    settings.ALLOW_SIGNUP = True  # type: ignore[attr-defined]
    response = client.post(
        "/accounts/signup/",
        {
            "username": "dave",
            "email": "dave@example.com",
            "password1": "dave-long-passphrase",
            "password2": "dave-long-passphrase",
        },
    )
    assert response["Location"] == "/accounts/profile/"
    assert User.objects.get(username="dave").email == "dave@example.com"
    assert "Welcome! Set your role and level" in visible_text(client.get("/accounts/profile/"))


def test_a_weak_sign_up_password_is_refused(client: Client, settings: object) -> None:
    settings.ALLOW_SIGNUP = True  # type: ignore[attr-defined]
    response = client.post(
        "/accounts/signup/",
        {"username": "dave", "email": "dave@example.com", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 400
    assert "This password is too short" in visible_text(response)
    assert not User.objects.filter(username="dave").exists()


def test_the_profile_sets_role_and_career_level(client: Client, alice: User) -> None:
    make_levels()
    make_role("ml-engineer", "ML Engineer")
    client.force_login(alice)
    response = client.post(
        "/accounts/profile/",
        {
            "first_name": "Alice",
            "last_name": "Liddell",
            "email": "alice@example.com",
            "role": Role.objects.get(slug="ml-engineer").pk,
            "career_level": Level.objects.get(number=2).pk,
        },
    )
    assert response["Location"] == "/accounts/profile/"
    alice.refresh_from_db()
    assert (alice.role.slug, alice.career_level.number) == ("ml-engineer", 2)  # type: ignore[union-attr]
    assert "Alice Liddell" in visible_text(client.get("/accounts/profile/"))


def test_a_bad_profile_is_refused_and_nothing_changes(client: Client, alice: User) -> None:
    client.force_login(alice)
    response = client.post("/accounts/profile/", {"email": "not-an-email", "role": "999"})
    assert response.status_code == 400
    page = visible_text(response)
    assert "Enter a valid email address." in page
    assert "Select a valid choice." in page
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_an_email_address_belongs_to_one_account(
    client: Client, alice: User, bob: User, settings: object
) -> None:
    settings.ALLOW_SIGNUP = True  # type: ignore[attr-defined]
    signup = client.post(
        "/accounts/signup/",
        {
            "username": "eve",
            "email": "ALICE@example.com",
            "password1": "eve-long-passphrase",
            "password2": "eve-long-passphrase",
        },
    )
    assert signup.status_code == 400
    assert "Another account already uses this email address." in visible_text(signup)
    client.force_login(bob)
    profile = client.post("/accounts/profile/", {"email": "alice@example.com"})
    assert profile.status_code == 400
    bob.refresh_from_db()
    assert bob.email == "bob@example.com"
