"""Reads of the matrix that a page and the API share (the pure rules they
feed live in ``plan.py`` and ``compare.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from levels.ladder import ladder
from roles.models import Role
from skills.compare import Comparison, Item, compare, side
from skills.models import Expectation, Skill


def skill_roles(skill: Skill) -> list[Role]:
    """The roles the skill sets expectations for, by name (one query)."""
    return list(Role.objects.filter(expectations__skill=skill).distinct().order_by("name"))


def level_choices() -> list[tuple[int, str]]:
    """The ladder's levels as (number, "Career · Proficiency") (cached)."""
    return [(r.number, f"{r.career_name} · {r.proficiency_name}") for r in ladder()]


@dataclass(frozen=True)
class ComparedCells:
    comparison: Comparison
    a: Expectation | None
    b: Expectation | None


def compare_cells(*, skill: Skill, role: str, level: int, other: str, to: int) -> ComparedCells:
    """``role`` at ``level`` beside ``other`` at ``to`` (role slugs, level
    numbers), in two queries whatever the size of the cells."""
    cells = {
        (exp.role.slug, exp.level.number): exp
        for exp in Expectation.objects.filter(skill=skill)
        .filter(Q(role__slug=role, level__number=level) | Q(role__slug=other, level__number=to))
        .select_related("role", "level")
        .prefetch_related("criteria")
    }
    a, b = cells.get((role, level)), cells.get((other, to))

    def items(exp: Expectation | None) -> list[Item]:
        if exp is None:
            return []
        return [
            Item(key=c.key, text=c.text, position=c.position, deprecated=c.deprecated)
            for c in sorted(exp.criteria.all(), key=lambda c: c.position)
        ]

    comparison = compare(
        side(role_slug=role, level=level, required=a.required if a else None, items=items(a)),
        side(role_slug=other, level=to, required=b.required if b else None, items=items(b)),
    )
    return ComparedCells(comparison=comparison, a=a, b=b)
