"""Curators see what in the matrix has gone out of date, with a way to fix
each cell; nobody else sees the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification, User
from community.models import Follow
from skills.models import Criterion, Expectation, LearningLink, Skill
from skills.staleness import months_before
from tests.factories import make_matrix
from tests.html import visible_text

pytestmark = pytest.mark.django_db

URL = "/curate/out-of-date/"


def reviewed_today(skill: Skill) -> None:
    Expectation.objects.filter(skill=skill).update(last_reviewed=timezone.localdate())


@pytest.fixture
def stale(pytorch: Skill) -> Skill:
    """Everything reviewed today except one cell; one criterion names a
    watched API, one link points at documentation that moved."""
    reviewed_today(pytorch)
    pytorch.watch_terms = [{"term": "torch.jit", "successor": "torch.export"}]
    pytorch.moved_links = [{"from": "https://example.com/", "to": "https://docs.example.com/"}]
    pytorch.save()
    LearningLink.objects.exclude(
        expectation__role__slug="role-001", expectation__level__number=4
    ).update(url="https://elsewhere.example.org/doc")
    Criterion.objects.filter(
        expectation__role__slug="role-000", expectation__level__number=3, position=2
    ).update(text="Scripts models with torch.jit")
    Expectation.objects.filter(skill=pytorch, role__slug="role-001", level__number=2).update(
        last_reviewed=None
    )
    return pytorch


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_engineers_managers_and_other_teams_are_refused(
    client: Client, stale: Skill, alice: User, bob: User, mallory: User
) -> None:
    for person in (alice, bob, mallory):
        client.force_login(person)
        assert client.get(URL).status_code == 403, person
        assert "Out of date" not in visible_text(client.get("/skills/pytorch/"))


def test_dave_the_curator_sees_each_finding_under_its_cell_with_ways_to_fix_it(
    client: Client, stale: Skill, dave: User
) -> None:
    client.force_login(dave)
    response = client.get(URL)
    assert response.status_code == 200
    text = visible_text(response)
    assert "3 findings. Watched term: 1. Moved documentation: 1. Not reviewed: 1." in text
    assert (
        "Role 000 · level 3 (Senior) Watched term criterion “c2” — names “torch.jit” "
        "(watched: use torch.export) but is neither marked deprecated nor names the successor"
    ) in text
    assert (
        "Role 001 · level 2 (Middle) Not reviewed never reviewed (no last_reviewed date)"
    ) in text
    assert (
        "Role 001 · level 4 (Lead / Staff) Moved documentation "
        "https://example.com/1 is on documentation that moved: use https://docs.example.com/1"
    ) in text
    html = response.content.decode()
    assert 'href="/skills/pytorch/edit/role-000/3/"' in html
    assert 'href="/skills/pytorch/suggest/role-000/3/"' in html
    # the admin is for staff: dave curates through the group only
    assert "/admin/skills/expectation/" not in html
    # and the header shows the way here
    assert f'href="{URL}" aria-current="page"' in html


def test_a_german_curator_reads_the_findings_in_german(
    client: Client, stale: Skill, dave: User
) -> None:
    dave.language = "de"
    dave.save()
    client.force_login(dave)
    text = visible_text(client.get(URL))
    assert (
        "Kriterium „c2“ — nennt „torch.jit“ (beobachtet: verwende torch.export), ist aber "
        "weder als veraltet markiert noch nennt es den Nachfolger"
    ) in text
    assert "nie geprüft (kein last_reviewed-Datum)" in text
    assert "https://example.com/1 liegt auf umgezogener Dokumentation" in text


def test_carol_the_admin_also_gets_the_admin_page_of_each_cell(
    client: Client, stale: Skill, carol: User
) -> None:
    client.force_login(carol)
    html = client.get(URL).content.decode()
    cell = Expectation.objects.get(skill=stale, role__slug="role-001", level__number=4)
    assert f'href="/admin/skills/expectation/{cell.pk}/change/"' in html
    assert "Change in the admin" in visible_text(html)


def test_when_nothing_is_out_of_date_the_page_says_so(
    client: Client, pytorch: Skill, dave: User
) -> None:
    reviewed_today(pytorch)
    client.force_login(dave)
    text = visible_text(client.get(URL))
    assert "Nothing is out of date" in text
    assert "findings" not in text


def test_a_cell_reviewed_longer_ago_than_the_review_period_is_listed(
    client: Client, pytorch: Skill, dave: User, settings: Any
) -> None:
    reviewed_today(pytorch)
    settings.MATRIX_REVIEW_MONTHS = 1
    Expectation.objects.filter(role__slug="role-000", level__number=5).update(
        last_reviewed=months_before(timezone.localdate(), 1) - dt.timedelta(days=1)
    )
    client.force_login(dave)
    text = visible_text(client.get(URL))
    assert "1 finding." in text
    assert "Role 000 · level 5 (Principal) Not reviewed last reviewed" in text


def queries_for(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_whatever_the_size_of_the_matrix(
    client: Client, dave: User
) -> None:
    client.force_login(dave)
    make_matrix(roles=1, criteria=1)
    small = queries_for(client)
    assert "5 findings." in visible_text(client.get(URL))
    for n in range(3):
        make_matrix(roles=4, criteria=5, skill_slug=f"skill-{n}")
    large = queries_for(client)
    assert "65 findings." in visible_text(client.get(URL))
    assert small == large
    # session, user, curate permission (2), header (3), skills, cells,
    # criteria, links, roles, levels
    assert large <= 13


# -- Reviewed today --------------------------------------------------------------


def review_url(skill: Skill, role: str = "role-001", level: int = 2) -> str:
    cell = Expectation.objects.get(skill=skill, role__slug=role, level__number=level)
    return f"/curate/cells/{cell.pk}/reviewed/"


def test_dave_marks_a_cell_reviewed_and_its_finding_goes(
    client: Client, stale: Skill, dave: User, alice: User
) -> None:
    Follow.objects.create(user=alice, skill=stale)
    client.force_login(dave)
    page = client.get(URL).content.decode()
    assert f'action="{review_url(stale)}"' in page  # only on the unreviewed cell
    assert page.count("Reviewed today</button>") == 1

    response = client.post(review_url(stale), follow=True)

    text = visible_text(response)
    assert "Role 001 at Middle in Pytorch is marked as reviewed today." in text
    assert "Not reviewed" not in text
    assert "2 findings." in text
    cell = Expectation.objects.get(skill=stale, role__slug="role-001", level__number=2)
    assert cell.last_reviewed == timezone.localdate()
    assert cell.history.latest().history_user == dave
    stale.refresh_from_db()
    assert stale.version == 2  # the matrix API shows the date
    assert not Notification.objects.filter(user=alice).exists()  # nothing to read


@pytest.mark.parametrize("who", ["alice", "bob", "mallory"])
def test_only_curators_can_mark_a_cell_reviewed(
    client: Client, stale: Skill, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.post(review_url(stale)).status_code == 403
    assert Expectation.objects.filter(last_reviewed__isnull=True).count() == 1


def test_marking_reviewed_needs_a_signed_in_post(client: Client, stale: Skill, dave: User) -> None:
    assert client.post(review_url(stale))["Location"].startswith("/accounts/login/")
    client.force_login(dave)
    assert client.get(review_url(stale)).status_code == 405
    assert client.post("/curate/cells/999999/reviewed/").status_code == 404
    assert Expectation.objects.filter(last_reviewed__isnull=True).count() == 1
