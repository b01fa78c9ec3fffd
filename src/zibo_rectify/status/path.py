"""The planned path (序时进度), the forecast from the recorded trend, and the pace a target needs."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from zibo_rectify.status.records import MilestoneStatus, Need, Point

DAYS_PER_MONTH = 365.25 / 12


Corner = tuple[dt.date, float]


def corners(start: Corner | None, marks: Sequence[Corner], end: Corner | None) -> list[Corner]:
    """The corners of a planned path: `start`, each mark, `end` (those given)."""
    return ([start] if start else []) + list(marks) + ([end] if end else [])


def planned(
    start: Corner | None,
    marks: Sequence[Corner],
    end: Corner | None,
    day: dt.date,
) -> float | None:
    """Piecewise linear from `start` through each mark to `end`; None when no point is known before `day`."""
    path = corners(start, marks, end)
    if not path or day < path[0][0] and start is None:
        return None
    if day <= path[0][0]:
        return path[0][1]
    for (d0, v0), (d1, v1) in zip(path, path[1:], strict=False):
        if day <= d1:
            span = (d1 - d0).days
            return v1 if span <= 0 else v0 + (v1 - v0) * (day - d0).days / span
    return path[-1][1]


def forecast(
    origin: tuple[dt.date, float], series: Sequence[Point], goal: float, due: dt.date | None
) -> tuple[dt.date | None, bool]:
    """When the trend from `origin` to the last figure reaches `goal`, and whether that is after due.

    Never earlier than the last figure: what is recorded has already happened.
    """
    if not series:
        return None, False
    first_day, first_value = origin
    last_day, last_value = series[-1]
    days = (last_day - first_day).days
    rate = (last_value - first_value) / days if days > 0 else 0.0
    remaining = goal - last_value
    if remaining <= 0:
        return last_day, due is not None and last_day > due
    if rate <= 0:
        return None, due is not None
    days_left = remaining / rate
    if days_left > (dt.date.max - last_day).days:  # a trend this slow never gets there
        return None, due is not None
    when = last_day + dt.timedelta(days=math.ceil(days_left))
    return when, due is not None and when > due


def need(
    value: float,
    milestones: Sequence[MilestoneStatus],
    due: dt.date | None,
    goal: float | None,
    day: dt.date,
) -> Need | None:
    """The next mark still ahead and above the value, and the monthly gain it takes to make it."""
    marks = [(m.by, m.value) for m in milestones if m.by >= day and m.reached is not True]
    if due is not None and due >= day and goal is not None:
        marks.append((due, goal))
    for by, wanted in sorted(marks):
        if wanted > value:
            days = (by - day).days
            per_month = (wanted - value) / (days / DAYS_PER_MONTH) if days > 0 else None
            return Need(wanted, by, per_month, wanted - value)
    return None
