"""Whether a figure someone types is likely the one they meant, judged against the plan.

A figure that passes every rule may still be a slip: a rate typed as a fraction (0.58 for 58%),
a count with a digit too many.  Such a figure is recorded (it may be true), with a warning; a
rate typed as a fraction is asked about first when there is someone at a terminal to ask.
"""

# No `from __future__ import annotations`: NamedTuple would compile every annotation string at each start.

import datetime as dt
from typing import NamedTuple

from zibo_rectify.i18n import _
from zibo_rectify.model import Kind, Plan, Target

PATH_FACTOR = 2.0  # more than twice what the planned path expects on the day
GOAL_FACTOR = 1.5  # more than the goal by half


class Doubt(NamedTuple):
    code: str
    message: str
    ask: bool  # worth a question before recording, on a terminal


def doubts(plan: Plan, target: Target, value: float, day: dt.date) -> list[Doubt]:
    """What looks wrong about recording `value` for `target` on `day`; empty when nothing does."""
    found: list[Doubt] = []
    goal = target.goal
    top = max(goal) if isinstance(goal, tuple) else goal if isinstance(goal, int | float) else None
    if target.kind is Kind.RATE and 0 < value < 1 and (top is None or top >= 1):
        found.append(
            Doubt(
                "rate-as-fraction",
                _("{value} reads as {value}%; did you mean {percent}%?").format(
                    value=f"{value:g}", percent=f"{value * 100:g}"
                ),
                ask=True,
            )
        )
    if not target.kind.cumulative:
        return found
    planned = _planned(plan, target, day)
    if planned is not None and planned > 0 and value > PATH_FACTOR * planned:
        found.append(
            Doubt(
                "far-above-path",
                _("{value} is more than twice the planned figure for {date} ({planned})").format(
                    value=f"{value:g}", date=day, planned=f"{planned:.0f}"
                ),
                ask=False,
            )
        )
    elif top is not None and top > 0 and value > GOAL_FACTOR * top:
        found.append(
            Doubt(
                "far-above-goal",
                _("{value} is more than the goal ({goal}) by over half").format(
                    value=f"{value:g}", goal=f"{top:g}"
                ),
                ask=False,
            )
        )
    return found


def _planned(plan: Plan, target: Target, day: dt.date) -> float | None:
    """序时进度: where the planned path stands on `day`, as the status engine draws it."""
    from zibo_rectify.status import status_as_of

    status = status_as_of(plan, [], day)
    return next((t.planned for t in status.targets if t.target.id == target.id), None)
