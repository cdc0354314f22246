"""Opening, editing and closing cycles: who may, and the input refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Team, User
from common.errors import Conflict, Invalid, NotAllowed
from cycles.models import Cycle
from cycles.selectors import cycles_of_participant, participant_ids
from cycles.services import cycle_close, cycle_update, cycles_tick
from skills.models import Skill
from tests.cycles.conftest import open_cycle

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def test_an_admin_opens_a_cycle_for_a_team(carol: User, pytorch: Skill, team: Team) -> None:
    cycle = open_cycle(carol, pytorch, [team])
    assert cycle.state == Cycle.State.OPEN
    assert list(cycle.teams.all()) == [team]
    assert cycle.created_by == carol


def test_a_manager_opens_a_cycle_for_their_own_team(bob: User, pytorch: Skill, team: Team) -> None:
    assert open_cycle(bob, pytorch, [team]).teams.get() == team


def test_a_manager_cannot_open_a_cycle_for_a_team_they_do_not_manage(
    bob: User, pytorch: Skill, team: Team, other_team: Team
) -> None:
    with pytest.raises(NotAllowed, match="not for: Vision"):
        open_cycle(bob, pytorch, [team, other_team])
    assert not Cycle.objects.exists()


def test_only_an_admin_opens_a_cycle_for_everyone(bob: User, pytorch: Skill, team: Team) -> None:
    with pytest.raises(NotAllowed, match="everyone"):
        open_cycle(bob, pytorch, [], everyone=True)
    assert not Cycle.objects.exists()


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        ({"self_due": -1}, "self_due", "self-assessment due date .* is in the past"),
        ({"review_due": -1, "self_due": -2}, "self_due", "in the past"),
        ({"opens_on": -1}, "opens_on", "opening date .* is in the past"),
        ({"self_due": 10, "review_due": 5}, "review_due", "must not be before the self"),
        ({"opens_on": 10, "self_due": 5}, "self_due", "must not be before the cycle opens"),
    ],
)
def test_dates_in_the_past_or_out_of_order_are_refused(
    carol: User, pytorch: Skill, team: Team, dates: dict[str, int], field: str, message: str
) -> None:
    values: dict[str, Any] = {k: today() + dt.timedelta(days=v) for k, v in dates.items()}
    with pytest.raises(Invalid, match=message) as refused:
        open_cycle(carol, pytorch, [team], **values)
    assert refused.value.field == field
    assert not Cycle.objects.exists()


def test_a_cycle_with_no_teams_and_not_everyone_is_refused(carol: User, pytorch: Skill) -> None:
    with pytest.raises(Invalid, match="at least one team") as refused:
        open_cycle(carol, pytorch, [])
    assert refused.value.field == "teams"
    assert not Cycle.objects.exists()


def test_a_cycle_opening_later_is_scheduled_until_its_day(
    carol: User, alice: User, pytorch: Skill, team: Team
) -> None:
    cycle = open_cycle(carol, pytorch, [team], opens_on=today() + dt.timedelta(days=3))
    assert cycle.state == Cycle.State.SCHEDULED
    assert cycles_of_participant(alice) == []
    with time_machine.travel(timezone.now() + dt.timedelta(days=3), tick=False):
        cycle.refresh_from_db()
        assert cycle.state == Cycle.State.OPEN
        assert cycles_of_participant(alice) == [cycle]


def _update(cycle: Cycle, by: User, **changes: Any) -> Cycle:
    values: dict[str, Any] = {
        "name": cycle.name,
        "skill": cycle.skill,
        "teams": list(cycle.teams.all()),
        "everyone": cycle.everyone,
        "opens_on": cycle.opens_on,
        "self_due": cycle.self_due,
        "review_due": cycle.review_due,
    }
    values.update(changes)
    return cycle_update(cycle=cycle, by=by, **values)


def test_a_cycle_is_editable_until_it_closes(cycle: Cycle, bob: User, carol: User) -> None:
    later = cycle.review_due + dt.timedelta(days=7)
    assert _update(cycle, bob, review_due=later, name="PyTorch Q1 (extended)").review_due == later
    cycle_close(cycle=cycle, by=carol)
    with pytest.raises(Conflict, match="closed"):
        _update(cycle, carol, name="Again")
    cycle.refresh_from_db()
    assert cycle.name == "PyTorch Q1 (extended)"


def test_an_open_cycle_keeps_its_opening_day(cycle: Cycle, carol: User) -> None:
    with pytest.raises(Invalid, match="already open"):
        _update(cycle, carol, opens_on=today() + dt.timedelta(days=1))


def test_another_teams_manager_cannot_edit_or_close_it(cycle: Cycle, trent: User) -> None:
    with pytest.raises(NotAllowed):
        _update(cycle, trent, name="Mine")
    with pytest.raises(NotAllowed):
        cycle_close(cycle=cycle, by=trent)
    cycle.refresh_from_db()
    assert (cycle.name, cycle.closed_at) == ("PyTorch Q1", None)


def test_closing_twice_is_a_conflict(cycle: Cycle, bob: User) -> None:
    cycle_close(cycle=cycle, by=bob)
    with pytest.raises(Conflict, match="already closed"):
        cycle_close(cycle=cycle, by=bob)


def test_it_closes_on_its_own_at_the_end_of_the_review_due_day(cycle: Cycle) -> None:
    deadline = cycle.deadline
    with time_machine.travel(deadline - dt.timedelta(minutes=1), tick=False):
        assert cycles_tick()["closed"] == 0
    with time_machine.travel(deadline + dt.timedelta(minutes=5), tick=False):
        assert cycles_tick()["closed"] == 1
        assert cycles_tick()["closed"] == 0  # idempotent
    cycle.refresh_from_db()
    assert cycle.closed_at == deadline
    assert cycle.summary["participants"] == 1


def test_an_everyone_cycle_covers_every_member_of_every_team_and_no_manager(
    carol: User, alice: User, mallory: User, trent: User, pytorch: Skill, team: Team,
    other_team: Team,
) -> None:  # fmt: skip
    cycle = open_cycle(carol, pytorch, [], everyone=True)
    assert cycles_of_participant(alice) == [cycle]
    assert cycles_of_participant(mallory) == [cycle]
    assert cycles_of_participant(trent) == []
    assert participant_ids(cycle) == {alice.pk, mallory.pk}
