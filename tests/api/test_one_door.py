"""One door for every request: the public matrix passes the same host
validation, HTTPS redirect and security headers as any page, under the
settings production runs with (docker/compose.yaml)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from skills.models import Skill
from tests.api.test_matrix import etag

pytestmark = pytest.mark.django_db

MATRIX = "/api/v1/skills/pytorch/matrix/"
HOST = "skills.example.com"
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@pytest.fixture
def production(settings: Any) -> Client:
    """Behind our TLS proxy, redirecting plain HTTP, one allowed host. The
    client is made after the settings change: middleware reads them once."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [HOST]
    settings.BEHIND_HTTPS_PROXY = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    return Client(HTTP_HOST=HOST)


def https(client: Client, path: str = MATRIX, **extra: Any) -> Any:
    return client.get(path, HTTP_X_FORWARDED_PROTO="https", **extra)


def assert_secure_headers(response: Any) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response[name] == value, name
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_plain_http_to_the_matrix_is_redirected_to_https(
    production: Client, pytorch: Skill
) -> None:
    for proto in ("", "http"):
        response = production.get(MATRIX, {"format": "yaml"}, HTTP_X_FORWARDED_PROTO=proto)
        assert response.status_code == 301
        assert response["Location"] == f"https://{HOST}{MATRIX}?format=yaml"


def test_a_foreign_host_is_refused(production: Client, pytorch: Skill) -> None:
    assert https(production, HTTP_HOST="evil.example").status_code == 400
    plain = production.get(MATRIX, HTTP_HOST="evil.example")
    assert plain.status_code == 400  # not a redirect to the foreign host


def test_the_https_answer_carries_the_security_headers(production: Client, pytorch: Skill) -> None:
    response = https(production)
    assert response.status_code == 200
    assert response["ETag"] == etag(pytorch)
    assert json.loads(response.content)["slug"] == "pytorch"
    assert_secure_headers(response)


def test_the_304_carries_them_too(production: Client, pytorch: Skill) -> None:
    response = https(production, HTTP_IF_NONE_MATCH=etag(pytorch))
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag(pytorch)
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert_secure_headers(response)


def test_the_matrix_gets_its_request_log_line(
    production: Client, pytorch: Skill, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="skillsmatrix.request"):
        ok = https(production, HTTP_X_REQUEST_ID="trace-0123456789")
        https(production, HTTP_IF_NONE_MATCH=etag(pytorch))
    assert ok["X-Request-ID"] == "trace-0123456789"
    lines = [r for r in caplog.records if r.name == "skillsmatrix.request"]
    assert [(r.path, r.status, r.user_id) for r in lines] == [  # type: ignore[attr-defined]
        (MATRIX, 200, None),
        (MATRIX, 304, None),
    ]
    assert lines[0].request_id == "trace-0123456789"  # type: ignore[attr-defined]


def test_nothing_answers_before_the_security_middleware() -> None:
    """One code path: gunicorn runs Django's own handler, and the only
    middleware in front of SecurityMiddleware is the request log, which never
    answers by itself."""
    from django.core.handlers.wsgi import WSGIHandler

    from skillsmatrix.wsgi import application

    assert type(application) is WSGIHandler
    security = django_settings.MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
    assert django_settings.MIDDLEWARE[:security] == ["common.logs.RequestLogMiddleware"]
