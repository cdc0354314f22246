from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import validate_one_line_name, validate_plain_text, validate_slug


class RoleManager(models.Manager["Role"]):
    def get_by_natural_key(self, slug: str) -> "Role":
        return self.get(slug=slug)


class Role(models.Model):
    """A job role, e.g. ML Engineer; shared by every skill in the matrix."""

    slug = models.SlugField(_("slug"), max_length=80, validators=[validate_slug])
    name = models.CharField(_("name"), max_length=120, validators=[validate_one_line_name])
    family = models.CharField(
        _("family"), max_length=120, blank=True, validators=[validate_one_line_name]
    )
    summary = models.TextField(
        _("summary"), max_length=2000, blank=True, validators=[validate_plain_text]
    )

    history = HistoricalRecords()
    objects = RoleManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="role_slug_unique"),
            models.CheckConstraint(condition=~Q(slug=""), name="role_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("role_detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[Any, ...]:
        return (self.slug,)
