"""One door for every format an import accepts: YAML documents and
spreadsheets (XLSX, CSV), from uploaded bytes or from files on disk. The
result is one ``MatrixBundle`` checked as a whole; any problem raises
``MatrixError`` and nothing is written (``skills.services`` writes)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePath

from skills.matrix_yaml import (
    MatrixBundle,
    MatrixError,
    Problem,
    check_bundle,
    document_from_bytes,
    read_bounded,
    validate_document,
)
from skills.spreadsheet import parse_csv, parse_xlsx

YAML_SUFFIXES = frozenset({".yaml", ".yml"})
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".csv"})
SUFFIXES = YAML_SUFFIXES | SPREADSHEET_SUFFIXES
_REFUSED = {
    ".xlsm": "a macro-enabled workbook; macros are never imported: save it as a plain "
    "Excel workbook (.xlsx)",
    ".xls": "an old Excel workbook (.xls); save it as an Excel workbook (.xlsx) or as CSV UTF-8",
}


def parse_upload(files: Sequence[tuple[str, bytes]], *, max_bytes: int) -> MatrixBundle:
    """Parse (display name, content) pairs by their extension: ``.yaml``/``.yml``
    as YAML, ``.xlsx`` and ``.csv`` as spreadsheets; anything else is refused.
    Each file's size is checked before it is parsed."""
    if not files:
        raise MatrixError([Problem("(no files)", None, "", "no files were given")])
    bundle = MatrixBundle()
    problems: list[Problem] = []
    for name, data in files:
        suffix = PurePath(name).suffix.casefold()
        if suffix not in SUFFIXES:
            reason = _REFUSED.get(suffix) or (
                f'files ending in "{suffix}" cannot be imported' if suffix else "no extension"
            )
            problems.append(
                Problem(name, None, "", f"{reason}; expected .yaml, .yml, .xlsx or .csv")
            )
        elif len(data) > max_bytes:
            problems.append(
                Problem(
                    name,
                    None,
                    "",
                    f"the file is {_size(len(data))}; the limit is {_size(max_bytes)} "
                    "(setting MATRIX_IMPORT_MAX_BYTES)",
                )
            )
        elif suffix in YAML_SUFFIXES:
            doc = document_from_bytes(data, display_name=name)
            validate_document(doc, bundle)
            problems.extend(doc.problems)
        else:
            parse = parse_csv if suffix == ".csv" else parse_xlsx
            try:
                part = parse(name, data, max_bytes=max_bytes)
            except MatrixError as exc:
                problems.extend(exc.problems)
            else:
                bundle.skills.extend(part.skills)
    return check_bundle(bundle, problems)


def parse_paths(files: Sequence[tuple[Path, str]], *, max_bytes: int) -> MatrixBundle:
    """``parse_upload`` for files on disk, given as (path, display name); each is
    read no further than the limit."""
    read: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    for path, name in files:
        data = read_bounded(path, max_bytes)
        if isinstance(data, str):
            problems.append(Problem(name, None, "", data))
        else:
            read.append((name, data))
    if problems:
        raise MatrixError(problems)
    return parse_upload(read, max_bytes=max_bytes)


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size} bytes"
