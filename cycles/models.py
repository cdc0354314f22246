"""Assessment cycles: a skill to assess by a date, for some teams (or
everyone), the reminders sent for it, and the summary frozen when it closes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from common.validators import validate_one_line_name
from skills.models import Skill


def today() -> dt.date:
    """Today in the site's time zone: due dates are days there."""
    return timezone.localdate()


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class CycleQuerySet(models.QuerySet["Cycle"]):
    def open_or_scheduled(self) -> CycleQuerySet:
        return self.filter(closed_at__isnull=True)

    def closed(self) -> CycleQuerySet:
        return self.filter(closed_at__isnull=False)


class Cycle(models.Model):
    """Everyone in some teams (or in every team) assesses one skill by a date;
    their managers review by a later one. Scheduled until ``opens_on``, open
    until it closes (by hand, or on its own after ``review_due``)."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=120, validators=[validate_one_line_name])
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("skill")
    )
    teams = models.ManyToManyField(Team, blank=True, related_name="cycles", verbose_name=_("teams"))
    everyone = models.BooleanField(
        _("everyone"), default=False, help_text=_("Every member of every team.")
    )
    opens_on = models.DateField(_("opens on"), default=today)
    self_due = models.DateField(_("self-assessments due"))
    review_due = models.DateField(_("reviews due"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set by the tick once the opening reminders went out.
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("self_due")), name="cycle_opens_before_self_due"
            ),
            models.CheckConstraint(
                condition=Q(self_due__lte=F("review_due")), name="cycle_self_due_before_review_due"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="cycle_name_not_empty"),
        ]
        indexes = [models.Index(fields=["closed_at", "opens_on"], name="cycle_state_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cycle_detail", kwargs={"pk": self.pk})

    @property
    def state(self) -> str:
        if self.closed_at is not None:
            return self.State.CLOSED
        if self.opens_on > today():
            return self.State.SCHEDULED
        return self.State.OPEN

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def window_start(self) -> dt.datetime:
        """Snapshots submitted from this moment on may belong to the cycle."""
        return day_start(self.opens_on)

    @property
    def deadline(self) -> dt.datetime:
        """The end of the review due day: the cycle closes on its own then."""
        return day_start(self.review_due + dt.timedelta(days=1))

    def window(self) -> dict[str, Any]:
        """Lookups on ``submitted_at`` for the snapshots of this cycle."""
        bounds: dict[str, Any] = {"submitted_at__gte": self.window_start}
        if self.closed_at is not None:
            bounds["submitted_at__lt"] = self.closed_at
        return bounds


class Reminder(models.Model):
    """A reminder sent to one person about one cycle on one occasion: the
    record that keeps it to one message per person per occasion, however many
    teams they are in and however many workers run the tick."""

    class Occasion(models.TextChoices):
        OPENED = "opened", _("The cycle opened")
        SELF_7 = "self_7", _("Self-assessment due in a week")
        SELF_1 = "self_1", _("Self-assessment due tomorrow")
        SELF_OVERDUE = "self_overdue", _("Self-assessment overdue")
        REVIEW_7 = "review_7", _("Reviews due in a week")
        REVIEW_1 = "review_1", _("Reviews due tomorrow")
        # A manager's "remind" button: any number, rate-limited per person.
        MANUAL = "manual", _("Sent by a manager")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("cycle")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cycle_reminders",
        verbose_name=_("person"),
    )
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("cycle reminder")
        verbose_name_plural = _("cycle reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "person", "occasion"],
                condition=~Q(occasion="manual"),
                name="reminder_one_per_cycle_person_occasion",
            ),
            models.CheckConstraint(
                condition=Q(
                    occasion__in=[
                        "opened",
                        "self_7",
                        "self_1",
                        "self_overdue",
                        "review_7",
                        "review_1",
                        "manual",
                    ]
                ),
                name="reminder_occasion_valid",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "person", "sent_at"], name="reminder_recent_idx")]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.person_id} · {self.occasion}"
