"""Your own assessments over the API: the same rules and results as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from assessments.models import Assessment, CriterionRating
from roles.models import Role
from skills.models import Criterion, Skill
from tests.factories import make_matrix

pytestmark = pytest.mark.django_db


def criteria(skill: Skill, role: Role, level: int) -> list[int]:
    return list(
        Criterion.objects.filter(
            expectation__skill=skill, expectation__role=role, expectation__level__number=level
        )
        .order_by("position")
        .values_list("pk", flat=True)
    )


def start(client: APIClient) -> dict:  # type: ignore[type-arg]
    response = client.post(
        "/api/v1/assessments/", {"skill": "pytorch", "role": "role-000"}, format="json"
    )
    assert response.status_code in (200, 201), response.content
    return response.json()  # type: ignore[no-any-return]


def test_alice_rates_submits_and_reads_her_level_over_the_api(
    as_alice: APIClient, pytorch: Skill, role: Role
) -> None:
    draft = start(as_alice)
    assert draft["status"] == "draft"
    assert len(draft["ratings"]) == 10
    ratings: list[dict[str, object]] = [
        {"criterion": c, "value": 2} for n in (1, 2) for c in criteria(pytorch, role, n)
    ]
    ratings.append({"criterion": criteria(pytorch, role, 3)[0], "value": 1, "note": "Halfway."})
    rated = as_alice.post(
        f"/api/v1/assessments/{draft['id']}/ratings/", {"ratings": ratings}, format="json"
    )
    assert rated.status_code == 200
    assert rated.json()["level_reached"] == 2
    assert rated.json()["readiness"]["missing"] == ["3:c1", "3:c2"]

    submitted = as_alice.post(f"/api/v1/assessments/{draft['id']}/submit/")
    body = submitted.json()
    assert body["status"] == "submitted"
    assert body["level_reached"] == 2
    assert body["readiness"]["target_level"] == 3
    assert (body["readiness"]["required_met"], body["readiness"]["required_total"]) == (4, 6)
    # The same numbers as the snapshot the pages show.
    snapshot = Assessment.objects.get(pk=draft["id"])
    assert (snapshot.level_reached, snapshot.required_met, snapshot.required_total) == (2, 4, 6)

    again = as_alice.post(f"/api/v1/assessments/{draft['id']}/submit/")
    assert again.status_code == 200  # harmless
    frozen = as_alice.post(
        f"/api/v1/assessments/{draft['id']}/ratings/",
        {"ratings": [{"criterion": ratings[0]["criterion"], "value": 0}]},
        format="json",
    )
    assert frozen.status_code == 409
    assert frozen.json()["code"] == "conflict"
    listing = as_alice.get("/api/v1/assessments/").json()
    assert [a["status"] for a in listing["results"]] == ["submitted"]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"value": 7}, "value"),
        ({"value": 2, "link": "javascript:alert(1)"}, "link"),
        ({"value": 2, "note": "x" * 2001}, "note"),
    ],
)
def test_bad_ratings_are_a_400_with_the_field_and_nothing_is_saved(
    as_alice: APIClient,
    pytorch: Skill,
    role: Role,
    item: dict[str, object],
    field: str,
) -> None:
    draft = start(as_alice)
    good = {"criterion": criteria(pytorch, role, 1)[0], "value": 3}
    bad = {"criterion": criteria(pytorch, role, 1)[1], **item}
    response = as_alice.post(
        f"/api/v1/assessments/{draft['id']}/ratings/", {"ratings": [good, bad]}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]["ratings"]["1"]  # the second item
    assert not CriterionRating.objects.exists()


def test_criteria_of_another_skill_or_role_are_refused(as_alice: APIClient, pytorch: Skill) -> None:
    draft = start(as_alice)
    other_role = criteria(pytorch, Role.objects.get(slug="role-001"), 1)[0]
    other_skill = make_matrix(roles=1, criteria=1, skill_slug="jax")
    foreign = Criterion.objects.filter(expectation__skill=other_skill).values_list("pk", flat=True)[
        0
    ]
    for criterion in (other_role, foreign):
        response = as_alice.post(
            f"/api/v1/assessments/{draft['id']}/ratings/",
            {"ratings": [{"criterion": criterion, "value": 3}]},
            format="json",
        )
        assert response.status_code == 400
        assert f"Criteria not in this assessment: {criterion}." in response.json()["detail"]
    assert not CriterionRating.objects.exists()


def test_owner_fields_cannot_be_assigned(
    as_alice: APIClient, pytorch: Skill, mallory: User
) -> None:
    response = as_alice.post(
        "/api/v1/assessments/",
        {"skill": "pytorch", "role": "role-000", "engineer": mallory.pk, "status": "submitted",
         "level_reached": 5, "is_staff": True},
        format="json",
    )  # fmt: skip
    body = response.json()
    assessment = Assessment.objects.get(pk=body["id"])
    assert assessment.engineer.username == "alice"
    assert assessment.status == "draft"
    assert body["level_reached"] == 0
    assert not User.objects.get(username="alice").is_staff


def test_unknown_skill_or_missing_fields_are_400(as_alice: APIClient, pytorch: Skill) -> None:
    unknown = as_alice.post(
        "/api/v1/assessments/", {"skill": "nope", "role": "role-000"}, format="json"
    )
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Not found.", "code": "not_found"}
    missing = as_alice.post("/api/v1/assessments/", {"skill": "pytorch"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"] == {"role": ["This field is required."]}
    garbage = as_alice.post("/api/v1/assessments/", "not json", content_type="application/json")
    assert garbage.status_code == 400
    assert garbage.json()["code"] == "parse_error"


def test_hostile_bodies_get_a_json_400(as_alice: APIClient, pytorch: Skill) -> None:
    deep = as_alice.post(
        "/api/v1/assessments/", "[" * 100_000 + "]" * 100_000, content_type="application/json"
    )
    assert deep.status_code == 400
    assert deep.json()["code"] == "parse_error"
    big = as_alice.post(
        "/api/v1/assessments/", "x" * (3 * 1024 * 1024), content_type="application/json"
    )
    assert big.status_code == 400
    assert big.json()["code"] in {"invalid", "parse_error"}


def test_missing_and_foreign_look_the_same(
    as_mallory: APIClient, alice: User, pytorch: Skill
) -> None:
    from assessments.services import assessment_start

    theirs = assessment_start(engineer=alice, skill=pytorch, role=Role.objects.get(slug="role-000"))
    foreign = as_mallory.get(f"/api/v1/assessments/{theirs.pk}/")
    missing = as_mallory.get("/api/v1/assessments/999999/")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content


def test_a_criterion_twice_in_one_request_is_refused(
    as_alice: APIClient, pytorch: Skill, role: Role
) -> None:
    draft = start(as_alice)
    c = criteria(pytorch, role, 1)[0]
    response = as_alice.post(
        f"/api/v1/assessments/{draft['id']}/ratings/",
        {"ratings": [{"criterion": c, "value": 1}, {"criterion": c, "value": 3}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"ratings": ["Each criterion may appear only once."]}
    assert not CriterionRating.objects.exists()
