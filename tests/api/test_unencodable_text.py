"""Text no database can store (a lone UTF-16 surrogate, a NUL) is refused
with a 400 that names the field, wherever it sits in a JSON body; it never
reaches PostgreSQL's jsonb or SQLite's encoder (a 500 before)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from assessments.models import Assessment, ManagerReview
from assessments.services import assessment_start, assessment_submit
from community.models import Comment, Proposal
from roles.models import Role
from skills.models import Skill
from tests.assessments.conftest import rate_levels

pytestmark = pytest.mark.django_db

SURROGATE = "\ud800"


def post_json(client: APIClient, url: str, body: Any, method: str = "post") -> Any:
    # json.dumps writes the surrogate as the escape "\ud800", as a client would.
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def proposal(**proposed: Any) -> dict[str, Any]:
    return {"target": {"level": 3, "role": "role-000"}, "proposed": proposed, "rationale": "R"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "target": {"level": 2},
                "proposed": {"description": f"a{SURROGATE}b"},
                "rationale": "R",
            },
            "proposed.description",
        ),
        (
            proposal(summary="S", required=True, criteria=["fine", SURROGATE]),
            "proposed.criteria[1]",
        ),
        (proposal(summary="S\x00", required=True, criteria=["fine"]), "proposed.summary"),
        (
            {**proposal(summary="S", required=True, criteria=["a"]), "rationale": SURROGATE},
            "rationale",
        ),
        # The path itself is written with escapes, so that it can be shown.
        ({**proposal(summary="S", required=True, criteria=["a"]), f"x{SURROGATE}": 1}, "x\\ud800"),
    ],
)
def test_a_proposal_with_unencodable_text_is_a_400_naming_the_field(
    as_alice: APIClient, pytorch: Skill, body: Any, field: str
) -> None:
    response = post_json(as_alice, "/api/v1/skills/pytorch/proposals/", body)
    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == "invalid"
    assert "cannot be stored" in answer["detail"]
    assert list(answer["errors"]) == [field]
    assert not Proposal.objects.exists()


def test_a_comment_with_a_surrogate_is_a_400(as_alice: APIClient, pytorch: Skill) -> None:
    response = post_json(as_alice, "/api/v1/skills/pytorch/comments/", {"body": SURROGATE})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["body"]
    assert not Comment.objects.exists()


@pytest.fixture
def alice_snapshot(alice: Any, pytorch: Skill, role: Role, team: Any) -> Assessment:
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    rate_levels(draft, {1: 3, 2: 1})
    return assessment_submit(assessment=draft, by=alice)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"comment": f"Good{SURROGATE}"}, "comment"),
        ({"ratings": [{"rating": 0, "value": 2, "comment": SURROGATE}]}, "ratings[0].comment"),
    ],
)
def test_a_review_comment_with_a_surrogate_is_a_400(
    as_bob: APIClient, alice_snapshot: Assessment, body: Any, field: str
) -> None:
    rating = alice_snapshot.ratings.order_by("pk").first()
    assert rating is not None
    for item in body.get("ratings", []):
        item["rating"] = rating.pk
    response = post_json(
        as_bob, f"/api/v1/assessments/{alice_snapshot.pk}/review/", body, method="patch"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not ManagerReview.objects.exists()


def test_a_paired_surrogate_escape_is_ordinary_text(as_alice: APIClient, pytorch: Skill) -> None:
    # "\ud83d\ude00" in JSON is one character, 😀: nothing to refuse.
    response = post_json(as_alice, "/api/v1/skills/pytorch/comments/", {"body": "ok 😀"})
    assert response.status_code == 201
    assert Comment.objects.get().body == "ok 😀"
