"""Every endpoint with the whole cast. Other people's objects are 404, as if
they did not exist; anonymous callers get 401 where a sign-in is needed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, User
from assessments.models import Assessment, ManagerReview
from assessments.services import assessment_start, assessment_submit
from roles.models import Role
from skills.models import Skill
from tests.api.conftest import token_client
from tests.assessments.conftest import rate_levels

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/api/v1/skills/",
    "/api/v1/skills/pytorch/",
    "/api/v1/skills/pytorch/matrix/",
    "/api/v1/roles/",
    "/api/v1/roles/role-000/",
    "/api/v1/levels/",
    "/api/v1/expectations/",
    "/api/v1/skills/pytorch/compare/?role=role-000&level=3&other=role-001",
]


@pytest.fixture
def alice_snapshot(alice: User, pytorch: Skill, role: Role, team: Any) -> Assessment:
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    rate_levels(draft, {1: 3, 2: 1})
    return assessment_submit(assessment=draft, by=alice)


@pytest.fixture
def alice_draft(alice: User, pytorch: Skill) -> Assessment:
    return assessment_start(engineer=alice, skill=pytorch, role=Role.objects.get(slug="role-001"))


def private_urls(snapshot: Assessment, draft: Assessment) -> list[tuple[str, str]]:
    return [
        ("get", "/api/v1/me/"),
        ("get", "/api/v1/assessments/"),
        ("get", f"/api/v1/assessments/{snapshot.pk}/"),
        ("get", f"/api/v1/assessments/{draft.pk}/"),
        ("post", f"/api/v1/assessments/{draft.pk}/ratings/"),
        ("post", f"/api/v1/assessments/{draft.pk}/submit/"),
        ("get", f"/api/v1/assessments/{snapshot.pk}/review/"),
        ("patch", f"/api/v1/assessments/{snapshot.pk}/review/"),
        ("post", f"/api/v1/assessments/{snapshot.pk}/review/share/"),
        ("get", "/api/v1/teams/ml-platform/members/"),
        ("get", "/api/v1/teams/ml-platform/gaps/"),
    ]


@pytest.mark.parametrize("url", PUBLIC)
def test_the_matrix_is_public(api: APIClient, pytorch: Skill, url: str) -> None:
    assert api.get(url).status_code == 200


def test_anonymous_callers_get_401_with_a_json_body(
    api: APIClient, alice_snapshot: Assessment, alice_draft: Assessment
) -> None:
    for method, url in private_urls(alice_snapshot, alice_draft):
        response = getattr(api, method)(url, {}, format="json")
        assert response.status_code == 401, url
        assert response.json()["code"] == "not_authenticated"
        assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("who", ["mallory", "carol"])
def test_other_people_get_404_for_alices_objects_and_teams(
    alice_snapshot: Assessment, alice_draft: Assessment, who: str, request: pytest.FixtureRequest
) -> None:
    client = token_client(request.getfixturevalue(who))
    for method, url in private_urls(alice_snapshot, alice_draft)[2:]:
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == 404, (who, url)
        assert response.json()["code"] == "not_found"
    listing = client.get("/api/v1/assessments/").json()
    assert (listing["count"], listing["results"]) == (0, [])
    assert not ManagerReview.objects.exists()


def test_the_manager_reads_team_data_and_reviews_but_never_drafts(
    as_bob: APIClient, alice_snapshot: Assessment, alice_draft: Assessment
) -> None:
    members = as_bob.get("/api/v1/teams/ml-platform/members/").json()["results"]
    assert [(m["username"], m["level_reached"]) for m in members] == [("alice", 1)]
    gaps = as_bob.get("/api/v1/teams/ml-platform/gaps/").json()["results"]
    assert {g["key"] for g in gaps} == {"c1", "c2"}
    assert as_bob.get(f"/api/v1/assessments/{alice_snapshot.pk}/").status_code == 200
    assert as_bob.get(f"/api/v1/assessments/{alice_draft.pk}/").status_code == 404
    assert as_bob.post(f"/api/v1/assessments/{alice_snapshot.pk}/submit/").status_code == 404
    rating = alice_snapshot.ratings.order_by("pk").first()
    assert rating is not None
    saved = as_bob.patch(
        f"/api/v1/assessments/{alice_snapshot.pk}/review/",
        {"comment": "Good.", "ratings": [{"rating": rating.pk, "value": 1, "comment": "Show me."}],
         "team": "other", "reviewer": "mallory", "shared_at": "2020-01-01T00:00:00Z"},
        format="json",
    )  # fmt: skip
    body = saved.json()
    assert (body["team"], body["reviewer"], body["shared_at"]) == ("ml-platform", "bob", None)
    shared = as_bob.post(f"/api/v1/assessments/{alice_snapshot.pk}/review/share/").json()
    assert shared["shared_at"] is not None


def test_a_member_cannot_read_the_team(as_alice: APIClient, alice_snapshot: Assessment) -> None:
    assert as_alice.get("/api/v1/teams/ml-platform/members/").status_code == 404
    assert as_alice.get(f"/api/v1/assessments/{alice_snapshot.pk}/review/").status_code == 404


def test_a_revoked_or_unknown_token_is_refused(alice: User, pytorch: Skill) -> None:
    client = token_client(alice)
    assert client.get("/api/v1/me/").status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    refused = client.get("/api/v1/me/")
    assert refused.status_code == 401
    assert refused.json() == {
        "detail": "The token is unknown or was revoked.",
        "code": "authentication_failed",
    }
    stranger = APIClient()
    stranger.credentials(HTTP_AUTHORIZATION="Bearer smx_made-up")
    assert stranger.get("/api/v1/me/").status_code == 401


def test_tokens_are_stored_hashed_and_shown_once(client: Any, alice: User) -> None:
    client.force_login(alice)
    page = client.post("/accounts/tokens/", {"name": "HR sync"}).content.decode()
    token = ApiToken.objects.get()
    secret = page.split('<code class="token-secret">')[1].split("</code>")[0]
    assert secret.startswith("smx_")
    assert secret not in token.digest
    assert token.digest != secret
    assert secret not in client.get("/accounts/tokens/").content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/me/").json()["username"] == "alice"
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api.get("/api/v1/me/").status_code == 401


def test_someone_elses_token_cannot_be_revoked(client: Any, alice: User, mallory: User) -> None:
    token_client(alice)
    client.force_login(mallory)
    assert client.post(f"/accounts/tokens/{ApiToken.objects.get().pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


@override_settings(API_RATE_LIMIT="3/minute")
def test_fair_use_throttling_per_token(alice: User, pytorch: Skill) -> None:
    from django.core.cache import cache

    cache.clear()
    client = token_client(alice)
    codes = [client.get("/api/v1/me/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/me/").json()["code"] == "throttled"


def test_the_engineer_reads_shared_reviews_and_a_patch_keeps_what_it_does_not_send(
    as_alice: APIClient, as_bob: APIClient, alice_snapshot: Assessment
) -> None:
    url = f"/api/v1/assessments/{alice_snapshot.pk}/"
    rating = alice_snapshot.ratings.order_by("pk").first()
    assert rating is not None
    as_bob.patch(
        f"{url}review/",
        {"comment": "Keep going.", "ratings": [{"rating": rating.pk, "value": 2}]},
        format="json",
    )
    assert as_alice.get(url).json()["reviews"] == []  # not shared yet
    as_bob.patch(f"{url}review/", {"ratings": [{"rating": rating.pk, "value": 3}]}, format="json")
    as_bob.post(f"{url}review/share/")
    (review,) = as_alice.get(url).json()["reviews"]
    assert review["comment"] == "Keep going."
    assert review["ratings"] == [{"rating": rating.pk, "value": 3, "comment": ""}]
    assert as_bob.get(url).json()["reviews"][0]["team"] == "ml-platform"


@override_settings(API_RATE_LIMIT="3/minute", BEHIND_HTTPS_PROXY=False)
def test_made_up_forwarded_addresses_share_the_callers_limit(api: APIClient, db: None) -> None:
    from django.core.cache import cache

    cache.clear()
    codes = [
        api.get("/api/v1/skills/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(40)
    ]
    assert codes[:3] == [200, 200, 200]
    assert set(codes[3:]) == {429}


@override_settings(API_RATE_LIMIT="3/minute", BEHIND_HTTPS_PROXY=True)
def test_behind_the_proxy_the_limit_follows_the_address_it_appended(
    api: APIClient, db: None
) -> None:
    from django.core.cache import cache

    cache.clear()

    def call(made_up: str, client_address: str) -> int:
        forwarded = f"{made_up}, {client_address}"  # our proxy appends the real one
        return api.get("/api/v1/skills/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    codes = [call(f"198.51.100.{n}", "203.0.113.7") for n in range(40)]
    assert codes[:3] == [200, 200, 200]
    assert set(codes[3:]) == {429}
    assert call("198.51.100.1", "203.0.113.8") == 200  # someone else has their own
