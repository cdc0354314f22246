from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.labels import record_label
from levels.models import Level
from skills.models import Expectation, Skill


class Follow(models.Model):
    """Someone wants to hear when a skill's matrix changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("person"),
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="follows", verbose_name=_("skill")
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="follow_once_per_skill"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.skill}"


class TargetKind(models.TextChoices):
    LEVEL = "level", _("level description")
    EXPECTATION = "expectation", _("expectation")


class TargetRecord(models.Model):
    """What a proposal or an edit is about: one skill's description of a
    level, or one role's expectation at that level. The cell is kept as a
    reference (null once deleted) and its name as it was then."""

    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("skill")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TargetKind.choices)
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("level")
    )
    expectation = models.ForeignKey(
        Expectation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("expectation"),
    )
    target_label = models.CharField(_("what"), max_length=300)

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        """What it changes, in the reader's language (select_related skill,
        level and expectation__role when listing)."""
        return record_label(self)


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def open(self) -> ProposalQuerySet:
        return self.filter(status=Proposal.Status.OPEN)


class Proposal(TargetRecord):
    """A suggested edit of one level description or one expectation, kept
    with the text it was based on, so a curator can see what changed since."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    original = models.JSONField(_("text it was based on"))
    proposed = models.JSONField(_("proposed text"))
    rationale = models.TextField(_("why"), max_length=2000)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("proposed by"),
    )
    base_version = models.PositiveIntegerField(_("based on version"))
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_proposals",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        permissions = [
            (
                "curate",
                _("Can review proposals, edit the matrix in place, revert edits and hide comments"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="proposal_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(status="withdrawn") | ~Q(reviewer=None),
                name="proposal_review_has_reviewer",
            ),
        ]
        indexes = [models.Index(fields=["skill", "status"], name="proposal_skill_status_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.target_label}"

    def get_absolute_url(self) -> str:
        return reverse("proposal_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class MatrixEdit(TargetRecord):
    """One change made in the app (an in-place edit, an accepted proposal or a
    revert), with the text before and after, so it can be shown and undone."""

    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="matrix_edits",
        verbose_name=_("made by"),
    )
    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edit",
        verbose_name=_("accepted proposal"),
    )
    reverts = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reverted_by",
        verbose_name=_("reverts"),
    )
    version = models.PositiveIntegerField(_("version after"))
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("matrix edit")
        verbose_name_plural = _("matrix edits")
        constraints = [
            models.UniqueConstraint(fields=["skill", "version"], name="edit_one_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} v{self.version}: {self.target_label}"


class CommentQuerySet(models.QuerySet["Comment"]):
    def visible(self) -> CommentQuerySet:
        """Not deleted by their author (hidden ones included: who sees their
        text is the template's and the API's business)."""
        return self.filter(deleted_at__isnull=True)


class Comment(models.Model):
    """A plain-text message in a skill's discussion."""

    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="comments", verbose_name=_("skill")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    # Deleting keeps an empty row, so that the rate limit still counts the post.
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(body="") | Q(deleted_at__isnull=False),
                name="comment_body_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(body="") | Q(deleted_at__isnull=True),
                name="comment_deleted_has_no_body",
            ),
        ]
        indexes = [
            models.Index(fields=["skill", "created_at"], name="comment_skill_created_idx"),
            models.Index(fields=["author", "created_at"], name="comment_author_created_idx"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None
