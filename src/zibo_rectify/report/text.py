"""The words of a report: headings, states, figures and the summary sentences offices write.

Every writer takes its text from here, so the ledger reads the same in a
sheet, a document and a page.  Nothing here counts or judges: the figures
come from the report model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from zibo_rectify.i18n import N_, _, language, long_date, month_day
from zibo_rectify.render import STATE_LABEL, figure, fmt
from zibo_rectify.report.model import (
    DueRow,
    EntryRow,
    MilestoneRow,
    PlanLine,
    PlanReport,
    ProblemRow,
    Report,
    Summary,
    TargetRow,
    UnitRow,
)
from zibo_rectify.safetext import inert
from zibo_rectify.status import State

Cell = str | float | dt.date | None

LEDGER_COLUMNS = (
    N_("No."),
    N_("Problem"),
    N_("Measure"),
    N_("Rectification task"),
    N_("Goal"),
    N_("Responsible units"),
    N_("Responsible persons"),
    N_("Deadline"),
    N_("Progress so far"),
    N_("Completion state"),
    N_("Done on"),
    N_("Last update"),
    N_("Evidence"),
)
HISTORY_COLUMNS = (
    N_("Plan"),
    N_("Date"),
    N_("Target"),
    N_("Value"),
    N_("Correction"),
    N_("By"),
    N_("Note"),
    N_("Evidence"),
    N_("Recorded"),
)
ROLLUP_LABEL = {
    "rectified": N_("rectified"),
    "partly": N_("partly rectified"),
    "in_progress": N_("rectification in progress"),
    "overdue": N_("rectification overdue"),
}
FLAG_LABEL = {
    "no_data": N_("no data"),
    "stale": N_("not updated for long"),
    "exceeded": N_("exceeded"),
    "at_risk": N_("at risk"),
}


def joined(names: list[str]) -> str:
    """Names in a row, as each language lists them (牵头：A、B)."""
    return ("、" if language() == "zh" else ", ").join(names)


def state_label(state: str | None) -> str:
    return _(STATE_LABEL[State(state)]) if state else "—"  # an indicator has no state


def number(value: float | None, unit: str | None = None) -> str:
    return fmt(value, unit)


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def goal_text(t: TargetRow) -> str:
    """The goal as a ledger states it: ≥300 家, 60%–…, a task's own name."""
    if t.kind == "task":
        return _("done by {date}").format(date=day(t.due)) if t.due else _("ongoing")
    if t.goal_of is not None:
        goal = _("as {indicator}").format(indicator=t.goal_of)
    elif t.goal is None:
        goal = "—"
    elif t.goal_high is not None:
        goal = f"{number(t.goal)}–{number(t.goal_high, t.unit)}"
    else:
        mark = {"at_most": "≤", "exactly": "=", "kept_at": "="}.get(t.comparison or "", "≥")
        goal = mark + number(t.goal, t.unit)
    marks = [
        _("{value} by {date}").format(value=figure(m.value, t.unit), date=short_day(m.by, t))
        for m in t.milestones
    ]
    return _("{goal} ({marks})").format(goal=goal, marks=_(", ").join(marks)) if marks else goal


def value_text(t: TargetRow) -> str:
    """The figure against the goal: 250/300 家; a task: done or not."""
    if t.kind == "task":
        return _("done") if t.done else _("not done")
    if t.value is None:
        return _("no figure yet")
    unit = t.unit if t.unit else None
    return f"{number(t.value)}/{number(t.goal_high if t.goal_high is not None else t.goal, unit)}"


def progress_text(t: TargetRow) -> str:
    """当前进展: the figure and the latest note."""
    text = value_text(t)
    return _("{value}; {note}").format(value=text, note=t.last_note) if t.last_note else text


def short_day(value: dt.date, t: TargetRow) -> str:
    """07-31 (7月31日) inside a target's single year; the whole date when its work spans years."""
    return month_day(value) if t.start.year == (t.due or t.start).year == value.year else long_date(value)


def milestone_text(m: MilestoneRow, t: TargetRow) -> str:
    wanted = _("{value} by {date}").format(value=figure(m.value, t.unit), date=short_day(m.by, t))
    if m.reached is True:
        return "✓ " + wanted
    if m.reached is False:
        return "✗ " + _("{milestone}: had {value}").format(
            milestone=wanted, value=figure(m.value_then, t.unit)
        )
    return wanted


def state_text(t: TargetRow) -> str:
    """完成情况: the state, 逾期完成 with its days, 超额, the risk, the missed milestones."""
    parts = [state_label(t.state)]
    if t.late_by_days:
        parts.append(_("done late, {days} days after the deadline").format(days=t.late_by_days))
    if t.days_overdue:
        parts = [_("overdue by {days} days").format(days=t.days_overdue)]
    parts += [_(FLAG_LABEL[f]) for f in t.flags if f in FLAG_LABEL and f != "no_data"]
    parts += [milestone_text(m, t) for m in t.missed]
    return _("; ").join(parts)


def units_text(t: TargetRow) -> str:
    """责任单位 with roles: 牵头：…；配合：…"""
    lines = []
    if t.leads:
        lines.append(_("lead: {owner}").format(owner=joined(t.leads)))
    if t.supporting:
        lines.append(_("supporting: {owners}").format(owners=joined(t.supporting)))
    return _("; ").join(lines)


def persons_text(t: TargetRow) -> str:
    """责任人: each as the document names them, with the title it gives."""
    return _("; ").join(f"{p.title} {p.name}" if p.title else p.name for p in t.persons)


def ledger_cells(t: TargetRow) -> list[Cell]:
    """The ledger's cells for a target, in LEDGER_COLUMNS order; dates stay dates for sheets."""
    return [
        t.number,
        t.problem_title,
        t.measure or "",
        t.name,
        goal_text(t),
        units_text(t),
        persons_text(t),
        t.due,
        progress_text(t),
        state_text(t),
        t.done_on,
        t.last_entry,
        _("; ").join(t.evidence),
    ]


def ledger_rows(plan: PlanReport) -> Iterator[tuple[TargetRow | None, list[Cell]]]:
    """Every ledger row in plan order: a target, then its parts indented (their target is None)."""
    for problem in plan.problems:
        yield from problem_rows(problem)


def problem_rows(problem: ProblemRow) -> Iterator[tuple[TargetRow | None, list[Cell]]]:
    """A problem's ledger rows: each target, then its parts indented (their target is None)."""
    for t in problem.targets:
        yield t, ledger_cells(t)
        for part in t.parts:
            cells: list[Cell] = [""] * len(LEDGER_COLUMNS)
            cells[3] = "　" + part.name
            cells[4] = number(part.goal, t.unit)
            cells[8] = number(part.value, t.unit)
            cells[9] = state_label(part.state) if part.state else ""
            yield None, cells


def entry_value(e: EntryRow) -> str:
    """What an entry says: a figure, a share done, done, or (a note) nothing but its note."""
    if e.done is not None:
        said = _("done") if e.done else _("not done")
    elif e.percent is not None:
        said = number(e.percent, "%")
    elif e.value is not None:
        said = number(e.value)
    else:
        said = e.kind or ""
    return f"{said} ({e.part})" if e.part else said


def entry_cells(e: EntryRow) -> list[Cell]:
    mark = _("correction") if e.correction else _("superseded") if e.superseded else ""
    return [
        e.plan,
        e.date,
        e.target,
        e.value if e.value is not None and not e.part else entry_value(e),
        mark,
        e.by or "",
        e.note or "",
        e.evidence or "",
        e.recorded.isoformat(timespec="seconds"),
    ]


def percent(ratio: float) -> str:
    return f"{ratio:.1%}".replace(".0%", "%")


def summary_sentences(s: Summary) -> list[str]:
    """The 通报's sentences: problems by roll-up, then targets, 完成率 and 序时进度."""
    p = s.problem_counts
    first = _(
        "{problems} problems in all: {rectified} rectified, {partly} partly rectified,"
        " {in_progress} in progress, {overdue} overdue."
    ).format(problems=s.problems, **p)
    second = _(
        "Of {targets} rectification tasks, {finished} are completed (completion rate {ratio});"
        " {on_path} keep to the planned pace and {off_path} do not."
    ).format(
        targets=s.targets,
        finished=s.finished,
        ratio=percent(s.completion),
        on_path=s.on_path,
        off_path=s.off_path,
    )
    sentences = [first, second]
    extra = []
    if s.no_data:
        extra.append(_("{count} have no figure yet").format(count=s.no_data))
    if s.late_done:
        extra.append(_("{count} were completed after their deadline").format(count=s.late_done))
    if extra:
        sentences.append(_("{items}.").format(items=_("; ").join(extra)))
    return sentences


def title_line(plan: PlanReport) -> str:
    return _("Progress of {title} (as of {date})").format(title=plan.title, date=plan.as_of)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(text: str) -> str:
    """Text a spreadsheet or a document cannot run: a leading = + - @ tab or CR gets an apostrophe,
    as OWASP advises for CSV injection, and control characters become visible escapes."""
    return inert(text if not text.startswith(FORMULA_START) else "'" + text)


OVERVIEW_COLUMNS = (
    N_("Plan"),
    N_("Title"),
    N_("Targets"),
    N_("Done"),
    N_("Behind"),
    N_("Overdue"),
    N_("Completion rate"),
    N_("Last entry"),
)
UNIT_COLUMNS = (
    N_("Lead unit"),
    N_("Plans"),
    N_("Targets"),
    N_("Done"),
    N_("Behind"),
    N_("Overdue"),
    N_("Completion rate"),
)


def plan_line_cells(p: PlanLine) -> list[Cell]:
    return [p.plan, p.title, p.targets, p.done, p.behind, p.overdue, percent(p.completion), p.last_entry]


def unit_cells(u: UnitRow) -> list[Cell]:
    return [u.unit, u.plans, u.targets, u.done, u.behind, u.overdue, percent(u.completion)]


def due_what(d: DueRow) -> str:
    if d.what == "goal":
        return _("goal")
    return _("milestone {value}").format(value=number(d.value))


def cell_text(value: Cell) -> str:
    """A cell as text: dates in ISO form, whole figures without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | int):
        return number(value)
    return value


def watch_lists(plan: PlanReport) -> list[tuple[str, list[str]]]:
    """Missed milestones, what falls due in the next 30 days, what has had no figure for too long."""
    missed = [_item(f"{t.number} {t.name}", milestone_text(m, t)) for t, m in plan.missed]
    due = [_item(f"{d.on} {d.name}", due_what(d)) for d in plan.due_soon]
    stale = [
        _item(f"{t.number} {t.name}", _("last figure {date}").format(date=day(t.last_entry)))
        for t in plan.stale
    ]
    return [
        (_("Missed milestones"), missed),
        (_("Due in the next 30 days"), due),
        (_("No figure for longer than its cadence"), stale),
    ]


def ledger_table(report: Report) -> tuple[list[str], list[tuple[TargetRow | None, list[Cell]]]]:
    """The whole ledger as one table (the csv and the ledger sheet): a plan column first when
    the report holds several plans."""
    many = len(report.plans) > 1
    headers = [_(h) for h in ((N_("Plan"),) * many + LEDGER_COLUMNS)]
    rows: list[tuple[TargetRow | None, list[Cell]]] = []
    for p in report.plans:
        first: list[Cell] = [p.plan] if many else []
        rows += [(t, first + cells) for t, cells in ledger_rows(p)]
    return headers, rows


def _item(what: str, says: str) -> str:
    return _("{what}: {says}").format(what=what, says=says)
