"""Who may be found by skill: the opt-in behind "Who knows X"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from skills.models import Skill


class SkillVisibilityQuerySet(models.QuerySet["SkillVisibility"]):
    def of(self, person: User) -> SkillVisibilityQuerySet:
        return self.filter(person=person)


class SkillVisibility(models.Model):
    """``person`` lets every signed-in colleague see their level in ``skill``
    (the level their latest snapshot of it reached, and when). The row is the
    consent: no row, nothing shown; deleting it hides them at once."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="skill_visibilities",
        verbose_name=_("person"),
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="visibilities", verbose_name=_("skill")
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = SkillVisibilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill shown to colleagues")
        verbose_name_plural = _("skills shown to colleagues")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "skill"], name="skill_visibility_once_per_person_skill"
            ),
        ]
        indexes = [models.Index(fields=["skill", "person"], name="skill_visibility_skill_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.skill}"
