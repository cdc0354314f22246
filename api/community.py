"""REST API v1 for the community: follows, proposals and comments, with the
same services, checks and messages as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from api import serializers as s
from api.auth import AuthenticatedRequest
from api.pagination import StrictPageNumberPagination
from api.views import PAGE
from community.access import (
    get_comment,
    get_own_comment,
    get_proposal,
    proposals_with_details,
)
from community.forms import CONTENT_FORMS
from community.models import Comment, Follow, Proposal, TargetKind
from community.services import (
    comment_delete,
    comment_edit,
    comment_hide,
    comment_post,
    follow_set,
    is_curator,
    proposal_accept,
    proposal_create,
    proposal_reject,
    proposal_withdraw,
)
from community.targets import Content, target_for
from skills.models import Skill
from skills.views import get_skill


def _require_curator(request: Request) -> None:
    if not is_curator(request.user):
        raise PermissionDenied(_("Only curators can do that."))


# -- Follow ---------------------------------------------------------------------------


def _follow_state(request: Request, skill: Skill) -> Response:
    data = {
        "following": Follow.objects.filter(skill=skill, user_id=request.user.pk or 0).exists(),
        "followers": Follow.objects.filter(skill=skill).count(),
    }
    return Response(s.FollowSerializer(data).data)


class FollowView(APIView):
    """Whether you follow the skill; PUT follows, DELETE unfollows (both
    idempotent). Followers hear of every accepted change and import."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.FollowSerializer)
    def get(self, request: Request, slug: str) -> Response:
        return _follow_state(request, get_skill(slug))

    @extend_schema(request=None, responses=s.FollowSerializer)
    def put(self, request: AuthenticatedRequest, slug: str) -> Response:
        skill = get_skill(slug)
        follow_set(user=request.user, skill=skill, following=True)
        return _follow_state(request, skill)

    # 200 with the state, like PUT (drf-spectacular would say 204 for a
    # DELETE): the caller learns the new follower count without another GET.
    @extend_schema(request=None, responses={200: s.FollowSerializer})
    def delete(self, request: AuthenticatedRequest, slug: str) -> Response:
        skill = get_skill(slug)
        follow_set(user=request.user, skill=skill, following=False)
        return _follow_state(request, skill)


# -- Proposals ------------------------------------------------------------------------


def _proposal(pk: int) -> Response:
    """A proposal as the API answers it (read again after a write)."""
    return Response(s.ProposalSerializer(get_proposal(pk)).data)


def _content(kind: str, proposed: dict[str, Any]) -> Content:
    """Validate API content with the page's own forms: the same rules and messages."""
    data: dict[str, Any] = dict(proposed)
    allowed = (
        {"description"}
        if kind == TargetKind.LEVEL
        else {"summary", "required", "criteria", "deprecated"}
    )
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError(
            {
                "proposed": [
                    _("Unknown field(s): %(unknown)s; expected %(allowed)s.")
                    % {"unknown": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))}
                ]
            }
        )
    for field in ("description", "summary"):
        if field in data and not isinstance(data[field], str):
            raise ValidationError(
                {"proposed": [_("“%(field)s” must be a string.") % {"field": field}]}
            )
    if kind == TargetKind.EXPECTATION:
        criteria = data.get("criteria")
        if not isinstance(criteria, list) or not all(
            isinstance(c, str) and "\n" not in c and "\r" not in c for c in criteria
        ):
            raise ValidationError({"proposed": ["“criteria” must be a list of one-line strings."]})
        if not isinstance(data.get("required"), bool):
            raise ValidationError({"proposed": [_("“required” must be true or false.")]})
        data["criteria"] = "\n".join(criteria)
    form = CONTENT_FORMS[kind](data)
    if not form.is_valid():
        raise ValidationError({"proposed": form.errors.get_json_data()})
    return form.content()


@extend_schema(
    parameters=[
        OpenApiParameter(
            "status",
            str,
            enum=[*Proposal.Status.values, "all"],
            description="open (the default), accepted, rejected, withdrawn or all",
        )
    ]
)
class SkillProposals(generics.ListCreateAPIView[Proposal]):
    """The skill's suggested edits (public), newest first; POST suggests one
    (429 past the per-person rate limit: every proposal notifies the curators)."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = s.ProposalSerializer

    def get_queryset(self) -> QuerySet[Proposal]:
        skill = get_skill(self.kwargs["slug"])
        wanted = self.request.query_params.get("status", "open")
        qs = proposals_with_details().filter(skill=skill)
        if wanted == "all":
            return qs
        if wanted not in Proposal.Status.values:
            raise ValidationError(
                {"status": [_("Unknown status “%(status)s”.") % {"status": wanted[:40]}]}
            )
        return qs.filter(status=wanted)

    @extend_schema(
        operation_id="v1_skills_proposals_create",
        request=s.ProposalInputSerializer,
        responses={201: s.ProposalSerializer, 429: OpenApiResponse(description="Rate limited")},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assert isinstance(request.user, User)
        skill = get_skill(self.kwargs["slug"])
        body = s.ProposalInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        where = body.validated_data["target"]
        target = target_for(skill, where["level"], where["role"])  # 404 if no such cell
        proposed = _content(target.kind, body.validated_data["proposed"])
        proposal = proposal_create(
            target=target,
            proposed=proposed,
            rationale=body.validated_data["rationale"],
            by=request.user,
        )
        return Response(
            s.ProposalSerializer(get_proposal(proposal.pk)).data, status=status.HTTP_201_CREATED
        )


class ProposalDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=s.ProposalSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _proposal(pk)


class ProposalAccept(APIView):
    """Curators: apply the proposal. Send the skill version you reviewed it
    against; if the skill has changed since, nothing is applied (409
    ``stale_version``). A proposal made on an older version than the one you
    reviewed also needs ``confirm_stale`` (409 ``stale_proposal`` without it,
    with the current text to compare): nothing is ever accepted blindly."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.AcceptSerializer,
        responses={200: s.ProposalSerializer, 409: OpenApiResponse(description="Stale or closed")},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        _require_curator(request)
        proposal = get_proposal(pk)
        body = s.AcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal_accept(
            proposal=proposal,
            by=request.user,
            reviewed_version=body.validated_data["reviewed_version"],
            confirm_stale=body.validated_data["confirm_stale"],
        )
        return _proposal(pk)


class ProposalReject(APIView):
    """Curators: decline with a reason, which the proposer is sent."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.RejectSerializer,
        responses={200: s.ProposalSerializer, 409: OpenApiResponse(description="Closed")},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        _require_curator(request)
        proposal = get_proposal(pk)
        body = s.RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal_reject(proposal=proposal, by=request.user, reason=body.validated_data["reason"])
        return _proposal(pk)


class ProposalWithdraw(APIView):
    """The proposer takes back an open suggestion."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: s.ProposalSerializer, 409: OpenApiResponse(description="Closed")},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        proposal = get_proposal(pk)
        if proposal.proposer_id != request.user.pk:
            raise PermissionDenied(_("Only the person who suggested it can withdraw it."))
        proposal_withdraw(proposal=proposal, by=request.user)
        return _proposal(pk)


# -- Comments -------------------------------------------------------------------------


def _comments(request: Request, comments: Any, *, many: bool = False) -> Any:
    """Comments as this caller may see them."""
    context = {"viewer": request.user, "curator": is_curator(request.user)}
    return s.CommentSerializer(comments, many=many, context=context).data


class SkillComments(APIView):
    """The skill's discussion, oldest first (public); POST adds a comment
    (plain text; 429 past the per-person rate limit)."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        operation_id="v1_skills_comments_list",
        parameters=[PAGE],
        responses=s.CommentPageSerializer,
    )
    def get(self, request: Request, slug: str) -> Response:
        skill = get_skill(slug)
        paginator = StrictPageNumberPagination()
        comments = Comment.objects.visible().filter(skill=skill).select_related("skill", "author")
        page = paginator.paginate_queryset(comments, request, view=self) or []
        return paginator.get_paginated_response(_comments(request, page, many=True))

    @extend_schema(
        operation_id="v1_skills_comments_create",
        request=s.CommentInputSerializer,
        responses={201: s.CommentSerializer, 429: OpenApiResponse(description="Rate limited")},
    )
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        skill = get_skill(slug)
        body = s.CommentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        text = body.validated_data["body"].strip()
        if not text:
            raise ValidationError({"body": [_("Write something first.")]})
        comment = comment_post(skill=skill, by=request.user, body=text)  # 429: RateLimited
        return Response(_comments(request, comment), status=status.HTTP_201_CREATED)


class CommentDetail(APIView):
    """Your own comment: read, change (PATCH) or delete. Anyone else's is a 404
    here; read them through the skill's comment list."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.CommentSerializer)
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        comment = get_own_comment(request.user, pk)
        return Response(_comments(request, comment))

    @extend_schema(request=s.CommentInputSerializer, responses=s.CommentSerializer)
    def patch(self, request: AuthenticatedRequest, pk: int) -> Response:
        comment = get_own_comment(request.user, pk)
        # PATCH changes what is sent: no "body", nothing to change.
        body = s.CommentInputSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        if "body" not in body.validated_data:
            return Response(_comments(request, comment))
        text = body.validated_data["body"].strip()
        if not text:
            raise ValidationError({"body": [_("Write something first.")]})
        comment_edit(comment=comment, by=request.user, body=text)
        return Response(_comments(request, comment))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: AuthenticatedRequest, pk: int) -> Response:
        comment = get_own_comment(request.user, pk)
        comment_delete(comment=comment, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommentHide(APIView):
    """Curators: hide a comment from everyone but its author and the curators
    (``hidden``: true), or show it again (false)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.HideSerializer, responses=s.CommentSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        _require_curator(request)
        comment = get_comment(pk)
        body = s.HideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment_hide(comment=comment, by=request.user, hidden=body.validated_data["hidden"])
        return Response(_comments(request, comment))
