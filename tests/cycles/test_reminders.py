"""Reminders: when the cycle opens, a week and a day before each due date,
once when overdue; one per person per occasion; in the person's language;
email optional, the in-app notification always."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Notification, Team, User
from cycles.models import Cycle, Reminder
from cycles.services import cycles_tick
from roles.models import Role
from skills.models import Skill
from tests.cycles.conftest import open_cycle, submit
from tests.factories import make_team

pytestmark = pytest.mark.django_db


def at(cycle: Cycle, day: dt.date, hour: int = 9) -> time_machine.travel:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    return time_machine.travel(moment, tick=False)


def messages(user: User) -> list[str]:
    return list(
        Notification.objects.filter(user=user).order_by("pk").values_list("message", flat=True)
    )


def test_participants_hear_once_when_the_cycle_opens(
    cycle: Cycle, alice: User, mallory: User
) -> None:
    mail.outbox.clear()
    cycles_tick()
    cycles_tick()
    assert len(messages(alice)) == 1
    assert messages(alice)[0].startswith("PyTorch Q1 is open: assess yourself in Pytorch by ")
    assert str(cycle.self_due.year) in messages(alice)[0]
    assert messages(mallory) == []  # not in the cycle
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "/me/assessments/" in mail.outbox[0].body


def test_the_week_and_the_day_before_and_overdue_each_remind_once(
    cycle: Cycle, alice: User
) -> None:
    cycles_tick()
    for days_before, expected in [(7, "due in 7 days"), (1, "due in 1 day")]:
        with at(cycle, cycle.self_due - dt.timedelta(days=days_before)):
            cycles_tick()
            cycles_tick()
        assert messages(alice)[-1] == f"PyTorch Q1 — your self-assessment is {expected}."
    with at(cycle, cycle.self_due):
        cycles_tick()  # the day-before reminder was sent already
    with at(cycle, cycle.self_due + dt.timedelta(days=2)):
        cycles_tick()
        cycles_tick()
    assert messages(alice)[-1] == "PyTorch Q1 — your self-assessment is overdue by 2 days."
    assert len(messages(alice)) == 4
    occasions = sorted(Reminder.objects.filter(person=alice).values_list("occasion", flat=True))
    assert occasions == ["opened", "self_1", "self_7", "self_overdue"]


def test_who_submitted_in_the_cycle_is_not_reminded(
    cycle: Cycle, alice: User, pytorch: Skill, role: Role
) -> None:
    submit(alice, pytorch, role, {1: 3})
    with at(cycle, cycle.self_due - dt.timedelta(days=7)):
        cycles_tick()
    assert messages(alice) == []


def test_a_person_in_two_covered_teams_gets_one_message_per_occasion(
    carol: User, alice: User, bob: User, pytorch: Skill, team: Team
) -> None:
    second = make_team("research", managers=[bob], members=[alice])
    open_cycle(carol, pytorch, [team, second])
    cycles_tick()
    assert len(messages(alice)) == 1
    assert Reminder.objects.filter(person=alice).count() == 1


def test_reminders_are_written_in_the_persons_language(cycle: Cycle, alice: User) -> None:
    User.objects.filter(pk=alice.pk).update(language="de")
    mail.outbox.clear()
    cycles_tick()
    # The due date is written the German way ("22. Dezember 2026").
    german_date = f"{cycle.self_due.day}. "
    assert german_date in messages(alice)[0]
    assert "Dec." not in messages(alice)[0]
    assert "Jan." not in messages(alice)[0]
    assert german_date in mail.outbox[0].subject


def test_with_reminder_emails_off_the_reminder_stays_in_the_app_only(
    cycle: Cycle, alice: User
) -> None:
    User.objects.filter(pk=alice.pk).update(reminder_emails=False)
    mail.outbox.clear()
    cycles_tick()
    assert len(messages(alice)) == 1
    assert mail.outbox == []


def test_managers_are_reminded_of_snapshots_they_have_not_reviewed(
    cycle: Cycle, alice: User, bob: User, pytorch: Skill, role: Role
) -> None:
    submit(alice, pytorch, role, {1: 3})
    with at(cycle, cycle.review_due - dt.timedelta(days=7)):
        cycles_tick()
        cycles_tick()
    assert messages(bob) == ["PyTorch Q1 — 1 snapshot awaits your review, due in 7 days."]


def test_the_command_runs_the_same_tick(cycle: Cycle, alice: User) -> None:
    call_command("cycles_tick")
    call_command("cycles_tick")
    assert len(messages(alice)) == 1


def test_the_task_runs_the_tick(cycle: Cycle, alice: User) -> None:
    from cycles.tasks import cycles_tick as task

    result = task.call()
    assert result == {"closed": 0, "opened": 1, "reminded": 1}
    assert len(messages(alice)) == 1


def test_a_scheduled_cycle_sends_nothing_before_its_day(
    carol: User, alice: User, pytorch: Skill, team: Team
) -> None:
    start = timezone.localdate() + dt.timedelta(days=10)
    cycle = open_cycle(carol, pytorch, [team], opens_on=start)
    cycles_tick()
    assert messages(alice) == []
    with at(cycle, start):
        cycles_tick()
    assert len(messages(alice)) == 1


def test_a_deactivated_account_is_never_reminded(
    carol: User, alice: User, pytorch: Skill, team: Team
) -> None:
    User.objects.filter(pk=alice.pk).update(is_active=False)
    mail.outbox.clear()
    open_cycle(carol, pytorch, [team])
    cycles_tick()
    assert messages(alice) == []
    assert not Reminder.objects.filter(person=alice).exists()
    assert mail.outbox == []
