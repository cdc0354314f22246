"""The summary frozen at close: levels before and after, who became ready,
disagreements and how calibration settled them; a later cycle compares."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Team, User
from assessments.models import Assessment
from assessments.services import ManagerInput, calibration_mark, review_save
from cycles.services import cycle_close
from levels.models import Level
from roles.models import Role
from skills.models import Skill
from tests.conftest import make_user
from tests.cycles.conftest import open_cycle, submit
from tests.html import visible_text

pytestmark = pytest.mark.django_db

ALL_MET = {1: 3, 2: 3, 3: 3, 4: 3, 5: 3}


def later(days: int) -> time_machine.travel:
    return time_machine.travel(timezone.now() + dt.timedelta(days=days))


def disagree(snapshot: Assessment, team: Team, bob: User) -> Any:
    """bob rates a criterion alice rated "exceeds" as "not yet": three steps."""
    rating = snapshot.ratings.filter(frozen_level=1).order_by("frozen_position").first()
    assert rating is not None
    review_save(
        assessment=snapshot, team=team, by=bob, ratings={rating: ManagerInput(0)}, comment=""
    )
    return rating


def test_the_summary_counts_levels_before_and_after_and_who_became_ready(
    carol: User, alice: User, bob: User, pytorch: Skill, role: Role, team: Team
) -> None:
    submit(alice, pytorch, role, {1: 3})  # level 1 before the cycle
    with later(1):
        cycle = open_cycle(carol, pytorch, [team])
        snapshot = submit(alice, pytorch, role, {1: 3, 2: 3})  # level 2, ready for 3? no
        rating = disagree(snapshot, team, bob)
        calibration_mark(rating=rating, team=team, by=bob, status="resolved", note="Agreed: 1")
        cycle_close(cycle=cycle, by=carol)
    cycle.refresh_from_db()
    summary = cycle.summary
    assert summary["participants"] == 1
    assert summary["submitted"] == 1
    assert summary["before"]["1"] == 1
    assert summary["after"]["2"] == 1
    team_part = summary["teams"][str(team.pk)]
    assert team_part["reviewed"] == 1
    assert team_part["disagreements"] == [
        {
            "name": "alice",
            "criterion": rating.frozen_text,
            "level": 1,
            "self": 3,
            "manager": 0,
            "steps": 3,
            "outcome": "resolved",
            "note": "Agreed: 1",
        }
    ]
    assert summary["resolved"] == 1


def test_who_became_ready_is_listed(
    carol: User, alice: User, pytorch: Skill, role: Role, team: Team
) -> None:
    User.objects.filter(pk=alice.pk).update(career_level=Level.objects.get(number=2))
    alice.refresh_from_db()
    submit(alice, pytorch, role, {1: 3, 2: 3})  # before: not ready for 3
    with later(1):
        cycle = open_cycle(carol, pytorch, [team])
        snapshot = submit(alice, pytorch, role, {1: 3, 2: 3, 3: 3})
        cycle_close(cycle=cycle, by=carol)
    assert (snapshot.target_level, snapshot.required_met) == (3, snapshot.required_total)
    cycle.refresh_from_db()
    assert cycle.summary["teams"][str(team.pk)]["ready"] == [
        {"name": "alice", "target_level": snapshot.target_level}
    ]


def test_the_summary_is_frozen_at_close(
    carol: User, alice: User, pytorch: Skill, role: Role, team: Team
) -> None:
    cycle = open_cycle(carol, pytorch, [team])
    cycle_close(cycle=cycle, by=carol)
    submit(alice, pytorch, role, {1: 3})
    cycle.refresh_from_db()
    assert cycle.summary["submitted"] == 0


def test_the_closed_cycle_page_shows_the_summary_to_its_manager_with_names(
    client: Any, carol: User, alice: User, bob: User, pytorch: Skill, role: Role, team: Team
) -> None:
    cycle = open_cycle(carol, pytorch, [team])
    snapshot = submit(alice, pytorch, role, {1: 3, 2: 3})
    disagree(snapshot, team, bob)
    cycle_close(cycle=cycle, by=bob)
    client.force_login(bob)
    text = visible_text(client.get(f"/cycles/{cycle.pk}/"))
    assert "Summary (frozen at close)" in text
    assert "1 of 1 people submitted a self-assessment in the cycle." in text
    assert "1 disagreement between self and manager (0 resolved)" in text
    assert "alice" in text
    assert "Not calibrated" in text
    assert "Before the cycle In the cycle" in text  # bob manages every team in it


def test_an_admin_sees_numbers_but_no_names(
    client: Any, carol: User, alice: User, bob: User, pytorch: Skill, role: Role, team: Team
) -> None:
    cycle = open_cycle(carol, pytorch, [team])
    disagree(submit(alice, pytorch, role, {1: 3, 2: 3}), team, bob)
    cycle_close(cycle=cycle, by=carol)
    client.force_login(carol)
    text = visible_text(client.get(f"/cycles/{cycle.pk}/"))
    assert "1 disagreement" in text
    assert "alice" not in text
    assert "shown for groups of five people or more" in text


def test_a_later_cycle_compares_with_the_previous_closed_one(
    client: Any, carol: User, alice: User, bob: User, pytorch: Skill, role: Role, team: Team
) -> None:
    first = open_cycle(carol, pytorch, [team], name="PyTorch Q1")
    submit(alice, pytorch, role, {1: 3})
    cycle_close(cycle=first, by=carol)
    with later(2):
        second = open_cycle(carol, pytorch, [team], name="PyTorch Q2")
        submit(alice, pytorch, role, {1: 3, 2: 3})
        cycle_close(cycle=second, by=carol)
        client.force_login(bob)
        text = visible_text(client.get(f"/cycles/{second.pk}/"))
    assert "In PyTorch Q1" in text
    assert "Compared with the previous closed cycle of this skill, PyTorch Q1 ." in text
    second.refresh_from_db()
    assert second.summary["before"]["1"] == 1
    assert second.summary["after"]["2"] == 1


def test_another_teams_closed_cycle_is_never_compared_with(
    client: Any,
    carol: User,
    alice: User,
    bob: User,
    mallory: User,
    pytorch: Skill,
    role: Role,
    team: Team,
    other_team: Team,
) -> None:
    secret = open_cycle(carol, pytorch, [other_team], name="Vision secret")
    submit(mallory, pytorch, role, ALL_MET)
    cycle_close(cycle=secret, by=carol)
    with later(2):
        ours = open_cycle(carol, pytorch, [team], name="PyTorch Q2")
        submit(alice, pytorch, role, {1: 3})
        cycle_close(cycle=ours, by=carol)
        client.force_login(bob)
        text = visible_text(client.get(f"/cycles/{ours.pk}/"))
    assert "Vision secret" not in text
    assert "Compared with" not in text


def test_both_columns_count_every_participant(
    carol: User, alice: User, bob: User, pytorch: Skill, role: Role, team: Team
) -> None:
    dan = make_user("dan")
    team.memberships.create(user=dan, role="member")
    cycle = open_cycle(carol, pytorch, [team])
    submit(alice, pytorch, role, {1: 3})  # alice submits in the cycle; dan never does
    cycle_close(cycle=cycle, by=carol)
    cycle.refresh_from_db()
    assert cycle.summary["before"]["none"] == 2
    assert cycle.summary["after"]["none"] == 1
    assert sum(cycle.summary["after"].values()) == 2
