"""The one way pages and endpoints fetch a cycle."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Team, User
from cycles.models import Cycle
from cycles.selectors import can_manage, completion_teams, cycles_visible_to


def get_cycle_for(user: User, pk: int) -> Cycle:
    """A cycle the person takes part in, manages a team of, or (admins) any;
    anyone else gets a 404 that does not reveal it exists."""
    return get_object_or_404(cycles_visible_to(user), pk=pk)


def get_cycle_to_manage(user: User, pk: int) -> Cycle:
    """A cycle this person may edit or close. One they can see but not
    manage is a 404 too: the edit page is not theirs to know of."""
    cycle = get_cycle_for(user, pk)
    if not can_manage(user, cycle):
        raise Http404
    return cycle


def get_cycle_team(user: User, pk: int, slug: str) -> tuple[Cycle, Team]:
    """A cycle and one of its teams whose completion this person may see:
    the team's managers and admins."""
    cycle = get_cycle_for(user, pk)
    team = next((t for t in completion_teams(user, cycle) if t.slug == slug), None)
    if team is None:
        raise Http404
    return cycle, team
