from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User, manages
from assessments.rules import Rating
from levels.models import MAX_RUNGS
from roles.models import Role
from skills.models import Criterion, Skill


class RatingValue(models.IntegerChoices):
    NOT_YET = Rating.NOT_YET, _("Not yet")
    LEARNING = Rating.LEARNING, _("Learning")
    MEETS = Rating.MEETS, _("Meets")
    EXCEEDS = Rating.EXCEEDS, _("Exceeds")


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def drafts(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.DRAFT)

    def submitted(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.SUBMITTED)

    def of(self, engineer: User) -> AssessmentQuerySet:
        return self.filter(engineer=engineer)


class Assessment(models.Model):
    """An engineer's ratings of every criterion of one role in one skill.

    A draft is private to its author and follows the live matrix. Submitting
    freezes it: the criteria texts and required flags are copied onto its
    ratings and the computed level and readiness are stored, so later edits of
    the matrix never change what was submitted.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("engineer"),
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("skill")
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("role")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started from"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Frozen at submission.
    matrix_version = models.PositiveIntegerField(_("matrix version"), null=True, blank=True)
    level_reached = models.PositiveSmallIntegerField(_("level reached"), null=True, blank=True)
    # The engineer's career level when they submitted, and the level the
    # readiness figures below are computed for (None at the top).
    career_level = models.PositiveSmallIntegerField(_("career level"), null=True, blank=True)
    target_level = models.PositiveSmallIntegerField(_("target level"), null=True, blank=True)
    required_met = models.PositiveSmallIntegerField(null=True, blank=True)
    required_total = models.PositiveSmallIntegerField(null=True, blank=True)
    optional_met = models.PositiveSmallIntegerField(null=True, blank=True)
    optional_total = models.PositiveSmallIntegerField(null=True, blank=True)
    criteria_met = models.PositiveSmallIntegerField(null=True, blank=True)
    criteria_total = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["engineer", "skill", "role"],
                condition=Q(status="draft"),
                name="assessment_one_draft_per_engineer_skill_role",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False, level_reached__isnull=False),
                name="assessment_submitted_has_date_and_level",
            ),
            models.CheckConstraint(
                condition=Q(level_reached__isnull=True) | Q(level_reached__lte=MAX_RUNGS),
                name="assessment_level_reached_0_to_12",
            ),
        ]
        indexes = [
            models.Index(
                fields=["engineer", "skill", "role", "status"], name="assessment_owner_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engineer} · {self.skill} · {self.role} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        if self.is_submitted:
            return reverse("assessment_result", kwargs={"pk": self.pk})
        return reverse("assessment_edit", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        """Drafts: their author only. Snapshots: the author and the managers of
        any team the author has joined. Nobody else, admins included: they see
        aggregates over groups of five or more."""
        if not user.is_authenticated:
            return False
        if self.engineer_id == user.pk:
            return True
        return self.is_submitted and manages(user, self.engineer)


class CriterionRating(models.Model):
    """One criterion as rated in one assessment. ``value`` None means "not
    rated yet". The ``frozen_*`` fields are filled at submission and never
    change after; ``criterion`` may later vanish from the matrix."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("criterion"),
    )
    value = models.PositiveSmallIntegerField(
        _("rating"), choices=RatingValue.choices, null=True, blank=True
    )
    note = models.TextField(_("evidence note"), max_length=2000, blank=True)
    link = models.URLField(_("evidence link"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set on a draft's rating when its criterion was revised (deprecated or
    # reworded) after the person rated it as met: the rating they gave then.
    # The draft asks them to rate it again instead of carrying it silently.
    recheck_value = models.PositiveSmallIntegerField(
        _("rating before the criterion changed"),
        choices=RatingValue.choices,
        null=True,
        blank=True,
    )
    # The criterion's text as the person rated it (empty when it was only
    # deprecated): what "It used to read" shows.
    recheck_text = models.TextField(_("text as rated"), blank=True)

    frozen_key = models.CharField(max_length=80, blank=True)
    frozen_text = models.TextField(blank=True)
    frozen_level = models.PositiveSmallIntegerField(null=True, blank=True)
    frozen_required = models.BooleanField(null=True, blank=True)
    frozen_position = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["frozen_level", "frozen_position", "pk"]
        verbose_name = _("criterion rating")
        verbose_name_plural = _("criterion ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"],
                condition=Q(criterion__isnull=False),
                name="rating_one_per_criterion",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__lte=3),
                name="rating_value_0_to_3",
            ),
            models.CheckConstraint(
                condition=Q(link="")
                | Q(link__startswith="https://")
                | Q(link__startswith="http://"),
                name="rating_link_is_http",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.frozen_text or self.criterion} = {self.get_value_display()}"

    @property
    def needs_recheck(self) -> bool:
        return self.recheck_value is not None


class ManagerReview(models.Model):
    """A team's review of one of its members' snapshots: the managers' ratings
    beside the engineer's own, never averaged with them. Each team the engineer
    belongs to keeps its own review; the engineer sees a review once it is
    shared."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("assessment")
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("team")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reviews_given",
        verbose_name=_("reviewer"),
    )
    comment = models.TextField(_("overall comment"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)

    class Meta:
        verbose_name = _("manager review")
        verbose_name_plural = _("manager reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "team"], name="review_one_per_assessment_and_team"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.assessment}"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class ManagerRating(models.Model):
    """The manager's rating of one criterion of a snapshot, with a comment."""

    review = models.ForeignKey(
        ManagerReview, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("review")
    )
    rating = models.ForeignKey(
        CriterionRating,
        on_delete=models.CASCADE,
        related_name="manager_ratings",
        verbose_name=_("self rating"),
    )
    value = models.PositiveSmallIntegerField(
        _("manager rating"), choices=RatingValue.choices, null=True, blank=True
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("manager rating")
        verbose_name_plural = _("manager ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "rating"], name="manager_rating_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__lte=3),
                name="manager_rating_value_0_to_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} → {self.get_value_display()}"


class CalibrationOutcome(models.Model):
    """What a team's managers made of one disagreement in the calibration
    queue (a self rating two or more steps from theirs): discussed, or
    resolved, with a note the engineer sees on their result page. Like a
    review, it belongs to one team."""

    class Status(models.TextChoices):
        DISCUSSED = "discussed", _("Discussed")
        RESOLVED = "resolved", _("Resolved")

    rating = models.ForeignKey(
        CriterionRating,
        on_delete=models.CASCADE,
        related_name="calibration_outcomes",
        verbose_name=_("self rating"),
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.CASCADE,
        related_name="calibration_outcomes",
        verbose_name=_("team"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    at = models.DateTimeField(_("marked"), auto_now=True)

    class Meta:
        verbose_name = _("calibration outcome")
        verbose_name_plural = _("calibration outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "team"], name="calibration_outcome_one_per_rating_and_team"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["discussed", "resolved"]),
                name="calibration_outcome_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} · {self.team_id}: {self.get_status_display()}"
