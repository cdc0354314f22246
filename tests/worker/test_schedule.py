"""Periodic jobs: each slot enqueued once however many workers run, and a
schedule entry that cannot work refused at start-up with what is wrong."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django_tasks_db.models import DBTaskResult

from worker.models import ScheduledRun
from worker.schedule import Scheduler, jobs_from

TICK = {"tick": {"task": "tests.worker.tasks.succeeds", "every_seconds": 300}}


def test_two_workers_enqueue_each_slot_once(db: None, database_queue: None) -> None:
    jobs = jobs_from(TICK)
    one, two = Scheduler(jobs, worker_id="w1"), Scheduler(jobs, worker_id="w2")
    start = dt.datetime(2030, 1, 1, 12, 0, 10, tzinfo=dt.UTC)
    assert one.tick(start) == ["tick"]
    assert two.tick(start + dt.timedelta(seconds=5)) == []
    assert one.tick(start + dt.timedelta(seconds=100)) == []  # same slot, nothing written
    assert two.tick(start + dt.timedelta(seconds=300)) == ["tick"]
    assert one.tick(start + dt.timedelta(seconds=301)) == []
    assert DBTaskResult.objects.filter(task_path="tests.worker.tasks.succeeds").count() == 2
    assert sorted(ScheduledRun.objects.values_list("worker_id", flat=True)) == ["w1", "w2"]


def test_a_slot_is_the_start_of_its_period() -> None:
    (job,) = jobs_from(TICK)
    at = dt.datetime(2030, 1, 1, 12, 4, 59, tzinfo=dt.UTC)
    assert job.slot(at) == dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ({"Bad Name": TICK["tick"]}, "lower-case letters"),
        ({"tick": {"task": "tests.worker.tasks.succeeds"}}, "exactly the keys"),
        ({"tick": {**TICK["tick"], "every": 5}}, "exactly the keys"),
        ({"tick": {**TICK["tick"], "every_seconds": 0}}, "from 1 to a week"),
        ({"tick": {**TICK["tick"], "every_seconds": "300"}}, "from 1 to a week"),
        ({"tick": {**TICK["tick"], "task": "tests.worker.nowhere.task"}}, "cannot import"),
        ({"tick": {**TICK["tick"], "task": "tests.worker.tasks.not_a_task"}}, "is not a task"),
        (
            {"tick": {**TICK["tick"], "task": "tests.worker.tasks.needs_an_argument"}},
            "must take no arguments",
        ),
    ],
)
def test_a_malformed_entry_is_refused_with_where_and_what(
    schedule: dict[str, Any], message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        jobs_from(schedule)
    assert "WORKER_SCHEDULE['" in str(refused.value)


@pytest.mark.django_db  # the model checks ask SQLite whether it supports JSON
def test_check_and_run_worker_refuse_a_malformed_schedule(settings: Any) -> None:
    settings.WORKER_SCHEDULE = {
        "tick": {"task": "tests.worker.tasks.not_a_task", "every_seconds": 60}
    }
    with pytest.raises(SystemCheckError, match=r"worker\.E001"):
        call_command("check", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="is not a task"):
        call_command("run_worker", skip_checks=True, stdout=StringIO())


def test_the_shipped_schedule_is_valid(settings: Any) -> None:
    assert "worker_prune" in [job.name for job in jobs_from(settings.WORKER_SCHEDULE)]
