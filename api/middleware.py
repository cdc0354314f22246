"""The matrix fast path inside Django, for servers that do not use
``skillsmatrix.wsgi`` (the test client, ASGI): it answers before sessions,
authentication, CSRF and the rest, which the public matrix does not use. The
answer comes from ``api.matrix.matrix_response``, as in the API view and the
WSGI fast path (api/wsgi.py), so all three give the same bytes and headers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from api.matrix import matrix_response
from api.wsgi import MATRIX_PATH


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
