"""What can be proposed or edited in the app: a skill's description of one
level, or one expectation (summary, required flag and criteria). A target
reads its current content as plain data and writes new content; services
wrap both in a transaction with the version check."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from accounts.models import User
from community.labels import target_label
from community.models import TargetKind
from levels.models import Level
from roles.models import Role
from skills.models import Criterion, Expectation, Skill, SkillLevel

Content = dict[str, Any]


@dataclass(frozen=True)
class Target:
    skill: Skill
    level: Level
    expectation: Expectation | None = None

    @property
    def kind(self) -> str:
        return TargetKind.LEVEL if self.expectation is None else TargetKind.EXPECTATION

    @property
    def label(self) -> str:
        role = self.expectation.role if self.expectation is not None else None
        return target_label(self.skill, self.level, role)

    def record_fields(self) -> dict[str, Any]:
        """The fields a proposal or an edit of this target stores."""
        return {
            "skill": self.skill,
            "kind": self.kind,
            "level": self.level,
            "expectation": self.expectation,
            "target_label": self.label,
        }

    def content(self) -> Content:
        """The current content, as the forms and the diff see it."""
        if self.expectation is None:
            description = (
                SkillLevel.objects.filter(skill=self.skill, level=self.level)
                .values_list("description", flat=True)
                .first()
            )
            return {"description": description or ""}
        criteria = list(self.expectation.criteria.order_by("position"))
        content: Content = {
            "summary": self.expectation.summary,
            "required": self.expectation.required,
            "criteria": [c.text for c in criteria],
        }
        # Only when some criterion is deprecated: content recorded before
        # deprecations could be edited here reads the same as it did.
        deprecated = {c.text: d for c in criteria if (d := c.deprecation()) is not None}
        if deprecated:
            content["deprecated"] = deprecated
        return content

    def write(self, content: Content, *, by: User, reason: str) -> None:
        """Make the stored content equal to ``content`` (already validated).
        Callers hold the transaction and bump the version."""
        if self.expectation is None:
            row, _created = SkillLevel.objects.get_or_create(
                skill=self.skill, level=self.level, defaults={"description": ""}
            )
            row.description = content["description"]
            _save(row, by=by, reason=reason)
            return
        expectation = self.expectation
        expectation.summary = content["summary"]
        expectation.required = content["required"]
        _save(expectation, by=by, reason=reason)
        _write_criteria(
            expectation,
            content["criteria"],
            content.get("deprecated", {}),
            by=by,
            reason=reason,
        )


def _save(obj: Any, *, by: User, reason: str) -> None:
    # simple_history records who and why with the row's history.
    obj._history_user = by
    obj._change_reason = reason
    obj.save()


# Content's names for a deprecation, and the criterion's fields.
DEPRECATION_FIELDS = {
    "since": "deprecated_since",
    "replaced_by": "replaced_by",
    "url": "replacement_url",
    "note": "deprecation_note",
}


def _set_deprecation(criterion: Criterion, entry: dict[str, str] | None) -> bool:
    """Give ``criterion`` the deprecation ``entry`` (None: not deprecated);
    whether that changed anything."""
    values: dict[str, Any] = {"deprecated": entry is not None}
    for key, field in DEPRECATION_FIELDS.items():
        values[field] = (entry or {}).get(key, "")
    changed = any(getattr(criterion, field) != value for field, value in values.items())
    for field, value in values.items():
        setattr(criterion, field, value)
    return changed


def _write_criteria(
    expectation: Expectation,
    texts: list[str],
    deprecated: dict[str, dict[str, str]],
    *,
    by: User,
    reason: str,
) -> None:
    """Make the criteria read ``texts``, keeping each criterion's key (and so
    the ratings that follow it) where its line was kept, moved, or reworded in
    place (most of its words kept). Removed lines are deleted, added lines
    become new criteria, and positions follow ``texts``. ``deprecated`` names
    the deprecated ones by their (new) text; each is saved one by one, so
    ``Criterion.save()`` notices one newly deprecated or reworded."""
    existing = list(expectation.criteria.order_by("position"))
    kept: dict[int, Criterion] = {}  # new index -> the criterion it continues
    # The same text, wherever it moved, is the same criterion ...
    unmatched = list(existing)
    for index, text in enumerate(texts):
        same = next((c for c in unmatched if c.text == text), None)
        if same is not None:
            kept[index] = same
            unmatched.remove(same)
    # ... and among the rest, a line in the place of a similar one rewords it.
    new_indexes = [i for i in range(len(texts)) if i not in kept]
    removed: list[Criterion] = []
    matcher = SequenceMatcher(
        None, [c.text for c in unmatched], [texts[i] for i in new_indexes], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op not in {"replace", "delete"}:
            continue
        next_j = j1
        for old in unmatched[i1:i2]:
            # A rewording keeps most of the words; anything else is a removal
            # (and the new line a new criterion).
            match = next(
                (
                    j
                    for j in range(next_j, j2)
                    if SequenceMatcher(None, old.text, texts[new_indexes[j]]).ratio() >= 0.5
                ),
                None,
            )
            if match is None:
                removed.append(old)
            else:
                kept[new_indexes[match]] = old
                next_j = match + 1
    for criterion in removed:
        criterion._history_user = by  # type: ignore[attr-defined]
        criterion._change_reason = reason  # type: ignore[attr-defined]
        criterion.delete()
    keys = {c.key for c in kept.values()}
    moving = [c.pk for index, c in kept.items() if c.position != index + 1]
    # Those that move step aside first, so the unique (expectation, position)
    # constraint holds at every statement on every database.
    Criterion.objects.filter(pk__in=moving).update(position=F("position") + 10_000)
    for index, text in enumerate(texts):
        found = kept.get(index)
        if found is None:
            key = _new_key(text, keys)
            keys.add(key)
            criterion = Criterion(expectation=expectation, key=key)
            _set_deprecation(criterion, deprecated.get(text))
        else:
            criterion = found
            newly = _set_deprecation(criterion, deprecated.get(text))
            if found.position == index + 1 and found.text == text and not newly:
                continue  # neither moved, reworded nor (un)deprecated
        criterion.position = index + 1
        criterion.text = text
        _save(criterion, by=by, reason=reason)


def _new_key(text: str, taken: set[str]) -> str:
    base = slugify(text)[:60].strip("-") or "criterion"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def target_for(skill: Skill, level_number: int, role_slug: str | None = None) -> Target:
    """The target named in a URL: a level of a skill, or one role's cell at
    that level. 404 if there is no such level or cell."""
    level = get_object_or_404(Level, number=level_number)
    if role_slug is None:
        return Target(skill=skill, level=level)
    role = get_object_or_404(Role, slug=role_slug)
    expectation = (
        Expectation.objects.select_related("role", "level")
        .filter(skill=skill, level=level, role=role)
        .first()
    )
    if expectation is None:
        raise Http404
    return Target(skill=skill, level=level, expectation=expectation)


def target_of(record: Any) -> Target | None:
    """The target of a stored proposal or edit; None if its cell was deleted."""
    if record.kind == TargetKind.LEVEL:
        return Target(skill=record.skill, level=record.level)
    if record.expectation is None:
        return None
    return Target(skill=record.skill, level=record.level, expectation=record.expectation)
