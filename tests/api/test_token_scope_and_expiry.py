"""Read-only tokens and tokens that expire: alice's read-only token pulls the
matrix and her snapshots but cannot write her draft; an expired token gets a
401 that says so; tokens made before either existed keep full access."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, User
from accounts.services import api_token_create
from assessments.models import Assessment, RatingValue
from assessments.services import (
    RatingInput,
    assessment_rate,
    assessment_start,
    assessment_submit,
)
from roles.models import Role
from skills.models import Criterion, Skill
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def client_with(secret: str) -> APIClient:
    client = APIClient()
    client.default_format = "json"
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def read_only_client(user: User) -> APIClient:
    _token, secret = api_token_create(user=user, name="dashboard", read_only=True)
    return client_with(secret)


def alices_snapshot_and_draft(
    alice: User, pytorch: Skill, role: Role
) -> tuple[Assessment, Assessment]:
    first = assessment_start(engineer=alice, skill=pytorch, role=role)
    criterion = Criterion.objects.filter(expectation__skill=pytorch, expectation__role=role).first()
    assert criterion is not None
    assessment_rate(assessment=first, ratings={criterion: RatingInput(RatingValue.MEETS)}, by=alice)
    snapshot = assessment_submit(assessment=first, by=alice)
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    return snapshot, draft


def test_alices_read_only_token_reads_the_matrix_and_her_snapshots(
    alice: User, pytorch: Skill, role: Role
) -> None:
    snapshot, _draft = alices_snapshot_and_draft(alice, pytorch, role)
    client = read_only_client(alice)
    assert client.get("/api/v1/skills/pytorch/matrix/").status_code == 200
    assert client.get("/api/v1/me/").json()["username"] == "alice"
    listing = client.get("/api/v1/assessments/")
    assert listing.status_code == 200
    assert snapshot.pk in [a["id"] for a in listing.json()["results"]]
    assert client.get(f"/api/v1/assessments/{snapshot.pk}/").json()["status"] == "submitted"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_alices_read_only_token_cannot_write_and_says_why(
    alice: User, pytorch: Skill, role: Role, method: str
) -> None:
    _snapshot, draft = alices_snapshot_and_draft(alice, pytorch, role)
    before = list(draft.ratings.values_list("criterion_id", "value", "note"))
    criterion = draft.ratings.first()
    assert criterion is not None
    client = read_only_client(alice)
    response = getattr(client, method)(
        f"/api/v1/assessments/{draft.pk}/ratings/",
        {"ratings": [{"criterion": criterion.criterion_id, "value": 1}]},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "“dashboard” is read-only" in response.json()["detail"]
    assert list(draft.ratings.values_list("criterion_id", "value", "note")) == before


def test_a_read_only_token_cannot_start_or_submit_either(
    alice: User, pytorch: Skill, role: Role
) -> None:
    _snapshot, draft = alices_snapshot_and_draft(alice, pytorch, role)
    client = read_only_client(alice)
    assert client.post(f"/api/v1/assessments/{draft.pk}/submit/").status_code == 403
    started = client.post("/api/v1/assessments/", {"skill": "pytorch", "role": "role-001"})
    assert started.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not Assessment.objects.filter(role__slug="role-001").exists()


def test_a_full_access_token_still_writes_the_same_draft(
    alice: User, pytorch: Skill, role: Role
) -> None:
    _snapshot, draft = alices_snapshot_and_draft(alice, pytorch, role)
    _token, secret = api_token_create(user=alice, name="laptop")
    rating = draft.ratings.first()
    assert rating is not None
    response = client_with(secret).post(
        f"/api/v1/assessments/{draft.pk}/ratings/",
        {"ratings": [{"criterion": rating.criterion_id, "value": 1}]},
    )
    assert response.status_code == 200


def test_tokens_made_before_scopes_existed_have_full_access() -> None:
    field = ApiToken._meta.get_field("read_only")
    assert field.default is False
    assert ApiToken._meta.get_field("expires_at").null


def test_a_token_works_until_it_expires_then_gets_a_401_that_says_so(
    alice: User, pytorch: Skill
) -> None:
    token, secret = api_token_create(user=alice, name="ci", expires_in_days=30)
    assert token.expires_at is not None
    client = client_with(secret)
    with time_machine.travel(token.expires_at - dt.timedelta(minutes=1)):
        assert client.get("/api/v1/me/").status_code == 200
    with time_machine.travel(token.expires_at + dt.timedelta(minutes=1)):
        response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "“ci” expired on" in response.json()["detail"]


def test_a_token_without_expiry_still_works_years_later(alice: User) -> None:
    _token, secret = api_token_create(user=alice, name="forever")
    with time_machine.travel(timezone.now() + dt.timedelta(days=5 * 365)):
        assert client_with(secret).get("/api/v1/me/").status_code == 200


def test_alice_creates_a_read_only_token_that_expires_in_90_days_on_the_page(
    client: Client, alice: User
) -> None:
    client.force_login(alice)
    response = client.post(
        "/accounts/tokens/", {"name": "dashboard", "expires_in_days": "90", "read_only": "on"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=alice, name="dashboard")
    assert token.read_only
    assert token.expires_at is not None
    expected = timezone.now() + dt.timedelta(days=90)
    assert abs(token.expires_at - expected) < dt.timedelta(minutes=1)
    page = visible_text(response)
    assert "Copy it now" in page
    assert "Copy the token" in page  # the button, shown by the script
    assert "Read-only: it can read but not change anything." in page
    assert "read-only" in page
    assert "expires on" in page


def test_a_token_with_defaults_has_full_access_and_never_expires(
    client: Client, alice: User
) -> None:
    client.force_login(alice)
    response = client.post("/accounts/tokens/", {"name": "laptop"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=alice, name="laptop")
    assert not token.read_only
    assert token.expires_at is None
    assert "Full access: it can do whatever you can. Never expires." in visible_text(response)


def test_the_token_list_says_when_a_token_expired(client: Client, alice: User) -> None:
    _token, _secret = api_token_create(user=alice, name="old", expires_in_days=30)
    client.force_login(alice)
    assert "expires on" in visible_text(client.get("/accounts/tokens/"))
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        client.force_login(alice)
        page = visible_text(client.get("/accounts/tokens/"))
    assert "expired on" in page


def test_an_expiry_that_is_not_offered_is_refused_and_nothing_is_made(
    client: Client, alice: User
) -> None:
    client.force_login(alice)
    response = client.post("/accounts/tokens/", {"name": "odd", "expires_in_days": "-5"})
    assert response.status_code == 400
    assert "Select a valid choice" in visible_text(response)
    assert not ApiToken.objects.filter(user=alice).exists()
