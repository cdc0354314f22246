"""The matrix fast path at the WSGI level, in front of Django itself.

Under gunicorn every request for ``/api/v1/skills/<slug>/matrix/`` (GET or
HEAD, json or yaml) is answered here: no request object, no middleware, no
request signals, so the persistent database connection is reused without a
health-check round trip. The answer comes from ``api.matrix.matrix_answer``,
the same function as the API view's. If the database connection fails, it is
closed and the request goes to Django, which reconnects (with its health
check) and answers or reports the error the usual way.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from django.db import DatabaseError, connection

from api.matrix import matrix_answer
from common.logs import log_request, new_request_id, request_id_var

MATRIX_PATH = re.compile(r"^/api/v1/skills/(?P<slug>[-a-zA-Z0-9_]+)/matrix/$")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class MatrixFastPathWSGI:
    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        started = time.perf_counter()
        method = environ.get("REQUEST_METHOD", "")
        match = MATRIX_PATH.match(environ.get("PATH_INFO", ""))
        if match and method in {"GET", "HEAD"}:
            fmt = parse_qs(environ.get("QUERY_STRING", "")).get("format", ["json"])[-1]
            if fmt in {"json", "yaml"}:
                try:
                    answer = matrix_answer(
                        match["slug"], fmt, environ.get("HTTP_IF_NONE_MATCH", "")
                    )
                except DatabaseError:
                    connection.close()
                    answer = None
                if answer is not None:
                    status = HTTPStatus(answer.status)
                    request_id = new_request_id(environ.get("HTTP_X_REQUEST_ID"))
                    token = request_id_var.set(request_id)
                    log_request(
                        method=method,
                        path=environ.get("PATH_INFO", ""),
                        status=answer.status,
                        started=started,
                        user_id=None,  # public: nobody is signed in here
                    )
                    request_id_var.reset(token)
                    start_response(
                        f"{status.value} {status.phrase}",
                        [*answer.headers, ("X-Request-ID", request_id)],
                    )
                    return [b""] if method == "HEAD" else [answer.body]
        return self.app(environ, start_response)
