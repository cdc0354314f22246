"""The one way team pages and endpoints fetch a team."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Membership, Team, User


def get_team_for_manager(user: User, slug: str) -> Team:
    """Only the team's managers get it; anyone else, admins included, gets a
    404 that does not reveal it exists."""
    team = get_object_or_404(Team, slug=slug)
    if not (
        Membership.objects.active()
        .filter(team=team, user_id=user.pk, role=Membership.Role.MANAGER)
        .exists()
    ):
        raise Http404
    return team
