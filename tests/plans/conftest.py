"""The cast for plans: alice (engineer, one snapshot of PyTorch that misses
level 3), bob (her manager in ML Platform), carol (admin), mallory (Data
Science, managed by another manager)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Team, User
from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from plans.models import PlanItem
from plans.services import plan_item_create
from roles.models import Role
from skills.models import Criterion, Skill
from tests.assessments.conftest import criteria_of, rate_levels
from tests.factories import make_matrix, make_team


@pytest.fixture
def pytorch(db: None) -> Skill:
    return make_matrix(roles=2, criteria=3)


@pytest.fixture
def role(pytorch: Skill) -> Role:
    return Role.objects.get(slug="role-000")


@pytest.fixture
def teams(alice: User, bob: User, mallory: User) -> list[Team]:
    return [
        make_team("ml-platform", managers=[bob], members=[alice]),
        make_team("data-science", members=[mallory]),
    ]


@pytest.fixture
def snapshot(alice: User, pytorch: Skill, role: Role, teams: list[Team]) -> Assessment:
    """Levels 1-2 met, level 3 "learning": level 3 is what is missing."""
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    rate_levels(draft, {1: 2, 2: 2, 3: 1})
    return assessment_submit(assessment=draft, by=alice)


@pytest.fixture
def missing(snapshot: Assessment) -> list[Criterion]:
    """The three level-3 criteria alice rated "learning"."""
    return criteria_of(snapshot.skill, snapshot.role, 3)


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def add_item(
    snapshot: Assessment, criterion: Criterion, *, by: User | None = None, **extra: Any
) -> PlanItem:
    values: dict[str, Any] = {
        "action": "Read the docs and pair with Dan",
        "target_date": in_days(30),
    }
    values.update(extra)
    return plan_item_create(
        engineer=snapshot.engineer,
        criterion=criterion,
        snapshot=snapshot,
        by=by or snapshot.engineer,
        **values,
    )


@pytest.fixture
def item(snapshot: Assessment, missing: list[Criterion]) -> PlanItem:
    return add_item(snapshot, missing[0])


def as_user(client: Client, user: User | None) -> Client:
    if user is not None:
        client.force_login(user)
    return client
