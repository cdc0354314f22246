"""The cast in a cycle: carol (admin) opens "PyTorch Q1" for ML Platform,
where bob manages alice; mallory is an engineer in Vision, which trent
manages and the cycle does not cover."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Team, User
from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from cycles.models import Cycle
from cycles.services import cycle_create
from roles.models import Role
from skills.models import Skill
from tests.assessments.conftest import rate_levels
from tests.conftest import make_user
from tests.factories import make_matrix, make_team


@pytest.fixture
def pytorch(db: None) -> Skill:
    """role-000 and role-001 must meet every level; 3 criteria per cell."""
    return make_matrix(roles=2, criteria=3)


@pytest.fixture
def role(pytorch: Skill) -> Role:
    return Role.objects.get(slug="role-000")


@pytest.fixture
def trent(db: None) -> User:
    """Another team's manager."""
    return make_user("trent")


@pytest.fixture
def team(bob: User, alice: User, role: Role) -> Team:
    """bob manages alice."""
    User.objects.filter(pk=alice.pk).update(role=role)
    alice.refresh_from_db()
    return make_team("ml-platform", managers=[bob], members=[alice])


@pytest.fixture
def other_team(mallory: User, trent: User) -> Team:
    return make_team("vision", managers=[trent], members=[mallory])


def open_cycle(by: User, skill: Skill, teams: list[Team], **dates: Any) -> Cycle:
    start = dates.pop("opens_on", timezone.localdate())
    values: dict[str, Any] = {
        "name": "PyTorch Q1",
        "skill": skill,
        "teams": teams,
        "everyone": False,
        "opens_on": start,
        "self_due": start + dt.timedelta(days=21),
        "review_due": start + dt.timedelta(days=35),
    }
    values.update(dates)
    return cycle_create(by=by, **values)


@pytest.fixture
def cycle(carol: User, pytorch: Skill, team: Team, other_team: Team) -> Cycle:
    """Open today for ML Platform; self-assessments due in 21 days, reviews in 35."""
    return open_cycle(carol, pytorch, [team])


def submit(engineer: User, skill: Skill, role: Role, ratings: dict[int, int]) -> Assessment:
    draft = assessment_start(engineer=engineer, skill=skill, role=role)
    rate_levels(draft, ratings)
    return assessment_submit(assessment=draft, by=engineer)
