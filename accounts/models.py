from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from levels.models import Level
from roles.models import Role
from skillsmatrix.validators import validate_slug


class User(AbstractUser):
    """Our own user model from the first migration. ``role`` and
    ``career_level`` are the defaults for a new self-assessment."""

    role = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("role"),
    )
    career_level = models.ForeignKey(
        Level,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current career level"),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class TeamQuerySet(models.QuerySet["Team"]):
    def managed_by(self, user: Any) -> "TeamQuerySet":
        return self.filter(
            memberships__user=user, memberships__role=Membership.Role.MANAGER
        ).distinct()

    def with_member(self, user: Any) -> "TeamQuerySet":
        return self.filter(
            memberships__user=user, memberships__role=Membership.Role.MEMBER
        ).distinct()


class Team(models.Model):
    """A group of engineers and the manager (or managers) who review them."""

    slug = models.SlugField(_("slug"), max_length=80, validators=[validate_slug])
    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="team_slug_unique"),
            models.CheckConstraint(condition=~Q(slug=""), name="team_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("team_detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """One person in one team, as a member or as a manager."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MANAGER = "manager", _("Manager")

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role in the team"), max_length=10, choices=Role.choices)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["team", "role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_one_per_team_user"),
            models.CheckConstraint(
                condition=Q(role__in=["member", "manager"]), name="membership_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["user", "role"], name="membership_user_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.team} ({self.get_role_display()})"


def manages(manager: Any, engineer: Any) -> bool:
    """Whether ``manager`` manages a team that ``engineer`` is a member of."""
    if not manager.is_authenticated:
        return False
    return Membership.objects.filter(
        user=manager,
        role=Membership.Role.MANAGER,
        team__memberships__user=engineer,
        team__memberships__role=Membership.Role.MEMBER,
    ).exists()


class Notification(models.Model):
    """An in-app message for one person, e.g. "Bob shared his review"."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("person")
    )
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.message
