"""A new password revokes every API token of its owner, whichever way it was
set (changed, reset by email, set by an admin): whoever knew the old one may
have made a token with it."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import ApiToken, User
from tests.api.conftest import token_client
from tests.html import visible_text

pytestmark = pytest.mark.django_db

NEW = "a-much-longer-passphrase-42"


def token_works(user: User) -> bool:
    client = token_client(user)  # a fresh token, then alice's older ones are checked
    return client.get("/api/v1/me/").status_code == 200


def older_tokens_live(user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()


def test_changing_the_password_revokes_the_tokens_and_the_page_says_so(
    client: Client, alice: User
) -> None:
    old = token_client(alice)
    assert old.get("/api/v1/me/").status_code == 200
    client.force_login(alice)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "alice-password", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert old.get("/api/v1/me/").status_code == 401
    assert "API tokens were revoked" in visible_text(client.get(response["Location"]))
    page = visible_text(client.get("/accounts/tokens/"))
    assert "revoked" in page
    assert "Changing or resetting your password revokes every token" in page
    assert token_works(alice)  # a new one, made after the change, works


def test_a_password_reset_revokes_the_tokens(client: Client, alice: User) -> None:
    old = token_client(alice)
    uid = urlsafe_base64_encode(force_bytes(alice.pk))
    link = client.get(f"/accounts/reset/{uid}/{default_token_generator.make_token(alice)}/")
    assert link.status_code == 302
    done = client.post(link["Location"], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert old.get("/api/v1/me/").status_code == 401


def test_an_admin_setting_the_password_revokes_the_tokens(
    client: Client, alice: User, carol: User
) -> None:
    old = token_client(alice)
    client.force_login(carol)
    response = client.post(
        f"/admin/accounts/user/{alice.pk}/password/",
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert old.get("/api/v1/me/").status_code == 401


def test_saving_the_profile_keeps_the_tokens(client: Client, alice: User) -> None:
    old = token_client(alice)
    client.force_login(alice)
    client.post("/accounts/profile/", {"first_name": "Alice", "email": "alice@example.com"})
    alice.refresh_from_db()
    assert alice.first_name == "Alice"
    assert old.get("/api/v1/me/").status_code == 200
    assert older_tokens_live(alice) == 1
