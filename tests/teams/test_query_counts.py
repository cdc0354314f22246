"""The team page, the calibration queue, the CSV export and the org-wide gaps
run the same number of queries for teams of 1, 10 and 1,000 members."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership, Team, User
from assessments.models import Assessment, CriterionRating, ManagerRating, ManagerReview
from levels.ladder import ladder
from roles.models import Role
from skills.models import Criterion, Skill
from tests.factories import make_team

pytestmark = pytest.mark.django_db

URLS = [
    "/teams/t/",
    "/teams/t/?role=role-000&expand=1&sort=readiness",
    "/teams/t/calibration/",
    "/teams/t/export.csv",
    "/teams/",
    "/teams/gaps/",
]


def populate(team: Team, size: int, skill: Skill, role: Role, manager: User) -> None:
    """``size`` members, each with two snapshots and a manager review of the latest."""
    criteria = list(
        Criterion.objects.filter(expectation__skill=skill, expectation__role=role).select_related(
            "expectation__level"
        )
    )
    users = User.objects.bulk_create(
        User(username=f"{team.slug}-{size}-{i:04}", password="!") for i in range(size)
    )
    Membership.objects.bulk_create(Membership(team=team, user=u, role="member") for u in users)
    now = timezone.now()
    for days_ago in (60, 1):
        snapshots = Assessment.objects.bulk_create(
            Assessment(
                engineer=u,
                skill=skill,
                role=role,
                status="submitted",
                submitted_at=now - dt.timedelta(days=days_ago),
                level_reached=1,
                target_level=2,
            )
            for u in users
        )
    rows = CriterionRating.objects.bulk_create(
        CriterionRating(
            assessment=a,
            criterion=c,
            value=(a.pk + c.pk) % 4,
            frozen_key=c.key,
            frozen_text=c.text,
            frozen_level=c.expectation.level.number,
            frozen_required=c.expectation.required,
            frozen_position=c.position,
        )
        for a in snapshots
        for c in criteria
    )
    reviews = {
        r.assessment_id: r
        for r in ManagerReview.objects.bulk_create(
            ManagerReview(assessment=a, team=team, reviewer=manager) for a in snapshots
        )
    }
    ManagerRating.objects.bulk_create(
        ManagerRating(review=reviews[row.assessment_id], rating=row, value=3 - (row.value or 0))
        for row in rows
    )


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_team_reports_do_not_grow_with_the_team(client: Client, bob: User, carol: User) -> None:
    from tests.factories import make_matrix

    skill = make_matrix(roles=1, criteria=3)
    role = Role.objects.get(slug="role-000")
    Membership.objects.create(team=make_team("other"), user=carol, role="manager")
    ladder()  # kept in the cache across requests, as in production
    counts = {}
    for size in (1, 10, 1000):
        Team.objects.filter(slug="t").delete()
        team = make_team("t", managers=[bob])
        Membership.objects.create(team=team, user=carol, role="manager")
        populate(team, size, skill, role, bob)
        client.force_login(carol)  # carol manages the team and is an admin
        counts[size] = {url: count(client, url) for url in URLS}
    assert counts[10] == counts[1000]
    # A one-person team is below the privacy threshold of the org-wide gaps,
    # which then skip loading snapshots altogether.
    assert all(counts[1][url] <= counts[10][url] for url in URLS)
    assert max(counts[1000].values()) <= 14
