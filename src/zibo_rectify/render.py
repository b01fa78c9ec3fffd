"""Terminal output with rich: status tables, the log, check results.

Plan and log text is shown as written, but never as markup or escape codes:
everything from a file passes through `inert` into a `Text` (rich reads markup
such as `[link=…]` only in plain strings), so a note holding an escape sequence
or markup prints as visible characters and cannot drive the terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zibo_rectify.choices import STATE_LABEL as STATE_LABEL
from zibo_rectify.errors import Diagnostic
from zibo_rectify.i18n import N_, _, language, long_date, month_day
from zibo_rectify.model import Comparison, GoalOf, Kind, Plan
from zibo_rectify.output import console as console
from zibo_rectify.progress import ProgressEntry
from zibo_rectify.rules import named
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


def figure(value: float | None, unit: str | None) -> str:
    """A figure in running text, as the language writes it: 120 家 in English, 120家 in Chinese."""
    return with_unit(fmt(value), unit) if value is not None else fmt(value)


def with_unit(shown: str, unit: str | None) -> str:
    """A figure and its unit as the language writes them: 300 家 in English text, 300家 in Chinese."""
    if not unit:
        return shown
    return shown + unit if unit == "%" or language() == "zh" else f"{shown} {unit}"


def _bar(fraction: float) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def _progress(t: TargetStatus) -> Text:
    target = t.target
    if target.kind is Kind.TASK:
        if t.last_entry is not None and t.last_entry.done:
            return Text("✓ " + _("done {date}").format(date=month_day(t.last_entry.date)), style="green")
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
    unit = t.target.unit
    for m in t.milestones:
        if text:
            text.append(" · ")
        label = inert(_("{value} by {date}").format(value=figure(m.value, unit), date=month_day(m.by)))
        if m.reached is True:
            text.append(f"✓ {label}", style="green")
        elif m.reached is False:
            text.append(
                "✗ "
                + inert(
                    _("{milestone}: had {value}").format(milestone=label, value=figure(m.value_then, unit))
                ),
                style="red",
            )
        else:
            text.append(label)
    return text


def _notes(t: TargetStatus, problem_owner: str | None) -> Text:
    """Milestones, what the target needs, the forecast and flags, one line each."""
    lines = [_milestones(t)] if t.milestones else []
    unit = t.target.unit
    if t.need is not None:
        lines.append(
            cell(
                _("+{pace}/month to reach {value} by {date}").format(
                    pace=figure(round(t.need.per_month), unit),
                    value=figure(t.need.value, unit),
                    date=month_day(t.need.by),
                )
            )
        )
    if t.forecast is not None or t.at_risk:
        line = Text(
            _("forecast {date}").format(date=long_date(t.forecast)) if t.forecast else _("no trend yet")
        )
        if t.at_risk:
            line.append(" · " + _("at risk"), style="bold yellow")
        lines.append(line)
    if t.stale and t.last_entry is not None:
        lines.append(
            Text(_("stale: last figure {date}").format(date=long_date(t.last_entry.date)), style="yellow")
        )
    if t.owner and t.owner != problem_owner:
        lines.append(cell(_("lead: {owner}").format(owner=t.owner)))
    return Text("\n").join(lines)


COLUMNS: tuple[tuple[str, dict[str, Any]], ...] = (
    # header, column options
    (N_("Target"), {"overflow": "fold"}),
    (N_("Id"), {"no_wrap": True}),
    (N_("Progress"), {"no_wrap": True}),
    (N_("Value / goal"), {"no_wrap": True}),
    (N_("Due"), {"no_wrap": True}),
    (N_("State"), {"no_wrap": True}),
    (N_("Milestones and notes"), {"overflow": "fold"}),
)
NAME, ID, PROGRESS, NOTES = 0, 1, 2, 6
# Cells: a name wraps in 6 to 15 Chinese characters, at least 10 beside notes; a note line
# (a target's milestones) wants up to 56 cells to stay whole, else the notes go under the table.
NAME_MIN, NAME_INLINE, NAME_WIDE, NOTES_WANT = 12, 20, 30, 56


class Layout(NamedTuple):
    columns: list[int]  # indexes into COLUMNS, in order
    notes_width: int  # the least the notes column takes; 0: the notes follow the table
    name_width: int  # the most the name column takes; a longer name wraps


def _layout(widths: list[int], width: int) -> Layout:
    """The columns a screen `width` cells wide shows, and where the notes go.

    `widths` are the widest cell of each column (for the notes, the widest line).
    The name always stays (it is how people know a target) and wraps; as room
    runs out the ids go first, then the names wrap narrower, then the notes move
    under the table, then the bars (the values keep the figures), so
    the name and the state stay whole down to 60 cells.  A table of n columns
    takes 3n - 1 cells besides its columns' own widths.
    """
    wide, middle, narrow = (min(widths[NAME], w) for w in (NAME_WIDE, NAME_INLINE, NAME_MIN))
    want = min(widths[NOTES], NOTES_WANT)
    rest = [PROGRESS, 3, 4, 5]
    candidates = (
        ([NAME, ID, *rest], want, wide),
        ([NAME, *rest], want, wide),
        ([NAME, *rest], want, middle),
        ([NAME, *rest], 0, wide),
        ([NAME, *rest], 0, narrow),
        ([NAME, *rest[1:]], 0, narrow),
    )
    for shown, notes, name in candidates:
        others = sum(widths[i] for i in shown if i != NAME)
        columns = len(shown) + bool(notes)
        room = width - others - 3 * columns + 1  # for the name and the notes
        if name + notes <= room:
            return Layout(shown + [NOTES] * bool(notes), notes, min(widths[NAME], room - notes))
    return Layout(shown, 0, name)


def _name(t: TargetStatus, with_id: bool) -> Text:
    """A target's name, whole, and its id under it when asked for."""
    name = cell(t.target.name, "bold")
    if with_id:
        name.append("\n" + inert(t.target.id), style="dim")
    return name


def _notes_under(rows: Sequence[tuple[Text, ...]]) -> list[Table | Text]:
    """The targets' notes under their table, a heading then a name and its notes a row, for a
    screen too narrow for a notes column."""
    grid = Table.grid(padding=(0, 2), pad_edge=True)
    grid.add_column(overflow="fold", max_width=NAME_INLINE)
    grid.add_column(overflow="fold")
    for row in rows:
        if row[NOTES]:
            grid.add_row(row[NAME], row[NOTES])
    return [Text(" " + _(COLUMNS[NOTES][0]), style="bold"), grid] if grid.row_count else []


def _problem_owner(status: PlanStatus, t: TargetStatus) -> str | None:
    from zibo_rectify.model import Role

    owners = (t.problem.owners if t.problem else []) or status.plan.owners
    return next((o.name for o in owners if o.role is Role.LEAD), None)


def status_view(status: PlanStatus, width: int, ids: bool = False) -> list[Table | Text]:
    """A table per problem (问题), in plan order, with the same columns at the same widths.

    Each row starts with the target's name, whole (it wraps); on a screen
    (`width` cells) with no room for every column, columns give way as `_layout`
    says; notes that leave the table follow it, then the lead unit.  `ids` puts
    each id under its name when the id column has given way.
    """
    groups: dict[str, list[TargetStatus]] = {}
    for t in status.targets:
        groups.setdefault(t.problem.id if t.problem else "", []).append(t)
    owners = {problem: _problem_owner(status, rows[0]) for problem, rows in groups.items()}
    cells = {
        problem: [
            (
                cell(t.target.name, "bold"),
                cell(t.target.id, "dim"),
                _progress(t),
                _value(t),
                Text(str(t.due) if t.due else _("ongoing")),
                Text(_(STATE_LABEL[t.state]), style=STATE_STYLE[t.state]),
                _notes(t, owners[problem]),
            )
            for t in rows
        ]
        for problem, rows in groups.items()
    }
    # Every column but the notes is as wide as its widest cell in any problem, so tables line up.
    widths = [
        max([cell_len(_(header))] + [row[i].cell_len for rows in cells.values() for row in rows])
        for i, (header, __) in enumerate(COLUMNS[:NOTES])
    ]
    notes = [line for rows in cells.values() for row in rows for line in row[NOTES].split("\n")]
    widths.append(max([cell_len(_(COLUMNS[NOTES][0]))] + [line.cell_len for line in notes]))
    layout = _layout(widths, width)
    under_name = ids and ID not in layout.columns
    blocks: list[Table | Text] = []
    for problem, rows in groups.items():
        table = Table(
            title=cell(rows[0].problem.title if rows[0].problem else _("Main targets"), "bold cyan"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        for i in layout.columns:
            header, options = COLUMNS[i]
            if i == NAME:
                options = {**options, "max_width": layout.name_width}
            elif i < NOTES:
                options = {**options, "min_width": widths[i]}
            else:
                options = {**options, "min_width": layout.notes_width}
            table.add_column(_(header), **options)
        shown = [
            (_name(t, under_name), *row[1:]) if under_name else row
            for t, row in zip(rows, cells[problem], strict=True)
        ]
        for row in shown:
            table.add_row(*(row[i] for i in layout.columns))
        blocks.append(table)
        if not layout.notes_width:
            blocks.extend(_notes_under(shown))
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
        names = {t.target.id: t.target for t in status.targets}
        lines.append(Text(_("Due in the next 30 days:"), style="bold"))
        for item in status.due_soon:
            target = names.get(item.target)
            unit = target.unit if target is not None else None
            what = (
                _("goal")
                if item.what == "goal"
                else _("milestone {value}").format(value=fmt(item.value, unit))
            )
            label = named(target) if target is not None else item.target
            lines.append(cell(f"  {long_date(item.on)}  {label}  {what}"))
    return lines


def print_status(out: Console, statuses: Iterable[PlanStatus], ids: bool = False) -> None:
    for i, status in enumerate(statuses):
        if i:
            out.print()
        title = f"{status.plan.title}  ·  {status.plan.id}  ·  " + _("as of {date}").format(
            date=long_date(status.as_of)
        )
        out.print(cell(title, "bold"))
        for block in status_view(status, out.width, ids):
            out.print(block)
        for line in summary_lines(status):
            out.print(line)


LOG_COLUMNS: tuple[tuple[str, dict[str, Any], int], ...] = (
    # header, column options, the narrowest screen that shows the column
    (N_("Plan"), {"overflow": "fold"}, 0),
    (N_("Date"), {"no_wrap": True}, 0),
    (N_("Target"), {"overflow": "fold"}, 0),
    (N_("Value"), {"no_wrap": True}, 0),
    (N_("By"), {"overflow": "fold"}, 70),
    (N_("Note"), {"overflow": "fold"}, 0),
    (N_("Evidence"), {"overflow": "fold"}, 100),
    (N_("Recorded"), {"no_wrap": True}, 140),
)


def log_table(rows: list[tuple[str, ProgressEntry]], show_plan: bool, width: int = 200) -> Table:
    """The entries, a row each; on a narrow screen the recording time, evidence and recorder go,
    in that order, and the dates stay whole."""
    shown = [i for i, column in enumerate(LOG_COLUMNS) if (i or show_plan) and width >= column[2]]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for i in shown:
        table.add_column(_(LOG_COLUMNS[i][0]), **LOG_COLUMNS[i][1])
    for plan_id, e in rows:
        value = _("done") if e.done else _("not done") if e.done is False else fmt(e.value)
        if e.percent is not None:
            value = f"{fmt(e.percent)}%"
        if e.increment is not None:
            value += f" (+{fmt(e.increment)})"
        if e.correction:
            value += _(" (correction)")
        note = e.note or ""
        if e.expected is not None:
            note += (" · " if note else "") + _("expected by {date}").format(date=e.expected)
        cells = (
            plan_id,
            str(e.date),
            e.target + (f"/{e.part}" if e.part else ""),
            value,
            e.by or "",
            note,
            e.evidence or "",
            f"{e.recorded:%Y-%m-%d %H:%M}",
        )
        table.add_row(*(cell(cells[i]) for i in shown))
    return table


def print_log(out: Console, rows: list[tuple[str, ProgressEntry]], show_plan: bool) -> None:
    if not rows:
        out.print(_("No progress recorded yet."))
        return
    out.print(log_table(rows, show_plan, out.width))


def print_targets(out: Console, plans: Iterable[Plan], problem: str | None, kind: str | None) -> None:
    """Every target a user can type, a row each: number, name, id, kind, unit, goal, due, owners."""
    from zibo_rectify.i18n import kind_label

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header, options in (
        (N_("No."), {"no_wrap": True, "justify": "right"}),
        (N_("Target"), {"overflow": "fold", "ratio": 3}),
        (N_("Id"), {"no_wrap": True}),  # what is typed: never broken
        (N_("Kind"), {"no_wrap": True}),
        (N_("Goal"), {"no_wrap": True}),
        (N_("Due"), {"no_wrap": True}),
        (N_("Owners"), {"overflow": "fold", "ratio": 2}),
    ):
        table.add_column(_(header), **options)
    chosen = list(plans)
    number = 0
    for plan in chosen:
        for p, target in plan.all_targets():
            if (problem is not None and (p is None or p.id != problem)) or (
                kind is not None and target.kind.value != kind
            ):
                continue
            number += 1
            goal = target.goal
            shown_goal = (
                f"{COMPARISON_MARK[target.comparison]}{goal.of}"
                if isinstance(goal, GoalOf)
                else f"{fmt(goal[0])}–{fmt(goal[1], target.unit)}"
                if isinstance(goal, tuple)
                else fmt(goal, target.unit)
                if goal is not None
                else ""
            )
            due = plan.target_due(target, p)
            owners = _("、").join(o.name for o in plan.owners_of(p, target) if o.name != "X")
            ident = f"{plan.id}/{target.id}" if len(chosen) > 1 else target.id
            table.add_row(
                str(number),
                cell(target.name, "bold"),
                cell(ident, "dim"),
                kind_label(target.kind.value),
                cell(shown_goal),
                str(due) if due else _("ongoing"),
                cell(owners),
            )
    if not number:
        out.print(_("No targets match."))
        return
    out.print(table)


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
