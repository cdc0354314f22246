"""The whole matrix of a skill as one JSON document, cached per skill version.

Every change to a skill's matrix bumps its version (skills/services.py), so
the cache key and the ETag both carry the version: an edit anywhere is visible
everywhere at once, with no invalidation to forget. They carry the skill's
row id too: a skill deleted and imported again starts over at version 1 with
other content, and must not be answered from the old one's bytes or ETag. With Redis as the cache,
every app server shares the bytes. The API view (api/views.py MatrixView) is
the only thing that serves them, behind the same middleware as every URL.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import psycopg
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection

from levels.models import Level
from skills.models import Expectation, Skill, SkillLevel

CACHE_SECONDS = 24 * 3600
# Our own table name; the slug is a parameter.
VERSION_SQL = f"SELECT id, version FROM {Skill._meta.db_table} WHERE slug = %s"  # noqa: S608


# ?format= → Content-Type of the bytes.
MATRIX_FORMATS = {"json": "application/json", "yaml": "application/yaml; charset=utf-8"}


# A skill's identity for caching: (row id, version).
Version = tuple[int, int]


def etag_for(name: str, version: Version) -> str:
    pk, number = version
    return f'"matrix-{name}-{pk}-v{number}"'


def cache_key(slug: str, version: Version, fmt: str) -> str:
    pk, number = version
    return f"api:matrix:{slug}:{pk}:v{number}:{fmt}"


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
                    {"id": c.pk, "key": c.key, "text": c.text, "deprecated": c.deprecation()}
                    for c in exp.criteria.all()
                ],
                "links": [
                    {"title": link.title, "url": link.url, "deprecated": link.deprecation()}
                    for link in exp.links.all()
                ],
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
        "watch": [
            {
                "term": t["term"],
                "successor": t["successor"],
                "since": t.get("since", ""),
                "note": t.get("note", ""),
            }
            for t in skill.watch_terms
        ],
        "moved": [{"from": m["from"], "to": m["to"]} for m in skill.moved_links],
        "version": skill.version,
        "changed_at": skill.changed_at,
        "levels": levels,
        "roles": [dict(role, expectations=cells[slug]) for slug, role in sorted(roles.items())],
    }


def matrix_bytes(slug: str, version: Version, fmt: str) -> bytes:
    """The serialized matrix for this version, from the cache when it is there
    (no database query then)."""
    key = cache_key(slug, version, fmt)
    cached = cache.get(key)
    if cached is not None:
        return bytes(cached)
    skill = Skill.objects.get(pk=version[0])
    if fmt == "yaml":
        from skills.export import export_yaml, skill_document

        body = export_yaml(skill_document(skill)).encode()
    else:
        body = json.dumps(
            matrix_document(skill), cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
        ).encode()
    cache.set(key, body, CACHE_SECONDS)
    return body


def current_version(slug: str) -> Version | None:
    """The skill's row id and version, read on every request so that an edit made through
    any app server is seen by all of them at once. One indexed lookup."""
    if connection.vendor == "postgresql":
        try:
            return _current_version_prepared(slug)
        except (DatabaseError, psycopg.Error):
            if connection.in_atomic_block:
                raise
            # The server dropped the connection (a restart, an idle timeout):
            # close it and ask again the ordinary way, which reconnects.
            connection.close()
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL, [slug])
        row = cursor.fetchone()
    return (int(row[0]), int(row[1])) if row else None


class _PreparedCursor(psycopg.Cursor[Any]):
    """Binds on the server and prepares what it runs (psycopg's public
    ``prepare=True``), unless prepared statements are off for the connection
    (DB_PREPARED_STATEMENTS=false: no ``prepare_threshold``). Django's own
    cursors bind on the client and never prepare; this one runs the version
    lookup alone."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        return super().execute(query, params, prepare=True)


def _current_version_prepared(slug: str) -> Version | None:
    """The lookup as a prepared statement: parsed and planned once per
    connection, then each request sends only the slug. It is also the
    connection's health check (one round trip instead of Django's SELECT 1
    then the query): if it fails, the caller reconnects. Wrapped with Django's
    public cursor wrappers, so it is counted, logged and its errors are
    Django's, like any query."""
    connection.validate_thread_sharing()
    connection.ensure_connection()
    raw = _PreparedCursor(connection.connection)
    make = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    # django-stubs type the argument as Django's wrapper; it is the DB-API cursor.
    with make(raw) as cursor:  # type: ignore[arg-type]
        cursor.execute(VERSION_SQL, [slug])
        row = cursor.fetchone()
    return (int(row[0]), int(row[1])) if row else None
