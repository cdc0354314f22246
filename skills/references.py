"""What refers to a criterion from apps above this one (assessment snapshots
keep their own frozen copy of each rated criterion). Those apps tell this
module how to count (``register_criterion_reference`` in their
``AppConfig.ready``), so the import can say what removing a criterion
leaves behind without importing them."""

from __future__ import annotations

from collections.abc import Callable

# Given a criterion's id: how many rows of one kind keep a copy of it, and
# how to say so ("rated in 2 assessment snapshots, which keep their copy").
CriterionCounter = Callable[[int], int]
Describe = Callable[[int], str]
_references: list[tuple[CriterionCounter, Describe]] = []


def register_criterion_reference(counter: CriterionCounter, describe: Describe) -> None:
    if all(existing is not counter for existing, _describe in _references):
        _references.append((counter, describe))


def criterion_references(criterion_id: int) -> list[str]:
    """What keeps a copy of this criterion, in words (English, as the import's
    other messages); empty when nothing does."""
    notes: list[str] = []
    for counter, describe in _references:
        if count := counter(criterion_id):
            notes.append(describe(count))
    return notes
