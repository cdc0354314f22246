"""One fetch-and-check helper per object kind. Proposals, edits and comments
are public to read (as on the site the product grew from); writes check who
may make them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from community.models import Comment, MatrixEdit, Proposal
from skills.models import Skill


def proposals_with_details() -> QuerySet[Proposal]:
    """What a proposal page or API answer shows, in one query."""
    return Proposal.objects.select_related(
        "skill", "level", "expectation__role", "proposer", "reviewer"
    )


def get_proposal(pk: int) -> Proposal:
    return get_object_or_404(proposals_with_details(), pk=pk)


def get_edit(skill: Skill, pk: int) -> MatrixEdit:
    return get_object_or_404(
        MatrixEdit.objects.select_related("skill", "level", "expectation__role", "author"),
        skill=skill,
        pk=pk,
    )


def get_comment(pk: int) -> Comment:
    return get_object_or_404(Comment.objects.visible().select_related("skill", "author"), pk=pk)


def get_own_comment(user: User, pk: int) -> Comment:
    """A comment its author may edit or delete; anyone else gets a 404."""
    comment = get_comment(pk)
    if not user.is_authenticated or comment.author_id != user.pk:
        raise Http404
    return comment
