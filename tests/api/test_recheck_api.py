"""Over the API, a draft's rating says when its criterion must be re-checked
and what it was rated before, as the page does."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.test import Client
from rest_framework.test import APIClient

from roles.models import Role
from skills.models import Criterion, Skill

pytestmark = pytest.mark.django_db


def junior(skill: Skill, role: Role) -> list[Criterion]:
    return list(
        Criterion.objects.filter(
            expectation__skill=skill, expectation__role=role, expectation__level__number=1
        ).order_by("position")
    )


def start(client: APIClient) -> dict[str, Any]:
    response = client.post("/api/v1/assessments/", {"skill": "pytorch", "role": "role-000"})
    assert response.status_code in (200, 201), response.content
    return response.json()  # type: ignore[no-any-return]


def rate(client: APIClient, draft: dict[str, Any], *items: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/v1/assessments/{draft['id']}/ratings/", {"ratings": items})
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def by_criterion(body: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {r["criterion"]: r for r in body["ratings"]}


def test_a_draft_rating_carries_the_recheck_flag_and_the_earlier_rating(
    as_alice: APIClient, pytorch: Skill, role: Role
) -> None:
    first, second = junior(pytorch, role)
    draft = start(as_alice)
    assert {(r["recheck"], r["recheck_value"]) for r in draft["ratings"]} == {(False, None)}
    rate(as_alice, draft, {"criterion": first.pk, "value": 3}, {"criterion": second.pk, "value": 2})
    assert as_alice.post(f"/api/v1/assessments/{draft['id']}/submit/").status_code == 200

    first.deprecated = True
    first.deprecated_since, first.replaced_by = "PyTorch 2.5", "torch.export"
    first.save()

    ratings = by_criterion(start(as_alice))
    assert ratings[first.pk] | {"id": None} == {
        "id": None,
        "criterion": first.pk,
        "key": "c1",
        "level": 1,
        "required": True,
        "text": "Role 000 L1 #1",
        "value": None,
        "note": "",
        "link": "",
        "recheck": True,
        "recheck_value": 3,
    }
    assert (ratings[second.pk]["value"], ratings[second.pk]["recheck"]) == (2, False)
    assert ratings[second.pk]["recheck_value"] is None
    assert sum(r["recheck"] for r in ratings.values()) == 1

    draft = as_alice.get("/api/v1/assessments/").json()["results"][0]
    rerated = by_criterion(rate(as_alice, draft, {"criterion": first.pk, "value": 1}))
    assert (rerated[first.pk]["value"], rerated[first.pk]["recheck"]) == (1, False)
    assert rerated[first.pk]["recheck_value"] is None
    detail = by_criterion(as_alice.get(f"/api/v1/assessments/{draft['id']}/").json())
    assert detail[first.pk]["recheck"] is False


def test_the_schema_documents_both_fields(client: Client) -> None:
    schema = yaml.safe_load(client.get("/api/schema/").content)
    rating = schema["components"]["schemas"]["Rating"]
    assert {"recheck", "recheck_value"} <= set(rating["required"])
    assert rating["properties"]["recheck"]["type"] == "boolean"
    assert "revised" in rating["properties"]["recheck"]["description"]
    recheck_value = rating["properties"]["recheck_value"]
    assert recheck_value["nullable"] is True
    assert "before the criterion was revised" in recheck_value["description"]
