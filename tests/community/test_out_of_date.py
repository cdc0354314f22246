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

from accounts.models import User
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
