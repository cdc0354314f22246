"""The privacy rule for aggregates, at its edge: figures about four people are
hidden, about five they are shown — on the admins' team overview and in the
org-wide gaps alike, because both ask the one rule in teams/reports.py."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from roles.models import Role
from skills.models import Skill
from teams.reports import PRIVACY_MIN_PEOPLE, large_enough
from tests.conftest import make_user
from tests.factories import make_team
from tests.html import between, visible_text
from tests.teams.conftest import snapshot

pytestmark = pytest.mark.django_db


def test_the_rule_shows_five_people_and_hides_four() -> None:
    assert PRIVACY_MIN_PEOPLE == 5
    assert large_enough(5)
    assert not large_enough(4)


def assessed_team(size: int, skill: Skill, role: Role, ratings: dict[int, int]) -> None:
    people = [make_user(f"eng{i}") for i in range(size)]
    make_team("big-team", members=people)
    for person in people:
        snapshot(person, skill, role, ratings)


@pytest.mark.parametrize(("size", "shown"), [(4, False), (5, True)])
def test_the_team_overview_shows_a_median_from_five_assessed_people(
    client: Client, carol: User, pytorch: Skill, role: Role, size: int, shown: bool
) -> None:
    assessed_team(size, pytorch, role, {1: 2, 2: 2})
    client.force_login(carol)
    page = visible_text(client.get("/teams/"))
    if shown:
        assert "Big Team 5 5 2 (Middle)" in page
    else:
        assert "Big Team 4 hidden: fewer than 5 people assessed" in page
        assert "(Middle)" not in page


@pytest.mark.parametrize(("size", "shown"), [(4, False), (5, True)])
def test_org_wide_gaps_count_teams_and_gaps_of_five_people(
    client: Client, carol: User, pytorch: Skill, role: Role, size: int, shown: bool
) -> None:
    assessed_team(size, pytorch, role, {1: 2, 2: 1})  # everyone misses level 2
    client.force_login(carol)
    page = visible_text(client.get("/teams/gaps/"))
    table = between(page, "People missing it", "Skills Matrix —") if shown else ""
    if shown:
        assert "Role 000 L2 #1 Required Role 000 · Middle 5" in table
        assert "5 assessed people in 1 team." in page
    else:
        assert "L2 #1" not in page
        assert "assessed people in" not in page
