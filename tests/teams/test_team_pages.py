"""The team page, calibration queue, CSV export and member management, with
the whole cast: only the team's managers get in."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Membership, Team, User
from assessments.models import Assessment
from assessments.services import ManagerInput, review_save
from roles.models import Role
from skills.models import Skill
from tests.conftest import make_user
from tests.factories import make_team
from tests.html import between, visible_text
from tests.teams.conftest import snapshot

pytestmark = pytest.mark.django_db

TEAM_URLS = [
    "/teams/ml-platform/",
    "/teams/ml-platform/?role=role-000&expand=1&sort=readiness",
    "/teams/ml-platform/calibration/",
    "/teams/ml-platform/export.csv",
    "/teams/ml-platform/members/",
]


@pytest.mark.parametrize("url", TEAM_URLS)
def test_the_teams_manager_can_open_every_team_url(
    client: Client, bob: User, alice_snapshot: Assessment, url: str
) -> None:
    client.force_login(bob)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["alice", "mallory", "carol"])
@pytest.mark.parametrize("url", TEAM_URLS)
def test_members_other_teams_and_admins_get_a_404(
    client: Client, alice_snapshot: Assessment, other_team: Team, who: str, url: str,
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 404
    assert client.post("/teams/ml-platform/members/", {"who": "mallory"}).status_code == 404
    assert (
        Membership.objects.filter(user__username="mallory", team__slug="ml-platform").count() == 0
    )


def test_a_manager_of_another_team_gets_a_404(
    client: Client, alice_snapshot: Assessment, mallory: User
) -> None:
    dave = make_user("dave")
    make_team("vision", managers=[dave], members=[mallory])
    client.force_login(dave)
    for url in TEAM_URLS:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("url", [*TEAM_URLS, "/teams/", "/teams/gaps/"])
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, team: Team, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_heatmap_shows_each_member_with_text_statuses(
    client: Client, bob: User, team: Team, alice_snapshot: Assessment, pytorch: Skill, role: Role
) -> None:
    dan = make_user("dan", first_name="Dan")
    Membership.objects.create(team=team, user=dan, role="member")
    snapshot(dan, pytorch, role, {1: 2, 2: 2, 3: 2, 4: 1})
    erin = make_user("erin")  # never assessed
    Membership.objects.create(team=team, user=erin, role="member")
    client.force_login(bob)

    page = visible_text(client.get("/teams/ml-platform/"))

    heat = between(page, "Heatmap", "Most common gaps")
    assert "alice Role 000 Middle Senior: 6/9" in heat
    assert "met met not yet not yet not yet" in between(heat, "alice", "Dan")
    assert "Dan Role 000 Senior Lead / Staff: 9/12" in heat
    assert (
        "erin — — — not assessed not assessed not assessed not assessed not assessed not assessed"
        in heat
    )


def test_sorting_by_readiness_and_filtering_by_role(
    client: Client, bob: User, team: Team, alice_snapshot: Assessment, pytorch: Skill
) -> None:
    other_role = Role.objects.get(slug="role-001")
    dan = make_user("dan")
    Membership.objects.create(team=team, user=dan, role="member")
    snapshot(dan, pytorch, other_role, {1: 2, 2: 2, 3: 2, 4: 2})
    client.force_login(bob)
    by_readiness = visible_text(client.get("/teams/ml-platform/", {"sort": "readiness"}))
    heat = between(by_readiness, "Heatmap", "Most common gaps")
    assert heat.index("dan") < heat.index("alice")
    only_000 = between(
        visible_text(client.get("/teams/ml-platform/", {"role": "role-000"})),
        "Heatmap",
        "Most common",
    )
    assert "alice" in only_000
    assert "dan" not in only_000


def test_expanded_heatmap_has_a_column_per_criterion(
    client: Client, bob: User, alice_snapshot: Assessment
) -> None:
    client.force_login(bob)
    html = client.get("/teams/ml-platform/", {"role": "role-000", "expand": "1"}).content.decode()
    assert html.count('class="heatmap__criterion"') == 15
    assert html.count('<td class="status status--met">') == 6


def test_most_common_gaps_and_ready_for_promotion(
    client: Client, bob: User, team: Team, alice_snapshot: Assessment, pytorch: Skill, role: Role
) -> None:
    dan = make_user("dan")
    Membership.objects.create(team=team, user=dan, role="member")
    snapshot(dan, pytorch, role, {1: 2, 2: 2, 3: 2})  # ready for Lead? no: target is 4
    hana = make_user("hana")
    Membership.objects.create(team=team, user=hana, role="member")
    hana.career_level = role.expectations.first().level  # type: ignore[union-attr]
    hana.save()
    snapshot(hana, pytorch, role, {1: 2, 2: 2})  # career Junior, meets up to Middle
    client.force_login(bob)
    page = visible_text(client.get("/teams/ml-platform/"))
    gaps = between(page, "Most common gaps", "Ready for promotion")
    assert "Role 000 L3 #1" in gaps
    assert "1 member: alice" in gaps
    ready = between(page, "Ready for promotion", "Median level over time")
    assert "hana Middle ready no review" in ready
    assert "alice" not in ready


def test_the_calibration_queue_lists_two_step_disagreements(
    client: Client, bob: User, alice_snapshot: Assessment
) -> None:
    rows = list(alice_snapshot.ratings.filter(frozen_level=1).order_by("frozen_position"))
    review_save(
        assessment=alice_snapshot,
        team=Team.objects.get(slug="ml-platform"),
        by=bob,
        ratings={rows[0]: ManagerInput(1), rows[1]: ManagerInput(2)},
        comment="",
    )
    client.force_login(bob)
    page = visible_text(client.get("/teams/ml-platform/calibration/"))
    assert "alice Role 000 L1 #1 Exceeds Learning 2 steps" in page
    assert "Role 000 L1 #2" not in page
    assert "Calibration queue (1)" in visible_text(client.get("/teams/ml-platform/"))


def test_the_csv_export_has_a_row_per_member_and_criterion(
    client: Client, bob: User, alice_snapshot: Assessment
) -> None:
    rows = list(alice_snapshot.ratings.filter(frozen_level=1).order_by("frozen_position"))
    review_save(
        assessment=alice_snapshot,
        team=Team.objects.get(slug="ml-platform"),
        by=bob,
        ratings={rows[0]: ManagerInput(1)},
        comment="",
    )
    alice = alice_snapshot.engineer
    alice.first_name = "=HYPERLINK(evil)"
    alice.save()
    client.force_login(bob)
    response = client.get("/teams/ml-platform/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="ml-platform-pytorch-all.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert table[0][:4] == ["team", "username", "name", "role"]
    assert len(table) == 1 + 15
    first = table[1]
    assert first[1] == "alice"
    assert first[2] == "'=HYPERLINK(evil)"  # never a live formula
    assert first[7:] == ["c1", "Role 000 L1 #1", "yes", "Exceeds", "Learning"]


def test_a_manager_adds_and_removes_members(
    client: Client, bob: User, team: Team, mallory: User
) -> None:
    client.force_login(bob)
    response = client.post("/teams/ml-platform/members/", {"who": "MALLORY@example.com"})
    assert response["Location"] == "/teams/ml-platform/members/"
    assert Membership.objects.filter(team=team, user=mallory, role="member").exists()
    response = client.post("/teams/ml-platform/members/", {"remove": "mallory"})
    assert not Membership.objects.filter(team=team, user=mallory).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"who": "nobody"}, "No active account has the username or email “nobody”."),
        ({"who": "alice"}, "alice is already in Ml Platform or invited to it."),
        ({"who": ""}, "This field is required."),
        (
            {"remove": "bob"},
            "bob is not a member of Ml Platform; managers are changed by an administrator.",
        ),
    ],
)
def test_bad_member_changes_are_refused_with_a_message(
    client: Client, bob: User, team: Team, data: dict[str, str], message: str
) -> None:
    before = list(Membership.objects.values())
    client.force_login(bob)
    response = client.post("/teams/ml-platform/members/", data)
    assert response.status_code == 400
    assert message in visible_text(response)
    assert list(Membership.objects.values()) == before


def test_admins_see_aggregates_only_for_teams_of_five_or_more(
    client: Client, carol: User, team: Team, pytorch: Skill, role: Role
) -> None:
    people = [make_user(f"eng{i}") for i in range(5)]
    make_team("big-team", members=people)
    for person in people:
        snapshot(person, pytorch, role, {1: 2, 2: 2})
    client.force_login(carol)
    page = visible_text(client.get("/teams/"))
    assert "Big Team 5 5 2 (Middle)" in page
    assert "Ml Platform 1 hidden: fewer than 5 people assessed" in page


def test_org_wide_gaps_hide_small_groups_and_names(
    client: Client, carol: User, team: Team, alice_snapshot: Assessment, pytorch: Skill, role: Role
) -> None:
    people = [make_user(f"eng{i}") for i in range(6)]
    make_team("big-team", members=people)
    for person in people[:5]:
        snapshot(person, pytorch, role, {1: 2, 2: 1})
    snapshot(people[5], pytorch, role, {1: 1})
    client.force_login(carol)
    page = visible_text(client.get("/teams/gaps/"))
    table = between(page, "People missing it", "Skills Matrix —")
    assert "Role 000 L2 #1 Required Role 000 · Middle 5" in table
    assert "L1 #1" not in table  # only one person misses it
    assert "eng" not in table
    assert "alice" not in table
    assert "6 assessed people in 1 team." in page


def test_engineers_cannot_see_the_org_wide_gaps(
    client: Client, alice: User, bob: User, team: Team
) -> None:
    for person in (alice, bob):
        client.force_login(person)
        assert client.get("/teams/gaps/").status_code == 404


def test_the_trend_uses_the_latest_of_two_snapshots_on_the_same_day(
    client: Client, bob: User, alice: User, team: Team, pytorch: Skill, role: Role
) -> None:
    snapshot(alice, pytorch, role, {1: 2})
    snapshot(alice, pytorch, role, {1: 2, 2: 2, 3: 2})  # same day, later
    client.force_login(bob)
    page = visible_text(client.get("/teams/ml-platform/"))
    trend = between(page, "Median level over time", "Skills Matrix —")
    # The last point is the end of the month the snapshots were taken in: today.
    this_month = date_format(timezone.localdate(), "YEAR_MONTH_FORMAT")
    assert trend.strip().endswith(f"{this_month} 3")


def test_staff_who_are_not_superusers_cannot_read_snapshots_in_the_django_admin(
    client: Client, alice_snapshot: Assessment
) -> None:
    staff = make_user("sam", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__endswith="assessment"))
    client.force_login(staff)
    assert client.get("/admin/assessments/assessment/").status_code == 403


def test_each_row_follows_the_members_profile_role_or_the_role_filtered_by(
    client: Client, bob: User, alice: User, team: Team, alice_snapshot: Assessment, pytorch: Skill
) -> None:
    alice.role = Role.objects.get(slug="role-000")
    alice.save()
    other_role = Role.objects.get(slug="role-001")
    snapshot(alice, pytorch, other_role, {1: 2, 2: 2, 3: 2})  # later, in another role
    client.force_login(bob)

    mine = between(visible_text(client.get("/teams/ml-platform/")), "Heatmap", "Most common")
    assert "alice Role 000 Middle Senior: 6/9" in mine

    other = visible_text(client.get("/teams/ml-platform/", {"role": "role-001"}))
    assert "alice Role 001 Senior Lead / Staff: 9/12" in between(other, "Heatmap", "Most common")
