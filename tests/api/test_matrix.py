"""The public matrix endpoints: golden contracts, ETags, caching, YAML."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from skills.export import export_yaml, skill_document
from skills.models import Criterion, Skill
from skills.services import skill_bump_version
from tests.factories import make_matrix

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).parent / "golden"


def etag(skill: Skill, version: int | None = None) -> str:
    """The matrix ETag: the skill's row and version (a re-created skill starts
    at version 1 again and must not match the old one's)."""
    return f'"matrix-pytorch-{skill.pk}-v{version or skill.version}"'


def normalised(data: Any) -> Any:
    """Database ids differ between runs and engines; everything else is contract."""
    if isinstance(data, dict):
        return {k: ("<id>" if k == "id" else normalised(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [normalised(v) for v in data]
    return data


def assert_golden(name: str, data: Any) -> None:
    path = GOLDEN / f"{name}.json"
    actual = normalised(data)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
    assert actual == json.loads(path.read_text())


def test_skill_detail_matches_its_contract(api: APIClient, pytorch: Skill) -> None:
    response = api.get("/api/v1/skills/pytorch/")
    assert response.status_code == 200
    assert_golden("skill_detail", response.json())


def test_matrix_matches_its_contract(api: APIClient, pytorch: Skill) -> None:
    response = api.get("/api/v1/skills/pytorch/matrix/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert_golden("matrix", response.json())


def test_the_etag_carries_the_version_and_answers_304(api: APIClient, pytorch: Skill) -> None:
    first = api.get("/api/v1/skills/pytorch/matrix/")
    assert first["ETag"] == etag(pytorch)
    again = api.get("/api/v1/skills/pytorch/matrix/", HTTP_IF_NONE_MATCH=etag(pytorch))
    assert again.status_code == 304
    assert again.content == b""


def test_a_304_does_not_rebuild_the_matrix(api: APIClient, pytorch: Skill) -> None:
    api.get("/api/v1/skills/pytorch/matrix/")
    with CaptureQueriesContext(connection) as ctx:
        api.get("/api/v1/skills/pytorch/matrix/", HTTP_IF_NONE_MATCH=etag(pytorch))
    assert len(ctx.captured_queries) == 1  # the version lookup only


def test_an_edit_is_visible_at_once_with_a_new_etag(api: APIClient, pytorch: Skill) -> None:
    api.get("/api/v1/skills/pytorch/matrix/")  # cached
    old_etag = etag(pytorch)
    criterion = Criterion.objects.filter(expectation__skill=pytorch).first()
    assert criterion is not None
    criterion.text = "Edited in the admin."
    criterion.save()
    skill_bump_version(skill=pytorch)
    response = api.get("/api/v1/skills/pytorch/matrix/", HTTP_IF_NONE_MATCH=old_etag)
    assert response.status_code == 200
    assert response["ETag"] == etag(pytorch, 2)
    assert "Edited in the admin." in response.content.decode()


def test_a_skill_deleted_and_imported_again_is_not_served_from_the_old_one(
    api: APIClient, pytorch: Skill
) -> None:
    old_etag = etag(pytorch)
    api.get("/api/v1/skills/pytorch/matrix/")  # cached at version 1
    pytorch.delete()
    again = make_matrix(roles=1, criteria=1)  # same slug, version 1, other content
    assert again.version == 1
    response = api.get("/api/v1/skills/pytorch/matrix/", HTTP_IF_NONE_MATCH=old_etag)
    assert response.status_code == 200
    assert response["ETag"] == etag(again) != old_etag
    assert [role["slug"] for role in response.json()["roles"]] == ["role-000"]


def test_the_warm_matrix_is_served_from_the_cache(api: APIClient, pytorch: Skill) -> None:
    api.get("/api/v1/skills/pytorch/matrix/")
    with CaptureQueriesContext(connection) as ctx:
        assert api.get("/api/v1/skills/pytorch/matrix/").status_code == 200
    assert len(ctx.captured_queries) == 1


def test_format_yaml_is_exactly_the_export(api: APIClient, pytorch: Skill) -> None:
    response = api.get("/api/v1/skills/pytorch/matrix/", {"format": "yaml"})
    assert response["Content-Type"].startswith("application/yaml")
    assert response.content.decode() == export_yaml(skill_document(pytorch))


def test_a_bad_format_or_unknown_skill_is_a_json_4xx(api: APIClient, pytorch: Skill) -> None:
    bad = api.get("/api/v1/skills/pytorch/matrix/", {"format": "xml"})
    assert bad.status_code == 400
    assert bad.json() == {"detail": "format must be json or yaml.", "code": "invalid"}
    missing = api.get("/api/v1/skills/nope/matrix/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_lists_filter_and_paginate(api: APIClient, pytorch: Skill) -> None:
    make_matrix(roles=1, criteria=1, skill_slug="jax")
    Skill.objects.filter(slug="jax").update(group="Numerical")
    skills = api.get("/api/v1/skills/", {"group": "Deep Learning"}).json()
    assert [s["slug"] for s in skills["results"]] == ["pytorch"]
    assert skills["results"][0]["required_count"] == 10
    cells = api.get("/api/v1/expectations/", {"skill": "pytorch", "level": "1", "required": "true"})
    assert [(c["role"], c["level"]) for c in cells.json()["results"]] == [
        ("role-000", 1),
        ("role-001", 1),
    ]
    assert api.get("/api/v1/expectations/", {"level": "x"}).status_code == 400
    assert len(api.get("/api/v1/levels/").json()) == 5
    assert api.get("/api/v1/roles/role-000/").json()["name"] == "Role 000"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/skills/",
        "/api/v1/skills/pytorch/matrix/",
        "/api/v1/expectations/",
        "/api/v1/roles/",
    ],
)
def test_query_counts_do_not_grow_with_the_matrix(api: APIClient, url: str) -> None:
    make_matrix(roles=2, criteria=2)

    def count() -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for n in range(5):
        make_matrix(roles=3, criteria=10, skill_slug=f"big-{n}")
    big_pytorch = Skill.objects.get(slug="pytorch")
    from levels.models import Level
    from tests.factories import make_expectation, make_role

    for r in range(10):
        role = make_role(f"extra-{r}")
        for level in Level.objects.all():
            make_expectation(big_pytorch, role, level, criteria=10)
    assert count() == small


def test_head_answers_like_get_without_a_body(api: APIClient, pytorch: Skill) -> None:
    get = api.get("/api/v1/skills/pytorch/matrix/")
    head = api.head("/api/v1/skills/pytorch/matrix/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Cache-Control"] == get["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_the_wsgi_application_serves_the_matrix_through_the_view(
    api: APIClient, pytorch: Skill
) -> None:
    """What gunicorn runs answers exactly what the test client gets."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from skillsmatrix.wsgi import application

    # First: the test client connects the signals again after each request.
    expected = api.get("/api/v1/skills/pytorch/matrix/")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        seen: dict[str, Any] = {}

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None, /
        ) -> Callable[[bytes], object]:
            seen["status"], seen["headers"] = status, dict(headers)
            return lambda data: None

        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/skills/pytorch/matrix/",
                   "QUERY_STRING": "", "SERVER_NAME": "localhost", "SERVER_PORT": "80",
                   "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http"}  # fmt: skip
        body = b"".join(application(environ, start_response))
        assert seen["status"] == "200 OK"
        assert body == expected.content
        assert seen["headers"]["ETag"] == expected["ETag"]
        assert seen["headers"]["X-Frame-Options"] == "DENY"  # the middleware ran

        conditional = {**environ, "wsgi.input": io.BytesIO(b""),
                       "HTTP_IF_NONE_MATCH": expected["ETag"]}  # fmt: skip
        assert b"".join(application(conditional, start_response)) == b""
        assert seen["status"] == "304 Not Modified"
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize(
    ("header", "status"),
    [
        ("W/{etag}", 304),
        ('"other", {etag}', 304),
        ("*", 304),
        ('"matrix-pytorch-{pk}-v0"', 200),
        ("garbage", 200),
    ],
)
def test_if_none_match_follows_http_rules(
    api: APIClient, pytorch: Skill, header: str, status: int
) -> None:
    header = header.format(etag=etag(pytorch), pk=pytorch.pk)
    response = api.get("/api/v1/skills/pytorch/matrix/", HTTP_IF_NONE_MATCH=header)
    assert response.status_code == status
    assert response["ETag"] == etag(pytorch)


def test_the_version_lookup_is_prepared_on_the_server_on_postgresql(pytorch: Skill) -> None:
    from api.matrix import current_version

    for _ in range(8):  # past psycopg's prepare threshold
        assert current_version("pytorch") == (pytorch.pk, pytorch.version)
    assert current_version("no-such-skill") is None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ["%SELECT id, version FROM skills_skill WHERE slug%"],
            )
            prepared = connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None
            # DB_PREPARED_STATEMENTS=false (for a pooler) turns it off.
            assert cursor.fetchone() == ((1,) if prepared else (0,))
    else:
        assert connection.vendor == "sqlite"  # one plain indexed query, nothing to prepare


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_replaced_for_the_lookup() -> None:
    """The prepared lookup is also the connection's health check: when it
    fails, the connection is closed and the lookup asked again on a new one."""
    from api.matrix import current_version

    skill = make_matrix(roles=1, criteria=1)
    assert current_version(skill.slug) == (skill.pk, skill.version)
    if connection.vendor == "postgresql":  # SQLite has no server to lose
        connection.connection.close()  # as a server restart leaves it
        assert current_version(skill.slug) == (skill.pk, skill.version)
        assert not connection.connection.closed
