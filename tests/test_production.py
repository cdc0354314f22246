"""Production behaviour: readiness, structured request logs, limits, and the
rule that YAML is only ever read with a safe loader."""

from __future__ import annotations

import ast
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
OUR_CODE = [
    path
    for folder in ("accounts", "api", "assessments", "bench", "bin", "community", "levels",
                   "roles", "skills", "skillsmatrix", "teams", "tests")
    for path in (ROOT / folder).rglob("*.py")
]  # fmt: skip


def test_readyz_reports_the_database_and_the_cache(client: Client, db: None) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"ready": True, "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_503_when_the_database_is_down(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise DatabaseError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken)
        patched.setattr(connection, "close", lambda: None)
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"ready": False, "database": "unreachable", "cache": "ok"}


def test_readyz_is_503_when_the_cache_is_down(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("redis is gone")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable"


def test_every_request_gets_an_id_and_one_json_log_line(
    client: Client, alice: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from common.logs import JsonFormatter

    client.force_login(alice)
    with caplog.at_level(logging.INFO, logger="skillsmatrix.request"):
        caplog.clear()
        response = client.get("/skills/", HTTP_X_REQUEST_ID="trace-0123456789")
        other = client.get("/healthz")
    assert response["X-Request-ID"] == "trace-0123456789"
    assert len(other["X-Request-ID"]) == 32  # made up when none (or a bad one) is sent
    lines = [
        json.loads(JsonFormatter().format(r))
        for r in caplog.records
        if r.name == "skillsmatrix.request"
    ]
    first = next(line for line in lines if line["path"] == "/skills/")
    assert first["message"] == "request"
    assert first["method"] == "GET"
    assert first["status"] == 301
    assert first["user_id"] == alice.pk
    assert first["request_id"] == "trace-0123456789"
    assert isinstance(first["duration_ms"], float)
    assert first["level"] == "INFO"
    assert first["time"].endswith("+00:00")


def test_a_bad_incoming_request_id_is_replaced(client: Client, db: None) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>"


def test_log_lines_inside_a_request_carry_its_id(
    client: Client, alice: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(alice)
    with caplog.at_level(logging.INFO):
        caplog.clear()
        client.post("/accounts/tokens/", {"name": "ci"}, HTTP_X_REQUEST_ID="req-abcdefgh")
    ids = {
        getattr(r, "request_id", None) for r in caplog.records if r.name != "skillsmatrix.request"
    }
    assert ids == {"req-abcdefgh"}


def test_a_request_body_over_the_limit_is_a_400(client: Client, db: None, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/accounts/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 400


def test_postgresql_statements_time_out(db: None) -> None:
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"  # no statement timeout in SQLite
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("30s",)


YAML_READERS = {"load", "load_all", "full_load", "full_load_all", "unsafe_load",
                "unsafe_load_all", "compose", "compose_all", "parse", "scan"}  # fmt: skip
UNSAFE_NAMES = {"Loader", "FullLoader", "UnsafeLoader", "CLoader", "CFullLoader", "CUnsafeLoader"}


def test_yaml_is_only_read_with_a_safe_loader() -> None:
    """Anything but yaml.safe_load or a yaml.SafeLoader subclass can build
    arbitrary Python objects from a file: this test fails on any other."""
    found = []
    for path in OUR_CODE:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "yaml"
                and node.attr in YAML_READERS | UNSAFE_NAMES
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} yaml.{node.attr}")
            if isinstance(node, ast.ImportFrom) and node.module == "yaml":
                names = {alias.name for alias in node.names}
                if names & (YAML_READERS | UNSAFE_NAMES):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} from yaml import")
    assert found == []
    # and the one loader we have is a SafeLoader
    import yaml

    from skills.matrix_yaml import _StrictSafeLoader

    assert issubclass(_StrictSafeLoader, yaml.SafeLoader)
    assert len(OUR_CODE) > 100  # the scan really read the project


def test_password_reset_tokens_never_reach_the_request_log(
    client: Client, db: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="skillsmatrix.request"):
        client.get("/accounts/reset/MQ/cz4bzd-0123456789abcdef0123456789abcdef/")
    paths = [r.path for r in caplog.records if r.name == "skillsmatrix.request"]  # type: ignore[attr-defined]
    assert paths == ["/accounts/reset/MQ/…/"]


def test_without_smtp_outside_development_only_who_and_what_about_is_logged() -> None:
    import io

    from django.core.mail import EmailMessage

    from common.mail import SubjectOnlyConsoleBackend

    stream = io.StringIO()
    link = "https://skills.example.com/accounts/reset/MQ/secret-token/"
    SubjectOnlyConsoleBackend(stream=stream).send_messages(
        [EmailMessage("Password reset", f"Open {link}", "noreply@x", ["alice@example.com"])]
    )
    assert stream.getvalue() == (
        "email not sent (no EMAIL_HOST): to alice@example.com: Password reset\n"
    )
