from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiToken
from common.security import client_ip


class FairUseThrottle(SimpleRateThrottle):
    """A fair-use limit per token (or per signed-in user, or per address)."""

    scope = "fair-use"

    def get_rate(self) -> str:
        return str(settings.API_RATE_LIMIT)

    def get_cache_key(self, request: Any, view: Any) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            # Not DRF's get_ident: it believes any X-Forwarded-For, so a
            # made-up address per request would never be limited. The same
            # rule as the login lockout: the address our own proxy appended.
            ident = f"ip-{client_ip(request)}"
        return f"throttle:{self.scope}:{ident}"
