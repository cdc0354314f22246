"""Personal API tokens: ``Authorization: Bearer <token>``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from accounts.models import ApiToken, User
from accounts.services import token_digest


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as “Bearer <token>”."))
        raw = header[1].decode(errors="replace")
        token = (
            ApiToken.objects.live().select_related("user").filter(digest=token_digest(raw)).first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token is unknown or was revoked."))
        now = timezone.now()
        if token.expired_at(now):
            assert token.expires_at is not None
            raise exceptions.AuthenticationFailed(
                _("The token “%(name)s” expired on %(date)s. Make a new one on your profile.")
                % {"name": token.name, "date": date_format(token.expires_at, "DATE_FORMAT")}
            )
        if token.read_only and request.method not in permissions.SAFE_METHODS:
            # Here rather than in each view's permissions: one door, no view can forget it.
            raise exceptions.PermissionDenied(
                _(
                    "The token “%(name)s” is read-only: it can read (GET) but not change "
                    "anything. Use a token with full access to make changes."
                )
                % {"name": token.name}
            )
        # Record use at most once a minute, not on every request.
        if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "api.auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer"}


class AuthenticatedRequest(Request):
    """A DRF request behind ``IsAuthenticated``: the person is a ``User``."""

    user: User
