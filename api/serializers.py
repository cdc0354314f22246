"""Explicit serializers, one per shape the API reads or writes. Owner, team and
manager fields are never writable: they come from the request."""

from __future__ import annotations

from typing import Any

from django.core.validators import URLValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import RatingValue


class LevelSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    slug = serializers.CharField()
    career_name = serializers.CharField()
    proficiency_name = serializers.CharField()
    summary = serializers.CharField()


class RoleSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()
    family = serializers.CharField()
    summary = serializers.CharField()


class SkillSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    domain = serializers.CharField()
    group = serializers.CharField()
    last_reviewed = serializers.DateField()
    version = serializers.IntegerField()
    changed_at = serializers.DateTimeField(help_text="when the skill or its matrix last changed")
    role_count = serializers.IntegerField()
    level_count = serializers.IntegerField()
    required_count = serializers.IntegerField()
    optional_count = serializers.IntegerField()


class DeprecationSerializer(serializers.Serializer[Any]):
    since = serializers.CharField(help_text='a release of the technology, e.g. "PyTorch 2.5"')
    replaced_by = serializers.CharField(help_text="what to use instead")
    url = serializers.CharField(allow_blank=True, help_text="documentation of the replacement")
    note = serializers.CharField(allow_blank=True)


class CriterionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    key = serializers.CharField()
    text = serializers.CharField()
    deprecated = DeprecationSerializer(
        source="deprecation", allow_null=True, help_text="null unless the criterion is deprecated"
    )


class LinkSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    url = serializers.URLField()
    deprecated = DeprecationSerializer(
        source="deprecation", allow_null=True, help_text="null unless the link is deprecated"
    )


class WatchTermSerializer(serializers.Serializer[Any]):
    term = serializers.CharField(help_text="an API name that is deprecated or replaced")
    successor = serializers.CharField()
    since = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)


# "from" is a Python keyword: the fields are declared by name.
MovedSerializer: type[serializers.Serializer[Any]] = type(
    "MovedSerializer",
    (serializers.Serializer,),
    {
        "from": serializers.URLField(help_text="links starting with this address moved …"),
        "to": serializers.URLField(help_text="… to this one"),
    },
)


class ExpectationSerializer(serializers.Serializer[Any]):
    skill = serializers.CharField(source="skill.slug")
    role = serializers.CharField(source="role.slug")
    level = serializers.IntegerField(source="level.number")
    required = serializers.BooleanField()  # type: ignore[assignment]
    summary = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    last_reviewed = serializers.DateField(allow_null=True)
    criteria = CriterionSerializer(many=True, source="criteria.all")
    links = LinkSerializer(many=True, source="links.all")


class MatrixLevelSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    slug = serializers.CharField()
    career_name = serializers.CharField()
    proficiency_name = serializers.CharField()
    description = serializers.CharField()


class MatrixCellSerializer(serializers.Serializer[Any]):
    level = serializers.IntegerField()
    required = serializers.BooleanField()  # type: ignore[assignment]
    summary = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    last_reviewed = serializers.DateField(allow_null=True)
    criteria = CriterionSerializer(many=True)
    links = LinkSerializer(many=True)


class MatrixRoleSerializer(RoleSerializer):
    expectations = MatrixCellSerializer(many=True)


class MatrixSerializer(serializers.Serializer[Any]):
    """Documentation only: the matrix endpoint writes cached bytes directly."""

    slug = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    domain = serializers.CharField()
    group = serializers.CharField()
    last_reviewed = serializers.DateField()
    watch = WatchTermSerializer(many=True)
    moved = MovedSerializer(many=True)
    version = serializers.IntegerField()
    changed_at = serializers.DateTimeField(help_text="when the skill or its matrix last changed")
    levels = MatrixLevelSerializer(many=True)
    roles = MatrixRoleSerializer(many=True)


class TeamRefSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    name = serializers.CharField()
    email = serializers.EmailField(allow_blank=True)
    role = serializers.CharField(allow_null=True)
    career_level = serializers.IntegerField(allow_null=True)
    teams = TeamRefSerializer(many=True)


class ReadinessSerializer(serializers.Serializer[Any]):
    target_level = serializers.IntegerField(allow_null=True)
    required_met = serializers.IntegerField()
    required_total = serializers.IntegerField()
    optional_met = serializers.IntegerField()
    optional_total = serializers.IntegerField()
    ready = serializers.BooleanField()
    nothing_required = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())


class RatingSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(
        allow_null=True, help_text="the rating's id (null: not rated yet)"
    )
    criterion = serializers.IntegerField(allow_null=True)
    key = serializers.CharField()
    level = serializers.IntegerField()
    required = serializers.BooleanField()  # type: ignore[assignment]
    text = serializers.CharField()
    value = serializers.ChoiceField(choices=RatingValue.choices, allow_null=True)
    note = serializers.CharField(allow_blank=True)
    link = serializers.CharField(allow_blank=True)
    recheck = serializers.BooleanField(
        help_text=(
            "true: the criterion was revised (deprecated or reworded) after it was rated "
            "as met, so the draft asks for it to be rated again (which clears this); in a "
            "snapshot: it was still waiting for that when submitted"
        )
    )
    recheck_value = serializers.ChoiceField(
        choices=RatingValue.choices,
        allow_null=True,
        help_text="the rating given before the criterion was revised (null unless recheck)",
    )


class AssessmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    skill = serializers.CharField()
    role = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    matrix_version = serializers.IntegerField(allow_null=True)
    level_reached = serializers.IntegerField(
        allow_null=True, help_text="null for a draft in a list: see its detail for the live level"
    )
    readiness = ReadinessSerializer(allow_null=True)


class ManagerRatingOutSerializer(serializers.Serializer[Any]):
    rating = serializers.IntegerField()
    value = serializers.IntegerField(allow_null=True)
    comment = serializers.CharField(allow_blank=True)


class ReviewOutSerializer(serializers.Serializer[Any]):
    team = serializers.CharField()
    reviewer = serializers.CharField(allow_null=True)
    shared_at = serializers.DateTimeField(allow_null=True)
    comment = serializers.CharField(allow_blank=True)
    ratings = ManagerRatingOutSerializer(many=True)


class AssessmentDetailSerializer(AssessmentSerializer):
    ratings = RatingSerializer(many=True)
    reviews = serializers.SerializerMethodField(
        help_text="managers' reviews you may see: shared ones (author), your team's (manager)"
    )

    @extend_schema_field(ReviewOutSerializer(many=True))
    def get_reviews(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        return list(data.get("reviews", []))


class StartSerializer(serializers.Serializer[Any]):
    skill = serializers.SlugField()
    role = serializers.SlugField()


class RatingInputSerializer(serializers.Serializer[Any]):
    criterion = serializers.IntegerField(min_value=1)
    value = serializers.ChoiceField(choices=RatingValue.choices, allow_null=True)
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
    link = serializers.CharField(
        max_length=500,
        allow_blank=True,
        required=False,
        default="",
        validators=[URLValidator(schemes=["http", "https"])],
    )


class RatingsInputSerializer(serializers.Serializer[Any]):
    ratings = RatingInputSerializer(many=True, allow_empty=False, max_length=500)  # type: ignore[call-arg]


class MemberSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    assessment = serializers.IntegerField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    level_reached = serializers.IntegerField(allow_null=True)
    readiness = ReadinessSerializer(allow_null=True)
    reviewed = serializers.BooleanField()


class GapSerializer(serializers.Serializer[Any]):
    role = serializers.CharField()
    level = serializers.IntegerField()
    key = serializers.CharField()
    text = serializers.CharField()
    required = serializers.BooleanField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    members = serializers.ListField(child=serializers.CharField())


class ManagerRatingSerializer(serializers.Serializer[Any]):
    rating = serializers.IntegerField(help_text="id of the self rating (see the assessment)")
    value = serializers.ChoiceField(choices=RatingValue.choices, allow_null=True)
    comment = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class ReviewSerializer(serializers.Serializer[Any]):
    team = serializers.CharField(read_only=True)
    reviewer = serializers.CharField(read_only=True, allow_null=True)
    shared_at = serializers.DateTimeField(read_only=True, allow_null=True)
    comment = serializers.CharField(max_length=4000, allow_blank=True, required=False)
    ratings = ManagerRatingSerializer(many=True, required=False)


class _Page(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


class AssessmentPageSerializer(_Page):
    results = AssessmentSerializer(many=True)


class MemberPageSerializer(_Page):
    results = MemberSerializer(many=True)


class GapPageSerializer(_Page):
    results = GapSerializer(many=True)


# -- Community: follows, proposals, comments ------------------------------------------


class FollowSerializer(serializers.Serializer[Any]):
    following = serializers.BooleanField()
    followers = serializers.IntegerField()


class TargetSerializer(serializers.Serializer[Any]):
    """What a proposal changes: a level's description (``role`` null) or one
    role's expectation at that level."""

    level = serializers.IntegerField(min_value=1, max_value=99)
    role = serializers.SlugField(max_length=80, allow_null=True, required=False, default=None)


class ContentDeprecationSerializer(serializers.Serializer[Any]):
    since = serializers.CharField(help_text="a release, e.g. “PyTorch 2.5”")
    replaced_by = serializers.CharField(help_text="what to use instead")
    url = serializers.CharField(
        allow_blank=True, help_text="the replacement's documentation, or empty"
    )
    note = serializers.CharField(allow_blank=True)


class ContentSerializer(serializers.Serializer[Any]):
    """A level description (``description``) or an expectation (``summary``,
    ``required``, ``criteria``: one string per criterion; ``deprecated``: the
    deprecated criteria by their text, absent when none is)."""

    description = serializers.CharField(required=False)
    summary = serializers.CharField(required=False)
    required = serializers.BooleanField(required=False)  # type: ignore[assignment]  # a field named like Field.required
    criteria = serializers.ListField(child=serializers.CharField(), required=False)
    deprecated = serializers.DictField(
        child=ContentDeprecationSerializer(),
        required=False,
        help_text="criterion text → its deprecation; a criterion left out is not deprecated",
    )


class ProposalInputSerializer(serializers.Serializer[Any]):
    target = TargetSerializer()
    proposed = serializers.DictField(
        help_text="the new content, as ContentSerializer describes: a criterion is "
        "deprecated while ``deprecated`` names it, and not once it is left out"
    )
    rationale = serializers.CharField(max_length=2000)


class ProposalSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    skill = serializers.CharField(source="skill.slug")
    kind = serializers.CharField()
    level = serializers.IntegerField(source="level.number")
    role = serializers.SerializerMethodField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    original = ContentSerializer()
    proposed = ContentSerializer()
    rationale = serializers.CharField()
    proposer = serializers.CharField(source="proposer.username")
    base_version = serializers.IntegerField()
    current_version = serializers.IntegerField(source="skill.version")
    status = serializers.CharField()
    reviewer = serializers.CharField(source="reviewer.username", allow_null=True, default=None)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_role(self, obj: Any) -> str | None:
        return obj.expectation.role.slug if obj.expectation_id else None


class AcceptSerializer(serializers.Serializer[Any]):
    reviewed_version = serializers.IntegerField(
        min_value=1,
        max_value=2_147_483_647,
        help_text="the skill version you reviewed the proposal against; "
        "if the skill has moved on since, nothing is applied (409)",
    )
    confirm_stale = serializers.BooleanField(
        default=False,
        help_text="needed when the proposal was made on an older version than "
        "reviewed_version: you compared it with the current text",
    )


class RejectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class CommentSerializer(serializers.Serializer[Any]):
    """Context: ``viewer`` (the caller) and ``curator`` (whether they curate):
    a hidden comment's text is for its author and the curators only."""

    id = serializers.IntegerField()
    skill = serializers.CharField(source="skill.slug")
    author = serializers.CharField(source="author.username")
    body = serializers.SerializerMethodField(help_text="null when hidden from you")
    hidden = serializers.BooleanField(source="is_hidden")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_body(self, obj: Any) -> str | None:
        viewer = self.context["viewer"]
        mine = obj.author_id == viewer.pk
        return str(obj.body) if not obj.is_hidden or mine or self.context["curator"] else None


class CommentInputSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=4000)


class HideSerializer(serializers.Serializer[Any]):
    hidden = serializers.BooleanField()


class ProposalPageSerializer(_Page):
    results = ProposalSerializer(many=True)


class CommentPageSerializer(_Page):
    results = CommentSerializer(many=True)
