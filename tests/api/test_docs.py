"""The OpenAPI schema and the interactive docs, served by us (no CDN)."""

from __future__ import annotations

import pytest
import yaml
from django.test import Client

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
