"""The settings module reads the environment and refuses bad values loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "REDIS_URL"}
    }
    code = (
        "import json; from skillsmatrix import settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
        "'name': str(s.DATABASES['default']['NAME']), 'cache': s.CACHES['default']['BACKEND'], "
        "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS}))"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_database_url_it_uses_a_sqlite_file_in_the_project() -> None:
    result = load_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert f'"name": "{ROOT / "db.sqlite3"}"' in result.stdout


def test_a_postgres_url_selects_postgresql() -> None:
    result = load_settings(DEBUG="true", DATABASE_URL="postgres://u@db.example:5432/matrix")
    assert '"engine": "django.db.backends.postgresql"' in result.stdout


def test_redis_url_selects_the_redis_cache() -> None:
    result = load_settings(DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/1")
    assert "RedisCache" in result.stdout


def test_secret_key_is_required_when_debug_is_off() -> None:
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


@pytest.mark.parametrize("value", ["yes", "True", "on"])
def test_a_malformed_boolean_is_refused(value: str) -> None:
    result = load_settings(DEBUG=value)
    assert result.returncode != 0
    assert f"DEBUG must be true/false, got {value!r}" in result.stderr


@pytest.mark.parametrize("value", ["0", "-3", "100000"])
def test_a_review_period_out_of_range_is_refused(value: str) -> None:
    result = load_settings(SECRET_KEY="x" * 50, MATRIX_REVIEW_MONTHS=value)
    assert result.returncode != 0
    assert f"MATRIX_REVIEW_MONTHS must be from 1 to 120 months, got {value}" in result.stderr


def test_allowed_hosts_come_from_a_comma_separated_list() -> None:
    result = load_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="skills.example.com, www.example.com")
    assert '"hosts": ["skills.example.com", "www.example.com"]' in result.stdout


def test_every_environment_variable_is_documented() -> None:
    """What settings.py and gunicorn.conf.py read is listed in .env.example
    and described in the README's Configuration table."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = (root / "skillsmatrix" / "settings.py").read_text() + (
        root / "gunicorn.conf.py"
    ).read_text()
    read = set(re.findall(r'(?:environ\.get|env_bool|env_int|_int)\(\s*"([A-Z][A-Z0-9_]+)"', code))
    assert {"SECRET_KEY", "DATABASE_URL", "WEB_CONCURRENCY", "LOG_FORMAT"} <= read
    example = (root / ".env.example").read_text()
    readme = (root / "README.md").read_text()
    assert sorted(v for v in read if not re.search(rf"^#? ?{v}=", example, re.M)) == []
    assert sorted(v for v in read if f"`{v}`" not in readme) == []
