from __future__ import annotations

import re
from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class StrictPageNumberPagination(PageNumberPagination):
    """50 per page; ``page`` must be a plain whole number (no "last", no
    spaces), so a malformed request is a 400, never a surprise page."""

    page_size = 50
    last_page_strings = ()

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        raw = request.query_params.get(self.page_query_param, "1")
        if not re.fullmatch(r"[1-9][0-9]{0,8}", raw):
            raise ValidationError({"page": ["A page number is a whole number from 1."]})
        return raw

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 999_999_999}
        return parameters
