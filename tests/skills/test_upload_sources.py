"""Uploaded files are checked by size and type before any parser sees them
(skills/uploads.py), then read by the parser their extension names, with
the same validation as files on disk (skills/sources.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from skills.matrix_yaml import MatrixError, parse_documents
from skills.sources import parse_upload
from skills.uploads import check_file
from tests.factories import levels_doc, roles_doc, skill_doc

LIMIT = 100_000


def as_yaml(document: object) -> bytes:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode()


def problems(files: list[tuple[str, bytes]], *, max_bytes: int = LIMIT) -> list[str]:
    with pytest.raises(MatrixError) as caught:
        parse_upload(files, max_bytes=max_bytes)
    return [str(p) for p in caught.value.problems]


def test_yaml_files_in_memory_give_the_bundle_files_on_disk_give(tmp_path: Path) -> None:
    docs = {"levels.yaml": levels_doc(), "roles.yml": roles_doc(), "pytorch.yaml": skill_doc()}
    for name, doc in docs.items():
        (tmp_path / name).write_bytes(as_yaml(doc))
    from_disk = parse_documents([(tmp_path / n, n) for n in docs], max_bytes=LIMIT)
    in_memory = parse_upload([(n, as_yaml(d)) for n, d in docs.items()], max_bytes=LIMIT)
    assert in_memory == from_disk
    assert [s.slug for s in in_memory.skills] == ["pytorch"]


def test_a_problem_in_memory_reads_as_the_same_problem_on_disk(tmp_path: Path) -> None:
    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][2]["required"] = "yes please"
    (tmp_path / "pytorch.yaml").write_bytes(as_yaml(doc))
    with pytest.raises(MatrixError) as on_disk:
        parse_documents([(tmp_path / "pytorch.yaml", "pytorch.yaml")], max_bytes=LIMIT)
    assert problems([("pytorch.yaml", as_yaml(doc))]) == [str(p) for p in on_disk.value.problems]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"x", "notes.txt: unsupported file type .txt; expected .yaml, .yml"),
        ("README", b"x", "README: unsupported file type (no extension)"),
        ("book.xlsm", b"PK\x03\x04", "book.xlsm: a macro-enabled workbook (.xlsm) is refused"),
        ("book.xls", b"\xd0\xcf", "book.xls: the old Excel format (.xls) is not read"),
        ("book.xlsx", b"not a zip", "book.xlsx: not an XLSX workbook"),
        ("BOOK.XLSX", b"not a zip", "BOOK.XLSX: not an XLSX workbook"),
        ("cells.csv", b"\xff\xfe", "cells.csv: the file is not UTF-8 text (bad byte at offset 0)"),
        ("big.yaml", b"#" * (LIMIT + 1), "big.yaml: the file is 100001 bytes; the limit is"),
    ],
)
def test_size_and_type_are_checked_before_parsing(name: str, data: bytes, message: str) -> None:
    refusal = check_file(name, data, max_bytes=LIMIT)
    assert refusal is not None
    assert f"{name}: {refusal}".startswith(message)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.yaml", b"kind: skill\n"),
        ("a.YML", b"x"),
        ("b.csv", b"\xef\xbb\xbfskill\n"),
        ("c.xlsx", b"PK\x03\x04"),
    ],
)
def test_files_of_the_right_size_and_type_pass_to_the_parsers(name: str, data: bytes) -> None:
    assert check_file(name, data, max_bytes=LIMIT) is None


def test_every_file_is_checked_and_every_problem_reported() -> None:
    found = problems([("a.txt", b"x"), ("b.xls", b"x"), ("ok.yaml", as_yaml(skill_doc()))])
    assert [p.split(":")[0] for p in found] == ["a.txt", "b.xls"]


def test_the_same_skill_in_two_files_is_refused_across_them() -> None:
    found = problems([("a.yaml", as_yaml(skill_doc())), ("b.yaml", as_yaml(skill_doc()))])
    assert found == ['b.yaml:1: skill "pytorch" is defined twice (first in a.yaml:1)']


def test_no_files_is_a_problem() -> None:
    assert problems([]) == ["(no files): no files were given"]


def test_a_spreadsheet_is_handed_to_the_spreadsheet_parser() -> None:
    """Until the sheets branch lands, its parser is a refusal; once it has,
    this test is replaced by that parser's own (tests/skills/test_spreadsheet*)."""
    found = problems([("pytorch.csv", b"skill,role\n")])
    assert len(found) == 1
    assert found[0].startswith("pytorch.csv")
