"""Liveness and readiness for load balancers and orchestrators.

``/healthz``: the process is up and serving (touches nothing else), so a
database outage never gets healthy app servers killed. ``/readyz``: the
database and the cache answer, so traffic goes only where it can be served.
"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("readyz_database_failed", extra={"error": str(exc)[:200]})
        connection.close()  # the next request reconnects
        return "unreachable"
    return "ok"


def _cache() -> str:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        answered = cache.get(key) == "1"
        cache.delete(key)
    except Exception as exc:
        logger.warning("readyz_cache_failed", extra={"error": str(exc)[:200]})
        return "unreachable"
    return "ok" if answered else "unreachable"


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache()}
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse({"ready": ready, **checks}, status=200 if ready else 503)
