"""The org-wide gap counts are computed in SQL for speed; they must agree with
the pure rule the team page uses."""

from __future__ import annotations

import random

import pytest

from accounts.models import User
from roles.models import Role
from skills.models import Skill
from teams.queries import org_gap_counts, team_snapshots
from teams.reports import common_gaps
from tests.conftest import make_user
from tests.factories import make_team
from tests.teams.conftest import snapshot

pytestmark = pytest.mark.django_db


def test_sql_gap_counts_match_the_pure_rule(pytorch: Skill, bob: User) -> None:
    rng = random.Random(7)
    roles = list(Role.objects.order_by("slug"))
    people = [make_user(f"eng{i}") for i in range(12)]
    team = make_team("big", managers=[bob], members=people)
    for i, person in enumerate(people):
        if i == 11:
            continue  # one member never assessed
        ratings = {level: rng.choice([0, 1, 2, 3]) for level in range(1, 6) if rng.random() < 0.8}
        snapshot(person, pytorch, roles[i % 2], ratings)

    pure = {
        (g.role_name, g.level, g.key): g.count for g in common_gaps(team_snapshots(team, pytorch))
    }
    sql = {
        (row["assessment__role__name"], row["frozen_level"], row["frozen_key"]): row["count"]
        for row in org_gap_counts([team.pk], pytorch)
    }
    assert pure
    assert sql == pure
