from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import validate_one_line_name, validate_plain_text, validate_slug

MIN_LEVEL = 1
# A ladder has from MIN_RUNGS to MAX_RUNGS levels, numbered 1..N without gaps
# (fixtures/levels.yaml decides N; the importer checks the numbering).
MIN_RUNGS = 2
MAX_RUNGS = 12


class LevelManager(models.Manager["Level"]):
    def get_by_natural_key(self, number: int) -> "Level":
        return self.get(number=number)

    def by_number(self) -> dict[int, "Level"]:
        """Every level keyed by its number, in one query."""
        return {level.number: level for level in self.all()}


class Level(models.Model):
    """One rung of the ladder. The ordinal carries two vocabularies: the career
    title used in promotion talks and the proficiency name used for skills."""

    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=40, validators=[validate_slug])
    career_name = models.CharField(
        _("career name"), max_length=60, validators=[validate_one_line_name]
    )
    proficiency_name = models.CharField(
        _("proficiency name"), max_length=60, validators=[validate_one_line_name]
    )
    summary = models.TextField(
        _("summary"), max_length=2000, blank=True, validators=[validate_plain_text]
    )

    history = HistoricalRecords()
    objects = LevelManager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["number"], name="level_number_unique"),
            models.UniqueConstraint(fields=["slug"], name="level_slug_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=MIN_LEVEL) & Q(number__lte=MAX_RUNGS),
                name="level_number_1_to_12",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.career_name}"

    def natural_key(self) -> tuple[Any, ...]:
        return (self.number,)
