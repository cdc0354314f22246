"""Community pages and the skill profile's community panel run a fixed
number of queries, however many follows, proposals, edits and comments."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from community.models import Comment, Follow
from community.services import matrix_edit, proposal_create
from community.targets import target_for
from skills.models import Skill
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def grow(skill: Skill, n: int, curator: User) -> None:
    for i in range(n):
        person = make_user(f"person-{skill.version}-{i}")
        Follow.objects.create(user=person, skill=skill)
        Comment.objects.create(skill=skill, author=person, body=f"Comment {i}")
        proposal_create(
            target=target_for(skill, 1 + i % 5, "role-000"),
            proposed={"summary": f"S{i}", "required": True, "criteria": [f"C{i}"]},
            rationale="r",
            by=person,
        )
        skill.refresh_from_db()
        matrix_edit(
            target=target_for(skill, 1 + i % 5),
            content={"description": f"Description {skill.version}"},
            base_version=skill.version,
            by=curator,
        )


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


# Each signed-in page's header asks once whether the person curates and how many
# proposals are open (skillsmatrix/context_processors.py).
@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/skills/pytorch/", 17),
        ("/skills/pytorch/proposals/", 8),
        ("/skills/pytorch/history/", 10),
        ("/skills/pytorch/discussion/", 10),
        ("/proposals/", 9),
    ],
)
def test_pages_cost_the_same_with_two_or_thirty_of_everything(
    client: Client, pytorch: Skill, dave: User, url: str, budget: int
) -> None:
    client.force_login(dave)  # a curator sees the most
    grow(pytorch, 2, dave)
    small = count(client, url)
    grow(pytorch, 28, dave)
    large = count(client, url)
    assert small == large
    assert large <= budget, large
