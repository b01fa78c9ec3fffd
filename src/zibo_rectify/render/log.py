"""`rectify log` on the terminal: a row per entry, columns that give way on a narrow screen."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from rich import box
from rich.console import Console
from rich.table import Table

from zibo_rectify import loglines
from zibo_rectify.figures import amount, number
from zibo_rectify.i18n import N_, _, step_label
from zibo_rectify.log import ProgressEntry
from zibo_rectify.present import phrase
from zibo_rectify.render.cells import Prose
from zibo_rectify.safetext import SHOWN_MAX, inert
from zibo_rectify.screen import console as console

LOG_COLUMNS: tuple[tuple[str, dict[str, Any], int], ...] = (
    # header, column options, the narrowest screen that shows the column
    (N_("Plan"), {"overflow": "fold"}, 0),
    (N_("Line"), {"no_wrap": True}, 0),
    (N_("Date"), {"no_wrap": True}, 0),
    (N_("Target"), {"overflow": "fold"}, 0),
    (N_("Value"), {"overflow": "fold"}, 0),
    (N_("By"), {"overflow": "fold"}, 70),
    (N_("Note"), {"overflow": "fold"}, 0),
    (N_("Evidence"), {"overflow": "fold"}, 100),
    (N_("Recorded"), {"no_wrap": True}, 140),
)


Names = Mapping[tuple[str, str], str]  # (plan id, target id) -> the target's name
NO_NAMES: Names = MappingProxyType({})
NAME_ROOM = 24  # cells a target's name and id take before they wrap


def log_table(
    rows: list[tuple[str, ProgressEntry, int, str]],
    show_plan: bool,
    width: int = 200,
    names: Names = NO_NAMES,
) -> Table:
    """The entries, a row each, with its line (what retract and review --entry take) and its mark;
    on a narrow screen the recording time, evidence and recorder go, in that order, the dates stay
    whole, and what is left of the entry goes under its target (`log_grid`)."""
    grid = log_grid(rows, show_plan, width, names)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header, keep in zip(grid.headers, grid.fixed, strict=True):
        table.add_column(header, **({"no_wrap": True} if keep else {"overflow": "fold"}))
    for cells in grid.rows:
        table.add_row(*map(Prose, cells))
    return table


TARGET, FOLDED = 3, (4, 5, 6, 7)  # the LOG_COLUMNS that wrap: value, by, note, evidence
LOG_ROOM = 30  # cells the folded columns need beside the others, else they go under the target


class LogGrid(NamedTuple):
    """The log as a screen shows it: the columns' headers, which of them never wrap, the rows' cells
    (inert already)."""

    headers: list[str]
    fixed: list[bool]
    rows: list[list[str]]


def log_grid(
    rows: list[tuple[str, ProgressEntry, int, str]], show_plan: bool, width: int, names: Names = NO_NAMES
) -> LogGrid:
    """The columns and cells of the log on a screen `width` cells wide.

    When the line, date and target (and the plan) leave the value, recorder, note and evidence
    less than LOG_ROOM cells, those go under the target in its cell, on one line joined by " · ",
    rather than in columns a character or two wide.
    """
    shown = log_columns(show_plan, width)
    cells = [
        _inert_cells([all_cells[i] for i in shown]) for all_cells in (log_cells(*row, names) for row in rows)
    ]
    headers = [inert(_(LOG_COLUMNS[i][0])) for i in shown]
    own = [k for k, i in enumerate(shown) if i not in FOLDED]
    taken = sum(
        min(
            loglines.widest([headers[k], *(row[k] for row in cells)]),
            NAME_ROOM if shown[k] == TARGET else width,
        )
        for k in own
    )
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


def log_cells(
    plan_id: str, e: ProgressEntry, line: int, mark: str, names: Names = NO_NAMES
) -> tuple[str, ...]:
    """An entry's text in each of LOG_COLUMNS, as it is recorded (not yet made inert)."""
    value = _("done") if e.done else _("not done") if e.done is False else number(e.value)
    if e.kind is not None:
        value = step_label(e.kind) + (f" {e.of_date}" if e.of_date else "")
        value += _(": ") + step_label(e.verdict) if e.verdict else ""
    elif e.percent is not None:
        value = amount(e.percent, "%")
    elif e.is_note:
        value = "—"
    if e.increment is not None:
        value += f" ({'+' if e.increment >= 0 else ''}{number(e.increment)})"
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
        phrase.named(names.get((plan_id, e.target)), e.target) + (f"/{e.part}" if e.part else ""),
        value,
        e.by or "",
        note,
        e.evidence or "",
        phrase.recorded_time(e.recorded),
    )


def print_log(
    out: Console, rows: list[tuple[str, ProgressEntry, int, str]], show_plan: bool, names: Names = NO_NAMES
) -> None:
    """The log as a table, each target by its name with its id beside it; a long one as plain
    aligned lines of the same columns (loglines)."""
    if not rows:
        out.print(_("No progress recorded yet."))
        return
    if len(rows) <= loglines.PLAIN_ROWS:
        out.print(log_table(rows, show_plan, out.width, names))
        return
    grid = log_grid(rows, show_plan, out.width, names)
    loglines.write(out, loglines.lines(grid.headers, grid.rows, grid.fixed, out.width))


def _inert_cells(cells: list[str]) -> list[str]:
    """A row's cells made inert; a row of printable text (nearly every one) tested at once."""
    joined = "".join(cells)
    return cells if joined.isprintable() and len(joined) <= SHOWN_MAX else [inert(c) for c in cells]
