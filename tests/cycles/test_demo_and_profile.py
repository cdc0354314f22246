"""The demo cycle that `make run` opens, and the profile's switch for
reminder emails."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from cycles.management.commands.create_demo_cycle import next_quarter
from cycles.models import Cycle
from tests.factories import make_matrix

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (dt.date(2030, 1, 1), (2030, 2)),
        (dt.date(2030, 6, 30), (2030, 3)),
        (dt.date(2030, 9, 30), (2030, 4)),
        (dt.date(2030, 11, 15), (2031, 1)),
    ],
)
def test_the_next_quarter_follows_the_one_a_day_is_in(
    day: dt.date, quarter: tuple[int, int]
) -> None:
    assert next_quarter(day) == quarter


def test_the_demo_cycle_is_open_for_ml_platform_and_named_after_the_next_quarter(
    settings: Any,
) -> None:
    settings.DEBUG = True
    call_command("create_demo_users", stdout=StringIO())
    make_matrix(roles=1, criteria=1, skill_slug="pytorch")
    with time_machine.travel(dt.datetime(2030, 11, 15, 10, tzinfo=dt.UTC), tick=False):
        call_command("create_demo_cycle", stdout=StringIO())
        call_command("create_demo_cycle", stdout=StringIO())  # safe to run again
        cycle = Cycle.objects.get()
        assert cycle.name == "PyTorch Q1 2031"
        assert cycle.state == Cycle.State.OPEN
        assert cycle.self_due == timezone.localdate() + dt.timedelta(days=21)
        assert cycle.review_due == timezone.localdate() + dt.timedelta(days=35)
    assert [t.slug for t in cycle.teams.all()] == ["ml-platform"]


def test_the_demo_cycle_refuses_to_run_with_debug_off(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo_cycle", stdout=StringIO())


def test_reminder_emails_are_turned_off_on_the_profile(client: Any, alice: User) -> None:
    assert alice.reminder_emails is True
    client.force_login(alice)
    page = client.get("/accounts/profile/")
    assert 'name="reminder_emails"' in page.content.decode()
    client.post(
        "/accounts/profile/",
        {"first_name": "Alice", "last_name": "", "email": "alice@example.com", "language": ""},
    )
    alice.refresh_from_db()
    assert alice.first_name == "Alice"
    assert alice.reminder_emails is False
