"""The words of a report: headings, ledger cells, the summary sentences offices write.

Every writer takes its text from here, so the ledger reads the same in a
sheet, a document and a page; each phrase of a target comes from `phrase`.
Nothing here counts or judges: the figures come from the presentation model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from zibo_rectify.figures import figure
from zibo_rectify.i18n import N_, _, extended, language, long_date, ngettext, step_label
from zibo_rectify.present import phrase
from zibo_rectify.present.labels import (
    LEVEL_LABEL,
    MARK_LABEL,
    ROLLUP_LABEL,
    level_label,
    mark_label,
    rollup_label,
    state_label,
)
from zibo_rectify.present.rows import (
    CHANGE_KINDS,
    ChangeRow,
    DueRow,
    EntryRow,
    MilestoneRow,
    PlanLine,
    PlanReport,
    ProblemRow,
    Report,
    SinceReport,
    Summary,
    TargetRow,
    UnitRow,
)
from zibo_rectify.present.stated import expected_start_phrase
from zibo_rectify.report.nouns import nouns
from zibo_rectify.safetext import inert


class Own(str):
    """A phrase rectify wrote itself (≥60%, 逾期30天): no formula guard, since no plan or log text
    starts it.  Text that came from a plan or a log stays a plain str and is guarded."""

    __slots__ = ()


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
    N_("Warning"),
    N_("Sign-off"),
)
SINCE_COLUMN = N_("This period")  # the ledger's last column under --since: the target's changes
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
__all__ = ["LEVEL_LABEL", "MARK_LABEL", "ROLLUP_LABEL", "rollup_label", "state_label"]


def joined(names: list[str]) -> str:
    """Names in a row, as each language lists them (牵头：A、B)."""
    return ("、" if language() == "zh" else ", ").join(names)


def number(value: float | None, unit: str | None = None) -> str:
    return phrase.amount(value, unit) if unit else phrase.number(value)


def day(value: dt.date | None) -> str:
    return phrase.data_date(value)


def goal_text(t: TargetRow) -> str:
    """The goal as a ledger states it: ≥300 家 (120 家 by 07-31), 不低于60%, a task's deadline."""
    goal = phrase.target_goal(t)
    marks = [
        _("{value} by {date}").format(
            value=phrase.amount(m.value, t.unit, t.whole), date=phrase.terminal_date(m.by, t.years)
        )
        for m in t.milestones
    ]
    return Own(_("{goal} ({marks})").format(goal=goal, marks=_(", ").join(marks)) if marks else goal)


def value_text(t: TargetRow) -> str:
    """The figure against the goal: 250/300 家; a cap's or an indicator's figure alone; a task's
    share done (80%), done, or not done."""
    if t.kind != "task" and t.value is not None and phrase.share(t) is not None:
        top = t.goal_high if t.goal_high is not None else t.goal_in_force
        return Own(f"{phrase.number(t.value, t.whole)}/{phrase.amount(top, t.unit)}")
    return Own(phrase.value_phrase(t))


def progress_text(t: TargetRow) -> str:
    """当前进展: the figure, the latest note, and each figure awaiting review (待审核)."""
    text = value_text(t)
    if t.last_note:
        text = _("{value}; {note}").format(value=text, note=t.last_note)
    for e in t.pending:
        pending = _("pending review: {value} of {date}").format(
            value=entry_figure(e, t.unit), date=long_date(e.date)
        )
        text = _("{value}; {note}").format(value=text, note=pending)
    return Own(text)  # it starts with rectify's own figure


def warning_text(t: TargetRow) -> str:
    """预警: the level and why (红色预警：07-31 到期，…), empty without one."""
    if t.warning is None:
        return ""
    level = level_label(t.warning)
    return Own(
        _("{level}: {reason}").format(level=level, reason=t.warning_reason) if t.warning_reason else level
    )


def signoff_text(t: TargetRow) -> str:
    """销号: by whom and when, or the reopening that undid it, empty when neither."""
    step = t.signoff
    if step is None:
        return ""
    if step.signed_off:
        return _("{by} signed it off on {date}").format(date=long_date(step.on), by=step.by or "—")
    return _("reopened {date}: {reason}").format(date=long_date(step.on), reason=step.reason or "—")


def milestone_text(m: MilestoneRow, t: TargetRow) -> str:
    return Own(phrase.milestone_phrase(m, t))


def missed_text(t: TargetRow) -> str:
    """A repeated task's earlier occurrences not done: missed: 2022-03, 2022-06."""
    periods = ", ".join(f"{d:%Y-%m}" for d in t.missed_periods)
    return Own(_("missed: {periods}").format(periods=periods))


def state_text(t: TargetRow) -> str:
    """完成情况: the state, 逾期完成 with its days, 超额完成 or 超出, the risk, what was missed, and
    the office's own verdict beside what the figures say."""
    undated = t.done_undated and not t.late_by_days
    parts = [phrase.state_phrase(t.state, None, (), undated) if undated else state_label(t.state)]
    if t.late_by_days:
        parts.append(_("done late, {days} days after the deadline").format(days=t.late_by_days))
    if t.days_overdue:
        parts = [_("overdue by {days} days").format(days=t.days_overdue)]
    parts += phrase.flags_shown(t)
    parts += [milestone_text(m, t) for m in t.missed]
    if t.missed_periods:
        parts.append(missed_text(t))
    word = phrase.verdict_phrase(t.verdict, t.figures_state, t.state, "verdict_differs" in t.flags)
    expected = expected_start_phrase(t)
    return Own(_("; ").join(parts + [said for said in (expected, word) if said]))


def units_text(t: TargetRow) -> str:
    """责任单位 with roles: 牵头：…；共同牵头：…；配合：…"""
    return Own(phrase.owners_phrase(t.owners))


def persons_text(t: TargetRow) -> str:
    """责任人: leaders, heads and persons, each with the title the document gives, else its role."""
    return phrase.persons_phrase(t.owners)


class ExtendedDue(Own):
    """A due date an extension (延期) moved, in words; `data` the same with ISO dates, for csv."""

    data: str


def due_cell(t: TargetRow) -> Cell:
    """The due date, a date for sheets; beside the plan's own when an extension (延期) moved it;
    marked when read from 年度, not written; 长期坚持 or — when it has none."""
    if t.due is None:
        return Own(phrase.no_due(t))
    if t.original_due is None:
        return t.due if t.due_stated else Own(phrase.due_read(day(t.due), stated=False))
    said = ExtendedDue(phrase.extended_due(t.due, t.original_due, t.years))
    said.data = extended(day(t.due), day(t.original_due))
    return said


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
        due_cell(t),
        progress_text(t),
        state_text(t),
        t.done_on,
        t.last_entry,
        _("; ").join(t.evidence),
        warning_text(t),
        signoff_text(t),
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
            cells[4] = Own(phrase.part_goal(part, t)) if part.goal is not None else ""
            cells[5] = Own(phrase.units_phrase("lead", list(part.owners))) if part.owners else ""
            cells[7] = part.due
            cells[8] = Own(phrase.amount(part.value, t.unit, t.whole)) if t.kind != "task" else ""
            state = (
                phrase.state_phrase(part.state, part.days_overdue, part.flags, part.done_undated)
                if part.state
                else ""
            )
            word = phrase.verdict_phrase(part.verdict, part.figures_state, part.state, False)
            cells[9] = Own(_("; ").join(x for x in (state, word) if x))
            yield None, cells


def entry_figure(e: EntryRow, unit: str | None = None) -> str:
    """An entry's figure with the target's unit (120 家, 80%, done), or its note when it gives none."""
    if e.done is not None:
        return _("done") if e.done else _("not done")
    if e.percent is not None:
        return figure(e.percent, "%")
    if e.value is not None:
        return figure(e.value, unit)
    return e.note or ""


def has_figure(e: EntryRow) -> bool:
    return e.done is not None or e.percent is not None or e.value is not None


def entry_value(e: EntryRow) -> str:
    """What an entry says: a figure, a share done, done, or (a note) nothing but its note."""
    said = entry_figure(e) if has_figure(e) else step_label(e.kind) if e.kind else ""
    return f"{said} ({e.part})" if e.part else said


def entry_mark(e: EntryRow) -> str:
    """What later entries made of an entry: corrected, superseded, awaiting review, sent back, withdrawn."""
    if e.mark in ("pending", "rejected", "withdrawn"):
        return mark_label(e.mark)
    return _("correction") if e.correction else mark_label("superseded") if e.superseded else ""


def entry_cells(e: EntryRow) -> list[Cell]:
    mark = entry_mark(e)
    return [
        e.plan,
        e.date,
        phrase.named(e.name, e.target),
        e.value if e.value is not None and not e.part else entry_value(e),
        mark,
        e.by or "",
        e.note or "",
        e.evidence or "",
        e.recorded.isoformat(timespec="seconds"),
    ]


def percent(ratio: float) -> str:
    return phrase.percent(ratio)


def summary_sentences(s: Summary, document_type: str = "zhenggai") -> list[str]:
    """The 通报's sentences: problems by roll-up, then targets, 完成率 and 序时进度, in the nouns of
    the document's type; a plan of targets only counts them as its items."""
    words = nouns(document_type)
    counted = dict(finished=s.finished, ratio=percent(s.completion), on_path=s.on_path, off_path=s.off_path)
    if s.problems:
        first = [_(words.problems).format(problems=s.problems, **s.problem_counts)]
        second = _(words.tasks).format(targets=s.targets, **counted)
    else:
        first = []
        second = _(words.items).format(targets=s.targets, **counted)
    sentences = [*first, second]
    extra = []
    if s.no_data:
        extra.append(_("{count} have no figure yet").format(count=s.no_data))
    if s.late_done:
        extra.append(_("{count} were completed after their deadline").format(count=s.late_done))
    if extra:
        sentences.append(_("{items}.").format(items=_("; ").join(extra)))
    red, yellow, blue = (s.warnings.get(level, 0) for level in ("red", "yellow", "blue"))
    flow = [
        words.format(count=count)
        for count, words in (
            (red, ngettext("{count} red warning", "{count} red warnings", red)),
            (yellow, ngettext("{count} yellow warning", "{count} yellow warnings", yellow)),
            (blue, ngettext("{count} blue warning", "{count} blue warnings", blue)),
        )
        if count
    ]
    if s.signed_off:
        flow.append(_("{count} signed off").format(count=s.signed_off))
    if s.pending:
        flow.append(_("{count} with a figure awaiting review").format(count=s.pending))
    if flow:
        sentences.append(_("{items}.").format(items=_("; ").join(flow)))
    return sentences


def title_line(plan: PlanReport) -> str:
    return _("Progress of {title} (as of {date})").format(
        title=plan.title, date=phrase.official_date(plan.as_of)
    )


def basis_sentence(report: Report) -> str:
    """The report's last words: the entries and the plans it rests on, so it can be made again
    (`rectify report --known-at` of that time)."""
    from zibo_rectify.knownat import shown

    recorded, commit = report.basis
    if recorded is None:
        said = _("This report rests on no progress entry: none was recorded.")
    else:
        said = _("This report rests on the progress entries recorded up to {time}.").format(
            time=shown(recorded)
        )
    if commit:
        said += _(" The plans are those of commit {commit}.").format(commit=commit[:12])
    return said


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(text: str) -> str:
    """Text a spreadsheet or a document cannot run: text from a plan or a log starting with
    = + - @ tab or CR gets an apostrophe, as OWASP advises for CSV injection, and control
    characters become visible escapes.  rectify's own phrases (`Own`) are never guarded."""
    if isinstance(text, Own) or not text.startswith(FORMULA_START):
        return inert(text)
    return inert("'" + text)


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


def cell_data(value: Cell) -> str:
    """A cell as data (csv): as `cell_text`, an extended due date with ISO dates."""
    return value.data if isinstance(value, ExtendedDue) else cell_text(value)


def cell_text(value: Cell) -> str:
    """A cell as text: dates in ISO form, whole figures without a decimal point."""
    if isinstance(value, str):  # most cells: words, as they are
        return value
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
    missed += [_item(f"{t.number} {t.name}", missed_text(t)) for t in plan.targets if t.missed_periods]
    due = [_item(f"{phrase.official_date(d.on)} {d.name}", due_what(d)) for d in plan.due_soon]
    stale = [
        _item(f"{t.number} {t.name}", _("last figure {date}").format(date=phrase.official_date(t.last_entry)))
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
    since = report.since is not None  # --since: a last column, the target's changes in the span
    headers = [_(h) for h in ((N_("Plan"),) * many + LEDGER_COLUMNS + (SINCE_COLUMN,) * since)]
    rows: list[tuple[TargetRow | None, list[Cell]]] = []
    for p in report.plans:
        first: list[Cell] = [p.plan] if many else []
        for t, cells in ledger_rows(p):
            last: list[Cell] = [since_cell(p, t) if t is not None else ""] if since else []
            rows.append((t, first + cells + last))
    return headers, rows


def _item(what: str, says: str) -> str:
    return _("{what}: {says}").format(what=what, says=says)


CHANGE_HEADINGS = {
    "entry": N_("Progress recorded"),
    "late_entry": N_("Recorded late (about days before)"),
    "correction": N_("Corrections"),
    "state": N_("Changes of state"),
    "warning": N_("Changes of warning level"),
    "milestone": N_("Milestones and deadlines that fell due"),
    "goal": N_("Milestones and deadlines that fell due"),
    "signoff": N_("Signed off"),
    "reopen": N_("Reopened"),
    "acceptance": N_("Accepted in review"),
    "rejection": N_("Sent back"),
    "withdrawal": N_("Withdrawn"),
    "extension": N_("Deadlines extended"),
}
CHANGE_LABEL = {
    "entry": N_("progress recorded"),
    "late_entry": N_("recorded late"),
    "correction": N_("correction"),
    "state": N_("state changed"),
    "warning": N_("warning changed"),
    "milestone": N_("milestone fell due"),
    "goal": N_("deadline fell due"),
    "signoff": N_("signed off"),
    "reopen": N_("reopened"),
    "acceptance": N_("accepted"),
    "rejection": N_("sent back"),
    "withdrawal": N_("withdrawn"),
    "extension": N_("extended"),
}
FIGURES = ("entry", "late_entry", "correction")  # figures and notes recorded since
# In the ledger's one cell per target, the kinds whose words do not say what they are.
NAMED_IN_CELL = (*FIGURES, "state", "warning")
SINCE_COLUMNS = (
    N_("Change"),
    N_("Date"),
    N_("No."),
    N_("Rectification task"),
    N_("Before"),
    N_("After"),
    N_("What happened"),
    N_("By"),
    N_("Line"),
)


def since_heading(since: SinceReport) -> str:
    """本期变化（2022年10月1日至2022年11月1日）; from a time typed, what was recorded after it."""
    if since.known is not None:
        return _("Since the last report (recorded after {time}, as of {as_of})").format(
            time=phrase.recorded_in_text(since.known), as_of=phrase.official_date(since.as_of)
        )
    return _("Since the last report ({since} to {as_of})").format(
        since=phrase.official_date(since.since), as_of=phrase.official_date(since.as_of)
    )


def _state_or_none(state: str | None) -> str:
    return state_label(state if state != "—" else None)  # an indicator has no state


def _moved(c: ChangeRow) -> tuple[str, str]:
    if c.kind == "state":
        after = _state_or_none(c.after)
        if c.late_by_days:  # done or met after the deadline: 已完成；逾期完成（超期10天）
            after = _("; ").join((after, _late(c.late_by_days)))
        return _state_or_none(c.before), after
    return _(LEVEL_LABEL[c.before or "none"]), _(LEVEL_LABEL[c.after or "none"])


def change_text(c: ChangeRow) -> str:
    """What happened, without the target's name: 2022-10-20 报送 250 家, 滞后 → 按序时推进, 退回…;
    with the time it was recorded when that was not on the day it is about."""
    said = _happened(c)
    moment = c.recorded
    if moment is None or c.kind == "withdrawal" or (c.date and phrase.recorded_on_its_day(moment, c.date)):
        return said
    return _("{what} (recorded {time})").format(what=said, time=phrase.recorded_in_text(moment))


def _happened(c: ChangeRow) -> str:
    e, acted = c.entry, c.acted_on
    reason = e.note if e is not None and e.note else "—"
    by = e.by if e is not None and e.by else "—"
    if c.kind in FIGURES and e is not None:
        said = _("{value} on {date}").format(value=entry_figure(e, c.unit), date=long_date(e.date))
        if e.note and has_figure(e):
            said = _("{value}; {note}").format(value=said, note=e.note)
        if e.mark in MARK_LABEL:  # sent back or awaiting review as of the report's day
            said = _("{value} ({mark})").format(value=said, mark=entry_mark(e))
        return said
    if c.kind in ("state", "warning"):
        before, after = _moved(c)
        return _("{before} → {after}").format(before=before, after=after)
    if c.kind in ("milestone", "goal"):
        if c.kind == "goal":
            wanted = _("deadline {date}").format(date=long_date(c.date))
        else:
            wanted = _("{value} by {date}").format(value=figure(c.value, c.unit), date=long_date(c.date))
        if c.late_by_days:  # as the ledger says it: 逾期完成（超期10天）
            return _("{milestone}: {late}").format(milestone=wanted, late=_late(c.late_by_days))
        if c.reached:
            return "✓ " + _("{milestone}: reached").format(milestone=wanted)
        if c.value_then is None:  # a task, or a figure never recorded
            return "✗ " + _("{milestone}: missed").format(milestone=wanted)
        return "✗ " + _("{milestone}: missed, had {value}").format(
            milestone=wanted, value=figure(c.value_then, c.unit)
        )
    if c.kind == "signoff":
        return _("{by} signed it off on {date}").format(date=long_date(c.date), by=by)
    if c.kind == "reopen":
        return _("reopened {date}: {reason}").format(date=long_date(c.date), reason=reason)
    if c.kind == "extension":
        return _("extended to {due} on {date}: {reason}").format(
            due=long_date(e.due) if e is not None and e.due else "—", date=long_date(c.date), reason=reason
        )
    of = long_date(e.of_date) if e is not None and e.of_date is not None else "—"
    shown = entry_figure(acted, c.unit) if acted is not None else "—"
    if c.kind == "acceptance":
        return _("{by} accepted {value} of {of} on {date}").format(
            by=by, value=shown, of=of, date=long_date(c.date)
        )
    if c.kind == "rejection":
        return _("{by} sent back {value} of {of} on {date}: {reason}").format(
            by=by, value=shown, of=of, date=long_date(c.date), reason=reason
        )
    # A withdrawal is dated as the entry it withdraws: when it was made is when it was recorded.
    when = phrase.recorded_in_text(e.recorded) if e is not None else "—"
    return _("{value} of {of} withdrawn on {date}: {reason}").format(
        value=shown, of=of, date=when, reason=reason
    )


def _late(days: int) -> str:
    return _("done late, {days} days after the deadline").format(days=days)


def change_item(c: ChangeRow) -> str:
    what = f"{c.number} {c.name}"
    if c.part is not None:
        what = _("{target} ({part})").format(target=what, part=c.part)
    return _item(what, change_text(c))


def since_sections(plan: PlanReport) -> list[tuple[str, list[str]]]:
    """The section's lists, each kind of change under its heading, only those that happened."""
    if plan.since is None:
        return []
    sections: dict[str, list[str]] = {}
    for kind in CHANGE_KINDS:
        items = [change_item(c) for c in plan.since.changes if c.kind == kind]
        if items:
            sections.setdefault(_(CHANGE_HEADINGS[kind]), []).extend(items)
    return list(sections.items())


def since_lines(plan: PlanReport) -> list[str]:
    """`rectify changes` as text: the plan's title and span, then each kind of change under its
    heading, as the report's section lists them."""
    assert plan.since is not None
    known = plan.since.known  # a time typed: what was recorded after it
    since = phrase.recorded_in_text(known) if known is not None else long_date(plan.since.since)
    span = _("Since {since}, as of {as_of}:").format(since=since, as_of=long_date(plan.as_of))
    lines = [plan.title, span]
    for heading, items in since_sections(plan):
        lines += [f"  {heading}", *(f"    {item}" for item in items)]
    return lines if len(lines) > 2 else [*lines, _("  nothing changed")]


def since_cells(c: ChangeRow) -> list[Cell]:
    """A row of the sheet "since the last report", in SINCE_COLUMNS order."""
    before, after = _moved(c) if c.kind in ("state", "warning") else ("", "")
    return [
        _(CHANGE_LABEL[c.kind]),
        c.date,
        c.number,
        c.name,
        before,
        after,
        change_text(c),
        (c.entry.by or "") if c.entry is not None else "",
        c.entry.line if c.entry is not None else None,
    ]


def since_cell(plan: PlanReport, t: TargetRow) -> str:
    """The ledger's column 本期变化: the target's changes in the span, in one cell."""
    if plan.since is None:
        return ""
    return _("; ").join(
        f"{_(CHANGE_LABEL[c.kind])}{_(': ')}{change_text(c)}" if c.kind in NAMED_IN_CELL else change_text(c)
        for c in plan.since.of(t.id)
    )
