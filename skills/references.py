"""What refers to a criterion from apps above this one (assessment snapshots
keep their own frozen copy of each rated criterion). Those apps tell this
module how to count (``register_criterion_reference`` in their
``AppConfig.ready``), so the import can say what removing a criterion
leaves behind without importing them."""

from __future__ import annotations

from collections.abc import Callable, Collection

# Given criterion ids: how many rows of one kind keep a copy of each (one
# query for them all), and how to say so ("rated in 2 assessment snapshots…").
CriterionCounter = Callable[[Collection[int]], dict[int, int]]
Describe = Callable[[int], str]
_references: list[tuple[CriterionCounter, Describe]] = []


def register_criterion_reference(counter: CriterionCounter, describe: Describe) -> None:
    if all(existing is not counter for existing, _describe in _references):
        _references.append((counter, describe))


def criterion_references(criterion_ids: Collection[int]) -> dict[int, list[str]]:
    """What keeps a copy of each of these criteria, in words (English, as the
    import's other messages); criteria nothing refers to are left out."""
    notes: dict[int, list[str]] = {}
    if not criterion_ids:
        return notes
    for counter, describe in _references:
        for criterion_id, count in counter(criterion_ids).items():
            if count:
                notes.setdefault(criterion_id, []).append(describe(count))
    return notes
