"""A judge per kind of goal: each reads a target's figures on a day and gives its state.

`judge_for` picks the judge; every judge is a small function of one `Case`, so
each rule can be read in one place and tested alone.  What all kinds share
(not started, no data in the first period, flags from dates) is the engine's.
"""

# No `from __future__ import annotations`: NamedTuple would compile every annotation string at each start.

import datetime as dt
from collections.abc import Callable, Sequence
from typing import NamedTuple

from zibo_rectify.log import ProgressEntry, task_figure
from zibo_rectify.model import Comparison, Kind, Target
from zibo_rectify.status import cadence, goals, path
from zibo_rectify.status.goals import Goal
from zibo_rectify.status.inforce import DONE_PERCENT, points
from zibo_rectify.status.records import Flag, MilestoneStatus, Need, Point, State, TargetStatus


class Case(NamedTuple):
    """What a judge sees: one target (or part) on one day."""

    target: Target
    start: dt.date
    due: dt.date | None
    day: dt.date
    history: Sequence[ProgressEntry]  # its entries dated on or before the day, by (date, recorded)
    series: Sequence[Point]  # the figure in force at the end of each date that has one
    goal: Goal | None  # the goal in force: a goal that follows another figure, resolved
    milestones: Sequence[MilestoneStatus]
    last: ProgressEntry | None  # the latest with a figure, or a share of the goal (a task's: done)
    baseline: float | None  # the figure before any entry (`starting_figure`)

    @property
    def value(self) -> float | None:
        """The figure in force, else the baseline (a cap or a level with neither has none)."""
        return self.series[-1].value if self.series else self.baseline

    @property
    def past_due(self) -> bool:
        return self.due is not None and self.day > self.due


def starting_figure(target: Target) -> float | None:
    """The figure before any entry: its baseline; a cumulative count (not a cap) starts from 0."""
    if target.kind.cumulative and not goals.is_cap(target):
        return target.baseline or 0.0
    return target.baseline


class Verdict(NamedTuple):
    state: State | None
    value: float | None
    flags: frozenset[Flag] = frozenset()
    planned: float | None = None
    forecast: dt.date | None = None
    at_risk: bool = False
    need: Need | None = None
    done_on: dt.date | None = None
    percent: float | None = None
    reconfirmed: dt.date | None = None
    missed: tuple[dt.date, ...] = ()


Judge = Callable[[Case], Verdict]


def since(series: Sequence[Point], holds: Callable[[float], bool]) -> dt.date | None:
    """The first date of the last unbroken run of figures that hold, ending with the latest."""
    found = None
    for point in reversed(series):
        if not holds(point.value):
            break
        found = point.date
    return found


def cumulative(case: Case) -> Verdict:
    """count, amount, quantity: done when the goal is reached, else overdue past due, else on the path."""
    if case.last is not None and case.last.value is None:  # a latest word with no figure: a share?
        shares = points(case.history, task=True)
        if shares and (not case.series or shares[-1].date > case.series[-1].date):
            return share_on_path(case, shares)
    target, value, goal = case.target, case.value or 0.0, case.goal
    if goals.reached(value, target, goal):
        passed = goals.past_goal(value, target, goal)
        flags = frozenset({Flag.EXCEEDED if goals.exceeded(target) else Flag.OVERSHOOT} if passed else ())
        done_on = since(case.series, lambda v: goals.reached(v, target, goal)) or case.start
        return Verdict(State.DONE, value, flags, done_on=done_on)
    end = goals.floor(target, goal)
    planned = None
    if case.due is not None and end is not None:
        planned = path.planned(*_cumulative_path(target, case.start, case.due, end), case.day)
    if case.past_due:
        state = State.OVERDUE
    elif planned is not None and value < planned:
        state = State.BEHIND
    else:
        state = State.ON_TRACK
    when, at_risk = (None, False)
    if end is not None:
        when, at_risk = path.forecast((case.start, case.baseline or 0.0), case.series, end, case.due)
    needed = path.need(value, case.milestones, case.due, end, case.day)
    return Verdict(state, value, planned=planned, forecast=when, at_risk=at_risk, need=needed)


def share_on_path(case: Case, shares: Sequence[Point]) -> Verdict:
    """A cumulative target whose latest word is a share of its goal (88%), the figure itself unknown:
    done at 100%, overdue past due, else the share held against the planned path's share."""
    percent = shares[-1].value
    if percent >= DONE_PERCENT:
        return Verdict(State.DONE, None, done_on=since(shares, lambda v: v >= DONE_PERCENT), percent=percent)
    if case.past_due:
        return Verdict(State.OVERDUE, None, percent=percent)
    end = goals.floor(case.target, case.goal)
    planned = None
    if case.due is not None and end:
        planned = path.planned(*_cumulative_path(case.target, case.start, case.due, end), case.day)
    behind = planned is not None and end is not None and percent < planned / end * DONE_PERCENT
    return Verdict(State.BEHIND if behind else State.ON_TRACK, None, planned=planned, percent=percent)


def level(case: Case) -> Verdict:
    """Caps, kept_at and ongoing levels, and levels with no figure to reach by a date (a rate with no due,
    or one to hold exactly, in a range or about a figure): met or not_met on every figure."""
    value = case.value
    met = value is not None and goals.meets(value, case.target, case.goal)
    return Verdict(State.MET if met else State.NOT_MET, value)


def level_on_path(case: Case) -> Verdict:
    """A rate or change to reach (at least, more than) by a due date: on its path until then, met or not_met
    from then on.

    The path runs from the baseline through the milestones; with no baseline
    there is no path to be below, so it is on track until a milestone is missed.
    """
    value, target = case.value, case.target
    if value is not None and goals.meets(value, target, case.goal):
        return Verdict(State.MET, value)
    past = value is not None and case.goal is not None and value > goals.bounds(target, case.goal)[1]
    if case.due is None or case.day >= case.due or past:  # past a 左右 goal's top: not on the way to it
        return Verdict(State.NOT_MET, value)
    planned = None
    end = goals.floor(target, case.goal)
    if case.baseline is not None and end is not None:
        marks = [(m.by, m.value) for m in target.milestones]
        planned = path.planned((case.start, case.baseline), marks, (case.due, end), case.day)
    missed = any(m.reached is False for m in case.milestones)
    below = planned is not None and value is not None and value < planned
    return Verdict(State.BEHIND if missed or below else State.ON_TRACK, value, planned=planned)


def task(case: Case) -> Verdict:
    """A deliverable: done at 100%; overdue past due; with percent entries, on its path from 0 to 100."""
    percent = case.series[-1].value if case.series else None
    if percent is not None and percent >= DONE_PERCENT:
        return Verdict(
            State.DONE, None, done_on=since(case.series, lambda v: v >= DONE_PERCENT), percent=percent
        )
    if case.past_due:
        return Verdict(State.OVERDUE, None, percent=percent)
    if percent is None or case.due is None:
        return Verdict(State.ON_TRACK, None, percent=percent)
    planned = path.planned((case.start, 0.0), [], (case.due, DONE_PERCENT), case.day)
    when, at_risk = path.forecast((case.start, 0.0), case.series, DONE_PERCENT, case.due)
    state = State.BEHIND if planned is not None and percent < planned else State.ON_TRACK
    return Verdict(state, None, planned=planned, forecast=when, at_risk=at_risk, percent=percent)


def done_dates(history: Sequence[ProgressEntry]) -> list[dt.date]:
    return [e.date for e in history if task_figure(e) == DONE_PERCENT]


def kept_task(case: Case) -> Verdict:
    """An ongoing task after its date (or with none): met while done; each `done` again is a 复核."""
    percent = case.series[-1].value if case.series else None
    met = percent is not None and percent >= DONE_PERCENT
    dates = sorted(set(done_dates(case.history)))
    reconfirmed = dates[-1] if met and len(dates) > 1 else None
    first = dates[0] if met else None  # first done: after its due date, that is 逾期完成 (late)
    return Verdict(
        State.MET if met else State.NOT_MET, None, percent=percent, reconfirmed=reconfirmed, done_on=first
    )


def repeated_task(case: Case) -> Verdict:
    """A task that recurs (每年制定…): the state of the current occurrence; missed earlier ones stay."""
    repeat = case.target.repeat
    assert repeat is not None
    last_day = min(case.day, case.due) if case.due is not None else case.day
    done = done_dates(case.history)
    missed: list[dt.date] = []
    done_on = None
    periods = cadence.occurrences(repeat, case.start, last_day)
    for index, (first, last) in enumerate(periods):
        hits = [d for d in done if first <= d <= last]
        if index == len(periods) - 1:
            done_on = hits[0] if hits else None
        elif not hits:
            missed.append(last)
    if done_on is not None:
        state = State.DONE
    elif case.past_due:
        state = State.OVERDUE
    else:
        state = State.ON_TRACK
    return Verdict(state, None, done_on=done_on, missed=tuple(missed))


def indicator(case: Case) -> Verdict:
    """A figure tracked without a goal: a value, no state."""
    return Verdict(None, case.value)


def kept_up(target: Target, due: dt.date | None, day: dt.date) -> bool:
    """长期坚持: an ongoing item past its date, or throughout when it has none."""
    return target.ongoing and (due is None or day > due)


def judge_for(target: Target, due: dt.date | None, day: dt.date) -> Judge:
    """The judge of this kind of goal on this day."""
    kind = target.kind
    if kind is Kind.INDICATOR:
        return indicator
    if kind is Kind.TASK:
        if target.repeat is not None:
            return repeated_task
        return kept_task if kept_up(target, due, day) else task
    if goals.is_cap(target) or target.comparison is Comparison.KEPT_AT or kept_up(target, due, day):
        return level
    if kind in (Kind.RATE, Kind.CHANGE):
        # 左右 by a date is a figure to reach, like 不少于: on its path until then, not judged at once.
        reaching = target.comparison in (Comparison.AT_LEAST, Comparison.MORE_THAN, Comparison.ABOUT)
        return level_on_path if reaching and due is not None else level
    return cumulative


def planned_path(status: TargetStatus) -> list[path.Corner]:
    """The corners of the path a cumulative target's 序时进度 is read from (`cumulative` above):
    its baseline at the start, each milestone, the goal in force at the due date.  Empty for other
    kinds and for a target with no due date or no goal, for charts to draw."""
    target = status.target
    end = goals.floor(target, status.goal)
    if not target.kind.cumulative or status.due is None or end is None:
        return []
    return path.corners(*_cumulative_path(target, status.start, status.due, end))


def _cumulative_path(
    target: Target, start: dt.date, due: dt.date, end: float
) -> tuple[path.Corner, list[path.Corner], path.Corner]:
    """Start, marks and end of a cumulative target's planned path: from its baseline (0 when none)."""
    return (start, target.baseline or 0.0), [(m.by, m.value) for m in target.milestones], (due, end)
