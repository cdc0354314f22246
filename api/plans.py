"""REST API v1 for growth plans: the engineer's own items (list, create,
read, change, close, delete), their managers' reading (``?engineer=``) and
the comments between them. The same services, checks and messages as the
pages; a plan someone may not see is a 404."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.auth import AuthenticatedRequest
from api.pagination import StrictPageNumberPagination
from api.views import PAGE
from assessments.models import Assessment
from plans.access import get_own_plan_item, get_plan_item_for, get_plan_owner_for
from plans.models import (
    ACTION_MAX,
    COMMENT_MAX,
    NOTE_MAX,
    RESOURCE_MAX,
    PlanComment,
    PlanItem,
)
from plans.services import (
    default_target_date,
    plan_comment_post,
    plan_item_close,
    plan_item_create,
    plan_item_delete,
    plan_item_update,
)
from skills.models import Criterion, Skill

# -- Serializers: explicit, the owner fields read-only ----------------------------------


class PlanItemSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    engineer = serializers.CharField(read_only=True, help_text="username; the plan's owner")
    skill = serializers.CharField(read_only=True, help_text="skill slug")
    criterion = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="null once the criterion left the matrix"
    )
    criterion_text = serializers.CharField(
        read_only=True, help_text="the criterion as it read when the item was made"
    )
    criterion_level = serializers.IntegerField(read_only=True)
    criterion_required = serializers.BooleanField(read_only=True)
    snapshot = serializers.IntegerField(read_only=True, allow_null=True)
    action = serializers.CharField(read_only=True)
    resource_url = serializers.CharField(read_only=True, allow_blank=True)
    target_date = serializers.DateField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    status = serializers.ChoiceField(choices=PlanItem.Status.choices, read_only=True)
    done_at = serializers.DateTimeField(read_only=True, allow_null=True)
    done_by = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="the snapshot that met it"
    )
    close_note = serializers.CharField(read_only=True, allow_blank=True)
    suggested_by = serializers.CharField(
        read_only=True, allow_null=True, help_text="username of the manager who suggested it"
    )
    comments = serializers.IntegerField(read_only=True, help_text="how many comments")
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class PlanItemPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PlanItemSerializer(many=True)


class PlanItemCreateSerializer(serializers.Serializer[Any]):
    skill = serializers.SlugField(max_length=80, help_text="the criterion's skill")
    criterion = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    snapshot = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        allow_null=True,
        default=None,
        help_text="your submitted snapshot the item comes from (optional)",
    )
    action = serializers.CharField(max_length=ACTION_MAX, help_text="what you will do")
    resource_url = serializers.CharField(
        max_length=RESOURCE_MAX,
        allow_blank=True,
        required=False,
        allow_null=True,
        default=None,
        help_text="http(s); omitted or null: the criterion's first learning link",
    )
    target_date = serializers.DateField(
        required=False, help_text="today or later; omitted: three months ahead"
    )


class PlanItemUpdateSerializer(serializers.Serializer[Any]):
    action = serializers.CharField(max_length=ACTION_MAX, required=False)
    resource_url = serializers.CharField(max_length=RESOURCE_MAX, allow_blank=True, required=False)
    target_date = serializers.DateField(required=False, help_text="a new one: today or later")
    status = serializers.ChoiceField(
        choices=[PlanItem.Status.CLOSED],
        required=False,
        help_text="“closed” closes the item by hand; needs close_note",
    )
    close_note = serializers.CharField(max_length=NOTE_MAX, required=False)


class PlanCommentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    author = serializers.CharField(read_only=True, help_text="username")
    body = serializers.CharField(max_length=COMMENT_MAX, help_text="plain text")
    created_at = serializers.DateTimeField(read_only=True)


class PlanCommentPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PlanCommentSerializer(many=True)


def _item_data(item: PlanItem, comments: int | None = None) -> dict[str, Any]:
    return {
        "id": item.pk,
        "engineer": item.engineer.username,
        "skill": item.skill.slug,
        "criterion": item.criterion_id,
        "criterion_text": item.criterion_text,
        "criterion_level": item.criterion_level,
        "criterion_required": item.criterion_required,
        "snapshot": item.snapshot_id,
        "action": item.action,
        "resource_url": item.resource_url,
        "target_date": item.target_date,
        "overdue": item.is_overdue,
        "status": item.status,
        "done_at": item.done_at,
        "done_by": item.done_by_id,
        "close_note": item.close_note,
        "suggested_by": item.suggested_by.username if item.suggested_by else None,
        "comments": getattr(item, "n_comments", 0) if comments is None else comments,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def _items(items: QuerySet[PlanItem] | None = None) -> QuerySet[PlanItem]:
    """Items with what the answer shows, in one query however many."""
    items = PlanItem.objects.all() if items is None else items
    return items.select_related("engineer", "skill", "suggested_by").annotate(
        n_comments=Count("comments")
    )


def _item_response(pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    return Response(PlanItemSerializer(_item_data(_items().get(pk=pk))).data, status=code)


def _page(request: Request, view: APIView, items: Any, serializer: Any, data: Any) -> Response:
    paginator = StrictPageNumberPagination()
    page: list[Any] = paginator.paginate_queryset(items, request, view=view) or []
    return paginator.get_paginated_response(serializer([data(i) for i in page], many=True).data)


ENGINEER = OpenApiParameter(
    "engineer",
    str,
    description="a member's username: their plan, for their managers (default: your own)",
)
STATUS = OpenApiParameter(
    "status", str, enum=[*PlanItem.Status.values, "all"], description="default: all"
)


class PlanItemList(APIView):
    """Your plan (or, with ``?engineer=``, the plan of someone you manage):
    open items first, soonest target first. POST adds a criterion to your
    own plan."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="v1_plan_items_list",
        parameters=[ENGINEER, STATUS, PAGE],
        responses=PlanItemPageSerializer,
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        username = request.query_params.get("engineer")
        engineer = get_plan_owner_for(request.user, username) if username else request.user
        items = _items(PlanItem.objects.of(engineer).in_plan_order())
        wanted = request.query_params.get("status", "all")
        if wanted != "all":
            if wanted not in PlanItem.Status.values:
                raise ValidationError(
                    {"status": [_("Unknown status “%(status)s”.") % {"status": wanted[:40]}]}
                )
            items = items.filter(status=wanted)
        return _page(request, self, items, PlanItemSerializer, _item_data)

    @extend_schema(
        operation_id="v1_plan_items_create",
        request=PlanItemCreateSerializer,
        responses={
            201: PlanItemSerializer,
            409: OpenApiResponse(description="The criterion is already open in your plan"),
        },
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        body = PlanItemCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        skill = Skill.objects.filter(slug=data["skill"]).first()
        if skill is None:
            raise ValidationError(
                {"skill": [_("Unknown skill “%(slug)s”.") % {"slug": data["skill"]}]}
            )
        criterion = Criterion.objects.filter(pk=data["criterion"]).first()
        if criterion is None:
            raise ValidationError({"criterion": [_("No criterion has this id.")]})
        snapshot = None
        if data["snapshot"] is not None:
            snapshot = Assessment.objects.filter(
                pk=data["snapshot"], engineer=request.user, status=Assessment.Status.SUBMITTED
            ).first()
            if snapshot is None:
                raise ValidationError(
                    {"snapshot": [_("None of your submitted snapshots has this id.")]}
                )
        item = plan_item_create(
            engineer=request.user,
            criterion=criterion,
            skill=skill,
            snapshot=snapshot,
            action=data["action"],
            resource_url=data["resource_url"],
            target_date=data.get("target_date") or default_target_date(),
            by=request.user,
        )
        return _item_response(item.pk, code=status.HTTP_201_CREATED)


class PlanItemDetail(APIView):
    """One item: yours (read, change, close, delete) or, read-only, one of
    a member's you manage."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PlanItemSerializer)
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        get_plan_item_for(request.user, pk)
        return _item_response(pk)

    @extend_schema(
        request=PlanItemUpdateSerializer,
        responses={200: PlanItemSerializer, 409: OpenApiResponse(description="Not open")},
    )
    def patch(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Change the fields you send. ``"status": "closed"`` with a
        ``close_note`` closes the item by hand."""
        item = self._own(request, pk)
        body = PlanItemUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if "status" in data and "close_note" not in data:
            raise ValidationError({"close_note": [_("Say why you close the item.")]})
        if "close_note" in data and "status" not in data:
            raise ValidationError({"status": [_("Send “status”: “closed” with a closing note.")]})
        changes = {k: data[k] for k in ("action", "resource_url", "target_date") if k in data}
        # One request, one outcome: a closing note the service refuses must
        # not leave the other fields changed.
        with transaction.atomic():
            if changes:
                plan_item_update(item=item, by=request.user, **changes)
            if "status" in data:
                plan_item_close(item=item, by=request.user, note=data["close_note"])
        return _item_response(pk)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: AuthenticatedRequest, pk: int) -> Response:
        plan_item_delete(item=self._own(request, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _own(self, request: AuthenticatedRequest, pk: int) -> PlanItem:
        item = get_plan_item_for(request.user, pk)
        if item.engineer_id != request.user.pk:
            # A manager reads the item but does not change it: 403, it is visible.
            raise PermissionDenied(_("Only the engineer can change their plan; comment instead."))
        return get_own_plan_item(request.user, pk)


class PlanItemComments(APIView):
    """The comments on an item, oldest first; POST adds one (the engineer and
    their managers; the other side is told in the app and by email; 429 past
    10 a minute)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="v1_plan_items_comments_list",
        parameters=[PAGE],
        responses=PlanCommentPageSerializer,
    )
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        item = get_plan_item_for(request.user, pk)
        comments = PlanComment.objects.filter(item=item).select_related("author")
        return _page(request, self, comments, PlanCommentSerializer, _comment_data)

    @extend_schema(
        operation_id="v1_plan_items_comments_create",
        request=PlanCommentSerializer,
        responses={201: PlanCommentSerializer, 429: OpenApiResponse(description="Rate limited")},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        item = get_plan_item_for(request.user, pk)
        body = PlanCommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = plan_comment_post(item=item, by=request.user, body=body.validated_data["body"])
        comment.author = request.user
        return Response(
            PlanCommentSerializer(_comment_data(comment)).data, status=status.HTTP_201_CREATED
        )


def _comment_data(comment: PlanComment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "author": comment.author.username,
        "body": comment.body,
        "created_at": comment.created_at,
    }
