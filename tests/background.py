"""Background tasks in the test suite.

By default (tests/conftest.py) tasks run **in-process, right after the
transaction that enqueued them commits**, with ``AfterCommitBackend``: the
enqueue is deferred with ``transaction.on_commit`` and the test harness
treats the end of the code's outermost ``atomic`` block as its commit (in a
test, that block is a savepoint inside the test's own transaction, which
never commits). A task enqueued outside any transaction of the code runs at
once, as with autocommit. So a test that makes a request or calls a service
sees its emails in ``mail.outbox`` and its notifications right after, as a
user would once the worker ran; a rolled-back change runs nothing. The
arguments go through JSON first, as they would into the task table.

Queue-specific tests use the real database backend (``database_queue``)
and run what is due with ``drain()``: the worker's own loop (retries,
backoff, the reaper), in this process, in the test's transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.transaction import Atomic
from django.tasks import TaskResult, TaskResultStatus
from django.tasks.backends.immediate import ImmediateBackend
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)

AFTER_COMMIT_TASKS = {"default": {"BACKEND": "tests.background.AfterCommitBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class _Deferred:
    """An on_commit callback this harness runs when the code's transaction ends."""

    def __init__(self, run: Callable[[], None]) -> None:
        self.run = run

    def __call__(self) -> None:
        self.run()


def _code_transaction_open() -> bool:
    """Whether an ``atomic`` block of the code (not the test's) is open."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class AfterCommitBackend(ImmediateBackend):
    def enqueue(self, task: Any, args: Any, kwargs: Any) -> TaskResult[Any, Any]:
        self.validate_task(task)
        args, kwargs = json.loads(json.dumps([list(args), kwargs]))  # what the table would hold
        result: TaskResult[Any, Any] = TaskResult(
            task=task,
            id=get_random_string(32),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )

        def run() -> None:
            self._execute_task(result)  # type: ignore[attr-defined]
            if result.status == TaskResultStatus.FAILED:
                logger.error(
                    "task_failed",
                    extra={"task": task.module_path, "error": result.errors[-1].traceback},
                )

        if _code_transaction_open():
            transaction.on_commit(_Deferred(run))
        else:
            run()
        return result


_original_exit = Atomic.__exit__


@wraps(_original_exit)
def _exit_then_run_deferred(self: Atomic, exc_type: Any, exc: Any, tb: Any) -> Any:
    outcome = _original_exit(self, exc_type, exc, tb)
    if getattr(self, "_from_testcase", False) or exc_type is not None or _code_transaction_open():
        return outcome
    # The code's outermost block ended without error: its "commit". (Django
    # already dropped the callbacks of a block that rolled back.)
    deferred = [entry for entry in connection.run_on_commit if isinstance(entry[1], _Deferred)]
    if deferred:
        connection.run_on_commit = [
            entry for entry in connection.run_on_commit if not isinstance(entry[1], _Deferred)
        ]
        for entry in deferred:
            entry[1]()
    return outcome


def install() -> None:
    """Run deferred tasks at the end of the code's transaction (once per session)."""
    Atomic.__exit__ = _exit_then_run_deferred  # type: ignore[method-assign]


@pytest.fixture
def database_queue(settings: Any) -> None:
    """Tasks go into the task table, as in production; run them with drain()."""
    settings.TASKS = DATABASE_TASKS


def drain(*, max_tasks: int | None = None) -> int:
    """Run every task that is due now, as a worker would (retries set their
    next run in the future: move the clock with time_machine to reach it).
    Returns how many runs there were."""
    from unittest import mock

    from worker.runner import Runner

    runner = Runner(batch=True, interval=0, max_tasks=max_tasks)
    runner.beat()
    # The worker closes stale connections between tasks; here that would end
    # the test's own transaction (SQLite's test database is a file).
    with mock.patch("worker.runner.close_old_connections"):
        runner.work()
    return runner._run_tasks


def finish_background_work(timeout: float = 10) -> None:
    """For tests written when emails left in a thread: tasks now run right
    after their transaction commits, so there is nothing left to wait for."""
