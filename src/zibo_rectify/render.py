"""Terminal output with rich: status tables, the log, check results.

Plan and log text is shown as written, but never as markup or escape codes:
everything from a file passes through `inert` into a `Text` (rich reads markup
such as `[link=…]` only in plain strings), so a note holding an escape sequence
or markup prints as visible characters and cannot drive the terminal.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zibo_rectify import loglines
from zibo_rectify.choices import STATE_LABEL as STATE_LABEL
from zibo_rectify.choices import office_word
from zibo_rectify.errors import Diagnostic
from zibo_rectify.figures import figure, fmt
from zibo_rectify.filters import is_problem
from zibo_rectify.i18n import N_, _, extended, long_date, month_day, ngettext, step_label
from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Comparison, GoalOf, Kind, Owner, Plan, Role, named
from zibo_rectify.safetext import SHOWN_MAX, inert
from zibo_rectify.screen import console as console
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


def cell(text: object, style: str = "") -> Text:
    """Text from a file, or anything that quotes it, as inert terminal text (never markup)."""
    return Text(inert(text), style=style)


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
            when = _("by {date}") if t.done_undated else _("done {date}")
            return Text("✓ " + when.format(date=month_day(t.done_on)), style="green")
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


def goal_in_force(t: TargetStatus) -> float | None:
    return t.goal[0] if isinstance(t.goal, tuple) else t.goal


def state_text(
    state: State | None, days_overdue: int | None, flags: frozenset[Flag], undated: bool = False
) -> Text:
    """The state column: 逾期N天 on an overdue item, 逾期完成 and 超额完成 on a finished one,
    已完成（未载明日期） on one the document says is done without a date."""
    if state is None:
        return Text("—", style="dim")
    label = _(STATE_LABEL[state])
    if state is State.OVERDUE and days_overdue:
        label = ngettext("overdue {days} day", "overdue {days} days", days_overdue).format(days=days_overdue)
    elif state is State.DONE and undated and Flag.LATE not in flags:
        label = _("done (no date stated)")
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
            pace=pace(need.per_month), value=fmt(need.value), date=month_day(need.by)
        )
    )


def _when_line(t: TargetStatus) -> Text | None:
    """The forecast and the office's own expected date side by side, and at risk."""
    parts = []
    if t.forecast is not None:
        parts.append(_("forecast {date}").format(date=long_date(t.forecast)))
    elif t.at_risk and t.expected is None:
        parts.append(_("no trend yet"))
    if t.expected is not None and t.state not in (State.DONE, State.MET):
        parts.append(_("expected {date}").format(date=long_date(t.expected)))
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
            date=month_day(t.done_on), days=t.late_by_days
        ),
        style="yellow",
    )


def _flag_lines(t: TargetStatus) -> list[Text]:
    lines = []
    if t.stale and t.last_entry is not None:
        lines.append(
            Text(_("stale: last figure {date}").format(date=long_date(t.last_entry.date)), style="yellow")
        )
    if Flag.NO_DATA in t.flags and t.state is not State.NO_DATA:
        lines.append(Text(_(FLAG_LABEL[Flag.NO_DATA]), style="magenta"))
    if t.reconfirmed is not None:
        lines.append(Text(_("reconfirmed {date}").format(date=long_date(t.reconfirmed)), style="green"))
    if t.missed:
        missed = ", ".join(f"{d:%Y-%m}" for d in t.missed)
        lines.append(Text(_("missed: {periods}").format(periods=missed), style="red"))
    word = office_word(t.verdict, t.figures_state, t.state, Flag.VERDICT_DIFFERS in t.flags)
    if word is not None:
        lines.append(cell(word, "yellow" if t.verdict in ("slow", "stalled") else ""))
    return lines


def owners_text(owners: list[Owner] | tuple[Owner, ...]) -> str:
    """Every lead and co-lead, 、-joined ("lead: 卫健局、教育局"); else the first owner, with its role."""
    leads = [o for o in owners if o.role in (Role.LEAD, Role.CO_LEAD)]
    shown = leads or list(owners[:1])
    if not shown:
        return ""
    role = ROLE_LABEL[Role.LEAD] if leads else ROLE_LABEL[shown[0].role]
    return _("{role}: {names}").format(role=_(role), names="、".join(o.name for o in shown))


def structure_line(plan: Plan, t: TargetStatus) -> str:
    """分类 and 阶段 of a target, as the plan names them: "立行立改 · 短期攻坚"; empty when neither."""
    from zibo_rectify.filters import categories_of, phase_of

    phase = phase_of(plan, t.problem, t.target)
    return " · ".join([*categories_of(t.problem, t.target), *([phase.name] if phase else [])])


def _notes(t: TargetStatus, problem_owner: str | None, structure: str = "") -> Text:
    """Milestones, what the target needs, the forecast and flags, the latest note, one line each;
    its category and phase first."""
    lines = [cell(structure, "dim")] if structure else []
    lines += [_milestones(t)] if t.milestones else []
    lines += [line for line in (_need_line(t), _when_line(t), _late_line(t)) if line is not None]
    lines += _flag_lines(t)
    if t.last_note:
        lines.append(
            cell(_("note {date}: {text}").format(date=month_day(t.last_note_date), text=t.last_note))
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
    word = office_word(p.verdict, p.figures_state, p.state, Flag.VERDICT_DIFFERS in p.flags)
    notes += [cell(word)] if word is not None else []
    return (
        cell(f"  └ {p.part.name}"),
        cell(p.part.id, "dim"),
        progress,
        value,
        Text(due_text(p.due, p.original_due) or "—"),
        state_text(p.state, p.days_overdue, p.flags, p.done_undated),
        Text("\n").join(notes),
    )


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


def _with_id(row: tuple[Text, ...]) -> Text:
    """A row's name, whole, and its id under it."""
    name = row[NAME].copy()
    name.append("\n" + row[ID].plain.strip(), style="dim")
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
    owners = (t.problem.owners if t.problem else []) or status.plan.owners
    return owners_text(owners) or None


def problem_heading(status: PlanStatus, t: TargetStatus) -> str:
    """The problem's title, with its roll-up (整改情况) when the plan has it."""
    if t.problem is None:
        return _("Main targets")
    rollup = next((p.rollup for p in status.problems if p.problem.id == t.problem.id), None)
    title = f"{t.problem.number} {t.problem.title}" if t.problem.number else t.problem.title
    return f"{title}  ·  {_(ROLLUP_LABEL[rollup])}" if rollup else title


class StatusCells(NamedTuple):
    """A plan's status view before it is drawn: each problem's title, rows and lead unit, and the layout."""

    titles: dict[str, str]
    rows: dict[str, list[tuple[Text, ...]]]  # by problem id, in plan order; a row's cells by COLUMNS
    owners: dict[str, str | None]
    widths: list[int]  # the widest cell of each column (for the notes, the widest line)
    layout: Layout


def due_text(due: dt.date | None, original: dt.date | None) -> str:
    """A due date as the table shows it; beside the plan's own when an extension (延期) moved it."""
    if due is None:
        return ""
    return extended(str(due), str(original)) if original is not None else str(due)


def status_cells(status: PlanStatus, width: int, ids: bool = False) -> StatusCells:
    """The cells of the view, a row per target and part, and the columns a screen `width` cells wide
    shows; `ids` puts each id under its name when the id column has given way."""
    groups: dict[str, list[TargetStatus]] = {}
    for t in status.targets:
        groups.setdefault(t.problem.id if t.problem else "", []).append(t)
    owners = {problem: _problem_owner(status, rows[0]) for problem, rows in groups.items()}
    titles = {problem: problem_heading(status, rows[0]) for problem, rows in groups.items()}
    cells: dict[str, list[tuple[Text, ...]]] = {}
    for problem, rows in groups.items():
        cells[problem] = []
        for t in rows:
            cells[problem].append(
                (
                    cell(t.target.name, "bold"),
                    cell(t.target.id, "dim"),
                    _progress(t),
                    _value(t),
                    Text(due_text(t.due, t.original_due) or _("ongoing")),
                    state_text(t.state, t.days_overdue, t.flags, t.done_undated),
                    _notes(t, owners[problem], structure_line(status.plan, t)),
                )
            )
            cells[problem].extend(part_rows(t))
    # Every column but the notes is as wide as its widest cell in any problem, so tables line up.
    widths = [
        max([cell_len(_(header))] + [row[i].cell_len for rows in cells.values() for row in rows])
        for i, (header, __) in enumerate(COLUMNS[:NOTES])
    ]
    notes = [line for rows in cells.values() for row in rows for line in row[NOTES].split("\n")]
    widths.append(max([cell_len(_(COLUMNS[NOTES][0]))] + [line.cell_len for line in notes]))
    layout = _layout(widths, width)
    if ids and ID not in layout.columns:
        cells = {problem: [(_with_id(row), *row[1:]) for row in rows] for problem, rows in cells.items()}
    return StatusCells(titles, cells, owners, widths, layout)


def status_view(status: PlanStatus, width: int, ids: bool = False) -> list[Table | Text]:
    """A table per problem (问题), in plan order, with the same columns at the same widths.

    Each row starts with the target's name, whole (it wraps); on a screen
    (`width` cells) with no room for every column, columns give way as `_layout`
    says; notes that leave the table follow it, then the lead unit.
    """
    view = status_cells(status, width, ids)
    layout = view.layout
    blocks: list[Table | Text] = []
    for problem, rows in view.rows.items():
        table = Table(
            title=cell(view.titles[problem], "bold cyan"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        for i in layout.columns:
            header, options = COLUMNS[i]
            if i == NAME:
                options = {**options, "max_width": layout.name_width}
            elif i < NOTES:
                options = {**options, "min_width": view.widths[i]}
            else:
                options = {**options, "min_width": layout.notes_width}
            table.add_column(_(header), **options)
        for row in rows:
            table.add_row(*(row[i] for i in layout.columns))
        blocks.append(table)
        if not layout.notes_width:
            blocks.extend(_notes_under(rows))
        if view.owners[problem]:
            blocks.append(cell(view.owners[problem], "dim"))
    return blocks


def status_text(status: PlanStatus, width: int, ids: bool = False) -> list[tuple[str, str]]:
    """The tables of `status_view` as plain aligned lines (loglines), for a listing too long for rich:
    each problem's title and its table, with the same columns and cells, names wrapped at the same
    width, without colour; notes that leave the table and the lead unit follow it."""
    view = status_cells(status, width, ids)
    layout = view.layout
    header = [_(COLUMNS[i][0]) for i in layout.columns]
    fixed = [i != NOTES for i in layout.columns]
    least = [min(view.widths[i], layout.name_width) if i == NAME else view.widths[i] for i in layout.columns]
    if NOTES in layout.columns:
        least[-1] = layout.notes_width  # every table's columns line up, as the rich tables' do
    tables = []
    for problem, rows in view.rows.items():
        body = [
            [_wrapped(row[i], layout.name_width) if i == NAME else row[i].plain for i in layout.columns]
            for row in rows
        ]
        text = loglines.lines(header, body, fixed, width, least)
        if not layout.notes_width:
            text += _notes_under_text(rows, width)
        if view.owners[problem]:
            text += loglines.wrap(inert(view.owners[problem]), width)
        tables.append((view.titles[problem], text))
    return tables


def _notes_under_text(rows: Sequence[tuple[Text, ...]], width: int) -> str:
    """`_notes_under` as plain lines: the heading, then each name and its notes, as rich lays out
    its grid (two cells of padding at the edge and between the columns)."""
    noted = [(row[NAME].plain, row[NOTES].plain) for row in rows if row[NOTES]]
    if not noted:
        return ""
    names = [loglines.wrap(name, NAME_INLINE - 2).splitlines() for name, __ in noted]
    name_width = max(cell_len(line) for lines in names for line in lines)
    out = [" " + _(COLUMNS[NOTES][0])]
    for name_lines, (__, notes) in zip(names, noted, strict=True):
        note_lines = loglines.wrap(notes, width - name_width - 6).splitlines()
        for n in range(max(len(name_lines), len(note_lines))):
            name = name_lines[n] if n < len(name_lines) else ""
            note = note_lines[n] if n < len(note_lines) else ""
            out.append(f"  {name}{' ' * (name_width - cell_len(name))}  {note}".rstrip())
    return "\n".join(out) + "\n"


def _wrapped(text: Text, width: int) -> str:
    """A cell's text in lines at most `width` cells wide, as rich wraps the name column."""
    return loglines.wrap(text.plain, width)[:-1]


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
        names = {t.target.id: t.target for t in status.targets}
        lines.append(Text(_("Due in the next 30 days:"), style="bold"))
        for item in status.due_soon:
            target = names.get(item.target)
            unit = target.unit if target is not None else None
            if item.what != "goal":
                what = _("milestone {value}").format(value=fmt(item.value, unit))
            else:  # a task falls due by its deadline (完成时限); a figure by its goal (目标)
                what = _("deadline") if target is not None and target.kind is Kind.TASK else _("goal")
            label = named(target) if target is not None else item.target
            lines.append(cell(f"  {long_date(item.on)}  {label}  {what}"))
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


def is_long(statuses: Sequence[PlanStatus]) -> bool:
    """Whether the plans' rows are too many for rich tables: past PLAIN_ROWS they are plain lines."""
    return sum(len(s.targets) + sum(len(t.parts) for t in s.targets) for s in statuses) > loglines.PLAIN_ROWS


def print_lines(out: Console, lines: Sequence[Text], plain: bool) -> None:
    """Lines of running text: each laid out by rich, or, in a listing too long for it, by loglines."""
    if plain:
        loglines.write(out, "".join(loglines.wrap(line.plain, out.width) for line in lines))
    else:
        for line in lines:
            out.print(line)


def print_listing(out: Console, lines: Iterable[str]) -> None:
    """A listing's plain lines (due, warnings, pending, changes) at the console's width, laid out
    as `print_lines` lays out a long listing (rich would measure each line); a long line wraps
    under its own indent."""
    text = []
    for line in lines:
        line = inert(line)
        body = line.lstrip(" ")
        indent = " " * (len(line) - len(body))
        text += [
            indent + part + "\n" if part else "\n"
            for part in loglines.wrap(body, out.width - len(indent)).split("\n")[:-1]
        ]
    loglines.write(out, "".join(text))


def print_status(out: Console, statuses: Sequence[PlanStatus], ids: bool = False) -> None:
    """Each plan's title, view and summary; past PLAIN_ROWS rows in all, as plain lines."""
    plain = is_long(statuses)
    for i, status in enumerate(statuses):
        title = f"{status.plan.title}  ·  {status.plan.id}  ·  " + _("as of {date}").format(
            date=long_date(status.as_of)
        )
        print_lines(out, [Text()] * bool(i) + [cell(title, "bold")], plain)
        if plain:
            for heading, table in status_text(status, out.width, ids):
                loglines.write(out, loglines.wrap(inert(heading), out.width) + table)
        else:
            for block in status_view(status, out.width, ids):
                out.print(block)
        print_lines(out, summary_lines(status), plain)


LOG_COLUMNS: tuple[tuple[str, dict[str, Any], int], ...] = (
    # header, column options, the narrowest screen that shows the column
    (N_("Plan"), {"overflow": "fold"}, 0),
    (N_("Line"), {"no_wrap": True}, 0),
    (N_("Date"), {"no_wrap": True}, 0),
    (N_("Target"), {"no_wrap": True}, 0),
    (N_("Value"), {"overflow": "fold"}, 0),
    (N_("By"), {"overflow": "fold"}, 70),
    (N_("Note"), {"overflow": "fold"}, 0),
    (N_("Evidence"), {"overflow": "fold"}, 100),
    (N_("Recorded"), {"no_wrap": True}, 140),
)


def log_table(rows: list[tuple[str, ProgressEntry, int, str]], show_plan: bool, width: int = 200) -> Table:
    """The entries, a row each, with its line (what retract and review --entry take) and its mark;
    on a narrow screen the recording time, evidence and recorder go, in that order, the dates stay
    whole, and what is left of the entry goes under its target (`log_grid`)."""
    grid = log_grid(rows, show_plan, width)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header, keep in zip(grid.headers, grid.fixed, strict=True):
        table.add_column(header, **({"no_wrap": True} if keep else {"overflow": "fold"}))
    for cells in grid.rows:
        table.add_row(*map(Text, cells))
    return table


TARGET, FOLDED = 3, (4, 5, 6, 7)  # the LOG_COLUMNS that wrap: value, by, note, evidence
LOG_ROOM = 30  # cells the folded columns need beside the others, else they go under the target


class LogGrid(NamedTuple):
    """The log as a screen shows it: the columns' headers, which of them never wrap, the rows' cells
    (inert already)."""

    headers: list[str]
    fixed: list[bool]
    rows: list[list[str]]


def log_grid(rows: list[tuple[str, ProgressEntry, int, str]], show_plan: bool, width: int) -> LogGrid:
    """The columns and cells of the log on a screen `width` cells wide.

    When the line, date and target (and the plan) leave the value, recorder, note and evidence
    less than LOG_ROOM cells, those go under the target in its cell, on one line joined by " · ",
    rather than in columns a character or two wide.
    """
    shown = log_columns(show_plan, width)
    cells = [_inert_cells([all_cells[i] for i in shown]) for all_cells in (log_cells(*row) for row in rows)]
    headers = [inert(_(LOG_COLUMNS[i][0])) for i in shown]
    own = [k for k, i in enumerate(shown) if i not in FOLDED]
    taken = sum(loglines.widest([headers[k], *(row[k] for row in cells)]) for k in own)
    if width - 2 - taken - len(loglines.GAP) * (len(shown) - 1) >= LOG_ROOM:
        return LogGrid(headers, [bool(LOG_COLUMNS[i][1].get("no_wrap")) for i in shown], cells)
    folded = [k for k, i in enumerate(shown) if i in FOLDED]
    under = shown.index(TARGET)

    def merged(row: list[str], glue: str = "\n") -> list[str]:
        below = " · ".join(row[k] for k in folded if row[k])
        return [row[k] + (glue + below if k == under and below else "") for k in own]

    return LogGrid(
        merged(headers, " / "),
        [k != under and bool(LOG_COLUMNS[shown[k]][1].get("no_wrap")) for k in own],
        [merged(row) for row in cells],
    )


def log_columns(show_plan: bool, width: int) -> list[int]:
    """The LOG_COLUMNS a screen this wide shows."""
    return [i for i, column in enumerate(LOG_COLUMNS) if (i or show_plan) and width >= column[2]]


def log_cells(plan_id: str, e: ProgressEntry, line: int, mark: str) -> tuple[str, ...]:
    """An entry's text in each of LOG_COLUMNS, as it is recorded (not yet made inert)."""
    value = _("done") if e.done else _("not done") if e.done is False else fmt(e.value)
    if e.kind is not None:
        value = step_label(e.kind) + (f" {e.of_date}" if e.of_date else "")
        value += _(": ") + step_label(e.verdict) if e.verdict else ""
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
    return (
        plan_id,
        str(line),
        str(e.date),
        e.target + (f"/{e.part}" if e.part else ""),
        value,
        e.by or "",
        note,
        e.evidence or "",
        e.recorded.isoformat(" ", "minutes")[:16],  # 2022-07-31 09:00, without its offset
    )


def print_log(out: Console, rows: list[tuple[str, ProgressEntry, int, str]], show_plan: bool) -> None:
    """The log as a table; a long one as plain aligned lines of the same columns (loglines)."""
    if not rows:
        out.print(_("No progress recorded yet."))
        return
    if len(rows) <= loglines.PLAIN_ROWS:
        out.print(log_table(rows, show_plan, out.width))
        return
    grid = log_grid(rows, show_plan, out.width)
    loglines.write(out, loglines.lines(grid.headers, grid.rows, grid.fixed, out.width))


def _inert_cells(cells: list[str]) -> list[str]:
    """A row's cells made inert; a row of printable text (nearly every one) tested at once."""
    joined = "".join(cells)
    return cells if joined.isprintable() and len(joined) <= SHOWN_MAX else [inert(c) for c in cells]


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
            if (problem is not None and not is_problem(p, problem)) or (
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
