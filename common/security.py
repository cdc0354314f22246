"""Who is asking: the client's address, also behind our own reverse proxy."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind our proxy (BEHIND_HTTPS_PROXY) the last address
    in X-Forwarded-For: the one our proxy added. Earlier entries come from
    the client and could be anything."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if not settings.BEHIND_HTTPS_PROXY:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    last = forwarded.split(",")[-1].strip()
    return last or remote
