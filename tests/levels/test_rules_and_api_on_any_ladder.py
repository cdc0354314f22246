"""Readiness at both ends of a role's ladder, and the API's view of the whole
ladder, for ladders of 3, 5, 7 and 12 levels."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from assessments.rules import CriterionState, live_summary, promotion_target
from roles.models import Role
from skills.models import Skill
from tests.levels.conftest import SIZES, all_met, snapshot

pytestmark = pytest.mark.django_db


def late_role(rungs: int, met_up_to: int) -> list[CriterionState]:
    """A role whose ladder starts at level 2 and ends at the top, met up to a level."""
    return [
        CriterionState(key=f"c{n}", level=n, required=True, rating=2 if n <= met_up_to else None)
        for n in range(2, rungs + 1)
    ]


@pytest.mark.parametrize("rungs", SIZES)
def test_a_role_starting_above_one_aims_first_at_its_first_level(rungs: int) -> None:
    summary = live_summary(late_role(rungs, met_up_to=0), career_level=None)
    assert summary.level_reached == 0
    assert summary.readiness.target_level == 2
    assert summary.readiness.required_total == 1


@pytest.mark.parametrize("rungs", SIZES)
def test_reaching_the_top_of_the_ladder_means_no_next_step(rungs: int) -> None:
    summary = live_summary(late_role(rungs, met_up_to=rungs), career_level=None)
    assert summary.level_reached == rungs
    assert summary.readiness.target_level is None
    assert not summary.readiness.ready
    assert promotion_target(reached=0, career_level=rungs, levels=range(2, rungs + 1)) is None
    below = live_summary(late_role(rungs, met_up_to=rungs - 1), career_level=None)
    assert below.readiness.target_level == rungs
    assert (below.readiness.required_met, below.readiness.required_total) == (
        rungs - 2,
        rungs - 1,
    )


def test_the_late_role_on_the_result_page_aims_at_its_first_level(
    client: Client, alice: User, kite: Skill, rungs: int
) -> None:
    late = Role.objects.get(slug="late")
    nothing = snapshot(alice, kite, late, {})
    top = snapshot(alice, kite, late, all_met(rungs))
    client.force_login(alice)
    first = client.get(f"/assessments/{nothing.pk}/result/").content.decode()
    assert "Readiness for Grade 2" in first
    assert "this is the first level to aim at" in first
    last = client.get(f"/assessments/{top.pk}/result/").content.decode()
    assert f"Grade {rungs} is the last level Kite sets for Late Starter" in last


def test_the_api_matrix_has_every_level(client: Client, kite: Skill, rungs: int) -> None:
    body = client.get("/api/v1/skills/kite/matrix/").json()
    assert [lvl["career_name"] for lvl in body["levels"]] == [
        f"Grade {n}" for n in range(1, rungs + 1)
    ]
    role = next(r for r in body["roles"] if r["slug"] == "role-000")
    assert [cell["level"] for cell in role["expectations"]] == list(range(1, rungs + 1))
    levels = client.get("/api/v1/levels/").json()
    assert [lvl["number"] for lvl in levels] == list(range(1, rungs + 1))


def test_the_api_filters_by_any_level_of_the_ladder(
    client: Client, kite: Skill, rungs: int
) -> None:
    top = client.get(f"/api/v1/expectations/?skill=kite&level={rungs}")
    assert top.status_code == 200
    assert {cell["level"] for cell in top.json()["results"]} == {rungs}
    # Past the top there are no cells; past the largest ladder it is bad input.
    if rungs < 12:
        assert client.get(f"/api/v1/expectations/?level={rungs + 1}").json()["results"] == []
    beyond = client.get("/api/v1/expectations/?level=13")
    assert beyond.status_code == 400
    assert "from 1 to 12" in str(beyond.json())


def test_an_api_assessment_has_ratings_at_every_level(
    client: Client, alice: User, kite: Skill, role: Role, rungs: int
) -> None:
    top = snapshot(alice, kite, role, all_met(rungs))
    client.force_login(alice)
    body = client.get(f"/api/v1/assessments/{top.pk}/").json()
    assert body["level_reached"] == rungs
    assert sorted({r["level"] for r in body["ratings"]}) == list(range(1, rungs + 1))
    assert body["readiness"]["target_level"] is None
