"""The figure in force: which entries of a day count, and what a target's history says on any date.

Among entries of the same date the highest uncorrected figure counts, and a
correction of that date wins over them (the latest recorded one); a drop is
judged only across dates.  So two valid logs merged line by line (git's
`merge=union`) stay valid and mean what both offices recorded.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from zibo_rectify.log import PERCENT_HIGH, ProgressEntry, in_force, task_figure, value_figure
from zibo_rectify.status.records import Point

DONE_PERCENT = float(PERCENT_HIGH)


def figure_or_share(entry: ProgressEntry) -> float | None:
    """A figure, or a share of the goal in percent where a document gives only that (88%)."""
    if entry.kind is not None:
        return None
    return value_figure(entry) if entry.value is not None else task_figure(entry)


def points(history: Iterable[ProgressEntry], task: bool = False) -> list[Point]:
    """The figure in force at the end of each date that has one (`log.in_force`), as (date, figure)."""
    figure = task_figure if task else value_figure
    return [
        Point(entry.date, value)
        for entry in in_force(history, figure)
        if (value := figure(entry)) is not None
    ]


def last_with_figure(
    history: Sequence[ProgressEntry], figure: Callable[[ProgressEntry], float | None]
) -> ProgressEntry | None:
    """The latest entry that gives a figure (not a note, not a workflow step)."""
    for entry in reversed(history):
        if figure(entry) is not None:
            return entry
    return None


def value_on(series: Sequence[Point], day: dt.date) -> float | None:
    """The figure in force on `day`, or None before the first."""
    index = bisect.bisect_right(series, day, key=lambda p: p.date)
    return series[index - 1].value if index else None


def said(history: Sequence[ProgressEntry]) -> tuple[ProgressEntry | None, dt.date | None]:
    """What the office said in words, in one pass from the end: the latest entry with a note (a note
    entry, or a figure with a note; never a workflow step), and the latest expected completion date."""
    note: ProgressEntry | None = None
    expected: dt.date | None = None
    for entry in reversed(history):
        if note is None and entry.note and entry.kind is None:
            note = entry
        if expected is None and entry.expected is not None:
            expected = entry.expected
        if note is not None and expected is not None:
            break
    return note, expected
