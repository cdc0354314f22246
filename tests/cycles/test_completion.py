"""The completion view: each participant's status as their team sees it,
counts, a filter, CSV, and a rate-limited "remind" button."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Notification, Team, User
from assessments.models import Assessment
from assessments.services import ManagerInput, assessment_start, review_save, review_share
from cycles.models import Cycle, Reminder
from roles.models import Role
from skills.models import Skill
from tests.conftest import make_user
from tests.cycles.conftest import submit
from tests.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def crew(team: Team, pytorch: Skill, role: Role, bob: User) -> dict[str, User]:
    """alice (not started), dan (a draft), erin (submitted), fay (reviewed),
    gus (review shared), all in ML Platform."""
    people = {name: make_user(name) for name in ["dan", "erin", "fay", "gus"]}
    for person in people.values():
        team.memberships.create(user=person, role="member")
    assessment_start(engineer=people["dan"], skill=pytorch, role=role)
    submit(people["erin"], pytorch, role, {1: 3})
    for name in ["fay", "gus"]:
        snapshot = submit(people[name], pytorch, role, {1: 3})
        rating = snapshot.ratings.filter(frozen_level=1).first()
        assert rating is not None
        review_save(
            assessment=snapshot, team=team, by=bob, ratings={rating: ManagerInput(3)}, comment=""
        )
    gus_snapshot = Assessment.objects.get(engineer=people["gus"])
    review_share(assessment=gus_snapshot, team=team, by=bob)
    return people


URL = "/cycles/{}/teams/ml-platform/"


def test_the_manager_sees_every_status_with_counts(
    client: Any, bob: User, cycle: Cycle, crew: Any
) -> None:
    client.force_login(bob)
    text = visible_text(client.get(URL.format(cycle.pk)))
    assert (
        "Not started: 1 · Draft: 1 · Overdue: 0 · Submitted: 1 · Reviewed: 1 · Review shared: 1"
        in text
    )
    for line in [
        "alice Not started",
        "dan Draft",
        "erin Submitted",
        "fay Reviewed",
        "gus Review shared",
    ]:
        assert line in text


def test_a_snapshot_from_before_the_cycle_does_not_count(
    client: Any, bob: User, alice: User, carol: User, pytorch: Skill, role: Role, team: Team,
    other_team: Team,
) -> None:  # fmt: skip
    from tests.cycles.conftest import open_cycle

    submit(alice, pytorch, role, {1: 3})
    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        cycle = open_cycle(carol, pytorch, [team])
        client.force_login(bob)
        assert "alice Not started" in visible_text(client.get(URL.format(cycle.pk)))


def test_after_the_due_date_who_has_not_submitted_is_overdue(
    client: Any, bob: User, cycle: Cycle, crew: Any
) -> None:
    with time_machine.travel(timezone.now() + dt.timedelta(days=22), tick=False):
        client.force_login(bob)
        text = visible_text(client.get(URL.format(cycle.pk)))
    assert "Not started: 0 · Draft: 0 · Overdue: 2" in text
    assert "alice Overdue" in text
    assert "dan Overdue" in text


def test_the_filter_shows_one_status(client: Any, bob: User, cycle: Cycle, crew: Any) -> None:
    client.force_login(bob)
    text = visible_text(client.get(URL.format(cycle.pk) + "?status=submitted"))
    assert "erin Submitted" in text
    assert "alice" not in text.split("Level reached", 1)[1]


def test_an_unknown_status_in_the_filter_shows_everyone_with_a_message(
    client: Any, bob: User, cycle: Cycle, crew: Any
) -> None:
    client.force_login(bob)
    response = client.get(URL.format(cycle.pk) + "?status=bogus")
    assert response.status_code == 200
    text = visible_text(response)
    assert "That status does not exist" in text
    assert "gus Review shared" in text


def test_the_csv_lists_every_participant_with_their_status(
    client: Any, bob: User, cycle: Cycle, crew: Any
) -> None:
    client.force_login(bob)
    response = client.get(URL.format(cycle.pk) + "export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["username", "name", "status", "submitted", "level reached"]
    assert {(r[0], r[2]) for r in rows[1:]} == {
        ("alice", "not_started"), ("dan", "draft"), ("erin", "submitted"),
        ("fay", "reviewed"), ("gus", "shared"),
    }  # fmt: skip


def test_remind_sends_one_reminder_then_refuses_for_a_day(
    client: Any, bob: User, alice: User, cycle: Cycle
) -> None:
    client.force_login(bob)
    url = URL.format(cycle.pk) + "remind/alice/"
    assert client.post(url).status_code == 302
    assert Notification.objects.filter(user=alice).count() == 1
    again = client.post(url)
    assert again.status_code == 429
    assert "alice was reminded less than 24 hours ago" in visible_text(again)
    assert Notification.objects.filter(user=alice).count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25), tick=False):
        client.force_login(bob)
        assert client.post(url).status_code == 302
    assert Reminder.objects.filter(person=alice, occasion="manual").count() == 2


def test_remind_refuses_someone_who_already_submitted(
    client: Any, bob: User, cycle: Cycle, crew: Any
) -> None:
    client.force_login(bob)
    response = client.post(URL.format(cycle.pk) + "remind/erin/")
    assert response.status_code == 409
    assert "erin has already submitted" in visible_text(response)


def test_remind_is_a_post(client: Any, bob: User, cycle: Cycle) -> None:
    client.force_login(bob)
    assert client.get(URL.format(cycle.pk) + "remind/alice/").status_code == 405


@pytest.mark.parametrize("size", [2, 12])
def test_the_completion_page_and_csv_take_the_same_queries_for_any_team_size(
    client: Any, bob: User, cycle: Cycle, team: Team, pytorch: Skill, role: Role, size: int,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    for i in range(size):
        person = make_user(f"member{i}")
        team.memberships.create(user=person, role="member")
        if i % 2:
            submit(person, pytorch, role, {1: 3})
    client.force_login(bob)
    client.get(URL.format(cycle.pk))  # warm the session
    with django_assert_max_num_queries(14):
        assert client.get(URL.format(cycle.pk)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(URL.format(cycle.pk) + "export.csv").status_code == 200


def test_an_admin_sees_where_people_stand_but_no_snapshot_or_level(
    client: Any, carol: User, cycle: Cycle, crew: Any
) -> None:
    client.force_login(carol)
    page = client.get(URL.format(cycle.pk)).content.decode()
    assert "Submitted: 1" in visible_text(client.get(URL.format(cycle.pk)))
    assert "/review/" not in page
    assert "Remind erin" not in page  # she submitted: nothing to remind her of
    rows = list(csv.reader(io.StringIO(client.get(URL.format(cycle.pk) + "export.csv").text)))
    assert {(r[0], r[2], r[3], r[4]) for r in rows[1:] if r[0] == "erin"} == {
        ("erin", "submitted", "", "")
    }
    people = client.get(f"/api/v1/cycles/{cycle.pk}/completion/?team=ml-platform").json()["people"]
    erin = next(p for p in people if p["username"] == "erin")
    assert (erin["status"], erin["snapshot"], erin["level_reached"]) == ("submitted", None, None)


def test_the_manager_sees_each_level_in_the_csv(
    client: Any, bob: User, cycle: Cycle, crew: Any
) -> None:
    client.force_login(bob)
    rows = list(csv.reader(io.StringIO(client.get(URL.format(cycle.pk) + "export.csv").text)))
    erin = next(r for r in rows if r[0] == "erin")
    assert erin[4] == "1"


def test_a_name_that_looks_like_a_formula_stays_text_in_the_csv(
    client: Any, bob: User, alice: User, cycle: Cycle
) -> None:
    User.objects.filter(pk=alice.pk).update(first_name='=HYPERLINK("http://evil/","x")')
    client.force_login(bob)
    rows = list(csv.reader(io.StringIO(client.get(URL.format(cycle.pk) + "export.csv").text)))
    assert rows[1][1] == '\'=HYPERLINK("http://evil/","x")'


def test_a_deactivated_account_takes_no_part(
    client: Any, bob: User, cycle: Cycle, crew: Any
) -> None:
    User.objects.filter(username="dan").update(is_active=False)
    client.force_login(bob)
    text = visible_text(client.get(URL.format(cycle.pk)))
    assert "Draft: 0" in text
    assert "dan" not in text
