"""What the importer must never let through: characters no column can hold
(NUL, lone surrogates), control and bidirectional-override characters in
text people read, content beyond what the app's own editor allows, and
"files" that are not regular files or lie about their size. Each is refused
naming the file, the line and the path; nothing is written."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.forms import CharField

from community.forms import ExpectationForm, LevelDescriptionForm
from skills.models import MAX_CRITERIA, Criterion, Expectation, Skill, SkillLevel, field_limit
from tests.factories import skill_doc, write_yaml
from tests.skills.test_import_errors import (
    assert_refused,
    database_state,
    run_import,
    write_text,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported")]

# A one-cell skill; each test puts one bad value on a known line.
SKILL = """\
kind: skill
slug: s
name: S
summary: x
description: Longer text.
domain: d
group: g
last_reviewed: 2026-01-01
levels:
  1: Knows the basics.
roles:
  ml-engineer:
    levels:
      1:
        required: true
        summary: a
        criteria:
          - key: a
            text: A
        links:
          - title: Docs
            url: https://pytorch.org/docs/
"""


def skill_with(tmp_path: Path, line: int, replacement: str) -> Path:
    lines = SKILL.splitlines()
    lines[line - 1] = replacement
    return write_text(tmp_path, "\n".join(lines) + "\n", "s.yaml")


def test_the_one_cell_skill_imports(tmp_path: Path) -> None:
    path = write_text(tmp_path, SKILL, "s.yaml")
    call_command("import_matrix", str(path), stdout=StringIO())
    assert Skill.objects.filter(slug="s").exists()


# -- NUL and lone surrogates --------------------------------------------------


@pytest.mark.parametrize(
    ("line", "replacement", "where", "expected"),
    [
        (3, 'name: "S\\0"', "name", "U+0000 (NUL)"),
        (3, 'name: "S\\x00"', "name", "U+0000 (NUL)"),
        (5, 'description: "Longer\\0 text."', "description", "U+0000 (NUL)"),
        (10, '  1: "Knows\\0"', "levels.1", "U+0000 (NUL)"),
        (16, '        summary: "a\\ud800"', "roles.ml-engineer.levels.1.summary", "U+D800"),
        (
            19,
            '            text: "A\\udfff"',
            "roles.ml-engineer.levels.1.criteria[0].text",
            "U+DFFF",
        ),
        (
            22,
            '            url: "https://x.org/\\0"',
            "roles.ml-engineer.levels.1.links[0].url",
            "U+0000",
        ),
        (18, '          - key: "a\\0"', "roles.ml-engineer.levels.1.criteria[0].key", "a\\x00"),
        (2, 'slug: "s\\n"', "slug", 's\\n"'),
    ],
)
def test_nul_and_lone_surrogates_in_escapes_are_refused(
    tmp_path: Path, line: int, replacement: str, where: str, expected: str
) -> None:
    path = skill_with(tmp_path, line, replacement)
    message = assert_refused(path, f"{path}:{line} {where}: ")
    assert expected in message, message
    message.encode("utf-8")  # printable on any terminal: no raw surrogate or NUL
    assert "\0" not in message


def test_a_raw_nul_byte_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(SKILL.replace("summary: x", "summary: x\0y").encode())
    assert_refused(path, f"{path}:4: the file holds the control character U+0000 (NUL)")


def test_a_raw_surrogate_byte_sequence_is_refused_as_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(SKILL.encode().replace(b"name: S", b"name: S\xed\xa0\x80"))
    assert_refused(path, f"{path}: the file is not UTF-8 text")


def test_a_nul_in_an_unknown_field_name_is_shown_escaped(tmp_path: Path) -> None:
    path = skill_with(tmp_path, 4, '"sum\\0mary\\ud800": x')
    message = assert_refused(path, f'{path}:4 sum\\x00mary\\ud800: unknown field "sum\\x00mary')
    message.encode("utf-8")


# -- Control and bidi characters ----------------------------------------------


@pytest.mark.parametrize(
    ("line", "replacement", "where", "expected"),
    [
        (3, 'name: "Py\\ttorch"', "name", "U+0009 (tab)"),
        (3, 'name: "Py\\ntorch"', "name", "U+000A (line break)"),
        (4, 'summary: "x\\ny"', "summary", "U+000A (line break)"),
        (6, 'domain: "d\\e[31m"', "domain", "U+001B (escape)"),
        (7, 'group: "g\\x85h"', "group", "U+0085"),
        (19, '            text: "A\\nB"', "roles.ml-engineer.levels.1.criteria[0].text", "U+000A"),
        (21, '          - title: "Do\\u202ecs"', "roles.ml-engineer.levels.1.links[0].title",
         "U+202E"),
        (5, 'description: "Lo\\u2066nger"', "description", "U+2066"),
        (16, '        summary: "a\\rb"', "roles.ml-engineer.levels.1.summary", "U+000D"),
        (10, '  1: "Knows\\x07"', "levels.1", "U+0007"),
    ],
)  # fmt: skip
def test_control_and_bidi_characters_are_refused(
    tmp_path: Path, line: int, replacement: str, where: str, expected: str
) -> None:
    path = skill_with(tmp_path, line, replacement)
    message = assert_refused(path, f"{path}:{line} {where}: contains ")
    assert expected in message, message


def test_a_bidi_override_in_a_role_name_is_refused(tmp_path: Path) -> None:
    path = write_text(
        tmp_path, 'kind: roles\nroles:\n  - slug: r\n    name: "Admin\\u202e"\n', "roles.yaml"
    )
    assert_refused(path, f"{path}:4 roles[0].name: contains the bidirectional control U+202E")


def test_line_breaks_and_tabs_are_kept_where_text_has_several_lines(tmp_path: Path) -> None:
    lines = SKILL.splitlines()
    lines[4] = 'description: "First line.\\n\\tIndented second line."'
    lines[15] = '        summary: "One.\\r\\nTwo."'
    path = write_text(tmp_path, "\n".join(lines) + "\n", "s.yaml")
    call_command("import_matrix", str(path), stdout=StringIO())
    assert Skill.objects.get(slug="s").description == "First line.\n\tIndented second line."


# -- The app's limits -----------------------------------------------------------


def test_the_editor_and_the_importer_read_their_limits_from_the_models() -> None:
    description = LevelDescriptionForm.base_fields["description"]
    summary = ExpectationForm.base_fields["summary"]
    assert isinstance(description, CharField)
    assert isinstance(summary, CharField)
    assert description.max_length == field_limit(SkillLevel, "description")
    assert summary.max_length == field_limit(Expectation, "summary")
    too_many = "\n".join(f"Ability {n}" for n in range(MAX_CRITERIA + 1))
    form = ExpectationForm({"summary": "s", "criteria": too_many})
    assert not form.is_valid()
    long_line = "x" * (field_limit(Criterion, "text") + 1)
    assert not ExpectationForm({"summary": "s", "criteria": long_line}).is_valid()


def test_more_criteria_than_the_editor_allows_are_refused(tmp_path: Path) -> None:
    doc = skill_doc()
    cell = doc["roles"]["ml-engineer"]["levels"][3]
    cell["criteria"] = [{"key": f"c{n}", "text": f"Ability {n}."} for n in range(5000)]
    path = write_yaml(tmp_path / "s.yaml", doc)
    message = assert_refused(
        path,
        "roles.ml-engineer.levels.3.criteria: 5000 criteria; the limit is 20 per cell "
        "(as in the app's editor)",
    )
    assert message.startswith(f"{path}:")


def test_twenty_criteria_are_accepted(tmp_path: Path) -> None:
    doc = skill_doc()
    cell = doc["roles"]["ml-engineer"]["levels"][3]
    cell["criteria"] = [{"key": f"c{n}", "text": f"Ability {n}."} for n in range(20)]
    path = write_yaml(tmp_path / "s.yaml", doc)
    call_command("import_matrix", str(path), stdout=StringIO())
    cell_criteria = Criterion.objects.filter(
        expectation__role__slug="ml-engineer", expectation__level__number=3
    )
    assert cell_criteria.filter(key__startswith="c").count() == 20


def test_too_many_links_or_topics_are_refused(tmp_path: Path) -> None:
    doc = skill_doc()
    cell = doc["roles"]["ml-engineer"]["levels"][2]
    cell["links"] = [{"title": f"L{n}", "url": f"https://x.org/{n}"} for n in range(21)]
    cell["topics"] = [f"t{n}" for n in range(21)]
    path = write_yaml(tmp_path / "s.yaml", doc)
    message = assert_refused(path, "roles.ml-engineer.levels.2.links: 21 links; the limit is 20")
    assert "roles.ml-engineer.levels.2.topics: 21 topics; the limit is 20" in message


def test_the_same_criterion_twice_in_a_cell_is_refused_as_in_the_editor(tmp_path: Path) -> None:
    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][1]["criteria"][1]["text"] = (
        "ml-engineer  L1 first ability."
    )
    path = write_yaml(tmp_path / "s.yaml", doc)
    assert_refused(
        path,
        "roles.ml-engineer.levels.1.criteria[1].text: the same criterion as criteria[0]",
    )


def test_a_level_description_longer_than_the_model_allows_is_refused(tmp_path: Path) -> None:
    doc = skill_doc()
    doc["levels"][2] = "x" * 5001
    path = write_yaml(tmp_path / "s.yaml", doc)
    assert_refused(path, "levels.2: is 5001 characters long; the limit is 5000")


# -- Files that are not regular files -------------------------------------------


def test_a_symlink_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    assert_refused(link, f"{link}: not a regular file (it leads to /dev/zero, a character device)")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert_refused(fifo, f"{fifo}: not a regular file (a named pipe)")


def test_a_folder_named_like_yaml_inside_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "odd.yaml").mkdir(parents=True)
    write_text(folder, "kind: roles\nroles: []\n", "good.yaml")
    before = database_state()
    message = run_import(folder)
    assert f"{folder / 'odd.yaml'}: not a regular file (a folder)" in message
    assert database_state() == before


def test_a_file_whose_size_is_not_known_in_advance_is_read_only_up_to_the_field_limit(
    tmp_path: Path, settings: Any
) -> None:
    # Files in /proc are regular but report a size of 0.
    settings.MATRIX_IMPORT_MAX_BYTES = 100
    link = tmp_path / "maps.yaml"
    link.symlink_to("/proc/self/maps")
    assert_refused(link, f"{link}: the file is larger than the limit of 100 bytes")


def test_a_symlink_to_a_good_file_is_read(tmp_path: Path) -> None:
    target = write_text(tmp_path, SKILL, "real.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    call_command("import_matrix", str(link), stdout=StringIO())
    assert Skill.objects.filter(slug="s").exists()
