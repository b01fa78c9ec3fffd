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

from zibo_rectify.progress import ProgressEntry
from zibo_rectify.status.records import Point

DONE_PERCENT = 100.0


def value_figure(entry: ProgressEntry) -> float | None:
    """The figure a count, amount, quantity, rate, change or indicator entry gives."""
    if entry.kind is not None or entry.value is None:
        return None
    return float(entry.value)


def task_figure(entry: ProgressEntry) -> float | None:
    """A task entry's share done: its percent, 100 for done, 0 for not done."""
    if entry.kind is not None:
        return None
    if entry.done is not None:
        return DONE_PERCENT if entry.done else 0.0
    return None if entry.percent is None else float(entry.percent)


def in_force_of_day(
    entries: Sequence[ProgressEntry], figure: Callable[[ProgressEntry], float | None]
) -> float:
    """The figure that counts among one date's entries (each with a figure), in recorded order."""
    corrections = [e for e in entries if e.correction]
    figures = [f for f in map(figure, corrections[-1:] or entries) if f is not None]
    return figures[-1] if corrections else max(figures)


def points(history: Iterable[ProgressEntry], figure: Callable[[ProgressEntry], float | None]) -> list[Point]:
    """The figure in force at the end of each date that has one; `history` sorted by (date, recorded)."""
    found: list[Point] = []
    day: dt.date | None = None
    same: list[ProgressEntry] = []
    for entry in history:
        if figure(entry) is None:
            continue
        if entry.date != day:
            if same:
                found.append(Point(same[0].date, in_force_of_day(same, figure)))
            day, same = entry.date, []
        same.append(entry)
    if same:
        found.append(Point(same[0].date, in_force_of_day(same, figure)))
    return found


def value_on(series: Sequence[Point], day: dt.date) -> float | None:
    """The figure in force on `day`, or None before the first."""
    index = bisect.bisect_right(series, day, key=lambda p: p.date)
    return series[index - 1].value if index else None


def last_note(history: Sequence[ProgressEntry]) -> ProgressEntry | None:
    """The latest entry that says something in words (a note, or a figure with a note); not workflow steps."""
    for entry in reversed(history):
        if entry.kind is None and entry.note:
            return entry
    return None


def expected(history: Sequence[ProgressEntry]) -> dt.date | None:
    """The office's own expected completion date, from the latest entry that gives one."""
    for entry in reversed(history):
        if entry.expected is not None:
            return entry.expected
    return None
