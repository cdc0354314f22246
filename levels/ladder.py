"""The ladder at runtime: the one place pages, charts, rules' callers, the API
and the admin learn how many levels there are and what they are called.

The ladder is data (``fixtures/levels.yaml``): from ``MIN_RUNGS`` to
``MAX_RUNGS`` levels numbered 1..N without gaps. It is read from the database
once and kept in the cache until a level is saved or deleted, so a page that
asks for it many times costs at most one query.

Other apps keep level numbers too (snapshots, ratings, plan items, profiles,
proposals). They tell this module how to count them (``register_reference``
in their ``AppConfig.ready``), so that removing a level anything refers to can
be refused without this leaf app importing theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.functional import Promise

from levels.models import MAX_RUNGS, MIN_RUNGS, Level

CACHE_KEY = "levels:ladder:v1"

__all__ = ["MAX_RUNGS", "MIN_RUNGS", "Ladder", "Rung", "ladder", "level_references"]


@dataclass(frozen=True)
class Rung:
    """One level as plain data (what the cache keeps)."""

    pk: int
    number: int
    slug: str
    career_name: str
    proficiency_name: str
    summary: str


@dataclass(frozen=True)
class Ladder:
    rungs: tuple[Rung, ...]

    def __iter__(self) -> Iterator[Rung]:
        return iter(self.rungs)

    def __len__(self) -> int:
        return len(self.rungs)

    def __bool__(self) -> bool:
        return bool(self.rungs)

    @property
    def top(self) -> int:
        """The highest level number (0 for an empty database)."""
        return self.rungs[-1].number if self.rungs else 0

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(r.number for r in self.rungs)

    @property
    def first(self) -> Rung | None:
        return self.rungs[0] if self.rungs else None

    @property
    def last(self) -> Rung | None:
        return self.rungs[-1] if self.rungs else None

    def get(self, number: int | None) -> Rung | None:
        for rung in self.rungs:
            if rung.number == number:
                return rung
        return None

    def career_names(self) -> dict[int, str]:
        return {r.number: r.career_name for r in self.rungs}


def ladder() -> Ladder:
    """The ladder as the database has it now (cached until a level changes)."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        cached = [
            (lvl.pk, lvl.number, lvl.slug, lvl.career_name, lvl.proficiency_name, lvl.summary)
            for lvl in Level.objects.order_by("number")
        ]
        cache.set(CACHE_KEY, cached, None)
    return Ladder(tuple(Rung(*row) for row in cached))


def forget_ladder() -> None:
    cache.delete(CACHE_KEY)


@receiver(post_save, sender=Level)
@receiver(post_delete, sender=Level)
def _level_changed(**kwargs: Any) -> None:
    # Now for this request, and again once the change commits: a request that
    # read the old ladder meanwhile must not keep it in the cache.
    forget_ladder()
    transaction.on_commit(forget_ladder)


# -- what refers to a level -----------------------------------------------------

# Given level numbers, how many rows of one kind refer to each.
ReferenceCounter = Callable[[Collection[int]], dict[int, int]]
_references: list[tuple[str | Promise, ReferenceCounter]] = []


def register_reference(what: str | Promise, counter: ReferenceCounter) -> None:
    """``what`` names the rows (e.g. "assessment snapshots (level reached)")."""
    if all(existing is not counter for _what, existing in _references):
        _references.append((what, counter))


def level_references(numbers: Collection[int]) -> dict[int, list[str]]:
    """For each of ``numbers`` that something refers to, what refers to it:
    ``{6: ["expectations: 4", "assessment snapshots (level reached): 2"]}``."""
    found: dict[int, list[str]] = {}
    if not numbers:
        return found
    for what, counter in _references:
        for number, count in sorted(counter(numbers).items()):
            if count:
                found.setdefault(number, []).append(f"{what}: {count}")
    return found


def level_counter(model: type[models.Model], field: str) -> ReferenceCounter:
    """A counter of ``model`` rows per level number held in ``field``
    (``"level__number"`` for a foreign key, ``"frozen_level"`` for a number):
    one grouped query for any number of levels."""

    def count(numbers: Collection[int]) -> dict[int, int]:
        rows = (
            model._default_manager.filter(**{f"{field}__in": numbers})
            .values_list(field)
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {int(number): int(n) for number, n in rows if number is not None}

    return count
