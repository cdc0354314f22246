"""One hierarchy for the refusals of the domain. A service raises one of these
when its rules say no; the error carries everything a response needs (an
HTTP status, a stable code for API clients, a message for people in their
language), and it is turned into a response in exactly two places: the API's
exception handler (``api/exceptions.py``) and, for pages, the
``DomainErrorPages`` middleware below. Views catch one only when they have
something better to show than the message (a form to re-render with it).

Not for programming errors or infrastructure failures: those stay ordinary
exceptions and end in a 500 that is logged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise


class DomainError(Exception):
    """A request the rules refuse; nothing was written."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "invalid"

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        #: The input the message is about, when there is one (API: "errors").
        self.field = field

    def extra(self) -> dict[str, Any]:
        """More for API clients beside detail and code (e.g. the current text
        of something that changed meanwhile)."""
        return {}


class Invalid(DomainError):
    """The input breaks a rule (400)."""


class NotAllowed(DomainError):
    """This person may not do this to an object they can see (403)."""

    status = 403
    code = "permission_denied"


class NotFound(DomainError):
    """Missing, or not this person's to see: the same answer for both (404)."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    """The object changed, or is in a state that forbids this now (409)."""

    status = 409
    code = "conflict"


class TooMany(DomainError):
    """Too many of these in a short time (429)."""

    status = 429
    code = "throttled"


class DomainErrorPages:
    """Pages: a DomainError that no view handled becomes a page with its
    message and status (htmx requests get the message alone, to swap in)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        return domain_error_page(request, exception)


def domain_error_page(request: HttpRequest, error: DomainError) -> HttpResponse:
    context = {"error": error, "message": error.message}
    if request.headers.get("HX-Request") == "true":
        return render(request, "error.html#message", context, status=error.status)
    return render(request, "error.html", context, status=error.status)
