"""Two gunicorn app servers on different ports, sharing one PostgreSQL
database and one Redis, started as real processes on loopback (no Docker
here): what a deployment with several machines looks like to the app."""

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
from typing import Any
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc"]
REDIS_URL = "redis://127.0.0.1:6379/12"
PASSWORD = "scale-out-password"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


def _reachable() -> str | None:
    if shutil.which("psql") is None or shutil.which("redis-cli") is None:
        return "psql and redis-cli are needed"
    if subprocess.run([*PG, "SELECT 1"], capture_output=True, check=False).returncode:
        return "PostgreSQL is not reachable on 127.0.0.1:5432"
    ping = subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True)
    if ping.returncode:
        return "Redis is not reachable on 127.0.0.1:6379"
    return None


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
    process.kill()
    raise RuntimeError(f"gunicorn {name} did not start on port {port}")


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    problem = _reachable()
    if problem:
        pytest.skip(problem)  # in CI a skip fails the run (tests/conftest.py)
    database = f"skillsmatrix_scaleout_{os.getpid()}"
    subprocess.run([*PG, f"DROP DATABASE IF EXISTS {database}", "-c",
                    f"CREATE DATABASE {database}"], check=True)  # fmt: skip
    subprocess.run(["redis-cli", "-n", "12", "flushdb"], check=True, capture_output=True)
    tmp = Path(tempfile.mkdtemp(prefix="skillsmatrix-scaleout-"))
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "scale-out-tests-only-secret-key-0123456789abcdefghijklmnop",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "STATIC_ROOT": str(tmp / "static"),
        "LOG_LEVEL": "WARNING",
    }
    cluster = Cluster(a=None, b=None, env=env, tokens={})  # type: ignore[arg-type]
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
    cluster.a = _start("A", env)
    cluster.b = _start("B", env)
    try:
        yield cluster
    finally:
        for server in (cluster.a, cluster.b):
            os.killpg(server.process.pid, signal.SIGTERM)
            server.process.wait(timeout=30)
        subprocess.run([*PG, f"DROP DATABASE IF EXISTS {database}"], check=False)
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
