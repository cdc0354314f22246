"""The inventory over the API: your skills, your opt-in per skill, and the
search — the same rules and messages as the pages."""

from __future__ import annotations

import pytest
import yaml
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Team, User
from inventory.models import SkillVisibility
from roles.models import Role
from skills.models import Skill
from tests.api.conftest import token_client
from tests.inventory.conftest import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_at_senior(alice: User, pytorch: Skill, jax: Skill, role: Role, team: Team) -> None:
    snapshot(alice, pytorch, role, {1: 2, 2: 2, 3: 2})


def test_my_skills_lists_assessed_and_not_assessed_skills(
    alice: User, alice_at_senior: None
) -> None:
    body = token_client(alice).get("/api/v1/me/skills/").json()
    assert body["not_assessed"] == ["jax"]
    [row] = body["assessed"]
    assert {k: row[k] for k in ("skill", "role", "level_reached", "level_name", "visible")} == {
        "skill": "pytorch",
        "role": "role-000",
        "level_reached": 3,
        "level_name": "Senior",
        "visible": False,
    }
    assert row["readiness"] == {
        "state": "in_progress",
        "target_level": 4,
        "required_met": 6,
        "required_total": 8,
    }
    assert row["open_cycle"] is None
    assert row["open_plan_items"] == 0


def test_alice_opts_in_and_out_and_bob_finds_her_only_while_she_is_in(
    alice: User, bob: User, alice_at_senior: None
) -> None:
    mine, his = token_client(alice), token_client(bob)
    assert mine.get("/api/v1/me/skills/pytorch/visibility/").json() == {
        "skill": "pytorch",
        "visible": False,
    }
    assert his.get("/api/v1/who-knows/?skill=pytorch").json()["count"] == 0
    assert mine.put("/api/v1/me/skills/pytorch/visibility/").json()["visible"] is True
    assert mine.put("/api/v1/me/skills/pytorch/visibility/").status_code == 200  # idempotent
    found = his.get("/api/v1/who-knows/?skill=pytorch&min_level=3").json()
    assert found["count"] == 1
    [person] = found["results"]
    assert {k: person[k] for k in ("username", "name", "level_reached", "level_name")} == {
        "username": "alice",
        "name": "alice",
        "level_reached": 3,
        "level_name": "Senior",
    }
    assert set(person) == {"username", "name", "level_reached", "level_name", "submitted_at"}
    assert his.get("/api/v1/who-knows/?skill=pytorch&min_level=4").json()["count"] == 0
    assert mine.delete("/api/v1/me/skills/pytorch/visibility/").json()["visible"] is False
    assert his.get("/api/v1/who-knows/?skill=pytorch").json()["count"] == 0
    assert not SkillVisibility.objects.exists()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("skill=nope", "skill", "No skill has the slug “nope”."),
        ("", "skill", "Choose a skill."),
        ("skill=pytorch&min_level=x", "min_level", "The level must be a number from 1 (Junior)"),
        ("skill=pytorch&min_level=6", "min_level", "to 5 (Principal)."),
        ("skill=pytorch&page=last", "page", "A page number is a whole number from 1."),
    ],
)
def test_bad_search_input_is_a_400_naming_the_parameter(
    bob: User, pytorch: Skill, query: str, field: str, message: str
) -> None:
    response = token_client(bob).get(f"/api/v1/who-knows/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert message in body["errors"][field][0]


def test_an_unknown_skill_s_visibility_is_a_404(alice: User, pytorch: Skill) -> None:
    client = token_client(alice)
    assert client.put("/api/v1/me/skills/nope/visibility/").status_code == 404
    assert client.get("/api/v1/me/skills/nope/visibility/").status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/me/skills/"),
        ("get", "/api/v1/me/skills/pytorch/visibility/"),
        ("put", "/api/v1/me/skills/pytorch/visibility/"),
        ("delete", "/api/v1/me/skills/pytorch/visibility/"),
        ("get", "/api/v1/who-knows/?skill=pytorch"),
    ],
)
def test_anonymous_gets_a_401(pytorch: Skill, method: str, url: str) -> None:
    response = getattr(APIClient(), method)(url)
    assert response.status_code == 401
    assert not SkillVisibility.objects.exists()


def test_the_opt_in_is_only_ever_the_caller_s_own(
    alice: User, mallory: User, alice_at_senior: None
) -> None:
    """There is no way to name someone else: mallory's PUT opts mallory in."""
    token_client(mallory).put("/api/v1/me/skills/pytorch/visibility/?person=alice")
    assert list(SkillVisibility.objects.values_list("person__username", flat=True)) == ["mallory"]


def test_the_schema_documents_the_endpoints(client: Client) -> None:
    schema = yaml.safe_load(client.get("/api/schema/").content)
    for path in (
        "/api/v1/me/skills/",
        "/api/v1/me/skills/{slug}/visibility/",
        "/api/v1/who-knows/",
    ):
        assert path in schema["paths"]
