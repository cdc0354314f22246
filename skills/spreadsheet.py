"""Spreadsheets (XLSX and CSV) in and out of the matrix (see docs/fixtures.md,
"Spreadsheets").

Reading turns the sheets into the same nested data a YAML skill document
holds, with a map from each place in that data to the cell it came from, and
hands it to ``skills.matrix_yaml``'s own checks: both formats accept and refuse
exactly the same content, and a problem names the cell
(``pytorch.xlsx: Criteria!E17: expected true or false, got "yes please"``).

What a file does not carry stays as it is in the database: a CSV file's skill
fields and level descriptions, watch terms, moved addresses, the deprecation
of learning links. So reading looks the skill up (it never writes); a skill
the database does not know needs its row on an XLSX file's Skill sheet.

Workbooks are read with openpyxl in read-only (streaming) mode after the
archive's own size and contents are checked; values only, never formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser  # to skip missing rows
from openpyxl.xml.functions import iterparse  # the same XML reader openpyxl uses

from common.spreadsheet import spreadsheet_cell
from levels.models import Level
from skills.export import skill_document
from skills.matrix_yaml import (
    DocPath,
    Document,
    MatrixBundle,
    MatrixError,
    Problem,
    describe,
    validate_document,
)
from skills.models import Skill

CRITERIA = "Criteria"
SKILL = "Skill"

CRITERIA_COLUMNS = (
    "skill", "role", "level", "required", "cell summary", "criterion key", "criterion text",
    "topics", "links", "last reviewed",
)  # fmt: skip
# Optional: when absent, each criterion keeps its deprecation from the database.
DEPRECATION_COLUMNS = {
    "deprecated since": "since",
    "replaced by": "replaced_by",
    "replacement url": "url",
    "deprecation note": "note",
}
SKILL_COLUMNS = ("skill", "name", "summary", "description", "domain", "group", "last reviewed")
SKILL_OPTIONAL = frozenset({"description"})
LEVEL_COLUMN = re.compile(r"level ([0-9]{1,3})")
# One cell's fields, read from any of its rows: field in the YAML -> column.
CELL_FIELDS = {
    "required": "required",
    "summary": "cell summary",
    "topics": "topics",
    "links": "links",
    "last_reviewed": "last reviewed",
}

MAX_ROWS = 10_000  # rows of data per sheet
MAX_COLUMNS = 40  # columns read; a sheet's cells further right are not read
# Rows a sheet's part may hold, blank or not: each is parsed, so a sheet of
# blank rows cannot keep a worker busy (MAX_ROWS still counts filled ones).
MAX_PRESENT_ROWS = 10 * MAX_ROWS
MAX_ZIP_ENTRIES = 1_000
UNPACKED_FACTOR = 10  # a workbook may unpack to this many times the upload limit
# A CSV cell written with a leading apostrophe so that a spreadsheet shows it as
# text (common.spreadsheet); reading takes the apostrophe off again.
_FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r", "'"})

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


# --------------------------------------------------------------------------
# Reading


Row = tuple[int, tuple[Any, ...]]


@dataclass
class _Table:
    """One sheet's rows under its header, with the columns it has."""

    file: str
    sheet: str  # "" for a CSV file
    columns: dict[str, int]
    rows: list[Row]
    levels: dict[int, int] = field(default_factory=dict)  # level number -> column

    def place(self, row: int, name: str | None = None, *, to: str | None = None) -> str:
        """``Criteria!E17`` (``E17`` in a CSV file); the whole row without a column;
        with ``to``, the range from one column to another."""
        prefix = f"{self.sheet}!" if self.sheet else ""
        if name is None:
            return f"{self.sheet} row {row}" if self.sheet else f"row {row}"
        place = f"{prefix}{self.letter(name)}{row}"
        return f"{place}:{self.letter(to)}{row}" if to else place

    def letter(self, name: str) -> str:
        return get_column_letter(self.columns[name] + 1)

    def value(self, values: tuple[Any, ...], name: str) -> Any:
        """The cell's value, text stripped; None when blank or no such column."""
        index = self.columns.get(name)
        if index is None or index >= len(values):
            return None
        return _clean(values[index])


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class _Problems(list[Problem]):
    def add(self, file: str, place: str, message: str) -> None:
        self.append(Problem(file, None, "", message, place))


def parse_xlsx(name: str, data: bytes, *, max_bytes: int) -> MatrixBundle:
    """The skills in an XLSX workbook (a Criteria sheet, an optional Skill
    sheet). Raises ``MatrixError`` naming sheet, row and column."""
    problems = _Problems()
    sheets = _read_workbook(name, data, max_bytes=max_bytes, problems=problems)
    if problems or sheets is None:
        raise MatrixError(problems)
    criteria_rows, skill_rows = sheets
    criteria = _table(name, CRITERIA, criteria_rows, problems, criteria=True)
    skills = (
        _table(name, SKILL, skill_rows, problems, criteria=False)
        if skill_rows is not None
        else None
    )
    if problems or criteria is None:
        raise MatrixError(problems)
    return _bundle(name, criteria, skills, problems)


def parse_csv(name: str, data: bytes, *, max_bytes: int) -> MatrixBundle:
    """The criteria of skills the database already has, from a CSV file laid out
    as the Criteria sheet (UTF-8, with or without a byte order mark)."""
    problems = _Problems()
    if len(data) > max_bytes:
        problems.add(name, "", _too_large(len(data), max_bytes))
        raise MatrixError(problems)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(
            name,
            "",
            f'the file is not UTF-8 text (bad byte at offset {exc.start}); save it as "CSV UTF-8"',
        )
        raise MatrixError(problems) from None
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in some languages write CSV with semicolons or tabs.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[Row] = []
    filled = 0
    number = 0  # rows as a spreadsheet numbers them (a cell may hold line breaks)
    try:
        for number, values in enumerate(reader, start=1):
            filled += any(v.strip() for v in values)
            if filled > MAX_ROWS + 1:  # the header and MAX_ROWS rows
                problems.add(name, f"row {number}", _too_many_rows())
                raise MatrixError(problems)
            rows.append((number, tuple(_from_csv(v) for v in values[:MAX_COLUMNS])))
    except csv.Error as exc:
        problems.add(name, f"row {number + 1}", f"not valid CSV: {exc}")
        raise MatrixError(problems) from None
    criteria = _table(name, "", rows, problems, criteria=True)
    if problems or criteria is None:
        raise MatrixError(problems)
    return _bundle(name, criteria, None, problems)


def _from_csv(value: str) -> str:
    if value[:1] == "'" and value[1:2] in _FORMULA_STARTS:
        return value[1:]
    return value


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"the file is {_size(size)}; the limit is {_size(max_bytes)} "
        "(setting MATRIX_IMPORT_MAX_BYTES)"
    )


def _too_many_rows() -> str:
    return f"more than {MAX_ROWS} rows; the limit is {MAX_ROWS} rows per sheet"


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size} bytes"


def _read_workbook(
    name: str, data: bytes, *, max_bytes: int, problems: _Problems
) -> tuple[list[Row], list[Row] | None] | None:
    """The rows of the Criteria and Skill sheets, or None with problems."""
    if len(data) > max_bytes:
        problems.add(name, "", _too_large(len(data), max_bytes))
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        problems.add(
            name,
            "",
            "not an XLSX workbook (it is not a zip archive); save it as an Excel "
            "workbook (.xlsx) or as CSV UTF-8",
        )
        return None
    with archive:
        entries = archive.infolist()
        if any(entry.filename.casefold().endswith("vbaproject.bin") for entry in entries):
            problems.add(
                name,
                "",
                "a macro-enabled workbook (it holds a VBA project); macros are never "
                "imported: save it as a plain Excel workbook (.xlsx) without macros",
            )
            return None
        unpacked = sum(entry.file_size for entry in entries)
        if len(entries) > MAX_ZIP_ENTRIES or unpacked > UNPACKED_FACTOR * max_bytes:
            problems.add(
                name,
                "",
                f"the workbook unpacks to {_size(unpacked)} in {len(entries)} parts; the "
                f"limit is {_size(UNPACKED_FACTOR * max_bytes)} in {MAX_ZIP_ENTRIES} parts",
            )
            return None
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as exc:  # a malformed archive can fail anywhere inside openpyxl
        problems.add(name, "", f"not a readable XLSX workbook ({type(exc).__name__}: {exc})")
        return None
    try:
        by_name = {sheet.casefold(): sheet for sheet in workbook.sheetnames}
        if CRITERIA.casefold() not in by_name:
            listed = ", ".join(f'"{sheet}"' for sheet in workbook.sheetnames)
            problems.add(
                name, "", f'no sheet named "{CRITERIA}" (the workbook has {listed or "none"})'
            )
            return None
        criteria = _sheet_rows(name, workbook[by_name[CRITERIA.casefold()]], problems)
        skill_sheet = by_name.get(SKILL.casefold())
        skills = (
            _sheet_rows(name, workbook[skill_sheet], problems) if skill_sheet is not None else None
        )
    except Exception as exc:  # parts are parsed as the rows are read
        problems.add(name, "", f"not a readable XLSX workbook ({type(exc).__name__}: {exc})")
        return None
    finally:
        workbook.close()
    return criteria, skills


def _sheet_rows(file: str, sheet: Any, problems: _Problems) -> list[Row]:
    """Values of a read-only sheet's rows; formulas, error values and merged
    cells are problems (a formula is never evaluated)."""
    title = sheet.title
    rows: list[Row] = []
    filled = 0
    for present, (number, cells) in enumerate(_present_rows(sheet), start=1):
        if present > MAX_PRESENT_ROWS:
            problems.add(
                file,
                f"{title} row {number}",
                f"the sheet holds more than {MAX_PRESENT_ROWS} rows, most of them blank; "
                "delete the rows below your data",
            )
            break
        values: list[Any] = []
        for column, cell in enumerate(cells, start=1):
            kind = getattr(cell, "data_type", None)
            if kind == "f":
                problems.add(
                    file,
                    f"{title}!{get_column_letter(column)}{number}",
                    f"a formula ({_formula(cell.value)}); formulas are not evaluated: "
                    "type the value itself",
                )
                values.append(None)
            elif kind == "e":
                problems.add(
                    file,
                    f"{title}!{get_column_letter(column)}{number}",
                    f"an error value ({cell.value}); type the value itself",
                )
                values.append(None)
            else:
                values.append(cell.value)
        if any(_clean(v) is not None for v in values):
            filled += 1
            if filled > MAX_ROWS + 1:  # the header and MAX_ROWS rows
                problems.add(file, f"{title} row {number}", _too_many_rows())
                break
        rows.append((number, tuple(values)))
        if len(problems) > 50:
            break
    for merged in _merged_ranges(sheet):
        problems.add(
            file,
            f"{title}!{merged}",
            "merged cells; unmerge them and give every row its own value",
        )
    return rows


def _present_rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows the sheet's part holds, each with its number and its first
    MAX_COLUMNS cells. openpyxl's own iteration makes up every missing row
    above the last one, one by one: a single cell at A1000000 would cost a
    million empty rows. A row the part does not hold has no value, so
    skipping it never skips a value."""
    with sheet._get_source() as source:  # the sheet's XML part in the archive
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=False,
            epoch=sheet.parent.epoch,
            date_formats=sheet.parent._date_formats,
            timedelta_formats=sheet.parent._timedelta_formats,
        )
        for number, cells in parser.parse():
            yield number, sheet._get_row(cells, 1, MAX_COLUMNS)


def _formula(value: Any) -> str:
    text = str(getattr(value, "text", value))
    return text if len(text) <= 40 else text[:37] + "..."


def _merged_ranges(sheet: Any) -> Iterator[str]:
    """The sheet's merged ranges. openpyxl's read-only sheets do not read them,
    so stream the sheet's part once more for its ``mergeCell`` elements."""
    with sheet._get_source() as source:  # the sheet's XML part in the archive
        for _event, element in iterparse(source):
            if element.tag.endswith("}mergeCell"):
                yield str(element.get("ref", "?"))
            element.clear()


def _normal(header: Any) -> str:
    return " ".join(str(header).split()).casefold() if header is not None else ""


def _table(
    file: str, sheet: str, rows: list[Row], problems: _Problems, *, criteria: bool
) -> _Table | None:
    """The sheet under its header row (the first row), whose names must be the
    known columns, in any order and any case."""
    label = sheet or "the file"
    known = CRITERIA_COLUMNS if criteria else SKILL_COLUMNS
    optional = frozenset(DEPRECATION_COLUMNS) if criteria else SKILL_OPTIONAL
    if not rows or not any(_clean(v) is not None for v in rows[0][1]):
        what = "one row per criterion" if criteria else "one row per skill"
        problems.add(
            file,
            f"{sheet} row 1" if sheet else "row 1",
            f"{label} is empty or its first row is blank; expected a header row "
            f"({', '.join(known)}) and then {what}",
        )
        return None
    header_row, header = rows[0]
    table = _Table(file=file, sheet=sheet, columns={}, rows=[])
    unknown: list[str] = []
    for index, raw in enumerate(header):
        name = _normal(raw)
        if not name:
            continue
        place = f"{sheet}!" if sheet else ""
        place += f"{get_column_letter(index + 1)}{header_row}"
        level = None if criteria else LEVEL_COLUMN.fullmatch(name)
        if name in table.columns or (level and int(level.group(1)) in table.levels):
            first = get_column_letter(
                table.levels[int(level.group(1))] + 1 if level else table.columns[name] + 1
            )
            problems.add(file, place, f'the column "{name}" appears twice (first in {first})')
        elif name in known or name in optional:
            table.columns[name] = index
        elif level:
            table.levels[int(level.group(1))] = index
            table.columns[name] = index
        else:
            unknown.append(name)
            problems.add(
                file,
                place,
                f'unknown column "{raw}"; expected the columns {", ".join(known)}'
                + (f" (optional: {', '.join(sorted(optional))})" if optional else "")
                + ("" if criteria else ', and "level N" for level descriptions'),
            )
    missing = [name for name in known if name not in table.columns and name not in optional]
    if missing:
        problems.add(
            file,
            f"{sheet} row {header_row}" if sheet else f"row {header_row}",
            f"missing column{'s' if len(missing) > 1 else ''} "
            + ", ".join(f'"{name}"' for name in missing),
        )
    width = max((index for index, raw in enumerate(header) if _normal(raw)), default=-1)
    for number, values in rows[1:]:
        if not any(_clean(v) is not None for v in values):
            continue
        for index, value in enumerate(values):
            if (index > width or not _normal(header[index])) and _clean(value) is not None:
                problems.add(
                    file,
                    f"{sheet + '!' if sheet else ''}{get_column_letter(index + 1)}{number}",
                    "a value in a column with no header",
                )
                break
        table.rows.append((number, values))
    if criteria and not table.rows and not problems:
        problems.add(
            file,
            f"{sheet} row 2" if sheet else "row 2",
            f"{label} has a header row but no criteria below it",
        )
    return table


def _level_key(value: Any) -> Any:
    """A level as people type it (3, 3.0, "3"), as the YAML checker reads keys."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, (dt.date, list)):
        return str(value)
    return value


def _boolean(value: Any) -> Any:
    if isinstance(value, str) and value.casefold() in {"true", "false"}:
        return value.casefold() == "true"
    return value


def _text(value: Any) -> Any:
    """Text as the checker expects it: blank is empty text; numbers typed into
    a text column are text."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


@dataclass
class _SkillData:
    data: dict[str, Any]
    cells: dict[DocPath, str]


def _bundle(
    file: str, criteria: _Table, skills: _Table | None, problems: _Problems
) -> MatrixBundle:
    by_slug: dict[str, list[Row]] = {}
    for number, values in criteria.rows:
        slug = criteria.value(values, "skill")
        if slug is None:
            problems.add(file, criteria.place(number, "skill"), "must not be empty")
            continue
        by_slug.setdefault(str(slug), []).append((number, values))
    sheet_skills: dict[str, _SkillData] = {}
    if skills is not None:
        first_row: dict[str, int] = {}
        for number, values in skills.rows:
            slug = skills.value(values, "skill")
            if slug is None:
                problems.add(file, skills.place(number, "skill"), "must not be empty")
                continue
            if str(slug) in first_row:
                problems.add(
                    file,
                    skills.place(number, "skill"),
                    f'the skill "{slug}" has two rows (first at row {first_row[str(slug)]})',
                )
                continue
            first_row[str(slug)] = number
            sheet_skills[str(slug)] = _skill_from_sheet(skills, number, values)
    known = {
        skill.slug: skill
        for skill in Skill.objects.filter(slug__in=[*by_slug, *sheet_skills]).order_by()
    }
    bundle = MatrixBundle()
    for slug in [*sheet_skills, *(s for s in by_slug if s not in sheet_skills)]:
        rows = by_slug.get(slug, [])
        existing = skill_document(known[slug]) if slug in known else None
        if slug in sheet_skills:
            skill = sheet_skills[slug]
            if existing is not None:
                # What the sheet does not carry stays as it is.
                for name in ("watch", "moved"):
                    if name in existing:
                        skill.data[name] = existing[name]
                skill.data["levels"] = {**existing["levels"], **skill.data["levels"]}
        elif existing is not None:
            skill = _SkillData(
                data={k: v for k, v in existing.items() if k != "roles"},
                cells={(): criteria.place(rows[0][0], "skill")},
            )
        else:
            where = "the Skill sheet" if skills is not None else "an XLSX file's Skill sheet"
            problems.add(
                file,
                criteria.place(rows[0][0], "skill"),
                f'unknown skill "{slug}": it is not in the database; give its name, summary, '
                f"domain, group and last reviewed date on {where} (a CSV file carries "
                "only criteria)"
                if skills is None
                else f'unknown skill "{slug}": it is neither on the Skill sheet nor in the '
                "database; add a row for it there",
            )
            continue
        skill.data["roles"] = _roles(
            criteria, rows, skill.cells, problems, existing["roles"] if existing else {}
        )
        doc = Document(file=file, data=skill.data, lines={}, cells=skill.cells)
        validate_document(doc, bundle)
        problems.extend(doc.problems)
    if problems:
        raise MatrixError(problems)
    return bundle


def _skill_from_sheet(table: _Table, number: int, values: tuple[Any, ...]) -> _SkillData:
    data: dict[str, Any] = {"kind": "skill", "slug": _text(table.value(values, "skill"))}
    cells: dict[DocPath, str] = {(): table.place(number), ("slug",): table.place(number, "skill")}
    for name in ("name", "summary", "description", "domain", "group"):
        value = table.value(values, name)
        if name in SKILL_OPTIONAL and value is None:
            continue
        data[name] = _text(value)
        cells[(name,)] = table.place(number, name)
    data["last_reviewed"] = table.value(values, "last reviewed")
    cells[("last_reviewed",)] = table.place(number, "last reviewed")
    levels: dict[int, Any] = {}
    for level, index in sorted(table.levels.items()):
        value = _clean(values[index]) if index < len(values) else None
        if value is not None:
            levels[level] = _text(value)
            cells[("levels", level)] = table.place(number, f"level {level}")
    data["levels"] = levels
    return _SkillData(data=data, cells=cells)


def _roles(
    table: _Table,
    rows: list[Row],
    cells: dict[DocPath, str],
    problems: _Problems,
    existing: Mapping[str, Any],
) -> dict[Any, Any]:
    """The skill's ``roles`` mapping from its rows, in the rows' order."""
    groups: dict[tuple[Any, Any], list[Row]] = {}
    for number, values in rows:
        role = _text(table.value(values, "role"))
        level = _level_key(table.value(values, "level"))
        groups.setdefault((role, level), []).append((number, values))
    roles: dict[Any, Any] = {}
    for (role, level), group in groups.items():
        first = group[0][0]
        cells.setdefault(("roles", role), table.place(first, "role"))
        path: DocPath = ("roles", role, "levels", level)
        cells[path] = table.place(first, "role", to="level")
        old = existing.get(role, {}).get("levels", {}).get(level, {}) if role else {}
        roles.setdefault(role, {"levels": {}})["levels"][level] = _cell(
            table, group, path, cells, problems, old if isinstance(old, dict) else {}
        )
    return roles


def _cell(
    table: _Table,
    group: list[Row],
    path: DocPath,
    cells: dict[DocPath, str],
    problems: _Problems,
    old: Mapping[str, Any],
) -> dict[str, Any]:
    """One cell (role and level) from its rows: its fields from whichever rows
    give them (all that do must agree), one criterion per row."""
    fields: dict[str, tuple[int, Any]] = {}
    for name, column in CELL_FIELDS.items():
        refused: set[str] = set()
        for number, values in group:
            value = table.value(values, column)
            if value is None:
                continue
            # Each cell's own value first: a bad one is named where it is
            # (once per value), and never compared with its neighbours.
            if (wrong := _wrong_value(name, value)) is not None:
                if _shown(value) not in refused:
                    refused.add(_shown(value))
                    problems.add(table.file, table.place(number, column), wrong)
                fields.setdefault(name, (number, None))
                continue
            if name not in fields or fields[name][1] is None:
                fields[name] = (number, value)
            elif value != fields[name][1]:
                first_number, first_value = fields[name]
                problems.add(
                    table.file,
                    table.place(number, column),
                    f'"{column}" differs from {table.place(first_number, column)} '
                    f"({_shown(first_value)}) for the same role and level; give it once "
                    "or the same on every row",
                )
    first = group[0][0]
    # Only refused values: already named, so the checker is given a valid
    # stand-in rather than naming the cell a second time.
    for name, (number, value) in list(fields.items()):
        if value is None:
            if name == "required":
                fields[name] = (number, False)
            else:
                del fields[name]

    def at(name: str) -> Any:
        number, value = fields.get(name, (first, None))
        cells[(*path, name)] = table.place(number, CELL_FIELDS[name])
        return value

    cell: dict[str, Any] = {
        "required": _boolean(at("required")),
        "summary": _text(at("summary")),
    }
    if (topics := at("topics")) is not None:
        cell["topics"] = [t.strip() for t in str(topics).split(";") if t.strip()]
    if (last_reviewed := at("last_reviewed")) is not None:
        cell["last_reviewed"] = last_reviewed
    old_criteria = {c.get("key"): c for c in old.get("criteria", []) if isinstance(c, dict)}
    criteria: list[dict[str, Any]] = []
    for number, values in group:
        index = len(criteria)
        item: dict[str, Any] = {
            "key": _text(table.value(values, "criterion key")),
            "text": _text(table.value(values, "criterion text")),
        }
        cells[(*path, "criteria", index)] = table.place(number)
        cells[(*path, "criteria", index, "key")] = table.place(number, "criterion key")
        cells[(*path, "criteria", index, "text")] = table.place(number, "criterion text")
        if any(column in table.columns for column in DEPRECATION_COLUMNS):
            deprecation = {
                key: _text(value)
                for column, key in DEPRECATION_COLUMNS.items()
                if (value := table.value(values, column)) is not None
            }
            if deprecation:
                item["deprecated"] = deprecation
                for column, key in DEPRECATION_COLUMNS.items():
                    if column in table.columns:
                        cells[(*path, "criteria", index, "deprecated", key)] = table.place(
                            number, column
                        )
        elif "deprecated" in old_criteria.get(item["key"], {}):
            item["deprecated"] = old_criteria[item["key"]]["deprecated"]
        criteria.append(item)
    cell["criteria"] = criteria
    if (links := at("links")) is not None:
        old_links = {
            link.get("url"): link for link in old.get("links", []) if isinstance(link, dict)
        }
        parsed: list[dict[str, Any]] = []
        number = fields["links"][0]
        for entry in (e.strip() for e in str(links).split(";")):
            if not entry:
                continue
            title, bar, url = entry.rpartition("|")
            if not bar:
                problems.add(
                    table.file,
                    table.place(number, "links"),
                    f'expected links as "title | address; title | address", got {_shown(entry)}',
                )
                continue
            link: dict[str, Any] = {"title": title.strip(), "url": url.strip()}
            if "deprecated" in old_links.get(link["url"], {}):
                link["deprecated"] = old_links[link["url"]]["deprecated"]
            parsed.append(link)
        cell["links"] = parsed
    return cell


def _wrong_value(name: str, value: Any) -> str | None:
    """What is wrong with one cell's value of a typed field, in the words of
    the YAML checker (skills.matrix_yaml), or None."""
    if name == "required" and not isinstance(_boolean(value), bool):
        return f"expected true or false, got {describe(value)}"
    if name == "last_reviewed" and not isinstance(value, dt.date):
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return f"expected a date like 2026-03-17, got {describe(value)}"
    return None


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}..."'
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).lower() if isinstance(value, bool) else str(value)


def parse_spreadsheets(
    files: Iterable[tuple[str, bytes]], *, max_bytes: int, problems: list[Problem]
) -> MatrixBundle:
    """Several spreadsheet files into one bundle, problems collected in ``problems``."""
    bundle = MatrixBundle()
    for name, data in files:
        parser = parse_csv if name.casefold().endswith(".csv") else parse_xlsx
        try:
            bundle.skills.extend(parser(name, data, max_bytes=max_bytes).skills)
        except MatrixError as exc:
            problems.extend(exc.problems)
    return bundle


# --------------------------------------------------------------------------
# Writing


def _criteria_rows(skills: Sequence[Skill]) -> Iterator[list[Any]]:
    yield [*CRITERIA_COLUMNS, *DEPRECATION_COLUMNS]
    for skill in skills:
        document = skill_document(skill)
        for role, entry in document["roles"].items():
            for level, cell in entry["levels"].items():
                links = "; ".join(
                    f"{link['title']} | {link['url']}" for link in cell.get("links", [])
                )
                for criterion in cell["criteria"]:
                    deprecated = criterion.get("deprecated", {})
                    yield [
                        skill.slug,
                        role,
                        level,
                        cell["required"],
                        cell["summary"],
                        criterion["key"],
                        criterion["text"],
                        "; ".join(cell.get("topics", [])),
                        links,
                        cell.get("last_reviewed"),
                        *(deprecated.get(key, "") for key in DEPRECATION_COLUMNS.values()),
                    ]


def _skill_rows(skills: Sequence[Skill], levels: Sequence[int]) -> Iterator[list[Any]]:
    yield [*SKILL_COLUMNS, *(f"level {number}" for number in levels)]
    for skill in skills:
        document = skill_document(skill)
        yield [
            skill.slug,
            skill.name,
            skill.summary,
            skill.description,
            skill.domain,
            skill.group,
            skill.last_reviewed,
            *(document["levels"].get(number, "") for number in levels),
        ]


def export_xlsx(skills: Sequence[Skill]) -> bytes:
    """The skills as an XLSX workbook (Skill and Criteria sheets) that imports
    back unchanged. Text is stored as text, never as a formula."""
    workbook = openpyxl.Workbook()
    skill_sheet = workbook.active
    assert skill_sheet is not None  # a new workbook has one sheet
    skill_sheet.title = SKILL
    criteria_sheet = workbook.create_sheet(CRITERIA)
    levels = sorted(Level.objects.values_list("number", flat=True))
    for sheet, rows in (
        (skill_sheet, _skill_rows(skills, levels)),
        (criteria_sheet, _criteria_rows(skills)),
    ):
        for values in rows:
            sheet.append([None if v == "" else v for v in values])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    # openpyxl reads "=..." as a formula and "#N/A" as an error.
                    cell.data_type = "s"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_csv(skills: Sequence[Skill]) -> bytes:
    """The skills' criteria as CSV (UTF-8 with a byte order mark, so that
    spreadsheets open it as UTF-8); cells a spreadsheet would run as a
    formula start with an apostrophe, which importing takes off."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for values in _criteria_rows(skills):
        writer.writerow([_to_csv(value) for value in values])
    return out.getvalue().encode("utf-8-sig")


def _to_csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text[:1] == "'" and text[1:2] in _FORMULA_STARTS:
        return "'" + text  # reading takes one apostrophe off
    return spreadsheet_cell(text)
