import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_one_line_name, validate_slug
from levels.models import Level
from roles.models import Role

logger = logging.getLogger(__name__)


class User(AbstractUser):
    """Our own user model from the first migration. ``role`` and
    ``career_level`` are the defaults for a new self-assessment."""

    # The display name reaches email subjects and one-line contexts: one line.
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, validators=[validate_one_line_name]
    )
    last_name = models.CharField(
        _("last name"), max_length=150, blank=True, validators=[validate_one_line_name]
    )
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
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("For the site and for emails; empty: your browser's language."),
    )
    reminder_emails = models.BooleanField(
        _("reminder emails"),
        default=True,
        help_text=_(
            "Email me the reminders of assessment cycles. Off: they still appear in the app."
        ),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def save(self, **kwargs: Any) -> None:
        # A new password revokes every API token: whoever knew the old one
        # may have made one. Here, because every way of setting a password
        # (changed, reset by email, set in the admin, ``changepassword``)
        # ends in set_password() and save(), and no other hook sees them all.
        new_password = getattr(self, "_password", None) is not None and not self._state.adding
        super().save(**kwargs)
        if new_password:
            revoked = self.api_tokens.live().update(revoked_at=timezone.now())
            logger.info("api_tokens_revoked_by_password", extra={"user": self.pk, "count": revoked})

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class TeamQuerySet(models.QuerySet["Team"]):
    def managed_by(self, user: User) -> "TeamQuerySet":
        return self.filter(
            memberships__user=user,
            memberships__role=Membership.Role.MANAGER,
            memberships__status=Membership.Status.ACTIVE,
        ).distinct()

    def with_member(self, user: User) -> "TeamQuerySet":
        return self.filter(
            memberships__user=user,
            memberships__role=Membership.Role.MEMBER,
            memberships__status=Membership.Status.ACTIVE,
        ).distinct()


class Team(models.Model):
    """A group of engineers and the manager (or managers) who review them."""

    slug = models.SlugField(_("slug"), max_length=80, validators=[validate_slug])
    name = models.CharField(_("name"), max_length=120, validators=[validate_one_line_name])
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


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> "MembershipQuerySet":
        return self.filter(status=Membership.Status.ACTIVE)

    def members(self) -> "MembershipQuerySet":
        """People whose results the team's managers may see."""
        return self.active().filter(role=Membership.Role.MEMBER)

    def team_sizes(self) -> dict[int, int]:
        """Members per team id (teams without members are absent), one query."""
        return dict(
            self.members()
            .values("team_id")
            .annotate(n=models.Count("pk"))
            .values_list("team_id", "n")
        )


class Membership(models.Model):
    """One person in one team, as a member or as a manager."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MANAGER = "manager", _("Manager")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        # A manager asked the person to join; until they accept, the team's
        # managers see nothing of theirs.
        INVITED = "invited", _("Invited")

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role in the team"), max_length=10, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["team", "role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_one_per_team_user"),
            models.CheckConstraint(
                condition=Q(role__in=["member", "manager"]), name="membership_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "invited"]), name="membership_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["user", "role"], name="membership_user_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.team} ({self.get_role_display()})"


def shared_teams(manager: User, engineer: User) -> "TeamQuerySet":
    """Teams that ``manager`` manages and ``engineer`` has joined, by name."""
    return (
        Team.objects.filter(
            pk__in=Membership.objects.active()
            .filter(user=manager, role=Membership.Role.MANAGER)
            .values("team_id")
        )
        .filter(pk__in=Membership.objects.members().filter(user=engineer).values("team_id"))
        .order_by("name")
    )


def manages(manager: "User | AnonymousUser", engineer: User) -> bool:
    """Whether ``manager`` manages a team that ``engineer`` has joined."""
    if not manager.is_authenticated:
        return False
    return shared_teams(manager, engineer).exists()


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


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> "ApiTokenQuerySet":
        """Not revoked. An expired token is still "live" here, so that the API
        can say it expired rather than that it is unknown."""
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest is stored: the token itself
    is shown once, when it is created."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=80, validators=[validate_one_line_name])
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(_("digest"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty: the token never expires.")
    )
    read_only = models.BooleanField(
        _("read-only"),
        default=False,
        help_text=_("A read-only token can read what its owner can, but not change anything."),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.UniqueConstraint(fields=["digest"], name="api_token_digest_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def expired_at(self, now: dt.datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    @property
    def is_expired(self) -> bool:
        return self.expired_at(timezone.now())
