"""A ladder of N levels (synthetic names "Grade 1".."Grade N"), a skill
"kite" measured on all of it, and the cast: bob manages alice.

- role-000 ("Role 000") has a cell at every level, all required.
- "late" has a ladder that starts at level 2 and ends at the top.
"""

from __future__ import annotations

import pytest

from accounts.models import Team, User
from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from levels.models import Level
from roles.models import Role
from skills.models import Skill, SkillLevel
from tests.assessments.conftest import rate_levels
from tests.factories import make_expectation, make_levels, make_role, make_skill, make_team

SIZES = [3, 5, 7, 12]


@pytest.fixture(params=SIZES, ids=[f"{n}-levels" for n in SIZES])
def rungs(request: pytest.FixtureRequest, db: None) -> int:
    """How many levels the ladder has in this run of the test."""
    count: int = request.param
    make_levels(count)
    return count


@pytest.fixture
def kite(rungs: int) -> Skill:
    skill = make_skill("kite", "Kite")
    late = make_role("late", "Late Starter")
    first = make_role("role-000")
    for level in Level.objects.order_by("number"):
        SkillLevel.objects.create(skill=skill, level=level, description=f"Kite at {level}")
        make_expectation(skill, first, level, required=True, criteria=2)
        if level.number >= 2:
            make_expectation(skill, late, level, required=True, criteria=2)
    return skill


@pytest.fixture
def role(kite: Skill) -> Role:
    return Role.objects.get(slug="role-000")


@pytest.fixture
def team(bob: User, alice: User) -> Team:
    return make_team("ml-platform", managers=[bob], members=[alice])


def snapshot(engineer: User, skill: Skill, role: Role, ratings: dict[int, int]) -> Assessment:
    draft = assessment_start(engineer=engineer, skill=skill, role=role)
    rate_levels(draft, ratings)
    return assessment_submit(assessment=draft, by=engineer)


def all_met(rungs: int, *, up_to: int | None = None) -> dict[int, int]:
    return {n: 2 for n in range(1, (up_to or rungs) + 1)}
