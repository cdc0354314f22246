"""The members page reads its POST through forms: hostile values are a 400
with a message on the page, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Membership, Team, User
from tests.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"remove": "x\x00y"}, "Null characters are not allowed."),
        ({"remove": ""}, "This field is required."),
        ({"remove": "a" * 151}, "Ensure this value has at most 150 characters"),
        ({"who": "x\x00y"}, "Null characters are not allowed."),
    ],
)
def test_hostile_member_changes_are_a_400_with_a_message(
    client: Client, bob: User, team: Team, data: dict[str, str], message: str
) -> None:
    before = list(Membership.objects.values())
    client.force_login(bob)
    response = client.post("/teams/ml-platform/members/", data)
    assert response.status_code == 400
    assert message in visible_text(response)
    assert list(Membership.objects.values()) == before


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/language/", {"language": "de\x00", "next": "/\x00"}),
        ("/language/", {"language": "de", "next": "/\x00"}),
        ("/skills/pytorch/follow/", {"action": "un\x00follow"}),
        ("/accounts/login/", {"username": "alice\x00", "password": "x\x00"}),
        ("/accounts/password_reset/", {"email": "alice\x00@example.com"}),
        ("/accounts/profile/", {"first_name": "A\x00", "email": "alice@example.com"}),
        ("/accounts/tokens/", {"name": "x\x00"}),
    ],
)
def test_other_raw_posts_with_a_nul_are_never_a_500(
    client: Client, alice: User, url: str, data: dict[str, str]
) -> None:
    from tests.factories import make_matrix

    make_matrix(roles=1, criteria=1)
    client.force_login(alice)
    assert client.post(url, data).status_code < 500
