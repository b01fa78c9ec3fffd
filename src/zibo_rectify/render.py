"""Terminal output with rich: status tables, the log, check results.

Plan and log text is shown as written, but never as markup or escape codes:
everything from a file passes through `inert` into a `Text` (rich reads markup
such as `[link=…]` only in plain strings), so a note holding an escape sequence
or markup prints as visible characters and cannot drive the terminal.
"""

from __future__ import annotations

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
from zibo_rectify.i18n import N_, _
from zibo_rectify.model import Comparison, GoalOf, Kind
from zibo_rectify.progress import ProgressEntry
from zibo_rectify.safetext import inert
from zibo_rectify.status import PlanStatus, State, TargetStatus

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
BAR_WIDTH = 10
COMPARISON_MARK = {
    Comparison.AT_LEAST: "≥",
    Comparison.AT_MOST: "≤",
    Comparison.EXACTLY: "=",
    Comparison.RANGE: "",
    Comparison.KEPT_AT: "=",
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
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def _progress(t: TargetStatus) -> Text:
    target = t.target
    if target.kind is Kind.TASK:
        if t.last_entry is not None and t.last_entry.done:
            return Text("✓ " + _("done {date}").format(date=f"{t.last_entry.date:%m-%d}"), style="green")
        return Text("○ " + _("open"), style="dim")
    goal = target.goal
    floor = goal[0] if isinstance(goal, tuple) else None if isinstance(goal, GoalOf) else goal
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
    if isinstance(goal, GoalOf):
        return cell(f"{fmt(t.value, target.unit)} / {mark}{goal.of}")
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


def _notes(t: TargetStatus, problem_owner: str | None) -> Text:
    """Milestones, what the target needs, the forecast and flags, one line each."""
    lines = [_milestones(t)] if t.milestones else []
    if t.need is not None:
        per_month = fmt(round(t.need.per_month))
        lines.append(
            Text(
                _("+{pace}/month to reach {value} by {date}").format(
                    pace=per_month, value=fmt(t.need.value), date=f"{t.need.by:%m-%d}"
                )
            )
        )
    if t.forecast is not None or t.at_risk:
        line = Text(_("forecast {date}").format(date=t.forecast) if t.forecast else _("no trend yet"))
        if t.at_risk:
            line.append(" · " + _("at risk"), style="bold yellow")
        lines.append(line)
    if t.stale and t.last_entry is not None:
        lines.append(Text(_("stale: last figure {date}").format(date=t.last_entry.date), style="yellow"))
    if t.owner and t.owner != problem_owner:
        lines.append(cell(_("lead: {owner}").format(owner=t.owner)))
    return Text("\n").join(lines)


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
    from zibo_rectify.model import Role

    owners = (t.problem.owners if t.problem else []) or status.plan.owners
    return next((o.name for o in owners if o.role is Role.LEAD), None)


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
            groups[problem], titles[problem] = [], t.problem.title if t.problem else _("Main targets")
            owners[problem] = _problem_owner(status, t)
        groups[problem].append(
            (
                cell(t.target.id, "bold"),
                cell(t.target.name, "dim"),
                _progress(t),
                _value(t),
                Text(str(t.due) if t.due else _("ongoing")),
                Text(_(STATE_LABEL[t.state]), style=STATE_STYLE[t.state]),
                _notes(t, owners[problem]),
            )
        )
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
            blocks.append(cell(_("lead: {owner}").format(owner=owners[problem]), "dim"))
    return blocks


def summary_lines(status: PlanStatus) -> list[Text]:
    counts = [(s, n) for s, n in status.counts.items() if n]
    line = Text(_("{count} targets: ").format(count=len(status.targets)))
    for i, (state, n) in enumerate(counts):
        if i:
            line.append(_(", "))
        line.append(
            _("{count} {state}").format(count=n, state=_(STATE_LABEL[state])), style=STATE_STYLE[state]
        )
    line.append(" · " + _("completion {ratio}").format(ratio=f"{status.completion:.1%}"), style="bold")
    lines = [line]
    if status.due_soon:
        lines.append(Text(_("Due in the next 30 days:"), style="bold"))
        for item in status.due_soon:
            what = _("goal") if item.what == "goal" else _("milestone {value}").format(value=fmt(item.value))
            lines.append(cell(f"  {item.on}  {item.target}  {what}"))
    return lines


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
