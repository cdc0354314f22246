"""/api/v1/cycles/: the list, one cycle with your status, a team's
completion; the whole cast; query counts that do not grow with the team."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Team, User
from cycles.models import Cycle
from cycles.services import cycle_close
from roles.models import Role
from skills.models import Skill
from tests.api.conftest import token_client
from tests.conftest import make_user
from tests.cycles.conftest import submit

pytestmark = pytest.mark.django_db

CAST = ["alice", "bob", "carol", "mallory", "trent"]


def as_(request: Any, who: str) -> APIClient:
    if who == "anonymous":
        client = APIClient()
        client.default_format = "json"
        return client
    return token_client(request.getfixturevalue(who))


@pytest.mark.parametrize("who", ["anonymous", *CAST])
def test_the_list_holds_the_cycles_a_person_is_concerned_with(
    request: Any, cycle: Cycle, who: str
) -> None:
    response = as_(request, who).get("/api/v1/cycles/")
    if who == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    names = [c["name"] for c in response.json()["results"]]
    assert names == (["PyTorch Q1"] if who in {"alice", "bob", "carol"} else [])


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("alice", 200), ("bob", 200), ("carol", 200), ("mallory", 404),
     ("trent", 404)],
)  # fmt: skip
def test_who_may_read_a_cycle(request: Any, cycle: Cycle, who: str, status: int) -> None:
    assert as_(request, who).get(f"/api/v1/cycles/{cycle.pk}/").status_code == status


def test_the_detail_gives_the_callers_own_status(
    request: Any, cycle: Cycle, alice: User, pytorch: Skill, role: Role
) -> None:
    client = as_(request, "alice")
    body = client.get(f"/api/v1/cycles/{cycle.pk}/").json()
    assert body["me"] == {"status": "not_started", "snapshot": None, "draft": None}
    assert body["teams"] == ["ml-platform"]
    assert body["state"] == "open"
    assert body["completion_teams"] == []
    snapshot = submit(alice, pytorch, role, {1: 3})
    body = client.get(f"/api/v1/cycles/{cycle.pk}/").json()
    assert body["me"] == {"status": "submitted", "snapshot": snapshot.pk, "draft": None}


def test_the_manager_reads_no_status_of_their_own_but_the_summary_once_closed(
    request: Any, cycle: Cycle, bob: User
) -> None:
    client = as_(request, "bob")
    body = client.get(f"/api/v1/cycles/{cycle.pk}/").json()
    assert body["me"] is None
    assert body["completion_teams"] == ["ml-platform"]
    assert body["summary"] is None
    cycle_close(cycle=cycle, by=bob)
    body = client.get(f"/api/v1/cycles/{cycle.pk}/").json()
    assert body["state"] == "closed"
    assert body["summary"] == {
        "participants": 1, "submitted": 0, "ready": 0, "disagreements": 0, "resolved": 0
    }  # fmt: skip


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("alice", 404), ("bob", 200), ("carol", 200), ("mallory", 404),
     ("trent", 404)],
)  # fmt: skip
def test_who_may_read_a_teams_completion(request: Any, cycle: Cycle, who: str, status: int) -> None:
    url = f"/api/v1/cycles/{cycle.pk}/completion/?team=ml-platform"
    assert as_(request, who).get(url).status_code == status


def test_completion_lists_each_member_and_the_counts(
    request: Any, cycle: Cycle, alice: User, pytorch: Skill, role: Role
) -> None:
    snapshot = submit(alice, pytorch, role, {1: 3})
    body = as_(request, "bob").get(f"/api/v1/cycles/{cycle.pk}/completion/").json()
    assert body["team"] == "ml-platform"
    assert body["counts"]["submitted"] == 1
    assert body["counts"]["not_started"] == 0
    assert body["people"] == [
        {
            "username": "alice",
            "name": "alice",
            "status": "submitted",
            "snapshot": snapshot.pk,
            "submitted_at": body["people"][0]["submitted_at"],
            "level_reached": 1,
        }
    ]
    assert body["people"][0]["submitted_at"] is not None


def test_an_unknown_status_filter_is_a_400_naming_it(request: Any, cycle: Cycle) -> None:
    response = as_(request, "bob").get(f"/api/v1/cycles/{cycle.pk}/completion/?status=late")
    assert response.status_code == 400
    body = response.json()
    assert "Unknown status 'late'" in body["detail"]
    assert "status" in body["errors"]


def test_another_teams_slug_is_not_found(request: Any, cycle: Cycle, other_team: Team) -> None:
    response = as_(request, "carol").get(f"/api/v1/cycles/{cycle.pk}/completion/?team=vision")
    assert response.status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_the_endpoints_take_the_same_queries_for_any_team_size(
    request: Any, cycle: Cycle, team: Team, pytorch: Skill, role: Role, size: int,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    for i in range(size):
        person = make_user(f"member{i}")
        team.memberships.create(user=person, role="member")
        if i % 2:
            submit(person, pytorch, role, {1: 3})
    client = as_(request, "bob")
    for url in ["/api/v1/cycles/", f"/api/v1/cycles/{cycle.pk}/",
                f"/api/v1/cycles/{cycle.pk}/completion/"]:  # fmt: skip
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
