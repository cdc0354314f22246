"""What a successful import does: counts, idempotence, dry runs, pruning,
reordering and version bumps."""

from __future__ import annotations

import copy
import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from levels.models import Level
from roles.models import Role
from skills.models import Criterion, Expectation, LearningLink, Skill
from tests.factories import levels_doc, roles_doc, skill_doc, write_matrix, write_yaml

pytestmark = pytest.mark.django_db


def import_(*paths: Path, **options: bool) -> str:
    out = StringIO()
    call_command("import_matrix", *map(str, paths), stdout=out, **options)
    return out.getvalue()


def skill_file(folder: Path) -> Path:
    return folder / "skills" / "pytorch.yaml"


def test_a_first_import_creates_everything_and_says_so(tmp_path: Path) -> None:
    output = import_(write_matrix(tmp_path))
    # 5 levels, 2 roles, 1 skill, 5 descriptions, 10 cells, 20 criteria, 10 links
    assert "53 created, 0 updated, 0 unchanged, 0 removed" in output
    assert "skill pytorch: new, version 1" in output
    assert Expectation.objects.count() == 10
    assert Criterion.objects.count() == 20


def test_a_second_import_reports_nothing_created_or_updated(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path)
    import_(folder)
    output = import_(folder)
    assert "0 created, 0 updated, 53 unchanged, 0 removed" in output
    assert Skill.objects.get().version == 1


def test_a_dry_run_reports_the_changes_and_writes_nothing(tmp_path: Path) -> None:
    output = import_(write_matrix(tmp_path), dry_run=True)
    assert "53 created" in output
    assert "Dry run: nothing was written." in output
    assert not Level.objects.exists()
    assert not Skill.objects.exists()


def test_an_edited_criterion_is_updated_in_place_and_bumps_the_version(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path)
    import_(folder)
    criterion_id = Criterion.objects.get(
        expectation__role__slug="ml-engineer", expectation__level__number=3, key="first"
    ).pk
    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][3]["criteria"][0]["text"] = "Reworded ability."
    write_yaml(skill_file(folder), doc)

    output = import_(folder)

    assert "0 created, 1 updated" in output
    assert "skill pytorch: version 1 -> 2" in output
    assert Criterion.objects.get(pk=criterion_id).text == "Reworded ability."


def test_reordered_criteria_keep_their_identity(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path)
    import_(folder)
    before = dict(
        Criterion.objects.filter(
            expectation__level__number=1, expectation__role__slug="ml-engineer"
        ).values_list("key", "pk")
    )
    doc = skill_doc()
    cell = doc["roles"]["ml-engineer"]["levels"][1]
    cell["criteria"].reverse()
    write_yaml(skill_file(folder), doc)

    import_(folder)

    after = Criterion.objects.filter(
        expectation__level__number=1, expectation__role__slug="ml-engineer"
    ).order_by("position")
    assert [(c.key, c.pk) for c in after] == [
        ("second", before["second"]),
        ("first", before["first"]),
    ]


def test_content_missing_from_the_files_is_kept_and_listed_without_prune(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path)
    import_(folder)
    doc = skill_doc()
    del doc["roles"]["data-scientist"]["levels"][5]
    doc["roles"]["ml-engineer"]["levels"][2]["criteria"].pop()
    write_yaml(skill_file(folder), doc)

    output = import_(folder)

    assert "2 item(s) are in the database but not in the files; they were kept" in output
    assert "kept: pytorch: data-scientist at level 5 (with its 2 criteria and 1 links)" in output
    assert 'kept: pytorch: ml-engineer at level 2: criterion "second"' in output
    assert Expectation.objects.count() == 10
    assert Skill.objects.get().version == 1


def test_prune_removes_what_the_files_no_longer_hold_and_names_it(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path)
    import_(folder)
    doc = skill_doc()
    del doc["roles"]["data-scientist"]["levels"][5]
    doc["roles"]["ml-engineer"]["levels"][2]["criteria"].pop()
    write_yaml(skill_file(folder), doc)

    output = import_(folder, prune=True)

    assert "removed: pytorch: data-scientist at level 5 (with its 2 criteria and 1 links)" in output
    # The cell's criteria and links are counted with it.
    assert "criteria                  0        0         17        3" in output
    assert 'removed: pytorch: ml-engineer at level 2: criterion "second"' in output
    assert Expectation.objects.count() == 9
    assert not Criterion.objects.filter(
        expectation__role__slug="ml-engineer", expectation__level__number=2, key="second"
    ).exists()
    assert Skill.objects.get().version == 2


def test_a_new_criterion_inserted_first_moves_the_others_down(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path)
    import_(folder)
    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][1]["criteria"].insert(
        0, {"key": "zeroth", "text": "A new first ability."}
    )
    write_yaml(skill_file(folder), doc)

    import_(folder)

    keys = (
        Criterion.objects.filter(
            expectation__role__slug="ml-engineer", expectation__level__number=1
        )
        .order_by("position")
        .values_list("key", "position")
    )
    assert list(keys) == [("zeroth", 1), ("first", 2), ("second", 3)]


def test_renaming_a_role_bumps_every_skill_that_shows_it(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path)
    import_(folder)
    doc = roles_doc()
    doc["roles"][0]["name"] = "Machine Learning Engineer"
    write_yaml(folder / "roles.yaml", doc)

    output = import_(folder)

    assert Role.objects.get(slug="ml-engineer").name == "Machine Learning Engineer"
    assert "skill pytorch: version 1 -> 2" in output


def test_changed_links_are_synced_by_address(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path)
    import_(folder)
    doc = skill_doc()
    links = doc["roles"]["ml-engineer"]["levels"][1]["links"]
    links[0]["title"] = "PyTorch docs"
    links.append({"title": "Tutorials", "url": "https://pytorch.org/tutorials/"})
    write_yaml(skill_file(folder), doc)

    import_(folder)

    titles = (
        LearningLink.objects.filter(
            expectation__role__slug="ml-engineer", expectation__level__number=1
        )
        .order_by("position")
        .values_list("title", flat=True)
    )
    assert list(titles) == ["PyTorch docs", "Tutorials"]


def test_imports_are_recorded_in_the_history(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path)
    import_(folder)
    doc = copy.deepcopy(skill_doc())
    doc["summary"] = "A new summary."
    write_yaml(skill_file(folder), doc)
    import_(folder)

    skill = Skill.objects.get()
    records = list(skill.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_change_reason == "import_matrix"
    assert records[-1].summary == "A new summary."


def test_export_writes_a_file_that_reimports_to_the_same_state(tmp_path: Path) -> None:
    import_(write_matrix(tmp_path / "in"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    call_command("export_matrix", "--levels", "--output", str(out_dir / "levels.yaml"))
    call_command("export_matrix", "--roles", "--output", str(out_dir / "roles.yaml"))
    call_command("export_matrix", "pytorch", "--output", str(out_dir / "pytorch.yaml"))

    assert "0 created, 0 updated, 53 unchanged, 0 removed" in import_(out_dir)


def test_export_then_import_into_an_empty_database_reproduces_the_export(tmp_path: Path) -> None:
    import_(write_matrix(tmp_path / "in"))
    first = StringIO()
    call_command("export_matrix", "pytorch", stdout=first)
    (tmp_path / "pytorch.yaml").write_text(first.getvalue())
    Skill.objects.all().delete()

    import_(tmp_path / "pytorch.yaml")
    second = StringIO()
    call_command("export_matrix", "pytorch", stdout=second)

    assert second.getvalue() == first.getvalue()


def test_export_of_an_unknown_skill_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match='unknown skill "nope"'):
        call_command("export_matrix", "nope")


def test_naming_a_file_twice_imports_it_once(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path)
    output = import_(folder, folder / "roles.yaml")
    assert "53 created" in output


def test_swapping_two_level_slugs_works(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path)
    import_(folder)
    doc = levels_doc()
    doc["levels"][0]["slug"], doc["levels"][1]["slug"] = "middle", "junior"
    write_yaml(folder / "levels.yaml", doc)
    import_(folder)
    assert list(Level.objects.order_by("number").values_list("slug", flat=True)[:2]) == [
        "middle",
        "junior",
    ]


def test_if_empty_imports_on_a_first_install_only(tmp_path: Path) -> None:
    """The deployment's migrate job: the shipped matrix goes in once; after
    that, curators' edits in the app are never overwritten by a deploy."""
    folder = write_matrix(tmp_path)
    assert "53 created" in import_(folder, if_empty=True)
    Skill.objects.update(summary="Edited by a curator.")
    assert import_(folder, if_empty=True) == "skills exist already: nothing imported (--if-empty)\n"
    assert Skill.objects.get().summary == "Edited by a curator."
    assert Skill.objects.get().version == 1


def test_an_import_that_changes_a_skill_records_when_and_an_unchanged_one_does_not(
    tmp_path: Path,
) -> None:
    folder = write_matrix(tmp_path)
    import_(folder)
    long_ago = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    Skill.objects.update(changed_at=long_ago)
    import_(folder)
    assert Skill.objects.get().changed_at == long_ago

    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][3]["criteria"][0]["text"] = "Reworded ability."
    write_yaml(skill_file(folder), doc)
    import_(folder)
    assert Skill.objects.get().changed_at > long_ago


def test_the_report_counts_each_skills_own_content_apart(tmp_path: Path) -> None:
    from skills.matrix_yaml import parse_documents
    from skills.services import matrix_import

    folder = write_matrix(tmp_path)
    write_yaml(folder / "skills" / "jax.yaml", skill_doc("jax", roles=("ml-engineer",)))
    files = [(p, p.name) for p in sorted(folder.rglob("*.yaml"))]
    report = matrix_import(bundle=parse_documents(files, max_bytes=1_000_000))

    pytorch, jax = report.skills["pytorch"], report.skills["jax"]
    # 1 skill, 5 level descriptions, 10 cells, 20 criteria, 10 links
    assert pytorch.counts("created") == 46
    # 1 skill, 5 level descriptions, 5 cells, 10 criteria, 5 links
    assert jax.counts("created") == 26
    assert jax.created["criteria"] == 10
    # Levels and roles belong to no skill: counted in the totals only.
    assert sum(report.created.values()) == 46 + 26 + 5 + 2
