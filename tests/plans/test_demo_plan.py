"""The demo plan behind `make run`: alice has a plan on every page, built
once however often the command runs, and never with DEBUG off."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from plans.models import PlanComment, PlanItem
from skills.models import Skill
from tests.factories import make_expectation, make_levels, make_role, make_skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_matrix() -> Skill:
    """PyTorch for ML Engineers, five criteria per level, built in code."""
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer")
    make_role("data-scientist")
    make_role("nlp-engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=5)
    return skill


def test_alice_gets_a_plan_with_a_suggestion_a_conversation_and_a_done_item(
    settings: object, demo_matrix: Skill
) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("create_demo_users", stdout=StringIO())
    call_command("create_demo_plan", stdout=StringIO())
    call_command("create_demo_plan", stdout=StringIO())
    items = PlanItem.objects.filter(engineer__username="alice")
    assert items.count() == 4
    assert items.filter(status="open").count() == 3
    suggested = items.get(suggested_by__username="bob")
    assert [c.author.username for c in PlanComment.objects.filter(item=suggested)] == [
        "bob",
        "alice",
    ]
    done = items.get(status="done")
    assert done.done_by is not None
    assert done.done_at == done.done_by.submitted_at


def test_it_refuses_to_run_with_debug_off(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("create_demo_plan")
    assert not PlanItem.objects.exists()
