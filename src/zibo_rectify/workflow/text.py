"""Where a target stands against its goal, as the workflow's messages write it, in the figures and
goal phrases every view uses (`figures.amount`, `figures.goal_phrase`: −6%, 不低于60%)."""

from __future__ import annotations

import math

from zibo_rectify.figures import LEVELS, amount, goal_phrase
from zibo_rectify.i18n import _, extended_due, short_date
from zibo_rectify.model import Comparison, GoalOf, Kind, scaled_unit
from zibo_rectify.status import TargetStatus


def shortfall(t: TargetStatus) -> str:
    """Where a target stands against its goal: 0 of 3,000 张 for a total to reach; otherwise the
    figure beside the goal with its direction (5.1%, goal <4.3%); a task's share done, or not done."""
    target = t.target
    if target.kind is Kind.TASK:
        if t.percent is not None:
            return _("{value} of {goal}").format(value=amount(t.percent, "%"), goal="100%")
        return _("not done")
    goal = target.goal
    if isinstance(goal, GoalOf):
        return amount(t.value, target.unit) if t.value is not None else _("no figure yet")
    if (
        isinstance(goal, float | int)
        and target.comparison is Comparison.AT_LEAST
        and target.kind not in LEVELS
    ):
        return _("{value} of {goal}").format(value=amount(t.value, None), goal=amount(goal, target.unit))
    low, high = goal if isinstance(goal, tuple) else (goal, None)
    return _("{value}, goal {goal}").format(
        value=amount(t.value, target.unit) if t.value is not None else _("no figure yet"),
        goal=goal_phrase(target.comparison.value, low, high, target.unit, target.kind.value),
    )


def standing(t: TargetStatus) -> float | None:
    """The figure held against the path: a task's share done, else its value."""
    return t.percent if t.target.kind is Kind.TASK else t.value


def in_force(t: TargetStatus) -> str:
    """The figure in force with its unit (95家, 80%); a task's share done."""
    if t.target.kind is Kind.TASK:
        return amount(t.percent, "%") if t.percent is not None else _("not done")
    return amount(t.value, t.target.unit)


def planned_figure(t: TargetStatus, planned: float) -> str:
    """Where the path stands (应达…): a whole-number count rounded up (117家, never 116.5家), a
    task in percent, others to one decimal."""
    if t.target.kind is Kind.TASK:
        return amount(round(planned), "%")
    if t.target.kind is Kind.COUNT and not scaled_unit(t.target.unit):
        return amount(math.ceil(planned - 1e-9), t.target.unit)
    return amount(round(planned, 1), t.target.unit)


def due_words(t: TargetStatus, years: bool) -> str:
    """A deadline in a reason, beside the plan's own when an extension (延期) moved it:
    9月30日（原定8月31日，已延期）."""
    assert t.due is not None
    return short_date(t.due, years) if t.original_due is None else extended_due(t.due, t.original_due, years)
