"""Plan pages and endpoints run the same number of queries however many
items and comments there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from assessments.models import Assessment
from assessments.services import assessment_start
from plans.models import PlanComment, PlanItem
from skills.models import Criterion
from tests.api.conftest import token_client
from tests.plans.conftest import add_item, as_user

pytestmark = pytest.mark.django_db


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(snapshot: Assessment, criteria: list[Criterion], bob: User) -> PlanItem:
    """An item per criterion, each with two comments; returns the first."""
    items = [add_item(snapshot, c, by=bob if n % 2 else None) for n, c in enumerate(criteria)]
    # Written directly: the service's per-minute limit is not what is measured.
    PlanComment.objects.bulk_create(
        PlanComment(item=item, author=author, body=body)
        for item in items
        for author, body in ((bob, "Go"), (snapshot.engineer, "On it"))
    )
    return items[0]


def measure(
    client: Client, alice: User, bob: User, snapshot: Assessment, pk: int
) -> dict[str, int]:
    draft = Assessment.objects.drafts().get(engineer=alice)
    pages = {
        "mine": count(as_user(client, alice), "/me/plan/"),
        "item": count(client, f"/plan/items/{pk}/"),
        "draft": count(client, f"/assessments/{draft.pk}/"),
        "result": count(client, f"/assessments/{snapshot.pk}/result/"),
        "progress": count(client, "/me/progress/"),
        "member": count(as_user(client, bob), "/people/alice/plan/"),
    }
    api = token_client(bob)
    pages["api_list"] = count(api, "/api/v1/plan-items/?engineer=alice")
    pages["api_item"] = count(api, f"/api/v1/plan-items/{pk}/")
    pages["api_comments"] = count(api, f"/api/v1/plan-items/{pk}/comments/")
    return pages


def test_plan_pages_and_endpoints_do_not_grow_with_the_plan(
    client: Client, alice: User, bob: User, snapshot: Assessment
) -> None:
    criteria = list(
        Criterion.objects.filter(
            expectation__skill=snapshot.skill, expectation__role=snapshot.role
        ).order_by("expectation__level__number", "position")
    )
    assessment_start(engineer=alice, skill=snapshot.skill, role=snapshot.role)
    first = grow(snapshot, criteria[:2], bob)
    small = measure(client, alice, bob, snapshot, first.pk)
    grow(snapshot, criteria[2:14], bob)
    assert PlanItem.objects.count() == 14
    assert PlanComment.objects.count() == 28
    large = measure(client, alice, bob, snapshot, first.pk)
    assert small == large
    assert max(large.values()) <= 14, large
