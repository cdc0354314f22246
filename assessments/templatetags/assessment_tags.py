from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ levels|get_item:3 }}`` — look up a dict entry by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
