"""Forms and query strings: bytes that are not UTF-8 (``%ED%A0%80`` is a lone
surrogate encoded as if it were UTF-8) are refused with a 400 that names the
field, before any view; Django would otherwise turn them silently into
U+FFFD. The API's JSON bodies: tests/api/test_unencodable_text.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from accounts.models import User
from assessments.models import ManagerReview
from assessments.services import assessment_start, assessment_submit
from community.models import Proposal
from roles.models import Role
from tests.assessments.conftest import rate_levels
from tests.factories import make_matrix, make_team
from tests.html import form_data

pytestmark = pytest.mark.django_db

SURROGATE_AS_UTF8 = "%ED%A0%80"


def raw_body(data: dict[str, str], field: str) -> str:
    """The form as a browser would send it, with ``field`` set to bad bytes."""
    pairs = [f"{quote(k)}={quote(v)}" for k, v in data.items() if k != field]
    return "&".join([*pairs, f"{quote(field)}=a{SURROGATE_AS_UTF8}b"])


def post_raw(client: Client, url: str, body: str) -> Any:
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


@pytest.fixture
def snapshot(alice: User, bob: User) -> Any:
    skill = make_matrix(roles=1, criteria=2)
    make_team("ml-platform", managers=[bob], members=[alice])
    draft = assessment_start(engineer=alice, skill=skill, role=Role.objects.get())
    rate_levels(draft, {1: 3})
    return assessment_submit(assessment=draft, by=alice)


def test_a_suggestion_with_bytes_that_are_not_utf8_is_a_400_naming_the_field(
    client: Client, alice: User, snapshot: Any
) -> None:
    client.force_login(alice)
    url = "/skills/pytorch/suggest/level/2/"
    data = {**form_data(client.get(url), "suggest-form"), "rationale": "Clearer."}
    response = post_raw(client, url, raw_body(data, "description"))
    assert response.status_code == 400
    assert "“description” is not valid UTF-8 text" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_review_comment_with_bytes_that_are_not_utf8_is_a_400_naming_the_field(
    client: Client, bob: User, snapshot: Any
) -> None:
    client.force_login(bob)
    url = f"/assessments/{snapshot.pk}/review/"
    data = form_data(client.get(url), "review-form")
    response = post_raw(client, url, raw_body(data, "comment"))
    assert response.status_code == 400
    assert "“comment” is not valid UTF-8 text" in response.content.decode()
    assert not ManagerReview.objects.exists()


def test_a_query_string_that_is_not_utf8_is_a_400(client: Client, snapshot: Any) -> None:
    response = client.get(f"/skills/pytorch/?role=x{SURROGATE_AS_UTF8}")
    assert response.status_code == 400
    assert "“role” is not valid UTF-8 text" in response.content.decode()


def test_ordinary_text_in_any_script_goes_through(client: Client, bob: User, snapshot: Any) -> None:
    client.force_login(bob)
    url = f"/assessments/{snapshot.pk}/review/"
    data = {**form_data(client.get(url), "review-form"), "comment": "Gut gemacht, 很好 😀"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert ManagerReview.objects.get().comment == "Gut gemacht, 很好 😀"
