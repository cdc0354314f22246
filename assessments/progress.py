"""Progress over time, as pure functions: the diff between two snapshots and
the geometry of the server-rendered progress chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assessments.rules import CriterionState


@dataclass(frozen=True)
class Change:
    before: CriterionState | None
    after: CriterionState | None

    @property
    def criterion(self) -> CriterionState:
        state = self.after or self.before
        assert state is not None
        return state


@dataclass
class SnapshotDiff:
    improved: list[Change] = field(default_factory=list)
    declined: list[Change] = field(default_factory=list)
    new_in_matrix: list[Change] = field(default_factory=list)
    reworded: list[Change] = field(default_factory=list)
    removed_from_matrix: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (
            self.improved
            or self.declined
            or self.new_in_matrix
            or self.reworded
            or self.removed_from_matrix
        )


def _identity(state: CriterionState) -> tuple[object, ...]:
    # The criterion row survives rewording; its key and level are the fallback
    # when the criterion has since been deleted from the matrix.
    if state.criterion_id is not None:
        return ("id", state.criterion_id)
    return ("key", state.level, state.key)


def diff_snapshots(
    before: Sequence[CriterionState], after: Sequence[CriterionState]
) -> SnapshotDiff:
    old = {_identity(s): s for s in before}
    result = SnapshotDiff()
    for state in after:
        previous = old.pop(_identity(state), None)
        if previous is None:
            result.new_in_matrix.append(Change(None, state))
            continue
        if previous.text != state.text:
            result.reworded.append(Change(previous, state))
        old_value = -1 if previous.rating is None else previous.rating
        new_value = -1 if state.rating is None else state.rating
        if new_value > old_value:
            result.improved.append(Change(previous, state))
        elif new_value < old_value:
            result.declined.append(Change(previous, state))
        elif previous.text == state.text:
            result.unchanged += 1
    result.removed_from_matrix = [Change(state, None) for state in old.values()]
    return result


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y_level: float
    y_met: float
    date: dt.date
    level: int
    met: int
    total: int


@dataclass(frozen=True)
class Tick:
    """A labelled mark on a scale; ``title`` is the whole text when ``label``
    is abbreviated (shown as a tooltip and read by screen readers)."""

    y: float
    value: int
    label: str
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: tuple[ChartPoint, ...]
    level_ticks: tuple[Tick, ...]
    met_ticks: tuple[Tick, ...]
    level_path: str
    met_path: str

    @property
    def plot_right(self) -> int:
        """Where the plot ends and the right-hand scale (share met) begins."""
        return self.width - self.right

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom


# Pixels per character of an 11px label: generous, so that wide letters fit.
CHAR_WIDTH = 6.5
# Longer level names are cut with an ellipsis (the whole name stays in the
# tick's title and in the table under the chart).
MAX_LABEL_CHARS = 16
MET_PERCENTS = (0, 25, 50, 75, 100)


def abbreviate(text: str, max_chars: int = MAX_LABEL_CHARS) -> str:
    """``text`` cut to ``max_chars`` with an ellipsis. A short last word (a
    grade such as "II" or "12") is kept, since it is what tells neighbouring
    levels apart: "Senior Engineer II" → "Senior Engin… II"."""
    if len(text) <= max_chars:
        return text
    head, _space, last = text.rpartition(" ")
    if head and len(last) <= 4:
        keep = max_chars - len(last) - 2
        return text[:keep].rstrip() + "… " + last
    return text[: max_chars - 1].rstrip() + "…"


def progress_chart(
    snapshots: Sequence[tuple[dt.date, int, int, int]],
    *,
    width: int = 640,
    height: int | None = None,
    top_level: int,
    level_names: Mapping[int, str] | None = None,
    zero_label: str = "0",
    max_label_chars: int = MAX_LABEL_CHARS,
) -> Chart:
    """Chart geometry for (date, level reached, criteria met, criteria total)
    tuples in date order: level reached as a step line on the left scale
    (0 to ``top_level``, the ladder's top, labelled with ``level_names``,
    abbreviated past ``max_label_chars``), share of criteria met as a line
    on its own right-hand scale, 0-100 %, over the same height. Unless
    given, the height grows with the ladder so that every level's label
    keeps its own line, and the left margin with the longest label."""
    top_level = max(top_level, 1)
    if height is None:
        height = max(240, 56 + 22 * (top_level + 1))
    names = level_names or {}
    titles = [zero_label] + [names.get(n, str(n)) for n in range(1, top_level + 1)]
    labels = [abbreviate(t, max_label_chars) for t in titles]
    longest = max(len(label) for label in labels)
    # top: room for the scales' titles; right: "100 %" and a tick mark.
    left, right, top, bottom = max(48, round(CHAR_WIDTH * longest) + 14), 48, 28, 32
    inner_w = width - left - right
    inner_h = height - top - bottom
    n = len(snapshots)
    points = []
    for i, (date, level, met, total) in enumerate(snapshots):
        x = left + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)
        share = met / total if total else 0.0
        points.append(
            ChartPoint(
                x=round(x, 1),
                y_level=round(top + inner_h * (1 - level / top_level), 1),
                y_met=round(top + inner_h * (1 - share), 1),
                date=date,
                level=level,
                met=met,
                total=total,
            )
        )
    level_path = ""
    for i, p in enumerate(points):
        if i == 0:
            level_path = f"M{p.x},{p.y_level}"
        else:
            level_path += f" H{p.x} V{p.y_level}"
    met_path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y_met}" for i, p in enumerate(points))
    level_ticks = tuple(
        Tick(round(top + inner_h * (1 - lvl / top_level), 1), lvl, labels[lvl], titles[lvl])
        for lvl in range(0, top_level + 1)
    )
    met_ticks = tuple(
        Tick(round(top + inner_h * (1 - pct / 100), 1), pct, str(pct), str(pct))
        for pct in MET_PERCENTS
    )
    return Chart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        tuple(points),
        level_ticks,
        met_ticks,
        level_path,
        met_path,
    )
