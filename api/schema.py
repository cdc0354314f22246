"""OpenAPI post-processing: every operation documents the errors it can
answer with, in the one error shape of api/exceptions.py."""

from __future__ import annotations

from typing import Any

ERRORS = {
    "400": "Bad input: the body or a query parameter is invalid.",
    "401": "Not signed in, or the token is unknown or revoked.",
    "403": "Not allowed.",
    "404": "No such object, or not yours to see.",
    "405": "Method not allowed.",
    "409": "The object is in a state that does not allow this (e.g. already submitted).",
    "415": "Unsupported media type: send JSON.",
    "429": "Too many requests: fair-use limit reached.",
}

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail", "code"],
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for _path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                if code == "304":
                    continue
                entry = responses.get(code)
                if entry is None:
                    responses[code] = {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    }
                elif "content" not in entry and code != "304":
                    entry["content"] = {"application/json": {"schema": ref}}
    return result
