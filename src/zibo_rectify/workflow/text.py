"""Where a target stands against its goal, as the workflow's messages write it."""

from __future__ import annotations

from zibo_rectify.figures import figure
from zibo_rectify.i18n import _
from zibo_rectify.model import Kind
from zibo_rectify.status import TargetStatus


def shortfall(t: TargetStatus) -> str:
    """Where a target stands against its goal: 0 of 3,000 张; not done for a task."""
    if t.target.kind is Kind.TASK:
        return _("not done")
    goal = t.target.goal
    if isinstance(goal, float | int):
        return _("{value} of {goal}").format(value=figure(t.value, None), goal=figure(goal, t.target.unit))
    return figure(t.value, t.target.unit)
