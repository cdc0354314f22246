"""The cast for the inventory: alice (engineer in ML Platform, snapshots of
PyTorch and JAX), bob (her manager), carol (admin), mallory (Vision, managed
by trent), anonymous. Two skills built in code; levels from the factory."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Team, User
from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from roles.models import Role
from skills.models import Skill
from tests.assessments.conftest import rate_levels
from tests.conftest import make_user
from tests.factories import make_matrix, make_team


@pytest.fixture
def pytorch(db: None) -> Skill:
    return make_matrix(roles=2, criteria=2)


@pytest.fixture
def jax(pytorch: Skill) -> Skill:
    return make_matrix(roles=2, criteria=2, skill_slug="jax")


@pytest.fixture
def role(pytorch: Skill) -> Role:
    return Role.objects.get(slug="role-000")


@pytest.fixture
def trent(db: None) -> User:
    """Manages Vision, not ML Platform."""
    return make_user("trent")


@pytest.fixture
def team(bob: User, alice: User) -> Team:
    return make_team("ml-platform", managers=[bob], members=[alice])


@pytest.fixture
def other_team(trent: User, mallory: User) -> Team:
    return make_team("vision", managers=[trent], members=[mallory])


def snapshot(engineer: User, skill: Skill, role: Role, ratings: dict[int, int]) -> Assessment:
    """Submit a snapshot rating each given level's criteria with one value
    (2 = meets): {1: 2, 2: 2} reaches level 2."""
    draft = assessment_start(engineer=engineer, skill=skill, role=role)
    rate_levels(draft, ratings)
    return assessment_submit(assessment=draft, by=engineer)


def signed_in(client: Client, user: User | None) -> Client:
    if user is not None:
        client.force_login(user)
    return client
