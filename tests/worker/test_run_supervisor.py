"""`make run` (bin/supervise.py) starts the web server and a worker with one
command and stops both on Ctrl-C; if one of them dies, the other is stopped
too. Real processes on a free port and a SQLite file of their own."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def groups() -> dict[int, int]:
    """Every process's group: pid -> pgid."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,pgid="], capture_output=True, text=True).stdout
    return {int(pid): int(pgid) for pid, pgid in (line.split() for line in out.splitlines())}


def children_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def environment(database: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied for each test."""
    database = tmp_path_factory.mktemp("run") / "migrated.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment(database),
        check=True,
    )
    return database


class Running:
    def __init__(self, tmp: Path, migrated: Path) -> None:
        self.database = tmp / "run.sqlite3"
        shutil.copy(migrated, self.database)
        self.port = free_port()
        self.env = environment(self.database)
        self.process = subprocess.Popen(
            [sys.executable, "bin/supervise.py", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def serving(self) -> bool:
        try:
            url = f"http://127.0.0.1:{self.port}/healthz"
            with urllib.request.urlopen(url, timeout=2) as answer:
                return bool(answer.status == 200)
        except OSError:
            return False

    def workers_alive(self) -> int:
        try:
            with sqlite3.connect(self.database, timeout=5) as db:
                return int(db.execute("SELECT count(*) FROM worker_heartbeat").fetchone()[0])
        except sqlite3.Error:
            return 0

    def family(self) -> list[int]:
        """The supervisor's children and everything in their process groups."""
        kids = children_of(self.process.pid)
        return sorted({pid for pid, pgid in groups().items() if pgid in kids} | set(kids))


@pytest.fixture
def running(tmp_path: Path, migrated: Path) -> Iterator[Running]:
    run = Running(tmp_path, migrated)
    try:
        wait_for(run.serving, "the web server")
        wait_for(lambda: run.workers_alive() == 1, "the worker's heartbeat")
        yield run
    finally:
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()
        for pid in run.family() if run.process.poll() is None else []:
            os.kill(pid, signal.SIGKILL)


def alive(pids: list[int]) -> list[int]:
    still = set(groups())
    return [pid for pid in pids if pid in still]


def test_ctrl_c_stops_the_web_server_and_the_worker(running: Running) -> None:
    family = running.family()
    commands = " | ".join(command_line(pid) for pid in family)
    assert "manage.py runserver" in commands
    assert "manage.py run_worker" in commands
    running.process.send_signal(signal.SIGINT)
    assert running.process.wait(timeout=30) == 0
    wait_for(lambda: alive(family) == [], "every child to end", timeout=15)
    assert running.workers_alive() == 0  # the worker stopped cleanly


def test_when_the_worker_dies_the_web_server_is_stopped_too(running: Running) -> None:
    family = running.family()
    (worker,) = [pid for pid in family if "run_worker" in command_line(pid)]
    os.kill(worker, signal.SIGKILL)
    assert running.process.wait(timeout=30) != 0
    wait_for(lambda: alive(family) == [], "the web server to end", timeout=15)
    assert not running.serving()
