"""Signal handlers: the matrix announces changes, the community tells followers."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from community.services import followers_notify
from skills.signals import matrix_changed


@receiver(matrix_changed, dispatch_uid="community_followers_notify")
def notify_followers(
    sender: Any, *, skill_ids: frozenset[int], by: Any, reason: str, **_: Any
) -> None:
    followers_notify(skill_ids=skill_ids, by=by, reason=reason)
