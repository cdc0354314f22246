"""In the admin, carol may add a level on top or rename one, but deleting a
level anything refers to (or one with levels above it) is refused, from the
delete page and from the bulk action alike, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from levels.ladder import ladder
from levels.models import Level
from roles.models import Role
from skills.models import Skill
from tests.html import visible_text
from tests.levels.conftest import all_met, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, carol: User) -> Client:
    client.force_login(carol)
    return client


def level(number: int) -> Level:
    return Level.objects.get(number=number)


def delete_selected(client: Client, *numbers: int) -> Any:
    return client.post(
        "/admin/levels/level/",
        {
            "action": "delete_selected",
            "_selected_action": [level(n).pk for n in numbers],
            "post": "yes",
        },
    )


def test_a_level_a_snapshot_reached_cannot_be_deleted(
    admin_client: Client, alice: User, kite: Skill, role: Role, rungs: int
) -> None:
    snapshot(alice, kite, role, all_met(rungs))
    # Clear the matrix's own references so the snapshot alone holds the top level.
    kite.expectations.filter(level__number=rungs).delete()
    kite.level_descriptions.filter(level__number=rungs).delete()
    top = level(rungs)
    response = admin_client.post(f"/admin/levels/level/{top.pk}/delete/", {"post": "yes"})
    page = visible_text(response)
    assert f"Level {rungs} · Grade {rungs} is referred to by assessments (level reached): 1" in (
        page
    )
    assert "criterion ratings: 2" in page
    assert Level.objects.filter(pk=top.pk).exists()
    bulk = visible_text(delete_selected(admin_client, rungs))
    assert "is referred to by assessments (level reached): 1" in bulk
    assert ladder().top == rungs


def test_a_level_below_the_top_cannot_be_deleted(admin_client: Client, rungs: int) -> None:
    response = admin_client.post(f"/admin/levels/level/{level(1).pk}/delete/", {"post": "yes"})
    assert "only the top of the ladder can be removed" in visible_text(response)
    assert ladder().numbers == tuple(range(1, rungs + 1))


def test_an_unused_top_level_can_be_deleted_down_to_two_levels(
    admin_client: Client, rungs: int
) -> None:
    response = delete_selected(admin_client, rungs)
    assert response.status_code == 302
    assert ladder().top == rungs - 1
    if rungs - 1 == 2:
        refused = visible_text(delete_selected(admin_client, 2))
        assert "A ladder needs at least 2 levels." in refused
        assert ladder().top == 2


def test_a_new_level_goes_on_top_and_a_rename_shows_at_once(
    admin_client: Client, rungs: int
) -> None:
    data = {
        "slug": "chief",
        "career_name": "Chief",
        "proficiency_name": "Authority",
        "summary": "",
    }
    gap = admin_client.post("/admin/levels/level/add/", {**data, "number": rungs + 2})
    assert f"its number must be {rungs + 1}" in visible_text(gap)
    if rungs < 12:
        added = admin_client.post("/admin/levels/level/add/", {**data, "number": rungs + 1})
        assert added.status_code == 302
        last = ladder().last
        assert last is not None
        assert last.career_name == "Chief"
    else:
        assert "at most 12 levels" in visible_text(
            admin_client.post("/admin/levels/level/add/", {**data, "number": 13})
        )
    first = level(1)
    admin_client.post(
        f"/admin/levels/level/{first.pk}/change/",
        {
            "number": 1,
            "slug": first.slug,
            "career_name": "Apprentice",
            "proficiency_name": first.proficiency_name,
            "summary": "",
        },
    )
    renamed = ladder().first
    assert renamed is not None
    assert renamed.career_name == "Apprentice"
