"""Figures and dates as the workflow's messages write them."""

from __future__ import annotations

import datetime as dt

from zibo_rectify.figures import figure
from zibo_rectify.i18n import _, month_day
from zibo_rectify.model import Kind
from zibo_rectify.status import TargetStatus


def figure_of(value: float | None, unit: str | None) -> str:
    """3,000 张, 95 家, 61.5%: as running text writes figures (3,000张 in Chinese)."""
    return figure(value, unit)


def short_day(day: dt.date) -> str:
    """07-31 (7月31日): the day within the plan's year, as offices write deadlines."""
    return month_day(day)


def shortfall(t: TargetStatus) -> str:
    """Where a target stands against its goal: 0 of 3,000 张; not done for a task."""
    if t.target.kind is Kind.TASK:
        return _("not done")
    goal = t.target.goal
    if isinstance(goal, float | int):
        return _("{value} of {goal}").format(
            value=figure_of(t.value, None), goal=figure_of(goal, t.target.unit)
        )
    return figure_of(t.value, t.target.unit)
