"""Shared fixtures: the cast, fast hashing, and the rule that CI never skips."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from accounts.models import User
from tests import background
from tests.background import database_queue  # noqa: F401  (a fixture for every test module)

background.install()

IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
) -> Iterator[None]:
    """On SQLite the test database is a file (in shared memory where the
    machine has it), not Django's private in-memory one: a real worker
    process started by a test (tests/browser/test_growth_cycle.py) must read
    what the live server wrote."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        shm = Path("/dev/shm")  # noqa: S108 - only the parent of a private mkdtemp folder
        folder = tempfile.mkdtemp(prefix="skillsmatrix-test-", dir=shm if shm.is_dir() else None)
        db.setdefault("TEST", {})["NAME"] = str(Path(folder) / "test.sqlite3")
        yield
        shutil.rmtree(folder, ignore_errors=True)
        return
    yield


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests serve static files from the source tree: no collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True
    # Tasks run in-process right after the transaction that enqueued them
    # commits (tests/background.py); queue tests use `database_queue`.
    settings.TASKS = background.AFTER_COMMIT_TASKS


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: the local-memory cache lives as
    long as the process, and Redis (CI's PostgreSQL run) longer."""
    cache.clear()
    yield
    cache.clear()


def make_user(username: str, **extra: Any) -> User:
    return User.objects.create_user(
        username=username, password=f"{username}-password", email=f"{username}@example.com", **extra
    )


@pytest.fixture
def alice(db: None) -> User:
    """An engineer."""
    return make_user("alice")


@pytest.fixture
def bob(db: None) -> User:
    """Alice's manager."""
    return make_user("bob")


@pytest.fixture
def carol(db: None) -> User:
    """An admin who curates the matrix."""
    return make_user("carol", is_staff=True, is_superuser=True)


@pytest.fixture
def mallory(db: None) -> User:
    """An engineer on another team: must never see what is not hers."""
    return make_user("mallory")


# -- make test-clock: the whole suite with the clock moved ahead --------------------


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under ``make test-clock`` the clock must really have moved: a faketime
    that silently did nothing would make the run prove nothing."""
    real_today = os.environ.get("REAL_TODAY")
    if real_today and dt.date.today() - dt.date.fromisoformat(real_today) < dt.timedelta(days=365):
        raise pytest.UsageError(
            f"REAL_TODAY={real_today} but the clock says {dt.date.today()}: faketime did not "
            "move it a year ahead (is libfaketime installed?)"
        )


# -- In CI a skipped test is a failed run ---------------------------------------

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if IN_CI and _skipped:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if IN_CI and _skipped:
        terminalreporter.write_line(
            f"CI=true: {len(_skipped)} skipped test(s) count as failures:", red=True
        )
        for nodeid in _skipped:
            terminalreporter.write_line(f"  {nodeid}", red=True)


# -- The scale-out suite runs on its own (make test runs it second) -----------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--scaleout",
        action="store_true",
        help="run tests/scaleout: two gunicorn servers on one PostgreSQL and one Redis",
    )


def pytest_ignore_collect(collection_path: Any, config: pytest.Config) -> bool | None:
    # It restarts PostgreSQL, so it never shares a process with the main suite.
    if "scaleout" in collection_path.parts and not config.getoption("--scaleout"):
        return True
    return None
