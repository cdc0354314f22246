"""Every cycle page with the whole cast: alice (in the cycle), bob (her
manager), carol (admin), mallory (an engineer outside it), trent (another
team's manager), anonymous."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Team, User
from cycles.models import Cycle, Reminder
from tests.html import visible_text

pytestmark = pytest.mark.django_db

CAST = ["anonymous", "alice", "bob", "carol", "mallory", "trent"]


def client_for(client: Any, request: Any, who: str) -> Any:
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


PAGES = {
    # path: expected status per member of the cast
    "/cycles/": dict(alice=200, bob=200, carol=200, mallory=200, trent=200),
    "/cycles/new/": dict(alice=403, bob=200, carol=200, mallory=403, trent=200),
    "/cycles/{pk}/": dict(alice=200, bob=200, carol=200, mallory=404, trent=404),
    "/cycles/{pk}/edit/": dict(alice=404, bob=200, carol=200, mallory=404, trent=404),
    "/cycles/{pk}/close/": dict(alice=404, bob=200, carol=200, mallory=404, trent=404),
    "/cycles/{pk}/teams/ml-platform/": dict(alice=404, bob=200, carol=200, mallory=404, trent=404),
    "/cycles/{pk}/teams/ml-platform/export.csv": dict(
        alice=404, bob=200, carol=200, mallory=404, trent=404
    ),
    "/cycles/{pk}/teams/vision/": dict(alice=404, bob=404, carol=404, mallory=404, trent=404),
}


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("path", list(PAGES))
def test_who_may_see_each_page(
    client: Any, request: Any, cycle: Cycle, who: str, path: str
) -> None:
    response = client_for(client, request, who).get(path.format(pk=cycle.pk))
    if who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == PAGES[path][who]


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "mallory", "trent"])
def test_the_list_shows_only_the_cycles_a_person_is_concerned_with(
    client: Any, request: Any, cycle: Cycle, who: str
) -> None:
    text = visible_text(client_for(client, request, who).get("/cycles/"))
    assert ("PyTorch Q1" in text) == (who in {"alice", "bob", "carol"})


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("alice", 404),
        ("mallory", 404),
        ("trent", 404),
        ("bob", 302),
        ("carol", 302),
    ],
)
def test_who_may_remind(
    client: Any, request: Any, cycle: Cycle, alice: User, who: str, status: int
) -> None:
    url = f"/cycles/{cycle.pk}/teams/ml-platform/remind/alice/"
    response = client_for(client, request, who).post(url)
    assert response.status_code == status
    sent = Reminder.objects.filter(person=alice, occasion="manual").exists()
    assert sent == (who in {"bob", "carol"})


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("alice", 404), ("mallory", 404), ("trent", 404), ("bob", 302)],
)
def test_who_may_close(client: Any, request: Any, cycle: Cycle, who: str, status: int) -> None:
    response = client_for(client, request, who).post(f"/cycles/{cycle.pk}/close/")
    assert response.status_code == status
    cycle.refresh_from_db()
    assert (cycle.closed_at is not None) == (who == "bob")


def _form(team: str, **changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "name": "PyTorch Q2",
        "skill": "pytorch",
        "teams": [team],
        "opens_on": today.isoformat(),
        "self_due": (today + dt.timedelta(days=14)).isoformat(),
        "review_due": (today + dt.timedelta(days=28)).isoformat(),
    }
    data.update(changes)
    return data


def test_a_manager_opens_a_cycle_for_their_team_from_the_page(
    client: Any, bob: User, team: Team, other_team: Team, pytorch: Any
) -> None:
    client.force_login(bob)
    response = client.post("/cycles/new/", _form("ml-platform"), follow=True)
    assert "Cycle PyTorch Q2 saved." in visible_text(response)
    assert Cycle.objects.get().teams.get() == team


def test_a_manager_cannot_pick_a_team_they_do_not_manage(
    client: Any, bob: User, team: Team, other_team: Team, pytorch: Any
) -> None:
    client.force_login(bob)
    response = client.post("/cycles/new/", _form("vision"))
    assert response.status_code == 400
    assert "vision is not one of the available choices" in visible_text(response)
    assert not Cycle.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"review_due": "self"},
            "The review due date must not be before the self-assessment due date.",
        ),
        ({"teams": []}, "Choose at least one team, or everyone."),
        ({"self_due": "past"}, "is in the past"),
        ({"self_due": "31.02.2027"}, "Enter a valid date."),
    ],
)
def test_bad_input_on_the_page_is_a_400_naming_it_with_nothing_saved(
    client: Any, carol: User, team: Team, pytorch: Any, changes: dict[str, Any], message: str
) -> None:
    today = timezone.localdate()
    if changes.get("review_due") == "self":
        changes["review_due"] = (today + dt.timedelta(days=13)).isoformat()
    if changes.get("self_due") == "past":
        changes["self_due"] = (today - dt.timedelta(days=1)).isoformat()
    client.force_login(carol)
    response = client.post("/cycles/new/", _form("ml-platform", **changes))
    assert response.status_code == 400
    text = visible_text(response)
    assert "Nothing was saved" in text
    assert message in text
    assert not Cycle.objects.exists()


def test_a_closed_cycle_cannot_be_edited_from_the_page(
    client: Any, cycle: Cycle, carol: User
) -> None:
    client.force_login(carol)
    client.post(f"/cycles/{cycle.pk}/close/")
    response = client.post(f"/cycles/{cycle.pk}/edit/", _form("ml-platform"), follow=True)
    assert "This cycle is closed and can no longer be changed." in visible_text(response)
    cycle.refresh_from_db()
    assert cycle.name == "PyTorch Q1"
