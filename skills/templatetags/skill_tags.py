from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from skills.models import Deprecatable, Expectation

register = template.Library()


@register.simple_tag
def successor(item: Deprecatable) -> SafeString:
    """What replaces a deprecated criterion or link, linked to its
    documentation when there is some. A tag rather than markup in the
    message, so translators see ``Use %(successor)s instead.`` and no HTML."""
    if item.replacement_url:
        return format_html(
            '<a href="{}" rel="noopener noreferrer">{}</a>', item.replacement_url, item.replaced_by
        )
    return conditional_escape(item.replaced_by)


@register.filter
def deprecated_count(expectation: Expectation) -> int:
    """How many of a cell's criteria and links are deprecated. Reads the
    prefetched lists (``Expectation.objects.with_details()``): no query."""
    items = [*expectation.criteria.all(), *expectation.links.all()]
    return sum(1 for item in items if item.deprecated)
