"""How a figure is held against a goal: each comparison once, and the goal in force on a day."""

from __future__ import annotations

import math

from zibo_rectify.model import Comparison, GoalOf, Kind, Target

Goal = float | tuple[float, float]
DEFAULT_TOLERANCE = 0.05  # `about` without a tolerance: within 5% of the goal
CAPS = (Comparison.AT_MOST, Comparison.LESS_THAN)  # 控制在…以内, 低于: lower is better
OVERSHOOT = (Comparison.EXACTLY, Comparison.RANGE, Comparison.ABOUT)  # a cumulative figure can pass them


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def tolerance(target: Target, goal: float) -> float:
    return target.tolerance if target.tolerance is not None else abs(goal) * DEFAULT_TOLERANCE


def bounds(target: Target, goal: Goal) -> tuple[float, float]:
    """The lowest and highest figure that meet the goal (inclusive, to the float's precision)."""
    if isinstance(goal, tuple):
        return goal
    comparison = target.comparison
    if comparison is Comparison.ABOUT:
        spread = tolerance(target, goal)
        return goal - spread, goal + spread
    if comparison is Comparison.EXACTLY:
        return goal, goal
    if comparison in CAPS:
        return -math.inf, goal
    return goal, math.inf  # at least, more than, kept at (not below the level)


def meets(value: float, target: Target, goal: Goal | None) -> bool:
    """Whether a level satisfies the goal under its comparison: inside the goal's bounds."""
    if goal is None:
        return False
    low, high = bounds(target, goal)
    comparison = target.comparison
    if comparison is Comparison.MORE_THAN:
        return value > low and not _close(value, low)
    if comparison is Comparison.LESS_THAN:
        return value < high and not _close(value, high)
    return (value >= low or _close(value, low)) and (value <= high or _close(value, high))


def reached(value: float, target: Target, goal: Goal | None) -> bool:
    """Whether a cumulative figure has made its goal: an overshoot of an exact, range or about goal has."""
    if goal is None:
        return False
    if target.comparison in OVERSHOOT:
        low, _high = bounds(target, goal)
        return value >= low or _close(value, low)
    return meets(value, target, goal)


ABOVE = (Comparison.AT_LEAST, Comparison.MORE_THAN)  # passing these is 超额完成


def past_goal(value: float, target: Target, goal: Goal | None) -> bool:
    """Above the top of an exact, range or about goal, or above an at-least or more-than goal:
    超额完成 for the latter, 超出 (a deviation) for the former (DESIGN "One voice")."""
    if goal is None or target.comparison not in (*OVERSHOOT, *ABOVE):
        return False
    _low, high = bounds(target, goal) if target.comparison in OVERSHOOT else (goal, goal)
    return not isinstance(high, tuple) and value > high and not _close(value, high)


def exceeded(target: Target) -> bool:
    """Whether passing the goal is praise (超额完成) rather than a deviation (超出)."""
    return target.comparison in ABOVE


def mark_met(value: float, target: Target, wanted: float) -> bool:
    """Whether a figure makes a milestone: at or below it for a cap, at or above it otherwise."""
    if target.comparison in CAPS:
        return value <= wanted or _close(value, wanted)
    return value >= wanted or _close(value, wanted)


def floor(target: Target, goal: Goal | None) -> float | None:
    """The figure a path runs to: a range's low end, the goal itself otherwise."""
    if goal is None:
        return None
    return goal[0] if isinstance(goal, tuple) else goal


def is_cap(target: Target) -> bool:
    return target.comparison in CAPS


def written_goal(target: Target) -> Goal | None:
    """The goal as the plan writes it; None for tasks, indicators and goals that follow another figure."""
    goal = target.goal
    if goal is None or isinstance(goal, GoalOf) or target.kind in (Kind.TASK, Kind.INDICATOR):
        return None
    return goal


def satisfies(value: float, target: Target) -> bool:
    """Whether a figure makes the target's written goal: reached for a cumulative kind, met for a level.

    For checks outside a day's status (a sign-off, say); a goal `{of: ID}` needs
    the day's figure of that indicator, so only `status_as_of` judges it.
    """
    goal = written_goal(target)
    return reached(value, target, goal) if target.kind.cumulative else meets(value, target, goal)
