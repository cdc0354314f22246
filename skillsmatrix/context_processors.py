from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "allow_signup": settings.ALLOW_SIGNUP,
        "site_languages": settings.LANGUAGES,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Lazy: the count is only queried on pages that show the header.
        context["unread_notifications"] = SimpleLazyObject(
            lambda: user.notifications.filter(read_at__isnull=True).count()
        )
        context["manages_teams"] = SimpleLazyObject(
            lambda: user.memberships.filter(role="manager").exists()
        )
    return context
