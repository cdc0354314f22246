"""Project-wide request guards, and the signed-in person's language."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.cache import patch_cache_control

from common.i18n import remember_language


class RejectNullCharacters:
    """Text no database can store never gets past the door: a NUL character
    in the URL or query string (PostgreSQL refuses it in a query), and, in the
    query string or a form-encoded body, bytes that are not UTF-8 (such as a
    lone surrogate, ``%ED%A0%80``), which Django would silently turn into
    U+FFFD. Each is a 400 naming the field, here instead of failing later.
    Form fields refuse NULs in bodies themselves (Django's CharField), and
    the API's JSON bodies are checked by its parser (``api/parsers.py``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return _refuse(request, "The address contains a NUL character.")
        field = undecodable_field(request.META.get("QUERY_STRING", ""))
        if field is None and request.content_type == "application/x-www-form-urlencoded":
            field = undecodable_field(request.body)
        if field is not None:
            return _refuse(request, f"The field “{field}” is not valid UTF-8 text.", field)
        return self.get_response(request)


def undecodable_field(encoded: str | bytes) -> str | None:
    """The name of the first field of a URL-encoded string (a query string
    or a form body) whose value, or name, is not UTF-8 once unquoted."""
    raw = encoded if isinstance(encoded, bytes) else _raw_bytes(encoded)
    for pair in raw.split(b"&"):
        name, _sep, value = pair.partition(b"=")
        for part in (name, value):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode()
            except UnicodeDecodeError:
                return unquote_to_bytes(name).decode(errors="backslashreplace")[:100]
    return None


def _raw_bytes(text: str) -> bytes:
    try:
        return text.encode("iso-8859-1")  # how WSGI hands over the raw bytes
    except UnicodeEncodeError:
        return text.encode()


def _refuse(request: HttpRequest, message: str, field: str | None = None) -> HttpResponse:
    # Before the locale middleware: these answers are in English.
    if request.path.startswith("/api/"):
        body: dict[str, object] = {"detail": message, "code": "invalid"}
        if field is not None:
            body["errors"] = {field: [message]}
        return JsonResponse(body, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class PrivateByDefault:
    """Every answer to someone who may be signed in (a session cookie, or an
    API token) is ``Cache-Control: private, no-store`` unless its view
    declared it public (the matrix): pages showing one person's data (a
    result, a review, a team's CSV, notifications, tokens) must not stay in a
    shared proxy or in the browser for the next person at a shared computer.
    One rule here rather than a decorator per view, so a new personal page
    cannot forget it. Deciding by the request's credentials, not by
    ``request.user``, costs no query on pages that never look at the user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        credentials = (
            settings.SESSION_COOKIE_NAME in request.COOKIES or "Authorization" in request.headers
        )
        if credentials and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response


class UserLanguage:
    """After authentication: a signed-in person who chose a language on their
    profile gets it in any browser that has no language cookie yet (the
    header's switcher sets one), and the cookie is set for next time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Nobody can be signed in without a session cookie: then the user (and
        # the session) stay untouched, and anonymous answers (the public API)
        # do not vary on Cookie.
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            return self.get_response(request)
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user and user.is_authenticated else ""
        if not chosen:
            return self.get_response(request)
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", chosen)
        remember_language(response, chosen)
        return response
