"""API lists run the same number of queries whatever the amount of data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Membership, Team, User
from assessments.services import assessment_start, assessment_submit
from roles.models import Role
from skills.models import Skill
from tests.assessments.conftest import rate_levels
from tests.conftest import make_user
from tests.factories import make_matrix

pytestmark = pytest.mark.django_db


def count(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def add_snapshots(engineer: User, skill: Skill, role: Role, n: int) -> None:
    for _ in range(n):
        draft = assessment_start(engineer=engineer, skill=skill, role=role)
        rate_levels(draft, {1: 2, 2: 1})
        assessment_submit(assessment=draft, by=engineer)


def test_assessment_and_team_lists_do_not_grow(
    as_alice: APIClient, as_bob: APIClient, alice: User, bob: User, team: Team
) -> None:
    skill = make_matrix(roles=1, criteria=4)
    role = Role.objects.get(slug="role-000")
    add_snapshots(alice, skill, role, 1)
    urls = {
        as_alice: ["/api/v1/assessments/", "/api/v1/me/"],
        as_bob: ["/api/v1/teams/ml-platform/members/", "/api/v1/teams/ml-platform/gaps/"],
    }
    for client in urls:
        client.get("/api/v1/me/")  # the token's first use records its last-used time
    small = {url: count(client, url) for client, paths in urls.items() for url in paths}

    add_snapshots(alice, skill, role, 10)
    for i in range(20):
        person = make_user(f"eng{i}")
        Membership.objects.create(team=team, user=person, role="member")
        add_snapshots(person, skill, role, 1)
    large = {url: count(client, url) for client, paths in urls.items() for url in paths}

    assert small == large
