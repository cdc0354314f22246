"""REST API v1 for the skills inventory: your skills across skills, your
"Who knows X" opt-in per skill, and the search. The same selectors, form and
service as the pages (inventory/)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.auth import AuthenticatedRequest
from api.pagination import StrictPageNumberPagination
from api.views import PAGE
from inventory.forms import WhoKnowsForm
from inventory.models import SkillVisibility
from inventory.rules import READINESS_STATES
from inventory.selectors import my_skills, who_knows
from inventory.services import skill_visibility_set
from levels.models import Level
from skills.views import get_skill

# -- Serializers ----------------------------------------------------------------------


class InventoryReadinessSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(
        choices=READINESS_STATES,
        help_text="top: no level above on the role's ladder; nothing_required: the target "
        "level requires nothing; ready: every required criterion up to it met; in_progress",
    )
    target_level = serializers.IntegerField(allow_null=True)
    required_met = serializers.IntegerField()
    required_total = serializers.IntegerField()


class OpenCycleSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    self_due = serializers.DateField()


class MySkillSerializer(serializers.Serializer[Any]):
    skill = serializers.CharField(help_text="skill slug")
    skill_name = serializers.CharField()
    role = serializers.CharField(help_text="role slug of the latest snapshot")
    snapshot = serializers.IntegerField(help_text="id of the latest submitted snapshot")
    level_reached = serializers.IntegerField(help_text="0: no level reached yet")
    level_name = serializers.CharField(allow_null=True, help_text="career name of the level")
    readiness = InventoryReadinessSerializer()
    submitted_at = serializers.DateTimeField()
    open_cycle = OpenCycleSerializer(allow_null=True)
    open_plan_items = serializers.IntegerField()
    visible = serializers.BooleanField(help_text="shown to colleagues in “Who knows”")


class MySkillsSerializer(serializers.Serializer[Any]):
    assessed = MySkillSerializer(many=True)
    not_assessed = serializers.ListField(
        child=serializers.CharField(), help_text="slugs of the skills without a snapshot"
    )


class VisibilitySerializer(serializers.Serializer[Any]):
    skill = serializers.CharField(help_text="skill slug")
    visible = serializers.BooleanField()


class WhoKnowsPersonSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    name = serializers.CharField()
    level_reached = serializers.IntegerField()
    level_name = serializers.CharField(allow_null=True)
    submitted_at = serializers.DateTimeField(help_text="when they last assessed the skill")


class WhoKnowsPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = WhoKnowsPersonSerializer(many=True)


# -- Views ------------------------------------------------------------------------------


class MySkillsView(APIView):
    """Every skill you have a submitted snapshot of (the latest, in any role)
    with its level, readiness, open cycle and open plan items; then the
    skills you have not assessed."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="v1_me_skills", responses=MySkillsSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        mine = my_skills(request.user)
        data = {
            "assessed": [
                {
                    "skill": row.skill.slug,
                    "skill_name": row.skill.name,
                    "role": row.snapshot.role.slug,
                    "snapshot": row.snapshot.pk,
                    "level_reached": row.snapshot.level_reached or 0,
                    "level_name": row.level.career_name if row.level else None,
                    "readiness": row.readiness,
                    "submitted_at": row.snapshot.submitted_at,
                    "open_cycle": (
                        {"id": row.cycle.pk, "self_due": row.cycle.self_due} if row.cycle else None
                    ),
                    "open_plan_items": row.open_items,
                    "visible": row.visible,
                }
                for row in mine.rows
            ],
            "not_assessed": [s.slug for s in mine.not_assessed],
        }
        return Response(MySkillsSerializer(data).data)


class VisibilityView(APIView):
    """Whether colleagues find you by this skill in “Who knows”; PUT opts in,
    DELETE opts out (both idempotent; opting out takes effect at once)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="v1_me_skills_visibility", responses=VisibilitySerializer)
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        skill = get_skill(slug)
        visible = SkillVisibility.objects.of(request.user).filter(skill=skill).exists()
        return Response(VisibilitySerializer({"skill": skill.slug, "visible": visible}).data)

    @extend_schema(request=None, responses=VisibilitySerializer)
    def put(self, request: AuthenticatedRequest, slug: str) -> Response:
        skill = get_skill(slug)
        skill_visibility_set(person=request.user, skill=skill, visible=True)
        return Response(VisibilitySerializer({"skill": skill.slug, "visible": True}).data)

    # 200 with the new state, like PUT (as the follow endpoint does).
    @extend_schema(request=None, responses={200: VisibilitySerializer})
    def delete(self, request: AuthenticatedRequest, slug: str) -> Response:
        skill = get_skill(slug)
        skill_visibility_set(person=request.user, skill=skill, visible=False)
        return Response(VisibilitySerializer({"skill": skill.slug, "visible": False}).data)


SKILL = OpenApiParameter(
    "skill",
    {"type": "string", "minLength": 1, "maxLength": 80, "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
    required=True,
    description="skill slug (an unknown one is a 400 naming `skill`)",
)
MIN_LEVEL = OpenApiParameter(
    "min_level",
    {"type": "integer", "minimum": 0, "maximum": 999_999_999},
    description="the lowest level reached to list: one of the ladder's level numbers "
    "(default: its first; another number is a 400 naming `min_level`)",
)


class WhoKnowsView(APIView):
    """People who chose to be found for a skill and whose latest snapshot of
    it reached at least ``min_level``: highest level first. Anyone signed in."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="v1_who_knows", parameters=[SKILL, MIN_LEVEL, PAGE],
        responses=WhoKnowsPageSerializer,
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        levels = list(Level.objects.order_by("number"))
        form = WhoKnowsForm(request.query_params, levels=levels)
        if not form.is_valid():
            raise ValidationError(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            )
        names = {lvl.number: lvl.career_name for lvl in levels}
        paginator = StrictPageNumberPagination()
        found = who_knows(form.cleaned_data["skill"], form.cleaned_data["min_level"])
        page: list[Any] = paginator.paginate_queryset(found, request, view=self) or []
        return paginator.get_paginated_response(
            WhoKnowsPersonSerializer(
                [
                    {
                        "username": a.engineer.username,
                        "name": a.engineer.display_name,
                        "level_reached": a.level_reached,
                        "level_name": names.get(a.level_reached),
                        "submitted_at": a.submitted_at,
                    }
                    for a in page
                ],
                many=True,
            ).data
        )
