"""The demo behind `make run`: alice can be found by PyTorch, however often
the command runs, and never with DEBUG off."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inventory.models import SkillVisibility
from skills.models import Skill
from tests.factories import make_expectation, make_levels, make_role, make_skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_matrix() -> Skill:
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer")
    make_role("data-scientist")
    make_role("nlp-engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=5)
    return skill


def test_alice_and_dan_can_be_found_by_pytorch_and_running_again_changes_nothing(
    settings: object, demo_matrix: Skill
) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("create_demo_users", stdout=StringIO())
    call_command("create_demo_inventory", stdout=StringIO())
    call_command("create_demo_inventory", stdout=StringIO())
    assert sorted(
        SkillVisibility.objects.filter(skill=demo_matrix).values_list("person__username", flat=True)
    ) == ["alice", "dan"]


def test_it_refuses_with_debug_off(settings: object, demo_matrix: Skill) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("create_demo_inventory", stdout=StringIO())
    assert not SkillVisibility.objects.exists()
