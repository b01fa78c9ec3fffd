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

from zibo_rectify.log import ProgressEntry
from zibo_rectify.status.records import Point

DONE_PERCENT = 100.0


def value_figure(entry: ProgressEntry) -> float | None:
    """The figure a count, amount, quantity, rate, change or indicator entry gives."""
    if entry.kind is not None or entry.value is None:
        return None
    return float(entry.value)


def figure_or_share(entry: ProgressEntry) -> float | None:
    """A figure, or a share of the goal in percent where a document gives only that (88%)."""
    if entry.kind is not None:
        return None
    return value_figure(entry) if entry.value is not None else task_figure(entry)


def task_figure(entry: ProgressEntry) -> float | None:
    """A task entry's share done: its percent, 100 for done, 0 for not done."""
    if entry.kind is not None:
        return None
    if entry.done is not None:
        return DONE_PERCENT if entry.done else 0.0
    return None if entry.percent is None else float(entry.percent)


def points(history: Iterable[ProgressEntry], task: bool = False) -> list[Point]:
    """The figure in force at the end of each date that has one; `history` sorted by (date, recorded).

    The figure is `value_figure`'s, or `task_figure`'s for a task.  Among a
    date's figures the highest counts, unless one of them is a correction: then
    the latest recorded correction does.  One pass with the figure read inline:
    a log of years holds a hundred thousand entries.  `progress.in_force_order` keeps the same
    rule as a sort order for check and record; a test holds the two to the same figures.
    """
    found: list[Point] = []
    day: dt.date | None = None
    best = corrected = 0.0
    has_correction = False
    for entry in history:
        if entry.kind is not None:
            continue
        if task:
            done = entry.done
            value = entry.percent if done is None else DONE_PERCENT if done else 0.0
        else:
            value = entry.value
        if value is None:
            continue
        if entry.date != day:
            if day is not None:
                found.append(_point(Point, (day, corrected if has_correction else best)))
            day, best, has_correction = entry.date, value, False
        elif value > best:
            best = value
        if entry.correction:
            corrected, has_correction = value, True
    if day is not None:
        found.append(_point(Point, (day, corrected if has_correction else best)))
    return found


# A Point made as the tuple it is: its class's own __new__ is a Python call, which a point per
# date of a long log makes a third of this pass.
_point = tuple.__new__


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
