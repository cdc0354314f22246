from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.models import User
from community.models import Proposal


def curator_queue(user: Any) -> dict[str, Any]:
    """Whether ``user`` curates and, if so, how many proposals are open: one
    query, the same permission ``community.services.is_curator`` checks."""
    grants = Permission.objects.filter(
        Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")),
        content_type__app_label="community",
        codename="curate",
    )
    open_count = (
        Proposal.objects.open().order_by().values("status").annotate(n=Count("pk")).values("n")
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            granted=Exists(grants),
            open_count=Coalesce(Subquery(open_count), Value(0), output_field=IntegerField()),
        )
        .values("granted", "open_count")
        .first()
    )
    if row is None or not (user.is_superuser or row["granted"]):
        return {"curates": False, "open": 0}
    return {"curates": True, "open": row["open_count"]}


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
        context["curator_queue"] = SimpleLazyObject(lambda: curator_queue(user))
    return context
