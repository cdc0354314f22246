"""Cycle panels for pages of the apps below (the assessments pages), which
load these tags instead of importing cycles."""

from __future__ import annotations

from typing import Any

from django import template

from cycles.selectors import cycles_of_participant, days_phrase, own_standing

register = template.Library()


@register.inclusion_tag("cycles/_my_cycles.html", takes_context=True)
def my_cycles(context: Any) -> dict[str, Any]:
    """The open cycles the signed-in person takes part in, each with where
    they stand and one button: for the top of "My assessments"."""
    user = context["user"]
    cycles = cycles_of_participant(user) if user.is_authenticated else []
    standing = own_standing(user, cycles)
    return {
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "items": [(c, standing[c.pk], days_phrase(c.self_due)) for c in cycles],
    }
