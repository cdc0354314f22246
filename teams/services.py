"""Team membership changes made by a team's managers."""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.models import Membership, Team, User

logger = logging.getLogger(__name__)


class TeamError(Exception):
    """A membership change the rules do not allow; the message is for the user."""


def team_add_member(*, team: Team, who: str, by: Any) -> User:
    who = who.strip()
    user = User.objects.filter(
        Q(username__iexact=who) | Q(email__iexact=who), is_active=True
    ).first()
    if user is None:
        raise TeamError(f"No active account has the username or email “{who}”.")
    try:
        with transaction.atomic():
            Membership.objects.create(team=team, user=user, role=Membership.Role.MEMBER)
    except IntegrityError:
        raise TeamError(f"{user.get_username()} is already in {team.name}.") from None
    logger.info("team_member_added", extra={"team": team.pk, "user": user.pk, "by": by.pk})
    return user


def team_remove_member(*, team: Team, username: str, by: Any) -> None:
    deleted, _ = Membership.objects.filter(
        team=team, user__username=username, role=Membership.Role.MEMBER
    ).delete()
    if not deleted:
        raise TeamError(
            f"{username} is not a member of {team.name}; managers are changed by an administrator."
        )
    logger.info("team_member_removed", extra={"team": team.pk, "username": username, "by": by.pk})
