"""A growth plan: what an engineer will do about the criteria they miss.

Each item names one criterion (its text frozen on the item, since the matrix
may reword or drop it), what the engineer will do, a learning resource and a
target date. An item is open until a later submitted snapshot rates its
criterion "meets" or better (done, automatically) or the engineer closes it
by hand with a note (closed). The plan is private like snapshots: the
engineer and the managers of a team they have joined; nobody else, admins
included."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User, manages
from common.validators import validate_plain_text
from skills.models import Criterion, Skill

# The limits, stated once: the model, the forms, the API's serializers and the
# services all read these.
ACTION_MAX = 1000
RESOURCE_MAX = 500
NOTE_MAX = 2000
COMMENT_MAX = 2000
CRITERION_TEXT_MAX = 1000  # as skills.Criterion.text


class PlanItemQuerySet(models.QuerySet["PlanItem"]):
    def of(self, engineer: User) -> PlanItemQuerySet:
        return self.filter(engineer=engineer)

    def open(self) -> PlanItemQuerySet:
        return self.filter(status=PlanItem.Status.OPEN)

    def finished(self) -> PlanItemQuerySet:
        """Done (met by a snapshot) or closed by hand: no longer to do."""
        return self.exclude(status=PlanItem.Status.OPEN)

    def in_plan_order(self) -> PlanItemQuerySet:
        """Open items first, soonest target first; then the finished ones,
        most recent first."""
        return self.order_by(
            models.Case(models.When(status="open", then=models.Value(0)), default=models.Value(1)),
            models.Case(models.When(status="open", then="target_date"), default=models.Value(None)),
            "-done_at",
            "pk",
        )


class PlanItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CLOSED = "closed", _("Closed")

    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="plan_items",
        verbose_name=_("engineer"),
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="plan_items", verbose_name=_("skill")
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("criterion"),
    )
    # The criterion as it read when the item was made: the matrix may reword
    # or drop it later, the plan still says what it was about.
    criterion_text = models.TextField(_("criterion"), max_length=CRITERION_TEXT_MAX)
    criterion_level = models.PositiveSmallIntegerField(_("level"))
    criterion_required = models.BooleanField(_("required"), default=False)
    snapshot = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the snapshot"),
    )
    action = models.TextField(
        _("what I will do"), max_length=ACTION_MAX, validators=[validate_plain_text]
    )
    resource_url = models.URLField(_("learning resource"), max_length=RESOURCE_MAX, blank=True)
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # When it stopped being open: met by a snapshot, or closed by hand.
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("met by the snapshot"),
    )
    close_note = models.TextField(
        _("closing note"), max_length=NOTE_MAX, blank=True, validators=[validate_plain_text]
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [
            # One open item per criterion: "Add to my plan" twice adds nothing.
            models.UniqueConstraint(
                fields=["engineer", "criterion"],
                condition=Q(status="open", criterion__isnull=False),
                name="plan_item_one_open_per_criterion",
            ),
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True, done_by__isnull=True)
                | Q(status__in=["done", "closed"], done_at__isnull=False),
                name="plan_item_finished_has_date",
            ),
            models.CheckConstraint(
                condition=Q(done_by__isnull=True) | Q(status="done"),
                name="plan_item_met_only_when_done",
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & ~Q(close_note=""))
                | (~Q(status="closed") & Q(close_note="")),
                name="plan_item_closed_has_note",
            ),
            models.CheckConstraint(condition=~Q(action=""), name="plan_item_action_not_empty"),
            models.CheckConstraint(
                condition=Q(resource_url="")
                | Q(resource_url__startswith="https://")
                | Q(resource_url__startswith="http://"),
                name="plan_item_resource_is_http",
            ),
        ]
        indexes = [
            models.Index(fields=["engineer", "status"], name="plan_item_engineer_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.engineer} · {self.criterion_text[:60]} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("plan_item", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.target_date < timezone.localdate()

    def is_visible_to(self, user: User) -> bool:
        """The engineer and the managers of a team they have joined, like
        their snapshots; nobody else, admins included."""
        if not user.is_authenticated:
            return False
        return self.engineer_id == user.pk or manages(user, self.engineer)


class PlanComment(models.Model):
    """A plain-text message on one plan item, between the engineer and their
    managers."""

    item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="comments", verbose_name=_("plan item")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX, validators=[validate_plain_text])
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("plan comment")
        verbose_name_plural = _("plan comments")
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="plan_comment_body_not_empty"),
        ]
        indexes = [
            models.Index(fields=["item", "created_at"], name="plan_comment_item_idx"),
            models.Index(fields=["author", "created_at"], name="plan_comment_author_idx"),
        ]

    def __str__(self) -> str:
        return self.body[:60]
