"""The presentation model built from the status engine: every figure a view shows, once.

Writers only walk what `build_report` returns; none of them judges a target
or counts anything.  A writer that needs a figure adds it here.

Every judgement is the status engine's (DESIGN.md "Status, version 2"):
states, flags, done and overdue dates, notes, owners, parts, the problem
roll-up and the planned path are read from it, never derived here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from zibo_rectify.i18n import _
from zibo_rectify.keeping import keep
from zibo_rectify.knownat import Since
from zibo_rectify.model import GoalOf, Kind, Owner, Plan, Problem, Role, Target, scaled_unit
from zibo_rectify.present.rows import (
    OFF_PATH,
    ON_PATH,
    DueRow,
    EntryRow,
    MilestoneRow,
    NeedRow,
    OwnerRow,
    PartRow,
    PlanInput,
    PlanLine,
    PlanReport,
    ProblemRow,
    Report,
    SignOffRow,
    Stated,
    Summary,
    TargetRow,
    UnitRow,
    Workflow,
)
from zibo_rectify.status import (
    Flag,
    PlanStatus,
    Rollup,
    State,
    TargetStatus,
    planned_path,
    rollup,
)
from zibo_rectify.status.filters import EVERY_TARGET, Scope, categories_of, phase_of
from zibo_rectify.workflow.ledger import status_on
from zibo_rectify.workflow.levels import Level, levels

if TYPE_CHECKING:
    from zibo_rectify.present.entries import EntryRows

# Where a target stands against 序时进度 (the planned pace), for "N项达到序时进度，N项未达到".
# States only: in status 2 no_data is a state in the first period alone (on neither side), and


def build_report(
    inputs: Iterable[PlanInput],
    as_of: dt.date,
    language: str,
    owner: str | None = None,
    since: Since | None = None,
    history: bool = True,
    scope: Scope = EVERY_TARGET,
) -> Report:
    """The report of each plan as its input comes, so only one plan's log is held at a time;
    without `history` no row keeps its entries (for a format that shows none of them)."""
    plans = []
    for source in inputs:
        plans.append(plan_report(source, as_of, owner, since, history, scope))
        keep()  # the reports are kept until the last is made
    return Report(as_of, language, owner, plans, [plan_line(p) for p in plans], unit_rows(plans), since)


def overview(statuses: Iterable[PlanStatus]) -> tuple[list[PlanLine], list[UnitRow]]:
    """The first section over many plans (a row per plan, then per lead unit), from statuses."""
    plans = [report_of_status(s, [], None) for s in statuses]
    return [plan_line(p) for p in plans], unit_rows(plans)


def plan_report(
    source: PlanInput,
    as_of: dt.date,
    owner: str | None = None,
    since: Since | None = None,
    history: bool = True,
    scope: Scope = EVERY_TARGET,
) -> PlanReport:
    """A plan's report, judged as `status` judges it: on the entries that count that day (a
    withdrawn or rejected figure never does, a pending one not yet); only the targets in `scope`."""
    report = _judged_report(source, as_of, owner, since, history, scope)
    latest = max((e.recorded for e in source.entries), default=None)
    return report._replace(known_at=max((t for t in (latest, source.committed) if t), default=None))


def _judged_report(
    source: PlanInput, as_of: dt.date, owner: str | None, since: Since | None, history: bool, scope: Scope
) -> PlanReport:
    # A report's entry rows and changes since a report; the status view builds its rows without
    # them, so they are imported here, not by every start of `status` (1.7 ms of CPU).
    from zibo_rectify.present.entries import entry_rows, evidence_of, since_report
    from zibo_rectify.workflow.changes import changes_between

    plan = source.plan
    ledger, status = status_on(plan, source.entries, as_of)
    workflow = Workflow(ledger, levels(plan, ledger, status))
    shown_status = scope.narrow(status)
    if not history and since is None and not ledger.pending and not ledger.duplicates:
        # Of the entries, such a report shows only each target's evidence: no row is made.
        evidence = evidence_of(source.entries, as_of)
        return report_of_status(
            shown_status, [], source.commit, owner, workflow, evidence=evidence, with_history=False
        )
    names = {t.id: t.name for __, t in plan.all_targets()}
    rows = entry_rows(plan.id, source.entries, source.lines, ledger, names)
    kept = history or since is not None  # a section "since the last report" lists entries
    report = report_of_status(
        shown_status, rows.rows, source.commit, owner, workflow, rows, with_history=kept
    )
    if since is None:
        return report
    shown = {t.id: t for t in report.targets}
    changes = changes_between(plan, source.entries, since, as_of, now=(ledger, status))
    return report._replace(since=since_report(changes, shown, rows))


def report_of_status(
    status: PlanStatus,
    history: list[EntryRow],
    commit: str | None,
    owner: str | None = None,
    workflow: Workflow | None = None,
    rows_of: EntryRows | None = None,
    evidence: dict[str, list[str]] | None = None,
    with_history: bool = True,
) -> PlanReport:
    """A plan's report from its status and its entries (all of them; those after the day asked
    are left out here), with the workflow's facts of the day when there are any; given
    `evidence` (`evidence_of`), each target's evidence is that, not its entry rows'.  Without
    `with_history` (a format that shows none) the rows keep no entries, no figures for charts and
    not the engine's judgment, which holds every figure: a thousand plans' md report held
    900 MB of them."""
    plan, as_of = status.plan, status.as_of
    by_target: dict[str, list[EntryRow]] = {}
    for entry in history:
        if entry.date <= as_of:
            by_target.setdefault(entry.target, []).append(entry)
    rows: dict[str, TargetRow] = {}
    for t in status.targets:
        history_of = by_target.get(t.target.id, [])
        found = evidence.get(t.target.id, []) if evidence is not None else None
        rows[t.target.id] = target_row(plan, status, t, history_of, found, workflow, rows_of, with_history)
    problems = []
    groups: list[tuple[str, str, str, list[Target], Problem | None]] = []
    if plan.targets:  # plan-level targets (主要目标) come first, as a group of their own
        groups.append(("", "", _("Main targets"), list(plan.targets), None))
    for p_index, problem in enumerate(plan.problems, 1):
        groups.append((problem_number(problem, p_index), problem.id, problem.title, problem.targets, problem))
    judged = {t.target.id: t for t in status.targets}
    rolled = {p.problem.id: p.rollup for p in status.problems}
    whole = owner is None and not status.filtered  # else a unit's share, a category's, a phase's
    for number, problem_id, title, members, written in groups:
        targets = [rows[t.id] for t in members if t.id in rows]
        if owner is not None:
            targets = [t for t in targets if _owned_by(t, owner)]
        if whole and problem_id in rolled:
            problem_rollup = rolled[problem_id]
        else:  # a share of a problem, or the plan's own targets: the engine's rule on those shown
            problem_rollup = rollup([judged[t.id] for t in targets])
        if targets or (whole and problem_id):
            owners = [owner_row(o) for o in ((written.owners if written else []) or plan.owners)]
            own_number = written.number if written else None
            problems.append(
                ProblemRow(number, problem_id, title, problem_rollup.value, targets, owners, own_number)
            )
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
        entries=[e for e in history if e.target in ids and e.date <= as_of] if with_history else [],
        last_entry=max(dated) if dated else None,
        shown=len(shown),
        addressees=tuple(plan.document.addressees) if plan.document else (),
        document_type=document_type(plan),
        document_number=plan.document.number if plan.document else None,
        stated=stated(plan),
    )


def stated(plan: Plan) -> Stated:
    """What the plan's document states beside its targets, for the views to show as it says it."""
    document = plan.document
    return Stated(
        number=document.number if document else None,
        released=document.released if document else None,
        related=tuple(document.related) if document else (),
        period=None if plan.period.stated else (plan.period.start, plan.period.end),
        events=tuple(plan.events),
        tallies=tuple(plan.tallies),
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


def workflow_fields(target_id: str, workflow: Workflow | None, rows_of: EntryRows | None) -> dict[str, Any]:
    """The target's warning level, its sign-off or reopening, and its figures awaiting review."""
    if workflow is None:
        return {}
    level, reason = workflow.levels.get(target_id, (Level.NONE, ""))
    step = workflow.ledger.signoffs.get(target_id)
    pending = workflow.ledger.pending.get(target_id, [])
    return {
        "warning": level.label if level is not Level.NONE else None,
        "warning_reason": reason or None,
        "signoff": None
        if step is None
        else SignOffRow(
            step.signed_off, step.on, step.by, step.entry.evidence, None if step.signed_off else step.note
        ),
        "pending": tuple(r for r in map(rows_of.of, pending) if r is not None) if rows_of is not None else (),
    }


def _owned_by(row: TargetRow, unit: str) -> bool:
    """Whether the unit owns the target, or a part of it."""
    return any(o.name == unit for o in row.owners) or any(unit in p.owners for p in row.parts)


def target_row(
    plan: Plan,
    status: PlanStatus,
    t: TargetStatus,
    history: list[EntryRow],
    evidence: list[str] | None = None,
    workflow: Workflow | None = None,
    rows_of: EntryRows | None = None,
    with_history: bool = True,
) -> TargetRow:
    """The target's row; its evidence is its history's, unless given; without `with_history`
    it keeps no entries, no figures or planned path for charts and not the engine's judgment."""
    target = t.target
    goal = target.goal
    phase = phase_of(plan, t.problem, target)
    categories = categories_of(t.problem, target)
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
        due_stated=target.due_stated,
        expected_start=target.expected_start,
        state=t.state.value if t.state else None,
        value=clean(t.value),
        done=bool(t.last_entry and t.last_entry.done) if target.kind is Kind.TASK else None,
        planned=t.planned,
        milestones=[MilestoneRow(m.by, m.value, m.value_then, m.reached) for m in t.milestones],
        forecast=t.forecast,
        at_risk=t.at_risk,
        stale=t.stale,
        need=NeedRow(t.need.value, t.need.by, t.need.per_month, t.need.to_go) if t.need else None,
        last_entry=t.last_entry.date if t.last_entry else None,
        owners=[owner_row(o) for o in t.owners],
        owner=t.owner,
        flags=list(flag_names(t.flags)),
        done_on=t.done_on,
        late_by_days=t.late_by_days,
        days_overdue=t.days_overdue,
        last_note=t.last_note,
        expected=t.expected,
        evidence=evidence if evidence is not None else [e.evidence for e in history if e.evidence],
        parts=part_rows(t, with_history),
        history=history if with_history else [],
        path=planned_path(t) if with_history else [],
        category="、".join(categories) or None,
        phase=phase.name if phase else None,
        structure=" · ".join([*categories, *([phase.name] if phase else [])]),
        goal_name=indicator_name(plan, goal.of) if isinstance(goal, GoalOf) else None,
        goal_in_force=clean(t.goal[0] if isinstance(t.goal, tuple) else t.goal),
        percent=t.percent,
        whole=target.kind is Kind.COUNT and not scaled_unit(target.unit),
        years=plan.period.start.year != plan.period.end.year,
        ongoing=target.ongoing,
        last_note_date=t.last_note_date,
        reconfirmed=t.reconfirmed,
        missed_periods=t.missed,
        repeat=target.repeat,
        # the figures that count; a target whose parts are each judged has no figure of its own
        points=tuple((d, round_figure(v)) for d, v in t.series) if with_history and _own_figures(t) else (),
        judged=t if with_history else None,
        verdict=t.verdict,
        figures_state=t.figures_state.value if t.figures_state else None,
        done_undated=t.done_undated,
        **workflow_fields(target.id, workflow, rows_of),
    )


def _own_figures(t: TargetStatus) -> bool:
    return t.target.kind is not Kind.TASK and not (t.parts and t.value is None)


FLAG_ORDER = tuple(Flag)


def flag_names(flags: frozenset[Flag]) -> tuple[str, ...]:
    """The flags by name, in the order Flag lists them; most targets have none."""
    return tuple(f.value for f in FLAG_ORDER if f in flags) if flags else ()


def owner_row(o: Owner) -> OwnerRow:
    return OwnerRow(o.name, o.role.value, o.title)


def indicator_name(plan: Plan, target_id: str) -> str:
    """The name of the figure a goal follows (不低于全市平均水平), its id when the plan lacks it."""
    return next((t.name for __, t in plan.all_targets() if t.id == target_id), target_id)


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
    if numbered and not any(n.startswith(problem) and n != problem for n in numbered):
        # siblings numbered "1" under "(一)" (or under a problem that is 1st): this one goes on as
        # "2", not "(一)2" or "1.2"
        return str(t_index)
    return f"{problem}{t_index}" if problem.endswith((")", "）")) else f"{problem}.{t_index}"


def part_rows(t: TargetStatus, with_history: bool = True) -> list[PartRow]:
    """Each part of the target (任务分解) as the engine judged it on its own entries; without
    `with_history`, without figures for charts."""
    task = t.target.kind is Kind.TASK
    return [
        PartRow(
            p.part.id,
            p.part.name,
            clean(p.value),
            p.goal[0] if isinstance(p.goal, tuple) else p.goal,
            p.state.value if p.state else None,
            goal_high=p.goal[1] if isinstance(p.goal, tuple) else None,
            due=p.due,
            original_due=p.original_due,
            flags=flag_names(p.flags),
            days_overdue=p.days_overdue,
            done_on=p.done_on,
            late_by_days=p.late_by_days,
            done=bool(p.last_entry and p.last_entry.done) if task else None,
            last_note=p.last_note,
            points=tuple((d, round_figure(v)) for d, v in p.series) if with_history and not task else (),
            owners=tuple(o.name for o in p.part.owners or t.owners if o.role in (Role.LEAD, Role.CO_LEAD)),
            verdict=p.verdict,
            figures_state=p.figures_state.value if p.figures_state else None,
            done_undated=p.done_undated,
        )
        for p in t.parts
    ]


def clean(value: float | None) -> float | None:
    """A figure as written: a sum of parts without the float's noise (156.92, not 156.92000000000002)."""
    return None if value is None else round_figure(value)


def round_figure(value: float) -> float:
    rounded = round(float(value), 9)
    return float(int(rounded)) if rounded.is_integer() else rounded


def summarize(problems: list[ProblemRow], problem_counts: dict[Rollup, int] | None = None) -> Summary:
    """The counts of the rows shown; `problem_counts` is the engine's (`PlanStatus.problem_counts`)
    for a whole plan, and None for a view of some targets (one unit's), whose problems are counted
    as shown."""
    targets = [t for p in problems for t in p.targets]
    judged = [t for t in targets if t.state is not None]  # an indicator is never judged
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
        targets=len(judged),  # indicators are figures, not rectification tasks
        counts=counts,
        completion=finished / len(judged) if judged else 0.0,  # 完成率, as `status --json` says
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
        judged = len(items) - states[None]  # 完成率 as everywhere: indicators never count
        rows.append(
            UnitRow(
                unit,
                len({plan for plan, __ in items}),
                judged,
                finished,
                states[State.BEHIND.value] + states[State.NOT_MET.value],
                states[State.OVERDUE.value],
                finished / judged if judged else 0.0,
            )
        )
    return rows
