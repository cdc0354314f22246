"""REST API v1: compare two cells of a skill's matrix (two roles at one
level, or one role at two levels), with what the caller's own latest
snapshot already meets when they ask. The same form, selectors and pure
rule as the page (assessments/compare.py, skills/compare.py)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.compare import CompareResult, comparison_for
from levels.ladder import MAX_RUNGS
from skills.compare import Item, Pair
from skills.forms import CompareForm
from skills.models import Expectation
from skills.selectors import level_choices, skill_roles
from skills.views import get_skill

MODES = [
    ("roles", "two roles at one level"),
    ("levels", "one role at two levels"),
    ("both", "another role at another level"),
]
MATCHED_BY = [("key", "the same key"), ("text", "the identical text")]

# -- Serializers ----------------------------------------------------------------------


class CompareCriterionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    text = serializers.CharField()
    position = serializers.IntegerField()
    deprecated = serializers.BooleanField()
    met = serializers.BooleanField(
        allow_null=True,
        help_text="whether your latest snapshot meets it (null unless you asked with mine=true, "
        "are signed in and have a submitted snapshot of the skill)",
    )


class ComparePairSerializer(serializers.Serializer[Any]):
    a = CompareCriterionSerializer()
    b = CompareCriterionSerializer()
    matched_by = serializers.ChoiceField(choices=MATCHED_BY)


class CompareSideSerializer(serializers.Serializer[Any]):
    role = serializers.CharField(help_text="role slug")
    role_name = serializers.CharField()
    level = serializers.IntegerField()
    level_name = serializers.CharField(help_text="career name of the level")
    present = serializers.BooleanField(help_text="false: the matrix sets nothing here")
    required = serializers.BooleanField(allow_null=True)  # type: ignore[assignment]
    summary = serializers.CharField(allow_null=True)
    criteria_count = serializers.IntegerField()


class CompareMineSerializer(serializers.Serializer[Any]):
    snapshot = serializers.IntegerField(help_text="id of your latest submitted snapshot")
    snapshot_role = serializers.CharField(help_text="the role it assessed")
    submitted_at = serializers.DateTimeField()
    met = serializers.IntegerField(help_text="criteria of side b you already meet")
    total = serializers.IntegerField(help_text="criteria of side b")
    required = serializers.BooleanField(help_text="whether side b's cell is required")  # type: ignore[assignment]


class CompareSerializer(serializers.Serializer[Any]):
    skill = serializers.CharField(help_text="skill slug")
    mode = serializers.ChoiceField(choices=MODES)
    a = CompareSideSerializer()
    b = CompareSideSerializer()
    shared = ComparePairSerializer(many=True, help_text="in both, same flag and text")
    reworded = ComparePairSerializer(many=True, help_text="in both, same flag, other text")
    required_differs = ComparePairSerializer(
        many=True, help_text="in both; required in one cell, optional in the other"
    )
    only_a = CompareCriterionSerializer(many=True)
    only_b = CompareCriterionSerializer(many=True)
    mine = CompareMineSerializer(
        allow_null=True, help_text="null unless mine=true, signed in, with a snapshot"
    )


# -- View -------------------------------------------------------------------------------


def _side(exp: Expectation | None, role: Any, rung: Any, count: int) -> dict[str, Any]:
    return {
        "role": role.slug,
        "role_name": role.name,
        "level": rung.number,
        "level_name": rung.career_name,
        "present": exp is not None,
        "required": exp.required if exp is not None else None,
        "summary": exp.summary if exp is not None else None,
        "criteria_count": count,
    }


def compare_data(slug: str, result: CompareResult) -> dict[str, Any]:
    c = result.cells.comparison
    m = result.marks

    def crit(item: Item, met: frozenset[Item] | None) -> dict[str, Any]:
        return {
            "key": item.key,
            "text": item.text,
            "position": item.position,
            "deprecated": item.deprecated,
            "met": None if met is None else item in met,
        }

    met_a = m.met_a if m else None
    met_b = m.met_b if m else None

    def pairs(items: tuple[Pair, ...]) -> list[dict[str, Any]]:
        return [
            {
                "a": crit(p.a, met_a),
                "b": crit(p.b, met_b),
                "matched_by": "key" if p.by_key else "text",
            }
            for p in items
        ]

    snapshot = result.snapshot
    return {
        "skill": slug,
        "mode": result.mode,
        "a": _side(result.cells.a, result.role, result.level, len(c.a.items)),
        "b": _side(result.cells.b, result.other, result.to, len(c.b.items)),
        "shared": pairs(c.shared),
        "reworded": pairs(c.reworded),
        "required_differs": pairs(c.required_differs),
        "only_a": [crit(i, met_a) for i in c.only_a],
        "only_b": [crit(i, met_b) for i in c.only_b],
        "mine": (
            {
                "snapshot": snapshot.pk,
                "snapshot_role": snapshot.role.slug,
                "submitted_at": snapshot.submitted_at,
                "met": m.b_met,
                "total": m.b_total,
                "required": m.b_required,
            }
            if m is not None and snapshot is not None
            else None
        ),
    }


ROLE = {"type": "string", "minLength": 1, "maxLength": 80, "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}
# Content-free like the other endpoints: the largest ladder; the request is
# checked against the actual one.
LEVEL = {"type": "integer", "minimum": 1, "maximum": MAX_RUNGS}
PARAMETERS = [
    OpenApiParameter("role", ROLE, required=True, description="role slug of side a"),
    OpenApiParameter("level", LEVEL, required=True, description="level number of side a"),
    OpenApiParameter("other", ROLE, description="role slug of side b (default: role)"),
    OpenApiParameter("to", LEVEL, description="level number of side b (default: level)"),
    OpenApiParameter(
        "mine", bool, description="mark what your own latest snapshot of the skill meets"
    ),
]


class CompareView(APIView):
    """Two cells of the skill's matrix side by side: ``role`` at ``level``
    (side a) and ``other`` at ``to`` (side b), at least one of them differing.
    Criteria are matched by key, then by identical text. Public; with
    ``mine=true`` a signed-in caller also gets what their own latest
    snapshot meets."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="v1_skills_compare", parameters=PARAMETERS, responses=CompareSerializer
    )
    def get(self, request: Request, slug: str) -> Response:
        skill = get_skill(slug)
        roles = skill_roles(skill)
        form = CompareForm(request.query_params, roles=roles, levels=level_choices())
        if not form.is_valid():
            raise ValidationError(
                {
                    "non_field_errors" if name == "__all__" else name: [str(e) for e in errors]
                    for name, errors in form.errors.items()
                }
            )
        result = comparison_for(
            skill=skill, cleaned=form.cleaned_data, roles=roles, viewer=request.user
        )
        return Response(CompareSerializer(compare_data(skill.slug, result)).data)
