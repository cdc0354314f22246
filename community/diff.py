"""A side-by-side diff of two versions of a target's content, as plain data
for the templates (which escape it). Pure: no database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.utils.translation import gettext as _

TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class Row:
    """One line on each side; None where the line exists on one side only."""

    before: list[Segment] | None
    after: list[Segment] | None


@dataclass(frozen=True)
class FieldDiff:
    label: str
    rows: list[Row]

    @property
    def changed(self) -> bool:
        return any(
            side is None or any(seg.changed for seg in side)
            for row in self.rows
            for side in (row.before, row.after)
        )


def _words(before: str, after: str) -> Row:
    a, b = TOKENS.findall(before), TOKENS.findall(after)
    left: list[Segment] = []
    right: list[Segment] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if i2 > i1:
            left.append(Segment("".join(a[i1:i2]), op != "equal"))
        if j2 > j1:
            right.append(Segment("".join(b[j1:j2]), op != "equal"))
    return Row(left, right)


def _lines(before: list[str], after: list[str]) -> list[Row]:
    rows: list[Row] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [Row([Segment(t, False)], [Segment(t, False)]) for t in before[i1:i2]]
            continue
        old, new = before[i1:i2], after[j1:j2]
        paired = min(len(old), len(new)) if op == "replace" else 0
        rows += [_words(o, n) for o, n in zip(old[:paired], new[:paired], strict=True)]
        rows += [Row([Segment(t, True)], None) for t in old[paired:]]
        rows += [Row(None, [Segment(t, True)]) for t in new[paired:]]
    return rows


def content_diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldDiff]:
    """Field by field, in the order the page shows them."""
    fields: list[FieldDiff] = []
    if "description" in before or "description" in after:
        fields.append(
            FieldDiff(
                _("Level description"),
                [_words(before.get("description", ""), after.get("description", ""))],
            )
        )
        return fields
    fields.append(FieldDiff(_("Summary"), [_words(before["summary"], after["summary"])]))
    label = {True: _("Required"), False: _("Optional")}
    fields.append(
        FieldDiff(_("Required?"), [_words(label[before["required"]], label[after["required"]])])
    )
    fields.append(FieldDiff(_("Criteria"), _lines(before["criteria"], after["criteria"])))
    # Content without the key has no deprecated criterion (and was recorded
    # before they could be edited in the app): no row unless either side has one.
    if before.get("deprecated") or after.get("deprecated"):
        fields.append(
            FieldDiff(
                _("Deprecated criteria"),
                _lines(_deprecations(before), _deprecations(after)),
            )
        )
    return fields


def _deprecations(content: dict[str, Any]) -> list[str]:
    """Each deprecated criterion as a sentence, in the order of the criteria."""
    deprecated: dict[str, dict[str, str]] = content.get("deprecated") or {}
    order = {text: i for i, text in enumerate(content.get("criteria", []))}
    sentences = []
    for text in sorted(deprecated, key=lambda t: order.get(t, len(order))):
        entry = deprecated[text]
        sentence = _(
            "“%(criterion)s”: deprecated since %(since)s, replaced by %(replaced_by)s."
        ) % {
            "criterion": text,
            "since": entry.get("since", ""),
            "replaced_by": entry.get("replaced_by", ""),
        }
        if entry.get("url"):
            sentence += " " + _("Replacement: %(url)s.") % {"url": entry["url"]}
        if entry.get("note"):
            sentence += " " + _("Note: %(note)s") % {"note": entry["note"]}
        sentences.append(sentence)
    return sentences
