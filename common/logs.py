"""Structured logs: one JSON object per line on stdout, each carrying the id
of the request it belongs to; one summary line per request with the user id,
status and timing. ``LOG_FORMAT=plain`` gives readable lines for development."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
request_logger = logging.getLogger("skillsmatrix.request")

# Password-reset links carry a secret token in the path: never log it.
SECRET_PATH = re.compile(r"^(/accounts/reset/[^/]+/)[^/]+/")
# A caller's (or proxy's) X-Request-ID is kept when it is a sane token.
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Attributes every LogRecord has: anything else was passed in ``extra``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def new_request_id(incoming: str | None) -> str:
    return incoming if incoming and INCOMING_ID.match(incoming) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Stamps every record made while a request is served with its id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def log_request(
    *, method: str, path: str, status: int, started: float, user_id: int | None
) -> None:
    request_logger.info(
        "request",
        extra={
            "method": method,
            "path": SECRET_PATH.sub(r"\1…/", path),
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "user_id": user_id,
        },
    )


class RequestLogMiddleware:
    """First in the stack: gives the request its id (X-Request-ID, echoed in
    the response), and logs one line when the response is ready."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = new_request_id(request.headers.get("X-Request-ID"))
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            log_request(
                method=request.method or "",
                path=request.path,
                status=response.status_code,
                started=started,
                user_id=user.pk if user is not None and user.is_authenticated else None,
            )
            response["X-Request-ID"] = request_id
            return response
        finally:
            request_id_var.reset(token)
