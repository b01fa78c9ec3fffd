"""The first section over many plans on the terminal: a row per plan, then per lead unit."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.table import Table

from zibo_rectify import loglines
from zibo_rectify.i18n import _
from zibo_rectify.present import text
from zibo_rectify.present.model import overview
from zibo_rectify.render.cells import cell
from zibo_rectify.safetext import inert
from zibo_rectify.status import PlanStatus


def print_overview(out: Console, statuses: Iterable[PlanStatus]) -> None:
    """A table of the plans and one of the lead units; past PLAIN_ROWS rows, plain lines of the
    same columns and text (loglines), as a long status listing is."""
    lines, units = overview(statuses)
    for title, headers, rows in (
        (_("Plans"), text.OVERVIEW_COLUMNS, [text.plan_line_cells(p) for p in lines]),
        (_("Lead units across plans"), text.UNIT_COLUMNS, [text.unit_cells(u) for u in units]),
    ):
        right = [1 < i < 7 for i in range(len(headers))]
        if len(rows) > loglines.PLAIN_ROWS:
            body = [[inert(text.cell_text(c)) for c in row] for row in rows]
            names = [_(h) for h in headers]
            table_text = loglines.lines(names, body, [False] * len(headers), out.width, right=right)
            loglines.write(out, loglines.wrap(_(title), out.width) + table_text)
            continue
        table = Table(title=cell(title, "bold"), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        for header, rightward in zip(headers, right, strict=True):
            table.add_column(_(header), justify="right" if rightward else "left", overflow="fold")
        for row in rows:
            table.add_row(*(cell(text.cell_text(c)) for c in row))
        out.print(table)
    out.print()
