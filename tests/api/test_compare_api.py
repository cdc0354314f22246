"""GET /api/v1/skills/<slug>/compare/: the same comparison as the page, public,
with marks only from the caller's own snapshot."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from levels.ladder import ladder
from skills.models import Skill
from tests.api.conftest import token_client
from tests.factories import make_team
from tests.skills.compare_data import make_compare_matrix, submit_as_data_scientist
from tests.skills.test_compare import grow

pytestmark = pytest.mark.django_db

URL = "/api/v1/skills/pytorch/compare/"
LATERAL = URL + "?role=data-scientist&other=ml-engineer&level=3"


@pytest.fixture
def pytorch(db: None) -> Skill:
    return make_compare_matrix()


def texts(items: list[dict[str, object]]) -> list[object]:
    return [i["text"] for i in items]


def test_anyone_gets_two_roles_at_one_level_grouped(api: APIClient, pytorch: Skill) -> None:
    response = api.get(LATERAL)
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "roles"
    assert body["a"]["role_name"] == "Data Scientist"
    assert (body["b"]["level"], body["b"]["level_name"]) == (3, "Senior")
    assert [(p["a"]["key"], p["b"]["key"], p["matched_by"]) for p in body["shared"]] == [
        ("profile", "x-profile", "text")
    ]
    assert [(p["a"]["key"], p["matched_by"]) for p in body["reworded"]] == [("dist", "key")]
    assert texts(body["only_a"]) == ["Writes a custom autograd Function with a gradcheck."]
    assert texts(body["only_b"]) == ["Exports a model with torch.export."]
    assert body["mine"] is None
    assert body["only_b"][0]["met"] is None


def test_one_role_across_two_levels(api: APIClient, pytorch: Skill) -> None:
    body = api.get(URL + "?role=ml-engineer&level=3&to=4").json()
    assert body["mode"] == "levels"
    assert texts(body["only_b"]) == ["Leads the team's training platform."]
    assert [p["b"]["text"] for p in body["reworded"]] == [
        "Serves models with torch.export and AOTInductor in production."
    ]


def test_a_required_and_an_optional_cell(api: APIClient, pytorch: Skill) -> None:
    body = api.get(URL + "?role=data-scientist&other=ml-engineer&level=2").json()
    assert (body["a"]["required"], body["b"]["required"]) == (False, True)
    assert [p["a"]["key"] for p in body["required_differs"]] == ["compile"]


def test_alice_with_her_token_gets_her_own_marks(alice: User, pytorch: Skill) -> None:
    snapshot = submit_as_data_scientist(alice, pytorch)
    body = token_client(alice).get(LATERAL + "&mine=true").json()
    assert body["mine"]["snapshot"] == snapshot.pk
    assert body["mine"]["snapshot_role"] == "data-scientist"
    assert (body["mine"]["met"], body["mine"]["total"], body["mine"]["required"]) == (2, 3, True)
    assert body["only_b"][0]["met"] is False
    assert body["shared"][0]["b"]["met"] is True


def test_marks_need_asking_and_are_never_someone_elses(
    api: APIClient, alice: User, bob: User, pytorch: Skill
) -> None:
    make_team("ml-platform", managers=[bob], members=[alice])
    submit_as_data_scientist(alice, pytorch)
    assert token_client(alice).get(LATERAL).json()["mine"] is None
    assert token_client(bob).get(LATERAL + "&mine=true").json()["mine"] is None
    assert api.get(LATERAL + "&mine=true").json()["mine"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?role=nobody&level=3&other=ml-engineer", "role"),
        ("?role=ml-engineer&level=6&to=3", "level"),
        ("?role=ml-engineer&level=3&to=0", "to"),
        ("?role=ml-engineer&level=3&other=ml-engineer", "other"),
        ("?role=ml-engineer&level=3", "non_field_errors"),
        ("", "role"),
    ],
)
def test_bad_questions_are_400s_naming_the_parameter(
    api: APIClient, pytorch: Skill, query: str, field: str
) -> None:
    response = api.get(URL + query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]
    assert body["detail"]


def test_an_unknown_skill_is_a_404(api: APIClient, pytorch: Skill) -> None:
    response = api.get("/api/v1/skills/nope/compare/?role=ml-engineer&level=3&to=4")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def count(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow(api: APIClient, alice: User, pytorch: Skill) -> None:
    submit_as_data_scientist(alice, pytorch)
    as_alice = token_client(alice)
    ladder()
    as_alice.get(LATERAL)  # the token's first use records itself once
    small = (count(api, LATERAL), count(as_alice, LATERAL + "&mine=true"))
    grow(pytorch)
    submit_as_data_scientist(alice, pytorch)
    assert (count(api, LATERAL), count(as_alice, LATERAL + "&mine=true")) == small
    assert small[0] <= 4
