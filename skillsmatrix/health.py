"""Liveness and readiness for load balancers and orchestrators.

``/healthz``: the process is up and serving (touches nothing else), so a
database outage never gets healthy app servers killed. ``/readyz``: the
database and the cache answer, so traffic goes only where it can be served.
``/readyz/queue``, a check of its own: whether the workers drain the queue
(the oldest task due to run has waited at most WORKER_MAX_QUEUE_AGE_SECONDS,
else 503). For monitoring, not for load balancers: a stuck worker must not
take the web servers out of rotation, so ``/readyz`` ignores the queue.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from worker.queue import oldest_waiting_age

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


def _queue() -> dict[str, object]:
    try:
        age = oldest_waiting_age()
    except DatabaseError as exc:
        logger.warning("readyz_queue_failed", extra={"error": str(exc)[:200]})
        connection.close()
        return {"queue": "unreachable", "queue_age_seconds": None}
    behind = age > settings.WORKER_MAX_QUEUE_AGE_SECONDS
    return {"queue": "behind" if behind else "ok", "queue_age_seconds": round(age)}


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache()}
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse({"ready": ready, **checks}, status=200 if ready else 503)


@never_cache
def readyz_queue(request: HttpRequest) -> JsonResponse:
    """Whether the workers are draining the queue: the oldest task due to run
    has waited at most WORKER_MAX_QUEUE_AGE_SECONDS."""
    queue = _queue()
    ok = queue["queue"] == "ok"
    return JsonResponse(
        {**queue, "max_age_seconds": settings.WORKER_MAX_QUEUE_AGE_SECONDS},
        status=200 if ok else 503,
    )
