"""The OpenAPI schema and the interactive docs, served by us (no CDN)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.test import Client
from rest_framework.test import APIClient

from skills.models import Skill

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_and_documents_every_endpoint(client: Client) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/skills/{slug}/matrix/" in schema["paths"]
    assert "/api/v1/assessments/{id}/ratings/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    matrix = schema["paths"]["/api/v1/skills/{slug}/matrix/"]["get"]["responses"]
    assert {"200", "304", "404"} <= set(matrix)


def test_the_docs_load_their_assets_from_us_and_keep_the_csp(client: Client) -> None:
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http" not in html.split("<body>")[1].replace("http-equiv", "")
    assert "<style>" not in html
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    script = client.get("/api/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_the_schema_generates_without_warnings() -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=out)
    assert "openapi: 3" in out.getvalue()


def documented(client: Client, path: str, method: str) -> dict[str, Any]:
    """The responses the schema promises for one operation."""
    schema = yaml.safe_load(client.get("/api/schema/").content)
    responses: dict[str, Any] = schema["paths"][path][method]["responses"]
    return responses


def media_type(response: Any) -> str:
    return str(response["Content-Type"]).split(";")[0].strip()


def test_unfollowing_answers_what_the_schema_documents(
    client: Client, as_alice: APIClient, pytorch: Skill
) -> None:
    as_alice.put("/api/v1/skills/pytorch/follow/")
    response = as_alice.delete("/api/v1/skills/pytorch/follow/")
    promised = documented(client, "/api/v1/skills/{slug}/follow/", "delete")
    assert response.status_code == 200
    assert response.json() == {"following": False, "followers": 0}
    assert "204" not in promised
    assert promised["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Follow"
    }


def test_the_yaml_matrix_is_a_documented_media_type(
    client: Client, api: APIClient, pytorch: Skill
) -> None:
    response = api.get("/api/v1/skills/pytorch/matrix/", {"format": "yaml"})
    promised = documented(client, "/api/v1/skills/{slug}/matrix/", "get")["200"]["content"]
    assert response.status_code == 200
    assert media_type(response) == "application/yaml"
    assert promised["application/yaml"]["schema"]["type"] == "string"
    assert media_type(api.get("/api/v1/skills/pytorch/matrix/")) == "application/json"
    assert promised["application/json"]["schema"] == {"$ref": "#/components/schemas/Matrix"}
