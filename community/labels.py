"""How a proposal's or an edit's target is named, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def target_label(skill: Any, level: Any, role: Any = None) -> str:
    if role is None:
        return _("%(skill)s: level %(number)s (%(name)s) description") % {
            "skill": skill.name,
            "number": level.number,
            "name": level.career_name,
        }
    return _("%(skill)s: %(role)s at level %(number)s (%(name)s)") % {
        "skill": skill.name,
        "role": role.name,
        "number": level.number,
        "name": level.career_name,
    }


def record_label(record: Any) -> str:
    """A stored proposal or edit, named now: in the current language, or as
    stored if its cell has since been deleted."""
    if record.kind == "level":
        return target_label(record.skill, record.level)
    if record.expectation_id is None:
        return str(record.target_label)
    return target_label(record.skill, record.level, record.expectation.role)
