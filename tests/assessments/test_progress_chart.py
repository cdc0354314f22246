"""The progress chart's geometry, as a pure function: a left scale with a tick
per level of the ladder, named and abbreviated when long, and a right scale
of its own, 0-100 %, for the share of criteria met."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest

from assessments.progress import CHAR_WIDTH, MAX_LABEL_CHARS, abbreviate, progress_chart

DAY = dt.date(2000, 1, 1) + dt.timedelta(days=1)  # any day: the chart only orders them


def names(n: int, prefix: str = "Grade") -> dict[int, str]:
    return {i: f"{prefix} {i}" for i in range(1, n + 1)}


@pytest.mark.parametrize("n", [3, 5, 12])
def test_the_left_scale_has_a_named_tick_per_level_from_none_to_the_top(n: int) -> None:
    chart = progress_chart([], top_level=n, level_names=names(n), zero_label="None yet")
    assert [t.value for t in chart.level_ticks] == list(range(n + 1))
    assert [t.label for t in chart.level_ticks] == ["None yet", *names(n).values()]
    ys = [t.y for t in chart.level_ticks]
    assert ys[0] == chart.plot_bottom
    assert ys[-1] == chart.top
    assert all(a - b >= 14 for a, b in pairwise(ys))  # each label on its own line


@pytest.mark.parametrize("n", [3, 5, 12])
def test_the_right_scale_runs_from_0_to_100_percent_over_the_same_height(n: int) -> None:
    chart = progress_chart([], top_level=n, level_names=names(n))
    assert [t.value for t in chart.met_ticks] == [0, 25, 50, 75, 100]
    assert [t.label for t in chart.met_ticks] == ["0", "25", "50", "75", "100"]
    assert chart.met_ticks[0].y == chart.plot_bottom
    assert chart.met_ticks[-1].y == chart.top
    # "100 %" fits between the plot and the edge.
    assert chart.plot_right + 7 + CHAR_WIDTH * len("100 %") <= chart.width


@pytest.mark.parametrize("n", [3, 5, 12])
def test_points_sit_on_their_own_scales(n: int) -> None:
    snapshots = [(DAY, 1, 3, 12), (DAY + dt.timedelta(days=30), n, 6, 12)]
    chart = progress_chart(snapshots, top_level=n, level_names=names(n))
    first, last = chart.points
    level_y = {t.value: t.y for t in chart.level_ticks}
    met_y = {t.value: t.y for t in chart.met_ticks}
    assert (first.y_level, last.y_level) == (level_y[1], level_y[n])
    assert (first.y_met, last.y_met) == (met_y[25], met_y[50])
    assert first.x == chart.left
    assert last.x == chart.plot_right


def test_long_level_names_are_abbreviated_and_keep_their_whole_name() -> None:
    long = {i: f"Distinguished Principal Engineer {i}" for i in range(1, 13)}
    chart = progress_chart([], top_level=12, level_names=long)
    tick = chart.level_ticks[12]
    assert tick.title == "Distinguished Principal Engineer 12"
    assert tick.label == "Distinguishe… 12"
    assert all(len(t.label) <= MAX_LABEL_CHARS for t in chart.level_ticks)
    # The margin is as wide as the longest label allows, no wider.
    assert chart.left == round(CHAR_WIDTH * MAX_LABEL_CHARS) + 14
    short = progress_chart([], top_level=12, level_names=names(12))
    assert short.left < chart.left
    assert short.level_ticks[12].label == short.level_ticks[12].title == "Grade 12"


def test_the_chart_grows_with_the_ladder() -> None:
    heights = [progress_chart([], top_level=n).height for n in (3, 5, 12)]
    assert heights[0] <= heights[1] < heights[2]


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("Senior", "Senior"),
        ("A" * 16, "A" * 16),
        ("Principal Engineer", "Principal Engin…"),
        ("Senior Engineer I", "Senior Engine… I"),
        ("Senior Engineer II", "Senior Engin… II"),
        ("Chief Technology Fellow", "Chief Technolog…"),
    ],
)
def test_abbreviate(text: str, short: str) -> None:
    assert abbreviate(text) == short
    assert len(short) <= MAX_LABEL_CHARS


def test_a_twelve_level_ladder_keeps_every_label_distinct() -> None:
    ladder = [
        "Associate Engineer", "Engineer I", "Engineer II", "Senior Engineer I",
        "Senior Engineer II", "Staff Engineer", "Senior Staff Engineer", "Principal Engineer",
        "Senior Principal Engineer", "Distinguished Engineer", "Fellow", "Senior Fellow",
    ]  # fmt: skip
    labels = [abbreviate(name) for name in ladder]
    assert len(set(labels)) == 12
