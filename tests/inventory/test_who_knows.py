"""Who knows X: people opt in per skill; anyone signed in finds those who did,
by skill and lowest level; nobody else ever appears."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Team, User
from inventory.models import SkillVisibility
from roles.models import Role
from skills.models import Skill
from tests.conftest import make_user
from tests.html import visible_text
from tests.inventory.conftest import signed_in, snapshot

pytestmark = pytest.mark.django_db

SEARCH = "/people/who-knows/?skill=pytorch&min_level=2"


@pytest.fixture
def alice_at_senior(alice: User, pytorch: Skill, role: Role, team: Team) -> None:
    snapshot(alice, pytorch, role, {1: 2, 2: 2, 3: 2})


def opt(client: Client, user: User, visible: bool, skill: str = "pytorch") -> None:
    client.force_login(user)
    response = client.post(
        f"/me/skills/{skill}/visibility/", {"visible": "on"} if visible else {}, follow=True
    )
    assert response.status_code == 200


def found(client: Client, searcher: User, url: str = SEARCH) -> str:
    client.force_login(searcher)
    response = client.get(url)
    assert response.status_code == 200
    return visible_text(response)


def test_alice_opts_in_and_bob_finds_her_by_skill(
    client: Client, alice: User, bob: User, alice_at_senior: None
) -> None:
    assert "alice" not in found(client, bob).split("Pytorch at Middle or above")[1]
    client.force_login(alice)
    page = visible_text(
        client.post("/me/skills/pytorch/visibility/", {"visible": "on"}, follow=True)
    )
    assert "Colleagues who search for Pytorch now find you with your level." in page
    assert "Shown to colleagues Stop showing" in page
    assert "alice Senior (Intermediate)" in found(client, bob)


def test_anyone_signed_in_finds_her_not_only_her_manager(
    client: Client, alice: User, mallory: User, alice_at_senior: None
) -> None:
    opt(client, alice, True)
    assert "alice Senior (Intermediate)" in found(client, mallory)


def test_opting_out_removes_her_at_once(
    client: Client, alice: User, bob: User, alice_at_senior: None
) -> None:
    opt(client, alice, True)
    assert "alice Senior" in found(client, bob)
    opt(client, alice, False)
    page = found(client, bob)
    assert "alice" not in page.split("Pytorch at Middle or above")[1]
    assert "Nobody who chose to be found has reached this level yet." in page


def test_someone_who_did_not_opt_in_never_appears(
    client: Client, alice: User, bob: User, mallory: User, pytorch: Skill, role: Role,
    alice_at_senior: None,
) -> None:  # fmt: skip
    snapshot(mallory, pytorch, role, {1: 2, 2: 2, 3: 2})
    opt(client, alice, True)
    page = found(client, bob)
    assert "alice Senior" in page
    assert "mallory" not in page


def test_an_opt_in_for_another_skill_shows_nothing_here(
    client: Client, alice: User, bob: User, jax: Skill, alice_at_senior: None
) -> None:
    opt(client, alice, True, skill="jax")
    assert "alice" not in found(client, bob).split("Pytorch at Middle or above")[1]


def test_a_deactivated_account_never_appears(
    client: Client, alice: User, bob: User, alice_at_senior: None
) -> None:
    opt(client, alice, True)
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert "alice" not in found(client, bob).split("Pytorch at Middle or above")[1]


def test_the_minimum_level_counts_the_latest_snapshot(
    client: Client, alice: User, bob: User, pytorch: Skill, role: Role, alice_at_senior: None
) -> None:
    opt(client, alice, True)
    assert "alice Senior" in found(client, bob, "/people/who-knows/?skill=pytorch&min_level=3")
    assert (
        "alice"
        not in found(client, bob, "/people/who-knows/?skill=pytorch&min_level=4").split(
            "Lead / Staff or above"
        )[1]
    )
    snapshot(alice, pytorch, role, {1: 2, 2: 1})  # her latest now reaches Junior only
    assert "alice" not in found(client, bob).split("Pytorch at Middle or above")[1]
    assert "alice Junior" in found(client, bob, "/people/who-knows/?skill=pytorch")


def test_highest_level_first(
    client: Client, alice: User, bob: User, pytorch: Skill, role: Role, alice_at_senior: None
) -> None:
    dan = make_user("dan", first_name="Dan", last_name="Ng")
    snapshot(dan, pytorch, role, {1: 2, 2: 2, 3: 2, 4: 2})
    opt(client, alice, True)
    opt(client, dan, True)
    assert "Dan Ng Lead / Staff (Advanced) " in found(client, bob)
    page = found(client, bob)
    assert page.index("Dan Ng") < page.index("alice Senior")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("skill=nope", "No skill has the slug “nope”."),
        ("skill=", "Choose a skill."),
        ("min_level=2", "Choose a skill."),
        (
            "skill=pytorch&min_level=abc",
            "The level must be a number from 1 (Junior) to 5 (Principal).",
        ),
        (
            "skill=pytorch&min_level=0",
            "The level must be a number from 1 (Junior) to 5 (Principal).",
        ),
        (
            "skill=pytorch&min_level=6",
            "The level must be a number from 1 (Junior) to 5 (Principal).",
        ),
        ("skill=pytorch&min_level=99999999999999999999", "The level must be a number from 1"),
    ],
)
def test_bad_input_is_a_400_with_a_message(
    client: Client, bob: User, pytorch: Skill, query: str, message: str
) -> None:
    client.force_login(bob)
    response = client.get(f"/people/who-knows/?{query}")
    assert response.status_code == 400
    assert message in visible_text(response)


def test_the_search_form_starts_empty(client: Client, bob: User, pytorch: Skill) -> None:
    client.force_login(bob)
    response = client.get("/people/who-knows/")
    assert response.status_code == 200
    assert "Pytorch" in visible_text(response)
    assert "or above" not in visible_text(response)


def test_anonymous_is_sent_to_sign_in(client: Client, pytorch: Skill) -> None:
    response = client.get(SEARCH)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    posted = client.post("/me/skills/pytorch/visibility/", {"visible": "on"})
    assert posted.status_code == 302
    assert posted["Location"].startswith("/accounts/login/")
    assert not SkillVisibility.objects.exists()


def test_the_toggle_needs_a_post_with_a_csrf_token(alice: User, pytorch: Skill) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post("/me/skills/pytorch/visibility/", {"visible": "on"}).status_code == 403
    assert client.get("/me/skills/pytorch/visibility/").status_code == 405
    assert not SkillVisibility.objects.exists()


def test_opting_in_for_an_unknown_skill_is_a_404(client: Client, alice: User) -> None:
    client.force_login(alice)
    assert client.post("/me/skills/nope/visibility/", {"visible": "on"}).status_code == 404


def test_the_privacy_section_of_the_profile_explains_it(client: Client, alice: User) -> None:
    signed_in(client, alice)
    page = visible_text(client.get("/accounts/profile/"))
    assert "“Who knows…?” lists only the people who chose it, skill by skill" in page
