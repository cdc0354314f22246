"""Benchmarks: import time and page latency under gunicorn, with the static-file
floor beside them. Writes docs/performance.md.

    make bench                                   # SQLite in a temp folder
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench

The database named by BENCH_DATABASE_URL is dropped and recreated (PostgreSQL)
or created fresh (SQLite). Requests are sequential over one keep-alive
connection, so the figures are latency, not throughput under load.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8771"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
ORG_ENGINEERS = int(os.environ.get("BENCH_ENGINEERS", "10000"))
ORG_TEAMS = int(os.environ.get("BENCH_TEAMS", "500"))


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def fresh_database(tmp: Path) -> str:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url:
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = ["psql", "-h", parsed.hostname or "127.0.0.1", "-U", parsed.username or "postgres"]
    drop, create = f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"
    subprocess.run([*admin, "-d", "postgres", "-qc", drop, "-c", create], check=True)
    return url


def measure(conn: http.client.HTTPConnection, path: str) -> list[float]:
    for _ in range(10):  # warm-up
        conn.request("GET", path)
        conn.getresponse().read()
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        timings.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
    return timings


class Session:
    """Just enough of a browser: cookies, CSRF and form posts over one connection."""

    def __init__(self, conn: http.client.HTTPConnection) -> None:
        self.conn = conn
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{PORT}{path}"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return response.status, response.headers.get("Location", ""), text

    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/accounts/login/")
        status, _, _ = self.request(
            "POST", "/accounts/login/", {"username": username, "password": password}
        )
        if status != 302:
            raise SystemExit(f"sign-in failed: HTTP {status}")


def timed(action: Callable[[], Any], times: int) -> list[float]:
    result = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        result.append((time.perf_counter() - start) * 1000)
    return result


def interleaved(actions: list[Callable[[], Any]], times: int) -> list[list[float]]:
    """Timings per action, taking turns: 10 warm-up rounds, then `times` rounds."""
    result: list[list[float]] = [[] for _ in actions]
    for round_ in range(10 + times):
        for timings, action in zip(result, actions, strict=True):
            start = time.perf_counter()
            action()
            if round_ >= 10:
                timings.append((time.perf_counter() - start) * 1000)
    return result


def measure_assessments(conn: http.client.HTTPConnection) -> list[tuple[str, str, list[float]]]:
    session = Session(conn)
    session.sign_in("bench", "bench-only-password")
    start = {"skill": "pytorch", "role": "ml-engineer"}
    _, draft_url, _ = session.request("POST", "/assessments/start/", start)
    draft = draft_url.rstrip("/").split("/")[-1]
    _, _, page = session.request("GET", draft_url)
    criterion = page.split(f"/assessments/{draft}/criteria/")[1].split("/")[0]
    values = iter(range(10**9))

    def rate() -> None:
        value = str(next(values) % 4)
        status, _, _ = session.request(
            "POST", f"/assessments/{draft}/criteria/{criterion}/", {f"c{criterion}-value": value}
        )
        assert status == 200, status

    def view() -> None:
        status, _, _ = session.request("GET", draft_url)
        assert status == 200, status

    submits: list[float] = []
    for _ in range(max(20, REQUESTS // 10)):
        _, url, _ = session.request("POST", "/assessments/start/", start)
        pk = url.rstrip("/").split("/")[-1]
        begin = time.perf_counter()
        status, _, _ = session.request("POST", f"/assessments/{pk}/submit/", {})
        submits.append((time.perf_counter() - begin) * 1000)
        assert status == 302, status
    _, draft_url, _ = session.request("POST", "/assessments/start/", start)
    draft = draft_url.rstrip("/").split("/")[-1]
    return [
        ("assessment page (21 criteria)", draft_url.replace(draft, "<id>"), timed(view, REQUESTS)),
        (
            "save one rating (htmx)",
            f"POST /assessments/<id>/criteria/{criterion}/",
            timed(rate, REQUESTS),
        ),
        ("submit an assessment", "POST /assessments/<id>/submit/", submits),
    ]


def measure_matrix(conn: http.client.HTTPConnection) -> list[tuple[str, str, list[float]]]:
    def get(path: str, headers: dict[str, str] | None = None, expect: int = 200) -> None:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        response.read()
        assert response.status == expect, (path, response.status)

    cold = []
    for n in range(50):  # each generated skill's first request builds and caches it
        path = f"/api/v1/skills/skill-{n:03}/matrix/"
        start = time.perf_counter()
        get(path)
        cold.append((time.perf_counter() - start) * 1000)
    get("/api/v1/skills/pytorch/matrix/")
    conn.request("GET", "/api/v1/skills/pytorch/matrix/")
    response = conn.getresponse()
    response.read()
    etag = response.headers["ETag"]
    conn.request("GET", "/static/matrix-pytorch.json")
    response = conn.getresponse()
    response.read()
    static_etag = response.headers["ETag"]
    # Interleaved, one request of each per round, so that whatever else the
    # machine is doing weighs on the floor and the API alike.
    static, static_304, warm, not_modified = interleaved(
        [
            lambda: get("/static/matrix-pytorch.json"),
            lambda: get("/static/matrix-pytorch.json", {"If-None-Match": static_etag}, 304),
            lambda: get("/api/v1/skills/pytorch/matrix/"),
            lambda: get("/api/v1/skills/pytorch/matrix/", {"If-None-Match": etag}, 304),
        ],
        REQUESTS,
    )
    return [
        ("static file, same bytes as the matrix", "/static/matrix-pytorch.json", static),
        ("static file, 304 (If-None-Match)", "/static/matrix-pytorch.json", static_304),
        ("matrix API, cold (first request per skill)", "/api/v1/skills/skill-NNN/matrix/", cold),
        ("matrix API, warm", "/api/v1/skills/pytorch/matrix/", warm),
        ("matrix API, 304 (If-None-Match)", "/api/v1/skills/pytorch/matrix/", not_modified),
    ]


def measure_teams(conn: http.client.HTTPConnection) -> list[tuple[str, str, list[float]]]:
    session = Session(conn)
    session.sign_in("bench", "bench-only-password")
    heavy = max(10, REQUESTS // 15)

    def getter(path: str) -> Callable[[], None]:
        def get() -> None:
            status, _, _ = session.request("GET", path)
            assert status == 200, (path, status)

        return get

    pages = [
        ("team page, 20 members", "/teams/team-000/", REQUESTS),
        ("team page, 1,000 members", "/teams/big/", heavy),
        ("team page, 1,000 members, by readiness", "/teams/big/?sort=readiness", heavy),
        ("CSV export, 20 members", "/teams/team-000/export.csv", REQUESTS),
        ("CSV export, 1,000 members", "/teams/big/export.csv", heavy),
        ("calibration queue, 1,000 members", "/teams/big/calibration/", heavy),
        ("org-wide gaps, 10,000 engineers", "/teams/gaps/", heavy),
        ("all teams overview (admin)", "/teams/", heavy),
    ]
    getter("/teams/big/")()  # warm
    return [(label, path, timed(getter(path), n)) for label, path, n in pages]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="skillsmatrix-bench-"))
    database_url = fresh_database(tmp)
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret",
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
    }
    env.pop("REDIS_URL", None)
    env["STATIC_ROOT"] = str(tmp / "static")
    run([PY, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([PY, "manage.py", "collectstatic", "--no-input", "-v0"], env)
    generated = tmp / "generated"
    run([PY, "bench/generate.py", str(generated), "--skills", "50", "--criteria", "6"], env)
    import_shipped = run([PY, "manage.py", "import_matrix", "fixtures/"], env)
    import_50 = run([PY, "manage.py", "import_matrix", str(generated)], env)
    create_user = (
        "from accounts.models import User; "
        "User.objects.create_user('bench', password='bench-only-password', is_staff=True)"
    )
    run([PY, "manage.py", "shell", "-c", create_user], env)
    org_seconds = run([PY, "bench/generate_org.py", "--engineers", str(ORG_ENGINEERS),
                       "--teams", str(ORG_TEAMS), "--manager", "bench"], env)  # fmt: skip
    reimport_50 = run([PY, "manage.py", "import_matrix", "fixtures/", str(generated)], env)

    # The floor for the matrix API: the same bytes as a static file.
    write_floor = (
        "from api.matrix import matrix_bytes; from skills.models import Skill; "
        "from pathlib import Path; from django.conf import settings; "
        "s = Skill.objects.get(slug='pytorch'); "
        "Path(settings.STATIC_ROOT, 'matrix-pytorch.json').write_bytes("
        "matrix_bytes(s.slug, s.version, 'json'))"
    )
    run([PY, "manage.py", "shell", "-c", write_floor], env)
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "skillsmatrix.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        for _ in range(100):
            try:
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                break
            except OSError:
                conn.close()
                time.sleep(0.1)
        conn.request("GET", "/")
        body = conn.getresponse().read().decode()
        css = body[body.index("/static/css/app") :].split('"')[0]
        paths = [
            ("static file (the floor)", css),
            ("catalogue, 51 skills", "/"),
            ("skill profile, shipped PyTorch", "/skills/pytorch/"),
            ("skill profile with a plan", "/skills/pytorch/?role=ml-engineer&level=2"),
            ("skill profile, generated (150 criteria)", "/skills/skill-000/"),
            ("role ladder across 51 skills", "/roles/ml-engineer/"),
            ("levels page, 51 skills", "/levels/"),
        ]
        results = [(label, path, measure(conn, path)) for label, path in paths]
        results += measure_matrix(conn)
        results += measure_assessments(conn)
        results += measure_teams(conn)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)

    floor = statistics.median(results[0][2])
    same_bytes = next(
        (statistics.median(t) for label, _p, t in results if label.startswith("static file, same")),
        floor,
    )
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    lines = [
        "| what | request | median ms | p95 ms | p99 ms | median / floor (*) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for label, path, timings in results:
        median = statistics.median(timings)
        # The matrix rows compare with the static file holding the same bytes.
        base = same_bytes if label.startswith("matrix API") else floor
        lines.append(
            f"| {label} | `{path}` | {median:.2f} | {percentile(timings, 95):.2f} | "
            f"{percentile(timings, 99):.2f} | {median / base:.2f}x |"
        )
    command = "make bench" + (
        " (BENCH_DATABASE_URL=postgres://…)" if engine == "PostgreSQL" else ""
    )
    report = f"""
## Pages and import — {engine}, {dt.date.today().isoformat()}

Command: `{command}` — gunicorn, 2 sync workers, `DEBUG=false`, {REQUESTS}
sequential requests per row over one keep-alive connection after 10 warm-up
requests; {platform.python_implementation()} {platform.python_version()},
{os.cpu_count()} cores. Data: the shipped matrix plus 50 generated skills
(5 roles x 5 levels x 6 criteria each: 1,250 cells, 7,500 criteria), and an
organisation of {ORG_ENGINEERS:,} engineers in {ORG_TEAMS} teams of about 20
plus one team of 1,000 (`bench/generate_org.py`), each engineer with three
PyTorch snapshots, the latest fully rated, one in five reviewed. Heavy rows use
fewer requests; the request count is not in the table.

{chr(10).join(lines)}

(*) The floor is the static CSS file, except for the matrix API rows, whose
floor is the static file holding the same bytes as the matrix; those rows and
their floor are measured in turns (one request of each per round).

| import | seconds |
|---|---:|
| shipped fixtures into an empty database (197 rows) | {import_shipped:.2f} |
| 50 generated skills (1,250 cells, 7,500 criteria) | {import_50:.2f} |
| everything again, nothing changed (idempotent run) | {reimport_50:.2f} |
| the org: {ORG_ENGINEERS:,} engineers in {ORG_TEAMS} teams, bulk inserts | {org_seconds:.2f} |

Import times include starting Python and Django (about 0.3 s).
"""
    print(report)
    out = ROOT / "docs" / "performance.md"
    header = out.read_text().split("\n## ")[0] if out.exists() else ""
    previous = out.read_text().split("\n## ")[1:] if out.exists() else []
    sections = [s for s in previous if f"— {engine}," not in s]
    body = header.rstrip() + "\n" + "".join("\n## " + s.rstrip() + "\n" for s in sections) + report
    out.write_text(body)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
