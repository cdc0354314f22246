from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from common.errors import Invalid
from common.validators import unstorable_path


class SafeJSONParser(JSONParser):
    """JSON, refusing documents nested too deeply to parse (a 400, not a 500)
    and text no database can store (a NUL, or a lone surrogate from a
    "\\ud800" escape): a 400 naming the field, for every endpoint at once."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
        path = unstorable_path(data)
        if path is not None:
            raise Invalid(
                _(
                    "This text contains a character that cannot be stored "
                    "(a NUL or an unpaired surrogate)."
                ),
                field=path or None,
            )
        return data
