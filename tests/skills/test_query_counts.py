"""Every public page runs the same number of queries for the shipped matrix
and for one ten times larger."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from levels.ladder import ladder
from levels.models import Level
from tests.factories import make_expectation, make_matrix, make_role

pytestmark = pytest.mark.django_db

PAGES = [
    ("/", 1),
    ("/skills/pytorch/", 10),  # 3 of them for the community panel
    ("/skills/pytorch/?role=role-000&level=2", 10),
    ("/roles/", 1),
    ("/roles/role-000/", 5),
    ("/levels/", 2),
]


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("url", "budget"), PAGES)
def test_the_query_count_does_not_grow_with_the_matrix(
    client: Client, url: str, budget: int
) -> None:
    pytorch = make_matrix(roles=5, criteria=4)  # the shipped size
    ladder()  # kept in the cache across requests, as in production
    small = count_queries(client, url)

    # Ten times larger: PyTorch gets 45 more roles with 4-criterion cells and
    # every page gets nine more skills (role-000 appears in all of them).
    levels = list(Level.objects.order_by("number"))
    for r in range(5, 50):
        role = make_role(f"role-{r:03}")
        for level in levels:
            make_expectation(pytorch, role, level, criteria=4, links=2)
    for n in range(9):
        make_matrix(roles=5, criteria=4, skill_slug=f"skill-{n}")
    large = count_queries(client, url)

    assert small == large
    assert large <= budget
