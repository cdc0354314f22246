"""The scale-out suite's own PostgreSQL and Redis: started from scratch in a
temporary directory on free loopback ports, restarted and killed by the
suite, removed afterwards. The caller's services (their DATABASE_URL and
REDIS_URL, the system's PostgreSQL and Redis) are only ever looked at, never
used: ``callers_services`` reads what would change if one restarted."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis
from psycopg.conninfo import make_conninfo

# Every program the throwaway PostgreSQL needs, from one installation (the
# client must not be older than the server for pg_dump).
PG_PROGRAMS = ("initdb", "pg_ctl", "postgres", "psql", "pg_dump", "pg_restore")
SYSTEM_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
SYSTEM_REDIS = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_environ() -> dict[str, str]:
    """The caller's environment without anything that points a client at
    their own database (PGHOST, PGPORT, PGSERVICE, …) or cache."""
    drop = {"DATABASE_URL", "REDIS_URL"}
    return {k: v for k, v in os.environ.items() if not k.startswith("PG") and k not in drop}


def postgres_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl, postgres and the clients of one
    PostgreSQL installation: ``pg_config --bindir``, else the newest Debian
    ``/usr/lib/postgresql/*/bin``, else wherever ``initdb`` is on the PATH."""
    candidates: list[Path] = []
    if pg_config := shutil.which("pg_config"):
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip():
            candidates.append(Path(found.stdout.strip()))
    debian = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(debian, key=lambda p: _version(p.parent.name), reverse=True)
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).resolve().parent)
    for bindir in candidates:
        if all(os.access(bindir / program, os.X_OK) for program in PG_PROGRAMS):
            return bindir
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _unprivileged_user() -> pwd.struct_passwd | None:
    """Who runs initdb and postgres: they refuse to run as root (CI runs as
    root), so then the ``postgres`` system user, or ``nobody``."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, but there is no 'postgres' or 'nobody' user")


@dataclass
class Postgres:
    """A PostgreSQL cluster of our own in ``home``: data, unix socket and log."""

    bindir: Path
    home: Path
    port: int
    owner: pwd.struct_passwd | None

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def log(self) -> Path:
        return self.home / "postgres.log"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def program(self, name: str) -> str:
        return str(self.bindir / name)

    def _as_owner(self, program: str, *args: str) -> None:
        owner = self.owner
        run = subprocess.run(
            [self.program(program), *args],
            cwd=self.home,
            env={
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "HOME": str(self.home),
                "LC_ALL": "C",
                "TZ": "UTC",
            },
            user=owner.pw_uid if owner else None,
            group=owner.pw_gid if owner else None,
            extra_groups=[] if owner else None,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode:
            tail = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{run.stderr}\n{tail}")

    def _postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def init(self) -> None:
        if self.owner:
            os.chown(self.home, self.owner.pw_uid, self.owner.pw_gid)
        self._as_owner(
            "initdb",
            f"--pgdata={self.data}",
            "--username=postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        sockets = self.home / "sockets"
        sockets.mkdir()
        if self.owner:
            os.chown(sockets, self.owner.pw_uid, self.owner.pw_gid)
        # Loopback and our own socket directory only; durability is not
        # what these tests are about, speed is.
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{sockets}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "shared_buffers = 32MB\nmax_connections = 50\n"
            )

    def start(self) -> None:
        self._as_owner("pg_ctl", "start", "--wait", f"--pgdata={self.data}", f"--log={self.log}")

    def restart(self) -> None:
        self._as_owner(
            "pg_ctl",
            "restart",
            "--wait",
            "--mode=fast",
            f"--pgdata={self.data}",
            f"--log={self.log}",
        )

    def stop(self) -> None:
        """Immediate shutdown; if pg_ctl cannot do it, the postmaster and
        its children (each in a session of its own) are killed."""
        with contextlib.suppress(RuntimeError):
            self._as_owner("pg_ctl", "stop", "--wait", "--mode=immediate", f"--pgdata={self.data}")
        pid = self._postmaster_pid()
        if pid is not None and str(self.data) in _command_line(pid):
            children = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
            ).stdout.split()
            for process in [pid, *map(int, children)]:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(process, signal.SIGKILL)

    def psql(self, sql: str, database: str = "postgres") -> str:
        run = subprocess.run(
            [
                self.program("psql"),
                "-X",
                "-qtA",
                "-v",
                "ON_ERROR_STOP=1",
                f"--dbname={self.url(database)}",
                "-c",
                sql,
            ],
            env=clean_environ(),
            capture_output=True,
            text=True,
            check=True,
        )
        return run.stdout.strip()

    def started_at(self) -> str:
        return self.psql("SELECT pg_postmaster_start_time()")


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def start_postgres(bindir: Path) -> Postgres:
    home = Path(tempfile.mkdtemp(prefix="skillsmatrix-scaleout-pg-"))
    postgres = Postgres(bindir, home, free_port(), _unprivileged_user())
    try:
        postgres.init()
        postgres.start()
    except BaseException:
        postgres.stop()
        shutil.rmtree(home, ignore_errors=True)
        raise
    return postgres


@dataclass
class Redis:
    """A Redis of our own: loopback, a free port, nothing written to disk."""

    home: Path
    port: int
    process: subprocess.Popen[bytes]

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def start_redis(program: str) -> Redis:
    home = Path(tempfile.mkdtemp(prefix="skillsmatrix-scaleout-redis-"))
    port = free_port()
    process = subprocess.Popen(
        [
            program,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(home),
            "--logfile",
            str(home / "redis.log"),
            "--daemonize",
            "no",
        ],
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Redis(home, port, process)
    client = redis.Redis(port=port, socket_connect_timeout=1)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if client.ping():
                return server
        except redis.ConnectionError:
            time.sleep(0.05)
    server.stop()
    log = (home / "redis.log").read_text() if (home / "redis.log").exists() else ""
    shutil.rmtree(home, ignore_errors=True)
    raise RuntimeError(f"redis-server did not start on port {port}:\n{log[-2000:]}")


# -- The caller's services: looked at, never touched --------------------------


def callers_services() -> dict[str, str]:
    """For each PostgreSQL and Redis the caller could mean (the system's on
    127.0.0.1 and whatever DATABASE_URL / REDIS_URL name) that answers: what
    a restart would change (the postmaster's start time, Redis's run_id)."""
    seen: dict[str, str] = {}
    for url in dict.fromkeys([SYSTEM_POSTGRES, os.environ.get("DATABASE_URL", "")]):
        if url.startswith(("postgres://", "postgresql://")):
            started = _postmaster_start_time(url)
            if started is not None:
                seen[f"postgresql {_address(url, 5432)}"] = started
    for url in dict.fromkeys([SYSTEM_REDIS, os.environ.get("REDIS_URL", "")]):
        if url.startswith(("redis://", "rediss://")):
            run_id = _redis_run_id(url)
            if run_id is not None:
                seen[f"redis {_address(url, 6379)}"] = run_id
    return seen


def _address(url: str, default_port: int) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or default_port}"


def _redis_run_id(url: str) -> str | None:
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        info: dict[str, object] = client.info("server")
    except redis.RedisError:
        return None
    finally:
        client.close()
    return str(info["run_id"])


def _postmaster_start_time(url: str) -> str | None:
    # The named database may not exist (yet): the maintenance one will do.
    for conninfo in (url, make_conninfo(url, dbname="postgres")):
        try:
            with psycopg.connect(conninfo, connect_timeout=3) as conn:
                row = conn.execute("SELECT pg_postmaster_start_time()::text").fetchone()
        except psycopg.Error:
            continue
        return str(row[0]) if row else None
    return None
