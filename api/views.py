"""REST API v1. Thin views: the same fetch-and-check helpers, services and
pure rules as the pages, so the API and the browser always agree."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Membership
from api import serializers as s
from api.auth import AuthenticatedRequest
from api.matrix import MATRIX_FORMATS, current_version, etag_for, matrix_bytes
from api.pagination import StrictPageNumberPagination
from assessments.access import get_assessment_for, get_assessment_for_review, visible_reviews
from assessments.models import Assessment, CriterionRating, ManagerReview
from assessments.rules import CriterionState, Readiness, readiness
from assessments.selectors import draft_summary
from assessments.services import (
    ManagerInput,
    RatingInput,
    assessment_rate,
    assessment_start,
    assessment_submit,
    draft_states,
    matrix_criteria,
    review_save,
    review_share,
    snapshot_states,
)
from common.errors import Invalid
from levels.ladder import MAX_RUNGS
from levels.models import Level
from roles.models import Role
from skills.models import Expectation, Skill
from teams.access import get_team_for_manager
from teams.queries import team_snapshots
from teams.reports import MemberSnapshot, common_gaps

# -- The matrix (public) -----------------------------------------------------------


# Free text in a query string, without NUL characters (refused with a 400).
TEXT = {"type": "string", "pattern": "^[^\\u0000]*$"}


def _skills() -> QuerySet[Skill]:
    return Skill.objects.with_counts().order_by("domain", "group", "name")


@extend_schema(
    parameters=[
        OpenApiParameter("domain", TEXT, description="only skills of this domain"),
        OpenApiParameter("group", TEXT, description="only skills of this group"),
    ]
)
class SkillList(generics.ListAPIView[Skill]):
    """Every skill, with its counts of roles, levels and required/optional cells."""

    permission_classes = [AllowAny]
    serializer_class = s.SkillSerializer

    def get_queryset(self) -> QuerySet[Skill]:
        qs = _skills()
        for field in ("domain", "group"):
            value = self.request.query_params.get(field)
            if value:
                qs = qs.filter(**{field: value})
        return qs


class SkillDetail(generics.RetrieveAPIView[Skill]):
    permission_classes = [AllowAny]
    serializer_class = s.SkillSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Skill]:
        return _skills()


class BytesAsTheyAre(BaseContentNegotiation):
    """The matrix is already serialized (``?format=`` picks json or yaml), so
    there is nothing to negotiate; errors are JSON. DRF's documented way to
    skip content negotiation."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser:
        return next(iter(parsers))

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, str(renderer.media_type)


class MatrixView(APIView):
    """The whole matrix of a skill, nested, with its version. Sends an ETag
    from the version and answers If-None-Match with 304 without rebuilding
    anything; the bytes are cached per version."""

    # Public and served from the cache: no sign-in, no per-caller accounting,
    # nothing to negotiate. It still passes every middleware (one door).
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []
    content_negotiation_class = BytesAsTheyAre

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "yaml"],
                description="yaml: exactly what `manage.py export_matrix` writes",
            )
        ],
        responses={
            (200, "application/json"): s.MatrixSerializer,
            (200, "application/yaml"): OpenApiResponse(
                response=OpenApiTypes.STR,
                description="With `?format=yaml`: the skill in the import format.",
            ),
            304: OpenApiResponse(description="Not modified: your copy (ETag) is current."),
            404: OpenApiResponse(description="No such skill."),
        },
    )
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        fmt = request.query_params.get("format", "json")
        if fmt not in MATRIX_FORMATS:
            raise Invalid(_("format must be json or yaml."))
        version = current_version(slug)
        if version is None:
            raise NotFound(_("No such skill."))
        # "." is never in a slug, so the YAML has ETags of its own.
        etag = etag_for(slug if fmt == "json" else f"{slug}.yaml", version)
        headers = {"ETag": etag, "Cache-Control": "public, max-age=0, must-revalidate"}
        # Django's conditional GET: If-None-Match (weak comparison, and *)
        # answers 304, before the bytes are even looked up; a failed If-Match 412.
        conditional = get_conditional_response(request, etag=etag)
        if conditional is not None:
            for name, value in headers.items():
                conditional[name] = value
            return conditional
        return HttpResponse(
            matrix_bytes(slug, version, fmt),
            content_type=MATRIX_FORMATS[fmt],
            headers=headers,
        )


class RoleList(generics.ListAPIView[Role]):
    permission_classes = [AllowAny]
    serializer_class = s.RoleSerializer
    queryset = Role.objects.order_by("slug")


class RoleDetail(generics.RetrieveAPIView[Role]):
    permission_classes = [AllowAny]
    serializer_class = s.RoleSerializer
    queryset = Role.objects.all()
    lookup_field = "slug"


class LevelList(generics.ListAPIView[Level]):
    permission_classes = [AllowAny]
    serializer_class = s.LevelSerializer
    queryset = Level.objects.order_by("number")
    pagination_class = None


@extend_schema(
    parameters=[
        OpenApiParameter("skill", TEXT),
        OpenApiParameter("role", TEXT),
        # The schema is content-free (clients generate code from it): it states
        # the largest ladder; the request is checked against the actual one.
        OpenApiParameter(
            "level",
            {"type": "integer", "minimum": 1, "maximum": MAX_RUNGS},
            description="A level of the ladder: 1 to the top level in /api/v1/levels/.",
        ),
        OpenApiParameter("required", bool),
    ]
)
class ExpectationList(generics.ListAPIView[Expectation]):
    """Matrix cells, filterable by skill, role, level and required."""

    permission_classes = [AllowAny]
    serializer_class = s.ExpectationSerializer

    def get_queryset(self) -> QuerySet[Expectation]:
        params = self.request.query_params
        qs = Expectation.objects.with_details()
        if params.get("skill"):
            qs = qs.filter(skill__slug=params["skill"])
        if params.get("role"):
            qs = qs.filter(role__slug=params["role"])
        if "level" in params:
            raw = params["level"]
            # A level the ladder does not have (yet) has no cells: an empty list,
            # as for a skill or role that does not exist.
            if raw not in {str(n) for n in range(1, MAX_RUNGS + 1)}:
                raise _bad(
                    "level",
                    _("level must be a whole number from 1 to %(max)s.") % {"max": MAX_RUNGS},
                )
            qs = qs.at(int(raw))
        if "required" in params:
            if params["required"] in {"true", "1"}:
                qs = qs.required()
            elif params["required"] in {"false", "0"}:
                qs = qs.optional()
            else:
                raise _bad("required", _("required must be true or false."))
        return qs.order_by("skill__slug", "level__number", "role__slug")


def _bad(field: str, message: str) -> Exception:
    return ValidationError({field: [message]})


# -- Me ------------------------------------------------------------------------------


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.MeSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        user = request.user
        teams = [
            {"slug": m.team.slug, "name": m.team.name, "role": m.role}
            for m in Membership.objects.active().filter(user=user).select_related("team")
        ]
        data = {
            "username": user.username,
            "name": user.get_full_name(),
            "email": user.email,
            "role": user.role.slug if user.role is not None else None,
            "career_level": user.career_level.number if user.career_level is not None else None,
            "teams": teams,
        }
        return Response(s.MeSerializer(data).data)


# -- Assessments (your own) ------------------------------------------------------------


def _readiness(r: Readiness | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "target_level": r.target_level,
        "required_met": r.required_met,
        "required_total": r.required_total,
        "optional_met": r.optional_met,
        "optional_total": r.optional_total,
        "ready": r.ready,
        "nothing_required": r.nothing_required,
        "missing": [f"{state.level}:{state.key}" for state in r.missing],
    }


def _summary(a: Assessment, states: list[CriterionState]) -> dict[str, Any]:
    if a.is_submitted:
        reached = a.level_reached or 0
        ready = readiness(states, target=a.target_level)
    else:
        summary = draft_summary(engineer=a.engineer, states=states)
        reached, ready = summary.level_reached, summary.readiness
    return {
        "id": a.pk,
        "skill": a.skill.slug,
        "role": a.role.slug,
        "status": a.status,
        "created_at": a.created_at,
        "submitted_at": a.submitted_at,
        "matrix_version": a.matrix_version,
        "level_reached": reached,
        "readiness": _readiness(ready),
    }


def _detail(a: Assessment, viewer: Any = None) -> dict[str, Any]:
    if a.is_submitted:
        rows = list(a.ratings.filter(frozen_level__isnull=False))
        states = snapshot_states(rows)
        ratings = [
            {
                "id": row.pk,
                "criterion": row.criterion_id,
                "key": row.frozen_key,
                "level": row.frozen_level,
                "required": bool(row.frozen_required),
                "text": row.frozen_text,
                "value": row.value,
                "note": row.note,
                "link": row.link,
                "recheck": row.needs_recheck,
                "recheck_value": row.recheck_value,
            }
            for row in rows
        ]
    else:
        criteria = matrix_criteria(skill=a.skill, role=a.role)
        by_criterion = {row.criterion_id: row for row in a.ratings.all()}
        states = draft_states(criteria, by_criterion)
        ratings = []
        for c in criteria:
            row = by_criterion.get(c.pk)
            ratings.append(
                {
                    "id": row.pk if row else None,
                    "criterion": c.pk,
                    "key": c.key,
                    "level": c.expectation.level.number,
                    "required": c.expectation.required,
                    "text": c.text,
                    "value": row.value if row else None,
                    "note": row.note if row else "",
                    "link": row.link if row else "",
                    "recheck": row.needs_recheck if row else False,
                    "recheck_value": row.recheck_value if row else None,
                }
            )
    reviews = [_review_data(r, r.team.slug) for r in visible_reviews(a, viewer)] if viewer else []
    return {**_summary(a, states), "ratings": ratings, "reviews": reviews}


PAGE = OpenApiParameter(
    "page",
    {"type": "integer", "minimum": 1, "maximum": 999_999_999},
    description="page number (50 per page)",
)


def paged(request: Request, view: APIView, items: list[Any], serializer: type[Any]) -> Response:
    """A page of ``items`` in the same envelope as every list endpoint."""
    paginator = StrictPageNumberPagination()
    page = paginator.paginate_queryset(items, request, view=view) or []
    return paginator.get_paginated_response(serializer(page, many=True).data)


class AssessmentList(APIView):
    """Your own assessments (drafts and snapshots); POST starts or resumes one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="v1_assessments_list", parameters=[PAGE], responses=s.AssessmentPageSerializer
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        mine = (
            Assessment.objects.of(request.user)
            .select_related("skill", "role", "engineer__career_level")
            .prefetch_related("ratings")
            .order_by("-created_at")
        )
        data = [
            _summary(a, snapshot_states(list(a.ratings.all())))
            if a.is_submitted
            else {**_summary(a, []), "level_reached": None, "readiness": None}
            for a in mine
        ]
        return paged(request, self, data, s.AssessmentSerializer)

    @extend_schema(
        request=s.StartSerializer,
        responses={201: s.AssessmentDetailSerializer, 200: s.AssessmentDetailSerializer},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        body = s.StartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        skill = Skill.objects.filter(slug=body.validated_data["skill"]).first()
        role = Role.objects.filter(slug=body.validated_data["role"]).first()
        if skill is None or role is None:
            raise NotFound(_("Unknown skill or role."))
        existed = (
            Assessment.objects.drafts()
            .filter(engineer_id=request.user.pk, skill=skill, role=role)
            .exists()
        )
        draft = assessment_start(engineer=request.user, skill=skill, role=role)
        draft = Assessment.objects.select_related("skill", "role", "engineer__career_level").get(
            pk=draft.pk
        )
        return Response(
            s.AssessmentDetailSerializer(_detail(draft)).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


def _visible(request: AuthenticatedRequest, pk: int) -> Assessment:
    a = get_assessment_for(request.user, pk)
    return Assessment.objects.select_related("skill", "role", "engineer__career_level").get(pk=a.pk)


def _own_draft(request: AuthenticatedRequest, pk: int) -> Assessment:
    a = _visible(request, pk)
    if a.engineer_id != request.user.pk:
        raise Http404
    return a


class AssessmentDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.AssessmentDetailSerializer)
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        return Response(
            s.AssessmentDetailSerializer(_detail(_visible(request, pk), request.user)).data
        )


class AssessmentRatings(APIView):
    """Rate criteria of your draft, several at once; all are saved or none."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.RatingsInputSerializer,
        responses={
            200: s.AssessmentDetailSerializer,
            409: OpenApiResponse(description="Submitted"),
        },
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        a = _own_draft(request, pk)
        body = s.RatingsInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        wanted = body.validated_data["ratings"]
        criteria = {c.pk: c for c in matrix_criteria(skill=a.skill, role=a.role)}
        foreign = [item["criterion"] for item in wanted if item["criterion"] not in criteria]
        if foreign:
            ids = ", ".join(map(str, foreign))
            raise _bad("ratings", _("Criteria not in this assessment: %(ids)s.") % {"ids": ids})
        ids_given = [item["criterion"] for item in wanted]
        if len(set(ids_given)) != len(ids_given):
            raise _bad("ratings", _("Each criterion may appear only once."))
        assessment_rate(
            assessment=a,
            ratings={
                criteria[item["criterion"]]: RatingInput(
                    value=item["value"], note=item["note"].strip(), link=item["link"]
                )
                for item in wanted
            },
            by=request.user,
        )
        return Response(s.AssessmentDetailSerializer(_detail(a)).data)


class AssessmentSubmit(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            200: s.AssessmentDetailSerializer,
            409: OpenApiResponse(description="Nothing to assess"),
        },
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        a = _own_draft(request, pk)
        assessment_submit(assessment=a, by=request.user)  # twice is harmless
        return Response(s.AssessmentDetailSerializer(_detail(_own_draft(request, pk))).data)


# -- Teams (their managers) ----------------------------------------------------------


def _team_params(request: Request) -> tuple[Skill, Role | None]:
    skill = Skill.objects.filter(slug=request.query_params.get("skill", "pytorch")).first()
    if skill is None:
        raise NotFound(_("Unknown skill."))
    role_slug = request.query_params.get("role")
    role = Role.objects.filter(slug=role_slug).first() if role_slug else None
    if role_slug and role is None:
        raise NotFound(_("Unknown role."))
    return skill, role


TEAM_PARAMS = [
    OpenApiParameter("skill", TEXT, description="default: pytorch"),
    OpenApiParameter("role", TEXT),
]


class TeamMembers(APIView):
    """Members with their latest snapshot's level and readiness."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[*TEAM_PARAMS, PAGE], responses=s.MemberPageSerializer)
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        team = get_team_for_manager(request.user, slug)
        skill, role = _team_params(request)
        data = [_member(m) for m in team_snapshots(team, skill, role)]
        return paged(request, self, data, s.MemberSerializer)


def _member(m: MemberSnapshot) -> dict[str, Any]:
    return {
        "username": m.username,
        "name": m.name,
        "role": m.role_slug,
        "assessment": m.assessment_id,
        "submitted_at": m.submitted_at,
        "level_reached": m.level if m.assessed else None,
        "readiness": _readiness(m.readiness()),
        "reviewed": m.has_review,
    }


class TeamGaps(APIView):
    """The criteria most often missing for members' next level."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[*TEAM_PARAMS, PAGE], responses=s.GapPageSerializer)
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        team = get_team_for_manager(request.user, slug)
        skill, role = _team_params(request)
        data = [
            {
                "role": g.role_name,
                "level": g.level,
                "key": g.key,
                "text": g.text,
                "required": g.required,
                "count": g.count,
                "members": g.who,
            }
            for g in common_gaps(team_snapshots(team, skill, role))
        ]
        return paged(request, self, data, s.GapSerializer)


# -- Reviews (the engineer's managers) -------------------------------------------------

REVIEW_PARAMS = [
    OpenApiParameter("team", TEXT, description="which of your teams (default: the first)")
]


def _review_data(review: ManagerReview | None, team_name: str) -> dict[str, Any]:
    if review is None:
        return {
            "team": team_name,
            "reviewer": None,
            "shared_at": None,
            "comment": "",
            "ratings": [],
        }
    return {
        "team": team_name,
        "reviewer": review.reviewer.username if review.reviewer else None,
        "shared_at": review.shared_at,
        "comment": review.comment,
        "ratings": [
            {"rating": m.rating_id, "value": m.value, "comment": m.comment}
            for m in review.ratings.all()
        ],
    }


class ReviewView(APIView):
    """Your team's ratings beside a member's snapshot (never averaged)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=REVIEW_PARAMS, responses=s.ReviewSerializer)
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        a, team = get_assessment_for_review(request.user, pk, request.query_params.get("team"))
        review = (
            ManagerReview.objects.filter(assessment=a, team=team)
            .select_related("reviewer")
            .prefetch_related("ratings")
            .first()
        )
        return Response(s.ReviewSerializer(_review_data(review, team.slug)).data)

    @extend_schema(
        parameters=REVIEW_PARAMS, request=s.ReviewSerializer, responses=s.ReviewSerializer
    )
    def patch(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Update the fields you send: ``comment`` replaces the overall
        comment; each item of ``ratings`` sets that criterion's rating."""
        a, team = get_assessment_for_review(request.user, pk, request.query_params.get("team"))
        body = s.ReviewSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        rows = {
            r.pk: r
            for r in CriterionRating.objects.filter(assessment=a, frozen_level__isnull=False)
        }
        given = body.validated_data.get("ratings", [])
        if any("rating" not in item or "value" not in item for item in given):
            raise _bad("ratings", _("Each rating needs its “rating” id and a “value”."))
        foreign = [item["rating"] for item in given if item["rating"] not in rows]
        if foreign:
            ids = ", ".join(map(str, foreign))
            raise _bad("ratings", _("Ratings not in this assessment: %(ids)s.") % {"ids": ids})
        review = review_save(
            assessment=a,
            team=team,
            by=request.user,
            ratings={
                rows[item["rating"]]: ManagerInput(item["value"], item.get("comment", "").strip())
                for item in given
            },
            comment=(
                body.validated_data["comment"].strip() if "comment" in body.validated_data else None
            ),
        )
        review = (
            ManagerReview.objects.select_related("reviewer")
            .prefetch_related("ratings")
            .get(pk=review.pk)
        )
        return Response(s.ReviewSerializer(_review_data(review, team.slug)).data)


class ReviewShare(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=REVIEW_PARAMS,
        request=None,
        responses={200: s.ReviewSerializer, 409: OpenApiResponse(description="Empty review")},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        a, team = get_assessment_for_review(request.user, pk, request.query_params.get("team"))
        review = review_share(assessment=a, team=team, by=request.user)
        review = (
            ManagerReview.objects.select_related("reviewer")
            .prefetch_related("ratings")
            .get(pk=review.pk)
        )
        return Response(s.ReviewSerializer(_review_data(review, team.slug)).data)
