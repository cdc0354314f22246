"""The community parts of the skill profile, for the skills app's templates:
``{% load community %}{% community_panel skill %}``. The matrix app never
imports this one; its template loads these tags (as django.contrib.comments
did), so the dependency stays one way in the code."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from community.models import Comment, Follow, Proposal
from community.services import is_curator
from skills.models import Skill

register = template.Library()

PANEL_PROPOSALS = 5
PANEL_COMMENTS = 3


def _count(rows: QuerySet[Any]) -> Coalesce:
    """A count of ``rows`` per skill, as a subquery of the skill row."""
    per_skill = rows.filter(skill=OuterRef("pk")).order_by().values("skill")
    counted = per_skill.annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@register.inclusion_tag("community/_panel.html", takes_context=True)
def community_panel(context: dict[str, Any], skill: Any) -> dict[str, Any]:
    """Follow, open proposals and the latest comments: three queries, four
    when signed in, whatever the numbers."""
    request = context["request"]
    user = request.user
    counts = (
        Skill.objects.filter(pk=skill.pk)
        .annotate(
            n_followers=_count(Follow.objects.all()),
            n_proposals=_count(Proposal.objects.open()),
            n_comments=_count(Comment.objects.visible()),
        )
        .values("n_followers", "n_proposals", "n_comments")
        .get()
    )
    proposals = (
        Proposal.objects.open()
        .filter(skill=skill)
        .select_related("skill", "proposer", "level", "expectation__role")
        .order_by("-created_at")
    )
    latest = Comment.objects.visible().filter(skill=skill).select_related("author")
    return {
        "request": request,
        "user": user,
        "skill": skill,
        "followers": counts["n_followers"],
        "following": user.is_authenticated
        and Follow.objects.filter(skill=skill, user=user).exists(),
        "proposals": list(proposals[:PANEL_PROPOSALS]),
        "proposal_count": counts["n_proposals"],
        "comment_count": counts["n_comments"],
        "latest_comments": list(latest.order_by("-created_at", "-pk")[:PANEL_COMMENTS])[::-1],
        "curator": context.get("curator", False),
    }


@register.simple_tag(takes_context=True)
def curator_flag(context: template.Context) -> bool:
    """Whether the viewer may edit in place (one permission lookup per page)."""
    return is_curator(context["request"].user)
