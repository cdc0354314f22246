"""levels.yaml decides the ladder: from 2 to 12 levels numbered 1..N. Changing
it keeps every snapshot; removing a level anything refers to is refused, and
nothing is written."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.models import User
from assessments.models import Assessment
from levels.ladder import ladder
from levels.models import Level
from roles.models import Role
from skills.models import Skill
from tests.factories import levels_doc, roles_doc, skill_doc, write_yaml
from tests.levels.conftest import SIZES, all_met, snapshot

pytestmark = pytest.mark.django_db


def import_(*paths: Path, **options: Any) -> str:
    out = StringIO()
    call_command("import_matrix", *map(str, paths), stdout=out, **options)
    return out.getvalue()


def refused(*paths: Path, **options: Any) -> str:
    """Import expecting refusal; return the message."""
    err = StringIO()
    with pytest.raises(CommandError, match=r"nothing was written"):
        call_command("import_matrix", *map(str, paths), stdout=StringIO(), stderr=err, **options)
    return err.getvalue()


def database_state() -> dict[str, list[dict[str, Any]]]:
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label
        in {"levels", "roles", "skills", "accounts", "assessments", "plans", "community"}
    }


def matrix(folder: Path, rungs: int, *, skill_levels: int | None = None) -> Path:
    write_yaml(folder / "levels.yaml", levels_doc(rungs))
    write_yaml(folder / "roles.yaml", roles_doc())
    write_yaml(folder / "skills" / "kite.yaml", skill_doc("kite", levels=skill_levels or rungs))
    return folder


@pytest.mark.parametrize("rungs", SIZES)
def test_a_ladder_of_n_levels_imports_with_a_skill_using_every_level(
    tmp_path: Path, rungs: int
) -> None:
    import_(matrix(tmp_path, rungs))
    assert [r.career_name for r in ladder()] == [f"Grade {n}" for n in range(1, rungs + 1)]
    kite = Skill.objects.get(slug="kite")
    assert set(kite.expectations.values_list("level__number", flat=True)) == set(
        range(1, rungs + 1)
    )


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (13, "levels[12].number: level must be between 1 and 12, got 13"),
        (1, "levels: a ladder needs at least 2 levels (at most 12), got 1"),
    ],
)
def test_a_ladder_too_long_or_too_short_is_refused(
    tmp_path: Path, count: int, expected: str
) -> None:
    path = write_yaml(tmp_path / "levels.yaml", levels_doc(count))
    message = refused(path)
    assert expected in message, message
    assert f"{path}:" in message
    assert not Level.objects.exists()


def test_a_gap_in_the_numbering_names_the_missing_level(tmp_path: Path) -> None:
    doc = levels_doc(7)
    del doc["levels"][3]  # level 4
    message = refused(write_yaml(tmp_path / "levels.yaml", doc))
    assert "levels: the ladder must be numbered 1 to 7 without gaps: level 4 is missing" in (
        message
    )
    assert not Level.objects.exists()


def test_a_number_given_twice_names_both_places(tmp_path: Path) -> None:
    doc = levels_doc(4)
    doc["levels"][3]["number"] = 3
    path = write_yaml(tmp_path / "levels.yaml", doc)
    message = refused(path)
    assert f"{path}:15 levels[3]: level 3 is defined twice (first in {path}:11)" in message


def test_a_skill_level_beyond_the_ladder_names_the_ladders_range(tmp_path: Path) -> None:
    folder = matrix(tmp_path, 5, skill_levels=7)
    message = refused(folder)
    assert "roles.ml-engineer.levels.6: unknown level 6: the ladder has levels 1 to 5" in message
    assert not Skill.objects.exists()


# -- changing the ladder of a database with assessments ---------------------------


@pytest.fixture
def assessed(tmp_path: Path, alice: User) -> Assessment:
    """Five levels imported; alice's snapshot reached the top (5)."""
    import_(matrix(tmp_path / "v1", 5))
    User.objects.filter(pk=alice.pk).update(career_level=Level.objects.get(number=5))
    kite = Skill.objects.get(slug="kite")
    return snapshot(alice, kite, Role.objects.get(slug="ml-engineer"), all_met(5))


def snapshot_rows(assessment: Assessment) -> tuple[Any, ...]:
    assessment = Assessment.objects.get(pk=assessment.pk)
    return (
        assessment.level_reached,
        assessment.target_level,
        assessment.required_met,
        list(assessment.ratings.order_by("pk").values_list("frozen_level", "frozen_key", "value")),
    )


def test_adding_a_top_level_and_renaming_keeps_every_snapshot(
    tmp_path: Path, assessed: Assessment
) -> None:
    before = snapshot_rows(assessed)
    doc = levels_doc(6)
    doc["levels"][0]["career_name"] = "Apprentice"
    write_yaml(tmp_path / "v2" / "levels.yaml", doc)
    import_(tmp_path / "v2")
    assert [r.career_name for r in ladder()][:2] == ["Apprentice", "Grade 2"]
    assert ladder().top == 6
    assert snapshot_rows(assessed) == before


def test_removing_a_level_a_snapshot_refers_to_is_refused_and_changes_nothing(
    tmp_path: Path, assessed: Assessment
) -> None:
    write_yaml(tmp_path / "v2" / "levels.yaml", levels_doc(4))
    write_yaml(tmp_path / "v2" / "skills" / "kite.yaml", skill_doc("kite", levels=4))
    before = database_state()
    message = refused(tmp_path / "v2", prune=True)
    assert "cannot remove level 5 (Grade 5): it is still referred to by" in message
    for what in (
        "assessments (level reached): 1",
        "criterion ratings: 2",
        "people's career level: 1",
    ):
        assert what in message, message
    assert database_state() == before


def test_a_level_left_out_without_prune_is_kept_and_listed(
    tmp_path: Path, assessed: Assessment
) -> None:
    write_yaml(tmp_path / "v2" / "levels.yaml", levels_doc(4))
    out = import_(tmp_path / "v2")
    assert "level 5 (Grade 5)" in out
    assert ladder().top == 5


def test_a_level_nothing_refers_to_may_be_pruned(tmp_path: Path) -> None:
    import_(matrix(tmp_path / "v1", 7))
    import_(matrix(tmp_path / "v2", 5), prune=True)
    assert ladder().numbers == (1, 2, 3, 4, 5)
    assert not Skill.objects.get(slug="kite").expectations.filter(level__number__gt=5).exists()
