"""Follows, proposals and comments over the API: the same rules as the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from accounts.models import Notification, User
from community.models import Comment, Follow, Proposal
from skills.models import Expectation, Skill, SkillLevel
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

CELL = {"level": 3, "role": "role-000"}
NEW_CELL = {"summary": "Better words.", "required": True, "criteria": ["One", "Two"]}


@pytest.fixture
def as_dave(db: None) -> APIClient:
    """A curator by group, not a superuser."""
    dave = User.objects.create_user("dave", password="x")
    dave.groups.add(Group.objects.get(name="Curators"))
    return token_client(dave)


def propose(client: APIClient, target: dict[str, Any] = CELL, **proposed: Any) -> Any:
    return client.post(
        "/api/v1/skills/pytorch/proposals/",
        {"target": target, "proposed": proposed or NEW_CELL, "rationale": "Clearer."},
        format="json",
    )


def test_following_is_put_and_delete(as_alice: APIClient, api: APIClient, pytorch: Skill) -> None:
    assert api.get("/api/v1/skills/pytorch/follow/").status_code == 401
    assert as_alice.get("/api/v1/skills/pytorch/follow/").json() == {
        "following": False,
        "followers": 0,
    }
    for _ in range(2):
        response = as_alice.put("/api/v1/skills/pytorch/follow/")
        assert response.json() == {"following": True, "followers": 1}
    assert as_alice.delete("/api/v1/skills/pytorch/follow/").json()["following"] is False
    assert not Follow.objects.exists()
    assert as_alice.put("/api/v1/skills/nope/follow/").status_code == 404


def test_alice_proposes_and_everyone_can_read_it(
    as_alice: APIClient, api: APIClient, pytorch: Skill, alice: User
) -> None:
    response = propose(as_alice)
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "expectation"
    assert body["role"] == "role-000"
    assert body["level"] == 3
    assert body["proposer"] == "alice"
    assert body["status"] == "open"
    assert body["original"]["criteria"] == ["Role 000 L3 #1", "Role 000 L3 #2"]
    assert body["proposed"] == NEW_CELL
    assert body["base_version"] == body["current_version"] == 1
    listed = api.get("/api/v1/skills/pytorch/proposals/").json()
    assert [p["id"] for p in listed["results"]] == [body["id"]]
    assert api.get(f"/api/v1/proposals/{body['id']}/").json()["rationale"] == "Clearer."
    assert api.get("/api/v1/skills/pytorch/proposals/?status=accepted").json()["count"] == 0
    assert api.get("/api/v1/skills/pytorch/proposals/?status=bogus").status_code == 400


def test_a_level_description_proposal(as_alice: APIClient, pytorch: Skill) -> None:
    response = propose(as_alice, {"level": 2}, description="Writes tensor code unaided.")
    assert response.status_code == 201
    assert response.json()["kind"] == "level"
    assert response.json()["role"] is None


@pytest.mark.parametrize(
    ("target", "proposed", "message"),
    [
        (CELL, {"summary": "S", "required": True, "criteria": []}, "List at least one criterion."),
        (CELL, {"summary": "S", "required": "yes", "criteria": ["a"]}, "“required” must be true"),
        (CELL, {"summary": "S", "required": True, "criteria": ["a\nb"]}, "one-line strings"),
        (CELL, {"summary": "S", "required": True, "criteria": [1]}, "one-line strings"),
        (CELL, {"summary": "S", "required": True, "criteria": ["a", "a"]}, "only once"),
        (CELL, {"description": "x"}, "Unknown field(s): description"),
        ({"level": 2}, {"description": ""}, "This field is required."),
        ({"level": 2}, {"description": "At Middle"}, "same as the current text"),
    ],
)
def test_bad_proposals_are_refused_with_the_reason(
    as_alice: APIClient, pytorch: Skill, target: Any, proposed: Any, message: str
) -> None:
    response = propose(as_alice, target, **proposed)
    assert response.status_code == 400, response.json()
    assert message in str(response.json()), response.json()
    assert not Proposal.objects.exists()


def test_unknown_cells_are_a_404(as_alice: APIClient, pytorch: Skill) -> None:
    assert propose(as_alice, {"level": 3, "role": "nobody"}).status_code == 404
    assert propose(as_alice, {"level": 9}).status_code == 404


def test_only_curators_accept_and_a_stale_version_is_refused(
    as_alice: APIClient, as_dave: APIClient, api: APIClient, pytorch: Skill, alice: User
) -> None:
    pk = propose(as_alice).json()["id"]
    url = f"/api/v1/proposals/{pk}/accept/"
    assert api.post(url, {"reviewed_version": 1}).status_code == 401
    refused = as_alice.post(url, {"reviewed_version": 1})
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only curators can do that.", "code": "permission_denied"}
    stale = as_dave.post(url, {"reviewed_version": 7, "confirm_stale": True})
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert stale.json()["current_version"] == 1
    assert stale.json()["current"]["summary"] == "Role 000 at Senior"
    accepted = as_dave.post(url, {"reviewed_version": 1})
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["reviewer"] == "dave"
    assert accepted.json()["current_version"] == 2
    cell = Expectation.objects.get(skill=pytorch, role__slug="role-000", level__number=3)
    assert list(cell.criteria.values_list("text", flat=True)) == ["One", "Two"]
    again = as_dave.post(url, {"reviewed_version": 2})
    assert again.status_code == 409
    assert "already accepted" in again.json()["detail"]
    assert Notification.objects.filter(user=alice, message__contains="accepted").exists()


def test_rejecting_needs_a_reason(as_alice: APIClient, as_dave: APIClient, pytorch: Skill) -> None:
    pk = propose(as_alice, {"level": 2}, description="New.").json()["id"]
    url = f"/api/v1/proposals/{pk}/reject/"
    assert as_dave.post(url, {"reason": ""}).status_code == 400
    response = as_dave.post(url, {"reason": "Not at this level."})
    assert response.json()["status"] == "rejected"
    assert response.json()["reason"] == "Not at this level."
    assert SkillLevel.objects.get(skill=pytorch, level__number=2).description == "At Middle"


def test_only_the_proposer_withdraws(
    as_alice: APIClient, as_mallory: APIClient, pytorch: Skill
) -> None:
    pk = propose(as_alice).json()["id"]
    assert as_mallory.post(f"/api/v1/proposals/{pk}/withdraw/").status_code == 403
    assert as_alice.post(f"/api/v1/proposals/{pk}/withdraw/").json()["status"] == "withdrawn"
    assert as_alice.post(f"/api/v1/proposals/{pk}/withdraw/").status_code == 409


def test_comments_read_post_edit_delete_and_hide(
    as_alice: APIClient, as_mallory: APIClient, as_dave: APIClient, api: APIClient, pytorch: Skill
) -> None:
    assert api.post("/api/v1/skills/pytorch/comments/", {"body": "hi"}).status_code == 401
    created = as_alice.post(
        "/api/v1/skills/pytorch/comments/", {"body": " <b>Hello</b> "}, format="json"
    )
    assert created.status_code == 201
    comment = created.json()
    assert comment["body"] == "<b>Hello</b>"
    assert comment["author"] == "alice"
    assert comment["hidden"] is False
    pk = comment["id"]
    assert as_mallory.patch(f"/api/v1/comments/{pk}/", {"body": "x"}).status_code == 404
    assert as_mallory.delete(f"/api/v1/comments/{pk}/").status_code == 404
    assert as_alice.patch(f"/api/v1/comments/{pk}/", {"body": "Hi"}).json()["body"] == "Hi"
    assert as_mallory.post(f"/api/v1/comments/{pk}/hide/", {"hidden": True}).status_code == 403
    assert as_dave.post(f"/api/v1/comments/{pk}/hide/", {"hidden": True}).json()["hidden"]
    seen_by_anyone = api.get("/api/v1/skills/pytorch/comments/").json()["results"][0]
    assert seen_by_anyone["hidden"] is True
    assert seen_by_anyone["body"] is None
    assert as_alice.get("/api/v1/skills/pytorch/comments/").json()["results"][0]["body"] == "Hi"
    assert as_alice.delete(f"/api/v1/comments/{pk}/").status_code == 204
    assert not Comment.objects.visible().exists()


def test_the_comment_rate_limit_is_a_429(as_alice: APIClient, pytorch: Skill) -> None:
    for n in range(5):
        assert (
            as_alice.post("/api/v1/skills/pytorch/comments/", {"body": f"#{n}"}).status_code == 201
        )
    response = as_alice.post(
        "/api/v1/skills/pytorch/comments/", {"body": "one more"}, format="json"
    )
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert Comment.objects.count() == 5


def test_a_proposal_older_than_the_reviewed_version_needs_confirming(
    as_alice: APIClient, as_dave: APIClient, pytorch: Skill
) -> None:
    pk = propose(as_alice, {"level": 1}, description="Alice's.").json()["id"]
    other = propose(as_alice, {"level": 1}, description="Other.").json()["id"]
    as_dave.post(f"/api/v1/proposals/{other}/accept/", {"reviewed_version": 1})
    current = as_dave.get(f"/api/v1/proposals/{pk}/").json()["current_version"]
    assert current == 2
    blind = as_dave.post(f"/api/v1/proposals/{pk}/accept/", {"reviewed_version": 2})
    assert blind.status_code == 409
    assert blind.json()["code"] == "stale_proposal"
    assert blind.json()["current"] == {"description": "Other."}
    assert SkillLevel.objects.get(skill=pytorch, level__number=1).description == "Other."
    confirmed = as_dave.post(
        f"/api/v1/proposals/{pk}/accept/", {"reviewed_version": 2, "confirm_stale": True}
    )
    assert confirmed.status_code == 200
    assert SkillLevel.objects.get(skill=pytorch, level__number=1).description == "Alice's."


@pytest.mark.parametrize("value", [["x"], {"a": 1}, 3, None])
def test_text_fields_must_be_strings(as_alice: APIClient, pytorch: Skill, value: Any) -> None:
    response = propose(as_alice, {"level": 2}, description=value)
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_every_community_endpoint_answers_the_whole_cast_as_it_should(
    pytorch: Skill, alice: User, mallory: User, carol: User, as_dave: APIClient
) -> None:
    """Bodies are empty on purpose: a write that should be allowed answers 400
    (or 409), one that should not answers 401 / 403 / 404 before reading it."""
    pk = propose(token_client(alice), {"level": 1}, description="New.").json()["id"]
    comment = Comment.objects.create(skill=pytorch, author=alice, body="Hello")
    clients = {
        "anonymous": APIClient(),
        "alice": token_client(alice),
        "mallory": token_client(mallory),
        "dave": as_dave,
        "carol": token_client(carol),
    }
    everyone = dict.fromkeys(clients, 200)
    signed_in = {**everyone, "anonymous": 401}
    curators = {"anonymous": 401, "alice": 403, "mallory": 403, "dave": 400, "carol": 400}
    writers = {**signed_in, "alice": 400, "mallory": 400, "dave": 400, "carol": 400}
    author = {"anonymous": 401, "alice": 200, "mallory": 404, "dave": 404, "carol": 404}
    table = [
        ("get", "/api/v1/skills/pytorch/proposals/", everyone),
        ("get", f"/api/v1/proposals/{pk}/", everyone),
        ("get", "/api/v1/skills/pytorch/comments/", everyone),
        ("get", "/api/v1/skills/pytorch/follow/", signed_in),
        ("post", "/api/v1/skills/pytorch/proposals/", writers),
        ("post", "/api/v1/skills/pytorch/comments/", writers),
        ("post", f"/api/v1/proposals/{pk}/accept/", curators),
        ("post", f"/api/v1/proposals/{pk}/reject/", curators),
        ("post", f"/api/v1/comments/{comment.pk}/hide/", curators),
        ("get", f"/api/v1/comments/{comment.pk}/", author),
        ("patch", f"/api/v1/comments/{comment.pk}/", author),  # nothing sent, nothing changed
        ("delete", f"/api/v1/comments/{comment.pk}/", {**author, "alice": 204}),
    ]  # fmt: skip
    failures = []
    for method, url, expected in table:
        for who, client in clients.items():
            answer = getattr(client, method)(url, {}, format="json").status_code
            if answer != expected[who]:
                failures.append(f"{method.upper()} {url} as {who}: {answer}, not {expected[who]}")
            Comment.objects.filter(pk=comment.pk).update(body="Hello", deleted_at=None)
    assert failures == []
    assert Proposal.objects.get().status == "open"
    assert token_client(alice).post(f"/api/v1/proposals/{pk}/withdraw/").status_code == 200
    assert token_client(mallory).post(f"/api/v1/proposals/{pk}/withdraw/").status_code == 403


def test_patching_a_comment_changes_only_what_is_sent(pytorch: Skill, alice: User) -> None:
    comment = Comment.objects.create(skill=pytorch, author=alice, body="Hello")
    client = token_client(alice)
    url = f"/api/v1/comments/{comment.pk}/"
    unchanged = client.patch(url, {}, format="json")
    assert unchanged.status_code == 200
    assert unchanged.json()["body"] == "Hello"
    emptied = client.patch(url, {"body": "  "}, format="json")
    assert emptied.status_code == 400
    assert emptied.json()["errors"] == {"body": ["This field may not be blank."]}
    assert client.patch(url, {"body": "Hi again"}, format="json").json()["body"] == "Hi again"
    comment.refresh_from_db()
    assert comment.body == "Hi again"
