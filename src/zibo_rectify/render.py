"""Terminal output with rich: status tables, the log, check results.

Plan and log text is shown as written, but never as markup or escape codes:
everything from a file passes through `inert` into a `Text` (rich reads markup
such as `[link=…]` only in plain strings), so a note holding an escape sequence
or markup prints as visible characters and cannot drive the terminal.
"""

from __future__ import annotations

import math
import os
import sys
import unicodedata
from collections.abc import Iterable
from typing import Any, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zibo_rectify.errors import Diagnostic
from zibo_rectify.i18n import N_, _, ngettext
from zibo_rectify.model import Comparison, GoalOf, Kind, Owner, Role
from zibo_rectify.progress import ProgressEntry
from zibo_rectify.safetext import inert
from zibo_rectify.status import Flag, PartStatus, PlanStatus, Rollup, State, TargetStatus

STATE_STYLE = {
    State.NOT_STARTED: "dim",
    State.NO_DATA: "magenta",
    State.ON_TRACK: "green",
    State.BEHIND: "yellow",
    State.OVERDUE: "bold red",
    State.DONE: "bold green",
    State.MET: "bold green",
    State.NOT_MET: "red",
}
STATE_LABEL = {
    State.NOT_STARTED: N_("not started"),
    State.NO_DATA: N_("no data"),
    State.ON_TRACK: N_("on track"),
    State.BEHIND: N_("behind"),
    State.OVERDUE: N_("overdue"),
    State.DONE: N_("done"),
    State.MET: N_("met"),
    State.NOT_MET: N_("not met"),
}
ROLLUP_LABEL = {
    Rollup.RECTIFIED: N_("rectified"),
    Rollup.PARTLY: N_("partly rectified"),
    Rollup.IN_PROGRESS: N_("in progress"),
    Rollup.OVERDUE: N_("overdue"),
}
ROLLUP_STYLE = {
    Rollup.RECTIFIED: "bold green",
    Rollup.PARTLY: "yellow",
    Rollup.IN_PROGRESS: "",
    Rollup.OVERDUE: "bold red",
}
FLAG_LABEL = {
    Flag.NO_DATA: N_("nothing recorded"),
    Flag.STALE: N_("stale"),
    Flag.EXCEEDED: N_("exceeded"),
    Flag.LATE: N_("done late"),
    Flag.AT_RISK: N_("at risk"),
}
ROLE_LABEL = {
    Role.LEADER: N_("leader"),
    Role.HEAD: N_("head"),
    Role.DEPUTY: N_("deputy"),
    Role.LEAD: N_("lead"),
    Role.CO_LEAD: N_("co-lead"),
    Role.SUPPORTING: N_("supporting"),
    Role.PERSON: N_("person"),
    Role.GROUP: N_("group"),
    Role.EXTERNAL: N_("outside party"),
}
BAR_WIDTH = 10
CAPS = (Comparison.AT_MOST, Comparison.LESS_THAN)
COMPARISON_MARK = {
    Comparison.AT_LEAST: "≥",
    Comparison.AT_MOST: "≤",
    Comparison.EXACTLY: "=",
    Comparison.RANGE: "",
    Comparison.KEPT_AT: "≥",  # kept at: not below the level
    Comparison.MORE_THAN: ">",
    Comparison.LESS_THAN: "<",
    Comparison.ABOUT: "≈",
}


def console(stderr: bool = False) -> Console:
    """A console that is wide enough when piped, and colourless off a terminal or with NO_COLOR."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() or os.environ.get("COLUMNS") else 160
    return Console(file=stream, width=width, highlight=False, soft_wrap=False, emoji=False)


def cell(text: object, style: str = "") -> Text:
    """Text from a file, or anything that quotes it, as inert terminal text (never markup)."""
    return Text(inert(text), style=style)


def fmt(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return "—"
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit:
        shown += unit if unit == "%" else f" {unit}"
    return shown


def _bar(fraction: float) -> str:
    """Whole cells done, rounded down: only a goal reached fills the bar."""
    filled = min(math.floor(max(0.0, fraction) * BAR_WIDTH), BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def pace(per_month: float) -> str:
    """A monthly pace with the precision it has: +48, +1.5, +0.2, +0.03."""
    if abs(per_month) >= 10:
        return fmt(round(per_month))
    if abs(per_month) >= 0.1:
        return fmt(round(per_month, 1))
    return f"{per_month:.1g}"


def _progress(t: TargetStatus) -> Text:
    target = t.target
    if target.kind is Kind.TASK:
        if t.state in (State.DONE, State.MET) and t.done_on is not None:
            return Text("✓ " + _("done {date}").format(date=f"{t.done_on:%m-%d}"), style="green")
        if t.percent is not None:
            return Text(f"{_bar(t.percent / 100)} {t.percent / 100:>4.0%}")
        return Text("○ " + _("open"), style="dim")
    if target.kind is Kind.INDICATOR or target.comparison in CAPS:
        return Text()  # a figure against a limit, or with none: no progress to draw
    goal = t.goal
    floor = goal[0] if isinstance(goal, tuple) else goal
    if t.value is None or not floor:
        return Text(_bar(0), style="dim")
    fraction = t.value / floor
    return Text(f"{_bar(fraction)} {fraction:>4.0%}")


def _value(t: TargetStatus) -> Text:
    target = t.target
    if target.kind is Kind.TASK:
        return Text()
    goal = target.goal
    mark = COMPARISON_MARK[target.comparison]
    if target.kind is Kind.INDICATOR:
        return cell(fmt(t.value, target.unit))
    if isinstance(goal, GoalOf):
        return cell(f"{fmt(t.value, target.unit)} / {mark}{goal.of} ({fmt(goal_in_force(t))})")
    goal_text = (
        f"{fmt(goal[0])}–{fmt(goal[1], target.unit)}"
        if isinstance(goal, tuple)
        else f"{mark}{fmt(goal, target.unit)}"
        if target.kind is Kind.RATE or mark not in ("≥", "")
        else fmt(goal, target.unit)
    )
    return cell(f"{fmt(t.value, target.unit if target.kind is Kind.RATE else None)} / {goal_text}")


def _milestones(t: TargetStatus) -> Text:
    text = Text()
    for m in t.milestones:
        if text:
            text.append(" · ")
        label = _("{value} by {date}").format(value=fmt(m.value), date=f"{m.by:%m-%d}")
        if m.reached is True:
            text.append(f"✓ {label}", style="green")
        elif m.reached is False:
            text.append(
                "✗ " + _("{milestone}: had {value}").format(milestone=label, value=fmt(m.value_then)),
                style="red",
            )
        else:
            text.append(label)
    return text


def goal_in_force(t: TargetStatus) -> float | None:
    return t.goal[0] if isinstance(t.goal, tuple) else t.goal


def state_text(state: State | None, days_overdue: int | None, flags: frozenset[Flag]) -> Text:
    """The state column: 逾期N天 on an overdue item, 逾期完成 and 超额完成 on a finished one."""
    if state is None:
        return Text("—", style="dim")
    label = _(STATE_LABEL[state])
    if state is State.OVERDUE and days_overdue:
        label = ngettext("overdue {days} day", "overdue {days} days", days_overdue).format(days=days_overdue)
    elif state is State.DONE and Flag.LATE in flags:
        label = _("done late")
    elif state is State.DONE and Flag.EXCEEDED in flags:
        label = _("done, exceeded")
    return Text(label, style=STATE_STYLE[state])


def _need_line(t: TargetStatus) -> Text | None:
    need = t.need
    if need is None:
        return None
    if need.per_month is None:
        return Text(_("due today: {count} to go").format(count=fmt(need.to_go)), style="bold yellow")
    return Text(
        _("+{pace}/month to reach {value} by {date}").format(
            pace=pace(need.per_month), value=fmt(need.value), date=f"{need.by:%m-%d}"
        )
    )


def _when_line(t: TargetStatus) -> Text | None:
    """The forecast and the office's own expected date side by side, and at risk."""
    parts = []
    if t.forecast is not None:
        parts.append(_("forecast {date}").format(date=t.forecast))
    elif t.at_risk and t.expected is None:
        parts.append(_("no trend yet"))
    if t.expected is not None and t.state not in (State.DONE, State.MET):
        parts.append(_("expected {date}").format(date=t.expected))
    if not parts:
        return None
    line = Text(" · ".join(parts))
    if t.at_risk:
        line.append(" · " + _("at risk"), style="bold yellow")
    return line


def _late_line(t: TargetStatus) -> Text | None:
    if t.done_on is None or not t.late_by_days:
        return None
    return Text(
        ngettext("done {date}, {days} day late", "done {date}, {days} days late", t.late_by_days).format(
            date=f"{t.done_on:%m-%d}", days=t.late_by_days
        ),
        style="yellow",
    )


def _flag_lines(t: TargetStatus) -> list[Text]:
    lines = []
    if t.stale and t.last_entry is not None:
        lines.append(Text(_("stale: last figure {date}").format(date=t.last_entry.date), style="yellow"))
    if Flag.NO_DATA in t.flags and t.state is not State.NO_DATA:
        lines.append(Text(_(FLAG_LABEL[Flag.NO_DATA]), style="magenta"))
    if t.reconfirmed is not None:
        lines.append(Text(_("reconfirmed {date}").format(date=t.reconfirmed), style="green"))
    if t.missed:
        missed = ", ".join(f"{d:%Y-%m}" for d in t.missed)
        lines.append(Text(_("missed: {periods}").format(periods=missed), style="red"))
    return lines


def owners_text(owners: list[Owner] | tuple[Owner, ...]) -> str:
    """Every lead and co-lead, 、-joined ("lead: 卫健局、教育局"); else the first owner, with its role."""
    leads = [o for o in owners if o.role in (Role.LEAD, Role.CO_LEAD)]
    shown = leads or list(owners[:1])
    if not shown:
        return ""
    role = ROLE_LABEL[Role.LEAD] if leads else ROLE_LABEL[shown[0].role]
    return _("{role}: {names}").format(role=_(role), names="、".join(o.name for o in shown))


def _notes(t: TargetStatus, problem_owner: str | None) -> Text:
    """Milestones, what the target needs, the forecast and flags, the latest note, one line each."""
    lines = [_milestones(t)] if t.milestones else []
    lines += [line for line in (_need_line(t), _when_line(t), _late_line(t)) if line is not None]
    lines += _flag_lines(t)
    if t.last_note:
        lines.append(
            cell(_("note {date}: {text}").format(date=f"{t.last_note_date:%m-%d}", text=t.last_note))
        )
    owners = owners_text(t.owners)
    if owners and owners != problem_owner:
        lines.append(cell(owners))
    return Text("\n").join(lines)


def part_rows(t: TargetStatus) -> list[tuple[Text, ...]]:
    """A row per part, indented under its target: its id, name, figure against its goal, due and state."""
    return [_part_row(t, p) for p in t.parts]


def _part_row(t: TargetStatus, p: PartStatus) -> tuple[Text, ...]:
    unit = t.target.unit
    if t.target.kind is Kind.TASK:
        value = Text()
    elif isinstance(p.goal, tuple):
        value = cell(f"{fmt(p.value)} / {fmt(p.goal[0])}–{fmt(p.goal[1], unit)}")
    else:
        value = cell(f"{fmt(p.value)} / {fmt(p.goal, unit)}" if p.goal is not None else fmt(p.value, unit))
    floor = p.goal[0] if isinstance(p.goal, tuple) else p.goal
    progress = (
        Text(f"{_bar(p.value / floor)} {p.value / floor:>4.0%}")
        if floor and p.value is not None and t.target.comparison not in CAPS
        else Text()
    )
    notes = [cell(_("note: {text}").format(text=p.last_note))] if p.last_note else []
    return (
        cell(f"  └ {p.part.id}"),
        cell(p.part.name, "dim"),
        progress,
        value,
        Text(str(p.due) if p.due else "—"),
        state_text(p.state, p.days_overdue, p.flags),
        Text("\n").join(notes),
    )


COLUMNS: tuple[tuple[str, dict[str, Any]], ...] = (
    # header, column options
    (N_("Target"), {"no_wrap": True}),
    (N_("Name"), {"no_wrap": True, "overflow": "ellipsis", "max_width": 22}),
    (N_("Progress"), {"no_wrap": True}),
    (N_("Value / goal"), {"no_wrap": True}),
    (N_("Due"), {"no_wrap": True}),
    (N_("State"), {"no_wrap": True}),
    (N_("Milestones and notes"), {"overflow": "fold", "min_width": 32}),
)
TARGET, NAME, PROGRESS, NOTES = 0, 1, 2, 6


class Layout(NamedTuple):
    columns: list[int]  # indexes into COLUMNS, in order
    notes_inline: bool  # False: the notes follow the table
    fits: bool  # False: even the fewest columns need more room, so the ids fold


def _layout(widths: list[int], width: int) -> Layout:
    """The columns a screen `width` cells wide shows, and where the notes go.

    As room runs out the names go first (the id says which target it is), then
    the notes move under the table, then the bars (the values keep the figures),
    and last the ids fold onto more lines, so the state stays whole down to about
    60 cells.  A table of n columns takes 3n - 1 cells besides its columns' own
    widths.
    """
    notes_min = int(COLUMNS[NOTES][1]["min_width"])
    fixed = list(range(NOTES))
    no_name = [i for i in fixed if i != NAME]
    candidates = (
        (fixed, True),
        (no_name, True),
        (no_name, False),
        ([i for i in no_name if i != PROGRESS], False),
    )
    for shown, inline in candidates:
        if sum(widths[i] for i in shown) + inline * notes_min + 3 * (len(shown) + inline) - 1 <= width:
            return Layout(shown + [NOTES] * inline, inline, fits=True)
    return Layout(shown, notes_inline=False, fits=False)


def _notes_under(rows: list[tuple[Text, ...]]) -> list[Table | Text]:
    """The targets' notes under their table, a heading then an id and its notes a row, for a screen
    too narrow for a notes column."""
    grid = Table.grid(padding=(0, 2), pad_edge=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for row in rows:
        if row[NOTES]:
            grid.add_row(row[TARGET], row[NOTES])
    return [Text(" " + _(COLUMNS[NOTES][0]), style="bold"), grid] if grid.row_count else []


def _problem_owner(status: PlanStatus, t: TargetStatus) -> str | None:
    owners = (t.problem.owners if t.problem else []) or status.plan.owners
    return owners_text(owners) or None


def problem_heading(status: PlanStatus, t: TargetStatus) -> str:
    """The problem's title, with its roll-up (整改情况) when the plan has it."""
    if t.problem is None:
        return _("Main targets")
    rollup = next((p.rollup for p in status.problems if p.problem.id == t.problem.id), None)
    title = f"{t.problem.number} {t.problem.title}" if t.problem.number else t.problem.title
    return f"{title}  ·  {_(ROLLUP_LABEL[rollup])}" if rollup else title


def status_view(status: PlanStatus, width: int) -> list[Table | Text]:
    """A table per problem (问题), in plan order, with the same columns at the same widths.

    On a screen (`width` cells) with no room for every column, columns give way
    as `_layout` says; notes that leave the table follow it, then the lead unit.
    """
    groups: dict[str, list[tuple[Text, ...]]] = {}
    owners: dict[str, str | None] = {}
    titles: dict[str, str] = {}
    for t in status.targets:
        problem = t.problem.id if t.problem else ""
        if problem not in groups:
            groups[problem], titles[problem] = [], problem_heading(status, t)
            owners[problem] = _problem_owner(status, t)
        groups[problem].append(
            (
                cell(t.target.id, "bold"),
                cell(t.target.name, "dim"),
                _progress(t),
                _value(t),
                Text(str(t.due) if t.due else _("ongoing")),
                state_text(t.state, t.days_overdue, t.flags),
                _notes(t, owners[problem]),
            )
        )
        groups[problem].extend(part_rows(t))
    # Every column but the notes is as wide as its widest cell in any problem, so tables line up.
    widths = [
        min(
            max([cell_len(_(header))] + [row[i].cell_len for rows in groups.values() for row in rows]),
            int(options.get("max_width", width)),
        )
        for i, (header, options) in enumerate(COLUMNS[:NOTES])
    ]
    layout = _layout(widths, width)
    blocks: list[Table | Text] = []
    for problem, rows in groups.items():
        table = Table(
            title=cell(titles[problem], "bold cyan"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        for i in layout.columns:
            header, options = COLUMNS[i]
            if i == TARGET and not layout.fits:
                options = {"overflow": "fold", "min_width": 10}  # the column that gives way on a tiny screen
            elif i < NOTES:
                options = {**options, "min_width": widths[i]}
            table.add_column(_(header), **options)
        for row in rows:
            table.add_row(*(row[i] for i in layout.columns))
        blocks.append(table)
        if not layout.notes_inline:
            blocks.extend(_notes_under(rows))
        if owners[problem]:
            blocks.append(cell(owners[problem], "dim"))
    return blocks


def summary_lines(status: PlanStatus) -> list[Text]:
    """The whole plan's counts, whatever the view shows; then what the view shows and what falls due."""
    counts = [(s, n) for s, n in status.counts.items() if n]
    counted = sum(n for _s, n in counts)
    if not counted:
        line = Text(_("no targets with a state"))
    else:
        line = Text(ngettext("{count} target: ", "{count} targets: ", counted).format(count=counted))
    for i, (state, n) in enumerate(counts):
        if i:
            line.append(_(", "))
        line.append(
            _("{count} {state}").format(count=n, state=_(STATE_LABEL[state])), style=STATE_STYLE[state]
        )
    if counted:
        line.append(" · " + _("completion {ratio}").format(ratio=f"{status.completion:.1%}"), style="bold")
    lines = [line, *_problem_line(status), *_shown_line(status)]
    if status.due_soon:
        lines.append(Text(_("Due in the next 30 days:"), style="bold"))
        for item in status.due_soon:
            what = _("goal") if item.what == "goal" else _("milestone {value}").format(value=fmt(item.value))
            lines.append(cell(f"  {item.on}  {item.target}  {what}"))
    return lines


def _problem_line(status: PlanStatus) -> list[Text]:
    """ "2 problems: 1 rectified, 1 partly rectified" (共N个问题，已整改…)."""
    if not status.problems:
        return []
    total = len(status.problems)
    line = Text(ngettext("{count} problem: ", "{count} problems: ", total).format(count=total))
    shown = [(r, n) for r, n in status.problem_counts.items() if n]
    for i, (rollup, n) in enumerate(shown):
        if i:
            line.append(_(", "))
        line.append(
            _("{count} {state}").format(count=n, state=_(ROLLUP_LABEL[rollup])), style=ROLLUP_STYLE[rollup]
        )
    return [line]


def _shown_line(status: PlanStatus) -> list[Text]:
    if not status.filtered:
        return []
    shown, total = len(status.targets), len(status.whole)
    return [
        Text(
            ngettext("showing {shown} of {total} target", "showing {shown} of {total} targets", total).format(
                shown=shown, total=total
            ),
            style="dim",
        )
    ]


def print_status(out: Console, statuses: Iterable[PlanStatus]) -> None:
    for i, status in enumerate(statuses):
        if i:
            out.print()
        title = f"{status.plan.title}  ·  {status.plan.id}  ·  " + _("as of {date}").format(date=status.as_of)
        out.print(cell(title, "bold"))
        for block in status_view(status, out.width):
            out.print(block)
        for line in summary_lines(status):
            out.print(line)


def log_table(rows: list[tuple[str, ProgressEntry, int, str]], show_plan: bool) -> Table:
    """The log's entries, each with its line (what retract and review --entry take) and its mark."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    headers = (N_("Plan"),) * show_plan + (
        N_("Line"),
        N_("Date"),
        N_("Target"),
        N_("Value"),
        N_("By"),
        N_("Note"),
        N_("Evidence"),
        N_("Recorded"),
    )
    for header in headers:
        table.add_column(_(header), overflow="fold")
    for plan_id, e, line, mark in rows:
        value = _("done") if e.done else _("not done") if e.done is False else fmt(e.value)
        if e.kind is not None:
            value = e.kind + (f" {e.of_date}" if e.of_date else "") + (f": {e.verdict}" if e.verdict else "")
        elif e.percent is not None:
            value = f"{fmt(e.percent)}%"
        elif e.is_note:
            value = "—"
        if e.increment is not None:
            value += f" (+{fmt(e.increment)})"
        if e.correction:
            value += _(" (correction)")
        if mark:
            value += f" [{mark}]"
        note = e.note or ""
        if e.expected is not None:
            note += (" · " if note else "") + _("expected by {date}").format(date=e.expected)
        target = e.target + (f"/{e.part}" if e.part else "")
        cells = (str(line), str(e.date), target, value, e.by or "", note, e.evidence or "")
        table.add_row(
            *(cell(plan_id),) * show_plan,
            *(cell(text) for text in cells),
            cell(e.recorded.isoformat(timespec="seconds")),
        )
    return table


SOURCE_WIDTH = 120  # a hostile file may hold one line of megabytes: show the part around the spot


def diagnostic_text(d: Diagnostic, warning: bool = False) -> Text:
    """`path:line:col: error: message`, the line with a caret under the column, then the fix."""
    where = ":".join(str(p) for p in (d.file, d.line, d.column) if p is not None)
    text = Text()
    if where:
        text.append(inert(where) + ": ", style="bold")
    text.append((_("warning") if warning else _("error")) + _(": "), style="bold red")
    text.append(inert(d.message))
    if d.source_line is not None and d.line is not None:
        gutter = f"{d.line:>5} | "
        column = max((d.column or 1) - 1, 0)
        start = max(0, min(column - SOURCE_WIDTH // 2, len(d.source_line) - SOURCE_WIDTH))
        end = start + SOURCE_WIDTH
        before = "…" if start else ""
        after = "…" if end < len(d.source_line) else ""
        text.append(f"\n{gutter}{before}{inert(d.source_line[start:end])}{after}")
        prefix = before + inert(d.source_line[start:column])
        pad = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in prefix)
        text.append("\n" + " " * (len(gutter) - 2) + "| " + " " * pad + "^", style="red")
    if d.fix:
        text.append("\n  " + _("fix: "), style="bold")
        text.append(inert(d.fix))
    return text
