"""How often a figure is expected (填报周期): the first period, staleness, a repeated task's occurrences."""

from __future__ import annotations

import datetime as dt

from zibo_rectify.model import Target

FIRST_PERIOD_DAYS = 30  # no cadence: nothing recorded is `no_data` for the first 30 days
STALE_AFTER_DAYS = 90  # no cadence: a figure older than this is stale
MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def after_one_period(target: Target, day: dt.date, default_days: int) -> dt.date:
    """The day one cadence period after `day`."""
    cadence = target.cadence
    if cadence is None:
        return day + dt.timedelta(days=default_days)
    if isinstance(cadence, int):
        return day + dt.timedelta(days=cadence)
    return add_months(day, MONTHS[cadence])


def in_first_period(target: Target, start: dt.date, day: dt.date) -> bool:
    """Whether `day` falls in the first cadence period after start, when nothing recorded is no_data."""
    return day < after_one_period(target, start, FIRST_PERIOD_DAYS)


def is_stale(target: Target, last: dt.date | None, day: dt.date) -> bool:
    """No figure for longer than one cadence period (90 days when no cadence is set)."""
    return last is not None and day > after_one_period(target, last, STALE_AFTER_DAYS)


def period_of(repeat: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month, quarter or year that holds `day`: its first and last day."""
    months = MONTHS[repeat]
    first_month = (day.month - 1) // months * months + 1
    first = dt.date(day.year, first_month, 1)
    return first, add_months(first, months) - dt.timedelta(days=1)


def occurrences(repeat: str, start: dt.date, last_day: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Each period from the one holding `start` to the one holding `last_day`, clipped to start."""
    found = []
    day = start
    while day <= last_day:
        first, last = period_of(repeat, day)
        found.append((max(first, start), last))
        day = last + dt.timedelta(days=1)
    return found
