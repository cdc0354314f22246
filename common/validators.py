"""Validators shared by the apps. Imports nothing from them."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)

validate_slug = RegexValidator(
    SLUG_RE,
    _("Use lowercase letters, digits and single hyphens, e.g. “ml-engineer”."),
    code="invalid_slug",
)


# -- Text a database can store -------------------------------------------------

# A NUL (PostgreSQL refuses it in text and jsonb) or half of a UTF-16 surrogate
# pair (valid in a JSON "\ud800" escape, but no UTF-8 encoder accepts it alone).
UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")


def printable_key(key: str) -> str:
    """A key as it can be shown back: unstorable characters as escapes."""
    return UNSTORABLE_RE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), key)


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
                child = f"{path}.{printable_key(key)}" if path else printable_key(key)
                if UNSTORABLE_RE.search(key):
                    return child
                children.append((child, item))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{path}[{i}]", item) for i, item in enumerate(value)]))
    return None


# -- Names ----------------------------------------------------------------------

# What a name (a person's, a team's, a token's) may not contain: control
# characters (line breaks, tabs, NUL, escape: a name reaches email headers,
# CSV cells and log lines), the line and paragraph separators, and the bidi
# embedding, override and isolate marks, which make the text after a name
# read backwards.
NAME_FORBIDDEN_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def validate_one_line_name(value: str) -> None:
    if NAME_FORBIDDEN_RE.search(value):
        raise ValidationError(
            _(
                "Use one line of plain text: no line breaks, tabs, control "
                "characters or text-direction marks."
            ),
            code="not_one_line",
        )
