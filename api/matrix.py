"""The whole matrix of a skill as one JSON document, cached per skill version.

Every change to a skill's matrix bumps its version (skills/services.py), so
the cache key and the ETag both carry the version: an edit anywhere is visible
everywhere at once, with no invalidation to forget. With Redis as the cache,
every app server shares the bytes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import psycopg
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import HttpResponse

from levels.models import Level
from skills.models import Expectation, Skill, SkillLevel

CACHE_SECONDS = 24 * 3600
# Our own table name; the slug is a parameter.
VERSION_SQL = f"SELECT version FROM {Skill._meta.db_table} WHERE slug = %s"  # noqa: S608


def etag_for(slug: str, version: int) -> str:
    return f'"matrix-{slug}-v{version}"'


def cache_key(slug: str, version: int, fmt: str) -> str:
    return f"api:matrix:{slug}:v{version}:{fmt}"


def matrix_document(skill: Skill) -> dict[str, Any]:
    """Levels with both names and this skill's descriptions, the roles, and
    every expectation with its criteria, topics and links. Five queries."""
    descriptions = dict(
        SkillLevel.objects.filter(skill=skill).values_list("level_id", "description")
    )
    levels = [
        {
            "number": level.number,
            "slug": level.slug,
            "career_name": level.career_name,
            "proficiency_name": level.proficiency_name,
            "description": descriptions.get(level.pk, ""),
        }
        for level in Level.objects.order_by("number")
    ]
    expectations = (
        Expectation.objects.filter(skill=skill)
        .with_details()
        .order_by("role__slug", "level__number")
    )
    roles: dict[str, dict[str, Any]] = {}
    cells: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for exp in expectations:
        roles.setdefault(
            exp.role.slug,
            {
                "slug": exp.role.slug,
                "name": exp.role.name,
                "family": exp.role.family,
                "summary": exp.role.summary,
            },
        )
        cells[exp.role.slug].append(
            {
                "level": exp.level.number,
                "required": exp.required,
                "summary": exp.summary,
                "topics": list(exp.topics),
                "last_reviewed": exp.last_reviewed,
                "criteria": [
                    {"id": c.pk, "key": c.key, "text": c.text} for c in exp.criteria.all()
                ],
                "links": [{"title": link.title, "url": link.url} for link in exp.links.all()],
            }
        )
    return {
        "slug": skill.slug,
        "name": skill.name,
        "summary": skill.summary,
        "description": skill.description,
        "domain": skill.domain,
        "group": skill.group,
        "last_reviewed": skill.last_reviewed,
        "version": skill.version,
        "changed_at": skill.changed_at,
        "levels": levels,
        "roles": [dict(role, expectations=cells[slug]) for slug, role in sorted(roles.items())],
    }


def matrix_bytes(slug: str, version: int, fmt: str) -> bytes:
    """The serialized matrix for this version, from the cache when it is there
    (no database query then)."""
    key = cache_key(slug, version, fmt)
    cached = cache.get(key)
    if cached is not None:
        return bytes(cached)
    skill = Skill.objects.get(slug=slug)
    if fmt == "yaml":
        from skills.export import export_yaml, skill_document

        body = export_yaml(skill_document(skill)).encode()
    else:
        body = json.dumps(
            matrix_document(skill), cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
        ).encode()
    cache.set(key, body, CACHE_SECONDS)
    return body


def current_version(slug: str) -> int | None:
    """The skill's version, read on every request so that an edit made through
    any app server is seen by all of them at once. One indexed lookup."""
    if connection.vendor == "postgresql":
        return _current_version_prepared(slug)
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL, [slug])
        row = cursor.fetchone()
    return int(row[0]) if row else None


class _PreparedCursor(psycopg.Cursor[Any]):
    """Binds on the server and prepares what it runs, unless prepared
    statements are switched off for the connection (DB_PREPARED_STATEMENTS).
    Django's own cursors bind on the client and never prepare; this one is
    used for the version lookup alone."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        return super().execute(query, params, prepare=True)


def _current_version_prepared(slug: str) -> int | None:
    """The lookup as a prepared statement: parsed and planned once per
    connection, then each request sends only the slug. Wrapped the way Django
    wraps its own cursors, so it is counted and logged like any query."""
    connection.ensure_connection()
    raw = _PreparedCursor(connection.connection)
    with connection._prepare_cursor(raw) as cursor:  # type: ignore[attr-defined]
        cursor.execute(VERSION_SQL, [slug])
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _matches(if_none_match: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison: W/"x" matches "x"; * matches
    any current version."""
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag in tags or "*" in tags


@dataclass(frozen=True)
class MatrixAnswer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def matrix_answer(slug: str, fmt: str, if_none_match: str) -> MatrixAnswer | None:
    """The whole answer of the matrix endpoint, shared by the API view and the
    fast paths in front of it. None: no such skill."""
    version = current_version(slug)
    if version is None:
        return None
    etag = etag_for(slug if fmt == "json" else f"{slug}.yaml", version)  # "." is never in a slug
    headers = [
        ("ETag", etag),
        ("Cache-Control", "public, max-age=0, must-revalidate"),
        # What SecurityMiddleware would add: the fast paths run before it.
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
    ]
    if _matches(if_none_match, etag):
        return MatrixAnswer(304, headers, b"")
    content_type = "application/json" if fmt == "json" else "application/yaml; charset=utf-8"
    body = matrix_bytes(slug, version, fmt)
    headers += [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    return MatrixAnswer(200, headers, body)


def matrix_response(slug: str, fmt: str, if_none_match: str) -> HttpResponse | None:
    answer = matrix_answer(slug, fmt, if_none_match)
    if answer is None:
        return None
    response = HttpResponse(answer.body, status=answer.status)
    for name, value in answer.headers:
        response[name] = value
    return response
