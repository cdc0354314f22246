from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from assessments.models import Assessment
from assessments.services import RatingInput, assessment_rate, assessment_start, assessment_submit
from roles.models import Role
from skills.models import Criterion, Skill
from tests.factories import make_matrix


@pytest.fixture
def pytorch(db: None) -> Skill:
    """role-000 and role-001 must meet every level; 3 criteria per cell."""
    return make_matrix(roles=2, criteria=3)


@pytest.fixture
def role(pytorch: Skill) -> Role:
    return Role.objects.get(slug="role-000")


def criteria_of(skill: Skill, role: Role, level: int | None = None) -> list[Criterion]:
    qs = Criterion.objects.filter(expectation__skill=skill, expectation__role=role)
    if level is not None:
        qs = qs.filter(expectation__level__number=level)
    return list(qs.order_by("expectation__level__number", "position"))


def rate_levels(assessment: Assessment, ratings: dict[int, int]) -> None:
    """Rate every criterion of each given level with one value."""
    values = {
        c: RatingInput(value=ratings[c.expectation.level.number])
        for c in criteria_of(assessment.skill, assessment.role)
        if c.expectation.level.number in ratings
    }
    assessment_rate(assessment=assessment, ratings=values, by=assessment.engineer)


@pytest.fixture
def alice_draft(alice: User, pytorch: Skill, role: Role) -> Assessment:
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    rate_levels(draft, {1: 2, 2: 1})
    return draft


@pytest.fixture
def alice_snapshot(alice: User, pytorch: Skill, role: Role) -> Assessment:
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    rate_levels(draft, {1: 3, 2: 2, 3: 1})
    return assessment_submit(assessment=draft, by=alice)


def post(client: Any, url: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
    return client.post(url, data or {}, **extra)
