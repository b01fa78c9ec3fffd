"""The first section over many plans on the terminal: a row per plan, then per lead unit."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.table import Table

from zibo_rectify.i18n import _
from zibo_rectify.render import cell
from zibo_rectify.report import text
from zibo_rectify.report.model import overview
from zibo_rectify.status import PlanStatus


def print_overview(out: Console, statuses: Iterable[PlanStatus]) -> None:
    lines, units = overview(statuses)
    for title, headers, rows in (
        (_("Plans"), text.OVERVIEW_COLUMNS, [text.plan_line_cells(p) for p in lines]),
        (_("Lead units across plans"), text.UNIT_COLUMNS, [text.unit_cells(u) for u in units]),
    ):
        table = Table(title=cell(title, "bold"), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        for i, header in enumerate(headers):
            table.add_column(_(header), justify="right" if 1 < i < 7 else "left", overflow="fold")
        for row in rows:
            table.add_row(*(cell(text.cell_text(c)) for c in row))
        out.print(table)
    out.print()
