"""Project-wide request guards, and the signed-in person's language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation

from common.i18n import remember_language


class RejectNullCharacters:
    """A NUL character in the URL or query string is never meaningful, and
    PostgreSQL refuses it in a query: answer 400 here instead of failing later.
    (Form and API bodies are checked by their fields' own validators.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = "The address contains a NUL character."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "invalid"}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


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
