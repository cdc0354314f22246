"""Convert a public progression framework into the matrix's YAML format
(levels.yaml, roles.yaml, skills/<slug>.yaml; see docs/fixtures.md). What maps
to what, and what had to give: docs/frameworks.md.

    python bin/convert_framework.py ft data/job-families OUT_DIR [--family engineering]
    python bin/convert_framework.py monzo frameworks/engineering OUT_DIR
    python bin/convert_framework.py ... OUT_DIR --force --reviewed 2026-11-30

ft     Financial Times engineering-progression: one YAML file per job family
       (levels, themes, competencies); its ladder forks into an individual-
       contributor and a people-manager track (level ids ending -ic / -pm).
monzo  Monzo's progression framework: one markdown file per discipline whose
       YAML front matter lists topics, and criteria per level in each topic.

Standard library and PyYAML only, so it runs without the app. It writes only
inside OUT_DIR, refuses a non-empty OUT_DIR without --force, and on input it
does not understand exits 1 naming every problem (file, place, what). LIMITS
are the app's; tests/skills/test_convert_framework.py compares them with the
models so the two cannot drift apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

LIMITS = {
    "level.slug": 40, "level.career_name": 60, "level.proficiency_name": 60,
    "role.slug": 80, "role.name": 120, "role.family": 120, "role.summary": 2000,
    "skill.slug": 80, "skill.name": 120, "skill.summary": 300, "skill.description": 5000,
    "skill.domain": 120, "skill.group": 120, "expectation.summary": 2000,
    "criterion.key": 80, "criterion.text": 1000, "link.title": 200, "link.url": 500,
}  # fmt: skip
MAX_CRITERIA = 20
MAX_LINKS = 20
MIN_RUNGS, MAX_RUNGS = 2, 12  # the data-driven ladder of issue 15
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
URL_RE = re.compile(r"https?://\S+", re.IGNORECASE)


class ConversionError(Exception):
    """The source is not what the converter understands. Nothing was written."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class Cell:
    summary_lines: list[str] = field(default_factory=list)
    criteria: list[tuple[str, str]] = field(default_factory=list)  # (key, text)
    links: list[tuple[str, str]] = field(default_factory=list)  # (title, url)


@dataclass
class SkillOut:
    slug: str
    name: str
    summary: str
    description: str
    domain: str
    group: str
    level_descriptions: dict[int, str] = field(default_factory=dict)
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)  # (role, level)
    notes: list[str] = field(default_factory=list)

    def cell(self, role: str, level: int) -> Cell:
        return self.cells.setdefault((role, level), Cell())


@dataclass
class Framework:
    origin: str
    levels: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    skills: list[SkillOut]
    source_counts: dict[str, int]
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        cells = [cell for skill in self.skills for cell in skill.cells.values()]
        return {
            "levels": len(self.levels),
            "roles": len(self.roles),
            "skills": len(self.skills),
            "cells": len(cells),
            "criteria": sum(len(cell.criteria) for cell in cells),
            "links": sum(len(cell.links) for cell in cells),
        }


# -- Text as the app stores it -----------------------------------------------


def clean(text: str, *, multiline: bool = False) -> str:
    """``text`` without what the app refuses (control characters but tab and
    line break where ``multiline``, bidirectional controls, NUL, surrogates),
    its spaces collapsed; one line unless ``multiline``."""
    kept = []
    for char in text.replace("\r\n", "\n"):
        if char in BIDI_CONTROLS or char == "\x00" or 0xD800 <= ord(char) <= 0xDFFF:
            continue
        if multiline and char == "\n":
            kept.append(char)
        elif unicodedata.category(char) == "Cc" or char in "\u2028\u2029":
            kept.append(" ")
        else:
            kept.append(char)
    lines = [" ".join(line.split()) for line in "".join(kept).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def fit(text: str, limit: int, what: str, notes: list[str]) -> str:
    """``text`` cut at a word to at most ``limit`` characters, ending in "…";
    the cut is noted."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    cut = cut.rstrip()
    notes.append(f"{what}: cut from {len(text)} to {len(cut) + 1} characters")
    return cut + "…"


def slugify(text: str, *, limit: int) -> str:
    """Lowercase ASCII letters, digits and single hyphens, cut at a hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit]
        slug = slug[: slug.rindex("-")] if "-" in slug else slug
    return slug


def display_name(title: str) -> str:
    """A title without the emoji and symbols in front of it."""
    return re.sub(r"^\W+", "", clean(title))


def add_criterion(cell: Cell, key: str, text: str, where: str, notes: list[str]) -> None:
    """One criterion as the app's editor accepts it: one line, at most the
    limit, each text once per cell, each key once per cell."""
    text = fit(clean(text), LIMITS["criterion.text"], f"{where}: criterion", notes)
    if not text or any(text == other for _, other in cell.criteria):
        notes.append(f"{where}: an empty or repeated criterion was left out: {text[:60]!r}")
        return
    keys = {k for k, _ in cell.criteria}
    unique, n = key, 2
    while unique in keys:
        unique = f"{key[: LIMITS['criterion.key'] - 4].rstrip('-')}-{n}"
        n += 1
    cell.criteria.append((unique, text))


# -- The shape a source must have --------------------------------------------
#
# A spec is a type (str: non-empty text; int: a whole number of at least 1;
# bool; object: anything), a tuple of allowed values, [spec] for a list, or
# {field: spec} for a mapping whose fields ending in "?" are optional (and may
# be empty).


def shape_problems(value: Any, spec: Any, where: str) -> list[str]:
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return [f"{where}: expected a mapping, got {_describe(value)}"]
        fields = {name.rstrip("?"): (sub, name.endswith("?")) for name, sub in spec.items()}
        problems = [
            f"{where}.{name}: unknown field; expected one of: {', '.join(fields)}"
            for name in value
            if name not in fields
        ]
        for name, (sub, optional) in fields.items():
            if name not in value and not optional:
                problems.append(f'{where}: missing field "{name}"')
            elif name in value and not (optional and value[name] is None):
                problems += shape_problems(value[name], sub, f"{where}.{name}")
        return problems
    if isinstance(spec, list):
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {_describe(value)}"]
        return [
            p
            for i, item in enumerate(value)
            for p in shape_problems(item, spec[0], f"{where}[{i}]")
        ]
    if isinstance(spec, tuple):
        ok = value in spec
        expected = "one of " + ", ".join(map(str, spec))
    elif spec is str:
        ok, expected = isinstance(value, str) and bool(value.strip()), "text"
    elif spec is int:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        expected = "a whole number of at least 1"
    elif spec is bool:
        ok, expected = isinstance(value, bool), "true or false"
    else:
        ok, expected = True, ""
    return [] if ok else [f"{where}: expected {expected}, got {_describe(value)}"]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value[:57]}..."' if len(value) > 60 else f'"{value}"'
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else type(value).__name__


def _load_yaml(text: str, file: str, *, first_line: int = 1) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        where = f"{file}:{mark.line + first_line}" if mark is not None else file
        raise ConversionError([f"{where}: not valid YAML: {reason}"]) from None


def _source_files(source: Path, patterns: tuple[str, ...], what: str) -> dict[str, str]:
    """The text of each file in ``source`` (not its subfolders) by file name."""
    if not source.is_dir():
        raise ConversionError([f"{source}: not a folder; expected a folder of {what}"])
    paths = sorted({p for pattern in patterns for p in source.glob(pattern) if p.is_file()})
    if not paths:
        raise ConversionError([f"{source}: no {what} ({', '.join(patterns)}) in this folder"])
    texts: dict[str, str] = {}
    for path in paths:
        try:
            texts[path.name] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ConversionError([f"{path.name}: not UTF-8 (bad byte at {exc.start})"]) from None
        except OSError as exc:
            raise ConversionError([f"{path.name}: cannot read it: {exc.strerror}"]) from None
    return texts


def _check_ladder(size: int, where: str) -> None:
    if not MIN_RUNGS <= size <= MAX_RUNGS:
        raise ConversionError(
            [f"{where}: a ladder of {size} level(s); the app holds {MIN_RUNGS} to {MAX_RUNGS}"]
        )


# -- Financial Times: data/job-families/<family>.yml -------------------------

FT_GROUP = "Financial Times progression"
FT_PROFICIENCIES = ("Awareness", "Foundational", "Working knowledge", "Practitioner", "Expert")
FT_TRACKS = {"ic": "Individual Contributor", "pm": "People Manager"}
FT_TRACK_RE = re.compile(r"(?P<base>.+)-(?P<track>ic|pm)")
# Levels after the fork without a track suffix (Technology Director) continue
# the people-manager track: FT's career path places them after Principal there.
FT_AFTER_FORK_TRACK = "pm"
FT_SHAPE = {
    "name": str, "summary?": str, "googleSheetId?": str, "isLegacy?": bool,
    "levels": [{"id": str, "name": str}],
    "themes": [{"id": str, "name": str, "summary?": str}],
    "competencies": [{
        "id": str, "level": str, "theme": str, "summary": str, "proficiency": FT_PROFICIENCIES,
        "examples?": [str], "supportingUrls?": [{"label": str, "url": str}],
    }],
}  # fmt: skip


@dataclass
class Rung:
    base: str  # the level id without its track suffix
    number: int
    names: dict[str, str] = field(default_factory=dict)  # track ("" = shared) -> FT's name


def convert_ft(source: Path, *, family: str | None = None) -> Framework:
    texts = _source_files(source, ("*.yml", "*.yaml"), "job-family YAML files")
    data = {name: _load_yaml(text, name) for name, text in texts.items()}
    if family is not None:
        chosen = [name for name in data if name.rsplit(".", 1)[0] == family]
        if not chosen:
            raise ConversionError([f"{source}: no job family {family!r} among {', '.join(data)}"])
    else:
        chosen = [n for n, d in data.items() if not (isinstance(d, dict) and d.get("isLegacy"))]
        if len(chosen) != 1:
            raise ConversionError(
                [
                    f"{source}: {len(chosen)} current job families ({', '.join(chosen)}); "
                    "choose one with --family"
                ]
            )
    file = chosen[0]
    doc = data[file]
    problems = shape_problems(doc, FT_SHAPE, file)
    if problems:
        raise ConversionError(problems)

    notes: list[str] = []
    family_name = clean(doc["name"])
    family_slug = slugify(family_name, limit=40) or "family"
    rungs, place = _ft_rungs(file, doc["levels"])
    fork = next((r.number for r in rungs if set(r.names) - {""}), 0)

    def role_of(track: str) -> str:
        return f"{family_slug}-{slugify(FT_TRACKS[track], limit=40)}" if track else family_slug

    roles = []
    for track in dict.fromkeys(t for r in rungs for t in r.names):
        ladder = [r.number for r in rungs if track in r.names]
        if not track:
            name = family_name
            what = f"The {family_name} job family, levels {ladder[0]} to {ladder[-1]}"
            what += f", the shared track before it forks at level {fork}." if fork else "."
        else:
            name = f"{family_name} ({FT_TRACKS[track]})"
            what = (
                f"The {FT_TRACKS[track].lower()} track of the {family_name} job family, "
                f"from level {ladder[0]} (where the tracks fork) to level {ladder[-1]}."
            )
        family_field = fit(family_name, LIMITS["role.family"], "role family", notes)
        roles.append({"slug": role_of(track), "name": fit(name, LIMITS["role.name"], "role", notes),
                      "family": family_field, "summary": what})  # fmt: skip

    skills: dict[str, SkillOut] = {}
    for theme in doc["themes"]:
        skill_notes: list[str] = []
        name = clean(theme["name"])
        full = clean(theme.get("summary") or "") or f"The {name} competencies of {family_name}."
        summary = fit(full, LIMITS["skill.summary"], "summary", skill_notes)
        if theme["id"] in skills:
            raise ConversionError([f"{file}: themes: the id {theme['id']!r} appears twice"])
        skills[theme["id"]] = SkillOut(
            slug=slugify(theme["id"], limit=LIMITS["skill.slug"]) or slugify(name, limit=80),
            name=fit(name, LIMITS["skill.name"], "name", skill_notes),
            summary=summary,
            # where the one-line summary had to cut the theme's text, all of it is kept here
            description=full[: LIMITS["skill.description"]] if summary != full else "",
            domain=fit(family_name, LIMITS["skill.domain"], "domain", skill_notes),
            group=FT_GROUP,
            notes=skill_notes,
        )

    expected: dict[tuple[str, int, str], list[str]] = {}  # (theme, rung, track) -> proficiencies
    seen: set[str] = set()
    for i, comp in enumerate(doc["competencies"]):
        where = f"{file}: competencies[{i}]"
        if comp["level"] not in place:
            problems.append(f"{where}.level: not one of the levels: {comp['level']!r}")
        if comp["theme"] not in skills:
            problems.append(f"{where}.theme: not one of the themes: {comp['theme']!r}")
        if comp["id"].lower() in seen:
            problems.append(f"{where}.id: {comp['id']} appears twice")
        seen.add(comp["id"].lower())
        if problems:
            continue
        rung, track = place[comp["level"]]
        skill, role = skills[comp["theme"]], role_of(track)
        cell, label = skill.cell(role, rung.number), f"{role} at level {rung.number}"
        key = slugify(comp["id"], limit=LIMITS["criterion.key"] - 4) or f"competency-{i + 1}"
        points = _ft_points(comp["summary"])
        for n, point in enumerate(points, start=1):
            add_criterion(
                cell, key if len(points) == 1 else f"{key}-{n}", point, label, skill.notes
            )
        expected.setdefault((comp["theme"], rung.number, track), []).append(comp["proficiency"])
        for line in (f"{rung.names[track]}.", f"Expected proficiency: {comp['proficiency']}."):
            if line not in cell.summary_lines:
                cell.summary_lines.append(line)
        if comp.get("examples"):
            cell.summary_lines.append("Examples:")
            cell.summary_lines += [f"- {clean(example)}" for example in comp["examples"]]
        for link in comp.get("supportingUrls") or []:
            url = clean(link["url"])
            if not URL_RE.fullmatch(url) or len(url) > LIMITS["link.url"]:
                skill.notes.append(f"{label}: the link {url[:80]!r} was left out (not http(s))")
            elif url not in {u for _, u in cell.links}:
                title = fit(clean(link["label"]), LIMITS["link.title"], "link", skill.notes)
                cell.links.append((title, url))
    if problems:
        raise ConversionError(problems)

    for theme_id, skill in skills.items():
        for rung in rungs:
            found = {
                track: Counter(values).most_common(1)[0][0]
                for (t, number, track), values in expected.items()
                if t == theme_id and number == rung.number
            }
            if found:
                skill.level_descriptions[rung.number] = _ft_level_description(found)
    levels = []
    for rung in rungs:
        names = list(dict.fromkeys(re.sub(r"\s*\([^)]*\)$", "", n) for n in rung.names.values()))
        votes = Counter(
            p for (_, n, _), values in expected.items() if n == rung.number for p in values
        )
        # the proficiency most of the rung's competencies expect (on a tie, the higher one)
        proficiency = max(votes, key=lambda p: (votes[p], FT_PROFICIENCIES.index(p)), default="")
        level: dict[str, Any] = {
            "number": rung.number,
            "slug": slugify(rung.base, limit=LIMITS["level.slug"]) or f"level-{rung.number}",
            "career_name": fit(" / ".join(names), LIMITS["level.career_name"], "level", notes),
            "proficiency_name": proficiency or f"Level {rung.number}",
        }
        if len(rung.names) > 1:
            level["summary"] = "One grade on several tracks: " + "; ".join(rung.names.values())
        levels.append(level)
    return Framework(
        origin=f"the FT job family in {file}",
        levels=levels,
        roles=roles,
        skills=list(skills.values()),
        source_counts={
            "level entries": len(doc["levels"]),
            "themes": len(doc["themes"]),
            "competencies": len(doc["competencies"]),
        },
        notes=notes,
    )


def _ft_rungs(file: str, entries: list[dict[str, str]]) -> tuple[list[Rung], dict[str, Any]]:
    """FT's level entries as rungs: the track variants of one grade, listed one
    after the other (``senior-2-ic``, ``senior-2-pm``), share a rung. Returns
    the rungs and, per level id, its rung and track."""
    rungs: list[Rung] = []
    place: dict[str, tuple[Rung, str]] = {}
    forked = False
    for entry in entries:
        match = FT_TRACK_RE.fullmatch(entry["id"])
        base, track = (match["base"], match["track"]) if match else (entry["id"], "")
        forked = forked or bool(track)
        if forked and not track:
            track = FT_AFTER_FORK_TRACK
        if not (match and rungs and rungs[-1].base == base and track not in rungs[-1].names):
            rungs.append(Rung(base=base, number=len(rungs) + 1))
        if entry["id"] in place or any(r.base == base for r in rungs[:-1]):
            raise ConversionError([f"{file}: levels: {entry['id']!r} repeats an earlier level"])
        rungs[-1].names[track] = clean(entry["name"])
        place[entry["id"]] = (rungs[-1], track)
    _check_ladder(len(rungs), f"{file}: levels")
    return rungs, place


def _ft_points(text: str) -> list[str]:
    """A competency written as numbered points ("1. …" starting a line) is one
    criterion per point; any other competency is one criterion."""
    if not re.match(r"\s*1[.)]\s", text):
        return [text]
    points = re.split(r"(?:^|\n)\s*\d+[.)]\s+", text.strip())
    return [point for point in points if point.strip()]


def _ft_level_description(found: dict[str, str]) -> str:
    if len(found) > 1 and len(set(found.values())) == 1:
        return f"Expected proficiency: {next(iter(found.values()))} (every track)."
    return "Expected proficiency: " + ", ".join(
        f"{p} ({FT_TRACKS[t]})" if t else p for t, p in found.items()
    ) + "."  # fmt: skip


# -- Monzo: frameworks/<discipline>/*.md with YAML front matter --------------

MONZO_GROUP = "Monzo progression"
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
MONZO_SHAPE = {
    "title": str, "levels": int, "yaml?": bool, "path?": str, "sidebarTitle?": str,
    "sidebarGroup?": str, "homepage?": bool,
    "topics": [{
        "name": str, "title?": str,
        "content": [{
            "level": int, "criteria?": [str],
            "exampleCriteria?": [{"criteria": str, "examples?": [str]}],
        }],
    }],
}  # fmt: skip


def convert_monzo(source: Path) -> Framework:
    pages: dict[str, Any] = {}
    problems: list[str] = []
    for file, text in _source_files(source, ("*.md",), "markdown framework files").items():
        match = FRONT_MATTER_RE.match(text.replace("\r\n", "\n"))
        if match is None:
            problems.append(f"{file}: no front matter (a block between --- lines at the top)")
            continue
        try:
            page = _load_yaml(match["body"], file, first_line=2)
        except ConversionError as exc:
            problems += exc.problems
            continue
        if isinstance(page, dict) and page.get("yaml") is False:
            problems.append(f"{file}: yaml: false: written as prose, not as levelled topics")
            continue
        problems += shape_problems(page, MONZO_SHAPE, f"{file}: front matter")
        pages[file] = page
    if problems:
        raise ConversionError(problems)

    size = max(page["levels"] for page in pages.values())
    _check_ladder(size, f"{source}: the largest 'levels' of its files")
    levels = [
        {"number": n, "slug": f"level-{n}", "career_name": f"Level {n}",
         "proficiency_name": f"Level {n}"}
        for n in range(1, size + 1)
    ]  # fmt: skip
    groups = {clean(page.get("sidebarGroup") or "").title() for page in pages.values()}
    domain = groups.pop() if len(groups) == 1 and "" not in groups else "General"
    notes: list[str] = []
    roles: list[dict[str, Any]] = []
    skills: dict[str, SkillOut] = {}
    in_source = 0
    for file, page in pages.items():
        role_name = re.sub(r"\s+Framework$", "", display_name(page["title"])) or "Discipline"
        role = slugify(role_name, limit=LIMITS["role.slug"]) or "discipline"
        if any(r["slug"] == role for r in roles):
            problems.append(f"{file}: title: a second framework named {role_name!r}")
        roles.append({
            "slug": role,
            "name": fit(role_name, LIMITS["role.name"], f"{file}: role name", notes),
            "family": fit(clean(page.get("sidebarGroup") or "").title(), 120, "family", notes),
            "summary": f"Converted from {file}: levels 1 to {page['levels']} of the ladder.",
        })  # fmt: skip
        for i, topic in enumerate(page["topics"]):
            where = f"{file}: topics[{i}]"
            slug = slugify(topic["name"], limit=LIMITS["skill.slug"])
            if not slug:
                problems.append(f"{where}.name: cannot make a slug of {topic['name']!r}")
                continue
            name = display_name(topic.get("title") or "") or clean(topic["name"]).capitalize()
            if slug not in skills:
                summary = (
                    f"{name}: what each discipline expects at each level, from Monzo's framework."
                )
                skills[slug] = SkillOut(
                    slug=slug,
                    name=fit(name, LIMITS["skill.name"], "name", notes),
                    summary=fit(summary, LIMITS["skill.summary"], f"{slug}: summary", notes),
                    description="",
                    domain=domain,
                    group=MONZO_GROUP,
                )
            skill = skills[slug]
            for j, content in enumerate(topic["content"]):
                number = content["level"]
                label = f"{role} at level {number}"
                if number > page["levels"]:
                    problems.append(f"{where}.content[{j}].level: {number} is above the file's "
                                    f"'levels: {page['levels']}'")  # fmt: skip
                    continue
                if (role, number) in skill.cells:
                    problems.append(f"{where}.content[{j}].level: level {number} appears twice")
                    continue
                items = [(text, []) for text in content.get("criteria") or []] + [
                    (example["criteria"], example.get("examples") or [])
                    for example in content.get("exampleCriteria") or []
                ]
                in_source += len(items)
                if not items:
                    notes.append(f"{file}: {slug} at level {number} lists no criteria: no cell")
                    continue
                cell = skill.cell(role, number)
                for text, examples in items:
                    add_criterion(cell, slugify(text, limit=60) or "criterion", text, label,
                                  skill.notes)  # fmt: skip
                    if examples:
                        cell.summary_lines.append(f"Examples for “{fit(clean(text), 80, '', [])}”:")
                        cell.summary_lines += [f"- {clean(example)}" for example in examples]
                cell.summary_lines.insert(
                    0, f"{role_name} at level {number}: {len(cell.criteria)} criteria."
                )
    if problems:
        raise ConversionError(problems)
    return Framework(
        origin=f"the Monzo frameworks in {source.name}/",
        levels=levels,
        roles=roles,
        skills=list(skills.values()),
        source_counts={"files": len(pages), "topics": len(skills), "criteria": in_source},
        notes=notes,
    )


# -- Writing OUT_DIR ---------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, block style for text with line breaks,
    and never an anchor or alias (import_matrix refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(document: dict[str, Any], header: list[str]) -> str:
    body = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return "".join(f"# {clean(line)}\n" for line in header) + body


def documents(framework: Framework, *, reviewed: dt.date) -> dict[str, str]:
    """Every file to write, by its path inside OUT_DIR. Refuses a cell the app
    could not hold (more criteria than a cell takes): no cut can fix that."""
    head = [
        f"Converted from {framework.origin} by bin/convert_framework.py.",
        "What maps to what, and what had to give: docs/frameworks.md",
    ]
    files = {
        "levels.yaml": _dump({"kind": "levels", "levels": framework.levels}, head),
        "roles.yaml": _dump({"kind": "roles", "roles": framework.roles}, head),
    }
    order = {role["slug"]: i for i, role in enumerate(framework.roles)}
    slugs = Counter(skill.slug for skill in framework.skills)
    problems = [f"two skills would share the slug {slug!r}" for slug, n in slugs.items() if n > 1]
    for skill in framework.skills:
        roles: dict[str, Any] = {}
        for (role, level), cell in sorted(
            skill.cells.items(), key=lambda c: (order[c[0][0]], c[0][1])
        ):
            label = f"{role} at level {level}"
            if len(cell.criteria) > MAX_CRITERIA:
                problems.append(f"{skill.slug}: {label}: {len(cell.criteria)} criteria; "
                                f"a cell holds at most {MAX_CRITERIA}")  # fmt: skip
            if len(cell.links) > MAX_LINKS:
                skill.notes.append(f"{label}: only the first {MAX_LINKS} links were kept")
            summary = clean("\n".join(cell.summary_lines), multiline=True)
            entry: dict[str, Any] = {
                "required": True,
                "summary": fit(summary, LIMITS["expectation.summary"], f"{label}: summary",
                               skill.notes),
                "last_reviewed": reviewed,
                "criteria": [{"key": key, "text": text} for key, text in cell.criteria],
            }  # fmt: skip
            if cell.links:
                entry["links"] = [{"title": t, "url": u} for t, u in cell.links[:MAX_LINKS]]
            roles.setdefault(role, {"levels": {}})["levels"][level] = entry
        document: dict[str, Any] = {"kind": "skill", "slug": skill.slug, "name": skill.name,
                                    "summary": skill.summary}  # fmt: skip
        if skill.description:
            document["description"] = skill.description
        document |= {
            "domain": skill.domain,
            "group": skill.group,
            "last_reviewed": reviewed,
            "levels": skill.level_descriptions,
            "roles": roles,
        }
        notes = [f"note: {note}" for note in skill.notes]
        files[f"skills/{skill.slug}.yaml"] = _dump(document, head + notes)
    if problems:
        raise ConversionError(problems)
    return files


def write(files: dict[str, str], out_dir: Path, *, force: bool) -> list[str]:
    """Write ``files`` inside ``out_dir`` and nowhere else (a symbolic link on
    the way is refused); returns warnings about other YAML files there."""
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise ConversionError([f"{out_dir}: OUT_DIR must be a folder (or not exist yet)"])
    if out_dir.exists() and any(out_dir.iterdir()) and not force:
        raise ConversionError([f"{out_dir}: not empty; choose an empty folder or add --force"])
    root = out_dir.resolve()
    for relative in files:
        parts = Path(relative).parts
        for depth in range(1, len(parts) + 1):
            if out_dir.joinpath(*parts[:depth]).is_symlink():
                link = out_dir.joinpath(*parts[:depth])
                raise ConversionError([f"{link}: a symbolic link inside OUT_DIR; nothing written"])
        if not (out_dir / relative).resolve().is_relative_to(root):
            raise ConversionError([f"{relative}: would be written outside {out_dir}"])
    for relative, text in files.items():
        (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        (out_dir / relative).write_text(text, encoding="utf-8")
    written = {(root / relative) for relative in files}
    others = sorted(p for p in root.rglob("*.y*ml") if p not in written)
    return [f"{p}: not from this run, but import_matrix {out_dir} reads it too" for p in others]


# -- Command line ------------------------------------------------------------


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2026-11-30, got {value!r}"
        ) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Convert a public progression framework into the matrix's YAML format."
    )
    parser.add_argument("kind", choices=["ft", "monzo"], help="the framework's format")
    parser.add_argument("source", type=Path, metavar="SOURCE_DIR")
    parser.add_argument("out", type=Path, metavar="OUT_DIR")
    parser.add_argument("--force", action="store_true", help="write into a non-empty OUT_DIR")
    parser.add_argument("--reviewed", type=_date, default=dt.date.today(), metavar="DATE",
                        help="last_reviewed of every skill and cell (default: today)")  # fmt: skip
    parser.add_argument("--family", help="ft only: the job family (its file name without .yml)")
    args = parser.parse_args(argv)
    if args.family is not None and args.kind != "ft":
        parser.error("--family applies to ft only")
    try:
        if args.kind == "ft":
            framework = convert_ft(args.source, family=args.family)
        else:
            framework = convert_monzo(args.source)
        warnings = write(documents(framework, reviewed=args.reviewed), args.out, force=args.force)
    except ConversionError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"error: {len(exc.problems)} problem(s); nothing was written", file=sys.stderr)
        return 1
    for note in framework.notes + [f"{s.slug}: {n}" for s in framework.skills for n in s.notes]:
        print(f"note: {note}")
    for warning in warnings:
        print(f"warning: {warning}")
    print("source: " + ", ".join(f"{n} {what}" for what, n in framework.source_counts.items()))
    print(f"wrote {args.out}: " + ", ".join(f"{n} {w}" for w, n in framework.counts().items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
