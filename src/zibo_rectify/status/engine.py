"""Where each target stands on a given day: a pure function of (plan, entries, date).

The engine gathers each target's entries, asks the judge of its kind
(`judges`) for a state, and adds what every kind shares: not started before
its start, `no_data` in the first cadence period, flags from dates (stale,
late, at risk), milestones, owners, notes and parts.  Nothing here reads
files or prints.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from zibo_rectify.log import ProgressEntry, task_figure
from zibo_rectify.model import GoalOf, Kind, Part, Plan, Problem, Role, Target
from zibo_rectify.status import cadence, goals, judges, parts, word
from zibo_rectify.status.goals import Goal
from zibo_rectify.status.inforce import (
    figure_or_share,
    last_with_figure,
    points,
    said,
    value_on,
)
from zibo_rectify.status.problems import problem_statuses
from zibo_rectify.status.records import (
    FINISHED,
    DueItem,
    Flag,
    MilestoneStatus,
    PartStatus,
    PlanStatus,
    Point,
    State,
    TargetStatus,
)

DUE_SOON_DAYS = 30
LEAD_ROLES = (Role.LEAD, Role.CO_LEAD)  # `owner` is the first lead (牵头), else the first co-lead

IndicatorValue = Callable[[str], float | None]


def status_as_of(
    plan: Plan, entries: Iterable[ProgressEntry], as_of: dt.date, in_order: bool = False
) -> PlanStatus:
    """The plan's status on `as_of`; `in_order` says the entries come by (date, recorded)
    already, as a ledger counts them, so that a long log is not sorted twice."""
    by_target: dict[str, list[ProgressEntry]] = defaultdict(list)
    for entry in entries:
        if entry.date <= as_of:
            by_target[entry.target].append(entry)
    histories = by_target if in_order else {target: _by_date(found) for target, found in by_target.items()}
    baselines = {t.id: t.baseline for _p, t in plan.all_targets()}

    def indicator_value(target_id: str) -> float | None:
        found = value_on(points(histories.get(target_id, ())), as_of)
        return found if found is not None else baselines.get(target_id)

    statuses = [
        target_status(plan, problem, target, histories.get(target.id, []), as_of, indicator_value)
        for problem, target in plan.all_targets()
    ]
    return PlanStatus(plan, as_of, statuses, _due_soon(statuses, as_of), problem_statuses(plan, statuses))


def target_status(
    plan: Plan,
    problem: Problem | None,
    target: Target,
    history: list[ProgressEntry],
    day: dt.date,
    indicator_value: IndicatorValue | None = None,
) -> TargetStatus:
    """The status of one target on `day`, from its entries dated on or before that day."""
    start = plan.target_start(target)
    planned = (
        plan.target_due(target, problem) if target.kind is not Kind.INDICATOR else None
    )  # no goal to be late for
    due, original_due = due_in_force(planned, history)
    goal = goal_in_force(target, indicator_value)
    part_statuses = tuple(_part_status(plan, target, p, history, start, due, day) for p in target.parts)
    if part_statuses and parts.roll_up(target) == "sum":
        series = parts.summed([p.series for p in part_statuses])
    else:
        series = _series(target, history)
    judged = _judge(target, start, due, day, history, series, goal)
    state, verdict, milestones, last = judged
    if part_statuses and parts.roll_up(target) == "each" and state not in (None, State.NOT_STARTED):
        state = parts.each_state([p.state for p in part_statuses])
    owners = plan.owners_of(problem, target)
    lead = next((o for role in LEAD_ROLES for o in owners if o.role is role), None)
    note, hoped = said(history)
    flags = _date_flags(target, state, verdict, last, start, due, day, hoped) | verdict.flags
    if part_statuses:
        flags -= {Flag.NO_DATA} if any(p.last_entry for p in part_statuses) else set()
    done_on = verdict.done_on if state in FINISHED else None
    late_by = (done_on - due).days if done_on is not None and due is not None and done_on > due else None
    if late_by:
        flags.add(Flag.LATE)
    own_word = word.latest_verdict(history)
    figures_state = state
    state, differs = word.weighed(state, own_word.verdict if own_word else None)
    if differs:
        flags.add(Flag.VERDICT_DIFFERS)
    return TargetStatus(
        problem=problem,
        target=target,
        state=state,
        start=start,
        due=due,
        original_due=original_due,
        value=verdict.value if not part_statuses or parts.roll_up(target) == "sum" else None,
        planned=verdict.planned,
        milestones=milestones,
        forecast=verdict.forecast,
        at_risk=Flag.AT_RISK in flags,
        stale=Flag.STALE in flags,
        last_entry=last,
        need=verdict.need,
        owner=lead.name if lead else None,
        flags=frozenset(flags),
        days_overdue=(day - due).days if state is State.OVERDUE and due is not None else None,
        done_on=done_on,
        late_by_days=late_by,
        last_note=note.note if note else None,
        last_note_date=note.date if note else None,
        expected=hoped,
        owners=tuple(owners),
        parts=part_statuses,
        goal=goal,
        percent=verdict.percent,
        reconfirmed=verdict.reconfirmed,
        missed=verdict.missed,
        verdict=own_word.verdict if own_word else None,
        verdict_date=own_word.date if own_word else None,
        figures_state=figures_state,
        done_undated=done_on is not None and word.undated_on(history, done_on),
        series=tuple(series),
    )


def due_in_force(
    planned: dt.date | None, history: Sequence[ProgressEntry], whole: bool = True
) -> tuple[dt.date | None, dt.date | None]:
    """The due date in force, and the plan's own when an extension (延期) moved it: the latest
    extension in `history` (by date and recording, dated on or before the day), of the whole
    target unless `history` is one part's (`whole` False)."""
    for entry in reversed(history):
        if entry.kind == "extend" and entry.due is not None and not (whole and entry.part is not None):
            return entry.due, (planned if entry.due != planned else None)
    return planned, None


def goal_in_force(target: Target, indicator_value: IndicatorValue | None) -> Goal | None:
    """The goal as written, or for `goal: {of: ID}` that indicator's figure in force on the day."""
    if isinstance(target.goal, GoalOf):
        return indicator_value(target.goal.of) if indicator_value is not None else None
    return goals.written_goal(target)


def _series(target: Target, history: Sequence[ProgressEntry]) -> list[Point]:
    return points(history, task=target.kind is Kind.TASK)


def _judge(
    target: Target,
    start: dt.date,
    due: dt.date | None,
    day: dt.date,
    history: Sequence[ProgressEntry],
    series: Sequence[Point],
    goal: Goal | None,
) -> tuple[State | None, judges.Verdict, list[MilestoneStatus], ProgressEntry | None]:
    """The judge's verdict, after what every kind shares: not started, and no data in the first period."""
    last = last_with_figure(history, task_figure if target.kind is Kind.TASK else figure_or_share)
    before = judges.starting_figure(target)
    milestones = [_milestone(target, series, day, before, m.by, m.value) for m in target.milestones]
    case = judges.Case(target, start, due, day, history, series, goal, milestones, last, before)
    verdict = judges.judge_for(target, due, day)(case)
    state = verdict.state
    if state is not None and day < start:
        state = State.NOT_STARTED
    elif (
        state is not None
        and (target.kind is not Kind.TASK or judges.kept_up(target, due, day))  # a 长期坚持 task too
        and last is None
        and cadence.in_first_period(target, start, day)
    ):
        state = State.NO_DATA
    if state in (State.NOT_STARTED, State.NO_DATA):
        planned = None if state is State.NOT_STARTED else verdict.planned
        verdict = verdict._replace(planned=planned, forecast=None, at_risk=False, need=None)
    return state, verdict, milestones, last


def _date_flags(
    target: Target,
    state: State | None,
    verdict: judges.Verdict,
    last: ProgressEntry | None,
    start: dt.date,
    due: dt.date | None,
    day: dt.date,
    hoped: dt.date | None,
) -> set[Flag]:
    """`last` is the latest entry with a figure (or, on a cumulative target, a share)."""
    flags: set[Flag] = set()
    if day < start:
        return flags
    if last is None and target.kind is not Kind.TASK:
        flags.add(Flag.NO_DATA)
    # A task is done or not: it has no figure to go stale, unless it is kept up (长期坚持, 复核).
    figures = target.kind is not Kind.TASK or target.ongoing
    if figures and state is not State.DONE and cadence.is_stale(target, last.date if last else None, day):
        flags.add(Flag.STALE)
    late_now = state in FINISHED or state is State.OVERDUE  # at risk says what may yet go wrong
    if not late_now and due is not None and (verdict.at_risk or (hoped is not None and hoped > due)):
        flags.add(Flag.AT_RISK)
    return flags


def _milestone(
    target: Target, series: Sequence[Point], day: dt.date, before: float | None, by: dt.date, wanted: float
) -> MilestoneStatus:
    """A mark (by, wanted) held against the figure in force on its date, or on `day` while it is
    ahead; `before` is the figure before any entry (`judges.starting_figure`)."""
    then = value_on(series, min(by, day))
    value_then = then if then is not None else before
    if value_then is not None and goals.mark_met(value_then, target, wanted):
        reached: bool | None = True
    elif by < day:
        reached = False
    else:
        reached = None
    return MilestoneStatus(by, wanted, value_then, reached)


def _part_status(
    plan: Plan,
    target: Target,
    part: Part,
    history: Sequence[ProgressEntry],
    start: dt.date,
    due: dt.date | None,
    day: dt.date,
) -> PartStatus:
    as_target = parts.as_target(target, part, due)
    mine = parts.entries_of(part, history)
    part_due, original_due = due_in_force(plan.target_due(as_target), mine, whole=False)
    goal = goals.written_goal(as_target)
    series = _series(as_target, mine)
    state, verdict, _milestones, last = _judge(as_target, start, part_due, day, mine, series, goal)
    if goal is None and target.kind is not Kind.TASK:
        state = None
    flags = _date_flags(as_target, state, verdict, last, start, part_due, day, None) | verdict.flags
    done_on = verdict.done_on if state in FINISHED else None
    late_by = (done_on - part_due).days if done_on and part_due and done_on > part_due else None
    if late_by:
        flags.add(Flag.LATE)
    note, _expected = said(mine)
    own_word = word.latest_verdict(mine, whole=False)
    figures_state = state
    state, differs = word.weighed(
        state, own_word.verdict if own_word else None, unjudged=target.kind is not Kind.INDICATOR
    )
    if differs:
        flags.add(Flag.VERDICT_DIFFERS)
    return PartStatus(
        part=part,
        state=state,
        value=verdict.value,
        goal=goal,
        due=part_due,
        original_due=original_due,
        flags=frozenset(flags),
        days_overdue=(day - part_due).days if state is State.OVERDUE and part_due else None,
        done_on=done_on,
        late_by_days=late_by,
        last_entry=last,
        last_note=note.note if note else None,
        verdict=own_word.verdict if own_word else None,
        figures_state=figures_state,
        done_undated=done_on is not None and word.undated_on(mine, done_on),
        series=tuple(series),
    )


def _due_soon(statuses: list[TargetStatus], day: dt.date) -> list[DueItem]:
    horizon = day + dt.timedelta(days=DUE_SOON_DAYS)
    items = []
    for status in statuses:
        if status.state in FINISHED or not status.counted:
            continue
        target = status.target
        if status.due is not None and day < status.due <= horizon:
            goal = goals.floor(target, status.goal)
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
