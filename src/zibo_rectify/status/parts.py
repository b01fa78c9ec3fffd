"""Breakdowns (任务分解): a target's parts, each judged on its own, and how they roll up into the target."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence

from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import NO_DEADLINE, Part, Target
from zibo_rectify.status.records import FINISHED, Point, State

# Under roll_up: each, the target takes the state of its parts, first that applies.
EACH_ORDER = (
    State.OVERDUE,
    State.NOT_MET,
    State.BEHIND,
    State.NO_DATA,
    State.ON_TRACK,
    State.NOT_STARTED,
)


def roll_up(target: Target) -> str:
    """sum for cumulative kinds, each otherwise, unless the plan says."""
    return target.roll_up or ("sum" if target.kind.cumulative else "each")


def as_target(target: Target, part: Part, due: dt.date | None) -> Target:
    """The part as a target of its own: its goal (under sum, only its own), its due, its owners."""
    goal = part.goal if part.goal is not None or roll_up(target) == "sum" else target.goal
    part_due = None if part.due == NO_DEADLINE else part.due or due
    return target.model_copy(
        update={
            "id": part.id,
            "name": part.name,
            "goal": goal,
            "due": NO_DEADLINE if part_due is None else part_due,
            "baseline": None if roll_up(target) == "sum" else target.baseline,
            "milestones": [],
            "parts": [],
            "owners": part.owners or target.owners,
        }
    )


def entries_of(part: Part, history: Sequence[ProgressEntry]) -> list[ProgressEntry]:
    """A part's entries: those naming it by id, name or alias."""
    names = {part.id, part.name, *part.aliases}
    return [e for e in history if e.part in names]


def summed(series: Sequence[Sequence[Point]]) -> list[Point]:
    """The sum of the parts' figures in force, at the end of each date any of them has a figure."""
    current = [0.0] * len(series)
    found: list[Point] = []
    merged = heapq.merge(*[[(p.date, i, p.value) for p in s] for i, s in enumerate(series)])
    for day, index, value in merged:
        current[index] = value
        total = sum(current)
        if found and found[-1].date == day:
            found[-1] = Point(day, total)
        else:
            found.append(Point(day, total))
    return found


def each_state(states: Sequence[State | None]) -> State:
    """Done or met when every part is; else the most pressing state among the parts."""
    counted = [s for s in states if s is not None]
    if counted and all(s in FINISHED for s in counted):
        return State.DONE if State.DONE in counted else State.MET
    for state in EACH_ORDER:
        if state in counted:
            return state
    return State.ON_TRACK
