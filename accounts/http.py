"""Typed requests: behind ``login_required`` the person is a ``User``, never
``AnonymousUser``, and views and services can say so (as healthchecks'
``hc/accounts/http.py`` does)."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
