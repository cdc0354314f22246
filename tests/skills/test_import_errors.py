"""Bad YAML is refused with a message naming the file, the line and the path
inside the document; the command exits non-zero and the database is left
exactly as it was."""

from __future__ import annotations

import copy
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.apps import apps
from django.core.management import CommandError, call_command

from tests.factories import levels_doc, roles_doc, skill_doc, write_yaml

pytestmark = pytest.mark.django_db


def database_state() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table we own, history included."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in {"levels", "roles", "skills", "accounts"}
    }


def run_import(*paths: Path) -> str:
    """Run the command expecting failure; return what it wrote to stderr."""
    err = StringIO()
    with pytest.raises(CommandError, match=r"nothing was written"):
        call_command("import_matrix", *map(str, paths), stdout=StringIO(), stderr=err)
    return err.getvalue()


def assert_refused(path: Path, expected: str) -> str:
    before = database_state()
    message = run_import(path)
    assert expected in message, message
    assert database_state() == before
    return message


def write_text(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_wrong_type_names_file_line_and_path(imported: Path, tmp_path: Path) -> None:
    source = (imported / "skills" / "pytorch.yaml").read_text()
    lines = source.splitlines()
    # The first "required: true" belongs to ml-engineer level 1.
    index = next(i for i, line in enumerate(lines) if "required: true" in line)
    lines[index] = lines[index].replace("true", "yes please")
    path = write_text(tmp_path, "\n".join(lines), "pytorch.yaml")
    message = assert_refused(path, "roles.ml-engineer.levels.1.required: expected true or false")
    assert f"{path}:{index + 1} roles.ml-engineer.levels.1.required" in message
    assert 'got "yes please"' in message


def test_a_syntax_error_names_the_line(imported: Path, tmp_path: Path) -> None:
    path = write_text(
        tmp_path, "kind: roles\nroles:\n  - slug: a\n    name: [unclosed\n  - slug: b\n"
    )
    message = assert_refused(path, "YAML syntax error")
    assert message.startswith(f"{path}:5: YAML syntax error")


def test_an_unknown_role_is_refused(imported: Path, tmp_path: Path) -> None:
    doc = skill_doc(roles=("ml-engineer", "astronaut"))
    path = write_yaml(tmp_path / "s.yaml", doc)
    assert_refused(path, 'roles.astronaut.levels.1: unknown role "astronaut"')


def test_an_unknown_level_is_refused_when_levels_are_not_imported(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "s.yaml", skill_doc())
    write_yaml(tmp_path / "roles.yaml", roles_doc())
    message = run_import(tmp_path / "roles.yaml", path)
    assert "unknown level 1" in message


def test_a_level_above_the_ladder_is_refused(imported: Path, tmp_path: Path) -> None:
    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][6] = copy.deepcopy(
        doc["roles"]["ml-engineer"]["levels"][5]
    )
    path = write_yaml(tmp_path / "s.yaml", doc)
    assert_refused(
        path, "roles.ml-engineer.levels.6: unknown level 6: the ladder has levels 1 to 5"
    )


def test_a_level_past_the_largest_ladder_is_refused(imported: Path, tmp_path: Path) -> None:
    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][13] = copy.deepcopy(
        doc["roles"]["ml-engineer"]["levels"][5]
    )
    path = write_yaml(tmp_path / "s.yaml", doc)
    assert_refused(path, "roles.ml-engineer.levels.13: level must be between 1 and 12, got 13")


def test_a_level_number_below_one_in_the_levels_file(tmp_path: Path) -> None:
    doc = levels_doc()
    doc["levels"][0]["number"] = 0
    path = write_yaml(tmp_path / "levels.yaml", doc)
    assert_refused(path, "levels[0].number: level must be between 1 and 12, got 0")


def test_a_duplicate_cell_is_refused(imported: Path, tmp_path: Path) -> None:
    # "3" and 3 are the same cell.
    path = write_text(
        tmp_path,
        "kind: skill\nslug: s\nname: S\nsummary: x\ndomain: d\ngroup: g\n"
        "last_reviewed: 2026-01-01\nroles:\n  ml-engineer:\n    levels:\n"
        "      3: {required: true, summary: a, criteria: [{key: a, text: A}]}\n"
        "      '3': {required: true, summary: b, criteria: [{key: b, text: B}]}\n",
    )
    message = assert_refused(path, "roles.ml-engineer.levels.3: duplicate cell")
    assert f"{path}:12" in message


def test_a_duplicate_key_is_refused_not_silently_overwritten(
    imported: Path, tmp_path: Path
) -> None:
    path = write_text(tmp_path, "kind: roles\nroles:\n  - slug: a\n    name: A\n    name: B\n")
    assert_refused(path, f'{path}:5 roles[0].name: duplicate key "name" (first at line 4)')


def test_a_missing_field_is_refused(imported: Path, tmp_path: Path) -> None:
    doc = skill_doc()
    del doc["roles"]["ml-engineer"]["levels"][2]["summary"]
    path = write_yaml(tmp_path / "s.yaml", doc)
    assert_refused(path, 'roles.ml-engineer.levels.2: missing field "summary"')


def test_an_unknown_field_is_refused(imported: Path, tmp_path: Path) -> None:
    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][2]["sumary"] = "typo"
    path = write_yaml(tmp_path / "s.yaml", doc)
    assert_refused(path, 'roles.ml-engineer.levels.2.sumary: unknown field "sumary"')


def test_a_python_tag_is_refused_and_never_executed(imported: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write_text(
        tmp_path,
        "kind: roles\nroles:\n  - slug: a\n    name: !!python/object/apply:os.system "
        f'["touch {marker}"]\n',
    )
    assert_refused(path, f"{path}:4 roles[0].name: unsupported YAML tag")
    assert not marker.exists()


def test_anchors_and_aliases_are_refused(imported: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path, "kind: roles\nroles:\n  - &r {slug: a, name: A}\n  - *r\n")
    assert_refused(path, "anchors and aliases")


def test_an_empty_file_is_refused(imported: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path, "")
    assert_refused(path, f"{path}: the file is empty")


def test_a_file_of_only_comments_is_refused(imported: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path, "# nothing here\n")
    assert_refused(path, "the file is empty")


def test_a_ten_megabyte_file_is_refused_before_parsing(imported: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("kind: roles\n# " + "x" * (10 * 1024 * 1024) + "\n")
    assert_refused(path, "the file is 10.0 MB; the limit is 2.0 MB")


def test_a_file_that_is_not_utf8_is_refused(imported: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("kind: roles\nroles: [{slug: a, name: Café}]\n".encode("latin-1"))
    assert_refused(path, "not UTF-8")


def test_an_unknown_kind_is_refused(imported: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path, "kind: recipes\n")
    assert_refused(path, 'kind: expected kind: levels, roles or skill, got "recipes"')


def test_a_link_that_is_not_http_is_refused(imported: Path, tmp_path: Path) -> None:
    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][1]["links"] = [
        {"title": "Evil", "url": "javascript:alert(1)"}
    ]
    path = write_yaml(tmp_path / "s.yaml", doc)
    assert_refused(path, "roles.ml-engineer.levels.1.links[0].url: expected an http:// or https://")


def test_a_bad_slug_is_refused(imported: Path, tmp_path: Path) -> None:
    doc = roles_doc()
    doc["roles"][0]["slug"] = "ML Engineer"
    path = write_yaml(tmp_path / "roles.yaml", doc)
    assert_refused(path, "roles[0].slug: expected a slug")


def test_the_same_skill_in_two_files_is_refused(imported: Path, tmp_path: Path) -> None:
    one = write_yaml(tmp_path / "one.yaml", skill_doc())
    two = write_yaml(tmp_path / "two.yaml", skill_doc())
    before = database_state()
    message = run_import(one, two)
    assert f'skill "pytorch" is defined twice (first in {one}:1)' in message
    assert database_state() == before


def test_every_problem_is_reported_at_once(imported: Path, tmp_path: Path) -> None:
    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][1]["required"] = "maybe"
    doc["roles"]["data-scientist"]["levels"][4]["criteria"][0]["text"] = 42
    path = write_yaml(tmp_path / "s.yaml", doc)
    message = assert_refused(path, "roles.ml-engineer.levels.1.required")
    assert (
        "roles.data-scientist.levels.4.criteria[0].text: expected text, got the number 42"
        in message
    )


def test_one_bad_file_stops_the_good_ones_too(tmp_path: Path) -> None:
    good = write_yaml(tmp_path / "levels.yaml", levels_doc())
    bad = write_text(tmp_path, "kind: roles\nroles: 3\n")
    before = database_state()
    run_import(good, bad)
    assert database_state() == before


def test_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"no-such\.yaml: no such file or folder"):
        call_command("import_matrix", str(tmp_path / "no-such.yaml"))


def test_an_impossible_date_is_refused(imported: Path, tmp_path: Path) -> None:
    doc = skill_doc()
    doc["last_reviewed"] = "DATE"
    path = write_text(tmp_path, yaml.safe_dump(doc, sort_keys=False).replace("DATE", "2026-02-30"))
    assert_refused(path, "last_reviewed: invalid value '2026-02-30': day is out of range")


def test_a_level_slug_taken_by_another_level_in_the_database_is_refused(
    imported: Path, tmp_path: Path
) -> None:
    doc = levels_doc()
    # A shorter ladder keeps level 5 in the database (without --prune).
    doc["levels"] = [dict(doc["levels"][0], slug="principal"), *doc["levels"][1:4]]
    path = write_yaml(tmp_path / "levels.yaml", doc)
    assert_refused(path, 'levels[0]: level slug "principal" is already used by level 5')


def test_a_level_slug_longer_than_the_database_allows_is_refused(
    imported: Path, tmp_path: Path
) -> None:
    doc = levels_doc()
    doc["levels"][0]["slug"] = "a" * 60
    path = write_yaml(tmp_path / "levels.yaml", doc)
    assert_refused(path, "levels[0].slug: expected a slug")


def test_deep_nesting_is_refused_without_a_crash(imported: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path, "kind: roles\nroles: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert_refused(path, "nested more than 20 levels deep")


def test_a_non_ascii_digit_level_is_refused(imported: Path, tmp_path: Path) -> None:
    doc = skill_doc()
    doc["levels"]["²"] = doc["levels"].pop(2)
    path = write_yaml(tmp_path / "s.yaml", doc)
    assert_refused(path, 'levels.²: expected a level number from 1 to 12, got "²"')


def test_yes_is_not_read_as_true(imported: Path, tmp_path: Path) -> None:
    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][1]["required"] = "YES"
    path = write_text(tmp_path, yaml.safe_dump(doc, sort_keys=False).replace("'YES'", "yes"))
    assert_refused(path, 'roles.ml-engineer.levels.1.required: expected true or false, got "yes"')


def test_an_unknown_field_does_not_hide_the_other_problems_of_its_cell(
    imported: Path, tmp_path: Path
) -> None:
    doc = skill_doc()
    cell = doc["roles"]["ml-engineer"]["levels"][1]
    cell["sumary"] = "typo"
    cell["required"] = "maybe"
    path = write_yaml(tmp_path / "s.yaml", doc)
    message = assert_refused(path, 'unknown field "sumary"')
    assert "roles.ml-engineer.levels.1.required: expected true or false" in message


def test_a_null_key_is_refused(imported: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path, "kind: roles\n~: 1\nroles: []\n")
    assert_refused(path, "mapping keys must be plain text or whole numbers, got nothing")
