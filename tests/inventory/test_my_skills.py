"""My skills: one page across every skill a person has assessed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Team, User
from cycles.services import cycle_create
from inventory.rules import IN_PROGRESS, NOTHING_REQUIRED, READY, TOP, readiness_state
from levels.models import Level
from plans.services import plan_item_create
from roles.models import Role
from skills.models import Criterion, Skill
from tests.html import visible_text
from tests.inventory.conftest import snapshot

pytestmark = pytest.mark.django_db


def test_readiness_reads_the_figures_a_snapshot_froze() -> None:
    assert readiness_state(target_level=None, required_met=0, required_total=0).state == TOP
    assert readiness_state(target_level=3, required_met=0, required_total=0).state == (
        NOTHING_REQUIRED
    )
    assert readiness_state(target_level=3, required_met=4, required_total=4).state == READY
    in_progress = readiness_state(target_level=3, required_met=3, required_total=4)
    assert (in_progress.state, in_progress.required_met, in_progress.required_total) == (
        IN_PROGRESS,
        3,
        4,
    )


def test_alice_sees_each_assessed_skill_with_level_readiness_and_date(
    client: Client, alice: User, pytorch: Skill, jax: Skill, role: Role, team: Team
) -> None:
    snapshot(alice, pytorch, role, {1: 2, 2: 2, 3: 1})  # an older one, level 2
    snapshot(alice, pytorch, role, {1: 2, 2: 1})  # the latest: level 1
    snapshot(alice, jax, role, {1: 2, 2: 2, 3: 2})
    client.force_login(alice)
    page = visible_text(client.get("/me/skills/"))
    today = timezone.localdate()
    day = date_format(today, "DATE_FORMAT")
    assert f"Jax Role 000 Senior (Intermediate) Lead / Staff: 6 of 8 required met {day}" in page
    assert f"Pytorch Role 000 Junior (Fundamental Awareness) Middle: 2 of 4 required met {day}" in (
        page
    )
    html = client.get("/me/skills/").content.decode()
    assert 'href="/skills/pytorch/"' in html
    assert 'href="/skills/jax/"' in html
    assert "Not assessed yet You have assessed every skill." in page


def test_someone_without_snapshots_sees_the_empty_state_and_can_start(
    client: Client, bob: User, pytorch: Skill, role: Role
) -> None:
    User.objects.filter(pk=bob.pk).update(role=role)
    client.force_login(bob)
    response = client.get("/me/skills/")
    page = visible_text(response)
    assert "You have not submitted an assessment yet." in page
    assert "Not assessed yet Pytorch Start assessment" in page
    html = response.content.decode()
    assert 'action="/assessments/start/"' in html
    assert 'name="skill" value="pytorch"' in html
    assert 'name="role" value="role-000"' in html
    started = client.post("/assessments/start/", {"skill": "pytorch", "role": "role-000"})
    assert started.status_code == 302
    assert bob.assessments.drafts().count() == 1


def test_without_a_profile_role_start_goes_to_my_assessments_with_the_skill(
    client: Client, bob: User, pytorch: Skill
) -> None:
    client.force_login(bob)
    html = client.get("/me/skills/").content.decode()
    assert 'href="/me/assessments/?skill=pytorch#start-title"' in html


def test_the_open_cycle_and_open_plan_items_of_each_skill_show(
    client: Client, alice: User, carol: User, pytorch: Skill, jax: Skill, role: Role, team: Team
) -> None:
    first = snapshot(alice, pytorch, role, {1: 2})
    snapshot(alice, jax, role, {1: 2})
    today = timezone.localdate()
    cycle = cycle_create(
        by=carol, name="PyTorch Q1", skill=pytorch, teams=[team], everyone=False,
        opens_on=today, self_due=today + dt.timedelta(days=21),
        review_due=today + dt.timedelta(days=35),
    )  # fmt: skip
    for criterion in Criterion.objects.filter(
        expectation__skill=pytorch, expectation__role=role, expectation__level__number=2
    ):
        plan_item_create(
            engineer=alice, criterion=criterion, skill=pytorch, snapshot=first,
            action="Practise", resource_url=None, target_date=today + dt.timedelta(days=30),
            by=alice,
        )  # fmt: skip
    client.force_login(alice)
    html = client.get("/me/skills/").content.decode()
    page = visible_text(html)
    due = today + dt.timedelta(days=21)
    assert f"due {date_format(due, 'DATE_FORMAT')} 2 open items" in page
    assert f'href="/cycles/{cycle.pk}/"' in html
    assert 'href="/me/plan/"' in html
    assert "— nothing open" in page  # JAX: no cycle, no plan items


def test_anonymous_is_sent_to_sign_in(client: Client, pytorch: Skill) -> None:
    response = client.get("/me/skills/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/me/skills/")


def test_my_skills_is_linked_from_the_navigation_and_my_assessments(
    client: Client, alice: User, pytorch: Skill
) -> None:
    client.force_login(alice)
    html = client.get("/me/assessments/").content.decode()
    assert html.count('href="/me/skills/"') == 2


def test_readiness_says_ready_or_top_of_the_ladder(
    client: Client, alice: User, pytorch: Skill, jax: Skill, role: Role
) -> None:
    snapshot(alice, pytorch, role, {1: 2, 2: 2, 3: 2, 4: 2, 5: 2})  # every level met
    snapshot(alice, jax, role, {1: 2, 2: 2})
    User.objects.filter(pk=alice.pk).update(career_level=Level.objects.get(number=1))
    snapshot(alice, jax, role, {1: 2, 2: 2})  # towards Middle, which she has met
    client.force_login(alice)
    page = visible_text(client.get("/me/skills/"))
    assert "Jax Role 000 Middle (Novice) Ready for Middle" in page
    assert "Pytorch Role 000 Principal (Expert) Top of the ladder" in page
