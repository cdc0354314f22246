"""Comparing two cells of the matrix: two roles at one level (a lateral move)
or one role at two levels (what changes on the way up). Pure functions over
plain data; the compare page and the API call the same ones.

**When two criteria are "the same".** A criterion's key is unique within its
cell and stays put when the text is reworded, and the shipped matrices reuse
a key across roles for the same ability (``torch-compile``,
``distributed-training``). So criteria of the two sides are matched

1. by key, then
2. among those still unmatched, by identical text (case and runs of spaces
   aside), in position order.

A matched pair whose texts differ is *reworded*; one whose cells differ in
the required flag is *required in one, optional in the other* (the flag
belongs to the cell, so when the two cells differ, every shared criterion
lands there).

**What a snapshot already meets.** A criterion is met when the person's
latest submitted snapshot of the skill rated, at "meets" or better, a
criterion with the same key *at the same level* or with the identical text
(at any level). A key reused at another level may ask for more, so it alone
does not carry a rating across levels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    """One criterion of one side."""

    key: str
    text: str
    position: int
    deprecated: bool = False


@dataclass(frozen=True)
class Side:
    """One cell: a role at a level. ``present`` is False when the matrix sets
    no expectation there (then ``items`` is empty)."""

    role_slug: str
    level: int
    required: bool
    items: tuple[Item, ...]
    present: bool = True


@dataclass(frozen=True)
class Pair:
    a: Item
    b: Item
    by_key: bool

    @property
    def reworded(self) -> bool:
        return self.a.text != self.b.text


@dataclass(frozen=True)
class Comparison:
    a: Side
    b: Side
    shared: tuple[Pair, ...]  # same flag, same text
    reworded: tuple[Pair, ...]  # same flag, text differs
    required_differs: tuple[Pair, ...]  # the cells' flags differ (may be reworded too)
    only_a: tuple[Item, ...]
    only_b: tuple[Item, ...]

    @property
    def pairs(self) -> tuple[Pair, ...]:
        return self.shared + self.reworded + self.required_differs


def normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def compare(a: Side, b: Side) -> Comparison:
    """Match the criteria of ``a`` and ``b`` (by key, then identical text) and
    group them. Every input criterion appears exactly once in the result;
    each group keeps side a's order (side b's for ``only_b``)."""
    b_by_key = {item.key: item for item in b.items}
    matched: dict[Item, tuple[Item, bool]] = {}
    used_b: set[Item] = set()
    for item in a.items:
        other = b_by_key.get(item.key)
        if other is not None:
            matched[item] = (other, True)
            used_b.add(other)
    b_by_text: dict[str, list[Item]] = {}
    for item in b.items:
        if item not in used_b:
            b_by_text.setdefault(normalise(item.text), []).append(item)
    for item in a.items:
        if item in matched:
            continue
        candidates = b_by_text.get(normalise(item.text))
        if candidates:
            other = candidates.pop(0)
            matched[item] = (other, False)
            used_b.add(other)

    shared: list[Pair] = []
    reworded: list[Pair] = []
    differs: list[Pair] = []
    only_a: list[Item] = []
    for item in a.items:
        if item not in matched:
            only_a.append(item)
            continue
        other, by_key = matched[item]
        pair = Pair(a=item, b=other, by_key=by_key)
        if a.required != b.required:
            differs.append(pair)
        elif pair.reworded:
            reworded.append(pair)
        else:
            shared.append(pair)
    return Comparison(
        a=a,
        b=b,
        shared=tuple(shared),
        reworded=tuple(reworded),
        required_differs=tuple(differs),
        only_a=tuple(only_a),
        only_b=tuple(item for item in b.items if item not in used_b),
    )


# -- What the person already meets ---------------------------------------------------


@dataclass(frozen=True)
class MetRating:
    """One rating of a snapshot, as frozen at submission."""

    key: str
    level: int
    text: str
    met: bool


@dataclass(frozen=True)
class Evidence:
    """What a snapshot shows the person meets, indexed for matching."""

    keys: frozenset[tuple[str, int]] = field(default_factory=frozenset)
    texts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_ratings(cls, ratings: Iterable[MetRating]) -> Evidence:
        met = [r for r in ratings if r.met]
        return cls(
            keys=frozenset((r.key, r.level) for r in met),
            texts=frozenset(normalise(r.text) for r in met),
        )

    def meets(self, item: Item, *, level: int) -> bool:
        return (item.key, level) in self.keys or normalise(item.text) in self.texts


@dataclass(frozen=True)
class Marks:
    """Which criteria of each side the snapshot meets, and the count for side b."""

    met_a: frozenset[Item]
    met_b: frozenset[Item]
    b_met: int
    b_total: int
    b_required: bool


def marks(comparison: Comparison, evidence: Evidence) -> Marks:
    a, b = comparison.a, comparison.b
    met_a = frozenset(i for i in a.items if evidence.meets(i, level=a.level))
    met_b = frozenset(i for i in b.items if evidence.meets(i, level=b.level))
    return Marks(
        met_a=met_a,
        met_b=met_b,
        b_met=len(met_b),
        b_total=len(b.items),
        b_required=b.required,
    )


def side(*, role_slug: str, level: int, required: bool | None, items: Sequence[Item]) -> Side:
    """A side from a cell (``required`` None: the matrix has no cell there)."""
    return Side(
        role_slug=role_slug,
        level=level,
        required=bool(required),
        items=tuple(items),
        present=required is not None,
    )
