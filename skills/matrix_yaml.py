"""Reading and writing the matrix's YAML format (see docs/fixtures.md).

This module never queries the database: it turns files into validated plain
specs, or a list of problems that each name the file, the line and the path
inside the document. ``skills.services`` writes the specs. The limits it
checks are the app's own (the models' max_length and ``skills.models``'
counts per cell, which the in-app editor checks too), and the characters it
accepts are those of ``common.text``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from common.text import character_name, shown, text_problem
from common.validators import SLUG_RE
from levels.models import MAX_RUNGS, MIN_LEVEL, MIN_RUNGS, Level
from roles.models import Role
from skills.models import (
    MAX_CRITERIA,
    MAX_LINKS,
    MAX_MOVED,
    MAX_TOPIC_LENGTH,
    MAX_TOPICS,
    MAX_WATCH_TERMS,
    MOVED_FIELDS,
    MOVED_LIMITS,
    URL_RE,
    WATCH_FIELDS,
    WATCH_LIMITS,
    Criterion,
    Expectation,
    LearningLink,
    Skill,
    SkillLevel,
    field_limit,
)

MAX_PROBLEMS = 50

PathPart = str | int
DocPath = tuple[PathPart, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, addressed precisely enough to fix it."""

    file: str
    line: int | None
    path: str
    message: str
    # A place in a spreadsheet ("Criteria!E17"), shown instead of line and path.
    cell: str = ""

    @property
    def where(self) -> str:
        """The file and the place in it, as the import command prints them:
        ``file: Sheet!E17``, ``file:12 path`` or just ``file``."""
        file = shown(self.file)
        if self.cell:
            return f"{file}: {self.cell}"
        where = file if self.line is None else f"{file}:{self.line}"
        return f"{where} {self.path}" if self.path else where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class MatrixError(Exception):
    """The input cannot be imported. Nothing has been written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Source:
    """Where a spec came from, for error messages raised after parsing."""

    file: str
    line: int | None
    path: str
    cell: str = ""

    def problem(self, message: str) -> Problem:
        return Problem(self.file, self.line, self.path, message, self.cell)

    @property
    def place(self) -> str:
        if self.cell:
            return f"{self.file}: {self.cell}"
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class LevelSpec:
    number: int
    slug: str
    career_name: str
    proficiency_name: str
    summary: str
    source: Source = field(compare=False)


@dataclass(frozen=True)
class RoleSpec:
    slug: str
    name: str
    family: str
    summary: str
    source: Source = field(compare=False)


@dataclass(frozen=True)
class DeprecationSpec:
    since: str
    replaced_by: str
    url: str = ""
    note: str = ""

    def fields(self) -> dict[str, Any]:
        """The model's deprecation fields (skills.models.Deprecatable)."""
        return {
            "deprecated": True,
            "deprecated_since": self.since,
            "replaced_by": self.replaced_by,
            "replacement_url": self.url,
            "deprecation_note": self.note,
        }


NOT_DEPRECATED: dict[str, Any] = {
    "deprecated": False,
    "deprecated_since": "",
    "replaced_by": "",
    "replacement_url": "",
    "deprecation_note": "",
}


def deprecation_fields(spec: DeprecationSpec | None) -> dict[str, Any]:
    return NOT_DEPRECATED if spec is None else spec.fields()


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    text: str
    deprecated: DeprecationSpec | None = None


@dataclass(frozen=True)
class LinkSpec:
    title: str
    url: str
    deprecated: DeprecationSpec | None = None


@dataclass(frozen=True)
class ExpectationSpec:
    role: str
    level: int
    required: bool
    summary: str
    topics: tuple[str, ...]
    last_reviewed: dt.date | None
    criteria: tuple[CriterionSpec, ...]
    links: tuple[LinkSpec, ...]
    source: Source = field(compare=False)


@dataclass(frozen=True)
class SkillSpec:
    slug: str
    name: str
    summary: str
    description: str
    domain: str
    group: str
    last_reviewed: dt.date
    watch_terms: tuple[Mapping[str, str], ...]
    moved_links: tuple[Mapping[str, str], ...]
    level_descriptions: Mapping[int, str]
    expectations: tuple[ExpectationSpec, ...]
    source: Source = field(compare=False)
    level_sources: Mapping[int, Source] = field(compare=False, default_factory=dict)


@dataclass
class MatrixBundle:
    """Everything read from one import run, checked for internal consistency."""

    levels: list[LevelSpec] = field(default_factory=list)
    roles: list[RoleSpec] = field(default_factory=list)
    skills: list[SkillSpec] = field(default_factory=list)


# --------------------------------------------------------------------------
# Reading YAML with line numbers


MAX_DEPTH = 20
_BOOL_TAG = "tag:yaml.org,2002:bool"


class _StrictSafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that also refuses anchors and aliases (the format has
    no use for them and they carry "billion laughs" documents), refuses nesting
    deeper than any matrix file needs, and reads only ``true``/``false`` as
    booleans: YAML 1.1's ``yes``/``no``/``on``/``off`` stay text, so a typo
    cannot silently flip a required flag."""

    yaml_implicit_resolvers = {
        first: [
            (tag, regexp)
            if tag != _BOOL_TAG
            else (tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
            for tag, regexp in resolvers
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            return self._compose_checked(parent, index)
        finally:
            self._depth -= 1

    def _compose_checked(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ComposerError(
                None, None, "anchors and aliases (*name) are not supported", event.start_mark
            )
        if self.check_event(yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            if getattr(event, "anchor", None):
                raise ComposerError(
                    None, None, "anchors and aliases (&name) are not supported", event.start_mark
                )
        return super().compose_node(parent, index)


_SAFE_TAGS = frozenset(yaml.SafeLoader.yaml_constructors) - {None}


def format_path(path: DocPath) -> str:
    """``("roles", "ml-engineer", "levels", 3)`` → ``roles.ml-engineer.levels.3``;
    list positions print as ``[n]``."""
    out = ""
    for part in path:
        if isinstance(part, _Index):
            out += f"[{int(part)}]"
        else:
            out += ("." if out else "") + shown(str(part))
    return out


class _Index(int):
    """A list position inside a document path (prints as ``[n]``)."""


@dataclass
class _Document:
    """One parsed file: its data and where each path starts in the file (the
    line in YAML; the cell, such as ``Criteria!E17``, when the data was built
    from a spreadsheet by ``skills.spreadsheet``)."""

    file: str
    data: Any
    lines: dict[DocPath, int]
    problems: list[Problem] = field(default_factory=list)
    cells: dict[DocPath, str] = field(default_factory=dict)

    def line(self, path: DocPath) -> int | None:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)

    def cell(self, path: DocPath) -> str:
        while path not in self.cells and path:
            path = path[:-1]
        return self.cells.get(path, "")

    def problem(self, path: DocPath, message: str) -> None:
        self.problems.append(
            Problem(self.file, self.line(path), format_path(path), message, self.cell(path))
        )

    def source(self, path: DocPath) -> Source:
        return Source(self.file, self.line(path), format_path(path), self.cell(path))


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        text = shown(value)
        return f'"{text}"' if len(text) <= 60 else f'"{text[:57]}..."'
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _node_to_data(node: Node, path: DocPath, loader: _StrictSafeLoader, doc: _Document) -> Any:
    doc.lines[path] = node.start_mark.line + 1
    if node.tag not in _SAFE_TAGS:
        doc.problem(path, f"unsupported YAML tag {node.tag!r}; only plain YAML values are allowed")
        return None
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SAFE_TAGS:
                doc.lines[path + ("?",)] = key_node.start_mark.line + 1
                doc.problem(path + ("?",), "mapping keys must be plain text or numbers")
                continue
            key = _construct_scalar(key_node, path, loader, doc)
            key_line = key_node.start_mark.line + 1
            if key is None or isinstance(key, (dt.date, float)):
                doc.lines[(*path, "?")] = key_line
                doc.problem(
                    (*path, "?"),
                    f"mapping keys must be plain text or whole numbers, got {describe(key)}",
                )
                continue
            if key in first_seen:
                doc.lines[path + (key,)] = key_line
                doc.problem(
                    path + (key,),
                    f"duplicate key {_describe_key(key)} (first at line {first_seen[key]})",
                )
                continue
            first_seen[key] = key_line
            result[key] = _node_to_data(value_node, path + (key,), loader, doc)
            doc.lines[path + (key,)] = key_line
        return result
    if isinstance(node, SequenceNode):
        return [
            _node_to_data(item, path + (_Index(i),), loader, doc)
            for i, item in enumerate(node.value)
        ]
    return _construct_scalar(node, path, loader, doc)


def _construct_scalar(node: Node, path: DocPath, loader: _StrictSafeLoader, doc: _Document) -> Any:
    try:
        return loader.construct_object(node)
    except (ValueError, OverflowError) as exc:
        # e.g. an impossible date such as 2026-02-30
        doc.lines.setdefault(path, node.start_mark.line + 1)
        doc.problem(path, f"invalid value {node.value!r}: {exc}")
        return None


def _describe_key(key: Any) -> str:
    return f'"{shown(key)}"' if isinstance(key, str) else str(key)


_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(path: Path, mode: int) -> str:
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a file")
    resolved = path.resolve()
    if resolved != path.absolute():
        kind = f"it leads to {shown(str(resolved))}, {kind}"
    return f"not a regular file ({kind}); expected a YAML file"


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size} bytes"


def _read_bounded(path: Path, max_bytes: int) -> bytes | str:
    """The file's bytes, or why not. Never reads more than ``max_bytes`` + 1
    (the size a file reports can be wrong: /proc, a file still growing) and
    never opens what is not a regular file once symlinks are followed
    (/dev/zero never ends; opening a named pipe waits for a writer)."""
    try:
        if not stat.S_ISREG(mode := path.stat().st_mode):
            return _not_regular(path, mode)
        # O_NONBLOCK: should the path be swapped for a pipe after the check,
        # opening it still returns at once, and the fstat below refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return _not_regular(path, info.st_mode)
        if info.st_size > max_bytes:
            return (
                f"the file is {_size(info.st_size)}; the limit is "
                f"{_size(max_bytes)} (setting MATRIX_IMPORT_MAX_BYTES)"
            )
        chunks: list[bytes] = []
        remaining = max_bytes + 1
        while remaining > 0 and (chunk := os.read(fd, min(remaining, 65_536))):
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    finally:
        os.close(fd)
    if remaining <= 0:
        return (
            f"the file is larger than the limit of {_size(max_bytes)} "
            "(setting MATRIX_IMPORT_MAX_BYTES)"
        )
    return b"".join(chunks)


def read_document(path: Path, *, display_name: str, max_bytes: int) -> _Document:
    """Parse one file safely. Problems are recorded on the document, never raised."""
    data = _read_bounded(path, max_bytes)
    if isinstance(data, str):
        doc = _Document(file=display_name, data=None, lines={})
        doc.problem((), data)
        return doc
    return document_from_bytes(data, display_name=display_name)


def document_from_bytes(data: bytes, *, display_name: str) -> _Document:
    """Parse one file's bytes (already read within the size limit)."""
    doc = _Document(file=display_name, data=None, lines={})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        doc.problem((), f"the file is not UTF-8 text (bad byte at offset {exc.start})")
        return doc
    if unprintable := yaml.reader.Reader.NON_PRINTABLE.search(text):
        # YAML refuses these too, but without saying where; say it as people count.
        start = unprintable.start()
        at_line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        doc.problems.append(
            Problem(
                doc.file,
                at_line,
                "",
                f"the file holds the control character {character_name(unprintable.group())} "
                f"at column {column}; YAML files hold printable text only",
            )
        )
        return doc
    if not text.strip():
        doc.problem((), "the file is empty; expected a mapping with a 'kind' field")
        return doc
    loader = _StrictSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.problem(
                (),
                "the file is empty (it holds only comments); "
                "expected a mapping with a 'kind' field",
            )
            return doc
        doc.data = _node_to_data(node, (), loader, doc)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in reason:
            message = "unsupported YAML tag; only plain YAML values are allowed"
        elif reason.startswith(("anchors and aliases", "nested more than")):
            message = reason
        else:
            message = f"YAML syntax error: {reason}"
        doc.problems.append(Problem(doc.file, line, "", message))
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(doc.file, None, "", f"YAML error: {exc}"))
    finally:
        loader.dispose()
    return doc


# --------------------------------------------------------------------------
# Validating documents into specs


class _Checker:
    """Field-by-field checks for one mapping, recording problems on the document."""

    def __init__(self, doc: _Document, path: DocPath, value: Any, fields: Iterable[str]) -> None:
        self.doc = doc
        self.path = path
        self.ok = self.is_mapping = isinstance(value, dict)
        self.data: dict[Any, Any] = value if isinstance(value, dict) else {}
        if not self.is_mapping:
            doc.problem(path, f"expected a mapping, got {describe(value)}")
            return
        allowed = list(fields)
        for key in self.data:
            if key not in allowed:
                doc.problem(
                    path + (key,),
                    f"unknown field {describe(key)}; expected one of: {', '.join(allowed)}",
                )
                self.ok = False

    def get(self, name: str, required: bool) -> tuple[bool, Any]:
        if name not in self.data:
            if required and isinstance(self.data, dict):
                self.doc.problem(self.path, f'missing field "{name}"')
                self.ok = False
            return False, None
        return True, self.data[name]

    def fail(self, name: str, message: str) -> None:
        self.doc.problem(self.path + (name,), message)
        self.ok = False

    def text(
        self, name: str, *, max_length: int, required: bool = True, multiline: bool = False
    ) -> str:
        """Text of at most ``max_length`` characters (the model's), with no
        control characters but tabs and line breaks where ``multiline``."""
        present, value = self.get(name, required)
        if not present:
            return ""
        problem = self.check_text(
            value, max_length=max_length, required=required, multiline=multiline
        )
        if problem:
            self.fail(name, problem)
            return ""
        return str(value).strip()

    @staticmethod
    def check_text(
        value: Any, *, max_length: int, required: bool = True, multiline: bool = False
    ) -> str | None:
        """What is wrong with ``value`` as text for the database, or None."""
        if not isinstance(value, str):
            return f"expected text, got {describe(value)}"
        text = value.strip()  # a folded block (>) ends with a line break
        if required and not text:
            return "must not be empty"
        if len(text) > max_length:
            return f"is {len(text)} characters long; the limit is {max_length}"
        return text_problem(text, multiline=multiline)

    def slug(self, name: str, *, max_length: int) -> str:
        present, value = self.get(name, True)
        if not present:
            return ""
        return self.check_slug(value, (*self.path, name), max_length=max_length)

    def check_slug(self, value: Any, path: DocPath, *, max_length: int) -> str:
        # fullmatch: SLUG_RE ends in "$", which also matches before a final "\n".
        if not isinstance(value, str) or not SLUG_RE.fullmatch(value) or len(value) > max_length:
            self.doc.problem(
                path,
                "expected a slug (lowercase letters, digits and single hyphens, "
                f"at most {max_length} characters), got {describe(value)}",
            )
            self.ok = False
            return ""
        return value

    def boolean(self, name: str) -> bool:
        present, value = self.get(name, True)
        if not present:
            return False
        if not isinstance(value, bool):
            self.fail(name, f"expected true or false, got {describe(value)}")
            return False
        return value

    def date(self, name: str, *, required: bool) -> dt.date | None:
        present, value = self.get(name, required)
        if not present or (value is None and not required):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(name, f"expected a date like 2026-03-17, got {describe(value)}")
        return None

    def level_number(self, value: Any, path: DocPath) -> int | None:
        if isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.doc.problem(
                path, f"expected a level number from 1 to {MAX_RUNGS}, got {describe(value)}"
            )
            self.ok = False
            return None
        if not MIN_LEVEL <= value <= MAX_RUNGS:
            self.doc.problem(
                path,
                f"level must be between 1 and {MAX_RUNGS}, got {value} "
                f"(a ladder has at most {MAX_RUNGS} levels)",
            )
            self.ok = False
            return None
        return value

    def items(
        self, name: str, *, required: bool = True, limit: tuple[int, str] | None = None
    ) -> list[Any]:
        """A list; with ``limit`` (how many, of what), refused past that many."""
        present, value = self.get(name, required)
        if not present or (value is None and not required):
            return []
        if not isinstance(value, list):
            self.fail(name, f"expected a list, got {describe(value)}")
            return []
        if limit is not None and len(value) > limit[0]:
            self.fail(
                name,
                f"{len(value)} {limit[1]}; the limit is {limit[0]} per cell "
                "(as in the app's editor)",
            )
        return value

    def mapping(self, name: str) -> dict[Any, Any]:
        present, value = self.get(name, True)
        if not present:
            return {}
        if not isinstance(value, dict):
            self.fail(name, f"expected a mapping, got {describe(value)}")
            return {}
        return value


def _parse_levels(doc: _Document, bundle: MatrixBundle) -> None:
    top = _Checker(doc, (), doc.data, ["kind", "levels"])
    entries = top.items("levels")
    numbers: list[tuple[int, DocPath]] = []
    for i, raw in enumerate(entries):
        path: DocPath = ("levels", _Index(i))
        c = _Checker(
            doc, path, raw, ["number", "slug", "career_name", "proficiency_name", "summary"]
        )
        if not c.is_mapping:
            continue
        present, raw_number = c.get("number", True)
        number = c.level_number(raw_number, path + ("number",)) if present else None
        spec = LevelSpec(
            number=number or 0,
            slug=c.slug("slug", max_length=field_limit(Level, "slug")),
            career_name=c.text("career_name", max_length=field_limit(Level, "career_name")),
            proficiency_name=c.text(
                "proficiency_name", max_length=field_limit(Level, "proficiency_name")
            ),
            summary=c.text(
                "summary", max_length=field_limit(Level, "summary"), required=False, multiline=True
            ),
            source=doc.source(path),
        )
        if c.ok and number is not None:
            bundle.levels.append(spec)
        if number is not None:
            numbers.append((number, path + ("number",)))
    if top.ok and len(numbers) == len(entries):
        _check_ladder(doc, numbers)


def _check_ladder(doc: _Document, numbers: list[tuple[int, DocPath]]) -> None:
    """A levels file is the whole ladder: MIN_RUNGS to MAX_RUNGS levels
    numbered 1..N, each once. (Numbers past MAX_RUNGS are refused one by one.)"""
    # A number given twice is reported with the other duplicates (across files).
    seen = {number for number, _path in numbers}
    if not seen:
        doc.problem(("levels",), f"a ladder needs {MIN_RUNGS} to {MAX_RUNGS} levels, got none")
        return
    top = max(seen)
    missing = [n for n in range(1, top + 1) if n not in seen]
    if missing:
        names = ", ".join(str(n) for n in missing)
        doc.problem(
            ("levels",),
            f"the ladder must be numbered 1 to {top} without gaps: "
            f"level{'s' if len(missing) > 1 else ''} {names} "
            f"{'are' if len(missing) > 1 else 'is'} missing",
        )
    elif top < MIN_RUNGS:
        doc.problem(
            ("levels",),
            f"a ladder needs at least {MIN_RUNGS} levels (at most {MAX_RUNGS}), got {top}",
        )


def _parse_roles(doc: _Document, bundle: MatrixBundle) -> None:
    top = _Checker(doc, (), doc.data, ["kind", "roles"])
    for i, raw in enumerate(top.items("roles")):
        path: DocPath = ("roles", _Index(i))
        c = _Checker(doc, path, raw, ["slug", "name", "family", "summary"])
        if not c.is_mapping:
            continue
        spec = RoleSpec(
            slug=c.slug("slug", max_length=field_limit(Role, "slug")),
            name=c.text("name", max_length=field_limit(Role, "name")),
            family=c.text("family", max_length=field_limit(Role, "family"), required=False),
            summary=c.text(
                "summary", max_length=field_limit(Role, "summary"), required=False, multiline=True
            ),
            source=doc.source(path),
        )
        if c.ok:
            bundle.roles.append(spec)


def _parse_expectation(
    doc: _Document, path: DocPath, raw: Any, role: str, level: int
) -> ExpectationSpec | None:
    c = _Checker(
        doc, path, raw, ["required", "summary", "topics", "last_reviewed", "criteria", "links"]
    )
    if not c.is_mapping:
        return None
    required = c.boolean("required")
    summary = c.text("summary", max_length=field_limit(Expectation, "summary"), multiline=True)
    last_reviewed = c.date("last_reviewed", required=False)
    topics: list[str] = []
    for i, topic in enumerate(c.items("topics", required=False, limit=(MAX_TOPICS, "topics"))):
        slug = c.check_slug(topic, path + ("topics", _Index(i)), max_length=MAX_TOPIC_LENGTH)
        if slug in topics:
            doc.problem(path + ("topics", _Index(i)), f'duplicate topic "{slug}"')
            c.ok = False
        topics.append(slug)
    criteria: list[CriterionSpec] = []
    raw_criteria = c.items("criteria", limit=(MAX_CRITERIA, "criteria"))
    if "criteria" in c.data and not raw_criteria and isinstance(c.data["criteria"], list):
        c.fail("criteria", "needs at least one criterion")
    keys_seen: dict[str, int] = {}
    texts_seen: dict[str, int] = {}
    for i, item in enumerate(raw_criteria):
        item_path = path + ("criteria", _Index(i))
        ic = _Checker(doc, item_path, item, ["key", "text", "deprecated"])
        if not ic.is_mapping:
            c.ok = False
            continue
        key = ic.slug("key", max_length=field_limit(Criterion, "key"))
        # One line: the app's editor shows and edits one criterion per line.
        text = ic.text("text", max_length=field_limit(Criterion, "text"))
        if key in keys_seen:
            doc.problem(
                item_path + ("key",),
                f'duplicate criterion key "{key}" (first at criteria[{keys_seen[key]}])',
            )
            ic.ok = False
        keys_seen[key] = i
        same = " ".join(text.split())  # as the editor compares them
        if same and same in texts_seen:
            ic.fail(
                "text",
                f"the same criterion as criteria[{texts_seen[same]}]; "
                "each criterion may appear only once in a cell (as in the app's editor)",
            )
        texts_seen.setdefault(same, i)
        criterion_deprecation = _parse_deprecation(ic)
        if ic.ok:
            criteria.append(CriterionSpec(key=key, text=text, deprecated=criterion_deprecation))
        else:
            c.ok = False
    links: list[LinkSpec] = []
    urls_seen: set[str] = set()
    for i, item in enumerate(c.items("links", required=False, limit=(MAX_LINKS, "links"))):
        item_path = path + ("links", _Index(i))
        lc = _Checker(doc, item_path, item, ["title", "url", "deprecated"])
        if not lc.is_mapping:
            c.ok = False
            continue
        title = lc.text("title", max_length=field_limit(LearningLink, "title"))
        url = lc.text("url", max_length=field_limit(LearningLink, "url"))
        if url and not URL_RE.match(url):
            lc.fail("url", f"expected an http:// or https:// address, got {describe(url)}")
        elif url in urls_seen:
            lc.fail("url", f"duplicate link {describe(url)}")
        urls_seen.add(url)
        link_deprecation = _parse_deprecation(lc)
        if lc.ok:
            links.append(LinkSpec(title=title, url=url, deprecated=link_deprecation))
        else:
            c.ok = False
    if not c.ok:
        return None
    return ExpectationSpec(
        role=role,
        level=level,
        required=required,
        summary=summary,
        topics=tuple(topics),
        last_reviewed=last_reviewed,
        criteria=tuple(criteria),
        links=tuple(links),
        source=doc.source(path),
    )


def _parse_deprecation(owner: _Checker) -> DeprecationSpec | None:
    """A criterion's or link's ``deprecated`` block, or None."""
    present, raw = owner.get("deprecated", False)
    if not present:
        return None
    path = (*owner.path, "deprecated")
    c = _Checker(owner.doc, path, raw, ["since", "replaced_by", "url", "note"])
    if not c.is_mapping:
        owner.ok = False
        return None
    since = c.text("since", max_length=field_limit(Criterion, "deprecated_since"))
    replaced_by = c.text("replaced_by", max_length=field_limit(Criterion, "replaced_by"))
    url = c.text("url", max_length=field_limit(Criterion, "replacement_url"), required=False)
    if url and not URL_RE.match(url):
        c.fail("url", f"expected an http:// or https:// address, got {describe(url)}")
    note = c.text("note", max_length=field_limit(Criterion, "deprecation_note"), required=False)
    if not c.ok:
        owner.ok = False
        return None
    return DeprecationSpec(since=since, replaced_by=replaced_by, url=url, note=note)


def _parse_records(
    c: _Checker,
    name: str,
    fields: Mapping[str, bool],
    limits: Mapping[str, int],
    limit: int,
) -> list[dict[str, str]]:
    """A list of small one-line records (watch terms, moved addresses)."""
    records: list[dict[str, str]] = []
    present, raw = c.get(name, False)
    if not present or raw is None:
        return records
    if not isinstance(raw, list):
        c.fail(name, f"expected a list, got {describe(raw)}")
        return records
    if len(raw) > limit:
        c.fail(name, f"{len(raw)} entries; the limit is {limit}")
        return records
    for i, item in enumerate(raw):
        rc = _Checker(c.doc, (*c.path, name, _Index(i)), item, list(fields))
        if not rc.is_mapping:
            c.ok = False
            continue
        record = {
            field: rc.text(field, max_length=limits[field], required=required)
            for field, required in fields.items()
        }
        if rc.ok:
            records.append(record)
        else:
            c.ok = False
    return records


def _parse_watch(c: _Checker) -> list[dict[str, str]]:
    records = _parse_records(c, "watch", WATCH_FIELDS, WATCH_LIMITS, MAX_WATCH_TERMS)
    seen: dict[str, int] = {}
    for i, record in enumerate(records):
        term = record["term"].casefold()
        if term in seen:
            c.doc.problem(
                ("watch", _Index(i), "term"),
                f'duplicate watch term "{record["term"]}" (first at watch[{seen[term]}])',
            )
            c.ok = False
        seen.setdefault(term, i)
    return [{k: v for k, v in r.items() if v or WATCH_FIELDS[k]} for r in records]


def _parse_moved(c: _Checker) -> list[dict[str, str]]:
    records = _parse_records(c, "moved", MOVED_FIELDS, MOVED_LIMITS, MAX_MOVED)
    for i, record in enumerate(records):
        for end in ("from", "to"):
            if not URL_RE.match(record[end]):
                c.doc.problem(
                    ("moved", _Index(i), end),
                    f"expected an http:// or https:// address, got {describe(record[end])}",
                )
                c.ok = False
    return records


def _parse_skill(doc: _Document, bundle: MatrixBundle) -> None:
    fields = [
        "kind", "slug", "name", "summary", "description", "domain", "group",
        "last_reviewed", "watch", "moved", "levels", "roles",
    ]  # fmt: skip
    c = _Checker(doc, (), doc.data, fields)
    slug = c.slug("slug", max_length=field_limit(Skill, "slug"))
    name = c.text("name", max_length=field_limit(Skill, "name"))
    summary = c.text("summary", max_length=field_limit(Skill, "summary"))
    description = c.text(
        "description", max_length=field_limit(Skill, "description"), required=False,
        multiline=True,
    )  # fmt: skip
    domain = c.text("domain", max_length=field_limit(Skill, "domain"))
    group = c.text("group", max_length=field_limit(Skill, "group"))
    last_reviewed = c.date("last_reviewed", required=True)
    watch_terms = _parse_watch(c)
    moved_links = _parse_moved(c)

    level_descriptions: dict[int, str] = {}
    level_sources: dict[int, Source] = {}
    for key, text in c.mapping("levels").items():
        path: DocPath = ("levels", key)
        number = c.level_number(key, path)
        if number is None:
            continue
        if number in level_descriptions:
            doc.problem(path, f"level {number} is described twice")
            c.ok = False
            continue
        if not isinstance(text, str) or not text.strip():
            doc.problem(path, f"expected the level's description as text, got {describe(text)}")
            c.ok = False
            continue
        limit = field_limit(SkillLevel, "description")
        if problem := c.check_text(text, max_length=limit, multiline=True):
            doc.problem(path, problem)
            c.ok = False
            continue
        level_descriptions[number] = text.strip()
        level_sources[number] = doc.source(path)

    expectations: list[ExpectationSpec] = []
    for role_key, role_value in c.mapping("roles").items():
        role_path: DocPath = ("roles", role_key)
        role = c.check_slug(role_key, role_path, max_length=field_limit(Role, "slug"))
        rc = _Checker(doc, role_path, role_value, ["levels"])
        if not rc.is_mapping:
            c.ok = False
            continue
        cells = rc.mapping("levels")
        cells_seen: dict[int, Any] = {}
        for level_key, cell in cells.items():
            cell_path = role_path + ("levels", level_key)
            number = rc.level_number(level_key, cell_path)
            if number is None:
                continue
            if number in cells_seen:
                doc.problem(
                    cell_path,
                    f"duplicate cell: {role} at level {number} is already defined "
                    f"(as {describe(cells_seen[number])})",
                )
                rc.ok = False
                continue
            cells_seen[number] = level_key
            spec = _parse_expectation(doc, cell_path, cell, role, number)
            if spec is None:
                rc.ok = False
            elif role:
                expectations.append(spec)
        if not rc.ok:
            c.ok = False

    if c.ok and last_reviewed is not None:
        bundle.skills.append(
            SkillSpec(
                slug=slug,
                name=name,
                summary=summary,
                description=description,
                domain=domain,
                group=group,
                last_reviewed=last_reviewed,
                watch_terms=tuple(watch_terms),
                moved_links=tuple(moved_links),
                level_descriptions=level_descriptions,
                expectations=tuple(expectations),
                source=doc.source(()),
                level_sources=level_sources,
            )
        )


_PARSERS = {"levels": _parse_levels, "roles": _parse_roles, "skill": _parse_skill}


def parse_documents(files: Sequence[tuple[Path, str]], *, max_bytes: int) -> MatrixBundle:
    """Read and validate every file, then check them against each other.

    ``files`` pairs each path with the name to show in messages. Raises
    ``MatrixError`` listing every problem found; returns specs only when the
    whole input is valid.
    """
    bundle = MatrixBundle()
    problems: list[Problem] = []
    if not files:
        raise MatrixError([Problem("(no files)", None, "", "no YAML files were given")])
    for path, name in files:
        doc = read_document(path, display_name=name, max_bytes=max_bytes)
        validate_document(doc, bundle)
        problems.extend(doc.problems)
    problems.extend(_duplicates_across_files(bundle))
    if problems:
        raise MatrixError(_capped(problems))
    return bundle


def validate_document(doc: _Document, bundle: MatrixBundle) -> None:
    """Check one parsed document and add its specs to ``bundle``; problems are
    recorded on the document."""
    if doc.problems:
        return
    if not isinstance(doc.data, dict):
        doc.problem((), f"expected a mapping with a 'kind' field, got {describe(doc.data)}")
    else:
        kind = doc.data.get("kind")
        parser = _PARSERS.get(kind) if isinstance(kind, str) else None
        if parser is None:
            doc.problem(
                ("kind",) if "kind" in doc.data else (),
                f"expected kind: levels, roles or skill, got {describe(kind)}"
                if "kind" in doc.data
                else 'missing field "kind" (levels, roles or skill)',
            )
        else:
            parser(doc, bundle)


def check_bundle(bundle: MatrixBundle, problems: list[Problem]) -> MatrixBundle:
    """The bundle of several inputs read separately (YAML and spreadsheets),
    once they are checked against each other; raises ``MatrixError`` with
    ``problems`` and any found here."""
    problems = [*problems, *_duplicates_across_files(bundle)]
    if problems:
        raise MatrixError(_capped(problems))
    return bundle


def _duplicates_across_files(bundle: MatrixBundle) -> list[Problem]:
    problems: list[Problem] = []

    def check(items: Iterable[Any], key: str, what: str) -> None:
        seen: dict[Any, Source] = {}
        for item in items:
            value = getattr(item, key)
            if value in seen:
                first = seen[value]
                shown = value if isinstance(value, int) else describe(value)
                problems.append(
                    item.source.problem(f"{what} {shown} is defined twice (first in {first.place})")
                )
            else:
                seen[value] = item.source

    check(bundle.levels, "number", "level")
    check(bundle.levels, "slug", "level slug")
    check(bundle.roles, "slug", "role")
    check(bundle.skills, "slug", "skill")
    return problems


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + [Problem("...", None, "", f"and {rest} more problems")]


# --------------------------------------------------------------------------
# Writing YAML


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents lists under their key and writes long text as
    folded blocks, so exported files read like the hand-written ones."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if len(value) > 100:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(document: Mapping[str, Any], *, header: str = "") -> str:
    body = yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
    return f"{header}{body}"


# For ``skills.sources`` and ``skills.spreadsheet``: a parsed document (a
# spreadsheet builds one from its rows), and reading a file within the limit.
Document = _Document
read_bounded = _read_bounded
