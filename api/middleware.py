"""A fast path for the one endpoint that must be nearly as quick as a static
file: the public, cached matrix. It answers GET and HEAD before sessions,
authentication, CSRF and the rest are set up, which the matrix does not use.
The answer is built by ``api.matrix.matrix_response``, the same function the
API view calls, so both give the same bytes and headers."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from api.matrix import matrix_response

MATRIX_PATH = re.compile(r"^/api/v1/skills/(?P<slug>[-a-zA-Z0-9_]+)/matrix/$")


class MatrixFastPath:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = MATRIX_PATH.match(request.path_info)
        if match and request.method in {"GET", "HEAD"}:
            fmt = request.GET.get("format", "json")
            if fmt in {"json", "yaml"}:
                response = matrix_response(
                    match["slug"], fmt, request.headers.get("If-None-Match", "")
                )
                if response is not None:
                    return response
        # Anything unusual (unknown skill, bad format) goes the normal way,
        # for the normal error.
        return self.get_response(request)
