"""Validators shared by the apps. Imports nothing from them."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from common.text import UNSTORABLE_RE, shown, text_problem

# \Z, not $: "$" would also match before a final line break ("abc\n").
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z"
SLUG_RE = re.compile(SLUG_PATTERN)

validate_slug = RegexValidator(
    SLUG_RE,
    _("Use lowercase letters, digits and single hyphens, e.g. “ml-engineer”."),
    code="invalid_slug",
)


# -- Text a database can store -------------------------------------------------


def unstorable_path(data: Any) -> str | None:
    """Where in a parsed JSON document the first unstorable text is, as
    ``proposed.criteria[1]`` (keys included), or None. Walks without
    recursion, so a document just shallow enough to parse cannot overflow."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if UNSTORABLE_RE.search(value):
                return path
        elif isinstance(value, dict):
            children = []
            for key, item in value.items():
                child = f"{path}.{shown(key)}" if path else shown(key)
                if UNSTORABLE_RE.search(key):
                    return child
                children.append((child, item))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{path}[{i}]", item) for i, item in enumerate(value)]))
    return None


# -- Names and text -----------------------------------------------------------------

# The characters stored text may hold are decided once, in common/text.py; the
# importer reports them by file and line, these validators by form field.


def validate_one_line_name(value: str) -> None:
    """A name or other one-line text (a person's, a team's, a token's, a
    criterion): no control characters, line or paragraph separators, or
    text-direction marks — it reaches email headers, CSV cells and log lines."""
    if text_problem(value, multiline=False):
        raise ValidationError(
            _(
                "Use one line of plain text: no line breaks, tabs, control "
                "characters or text-direction marks."
            ),
            code="not_one_line",
        )


def validate_plain_text(value: str) -> None:
    """Text of several lines (descriptions, summaries): line breaks and tabs
    are fine; other control characters and text-direction marks are not."""
    if text_problem(value, multiline=True):
        raise ValidationError(
            _(
                "Use plain text: line breaks and tabs are fine, other control "
                "characters and text-direction marks are not."
            ),
            code="not_plain_text",
        )
