"""Files of any supported kind in, one validated ``MatrixBundle`` out.

An upload in the app (and anything else that holds files in memory) comes
here: each file's size and type are checked before any parser sees it, then
YAML goes to ``skills.matrix_yaml`` and spreadsheets to
``skills.spreadsheet``; the bundles are checked against each other as one
import. Never touches the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from skills.matrix_yaml import MatrixBundle, MatrixError, Problem, merge_bundles, parse_contents

YAML_SUFFIXES = frozenset({".yaml", ".yml"})
SHEET_SUFFIXES = frozenset({".xlsx", ".csv"})
SUFFIXES = YAML_SUFFIXES | SHEET_SUFFIXES
# What the upload form's file picker offers (the server checks again).
ACCEPT = ",".join(sorted(SUFFIXES))

_REFUSED = {
    ".xlsm": "a macro-enabled workbook (.xlsm) is refused; save it as .xlsx without macros",
    ".xls": "the old Excel format (.xls) is not read; save it as .xlsx",
}
# Every .xlsx is a zip archive (Office Open XML); a file that is not one is
# not a workbook whatever its name says.
_ZIP_MAGIC = b"PK\x03\x04"


def suffix_of(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size} bytes"


def check_file(name: str, content: bytes, *, max_bytes: int) -> str | None:
    """Why this file is refused before parsing (its size, then its type by
    name and by content), or None."""
    suffix = suffix_of(name)
    if suffix not in SUFFIXES:
        return _REFUSED.get(suffix) or (
            f"unsupported file type {suffix or '(no extension)'}; "
            "expected .yaml, .yml, .xlsx or .csv"
        )
    if len(content) > max_bytes:
        return (
            f"the file is {_size(len(content))}; the limit is {_size(max_bytes)} "
            "(setting MATRIX_IMPORT_MAX_BYTES)"
        )
    if suffix == ".xlsx":
        if not content.startswith(_ZIP_MAGIC):
            return "not an XLSX workbook (an .xlsx file is a zip archive; this one is not)"
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"the file is not UTF-8 text (bad byte at offset {exc.start})"
    return None


def parse_upload(files: Sequence[tuple[str, bytes]], *, max_bytes: int) -> MatrixBundle:
    """Check and parse (display name, content) pairs by their extension:
    ``.yaml``/``.yml`` with the YAML parser, ``.xlsx``/``.csv`` with the
    spreadsheet parser. Raises ``MatrixError`` naming every problem in every
    file; returns a bundle only when the whole upload is valid."""
    if not files:
        raise MatrixError([Problem("(no files)", None, "", "no files were given")])
    problems = [
        Problem(name, None, "", refusal)
        for name, content in files
        if (refusal := check_file(name, content, max_bytes=max_bytes))
    ]
    if problems:
        raise MatrixError(problems)
    yaml_files = [(n, c) for n, c in files if suffix_of(n) in YAML_SUFFIXES]
    sheets = [(n, c) for n, c in files if suffix_of(n) in SHEET_SUFFIXES]
    bundles: list[MatrixBundle] = []
    for parse, group in ((parse_contents, yaml_files), (_parse_sheets, sheets)):
        if not group:
            continue
        try:
            bundles.append(parse(group, max_bytes=max_bytes))
        except MatrixError as exc:
            problems.extend(exc.problems)
    if problems:
        raise MatrixError(problems)
    return merge_bundles(bundles)


_NOT_YET = "spreadsheets are not supported yet"


def _parse_sheets(files: Sequence[tuple[str, bytes]], *, max_bytes: int) -> MatrixBundle:
    # Until skills/spreadsheet.py lands (branch sheets): the merge replaces this line.
    raise MatrixError([Problem(name, None, "", _NOT_YET) for name, _data in files])
