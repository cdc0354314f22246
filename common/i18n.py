"""Strings Django itself shows but its own catalogues do not translate yet
(new in Django 6.1), marked here so that makemessages puts them in ours
(which take precedence); and the language cookie."""

from django.conf import settings
from django.http import HttpResponseBase
from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),  # BLANK_CHOICE_LABEL, the empty <select> choice
]


def remember_language(response: HttpResponseBase, code: str) -> None:
    """Set (or, with no code, clear) the cookie LocaleMiddleware reads."""
    if not code:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
