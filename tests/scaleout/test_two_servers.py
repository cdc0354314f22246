"""Two app servers, one database, one cache: what one server does, the other
sees at once; sessions work on both; losing a worker or restarting
PostgreSQL under load costs only the requests in flight. Bounded loops,
loopback only."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable

from tests.scaleout.conftest import Cluster, Server, sign_in

MATRIX = "/api/v1/skills/pytorch/matrix/"


def test_an_edit_through_a_is_seen_through_b_at_once(cluster: Cluster) -> None:
    a, b, carol = cluster.a, cluster.b, cluster.tokens["carol"]
    before_b = b.request("GET", MATRIX)
    before_a = a.request("GET", MATRIX)
    assert before_a.headers["ETag"] == before_b.headers["ETag"]  # shared, cached in Redis
    version = before_b.json()["version"]
    etag = before_b.headers["ETag"]
    assert b.request("GET", MATRIX, headers={"If-None-Match": etag}).status == 304

    proposal = a.api(
        "POST",
        "/api/v1/skills/pytorch/proposals/",
        carol,
        {"target": {"level": 1}, "proposed": {"description": "Edited through A."},
         "rationale": "scale-out test"},
    )  # fmt: skip
    assert proposal.status == 201, proposal.body
    accepted = a.api(
        "POST",
        f"/api/v1/proposals/{proposal.json()['id']}/accept/",
        carol,
        {"reviewed_version": version},
    )
    assert accepted.status == 200, accepted.body

    after = b.request("GET", MATRIX, headers={"If-None-Match": etag})
    assert after.status == 200  # B does not answer 304 for the old version
    assert after.json()["version"] == version + 1
    assert after.headers["ETag"] != etag
    levels = {level["number"]: level["description"] for level in after.json()["levels"]}
    assert levels[1] == "Edited through A."
    assert a.request("GET", MATRIX, headers={"If-None-Match": after.headers["ETag"]}).status == 304
    assert "Edited through A." in b.request("GET", "/skills/pytorch/").body.decode()


def test_a_session_made_on_a_works_on_b(cluster: Cluster) -> None:
    cookies = sign_in(cluster.a, "alice")
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    me = cluster.b.request("GET", "/api/v1/me/", headers={"Cookie": cookie})
    assert me.status == 200
    assert me.json()["username"] == "alice"
    page = cluster.b.request("GET", "/me/assessments/", headers={"Cookie": cookie})
    assert page.status == 200
    assert "Sign out" in page.body.decode()


def load(
    servers: list[Server], path: str, *, threads: int, per_thread: int, during: Callable[[], None]
) -> Counter[str]:
    """``threads`` clients, each making ``per_thread`` requests in turn to
    ``servers``; ``during`` runs once a third of the way through."""
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    started = threading.Event()

    def client(n: int) -> None:
        for i in range(per_thread):
            if n == 0 and i == per_thread // 3:
                started.set()
            server = servers[(n + i) % len(servers)]
            try:
                status = str(server.request("GET", path, timeout=15).status)
            except OSError as exc:
                status = type(exc).__name__
            with lock:
                outcomes[status] += 1

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    started.wait(timeout=60)
    during()
    for worker in workers:
        worker.join(timeout=120)
    return outcomes


def wait_until_serving(server: Server, path: str, seconds: float = 30) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if server.request("GET", path, timeout=5).status == 200:
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{server.name} did not serve {path} again within {seconds} s")


def test_killing_a_worker_under_load_loses_at_most_its_requests(cluster: Cluster) -> None:
    a = cluster.a
    before = a.workers()
    assert len(before) == 2
    threads = 6

    def kill_one() -> None:
        os.kill(before[0], signal.SIGKILL)

    outcomes = load([a], "/skills/pytorch/", threads=threads, per_thread=40, during=kill_one)
    failed = sum(n for status, n in outcomes.items() if status != "200")
    assert outcomes["200"] >= threads * 40 - threads, outcomes
    assert failed <= threads  # at most one in flight per client, on the killed worker
    wait_until_serving(a, "/skills/pytorch/")
    deadline = time.monotonic() + 20
    while len(a.workers()) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    after = a.workers()
    assert len(after) == 2
    assert before[0] not in after


def test_restarting_postgresql_under_load_recovers_without_restarting_the_apps(
    cluster: Cluster,
) -> None:
    a, b, postgres = cluster.a, cluster.b, cluster.postgres  # the suite's own PostgreSQL
    pids = (a.process.pid, b.process.pid)
    started_at = postgres.started_at()
    path = "/api/v1/skills/pytorch/"  # a database read on every request
    outcomes = load([a, b], path, threads=4, per_thread=60, during=postgres.restart)
    assert postgres.started_at() != started_at  # PostgreSQL really did restart
    assert outcomes["200"] > 0, outcomes
    assert set(outcomes) <= {"200", "500", "503"}, outcomes  # errors, never hangs
    for server in (a, b):
        wait_until_serving(server, path)
        assert server.request("GET", "/readyz").json() == {
            "ready": True,
            "database": "ok",
            "cache": "ok",
        }
        me = server.api("GET", "/api/v1/me/", cluster.tokens["alice"])
        assert me.status == 200
        assert me.json()["username"] == "alice"
    assert (a.process.pid, b.process.pid) == pids
    assert a.process.poll() is None
    # After recovery, every request succeeds again.
    assert load([a, b], path, threads=4, per_thread=10, during=lambda: None) == Counter({"200": 40})
