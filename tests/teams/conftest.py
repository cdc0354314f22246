from __future__ import annotations

import pytest

from accounts.models import Team, User
from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from roles.models import Role
from skills.models import Skill
from tests.assessments.conftest import rate_levels
from tests.factories import make_matrix, make_team


@pytest.fixture
def pytorch(db: None) -> Skill:
    return make_matrix(roles=2, criteria=3)


@pytest.fixture
def role(pytorch: Skill) -> Role:
    return Role.objects.get(slug="role-000")


@pytest.fixture
def team(bob: User, alice: User) -> Team:
    """bob manages alice."""
    return make_team("ml-platform", managers=[bob], members=[alice])


@pytest.fixture
def other_team(mallory: User) -> Team:
    return make_team("vision", managers=[], members=[mallory])


def snapshot(engineer: User, skill: Skill, role: Role, ratings: dict[int, int]) -> Assessment:
    draft = assessment_start(engineer=engineer, skill=skill, role=role)
    rate_levels(draft, ratings)
    return assessment_submit(assessment=draft, by=engineer)


@pytest.fixture
def alice_snapshot(alice: User, pytorch: Skill, role: Role, team: Team) -> Assessment:
    return snapshot(alice, pytorch, role, {1: 3, 2: 2, 3: 1})
