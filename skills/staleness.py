"""What in a skill's matrix has gone out of date: criteria and links that name
an API the skill's watch list says is deprecated (without being marked so or
naming the successor), cells nobody has reviewed for too long, and links to
documentation that moved.

The rules are pure functions over plain records, so the same ones check YAML
files before an import (``manage.py check_matrix fixtures/``) and the database
(the command without paths, and the curators' page).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skills.matrix_yaml import SkillSpec
from skills.models import Expectation, Skill

DEFAULT_REVIEW_MONTHS = 12


class Kind(StrEnum):
    WATCHED_TERM = "watched-term"
    UNREVIEWED = "unreviewed"
    MOVED_LINK = "moved-link"


@dataclass(frozen=True)
class CellRecord:
    role: str
    level: int
    last_reviewed: dt.date | None
    expectation_id: int | None = None


@dataclass(frozen=True)
class ItemRecord:
    """A criterion (``key`` set) or a link (``url`` set)."""

    role: str
    level: int
    text: str  # the criterion's text, or the link's title
    deprecated: bool
    replacement_url: str
    key: str = ""
    url: str = ""
    expectation_id: int | None = None


@dataclass(frozen=True)
class SkillRecord:
    slug: str
    watch: Sequence[Mapping[str, str]]
    moved: Sequence[Mapping[str, str]]
    cells: Sequence[CellRecord]
    items: Sequence[ItemRecord]


@dataclass(frozen=True)
class Finding:
    kind: Kind
    skill: str
    role: str
    level: int
    subject: str  # "criterion “key”", "link https://…", or "cell"
    message: str
    expectation_id: int | None = None

    def __str__(self) -> str:
        return f"{self.skill}: {self.role} at level {self.level}, {self.subject}: {self.message}"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day
    when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


def _names(term: str) -> re.Pattern[str]:
    """The term as a whole API name: not inside a longer identifier."""
    return re.compile(rf"(?<![\w]){re.escape(term)}(?![\w])", re.IGNORECASE)


def find_stale(record: SkillRecord, *, today: dt.date, months: int) -> list[Finding]:
    """Every finding for one skill, in matrix order (role, level)."""
    findings: list[Finding] = []
    oldest = months_before(today, months)
    watch = [(entry, _names(entry["term"])) for entry in record.watch]

    def add(kind: Kind, role: str, level: int, subject: str, message: str, exp: int | None) -> None:
        findings.append(Finding(kind, record.slug, role, level, subject, message, exp))

    for cell in record.cells:
        if cell.last_reviewed is None:
            message = _("never reviewed (no last_reviewed date)")
            add(Kind.UNREVIEWED, cell.role, cell.level, "cell", message, cell.expectation_id)
        elif cell.last_reviewed < oldest:
            add(
                Kind.UNREVIEWED,
                cell.role,
                cell.level,
                "cell",
                ngettext(
                    "last reviewed %(date)s, more than %(months)s month ago",
                    "last reviewed %(date)s, more than %(months)s months ago",
                    months,
                )
                % {"date": cell.last_reviewed.isoformat(), "months": months},
                cell.expectation_id,
            )
    for item in record.items:
        subject = (
            _("link %(url)s") % {"url": item.url}
            if item.url
            else _("criterion “%(key)s”") % {"key": item.key}
        )
        said = f"{item.text} {item.url}"
        if not item.deprecated:
            for entry, pattern in watch:
                if pattern.search(said) and entry["successor"].casefold() not in said.casefold():
                    add(
                        Kind.WATCHED_TERM,
                        item.role,
                        item.level,
                        subject,
                        _(
                            "names “%(term)s” (watched: use %(successor)s) but is neither "
                            "marked deprecated nor names the successor"
                        )
                        % {"term": entry["term"], "successor": entry["successor"]},
                        item.expectation_id,
                    )
        for url in (item.url, item.replacement_url):
            for moved in record.moved:
                if url and url.startswith(moved["from"]):
                    add(
                        Kind.MOVED_LINK,
                        item.role,
                        item.level,
                        subject,
                        _("%(url)s is on documentation that moved: use %(new)s")
                        % {"url": url, "new": moved["to"] + url[len(moved["from"]) :]},
                        item.expectation_id,
                    )
    return findings


# -- Records from YAML specs and from the database ------------------------------


def record_from_spec(spec: SkillSpec) -> SkillRecord:
    cells = [CellRecord(e.role, e.level, e.last_reviewed) for e in spec.expectations]
    items: list[ItemRecord] = []
    for e in spec.expectations:
        for c in e.criteria:
            replacement = c.deprecated.url if c.deprecated else ""
            items.append(ItemRecord(e.role, e.level, c.text, c.deprecated is not None,
                                    replacement, key=c.key))  # fmt: skip
        for link in e.links:
            replacement = link.deprecated.url if link.deprecated else ""
            items.append(ItemRecord(e.role, e.level, link.title, link.deprecated is not None,
                                    replacement, url=link.url))  # fmt: skip
    return SkillRecord(spec.slug, spec.watch_terms, spec.moved_links, cells, items)


def record_from_database(skill: Skill, expectations: Iterable[Expectation]) -> SkillRecord:
    """``expectations``: the skill's, loaded ``with_details()``."""
    cells: list[CellRecord] = []
    items: list[ItemRecord] = []
    for e in expectations:
        role, level = e.role.slug, e.level.number
        cells.append(CellRecord(role, level, e.last_reviewed, e.pk))
        for c in e.criteria.all():
            items.append(ItemRecord(role, level, c.text, c.deprecated, c.replacement_url,
                                    key=c.key, expectation_id=e.pk))  # fmt: skip
        for link in e.links.all():
            items.append(ItemRecord(role, level, link.title, link.deprecated,
                                    link.replacement_url, url=link.url,
                                    expectation_id=e.pk))  # fmt: skip
    return SkillRecord(skill.slug, skill.watch_terms, skill.moved_links, cells, items)


def database_findings(
    *, today: dt.date, months: int, skills: Iterable[Skill] | None = None
) -> list[Finding]:
    """Findings for every skill in the database (or those given), in four
    queries whatever the size of the matrix."""
    chosen = list(Skill.objects.order_by("slug") if skills is None else skills)
    by_skill: dict[int, list[Expectation]] = {s.pk: [] for s in chosen}
    for exp in (
        Expectation.objects.filter(skill__in=chosen)
        .with_details()
        .order_by("role__slug", "level__number")
    ):
        by_skill[exp.skill_id].append(exp)
    findings: list[Finding] = []
    for skill in chosen:
        record = record_from_database(skill, by_skill[skill.pk])
        findings.extend(find_stale(record, today=today, months=months))
    return findings
