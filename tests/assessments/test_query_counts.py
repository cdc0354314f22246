"""Assessment pages run the same number of queries however many criteria or
snapshots there are; saving one rating is a handful of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from roles.models import Role
from skills.models import Skill
from tests.assessments.conftest import criteria_of, rate_levels
from tests.factories import make_matrix

pytestmark = pytest.mark.django_db

# Session, user and header (unread notifications, managed teams) lookups included.
# Full pages include the header's one curator-queue query. The draft, result
# and progress pages read the growth plan in one more (plans' template tags);
# "mine" reads the open assessment cycles the person takes part in in one more.
BUDGET = {"edit": 11, "rate": 11, "result": 11, "progress": 9, "mine": 11}


def queries(client: Client, method: str, url: str, data: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(ctx.captured_queries)


def history(alice: User, skill: Skill, role: Role, snapshots: int) -> Assessment:
    for _ in range(snapshots):
        draft = assessment_start(engineer=alice, skill=skill, role=role)
        rate_levels(draft, {1: 2, 2: 1})
        assessment_submit(assessment=draft, by=alice)
    return assessment_start(engineer=alice, skill=skill, role=role)


def measure(client: Client, draft: Assessment) -> dict[str, int]:
    snapshot = Assessment.objects.of(draft.engineer).submitted().filter(skill=draft.skill).first()
    assert snapshot is not None
    criterion = criteria_of(draft.skill, draft.role)[0]
    return {
        "edit": queries(client, "get", f"/assessments/{draft.pk}/"),
        "rate": queries(
            client,
            "post",
            f"/assessments/{draft.pk}/criteria/{criterion.pk}/",
            {f"c{criterion.pk}-value": "2"},
        ),
        "result": queries(client, "get", f"/assessments/{snapshot.pk}/result/"),
        "progress": queries(client, "get", "/me/progress/"),
        "mine": queries(client, "get", "/me/assessments/"),
    }


def test_query_counts_do_not_grow_with_criteria_or_snapshots(client: Client, alice: User) -> None:
    small_skill = make_matrix(roles=1, criteria=4, skill_slug="small")
    large_skill = make_matrix(roles=1, criteria=40, skill_slug="large")
    role = Role.objects.get(slug="role-000")
    client.force_login(alice)

    small = measure(client, history(alice, small_skill, role, snapshots=2))
    large = measure(client, history(alice, large_skill, role, snapshots=20))

    assert small == large
    over_budget = {page: n for page, n in large.items() if n > BUDGET[page]}
    assert over_budget == {}
