"""An engineer in an open cycle sees it first on "My assessments", with
where they stand and one button to start or resume."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Team, User
from assessments.models import Assessment
from assessments.services import assessment_start
from cycles.models import Cycle
from roles.models import Role
from skills.models import Skill
from tests.cycles.conftest import open_cycle, submit
from tests.html import visible_text

pytestmark = pytest.mark.django_db
URL = "/me/assessments/"


def test_it_says_when_the_self_assessment_is_due_and_offers_to_start(
    client: Any, alice: User, cycle: Cycle
) -> None:
    client.force_login(alice)
    response = client.get(URL)
    text = visible_text(response)
    assert "PyTorch Q1 — your self-assessment is due in 21 days." in text
    assert text.index("PyTorch Q1") < text.index("Assess yourself")  # first on the page
    assert "Start my self-assessment" in text
    # The button starts the existing flow with the cycle's skill and alice's role.
    started = client.post("/assessments/start/", {"skill": "pytorch", "role": "role-000"})
    draft = Assessment.objects.get(engineer=alice)
    assert started["Location"] == f"/assessments/{draft.pk}/"
    text = visible_text(client.get(URL))
    assert "Resume my self-assessment" in text
    assert f'href="/assessments/{draft.pk}/"' in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("days", "phrase"),
    [(20, "due in 1 day"), (21, "due today"), (22, "overdue by 1 day"), (23, "overdue by 2 days")],
)
def test_the_due_phrase_counts_days_properly(
    client: Any, alice: User, cycle: Cycle, days: int, phrase: str
) -> None:
    with time_machine.travel(timezone.now() + dt.timedelta(days=days), tick=False):
        client.force_login(alice)
        text = visible_text(client.get(URL))
    assert f"PyTorch Q1 — your self-assessment is {phrase}." in text


def test_once_submitted_it_says_so_and_links_the_result(
    client: Any, alice: User, cycle: Cycle, pytorch: Skill, role: Role
) -> None:
    snapshot = submit(alice, pytorch, role, {1: 3})
    client.force_login(alice)
    response = client.get(URL)
    assert "PyTorch Q1 — your self-assessment is submitted." in visible_text(response)
    assert f"/assessments/{snapshot.pk}/result/" in response.content.decode()


def test_an_engineer_outside_the_cycle_sees_nothing_of_it(
    client: Any, mallory: User, cycle: Cycle
) -> None:
    client.force_login(mallory)
    assert "PyTorch Q1" not in visible_text(client.get(URL))


def test_without_a_role_the_button_leads_to_the_form(
    client: Any, alice: User, cycle: Cycle
) -> None:
    User.objects.filter(pk=alice.pk).update(role=None)
    client.force_login(alice)
    assert "Choose a role and start" in visible_text(client.get(URL))


@pytest.mark.parametrize("cycles", [1, 6])
def test_the_page_takes_the_same_queries_however_many_cycles(
    client: Any, alice: User, carol: User, pytorch: Skill, team: Team, cycles: int,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    for i in range(cycles):
        open_cycle(carol, pytorch, [team], name=f"Cycle {i}")
    assessment_start(engineer=alice, skill=pytorch, role=Role.objects.get(slug="role-000"))
    client.force_login(alice)
    client.get(URL)
    with django_assert_max_num_queries(16):
        assert "Cycle 0" in visible_text(client.get(URL))


def test_the_start_button_carries_a_csrf_token(alice: User, cycle: Cycle) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    html = client.get(URL).content.decode()
    panel = html.split('id="cycles-title"', 1)[1].split("</section>", 1)[0]
    token = panel.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert len(token) > 20
    response = client.post(
        "/assessments/start/",
        {"skill": "pytorch", "role": "role-000", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
