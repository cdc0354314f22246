from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import ProfileForm, SignUpForm
from accounts.models import Membership, Notification, User


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.ALLOW_SIGNUP:
        raise Http404
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Set your role and level to get started."))
        return redirect("profile")
    return render(
        request, "registration/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """Your notifications, newest first; opening the list marks them read."""
    user = cast(User, request.user)
    items = list(Notification.objects.filter(user=user)[:100])
    unread = [n.pk for n in items if n.read_at is None]
    response = render(
        request, "accounts/notifications.html", {"items": items, "unread": set(unread)}
    )
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return response


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=cast(User, request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Profile saved."))
        return redirect("profile")
    memberships = Membership.objects.filter(user=cast(User, request.user)).select_related("team")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships},
        status=400 if form.errors else 200,
    )
