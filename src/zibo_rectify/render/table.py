"""The status table: a table per problem, a row per target and part, from the presentation model.

Its columns give way on a narrow screen (`_layout`); past PLAIN_ROWS rows in
all, the same tables are written as plain aligned lines (loglines).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zibo_rectify import loglines
from zibo_rectify.i18n import N_, _, long_date, ngettext
from zibo_rectify.model import named
from zibo_rectify.present import phrase
from zibo_rectify.present.build import report_of_status
from zibo_rectify.present.labels import rollup_label, state_label
from zibo_rectify.present.rows import PlanReport, ProblemRow
from zibo_rectify.render.cells import ROLLUP_STYLE, STATE_STYLE, cell, print_lines
from zibo_rectify.render.rows import part_cells, target_cells
from zibo_rectify.safetext import inert
from zibo_rectify.status import PlanStatus

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
NAME_LEAST = 6


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
    # Nothing fits: the name takes what is left (rich would squeeze it there too), at least a few cells.
    return Layout(shown, 0, max(min(name, room), NAME_LEAST))


def _name_lines(name: Text, width: int) -> Text:
    """A name cell in lines at most `width` cells wide, as `loglines.wrap` breaks it (no line
    starting with 、 or 。), in the cell's own style."""
    return Text(loglines.wrap(name.plain, width)[:-1], style=name.style)


def _with_id(row: tuple[Text, ...]) -> Text:
    """A row's name, whole, and its id under it."""
    name = row[NAME].copy()
    name.append("\n" + row[ID].plain.strip(), style="dim")
    return name


def _noted(rows: Sequence[tuple[Text, ...]]) -> list[tuple[Text, Text]]:
    """Each noted row's name, wrapped for the notes under the table (by the rules of Chinese line
    breaking, so that rich need not fold it), and its notes."""
    return [(_name_lines(row[NAME], NAME_INLINE - 2), row[NOTES]) for row in rows if row[NOTES]]


def _notes_under(noted: Sequence[tuple[Text, Text]]) -> list[Table | Text]:
    """The targets' notes under their table, a heading then a name and its notes a row, for a
    screen too narrow for a notes column."""
    grid = Table.grid(padding=(0, 2), pad_edge=True)
    grid.add_column(overflow="fold", max_width=NAME_INLINE)
    grid.add_column(overflow="fold")
    for name, notes in noted:
        grid.add_row(name, notes)
    return [Text(" " + _(COLUMNS[NOTES][0]), style="bold"), grid] if grid.row_count else []


def problem_owners(problem: ProblemRow) -> str | None:
    return phrase.owners_phrase(problem.owners, phrase.ALL_ROLES) or None


def problem_heading(problem: ProblemRow) -> str:
    """The problem's title (with the document's number), and its roll-up (整改情况)."""
    if not problem.id:
        return problem.title  # the plan's own targets (主要目标)
    title = f"{problem.own_number} {problem.title}" if problem.own_number else problem.title
    return f"{title}  ·  {rollup_label(problem.rollup)}"


class StatusCells(NamedTuple):
    """A plan's status view before it is drawn: each problem's title, rows and lead unit, and the layout."""

    titles: dict[str, str]
    rows: dict[str, list[tuple[Text, ...]]]  # by problem id, in plan order; a row's cells by COLUMNS
    noted: dict[str, list[tuple[Text, Text]]]  # by problem id, the notes under the table, if any
    owners: dict[str, str | None]
    widths: list[int]  # the widest cell of each column (for the notes, the widest line)
    layout: Layout


def plan_view(status: PlanStatus) -> PlanReport:
    """The presentation model of a status view: its rows, as every report has them."""
    return report_of_status(status, [], None)


def status_cells(status: PlanStatus, width: int, ids: bool = False) -> StatusCells:
    """The cells of the view, a row per target and part, and the columns a screen `width` cells wide
    shows; `ids` puts each id under its name when the id column has given way."""
    shown = [p for p in plan_view(status).problems if p.targets]
    owners = {p.id: problem_owners(p) for p in shown}
    titles = {p.id: problem_heading(p) for p in shown}
    cells: dict[str, list[tuple[Text, ...]]] = {}
    for problem in shown:
        cells[problem.id] = []
        for t in problem.targets:
            cells[problem.id].append(target_cells(t, owners[problem.id]))
            cells[problem.id].extend(part_cells(t, p) for p in t.parts)
    # Every column but the notes is as wide as its widest cell in any problem, so tables line up.
    widths = [
        max(cell_len(_(header)), loglines.widest([row[i].plain for rows in cells.values() for row in rows]))
        for i, (header, __) in enumerate(COLUMNS[:NOTES])
    ]
    notes = [line for rows in cells.values() for row in rows for line in row[NOTES].split("\n")]
    widths.append(max([cell_len(_(COLUMNS[NOTES][0]))] + [line.cell_len for line in notes]))
    layout = _layout(widths, width)
    noted = {problem: _noted(rows) for problem, rows in cells.items()} if not layout.notes_width else {}
    # Names wrapped here, by the rules of Chinese line breaking, so that rich need not break them.
    cells = {
        problem: [(_name_lines(row[NAME], layout.name_width), *row[1:]) for row in rows]
        for problem, rows in cells.items()
    }
    if ids and ID not in layout.columns:
        cells = {problem: [(_with_id(row), *row[1:]) for row in rows] for problem, rows in cells.items()}
    return StatusCells(titles, cells, noted, owners, widths, layout)


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
            if i == NAME:  # as wide as the plain lines make it (`status_text`), names wrapped already
                least = min(view.widths[NAME], layout.name_width)
                options = {**options, "max_width": layout.name_width, "min_width": least}
            elif i < NOTES:
                options = {**options, "min_width": view.widths[i]}
            else:
                options = {**options, "min_width": layout.notes_width}
            table.add_column(_(header), **options)
        for row in rows:
            table.add_row(*(row[i] for i in layout.columns))
        blocks.append(table)
        if not layout.notes_width:
            blocks.extend(_notes_under(view.noted[problem]))
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
            text += _notes_under_text(view.noted[problem], width)
        if view.owners[problem]:
            text += loglines.wrap(inert(view.owners[problem]), width)
        tables.append((view.titles[problem], text))
    return tables


def _notes_under_text(noted: Sequence[tuple[Text, Text]], width: int) -> str:
    """`_notes_under` as plain lines: the heading, then each name and its notes, as rich lays out
    its grid (two cells of padding at the edge and between the columns)."""
    if not noted:
        return ""
    names = [name.plain.splitlines() for name, __ in noted]
    name_width = max(cell_len(line) for lines in names for line in lines)
    out = [" " + _(COLUMNS[NOTES][0])]
    for name_lines, (__, notes) in zip(names, noted, strict=True):
        note_lines = loglines.wrap(notes.plain, width - name_width - 6).splitlines()
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
        line.append(_("{count} {state}").format(count=n, state=state_label(state)), style=STATE_STYLE[state])
    if status.unrecorded:  # behind or overdue from the baseline: say that nothing came in
        line.append(_(", "))
        line.append(_("{count} with nothing recorded").format(count=status.unrecorded), style="magenta")
    if counted:
        line.append(
            " · " + _("completion {ratio}").format(ratio=phrase.percent(status.completion)), style="bold"
        )
    lines = [line, *_problem_line(status), *_shown_line(status)]
    if status.due_soon:
        names = {t.target.id: t.target for t in status.targets}
        lines.append(Text(_("Due in the next 30 days:"), style="bold"))
        for item in status.due_soon:
            target = names.get(item.target)
            unit = target.unit if target is not None else None
            if item.what != "goal":
                what = _("milestone {value}").format(value=phrase.amount(item.value, unit))
            else:  # a task falls due by its deadline (完成时限); a figure by its goal (目标)
                what = _("deadline") if target is not None and target.kind.value == "task" else _("goal")
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
            _("{count} {state}").format(count=n, state=rollup_label(rollup)), style=ROLLUP_STYLE[rollup]
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
