"""The one way every view and endpoint fetches an assessment."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Team, User, shared_teams
from assessments.models import Assessment, ManagerReview


def get_assessment_for(user: User, pk: int) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related("engineer", "skill", "role"), pk=pk
    )
    if not assessment.is_visible_to(user):
        raise Http404  # do not reveal that it exists
    return assessment


def get_assessment_for_review(
    user: User, pk: int, team_slug: str | None = None
) -> tuple[Assessment, Team]:
    """A submitted snapshot of someone this user manages, and the team whose
    review it is (the one named, or the first by name). Anyone else, admins
    included, gets a 404: reviewing belongs to the engineer's managers."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("engineer", "skill", "role"), pk=pk
    )
    if not assessment.is_submitted:
        raise Http404
    teams = shared_teams(user, assessment.engineer)
    if team_slug:
        teams = teams.filter(slug=team_slug)
    team = teams.first()
    if team is None:
        raise Http404
    return assessment, team


def visible_reviews(assessment: Assessment, viewer: User) -> list[ManagerReview]:
    """The managers' reviews of a snapshot that ``viewer`` may read: every
    shared one for the engineer; their own team's (shared or not) for a
    manager; none for anyone else. Used by the pages and the API alike."""
    if not assessment.is_submitted:
        return []
    reviews = (
        ManagerReview.objects.filter(assessment=assessment)
        .select_related("reviewer", "team")
        .prefetch_related("ratings")
        .order_by("team__name")
    )
    if assessment.engineer_id == viewer.pk:
        return [review for review in reviews if review.is_shared]
    mine = set(shared_teams(viewer, assessment.engineer).values_list("pk", flat=True))
    return [review for review in reviews if review.team_id in mine]


def get_own_draft(user: User, pk: int) -> Assessment:
    """An assessment the user may change: their own, still a draft. Someone
    else's gets a 404 like any invisible object."""
    assessment = get_assessment_for(user, pk)
    if assessment.engineer_id != user.pk:
        raise Http404
    return assessment
