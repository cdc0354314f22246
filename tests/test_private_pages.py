"""Every page that shows one person's data tells browsers and proxies not to
keep it (``Cache-Control: private, no-store``): a shared computer's back
button or a caching proxy must not hand it to the next person."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import Notification, User
from assessments.services import assessment_start, assessment_submit
from roles.models import Role
from tests.api.conftest import token_client
from tests.assessments.conftest import rate_levels
from tests.factories import make_matrix, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice: User, bob: User, carol: User) -> dict[str, Any]:
    skill = make_matrix(roles=1, criteria=2)
    role = Role.objects.get()
    make_team("ml-platform", managers=[bob], members=[alice])
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    rate_levels(draft, {1: 3})
    snapshot = assessment_submit(assessment=draft, by=alice)
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    Notification.objects.create(user=alice, message="Hello")
    return {"snapshot": snapshot.pk, "draft": draft.pk, "alice": alice, "bob": bob, "carol": carol}


PERSONAL = [
    ("alice", "/me/assessments/"),
    ("alice", "/assessments/{draft}/"),
    ("alice", "/assessments/{snapshot}/result/"),
    ("alice", "/me/progress/"),
    ("alice", "/me/notifications/"),
    ("alice", "/accounts/profile/"),
    ("alice", "/accounts/tokens/"),
    ("bob", "/assessments/{snapshot}/review/"),
    ("bob", "/teams/"),
    ("bob", "/teams/ml-platform/"),
    ("bob", "/teams/ml-platform/calibration/"),
    ("bob", "/teams/ml-platform/export.csv"),
    ("bob", "/teams/ml-platform/members/"),
    ("carol", "/teams/gaps/"),
    ("carol", "/proposals/"),
]


@pytest.mark.parametrize(("who", "url"), PERSONAL)
def test_a_personal_page_is_private_and_never_stored(
    client: Client, world: dict[str, Any], who: str, url: str
) -> None:
    client.force_login(world[who])
    response = client.get(url.format(**world))
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_personal_api_answers_are_private_and_never_stored(world: dict[str, Any]) -> None:
    response = token_client(world["alice"]).get("/api/v1/me/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}


def test_public_answers_keep_their_own_caching(client: Client, world: dict[str, Any]) -> None:
    assert "Cache-Control" not in client.get("/skills/pytorch/")
    matrix = token_client(world["alice"]).get("/api/v1/skills/pytorch/matrix/")
    assert matrix["Cache-Control"] == "public, max-age=0, must-revalidate"
