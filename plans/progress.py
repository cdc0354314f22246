"""The plan's progress over time, as a pure function over plain data: per
month, how many items were finished (done or closed) by its end and how many
were still open, with the geometry of a small stacked bar chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

MONTHS_SHOWN = 12
WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 640, 200, 16, 28, 36


@dataclass(frozen=True)
class ItemDates:
    created: dt.date
    finished: dt.date | None  # None while open


@dataclass(frozen=True)
class MonthBar:
    month: dt.date  # its first day
    finished: int  # finished by the month's end (cumulative)
    open: int  # created by the month's end and still open then
    finished_in_month: int
    x: int = 0
    width: int = 0
    y_finished: int = 0
    h_finished: int = 0
    y_open: int = 0
    h_open: int = 0


@dataclass(frozen=True)
class PlanChart:
    bars: tuple[MonthBar, ...]
    top: int  # the largest bar, items
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM


def _first(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def plan_chart(items: Iterable[ItemDates], *, today: dt.date) -> PlanChart | None:
    """None without items. The months run from the first item's (at most
    ``MONTHS_SHOWN`` back) to this one."""
    items = list(items)
    if not items:
        return None
    start = _first(min(i.created for i in items))
    months: list[dt.date] = []
    month = _first(today)
    while month >= start and len(months) < MONTHS_SHOWN:
        months.append(month)
        month = _first(month - dt.timedelta(days=1))
    months.reverse()
    counts = []
    for month in months:
        end = _next(month)
        created = [i for i in items if i.created < end]
        finished = sum(1 for i in created if i.finished is not None and i.finished < end)
        in_month = sum(1 for i in items if i.finished is not None and month <= i.finished < end)
        counts.append((month, finished, len(created) - finished, in_month))
    top = max(f + o for _m, f, o, _i in counts) or 1
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - 8) // len(counts)
    bars = []
    for n, (month, finished, still_open, in_month) in enumerate(counts):
        h_finished = round(plot_h * finished / top)
        h_open = round(plot_h * still_open / top)
        base = HEIGHT - BOTTOM
        bars.append(
            MonthBar(
                month=month,
                finished=finished,
                open=still_open,
                finished_in_month=in_month,
                x=LEFT + n * slot + slot // 6,
                width=max(4, slot * 2 // 3),
                y_finished=base - h_finished,
                h_finished=h_finished,
                y_open=base - h_finished - h_open,
                h_open=h_open,
            )
        )
    return PlanChart(bars=tuple(bars), top=top)
