"""Every inventory page and endpoint runs the same number of queries for 2 or
12 skills, 2 or 40 people, one or three snapshots each, and a ladder of 3 or
12 levels."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership, Team, User
from assessments.models import Assessment
from inventory.models import SkillVisibility
from levels.models import Level
from plans.models import PlanItem
from roles.models import Role
from skills.models import Skill
from tests.api.conftest import token_client
from tests.factories import make_levels, make_role, make_skill, make_team

pytestmark = pytest.mark.django_db


def populate(alice: User, bob: User, *, skills: int, people: int, snapshots: int) -> None:
    """``people`` members of bob's team (alice among them), each with
    ``snapshots`` snapshots of each of ``skills`` skills, opted in to each,
    with an open plan item per skill."""
    PlanItem.objects.all().delete()
    Assessment.objects.all().delete()
    Team.objects.all().delete()
    Skill.objects.all().delete()
    User.objects.exclude(pk__in=[alice.pk, bob.pk]).delete()
    role = Role.objects.get()
    all_skills = [make_skill(f"skill-{n:02}", f"Skill {n:02}") for n in range(skills)]
    others = User.objects.bulk_create(
        User(username=f"p{people}-{i:03}", password="!") for i in range(people - 1)
    )
    members = [alice, *others]
    make_team("t", managers=[bob], members=members)
    now = timezone.now()
    Assessment.objects.bulk_create(
        Assessment(
            engineer=u, skill=s, role=role, status="submitted",
            submitted_at=now - dt.timedelta(days=n), level_reached=(u.pk + n) % 4 + 1,
            target_level=5, required_met=1, required_total=3,
        )
        for u in members for s in all_skills for n in range(snapshots)
    )  # fmt: skip
    SkillVisibility.objects.bulk_create(
        SkillVisibility(person=u, skill=s) for u in members for s in all_skills
    )
    PlanItem.objects.bulk_create(
        PlanItem(
            engineer=alice, skill=s, criterion_text="x", criterion_level=2, action="x",
            target_date=now.date(),
        )
        for s in all_skills
    )  # fmt: skip


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def measure(client: Client, alice: User, bob: User) -> dict[str, int]:
    client.force_login(alice)
    counts = {
        "my skills": count(client, "/me/skills/"),
        "who knows": count(client, "/people/who-knows/?skill=skill-00&min_level=1"),
    }
    client.force_login(bob)
    counts["grid"] = count(client, "/teams/t/skills/")
    counts["grid csv"] = count(client, "/teams/t/skills/export.csv")
    api = token_client(alice)
    counts["api my skills"] = count(api, "/api/v1/me/skills/")
    counts["api who knows"] = count(api, "/api/v1/who-knows/?skill=skill-00&min_level=1")
    counts["api visibility"] = count(api, "/api/v1/me/skills/skill-00/visibility/")
    return counts


def test_the_inventory_does_not_grow_with_skills_people_snapshots_or_levels(
    client: Client, alice: User, bob: User
) -> None:
    make_levels(3)
    make_role("ml-engineer")
    populate(alice, bob, skills=2, people=2, snapshots=1)
    measure(client, alice, bob)  # the cached ladder warm, as on a running site
    small = measure(client, alice, bob)
    Level.objects.all().delete()
    make_levels(12)
    populate(alice, bob, skills=12, people=40, snapshots=3)
    measure(client, alice, bob)
    large = measure(client, alice, bob)
    assert Level.objects.count() == 12
    assert small == large
    assert max(large.values()) <= 12
    # What was measured found everyone: 40 people, alice with 12 skills.
    assert Membership.objects.filter(team__slug="t", role="member").count() == 40
    found = token_client(bob).get("/api/v1/who-knows/?skill=skill-00&min_level=1").json()
    assert found["count"] == 40
    assert len(token_client(alice).get("/api/v1/me/skills/").json()["assessed"]) == 12
