"""Where each target stands on a given day: a pure function of (plan, entries, date).

The rules are those of the design card: the value in force is the latest entry
dated on or before the day; cumulative targets and tasks move through
not_started, done, overdue, no_data, behind and on_track; rates, caps and
items kept up after their date (长期坚持) are met or not_met on the latest
figure.  Nothing here reads files or prints.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import NamedTuple

from zibo_rectify.model import Comparison, GoalOf, Kind, Plan, Problem, Role, Target
from zibo_rectify.progress import ProgressEntry

STALE_AFTER_DAYS = 90
DUE_SOON_DAYS = 30
DAYS_PER_MONTH = 365.25 / 12


class State(StrEnum):
    NOT_STARTED = "not_started"
    NO_DATA = "no_data"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    OVERDUE = "overdue"
    DONE = "done"
    MET = "met"
    NOT_MET = "not_met"


FINISHED = (State.DONE, State.MET)

# Records are NamedTuples: as immutable as frozen dataclasses, and several times
# cheaper to define, which every start of rectify pays.


class MilestoneStatus(NamedTuple):
    by: dt.date
    value: float
    value_then: float | None  # the value on its date, or on the day asked while it is ahead
    reached: bool | None  # None while its date is ahead and it is not met yet


class Need(NamedTuple):
    """What a target must gain from the day asked to make its next mark."""

    value: float
    by: dt.date
    per_month: float


class TargetStatus(NamedTuple):
    problem: Problem | None  # None for a plan-level target (主要目标)
    target: Target
    state: State
    start: dt.date
    due: dt.date | None
    value: float | None
    planned: float | None  # 序时进度: where the planned path stands on the day
    milestones: list[MilestoneStatus]
    forecast: dt.date | None
    at_risk: bool
    stale: bool
    last_entry: ProgressEntry | None
    need: Need | None
    owner: str | None


class DueItem(NamedTuple):
    on: dt.date
    target: str
    what: str  # "goal" or "milestone"
    value: float | None


class PlanStatus(NamedTuple):
    plan: Plan
    as_of: dt.date
    targets: list[TargetStatus]
    due_soon: list[DueItem]

    def only(self, keep: Callable[[TargetStatus], bool]) -> PlanStatus:
        """The same status narrowed to some targets (a problem, a state)."""
        targets = [t for t in self.targets if keep(t)]
        ids = {t.target.id for t in targets}
        return PlanStatus(self.plan, self.as_of, targets, [i for i in self.due_soon if i.target in ids])

    @property
    def counts(self) -> dict[State, int]:
        counted = Counter(t.state for t in self.targets)
        return {state: counted[state] for state in State}

    @property
    def completion(self) -> float:
        """完成率: targets done or met, over all targets."""
        if not self.targets:
            return 0.0
        return sum(t.state in FINISHED for t in self.targets) / len(self.targets)


def status_as_of(plan: Plan, entries: Iterable[ProgressEntry], as_of: dt.date) -> PlanStatus:
    by_target: dict[str, list[ProgressEntry]] = defaultdict(list)
    for entry in entries:
        if entry.date <= as_of and not entry.is_note:  # a note (进展情况) gives no figure
            by_target[entry.target].append(entry)
    statuses = []
    for problem, target in plan.all_targets():
        history = _by_date(by_target.get(target.id, ()))
        statuses.append(target_status(plan, problem, target, history, as_of))
    return PlanStatus(plan, as_of, statuses, _due_soon(statuses, as_of))


def meets(value: float, target: Target) -> bool:
    """Whether a figure satisfies the target's goal under its comparison."""
    goal = target.goal
    if goal is None or isinstance(goal, GoalOf):  # a goal that follows another figure: status 2
        return False
    if isinstance(goal, tuple):
        low, high = goal
        return value >= low if target.kind.cumulative else low <= value <= high
    if target.comparison is Comparison.AT_MOST:
        return value <= goal
    if target.comparison is Comparison.EXACTLY:
        return math.isclose(value, goal)
    return value >= goal  # at least; kept at: not below the level


def milestone_met(value: float, target: Target, wanted: float) -> bool:
    return value <= wanted if target.comparison is Comparison.AT_MOST else value >= wanted


def judged_on_level(plan: Plan, target: Target, day: dt.date) -> bool:
    """Rates, caps and targets past their date that are to be kept up: met or not_met."""
    if target.kind is Kind.RATE or target.comparison in (Comparison.AT_MOST, Comparison.KEPT_AT):
        return True
    due = plan.target_due(target)
    return target.ongoing and (due is None or day > due)


def target_status(
    plan: Plan, problem: Problem | None, target: Target, history: list[ProgressEntry], day: dt.date
) -> TargetStatus:
    """The status of one target on `day`, from its entries dated on or before that day."""
    start = plan.target_start(target)
    due = plan.target_due(target, problem)
    last = history[-1] if history else None
    value = _value(target, last)
    owners = plan.owners_of(problem, target)
    lead = next((o for o in owners if o.role is Role.LEAD), owners[0] if owners else None)
    milestones = [_milestone(target, history, m.by, m.value, day) for m in target.milestones]
    planned = _planned(plan, target, day)
    forecast: dt.date | None = None
    at_risk = False
    need: Need | None = None
    stale = False

    if judged_on_level(plan, target, day):
        if day < start:
            state = State.NOT_STARTED
        elif last is None:
            state = State.NO_DATA
        elif target.kind is Kind.TASK:
            state = State.MET if last.done else State.NOT_MET
        else:
            state = State.MET if value is not None and meets(value, target) else State.NOT_MET
        stale = last is not None and (day - last.date).days > STALE_AFTER_DAYS
        planned = None
    elif target.kind is Kind.TASK:
        if day < start:
            state = State.NOT_STARTED
        elif last is not None and last.done:
            state = State.DONE
        elif due is not None and day > due:
            state = State.OVERDUE
        else:
            state = State.ON_TRACK
    else:
        reached = value is not None and meets(value, target)
        if day < start:
            state = State.NOT_STARTED
        elif reached:
            state = State.DONE
        elif due is not None and day > due:
            state = State.OVERDUE
        elif last is None:
            state = State.NO_DATA
        elif planned is not None and value is not None and value < planned:
            state = State.BEHIND
        else:
            state = State.ON_TRACK
        if state not in (State.DONE, State.NOT_STARTED):
            forecast, at_risk = _forecast(plan, target, history, due)
            need = _need(target, value or 0.0, milestones, due, day)

    return TargetStatus(
        problem=problem,
        target=target,
        state=state,
        start=start,
        due=due,
        value=value,
        planned=planned,
        milestones=milestones,
        forecast=forecast,
        at_risk=at_risk,
        stale=stale,
        last_entry=last,
        need=need,
        owner=lead.name if lead else None,
    )


def _value(target: Target, last: ProgressEntry | None) -> float | None:
    if last is not None and last.value is not None:
        return float(last.value)
    if target.kind.cumulative:
        return target.baseline or 0.0
    return target.baseline


def _value_on(target: Target, history: list[ProgressEntry], day: dt.date) -> float | None:
    in_force = None
    for entry in history:
        if entry.date > day:
            break
        in_force = entry
    return _value(target, in_force)


def _milestone(
    target: Target, history: list[ProgressEntry], by: dt.date, wanted: float, day: dt.date
) -> MilestoneStatus:
    value_then = _value_on(target, history, min(by, day))
    if value_then is not None and milestone_met(value_then, target, wanted):
        reached: bool | None = True
    elif by < day:
        reached = False
    else:
        reached = None
    return MilestoneStatus(by, wanted, value_then, reached)


def _goal_floor(target: Target) -> float:
    goal = target.goal
    if isinstance(goal, tuple):
        return goal[0]
    if isinstance(goal, GoalOf):
        return 0.0
    return goal or 0.0


def _planned(plan: Plan, target: Target, day: dt.date) -> float | None:
    """序时进度: the planned path, piecewise linear from the baseline through each milestone to the goal."""
    due = plan.target_due(target)
    if not target.kind.cumulative or due is None:
        return None
    points = [(plan.target_start(target), target.baseline or 0.0)]
    points += [(m.by, m.value) for m in target.milestones]
    points.append((due, _goal_floor(target)))
    if day <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        if day <= d1:
            span = (d1 - d0).days
            return v1 if span <= 0 else v0 + (v1 - v0) * (day - d0).days / span
    return points[-1][1]


def _forecast(
    plan: Plan, target: Target, history: list[ProgressEntry], due: dt.date | None
) -> tuple[dt.date | None, bool]:
    """When the recorded trend reaches the goal, and whether that is after the due date."""
    figures = [(e.date, float(e.value)) for e in history if e.value is not None]
    if not figures:
        return None, False
    first_day, first_value = plan.target_start(target), target.baseline or 0.0
    last_day, last_value = figures[-1]
    days = (last_day - first_day).days
    rate = (last_value - first_value) / days if days > 0 else 0.0
    if rate <= 0:
        return None, due is not None
    remaining = _goal_floor(target) - last_value
    days_left = remaining / rate
    if days_left > (dt.date.max - last_day).days:  # a trend this slow never gets there
        return None, due is not None
    forecast = last_day + dt.timedelta(days=math.ceil(days_left))
    return forecast, due is not None and forecast > due


def _need(
    target: Target,
    value: float,
    milestones: list[MilestoneStatus],
    due: dt.date | None,
    day: dt.date,
) -> Need | None:
    marks = [(m.by, m.value) for m in milestones if m.by >= day and m.reached is not True]
    if due is not None and due >= day:
        marks.append((due, _goal_floor(target)))
    for by, wanted in sorted(marks):
        if wanted > value:
            months = max((by - day).days, 1) / DAYS_PER_MONTH
            return Need(wanted, by, (wanted - value) / months)
    return None


def _due_soon(statuses: list[TargetStatus], day: dt.date) -> list[DueItem]:
    horizon = day + dt.timedelta(days=DUE_SOON_DAYS)
    items = []
    for status in statuses:
        if status.state in FINISHED:
            continue
        target = status.target
        if status.due is not None and day < status.due <= horizon:
            goal = _goal_floor(target) if target.goal is not None else None
            items.append(DueItem(status.due, target.id, "goal", goal))
        for milestone in status.milestones:
            if day < milestone.by <= horizon and milestone.reached is not True:
                items.append(DueItem(milestone.by, target.id, "milestone", milestone.value))
    return sorted(items, key=lambda i: (i.on, i.target))


def _by_date(entries: Iterable[ProgressEntry]) -> list[ProgressEntry]:
    """Entries in sort_key order: by time recorded, then (stably) by date.

    Two stable sorts give the order of one by (date, recorded), at half the
    cost for a long log: most entries share their date with others, and a
    pair of (date, time) keys then costs two comparisons of aware times.
    """
    return sorted(sorted(entries, key=operator.attrgetter("recorded")), key=operator.attrgetter("date"))
