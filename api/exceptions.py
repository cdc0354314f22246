"""One JSON error shape for every API failure:

{"detail": "What went wrong.", "code": "not_found", "errors": {"field": ["…"]}}
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler

from common.errors import DomainError


def _first_message(data: Any) -> str:
    if isinstance(data, dict):
        for value in data.values():
            return _first_message(value)
    if isinstance(data, list) and data:
        return _first_message(data[0])
    return str(data)


def handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code, **exc.extra()}
        if exc.field:
            body["errors"] = {exc.field: [exc.message]}
        return Response(body, status=exc.status)
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    codes = {400: "invalid", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
             405: "method_not_allowed", 409: "conflict", 429: "throttled"}  # fmt: skip
    code = getattr(exc, "default_code", None) or codes.get(response.status_code, "error")
    if response.status_code == 404:
        # One message for "missing" and "not yours": nothing to learn from it.
        body = {"detail": _("Not found."), "code": "not_found"}
    elif isinstance(data, dict) and set(data) <= {"detail"}:
        body = {"detail": str(data.get("detail", "")), "code": code}
    else:
        body = {"detail": _first_message(data), "code": "invalid", "errors": data}
    response.data = body
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(
        {"detail": _("Bad request (too large or malformed)."), "code": "invalid"}, status=400
    )


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"detail": _("Something went wrong on our side; it has been logged."), "code": "error"},
        status=500,
    )
