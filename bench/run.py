"""Benchmarks: import times, latency with one client, and latency and
throughput under load (wrk), against gunicorn with production settings, with
the static-file floor beside every figure. Writes docs/performance.md.

    make bench                               # PostgreSQL at 127.0.0.1 (database skillsmatrix_bench)
    BENCH_DATABASE_URL=sqlite make bench     # the embedded default, in a temp folder

The database is dropped and recreated. The load rows need wrk (Debian's
package: apt-get install wrk).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
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
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "8"))
LOAD_CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 1) * 2 + 1)))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/skillsmatrix_bench"


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def fresh_database(tmp: Path) -> str:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    if url == "sqlite":
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
        ("team across skills, 1,000 people x 20 skills", "/teams/big/skills/", heavy),
        ("team across skills CSV, 1,000 x 20", "/teams/big/skills/export.csv", heavy),
        ("team across skills, 20 members", "/teams/team-000/skills/", REQUESTS),
    ]
    getter("/teams/big/")()  # warm
    return [(label, path, timed(getter(path), n)) for label, path, n in pages]


def wrk(path: str, *, headers: dict[str, str] | None = None, form: str = "",
        connections: int = LOAD_CONNECTIONS) -> dict[str, float]:  # fmt: skip
    """``connections`` clients as fast as they can for LOAD_SECONDS: latency
    percentiles (ms) and requests per second."""
    args = ["wrk", "-t2", f"-c{connections}", f"-d{LOAD_SECONDS}s", "--timeout", "30s",
            "-s", "bench/wrk.lua"]  # fmt: skip
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    run_env = {**os.environ, **({"WRK_FORM": form} if form else {})}
    out = subprocess.run([*args, f"http://127.0.0.1:{PORT}{path}"], cwd=ROOT, env=run_env,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    if result["errors"] or result["bad_status"]:
        raise SystemExit(f"{path}: {result['errors']} errors, {result['bad_status']} bad statuses")
    result["rps"] = result["requests"] / result["seconds"]
    return result


def measure_load(
    conn: http.client.HTTPConnection, css: str
) -> list[tuple[str, str, dict[str, float]]]:
    """The same kinds of request under load, with wrk."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for the load rows: apt-get install wrk")
    session = Session(conn)
    session.sign_in("bench", "bench-only-password")
    cookie = {"Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items())}
    start = {"skill": "pytorch", "role": "ml-engineer"}
    _, draft_url, _ = session.request("POST", "/assessments/start/", start)
    draft = draft_url.rstrip("/").split("/")[-1]
    _, _, page = session.request("GET", draft_url)
    criterion = page.split(f"/assessments/{draft}/criteria/")[1].split("/")[0]
    form = f"csrfmiddlewaretoken={session.cookies['csrftoken']}&c{criterion}-value=%d"
    conn.request("GET", "/api/v1/skills/pytorch/matrix/")
    answer = conn.getresponse()
    answer.read()
    etag = answer.headers["ETag"]
    rows = [
        ("static file (the floor)", css, {}),
        ("static file, same bytes as the matrix", "/static/matrix-pytorch.json", {}),
        ("skill profile, shipped PyTorch", "/skills/pytorch/", {}),
        ("matrix API, warm", "/api/v1/skills/pytorch/matrix/", {}),
        ("matrix API, 304 (If-None-Match)", "/api/v1/skills/pytorch/matrix/",
         {"If-None-Match": etag}),
        ("team page, 20 members", "/teams/team-000/", cookie),
        ("CSV export, 20 members", "/teams/team-000/export.csv", cookie),
        ("org-wide gaps, 10,000 engineers", "/teams/gaps/", cookie),
    ]  # fmt: skip
    results = [(label, path, wrk(path, headers=headers)) for label, path, headers in rows]
    save = wrk(f"/assessments/{draft}/criteria/{criterion}/", headers=cookie, form=form)
    results.insert(5, ("save one rating (htmx POST)", "/assessments/<id>/criteria/<id>/", save))
    return results


def peak_memory_mb(master: int) -> list[float]:
    """The peak resident memory (VmHWM) of each gunicorn worker, in MB."""
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True,
                              text=True, check=False).stdout.split()  # fmt: skip
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
        peaks.append(int(kb) / 1024)
    return sorted(peaks)


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
        "matrix_bytes(s.slug, (s.pk, s.version), 'json'))"
    )
    run([PY, "manage.py", "shell", "-c", write_floor], env)
    # Production settings: gunicorn.conf.py, logs at WARNING (a JSON line per
    # request would measure the terminal, not the app).
    # No worker recycling during the run: its restarts would show as noise, and
    # the peak memory is read from the workers that served everything.
    server_env = {**env, "HOST": "127.0.0.1", "PORT": str(PORT), "WEB_CONCURRENCY": str(WORKERS),
                  "LOG_LEVEL": "WARNING", "GUNICORN_MAX_REQUESTS": "0"}  # fmt: skip
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "skillsmatrix.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=server_env,
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
        loaded = measure_load(conn, css)
        memory = peak_memory_mb(server.pid)
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
    # The command as run: any BENCH_* setting in the environment is part of it.
    overrides = " ".join(f"{k}={v}" for k, v in sorted(os.environ.items()) if k[:6] == "BENCH_")
    command = f"{overrides} make bench".strip()
    load_floor = loaded[0][2]
    load_same_bytes = loaded[1][2]
    load_lines = [
        "| what | request | requests/s | median ms | p95 ms | p99 ms "
        "| median / floor | req/s / floor |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    for label, path, r in loaded:
        under = load_same_bytes if label.startswith("matrix API") else load_floor
        load_lines.append(
            f"| {label} | `{path}` | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p95']:.2f} | "
            f"{r['p99']:.2f} | {r['p50'] / under['p50']:.2f}x | {r['rps'] / under['rps']:.2f}x |"
        )
    report = f"""
## Pages and import — {engine}, {dt.date.today().isoformat()}

Command: `{command}` — gunicorn with `gunicorn.conf.py` ({WORKERS} sync workers),
`DEBUG=false`; {platform.python_implementation()} {platform.python_version()},
{os.cpu_count()} cores. Data: the shipped matrix plus 50 generated skills
(5 roles x 5 levels x 6 criteria each: 1,250 cells, 7,500 criteria), and an
organisation of {ORG_ENGINEERS:,} engineers in {ORG_TEAMS} teams of about 20
plus one team of 1,000 (`bench/generate_org.py`), each engineer with three
PyTorch snapshots, the latest fully rated, one in five reviewed.

### Under load

wrk from Debian, {LOAD_CONNECTIONS} connections on 2 threads for {LOAD_SECONDS} s per row,
on the same 2-core machine as the server (so client and server share the
cores); no request failed. The ratios compare with the static file served by
the same server (for the matrix rows: the static file holding the same bytes).

{chr(10).join(load_lines)}

Peak memory per gunicorn worker (VmHWM) after everything above:
{", ".join(f"{mb:.0f} MB" for mb in memory)}.

### One client

{REQUESTS} sequential requests per row over one keep-alive connection after 10
warm-up requests (heavy rows fewer), so these are latencies without queueing.

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
