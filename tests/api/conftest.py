from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import api_token_create
from roles.models import Role
from skills.models import Skill
from tests.factories import make_matrix, make_team


@pytest.fixture
def pytorch(db: None) -> Skill:
    """Deterministic content for the golden files: 2 roles x 5 levels x 2
    criteria, one criterion and one link deprecated, one watch term."""
    skill = make_matrix(roles=2, criteria=2)
    Skill.objects.filter(pk=skill.pk).update(
        last_reviewed=dt.date(2026, 3, 17),
        changed_at=dt.datetime(2026, 3, 18, 9, 30, tzinfo=dt.UTC),
        watch_terms=[{"term": "torch.jit", "successor": "torch.export", "since": "PyTorch 2.5"}],
        moved_links=[{"from": "https://pytorch.org/docs/", "to": "https://docs.pytorch.org/docs/"}],
    )
    deprecated = {
        "deprecated": True,
        "deprecated_since": "PyTorch 2.5",
        "replaced_by": "torch.export",
        "replacement_url": "https://docs.pytorch.org/docs/stable/export.html",
        "deprecation_note": "Kept for reading older models.",
    }
    cell = skill.expectations.get(role__slug="role-001", level__number=3)
    cell.criteria.filter(key="c2").update(**deprecated)
    cell.links.update(**deprecated)
    skill.refresh_from_db()
    return skill


@pytest.fixture
def role(pytorch: Skill) -> Role:
    return Role.objects.get(slug="role-000")


def token_client(user: User) -> APIClient:
    client = APIClient()
    client.default_format = "json"  # what the API accepts
    _token, secret = api_token_create(user=user, name="tests")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def api() -> APIClient:
    client = APIClient()
    client.default_format = "json"
    return client


@pytest.fixture
def as_alice(alice: User) -> APIClient:
    return token_client(alice)


@pytest.fixture
def as_bob(bob: User) -> APIClient:
    return token_client(bob)


@pytest.fixture
def as_mallory(mallory: User) -> APIClient:
    return token_client(mallory)


@pytest.fixture
def as_carol(carol: User) -> APIClient:
    return token_client(carol)


@pytest.fixture
def team(bob: User, alice: User) -> Any:
    return make_team("ml-platform", managers=[bob], members=[alice])
