"""A task that fails is retried with growing waits and never lost; one that
keeps failing stops after WORKER_MAX_ATTEMPTS and stays FAILED, with its
traceback, for admins; a task left RUNNING by a dead worker runs again."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
import time_machine
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.background import drain
from tests.worker import tasks
from worker.models import Heartbeat
from worker.runner import reap, retry_delay

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_queue")]


@pytest.fixture(autouse=True)
def _policy(settings: Any) -> None:
    settings.WORKER_MAX_ATTEMPTS = 4
    settings.WORKER_RETRY_BASE_SECONDS = 10
    settings.WORKER_RETRY_MAX_SECONDS = 25


def row() -> DBTaskResult[..., Any]:
    (task,) = DBTaskResult.objects.all()
    return task


def test_the_wait_doubles_up_to_the_cap() -> None:
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 50)] == [10, 20, 25, 25, 25]


def test_a_task_that_fails_twice_then_succeeds_is_retried_after_growing_waits(
    caplog: Any,
) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        tasks.fails_then_succeeds.enqueue(failures=2)
        with caplog.at_level(logging.WARNING, logger="worker.runner"):
            assert drain() == 1
        first = row()
        assert first.status == TaskResultStatus.READY
        assert first.run_after == timezone.now() + dt.timedelta(seconds=10)
        assert first.exception_class_path == "tests.worker.tasks.Flaky"
        assert "attempt 1 fails on purpose" in first.traceback
        (failure,) = [r for r in caplog.records if r.getMessage() == "task_failed"]
        assert (failure.task, failure.attempt, failure.gave_up, failure.retry_in_seconds) == (
            "tests.worker.tasks.fails_then_succeeds",
            1,
            False,
            10,
        )

        assert drain() == 0  # not due yet
        clock.shift(dt.timedelta(seconds=10))
        assert drain() == 1
        assert row().run_after == timezone.now() + dt.timedelta(seconds=20)
        clock.shift(dt.timedelta(seconds=20))
        assert drain() == 1

    done = row()
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == "succeeded on attempt 3"
    assert len(done.worker_ids) == 3
    assert done.traceback == ""


def test_a_task_that_always_fails_ends_failed_after_the_last_attempt(caplog: Any) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        tasks.always_fails.enqueue()
        for _ in range(10):
            drain()
            clock.shift(dt.timedelta(seconds=25))
    task = row()
    assert task.status == TaskResultStatus.FAILED
    assert len(task.worker_ids) == 4
    assert "this task never works" in task.traceback
    gave_up = [r for r in caplog.records if getattr(r, "gave_up", None) is True]
    assert [(r.levelname, r.attempt) for r in gave_up] == [("ERROR", 4)]


def test_a_running_task_of_a_dead_worker_is_taken_again(settings: Any) -> None:
    long_ago = timezone.now() - dt.timedelta(seconds=settings.WORKER_HEARTBEAT_TIMEOUT_SECONDS + 5)
    Heartbeat.objects.create(
        worker_id="dead-1", hostname="gone", pid=1, started_at=long_ago, seen_at=long_ago
    )
    Heartbeat.objects.create(
        worker_id="alive-1", hostname="here", pid=2, started_at=long_ago, seen_at=timezone.now()
    )
    orphan = tasks.succeeds.enqueue(n=1)
    busy = tasks.succeeds.enqueue(n=2)
    DBTaskResult.objects.filter(pk=orphan.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["dead-1"]
    )
    DBTaskResult.objects.filter(pk=busy.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["alive-1"]
    )

    assert drain() == 1

    taken = DBTaskResult.objects.get(pk=orphan.id)
    assert taken.status == TaskResultStatus.SUCCESSFUL
    assert taken.return_value == 1
    assert taken.worker_ids[0] == "dead-1"
    assert len(taken.worker_ids) == 2
    # A live worker's task is its own; the dead worker is forgotten.
    assert DBTaskResult.objects.get(pk=busy.id).status == TaskResultStatus.RUNNING
    assert set(Heartbeat.objects.values_list("worker_id", flat=True)) >= {"alive-1"}
    assert not Heartbeat.objects.filter(worker_id="dead-1").exists()


def test_a_task_that_kills_its_worker_every_time_ends_failed(settings: Any) -> None:
    settings.WORKER_MAX_ATTEMPTS = 2
    long_ago = timezone.now() - dt.timedelta(hours=1)
    poison = tasks.succeeds.enqueue()
    DBTaskResult.objects.filter(pk=poison.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["w1", "w2"]
    )
    assert reap() == 1
    task = row()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "worker.runner.WorkerLost"
    assert "w2" in task.traceback


def test_a_task_that_just_started_is_not_reaped_before_the_timeout() -> None:
    started = tasks.succeeds.enqueue()
    DBTaskResult.objects.filter(pk=started.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["no-heartbeat-yet"]
    )
    assert reap() == 0
    assert row().status == TaskResultStatus.RUNNING


def test_a_task_that_exits_is_a_failure_with_the_attempt_limit() -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        tasks.exits.enqueue()
        for _ in range(10):
            drain()
            clock.shift(dt.timedelta(seconds=25))
    task = row()
    assert task.status == TaskResultStatus.FAILED
    assert len(task.worker_ids) == 4


def test_a_database_outage_between_tasks_does_not_stop_the_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import OperationalError

    from worker.runner import Runner

    outages = iter([OperationalError("server closed the connection")])

    def housekeeping_once_down(self: Runner) -> None:
        error = next(outages, None)
        if error is not None:
            raise error

    monkeypatch.setattr(Runner, "housekeeping", housekeeping_once_down)
    tasks.succeeds.enqueue(n=7)
    monkeypatch.setattr("worker.runner.close_old_connections", lambda: None)  # see drain()
    runner = Runner(batch=False, interval=0, max_tasks=1)
    runner.work()  # returns after its one task: the outage only cost a turn
    assert row().status == TaskResultStatus.SUCCESSFUL
