"""The report model: every figure a ledger, a 通报 or an export shows, built once from the status engine.

Writers only walk what `build_report` returns; none of them judges a target
or counts anything.  A writer that needs a figure adds it here.

Every judgement is the status engine's (DESIGN.md "Status, version 2"):
states, flags, done and overdue dates, notes, owners, parts, the problem
roll-up and the planned path are read from it, never derived here.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from zibo_rectify.filters import categories_of, phase_of
from zibo_rectify.i18n import _
from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import GoalOf, Kind, Plan, Problem, Role, Target
from zibo_rectify.status import (
    Flag,
    PlanStatus,
    Rollup,
    State,
    TargetStatus,
    planned_path,
    rollup,
)
from zibo_rectify.workflow.changes import Changes, changes_between
from zibo_rectify.workflow.ledger import Ledger, Mark, status_on
from zibo_rectify.workflow.levels import Level, levels

# Where a target stands against 序时进度 (the planned pace), for "N项达到序时进度，N项未达到".
# States only: in status 2 no_data is a state in the first period alone (on neither side), and
# after it a flag on a target judged from its baseline, which then counts by its state.
ON_PATH = (State.ON_TRACK, State.NOT_STARTED)
OFF_PATH = (State.BEHIND, State.OVERDUE, State.NOT_MET)


class OwnerRow(NamedTuple):
    """An owner as the ledger names it: 牵头 or 配合 unit, or a person (责任人)."""

    name: str
    role: str  # a Role value: lead, supporting, leader, head, deputy, external (status 2 adds more)
    title: str | None


class MilestoneRow(NamedTuple):
    by: dt.date
    value: float
    value_then: float | None
    reached: bool | None  # None while its date is ahead and it is not met yet


class EntryRow(NamedTuple):
    """One log entry, with what later entries made of it."""

    plan: str
    line: int
    date: dt.date
    target: str
    part: str | None
    value: float | None
    percent: float | None
    done: bool | None
    kind: str | None  # None for figures and notes; signoff, reopen, review
    expected: dt.date | None
    correction: bool
    superseded: bool  # a later correction replaced this figure
    by: str | None
    note: str | None
    evidence: str | None
    recorded: dt.datetime
    mark: str | None = None  # workflow.ledger.Mark: counts, pending, rejected, withdrawn, step
    verdict: str | None = None  # a review's: accepted or rejected
    of_date: dt.date | None = None  # a review's or a withdrawal's: the date of the entry it acts on


class SignOffRow(NamedTuple):
    """A target's sign-off (销号) in force, or its reopening (问题反弹, 回头看) when that came last."""

    signed_off: bool
    on: dt.date
    by: str | None
    evidence: str | None
    reason: str | None  # a reopening's


class PartRow(NamedTuple):
    """A part of a target (任务分解): its own value, goal and state (status 2)."""

    id: str
    name: str
    value: float | None
    goal: float | None
    state: str | None
    owners: tuple[str, ...] = ()  # the units that own the part (its 责任单位), else the target's
    due: dt.date | None = None
    verdict: str | None = None  # the office's own word on the part's pace
    figures_state: str | None = None  # the state its figures alone give
    done_undated: bool = False


class NeedRow(NamedTuple):
    value: float
    by: dt.date
    per_month: float | None  # None on the due day itself (status v2)


class TargetRow(NamedTuple):
    """One row of the ledger (整改台账) and of the exports."""

    number: str  # 序号
    plan: str
    problem: str
    problem_title: str
    measure: str | None  # 整改措施, the measure's text as written
    id: str
    name: str
    kind: str
    unit: str | None
    goal: float | None  # the goal, or a range's low end
    goal_high: float | None  # a range's high end
    goal_of: str | None  # a goal that is another figure of the plan: that indicator's id
    comparison: str | None
    start: dt.date
    due: dt.date | None
    state: str | None  # None for an indicator: a value, no state
    value: float | None
    done: bool | None  # tasks: marked done
    planned: float | None
    milestones: list[MilestoneRow]
    forecast: dt.date | None
    at_risk: bool
    stale: bool
    need: NeedRow | None
    last_entry: dt.date | None
    owners: list[OwnerRow]
    owner: str | None  # the first lead
    flags: list[str]
    done_on: dt.date | None
    late_by_days: int | None
    days_overdue: int | None
    last_note: str | None
    expected: dt.date | None
    evidence: list[str]
    parts: list[PartRow]
    history: list[EntryRow]
    path: list[tuple[dt.date, float]]  # the planned path's corners, for charts; empty when none
    warning: str | None = None  # 预警: blue, yellow or red (workflow.levels); None without one
    warning_reason: str | None = None
    signoff: SignOffRow | None = None  # the latest sign-off or reopening; None when neither
    pending: tuple[EntryRow, ...] = ()  # figures awaiting review (待审核), oldest first
    category: str | None = None  # 类别: the target's labels (else its problem's), joined
    phase: str | None = None  # 阶段: the name of its phase (else its problem's)
    verdict: str | None = None  # the office's own latest word on its pace (推进缓慢 …)
    figures_state: str | None = None  # the state its figures alone give, before the verdict
    done_undated: bool = False  # done on or before done_on, the document giving no date
    original_due: dt.date | None = None  # the plan's due date, when an extension (延期) moved it

    @property
    def signed_off(self) -> SignOffRow | None:
        return self.signoff if self.signoff is not None and self.signoff.signed_off else None

    @property
    def recorded(self) -> list[tuple[dt.date, float]]:
        """The figure in force after each entry that gave one, in order, for charts."""
        return [(e.date, float(e.value)) for e in self.history if e.value is not None and e.part is None]

    @property
    def leads(self) -> list[str]:
        return [o.name for o in self.owners if o.role in (Role.LEAD.value, "co_lead")]

    @property
    def supporting(self) -> list[str]:
        return [o.name for o in self.owners if o.role == Role.SUPPORTING.value]

    @property
    def persons(self) -> list[OwnerRow]:
        """责任人: the people named, not the units."""
        return [o for o in self.owners if o.role not in (Role.LEAD.value, "co_lead", Role.SUPPORTING.value)]

    @property
    def missed(self) -> list[MilestoneRow]:
        return [m for m in self.milestones if m.reached is False]


class ProblemRow(NamedTuple):
    number: str
    id: str
    title: str
    rollup: str  # 整改情况: rectified, partly, in_progress, overdue
    targets: list[TargetRow]


class DueRow(NamedTuple):
    on: dt.date
    target: str
    name: str
    what: str  # goal or milestone
    value: float | None


class Summary(NamedTuple):
    """The counts the 通报's sentences are made of."""

    problems: int
    problem_counts: dict[str, int]  # per roll-up
    targets: int
    counts: dict[str, int]  # per state, every state present
    completion: float  # 完成率: targets done or met over all targets, as `status --json`
    finished: int  # done or met
    on_path: int  # 达到序时进度, not finished yet
    off_path: int  # 未达到序时进度: behind, overdue, not met
    no_data: int  # nothing recorded yet: the flag, in the first period (state no_data) or after it
    late_done: int  # 逾期完成
    overdue_days_max: int | None
    signed_off: int = 0  # 已销号
    warnings: dict[str, int] = {}  # per level: red, yellow, blue
    pending: int = 0  # targets with a figure awaiting review (待审核)


class ChangeRow(NamedTuple):
    """One thing that happened to a target in the span of "since the last report" (本期变化)."""

    kind: str  # one of CHANGE_KINDS
    target: str
    number: str  # 序号
    name: str
    unit: str | None
    date: dt.date | None = None  # an entry's or a milestone's; None for a state or level that moved
    before: str | None = None  # a state id or a warning level (none, blue...) on the span's first day
    after: str | None = None  # ... and on its last
    entry: EntryRow | None = None  # the figure or note recorded, or the workflow step
    acted_on: EntryRow | None = None  # the figure a review sent back, the entry a withdrawal withdrew
    value: float | None = None  # a milestone's value (None for the goal's due date)
    reached: bool | None = None  # a milestone or due date: met on its day
    value_then: float | None = None  # the figure in force on that day


# The kinds of change, in the order the section lists them.
CHANGE_KINDS = (
    "entry",
    "state",
    "warning",
    "milestone",
    "goal",
    "signoff",
    "reopen",
    "rejection",
    "withdrawal",
)


class SinceReport(NamedTuple):
    """What changed in (since, as_of], from `workflow.changes.changes_between`, never judged here."""

    since: dt.date
    as_of: dt.date
    changes: list[ChangeRow]

    def of(self, target: str) -> list[ChangeRow]:
        return [c for c in self.changes if c.target == target]


class PlanReport(NamedTuple):
    plan: str
    title: str
    issuer: str | None
    as_of: dt.date
    commit: str | None  # of the plans repository, when there is one
    summary: Summary
    problems: list[ProblemRow]
    missed: list[tuple[TargetRow, MilestoneRow]]
    due_soon: list[DueRow]
    stale: list[TargetRow]  # no figure for longer than its cadence
    entries: list[EntryRow]
    last_entry: dt.date | None
    shown: int  # targets in this report (fewer than the plan's under --owner)
    since: SinceReport | None = None  # --since: what changed since the last report
    addressees: tuple[str, ...] = ()  # 主送, as the document names them
    document_type: str = "zhenggai"  # document.type: the nouns of the report (report.nouns)
    document_number: str | None = None  # 文号 of the document the plan encodes
    # What it rests on: the latest of its entries' times of recording and its commit's time, so
    # that --known-at of that time reads the same entries and the same commit.
    known_at: dt.datetime | None = None

    @property
    def targets(self) -> list[TargetRow]:
        return [t for p in self.problems for t in p.targets]


class UnitRow(NamedTuple):
    """One lead unit across every plan of the report."""

    unit: str
    plans: int
    targets: int
    done: int
    behind: int
    overdue: int
    completion: float


class PlanLine(NamedTuple):
    """One plan in the first section of a many-plan report."""

    plan: str
    title: str
    targets: int
    done: int
    behind: int
    overdue: int
    completion: float
    last_entry: dt.date | None


class Report(NamedTuple):
    as_of: dt.date
    language: str  # zh or en
    owner: str | None  # --owner: only this unit's targets
    plans: list[PlanReport]
    overview: list[PlanLine]
    units: list[UnitRow]
    since: dt.date | None = None  # --since: each plan carries its section "since the last report"

    @property
    def basis(self) -> tuple[dt.datetime | None, str | None]:
        """What the report rests on: the time its plans' knowledge runs to, and the plans'
        commit; `report --known-at` of that time makes the same report again."""
        times = [p.known_at for p in self.plans if p.known_at is not None]
        commits = [p.commit for p in self.plans if p.commit]
        return max(times, default=None), commits[0] if commits else None


class PlanInput(NamedTuple):
    """What the builder reads: a plan, its entries with their line numbers, the repository's commit."""

    plan: Plan
    entries: Sequence[ProgressEntry]
    lines: Sequence[int]
    commit: str | None
    committed: dt.datetime | None = None  # the commit's time


class Workflow(NamedTuple):
    """The workflow's facts of a day: which entries count, sign-offs, pending figures, warning levels."""

    ledger: Ledger
    levels: dict[str, tuple[Level, str]]


def build_report(
    inputs: Iterable[PlanInput],
    as_of: dt.date,
    language: str,
    owner: str | None = None,
    since: dt.date | None = None,
    history: bool = True,
) -> Report:
    """The report of each plan as its input comes, so only one plan's log is held at a time;
    without `history` no row keeps its entries (for a format that shows none of them)."""
    plans = [plan_report(i, as_of, owner, since, history) for i in inputs]
    return Report(as_of, language, owner, plans, [plan_line(p) for p in plans], unit_rows(plans), since)


def overview(statuses: Iterable[PlanStatus]) -> tuple[list[PlanLine], list[UnitRow]]:
    """The first section over many plans (a row per plan, then per lead unit), from statuses."""
    plans = [report_of_status(s, [], None) for s in statuses]
    return [plan_line(p) for p in plans], unit_rows(plans)


def plan_report(
    source: PlanInput,
    as_of: dt.date,
    owner: str | None = None,
    since: dt.date | None = None,
    history: bool = True,
) -> PlanReport:
    """A plan's report, judged as `status` judges it: on the entries that count that day (a
    withdrawn or rejected figure never does, a pending one not yet)."""
    report = _judged_report(source, as_of, owner, since, history)
    latest = max((e.recorded for e in source.entries), default=None)
    return report._replace(known_at=max((t for t in (latest, source.committed) if t), default=None))


def _judged_report(
    source: PlanInput, as_of: dt.date, owner: str | None, since: dt.date | None, history: bool
) -> PlanReport:
    plan = source.plan
    ledger, status = status_on(plan, source.entries, as_of)
    workflow = Workflow(ledger, levels(plan, ledger, status))
    if not history and since is None and not ledger.pending and not ledger.duplicates:
        # Of the entries, such a report shows only each target's evidence: no row is made.
        evidence = evidence_of(source.entries, as_of)
        return report_of_status(status, [], source.commit, owner, workflow, evidence=evidence)
    rows = entry_rows(plan.id, source.entries, source.lines, ledger)
    report = report_of_status(status, rows.rows, source.commit, owner, workflow, rows)
    if since is None:
        return report if history else _without_history(report)
    shown = {t.id: t for t in report.targets}
    changes = changes_between(plan, source.entries, since, as_of, now=(ledger, status))
    return report._replace(since=since_report(changes, shown, rows))


def _without_history(report: PlanReport) -> PlanReport:
    """The report with no entry rows: a thousand plans' reports do not hold every log."""
    bare = {id(t): t._replace(history=[]) for t in report.targets}

    def row(t: TargetRow) -> TargetRow:
        return bare.get(id(t)) or t._replace(history=[])

    return report._replace(
        problems=[p._replace(targets=[row(t) for t in p.targets]) for p in report.problems],
        missed=[(row(t), m) for t, m in report.missed],
        stale=[row(t) for t in report.stale],
        entries=[],
    )


def report_of_status(
    status: PlanStatus,
    history: list[EntryRow],
    commit: str | None,
    owner: str | None = None,
    workflow: Workflow | None = None,
    rows_of: EntryRows | None = None,
    evidence: dict[str, list[str]] | None = None,
) -> PlanReport:
    """A plan's report from its status and its entries (all of them; those after the day asked
    are left out here), with the workflow's facts of the day when there are any; given
    `evidence` (`evidence_of`), each target's evidence is that, not its entry rows'."""
    plan, as_of = status.plan, status.as_of
    by_target: dict[str, list[EntryRow]] = {}
    for entry in history:
        if entry.date <= as_of:
            by_target.setdefault(entry.target, []).append(entry)
    rows: dict[str, TargetRow] = {}
    for t in status.targets:
        history_of = by_target.get(t.target.id, [])
        found = evidence.get(t.target.id, []) if evidence is not None else None
        row = target_row(plan, status, t, history_of, found)
        if workflow is not None:
            row = with_workflow(row, workflow, rows_of or EntryRows([], {}))
        rows[t.target.id] = row
    problems = []
    groups: list[tuple[str, str, str, list[Target]]] = []
    if plan.targets:  # plan-level targets (主要目标) come first, as a group of their own
        groups.append(("", "", _("Main targets"), list(plan.targets)))
    for p_index, problem in enumerate(plan.problems, 1):
        groups.append((problem_number(problem, p_index), problem.id, problem.title, problem.targets))
    judged = {t.target.id: t for t in status.targets}
    rolled = {p.problem.id: p.rollup for p in status.problems}
    for number, problem_id, title, members in groups:
        targets = [rows[t.id] for t in members if t.id in rows]
        if owner is not None:
            targets = [t for t in targets if _owned_by(t, owner)]
        if owner is None and problem_id in rolled:
            problem_rollup = rolled[problem_id]
        else:  # a unit's share of a problem, or the plan's own targets: the engine's rule on those shown
            problem_rollup = rollup([judged[t.id] for t in targets])
        if targets or (owner is None and problem_id):
            problems.append(ProblemRow(number, problem_id, title, problem_rollup.value, targets))
    shown = [t for p in problems for t in p.targets]
    ids = {t.id for t in shown}
    names = {t.id: t.name for t in shown}
    due_soon = [
        DueRow(i.on, i.target, names[i.target], i.what, i.value) for i in status.due_soon if i.target in ids
    ]
    dated = [t.last_entry for t in shown if t.last_entry is not None]
    return PlanReport(
        plan=plan.id,
        title=plan.title,
        issuer=plan.issuer,
        as_of=as_of,
        commit=commit,
        summary=summarize(problems, None if owner is not None or status.filtered else status.problem_counts),
        problems=problems,
        missed=[(t, m) for t in shown for m in t.missed],
        due_soon=due_soon,
        stale=[t for t in shown if "stale" in t.flags],
        entries=[e for e in history if e.target in ids and e.date <= as_of],
        last_entry=max(dated) if dated else None,
        shown=len(shown),
        addressees=tuple(plan.document.addressees) if plan.document else (),
        document_type=document_type(plan),
        document_number=plan.document.number if plan.document else None,
    )


def document_type(plan: Plan) -> str:
    """document.type, else from the title (民生 a minsheng table, 督办 or 督查 a duban list); 整改 for
    format 1, whose plans are all 整改方案."""
    if plan.document is not None and plan.document.type is not None:
        return plan.document.type
    if plan.schema_version == 2 and "民生" in plan.title:
        return "minsheng"
    if plan.schema_version == 2 and ("督办" in plan.title or "督查" in plan.title):
        return "duban"
    return "zhenggai"


def with_workflow(row: TargetRow, workflow: Workflow, rows_of: EntryRows) -> TargetRow:
    """The target's warning level, its sign-off or reopening, and its figures awaiting review."""
    level, reason = workflow.levels.get(row.id, (Level.NONE, ""))
    step = workflow.ledger.signoffs.get(row.id)
    return row._replace(
        warning=level.label if level is not Level.NONE else None,
        warning_reason=reason or None,
        signoff=None
        if step is None
        else SignOffRow(
            step.signed_off, step.on, step.by, step.entry.evidence, None if step.signed_off else step.note
        ),
        pending=tuple(r for r in map(rows_of.of, workflow.ledger.pending.get(row.id, [])) if r is not None),
    )


def since_report(changes: Changes, shown: dict[str, TargetRow], rows_of: EntryRows) -> SinceReport:
    """The span's changes of the targets shown, as rows the writers list: the changes are
    `changes_between`'s, only named and put in order here."""
    by_ref = {(r.target, r.part, r.date, r.recorded): r for r in rows_of.rows}
    found: list[ChangeRow] = []

    def add(kind: str, target: str, **fields: Any) -> None:
        t = shown.get(target)
        if t is not None:  # else another unit's target, under --owner
            found.append(ChangeRow(kind, target, t.number, t.name, t.unit, **fields))

    def step(kind: str, entry: ProgressEntry) -> None:
        acted = None
        if entry.of_date is not None and entry.of_recorded is not None:
            acted = by_ref.get((entry.target, entry.part, entry.of_date, entry.of_recorded))
        add(kind, entry.target, date=entry.date, entry=rows_of.of(entry), acted_on=acted)

    for entry in changes.entries:
        add("entry", entry.target, date=entry.date, entry=rows_of.of(entry))
    for moved in changes.states:
        add("state", moved.target, before=moved.before, after=moved.after)
    for moved in changes.levels:
        add("warning", moved.target, before=moved.before, after=moved.after)
    place = {target: i for i, target in enumerate(shown)}  # in plan order within a day
    for m in sorted(changes.milestones, key=lambda m: (m.by, place.get(m.target, -1))):
        add(m.what, m.target, date=m.by, value=m.value, reached=m.reached, value_then=m.value_then)
    for kind, entries in (
        ("signoff", changes.signoffs),
        ("reopen", changes.reopenings),
        ("rejection", changes.rejections),
        ("withdrawal", changes.withdrawals),
    ):
        for entry in entries:
            step(kind, entry)
    return SinceReport(changes.since, changes.as_of, found)


def _owned_by(row: TargetRow, unit: str) -> bool:
    """Whether the unit owns the target, or a part of it."""
    return any(o.name == unit for o in row.owners) or any(unit in p.owners for p in row.parts)


def target_row(
    plan: Plan,
    status: PlanStatus,
    t: TargetStatus,
    history: list[EntryRow],
    evidence: list[str] | None = None,
) -> TargetRow:
    """The target's row; its evidence is its history's, unless given."""
    target = t.target
    goal = target.goal
    return TargetRow(
        number=item_number(plan, t),
        plan=plan.id,
        problem=t.problem.id if t.problem else "",
        problem_title=t.problem.title if t.problem else "",
        measure=_measure_text(t.problem, target),
        id=target.id,
        name=target.name,
        kind=target.kind.value,
        unit=target.unit,
        goal=goal[0] if isinstance(goal, tuple) else None if isinstance(goal, GoalOf) else goal,
        goal_high=goal[1] if isinstance(goal, tuple) else None,
        goal_of=goal.of if isinstance(goal, GoalOf) else None,
        comparison=None if target.kind is Kind.TASK else target.comparison.value,
        start=t.start,
        due=t.due,
        original_due=t.original_due,
        state=t.state.value if t.state else None,
        value=t.value,
        done=bool(t.last_entry and t.last_entry.done) if target.kind is Kind.TASK else None,
        planned=t.planned,
        milestones=[MilestoneRow(m.by, m.value, m.value_then, m.reached) for m in t.milestones],
        forecast=t.forecast,
        at_risk=t.at_risk,
        stale=t.stale,
        need=NeedRow(t.need.value, t.need.by, t.need.per_month) if t.need else None,
        last_entry=t.last_entry.date if t.last_entry else None,
        owners=[OwnerRow(o.name, o.role.value, o.title) for o in t.owners],
        owner=t.owner,
        flags=[f.value for f in Flag if f in t.flags],
        done_on=t.done_on,
        late_by_days=t.late_by_days,
        days_overdue=t.days_overdue,
        last_note=t.last_note,
        expected=t.expected,
        evidence=evidence if evidence is not None else [e.evidence for e in history if e.evidence],
        parts=part_rows(t),
        history=history,
        path=planned_path(t),
        category="、".join(categories_of(t.problem, target)) or None,
        phase=phase.name if (phase := phase_of(plan, t.problem, target)) else None,
        verdict=t.verdict,
        figures_state=t.figures_state.value if t.figures_state else None,
        done_undated=t.done_undated,
    )


def _measure_text(problem: Problem | None, target: Target) -> str | None:
    if problem is None:
        return None
    measure = next((m for m in problem.measures if m.number == target.measure), None)
    return measure.text if measure else None


def problem_number(problem: Problem, index: int) -> str:
    """序号 of a problem: the document's own (`number`, plan format 2), else its place in the plan."""
    return problem.number or str(index)


def item_number(plan: Plan, t: TargetStatus) -> str:
    """序号 of a target: the document's own (`number`, plan format 2), else problem.place (a
    plan-level target: its place among them)."""
    if t.target.number:
        return t.target.number
    if t.problem is None:
        return str(next(i for i, x in enumerate(plan.targets, 1) if x is t.target))
    p_index = next(i for i, p in enumerate(plan.problems, 1) if p is t.problem)
    t_index = next(i for i, x in enumerate(t.problem.targets, 1) if x is t.target)
    problem = problem_number(t.problem, p_index)
    numbered = [x.number for x in t.problem.targets if x.number]
    if numbered and not any(n.startswith(problem) for n in numbered):
        return str(t_index)  # siblings numbered "1" under "(一)": this one goes on as "2", not "(一)2"
    return f"{problem}{t_index}" if problem.endswith((")", "）")) else f"{problem}.{t_index}"


def part_rows(t: TargetStatus) -> list[PartRow]:
    """Each part of the target (任务分解) as the engine judged it on its own entries."""
    return [
        PartRow(
            p.part.id,
            p.part.name,
            p.value,
            p.goal if not isinstance(p.goal, tuple) else p.goal[0],
            p.state.value if p.state else None,
            owners=tuple(o.name for o in p.part.owners or t.owners if o.role in (Role.LEAD, Role.CO_LEAD)),
            due=p.due,
            verdict=p.verdict,
            figures_state=p.figures_state.value if p.figures_state else None,
            done_undated=p.done_undated,
        )
        for p in t.parts
    ]


def summarize(problems: list[ProblemRow], problem_counts: dict[Rollup, int] | None = None) -> Summary:
    """The counts of the rows shown; `problem_counts` is the engine's (`PlanStatus.problem_counts`)
    for a whole plan, and None for a view of some targets (one unit's), whose problems are counted
    as shown."""
    targets = [t for p in problems for t in p.targets]
    counted = Counter(t.state for t in targets)
    counts = {s.value: counted[s.value] for s in State}
    problems = [p for p in problems if p.id]  # plan-level targets are not a problem (问题)
    if problem_counts is None:
        shown = Counter(p.rollup for p in problems)
        problem_counts = {r: shown[r.value] for r in Rollup}
    finished = counts[State.DONE.value] + counts[State.MET.value]
    overdue_days = [t.days_overdue for t in targets if t.days_overdue is not None]
    warned = Counter(t.warning for t in targets)
    return Summary(
        problems=len(problems),
        problem_counts={r.value: problem_counts[r] for r in Rollup},
        targets=len(targets),
        counts=counts,
        completion=finished / len(targets) if targets else 0.0,
        finished=finished,
        on_path=sum(counts[s.value] for s in ON_PATH),
        off_path=sum(counts[s.value] for s in OFF_PATH),
        no_data=sum(1 for t in targets if Flag.NO_DATA.value in t.flags),
        late_done=sum(1 for t in targets if t.late_by_days),
        overdue_days_max=max(overdue_days) if overdue_days else None,
        signed_off=sum(1 for t in targets if t.signed_off is not None),
        warnings={level.label: warned[level.label] for level in sorted(Level, reverse=True) if level},
        pending=sum(1 for t in targets if t.pending),
    )


class EntryRows(NamedTuple):
    """Every entry's row in date order, and where each entry (by identity) has its row."""

    rows: list[EntryRow]
    at: dict[int, int]  # id(entry) -> index in rows; an exact duplicate points at the first's row

    def of(self, entry: ProgressEntry) -> EntryRow | None:
        index = self.at.get(id(entry))
        return self.rows[index] if index is not None else None


def entry_rows(
    plan_id: str, entries: Sequence[ProgressEntry], lines: Sequence[int], ledger: Ledger
) -> EntryRows:
    """Each entry's row, in date order, a figure followed by a correction marked superseded, with
    the ledger's mark (counts, pending, rejected, withdrawn, step).  An exact duplicate (a union
    merge can leave one) is one row, at its first line.  Entries are found by identity, since
    hashing every entry is much of a long log's time; equality is asked only when the ledger
    found duplicates."""
    ordered = sorted(zip(entries, lines, strict=True), key=lambda pair: pair[0].sort_key)
    rows: list[EntryRow] = []
    at: dict[int, int] = {}
    first: dict[ProgressEntry, int] | None = {} if ledger.duplicates else None
    plain = not (ledger.withdrawn or ledger.rejected or ledger.pending_refs)
    last_figure: dict[str, int] = {}  # target/part -> index in rows of its latest figure
    for entry, line in ordered:
        if first is not None:
            seen = first.setdefault(entry, len(rows))
            if seen != len(rows):
                at[id(entry)] = seen
                continue
        key = f"{entry.target}/{entry.part or ''}"
        if entry.correction and key in last_figure:
            rows[last_figure[key]] = rows[last_figure[key]]._replace(superseded=True)
        if plain:  # nothing withdrawn, rejected or pending: every figure counts
            mark = Mark.STEP if entry.kind is not None else Mark.COUNTS
        else:
            mark = ledger.mark(entry)
        if entry.value is not None:
            last_figure[key] = len(rows)
        at[id(entry)] = len(rows)
        rows.append(
            EntryRow(
                plan=plan_id,
                line=line,
                date=entry.date,
                target=entry.target,
                part=entry.part,
                value=entry.value,
                percent=entry.percent,
                done=entry.done,
                kind=entry.kind,
                expected=entry.expected,
                correction=entry.correction,
                superseded=False,
                by=entry.by,
                note=entry.note,
                evidence=entry.evidence,
                recorded=entry.recorded,
                mark=mark.value,
                verdict=entry.verdict,
                of_date=entry.of_date,
            )
        )
    return EntryRows(rows, at)


def evidence_of(entries: Iterable[ProgressEntry], as_of: dt.date) -> dict[str, list[str]]:
    """Each target's evidence on `as_of` as its entry rows give it (`entry_rows`, then
    `report_of_status`): in date order, stably, so the same as sorting every entry would give.
    For a log without exact duplicates, which entry rows would show once."""
    with_evidence = sorted(
        (e for e in entries if e.evidence and e.date <= as_of), key=operator.attrgetter("sort_key")
    )
    found: dict[str, list[str]] = {}
    for entry in with_evidence:
        found.setdefault(entry.target, []).append(entry.evidence)  # type: ignore[arg-type]
    return found


def plan_line(p: PlanReport) -> PlanLine:
    c = p.summary.counts
    return PlanLine(
        p.plan,
        p.title,
        p.summary.targets,
        p.summary.finished,
        c[State.BEHIND.value] + c[State.NOT_MET.value],
        c[State.OVERDUE.value],
        p.summary.completion,
        p.last_entry,
    )


def unit_rows(plans: list[PlanReport]) -> list[UnitRow]:
    """One row per lead unit across plans, in the order units first appear (offices keep
    their own order of units, not the alphabet's)."""
    found: dict[str, list[tuple[str, TargetRow]]] = {}
    for p in plans:
        for t in p.targets:
            for unit in t.leads or ([t.owner] if t.owner else []):
                found.setdefault(unit, []).append((p.plan, t))
    rows = []
    for unit, items in found.items():
        states = Counter(t.state for __, t in items)
        finished = states[State.DONE.value] + states[State.MET.value]
        rows.append(
            UnitRow(
                unit,
                len({plan for plan, __ in items}),
                len(items),
                finished,
                states[State.BEHIND.value] + states[State.NOT_MET.value],
                states[State.OVERDUE.value],
                finished / len(items),
            )
        )
    return rows
