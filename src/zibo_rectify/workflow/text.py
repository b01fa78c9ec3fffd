"""Where a target stands against its goal, as the workflow's messages write it."""

from __future__ import annotations

import datetime as dt
import math

from zibo_rectify.figures import figure
from zibo_rectify.i18n import _, long_date, month_day
from zibo_rectify.model import Kind, scaled_unit
from zibo_rectify.status import TargetStatus


def shortfall(t: TargetStatus) -> str:
    """Where a target stands against its goal: 0 of 3,000 张; a task's share done, or not done."""
    if t.target.kind is Kind.TASK:
        if t.percent is not None:
            return _("{value} of {goal}").format(value=figure(t.percent, "%"), goal="100%")
        return _("not done")
    goal = t.target.goal
    if isinstance(goal, float | int):
        return _("{value} of {goal}").format(value=figure(t.value, None), goal=figure(goal, t.target.unit))
    return figure(t.value, t.target.unit)


def standing(t: TargetStatus) -> float | None:
    """The figure held against the path: a task's share done, else its value."""
    return t.percent if t.target.kind is Kind.TASK else t.value


def in_force(t: TargetStatus) -> str:
    """The figure in force with its unit (95家, 80%); a task's share done."""
    if t.target.kind is Kind.TASK:
        return figure(t.percent, "%") if t.percent is not None else _("not done")
    return figure(t.value, t.target.unit)


def planned_figure(t: TargetStatus, planned: float) -> str:
    """Where the path stands (应达…): a whole-number count rounded up (117家, never 116.5家), a
    task in percent, others to one decimal."""
    if t.target.kind is Kind.TASK:
        return figure(round(planned), "%")
    if t.target.kind is Kind.COUNT and not scaled_unit(t.target.unit):
        return figure(math.ceil(planned - 1e-9), t.target.unit)
    return figure(round(planned, 1), t.target.unit)


def when(day: dt.date, years: bool) -> str:
    """A date in a reason: 7月31日, with its year when the plan spans years."""
    return long_date(day) if years else month_day(day)
