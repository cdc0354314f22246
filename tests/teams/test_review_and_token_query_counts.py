"""The review page (shown, saved, or shown again after "agree with this
level") and the tokens page run the same number of queries whatever the
number of criteria or tokens."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.services import api_token_create
from roles.models import Role
from tests.factories import make_matrix, make_team
from tests.html import form_data
from tests.teams.conftest import snapshot

pytestmark = pytest.mark.django_db


def review_queries(client: Client, alice: User, criteria: int) -> dict[str, int]:
    skill = make_matrix(roles=1, criteria=criteria, skill_slug=f"skill-{criteria}")
    done = snapshot(alice, skill, Role.objects.get(slug="role-000"), {1: 3, 2: 2, 3: 1})
    url = f"/assessments/{done.pk}/review/?team=ml-platform"
    counts = {}
    with CaptureQueriesContext(connection) as shown:
        page = client.get(url)
    counts["shown"] = len(shown)
    data = form_data(page, "review-form")
    with CaptureQueriesContext(connection) as agreed:
        assert client.post(url, {**data, "agree_level": "1"}).status_code == 200
    counts["agreed"] = len(agreed)
    first = done.ratings.filter(frozen_level=1).first()
    assert first is not None
    with CaptureQueriesContext(connection) as saved:
        response = client.post(url, {**data, f"m{first.pk}-value": "2"})
        assert response.status_code == 302
    counts["saved"] = len(saved)
    return counts


def test_the_review_page_does_not_grow_with_the_criteria(
    client: Client, alice: User, bob: User
) -> None:
    make_team("ml-platform", managers=[bob], members=[alice])
    client.force_login(bob)
    client.get("/")  # session and language settled
    small = review_queries(client, alice, criteria=1)
    large = review_queries(client, alice, criteria=6)
    assert small == large


def test_the_tokens_page_does_not_grow_with_the_tokens(client: Client, alice: User) -> None:
    client.force_login(alice)
    client.get("/")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/accounts/tokens/").status_code == 200
        return len(queries)

    api_token_create(user=alice, name="one")
    one = count()
    for n in range(20):
        api_token_create(user=alice, name=f"token {n}", expires_in_days=30, read_only=n % 2 == 0)
    assert count() == one
