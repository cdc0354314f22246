"""Team membership changes made by a team's managers."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Membership, Team, User
from accounts.services import in_language_of, notification_send
from common.errors import Invalid

logger = logging.getLogger(__name__)


class TeamError(Invalid):
    """A membership change the rules do not allow; the message is for the user (400)."""


def team_add_member(*, team: Team, who: str, by: User) -> User:
    """Invite someone to the team. They join (and their managers see their
    snapshots) only once they accept."""
    who = who.strip()
    user = User.objects.filter(
        Q(username__iexact=who) | Q(email__iexact=who), is_active=True
    ).first()
    if user is None:
        raise TeamError(_("No active account has the username or email “%(who)s”.") % {"who": who})
    try:
        with transaction.atomic():
            Membership.objects.create(
                team=team, user=user, role=Membership.Role.MEMBER, status=Membership.Status.INVITED
            )
            name = by.get_full_name() or by.username
            with in_language_of(user):
                notification_send(
                    user=user,
                    message=_("%(name)s invited you to join the team %(team)s")
                    % {"name": name, "team": team.name},
                    url=reverse("profile") + "#invitations",
                )
    except IntegrityError:
        raise TeamError(
            _("%(name)s is already in %(team)s or invited to it.")
            % {"name": user.get_username(), "team": team.name}
        ) from None
    logger.info("team_member_invited", extra={"team": team.pk, "user": user.pk, "by": by.pk})
    return user


def team_remove_member(*, team: Team, username: str, by: User) -> None:
    """Remove a member, or withdraw an invitation."""
    deleted, _details = Membership.objects.filter(
        team=team, user__username=username, role=Membership.Role.MEMBER
    ).delete()
    if not deleted:
        raise TeamError(
            _("%(name)s is not a member of %(team)s; managers are changed by an administrator.")
            % {"name": username, "team": team.name}
        )
    logger.info("team_member_removed", extra={"team": team.pk, "username": username, "by": by.pk})
