"""Writes of the inventory: the "Who knows X" opt-in."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import NotAllowed
from inventory.models import SkillVisibility
from skills.models import Skill

logger = logging.getLogger(__name__)


def skill_visibility_set(*, person: User, skill: Skill, visible: bool) -> None:
    """Show (or stop showing) ``person``'s level in ``skill`` to colleagues
    searching "Who knows X"; asking twice is harmless. Opting out deletes the
    row, so the next search no longer finds them."""
    if not person.is_active:
        raise NotAllowed(_("A deactivated account cannot be shown to colleagues."))
    if visible:
        try:
            with transaction.atomic():
                _row, created = SkillVisibility.objects.get_or_create(person=person, skill=skill)
        except IntegrityError:
            created = False  # a concurrent request opted in first
    else:
        created = SkillVisibility.objects.filter(person=person, skill=skill).delete()[0] > 0
    if created:
        logger.info(
            "skill_visibility_set",
            extra={"person": person.pk, "skill": skill.slug, "visible": visible},
        )
