"""Two gunicorn app servers on different ports, sharing one PostgreSQL
database and one Redis, started as real processes on loopback (no Docker
here): what a deployment with several machines looks like to the app.

The PostgreSQL and the Redis are the suite's own (tests/scaleout/services.py),
made for the run and removed after it: the suite restarts and kills them, and
never uses, restarts or stops the caller's."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.scaleout.services import (
    Postgres,
    Redis,
    callers_services,
    clean_environ,
    free_port,
    postgres_bindir,
    start_postgres,
    start_redis,
)

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "skillsmatrix"
PASSWORD = "scale-out-password"
# Runs after every other test of the suite, the PostgreSQL restart included.
LAST_MODULE = "test_machine_left_alone.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name == LAST_MODULE)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        timeout: float = 10,
    ) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            answer = conn.getresponse()
            headers = dict(answer.getheaders())
            cookies = answer.msg.get_all("Set-Cookie") or []
            headers["Set-Cookie"] = "\n".join(cookies)  # one line per cookie
            return Response(answer.status, headers, answer.read())
        finally:
            conn.close()

    def api(self, method: str, path: str, token: str, data: Any = None) -> Response:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        body = json.dumps(data).encode() if data is not None else None
        return self.request(method, path, headers=headers, body=body)

    def workers(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [int(pid) for pid in out.split()]


@dataclass
class Cluster:
    a: Server
    b: Server
    env: dict[str, str]
    tokens: dict[str, str]
    postgres: Postgres
    redis: Redis

    def manage(self, *args: str) -> str:
        run = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return run.stdout


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server and every process in its group (gunicorn's workers)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _start(name: str, env: dict[str, str]) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "skillsmatrix.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Server(name, port, process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if server.request("GET", "/healthz", timeout=2).status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    _stop(process)
    raise RuntimeError(f"gunicorn {name} did not start on port {port}")


@pytest.fixture(scope="session", autouse=True)
def _sigterm_tears_down() -> Iterator[None]:
    """A CI timeout or a ``kill`` sends SIGTERM: make it an interrupt, as
    Ctrl-C is, so the fixtures still stop and remove what the suite started."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    yield
    signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="session")
def callers_before() -> Iterator[dict[str, str]]:
    """The caller's PostgreSQL and Redis as they were before the suite
    started anything; checked again after everything is torn down."""
    before = callers_services()
    yield before
    after = callers_services()
    if after != before:
        pytest.fail(f"the caller's services changed during the suite: {before} -> {after}")


@pytest.fixture(scope="session")
def postgres(callers_before: dict[str, str]) -> Iterator[Postgres]:
    bindir = postgres_bindir()
    if bindir is None:
        # In CI a skip fails the run (tests/conftest.py).
        pytest.skip("needs PostgreSQL's server programs (Debian: apt-get install postgresql)")
    server = start_postgres(bindir)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.home, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server(callers_before: dict[str, str]) -> Iterator[Redis]:
    program = shutil.which("redis-server")
    if program is None:
        pytest.skip("needs redis-server (Debian: apt-get install redis-server)")
    server = start_redis(program)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.home, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster(postgres: Postgres, redis_server: Redis) -> Iterator[Cluster]:
    postgres.psql(f"CREATE DATABASE {DATABASE}")
    tmp = Path(tempfile.mkdtemp(prefix="skillsmatrix-scaleout-"))
    env = {
        **clean_environ(),
        "DEBUG": "false",
        "SECRET_KEY": "scale-out-tests-only-secret-key-0123456789abcdefghijklmnop",
        "DATABASE_URL": postgres.url(DATABASE),
        "REDIS_URL": redis_server.url(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "STATIC_ROOT": str(tmp / "static"),
        "LOG_LEVEL": "WARNING",
    }
    cluster = Cluster(a=None, b=None, env=env, tokens={}, postgres=postgres, redis=redis_server)  # type: ignore[arg-type]
    started: list[Server] = []
    try:
        cluster.manage("migrate", "--no-input", "-v0")
        cluster.manage("collectstatic", "--no-input", "-v0")
        cluster.manage("import_matrix", "fixtures/", "-v0")
        made = cluster.manage(
            "shell",
            "-c",
            "from accounts.models import User; from accounts.services import api_token_create; "
            f"User.objects.create_superuser('carol', 'carol@example.com', '{PASSWORD}'); "
            f"alice = User.objects.create_user('alice', 'alice@example.com', '{PASSWORD}'); "
            "print(api_token_create(user=User.objects.get(username='carol'), name='ci')[1]); "
            "print(api_token_create(user=alice, name='ci')[1])",
        )
        carol, alice = made.split()[-2:]
        cluster.tokens = {"carol": carol, "alice": alice}
        for name in ("A", "B"):
            started.append(_start(name, env))
        cluster.a, cluster.b = started
        yield cluster
    finally:
        for server in started:
            _stop(server.process)
        shutil.rmtree(tmp, ignore_errors=True)


def sign_in(server: Server, username: str) -> dict[str, str]:
    """Sign in through the form on ``server``; returns the cookies."""
    page = server.request("GET", "/accounts/login/")
    csrf = page.headers["Set-Cookie"].split("csrftoken=")[1].split(";")[0]
    form = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf})
    answer = server.request(
        "POST",
        "/accounts/login/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{server.port}/accounts/login/",
        },
        body=form.encode(),
    )
    assert answer.status == 302, answer.body[:500]
    session = answer.headers["Set-Cookie"].split("sessionid=")[1].split(";")[0]
    return {"csrftoken": csrf, "sessionid": session}
