"""gunicorn settings, all from the environment (read when gunicorn starts:
``gunicorn skillsmatrix.wsgi`` finds this file in the working directory).

Sync workers: every request is short (pages render in tens of milliseconds,
the matrix API in under one), so a few processes per core serve thousands of
people; slow clients are the reverse proxy's job.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None


bind = f"{os.environ.get('HOST', '0.0.0.0')}:{_int('PORT', 8000)}"  # noqa: S104 (in a container)
# Two per core plus one, as gunicorn's docs suggest; WEB_CONCURRENCY overrides.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request taking longer than this is stuck: the worker is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a deploy, a scale-down) finish the requests in flight first.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 25)
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound
# (0: never).
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# Each worker opens its own database connections (never share them across a fork).
preload_app = False
# Heartbeat files in memory, not on a container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# The app logs every request as JSON (skillsmatrix/logging.py); no second access log.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Addresses of the reverse proxies allowed to set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Even from them, never let a header move the app (SCRIPT_NAME, PATH_INFO).
forwarder_headers = ""
proc_name = "skillsmatrix"
