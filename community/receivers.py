"""Signal handlers: the matrix announces changes, the community tells followers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from accounts.models import User
from community import tasks
from community.services import CURATORS_GROUP, REVIEW_REASON
from skills.signals import matrix_changed


@receiver(matrix_changed, dispatch_uid="community_followers_notify")
def notify_followers(
    sender: Any,
    *,
    skill_ids: frozenset[int],
    by: User | None,
    reason: str,
    told: frozenset[int] = frozenset(),
    **_: Any,
) -> None:
    """Enqueued, not run here: the change's request does not wait for the
    fan-out or its emails (the worker runs it, community/tasks.py)."""
    if reason == REVIEW_REASON:
        return  # a review date moved: nothing anyone reads changed
    tasks.notify_followers.enqueue(
        skill_ids=sorted(skill_ids),
        by_id=by.pk if by is not None else None,
        reason=reason,
        told=sorted(told),
    )


@receiver(post_migrate, dispatch_uid="community_curators_group")
def ensure_curators_group(sender: Any, **kwargs: Any) -> None:
    """A "Curators" group with the curate permission exists out of the box:
    admins make someone a curator by adding them to it in the admin."""
    if getattr(sender, "name", None) != "community":
        return
    using = kwargs.get("using", "default")
    permission = (
        Permission.objects.using(using)
        .filter(codename="curate", content_type__app_label="community")
        .first()
    )
    if permission is None:  # permissions are created by an earlier post_migrate handler
        return
    group, _created = Group.objects.using(using).get_or_create(name=CURATORS_GROUP)
    group.permissions.add(permission)
