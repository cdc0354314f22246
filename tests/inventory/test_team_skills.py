"""A team across skills: the member x skill grid and its CSV, for the team's
managers only — the per-skill heatmap's rule (teams.access)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from accounts.models import Membership, Team, User
from roles.models import Role
from skills.models import Skill
from tests.conftest import make_user
from tests.html import visible_text
from tests.inventory.conftest import signed_in, snapshot

pytestmark = pytest.mark.django_db

PAGES = ["/teams/ml-platform/skills/", "/teams/ml-platform/skills/export.csv"]


@pytest.fixture
def assessed(alice: User, pytorch: Skill, jax: Skill, role: Role, team: Team) -> None:
    """alice: PyTorch at Middle, JAX at Senior; dan (also in the team): nothing."""
    snapshot(alice, pytorch, role, {1: 2, 2: 2})
    snapshot(alice, jax, role, {1: 2, 2: 2, 3: 2})
    Membership.objects.create(team=team, user=make_user("dan"), role="member")


def csv_rows(response: object) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(body)))


def test_bob_sees_each_member_s_level_in_each_skill(
    client: Client, bob: User, assessed: None
) -> None:
    client.force_login(bob)
    response = client.get("/teams/ml-platform/skills/")
    page = visible_text(response)
    assert "Member Jax Pytorch alice Senior Middle dan — —" in page
    html = response.content.decode()
    assert 'href="/teams/ml-platform/?skill=jax"' in html
    assert 'href="/teams/ml-platform/skills/export.csv"' in html


def test_the_csv_has_a_row_per_member_and_a_column_per_skill(
    client: Client, bob: User, assessed: None
) -> None:
    client.force_login(bob)
    response = client.get("/teams/ml-platform/skills/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert csv_rows(response) == [
        ["team", "username", "name", "Jax", "Pytorch"],
        ["ml-platform", "alice", "alice", "Senior", "Middle"],
        ["ml-platform", "dan", "dan", "", ""],
    ]


def test_a_name_that_looks_like_a_formula_stays_text_in_the_csv(
    client: Client, bob: User, alice: User, assessed: None
) -> None:
    User.objects.filter(pk=alice.pk).update(first_name="=HYPERLINK(1)", last_name="+x")
    client.force_login(bob)
    rows = csv_rows(client.get("/teams/ml-platform/skills/export.csv"))
    assert rows[1][2] == "'=HYPERLINK(1) +x"


def test_an_invited_member_who_has_not_accepted_is_not_in_the_grid(
    client: Client, bob: User, team: Team, pytorch: Skill, role: Role, assessed: None
) -> None:
    erin = make_user("erin")
    snapshot(erin, pytorch, role, {1: 2})
    Membership.objects.create(team=team, user=erin, role="member", status="invited")
    client.force_login(bob)
    assert "erin" not in visible_text(client.get("/teams/ml-platform/skills/"))


def test_the_grid_follows_the_heatmap_s_role_rule(
    client: Client, bob: User, alice: User, pytorch: Skill, role: Role, assessed: None
) -> None:
    """With a profile role, only snapshots in that role count, as on the heatmap."""
    other = Role.objects.get(slug="role-001")
    User.objects.filter(pk=alice.pk).update(role=other)
    client.force_login(bob)
    page = visible_text(client.get("/teams/ml-platform/skills/"))
    assert "No member has submitted an assessment in their role yet." in page
    snapshot(alice, pytorch, other, {1: 2})
    assert "Pytorch alice Junior" in visible_text(client.get("/teams/ml-platform/skills/"))


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["alice", "mallory", "trent", "carol"])
def test_nobody_but_the_team_s_managers_gets_the_grid(
    client: Client, url: str, who: str, request: pytest.FixtureRequest, assessed: None,
    other_team: Team, carol: User,
) -> None:  # fmt: skip
    """alice (a member), mallory (another team), trent (another team's manager)
    and carol (an admin: aggregates only) all get a 404, as on the heatmap."""
    signed_in(client, request.getfixturevalue(who))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_sign_in(client: Client, url: str, assessed: None) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_team_is_a_404(client: Client, bob: User) -> None:
    client.force_login(bob)
    assert client.get("/teams/nope/skills/").status_code == 404


def test_the_team_page_links_to_the_grid(client: Client, bob: User, assessed: None) -> None:
    client.force_login(bob)
    assert 'href="/teams/ml-platform/skills/"' in client.get("/teams/ml-platform/").content.decode()


def test_an_admin_who_manages_the_team_sees_it(
    client: Client, carol: User, team: Team, assessed: None
) -> None:
    Membership.objects.create(team=team, user=carol, role="manager")
    client.force_login(carol)
    assert client.get("/teams/ml-platform/skills/").status_code == 200
