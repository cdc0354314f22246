"""What the in-app import checks of an uploaded file before any parser
reads it: its size, and its type by name and by content (an .xlsx file is a
zip archive; YAML and CSV files are UTF-8 text)."""

from __future__ import annotations

from pathlib import PurePosixPath

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
