"""Bad input to a plan item, by page and by API: a clear message naming the
field, a 4xx, and nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from assessments.models import Assessment
from plans.models import ACTION_MAX, COMMENT_MAX, PlanComment, PlanItem
from skills.models import Criterion
from tests.api.conftest import token_client
from tests.factories import make_matrix
from tests.plans.conftest import as_user, in_days

pytestmark = pytest.mark.django_db


def good(criterion: Criterion) -> dict[str, Any]:
    return {
        "skill": "pytorch",
        "criterion": criterion.pk,
        "action": "Pair with Dan",
        "resource_url": "https://example.com/x",
        "target_date": in_days(10).isoformat(),
    }


@pytest.fixture
def other_skill_criterion(pytorch: Any) -> Criterion:
    skill = make_matrix(roles=1, criteria=1, skill_slug="jax")
    return Criterion.objects.filter(expectation__skill=skill).first()  # type: ignore[return-value]


BAD: list[tuple[str, dict[str, Any], str]] = [
    ("target_date", {"target_date": "PAST"}, "in the past"),
    ("resource_url", {"resource_url": "javascript:alert(1)"}, "http"),
    ("resource_url", {"resource_url": "ftp://example.com/file"}, "http"),
    ("action", {"action": "   "}, ""),
    ("action", {"action": "x" * (ACTION_MAX + 1)}, str(ACTION_MAX)),
    ("action", {"action": "Read\u202edocs"}, "bidirectional"),
]


@pytest.mark.parametrize(("field", "change", "words"), BAD)
def test_the_api_refuses_bad_fields_by_name(
    alice: User, missing: list[Criterion], field: str, change: dict[str, Any], words: str
) -> None:
    data = {**good(missing[0]), **change}
    if data["target_date"] == "PAST":
        data["target_date"] = in_days(-1).isoformat()
    response = token_client(alice).post("/api/v1/plan-items/", data)
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"], response.json()
    assert words in response.json()["detail"]
    assert not PlanItem.objects.exists()


@pytest.mark.parametrize(("field", "change", "words"), BAD)
def test_the_page_refuses_bad_fields_on_the_field(
    client: Client,
    alice: User,
    snapshot: Assessment,
    missing: list[Criterion],
    field: str,
    change: dict[str, Any],
    words: str,
) -> None:
    data = {**good(missing[0]), **change}
    if data["target_date"] == "PAST":
        data["target_date"] = in_days(-1).isoformat()
    url = f"/plan/items/new/?snapshot={snapshot.pk}&criterion={missing[0].pk}"
    response = as_user(client, alice).post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert words in page
    assert not PlanItem.objects.exists()


def test_a_criterion_of_another_skill_is_refused(
    alice: User, snapshot: Assessment, other_skill_criterion: Criterion
) -> None:
    api = token_client(alice)
    response = api.post("/api/v1/plan-items/", good(other_skill_criterion))
    assert response.status_code == 400
    assert "criterion" in response.json()["errors"]
    assert "Jax" in response.json()["detail"]
    response = api.post(
        "/api/v1/plan-items/",
        {**good(other_skill_criterion), "skill": "jax", "snapshot": snapshot.pk},
    )
    assert response.status_code == 400
    assert "criterion" in response.json()["errors"]
    assert not PlanItem.objects.exists()


def test_a_criterion_of_another_skill_is_not_found_from_a_snapshot_page(
    client: Client, alice: User, snapshot: Assessment, other_skill_criterion: Criterion
) -> None:
    url = f"/plan/items/new/?snapshot={snapshot.pk}&criterion={other_skill_criterion.pk}"
    assert as_user(client, alice).post(url, good(other_skill_criterion)).status_code == 404
    assert not PlanItem.objects.exists()


def test_unknown_skill_criterion_and_a_second_open_item(
    alice: User, missing: list[Criterion]
) -> None:
    api = token_client(alice)
    assert (
        "skill"
        in api.post("/api/v1/plan-items/", {**good(missing[0]), "skill": "nope"}).json()["errors"]
    )
    assert (
        "criterion"
        in api.post("/api/v1/plan-items/", {**good(missing[0]), "criterion": 999999}).json()[
            "errors"
        ]
    )
    assert api.post("/api/v1/plan-items/", good(missing[0])).status_code == 201
    again = api.post("/api/v1/plan-items/", good(missing[0]))
    assert again.status_code == 409
    assert again.json()["code"] == "already_in_plan"
    assert PlanItem.objects.count() == 1


def test_closing_without_a_note_and_bad_comments_are_refused(
    client: Client, alice: User, item: PlanItem
) -> None:
    api = token_client(alice)
    assert (
        "close_note"
        in api.patch(f"/api/v1/plan-items/{item.pk}/", {"status": "closed"}).json()["errors"]
    )
    assert (
        "target_date"
        in api.patch(
            f"/api/v1/plan-items/{item.pk}/", {"target_date": in_days(-5).isoformat()}
        ).json()["errors"]
    )
    for body in ["", " ", "x" * (COMMENT_MAX + 1)]:
        response = api.post(f"/api/v1/plan-items/{item.pk}/comments/", {"body": body})
        assert response.status_code == 400
        assert "body" in response.json()["errors"]
    page = as_user(client, alice).post(f"/plan/items/{item.pk}/comments/", {"body": "  "})
    assert page.status_code == 400
    item.refresh_from_db()
    assert item.status == "open"
    assert not PlanComment.objects.exists()
