"""Two `run_worker` processes on one PostgreSQL: each of 1,000 tasks runs
exactly once, shared between them; a worker killed (SIGKILL) in the middle
of a task loses nothing: the other takes the task back once the dead one's
heartbeat is stale, and completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.scaleout.conftest import ROOT, Cluster
from tests.scaleout.tasks import CREATE

# Fast heartbeats so that a dead worker is noticed within seconds.
WORKER_ENV = {
    "WORKER_HEARTBEAT_SECONDS": "1",
    "WORKER_HEARTBEAT_TIMEOUT_SECONDS": "3",
    "WORKER_POLL_SECONDS": "1",
    "LOG_LEVEL": "WARNING",
}


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 45) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Workers:
    def __init__(self, cluster: Cluster, logs: Path) -> None:
        self.cluster = cluster
        self.logs = logs
        self.started: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--worker-id", name, "--no-schedule"],
            cwd=ROOT,
            env={**self.cluster.env, **WORKER_ENV},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started[name] = process
        wait_for(
            lambda: self.sql("SELECT worker_id FROM worker_heartbeat").split().count(name) == 1,
            f"{name} to start",
        )
        return process

    def stop_all(self) -> None:
        for process in self.started.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def sql(self, query: str) -> str:
        return self.cluster.postgres.psql(query, database="skillsmatrix")

    def enqueue(self, code: str) -> None:
        self.cluster.manage("shell", "-c", code)


@pytest.fixture
def workers(cluster: Cluster, tmp_path: Path) -> Iterator[Workers]:
    pool = Workers(cluster, tmp_path)
    pool.sql(CREATE)
    pool.sql(
        "TRUNCATE scaleout_runs; DELETE FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE 'tests.scaleout.%'"
    )
    try:
        yield pool
    finally:
        pool.stop_all()


def test_two_workers_run_each_of_a_thousand_tasks_exactly_once(workers: Workers) -> None:
    workers.start("worker-a")
    workers.start("worker-b")
    started = time.monotonic()
    workers.enqueue(
        "from tests.scaleout.tasks import record; from worker.queue import enqueue_many; "
        "enqueue_many(record, [{'n': n} for n in range(1000)])"
    )
    pending = (
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'tests.scaleout.tasks.record' AND status <> 'SUCCESSFUL'"
    )
    wait_for(lambda: workers.sql(pending) == "0", "the queue to drain", timeout=90)
    elapsed = time.monotonic() - started

    assert workers.sql("SELECT count(*), sum(runs), max(runs) FROM scaleout_runs") == "1000|1000|1"
    shares = dict(
        line.split("|")
        for line in workers.sql(
            "SELECT worker_ids->>0, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'tests.scaleout.tasks.record' GROUP BY 1"
        ).splitlines()
    )
    assert set(shares) == {"worker-a", "worker-b"}, shares
    assert all(int(count) >= 100 for count in shares.values()), shares  # both really worked
    assert (
        workers.sql(
            "SELECT max(jsonb_array_length(worker_ids)) FROM django_tasks_database_dbtaskresult"
        )
        == "1"
    )
    assert elapsed < 60


def test_a_worker_killed_mid_task_loses_nothing(workers: Workers) -> None:
    first = workers.start("worker-doomed")
    workers.enqueue(
        "from tests.scaleout.tasks import stuck_the_first_time; stuck_the_first_time.enqueue(n=7)"
    )
    running = (
        "SELECT status || ' ' || (worker_ids->>0) FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'tests.scaleout.tasks.stuck_the_first_time'"
    )
    wait_for(lambda: workers.sql(running) == "RUNNING worker-doomed", "the task to start")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    workers.start("worker-survivor")
    done = (
        "SELECT status, worker_ids::text FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'tests.scaleout.tasks.stuck_the_first_time'"
    )
    wait_for(
        lambda: workers.sql(done).startswith("SUCCESSFUL"),
        "the other worker to complete it",
        timeout=30,
    )
    assert workers.sql(done) == 'SUCCESSFUL|["worker-doomed", "worker-survivor"]'
    assert workers.sql("SELECT n, runs FROM scaleout_runs") == "7|1"
    # The dead worker's heartbeat was forgotten.
    assert workers.sql("SELECT worker_id FROM worker_heartbeat") == "worker-survivor"
