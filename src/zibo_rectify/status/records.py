"""The records the status engine returns: states, flags, and a status per target, part, problem and plan."""

# No `from __future__ import annotations`: NamedTuple would compile every annotation string at each start.

import datetime as dt
from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Owner, Part, Plan, Problem, Target


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


class Flag(StrEnum):
    """What a state alone does not say (DESIGN "Status, version 2")."""

    NO_DATA = "no_data"  # nothing recorded yet, judged from the baseline
    STALE = "stale"  # no figure for longer than the cadence allows
    EXCEEDED = "exceeded"  # 超额完成: done past an at-least or more-than goal
    OVERSHOOT = "overshoot"  # 超出: done past an exact, range or about goal (a deviation, not praise)
    LATE = "late"  # 逾期完成: done after the due date
    AT_RISK = "at_risk"  # the forecast or the office's expected date is after due
    VERDICT_DIFFERS = "verdict_differs"  # the office's own verdict says better than the figures


# What `--state` may name: a state, or a flag that is not also a state.
FILTERS = tuple(s.value for s in State) + tuple(f.value for f in Flag if f.value not in set(State))


class Rollup(StrEnum):
    """整改情况 of a problem, from its targets."""

    RECTIFIED = "rectified"  # 已整改: every target done or met
    PARTLY = "partly"  # 部分整改: some are
    IN_PROGRESS = "in_progress"  # 正在整改: none yet
    OVERDUE = "overdue"  # any target overdue


# Records are NamedTuples: as immutable as frozen dataclasses, and several times
# cheaper to define, which every start of rectify pays.


class Point(NamedTuple):
    """The figure in force at the end of a date that has figures."""

    date: dt.date
    value: float


class MilestoneStatus(NamedTuple):
    by: dt.date
    value: float
    value_then: float | None  # the value on its date, or on the day asked while it is ahead
    reached: bool | None  # None while its date is ahead and it is not met yet


class Need(NamedTuple):
    """What a target must gain from the day asked to make its next mark."""

    value: float
    by: dt.date
    per_month: float | None  # None on the mark's own day: there is no month left to spread it over
    to_go: float


class PartStatus(NamedTuple):
    """A share of a target (任务分解) judged on its own entries."""

    part: Part
    state: State | None  # None: a part with no goal of its own under roll_up: sum
    value: float | None
    goal: float | tuple[float, float] | None
    due: dt.date | None
    flags: frozenset[Flag]
    days_overdue: int | None
    done_on: dt.date | None
    late_by_days: int | None
    last_entry: ProgressEntry | None
    last_note: str | None
    series: tuple[Point, ...] = ()  # the figures that count, at the end of each day that has one
    verdict: str | None = None  # the office's own latest word on its pace (ahead, on_track, slow, stalled)
    figures_state: State | None = None  # the state the figures alone give, before the verdict is weighed
    done_undated: bool = False  # done on or before done_on, the document giving no date
    original_due: dt.date | None = None  # the plan's due date, when an extension (延期) moved it


class TargetStatus(NamedTuple):
    problem: Problem | None  # None for a plan-level target (主要目标)
    target: Target
    state: State | None  # None for an indicator: a value and a history, no state
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
    owner: str | None  # the first lead (牵头); every owner is in `owners`
    flags: frozenset[Flag] = frozenset()
    days_overdue: int | None = None
    done_on: dt.date | None = None
    late_by_days: int | None = None
    last_note: str | None = None
    last_note_date: dt.date | None = None
    expected: dt.date | None = None  # the office's own expected completion date (预计…完成)
    owners: tuple[Owner, ...] = ()
    parts: tuple[PartStatus, ...] = ()
    goal: float | tuple[float, float] | None = None  # the goal in force: {of: ID} resolved on the day
    percent: float | None = None  # a task's share done (当前进度)
    reconfirmed: dt.date | None = None  # an ongoing item's latest 复核, when done more than once
    missed: tuple[dt.date, ...] = ()  # a repeated task's earlier occurrences (their period ends) not done
    series: tuple[Point, ...] = ()  # the figures that count (for parts, their sum), each day that has one
    verdict: str | None = None  # the office's own latest word on its pace (ahead, on_track, slow, stalled)
    verdict_date: dt.date | None = None
    figures_state: State | None = None  # the state the figures alone give, before the verdict is weighed
    done_undated: bool = False  # done on or before done_on, the document giving no date (已完成，未载明日期)
    original_due: dt.date | None = None  # the plan's due date, when an extension (延期) moved it

    def shows(self, word: str) -> bool:
        """Whether a `--state` filter keeps it: its state, or one of its flags."""
        return self.state == word or word in self.flags

    @property
    def counted(self) -> bool:
        """Whether it counts in completion and roll-ups: indicators do not."""
        return self.state is not None


class ProblemStatus(NamedTuple):
    problem: Problem
    rollup: Rollup
    targets: int  # counted targets (indicators left out)
    finished: int  # of them done or met


class DueItem(NamedTuple):
    on: dt.date
    target: str
    what: str  # "goal" or "milestone"
    value: float | None


class PlanStatus(NamedTuple):
    plan: Plan
    as_of: dt.date
    targets: list[TargetStatus]  # those shown: every target, or a filtered view's
    due_soon: list[DueItem]
    problems: list[ProblemStatus] = []
    every_target: list[TargetStatus] | None = None  # the whole plan's, when `targets` is a view

    def only(self, keep: Callable[[TargetStatus], bool]) -> "PlanStatus":
        """The same status narrowed to some targets (a problem, a state); the summary stays the plan's."""
        targets = [t for t in self.targets if keep(t)]
        ids = {t.target.id for t in targets}
        return self._replace(
            targets=targets,
            due_soon=[i for i in self.due_soon if i.target in ids],
            every_target=self.whole,
        )

    @property
    def whole(self) -> list[TargetStatus]:
        """Every target of the plan, whatever the view shows."""
        return self.targets if self.every_target is None else self.every_target

    @property
    def filtered(self) -> bool:
        return self.every_target is not None

    @property
    def counts(self) -> dict[State, int]:
        counted = Counter(t.state for t in self.whole)
        return {state: counted[state] for state in State}

    @property
    def unrecorded(self) -> int:
        """Targets with a state and nothing recorded yet, whatever their state (no_data only in the
        first period; judged from the baseline, behind or overdue, after it)."""
        return sum(1 for t in self.whole if t.counted and Flag.NO_DATA in t.flags)

    @property
    def completion(self) -> float:
        """完成率: targets done or met, over all targets that have a state (not indicators)."""
        counted = [t for t in self.whole if t.counted]
        if not counted:
            return 0.0
        return sum(t.state in FINISHED for t in counted) / len(counted)

    @property
    def problem_counts(self) -> dict[Rollup, int]:
        counted = Counter(p.rollup for p in self.problems)
        return {rollup: counted[rollup] for rollup in Rollup}
