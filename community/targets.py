"""What can be proposed or edited in the app: a skill's description of one
level, or one expectation (summary, required flag and criteria). A target
reads its current content as plain data and writes new content; services
wrap both in a transaction with the version check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.models import TargetKind
from levels.models import Level
from roles.models import Role
from skills.models import Criterion, Expectation, Skill, SkillLevel

Content = dict[str, Any]
MAX_CRITERIA = 20


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
        if self.expectation is None:
            return _("%(skill)s: level %(number)s (%(name)s) description") % {
                "skill": self.skill.name,
                "number": self.level.number,
                "name": self.level.career_name,
            }
        return _("%(skill)s: %(role)s at level %(number)s (%(name)s)") % {
            "skill": self.skill.name,
            "role": self.expectation.role.name,
            "number": self.level.number,
            "name": self.level.career_name,
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
        return {
            "summary": self.expectation.summary,
            "required": self.expectation.required,
            "criteria": list(
                self.expectation.criteria.order_by("position").values_list("text", flat=True)
            ),
        }

    def write(self, content: Content, *, by: Any, reason: str) -> None:
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
        _write_criteria(expectation, content["criteria"], by=by, reason=reason)


def _save(obj: Any, *, by: Any, reason: str) -> None:
    # simple_history records who and why with the row's history.
    obj._history_user = by
    obj._change_reason = reason
    obj.save()


def _write_criteria(expectation: Expectation, texts: list[str], *, by: Any, reason: str) -> None:
    """Criteria are matched by position: rewording the third line keeps the
    third criterion's key (and the ratings that follow it); extra lines become
    new criteria, missing lines are removed."""
    existing = list(expectation.criteria.order_by("position"))
    for criterion in existing[len(texts) :]:
        criterion._history_user = by  # type: ignore[attr-defined]
        criterion._change_reason = reason  # type: ignore[attr-defined]
        criterion.delete()
    kept = existing[: len(texts)]
    keys = {c.key for c in kept}
    # Step aside first, so the unique (expectation, position) constraint holds
    # at every statement on every database.
    Criterion.objects.filter(pk__in=[c.pk for c in kept]).update(position=F("position") + 10_000)
    for position, text in enumerate(texts, start=1):
        if position <= len(kept):
            criterion = kept[position - 1]
            criterion.position = position
            criterion.text = text
        else:
            key = _new_key(text, keys)
            keys.add(key)
            criterion = Criterion(expectation=expectation, position=position, key=key, text=text)
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
