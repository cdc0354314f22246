"""REST API v1 for assessment cycles: the cycles you are concerned with, one
with your own status, and a team's completion for its managers (and
admins). The same selectors and checks as the pages; read-only."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.auth import AuthenticatedRequest
from api.views import PAGE, TEXT, paged
from common.errors import Invalid
from cycles.access import get_cycle_for
from cycles.models import Cycle
from cycles.selectors import (
    STATUSES,
    completion_for,
    completion_teams,
    counts,
    cycles_visible_to,
    own_standing,
    participant_ids,
)

# -- Serializers ------------------------------------------------------------------------


class CycleSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    skill = serializers.CharField(help_text="the skill's slug")
    state = serializers.ChoiceField(choices=Cycle.State.choices)
    everyone = serializers.BooleanField()
    teams = serializers.ListField(child=serializers.CharField(), help_text="team slugs")
    opens_on = serializers.DateField()
    self_due = serializers.DateField()
    review_due = serializers.DateField()
    closed_at = serializers.DateTimeField(allow_null=True)


class CyclePageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CycleSerializer(many=True)


class OwnStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=STATUSES)
    snapshot = serializers.IntegerField(allow_null=True, help_text="your snapshot in the cycle")
    draft = serializers.IntegerField(allow_null=True, help_text="your draft of the skill")


class SummarySerializer(serializers.Serializer[Any]):
    participants = serializers.IntegerField()
    submitted = serializers.IntegerField()
    ready = serializers.IntegerField(help_text="people who became ready for promotion")
    disagreements = serializers.IntegerField()
    resolved = serializers.IntegerField()


class CycleDetailSerializer(CycleSerializer):
    me = OwnStatusSerializer(allow_null=True, help_text="null: you do not take part")
    completion_teams = serializers.ListField(
        child=serializers.CharField(), help_text="teams whose completion you may read"
    )
    summary = SummarySerializer(
        allow_null=True, help_text="frozen at close; for the cycle's managers and admins"
    )


class CompletionRowSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=STATUSES)
    snapshot = serializers.IntegerField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    level_reached = serializers.IntegerField(allow_null=True)


class CompletionSerializer(serializers.Serializer[Any]):
    team = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
    people = CompletionRowSerializer(many=True)


# -- Views ------------------------------------------------------------------------------


def _cycle(cycle: Cycle, team_slugs: list[str]) -> dict[str, Any]:
    return {
        "id": cycle.pk,
        "name": cycle.name,
        "skill": cycle.skill.slug,
        "state": cycle.state,
        "everyone": cycle.everyone,
        "teams": team_slugs,
        "opens_on": cycle.opens_on,
        "self_due": cycle.self_due,
        "review_due": cycle.review_due,
        "closed_at": cycle.closed_at,
    }


class CycleList(APIView):
    """The cycles you take part in or manage (every one for an admin), newest first."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="v1_cycles_list", parameters=[PAGE], responses=CyclePageSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        cycles = (
            cycles_visible_to(request.user).prefetch_related("teams").order_by("-opens_on", "-pk")
        )
        data = [_cycle(c, sorted(t.slug for t in c.teams.all())) for c in cycles]
        return paged(request, self, data, CycleSerializer)


class CycleDetail(APIView):
    """One cycle, with your own status in it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CycleDetailSerializer)
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        user = request.user
        cycle = get_cycle_for(user, pk)
        me = None
        if user.pk in participant_ids(cycle):
            standing = own_standing(user, [cycle])[cycle.pk]
            me = {
                "status": standing.status,
                "snapshot": standing.snapshot.pk if standing.snapshot else None,
                "draft": standing.draft.pk if standing.draft else None,
            }
        teams = completion_teams(user, cycle)
        summary = None
        if cycle.is_closed and teams:
            summary = {k: cycle.summary.get(k, 0) for k in SummarySerializer().fields}
        data = {
            **_cycle(cycle, sorted(t.slug for t in cycle.teams.all())),
            "me": me,
            "completion_teams": [t.slug for t in teams],
            "summary": summary,
        }
        return Response(CycleDetailSerializer(data).data)


class CycleCompletion(APIView):
    """Where each member of one of the cycle's teams stands: for the team's
    managers and admins."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("team", TEXT, description="team slug (default: your first team)"),
            OpenApiParameter("status", TEXT, description="only people with this status"),
        ],
        responses=CompletionSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request.user
        assert user.is_authenticated
        cycle = get_cycle_for(user, pk)
        teams = completion_teams(user, cycle)
        slug = request.query_params.get("team")
        team = next((t for t in teams if slug is None or t.slug == slug), None)
        if team is None:
            raise Http404
        chosen = request.query_params.get("status")
        if chosen is not None and chosen not in STATUSES:
            raise Invalid(
                _("Unknown status %(status)r: use one of %(choices)s.")
                % {"status": chosen, "choices": ", ".join(STATUSES)},
                field="status",
            )
        rows = completion_for(user, cycle, team)
        people = [
            {
                "username": r.user.username,
                "name": r.user.display_name,
                "status": r.status,
                "snapshot": r.snapshot.pk if r.snapshot else None,
                "submitted_at": r.snapshot.submitted_at if r.snapshot else None,
                "level_reached": r.snapshot.level_reached if r.snapshot else None,
            }
            for r in rows
            if chosen is None or r.status == chosen
        ]
        data = {
            "team": team.slug,
            "counts": {status: n for status, _label, n in counts(rows)},
            "people": people,
        }
        return Response(CompletionSerializer(data).data)
