from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from accounts.forms import ProfileForm, SignUpForm, TokenForm
from accounts.http import AuthenticatedHttpRequest
from accounts.models import ApiToken, Membership, Notification, User
from accounts.services import api_token_create, api_token_revoke, invitation_answer
from common.i18n import remember_language


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
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Your notifications, newest first; opening the list marks them read."""
    user = request.user
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
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Personal API tokens: create (the secret is shown once), list, revoke."""
    user = request.user
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token, secret = api_token_create(
                user=user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
                read_only=form.cleaned_data["read_only"],
            )
            created = {"token": token, "secret": secret}
            form = TokenForm()
        else:
            status = 400
    context = {
        "form": form,
        "created": created,
        "tokens": ApiToken.objects.filter(user=user),
        "now": timezone.now(),
    }
    response = render(request, "accounts/tokens.html", context, status=status)
    # The page may show a secret: never stored, whatever the middleware does.
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
@login_required
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user_id=request.user.pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("tokens")


@require_POST
@login_required
def invitation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Accept or decline an invitation to a team (yours only; others 404)."""
    membership = get_object_or_404(
        Membership, pk=pk, user_id=request.user.pk, status=Membership.Status.INVITED
    )
    accept = request.POST.get("answer") == "accept"
    invitation_answer(membership=membership, by=request.user, accept=accept)
    if accept:
        messages.success(
            request,
            _("You joined %(team)s. Its managers can now see your submitted assessments.")
            % {"team": membership.team.name},
        )
    else:
        messages.success(request, _("Invitation declined."))
    return redirect("profile")


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Profile saved."))
        response = redirect("profile")
        remember_language(response, user.language)  # the site follows it at once
        return response
    mine = list(Membership.objects.filter(user=request.user).select_related("team"))
    invitations = [m for m in mine if m.status == Membership.Status.INVITED]
    memberships = [m for m in mine if m.status == Membership.Status.ACTIVE]
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships, "invitations": invitations},
        status=400 if form.errors else 200,
    )


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: object = None
) -> HttpResponse:
    """What django-axes answers a locked-out sign-in (site and admin): 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The header's language switcher: remembered in a cookie for everyone,
    and on the profile of a signed-in person (their emails follow it)."""
    response = set_language(request)
    chosen = request.POST.get("language", "")
    if request.user.is_authenticated and chosen in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=chosen)
    return response
