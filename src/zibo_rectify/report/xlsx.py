"""The ledger (整改台账) as an Excel/WPS workbook: ledger, summary and history sheets.

Written with XlsxWriter, which writes new workbooks faithfully (frozen
headers, widths, wrapping, real dates and numbers) and is pure Python and
light; it cannot edit a workbook, which a report never needs.  openpyxl reads
the result back in the tests.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from zibo_rectify.i18n import N_, _
from zibo_rectify.report import text
from zibo_rectify.report.model import Report, TargetRow

# 预警 colours: red overdue, yellow behind the planned pace, green finished, blue not started.
STATE_COLOUR = {
    "overdue": "#F4B6B6",
    "not_met": "#FCE4A8",
    "behind": "#FCE4A8",
    "no_data": "#E6E6E6",
    "on_track": "#FFFFFF",
    "not_started": "#DCE9F7",
    "done": "#C9E7C2",
    "met": "#C9E7C2",
}
WARNING_COLOUR = {"red": "#F4B6B6", "yellow": "#FCE4A8", "blue": "#CFE2F7"}
LEDGER_WIDTHS = (7, 24, 36, 28, 20, 22, 22, 12, 26, 26, 12, 12, 20, 26, 20, 40)
SINCE_WIDTHS = (10, 12, 7, 28, 14, 14, 44, 14, 8)
HISTORY_WIDTHS = (20, 12, 18, 10, 10, 14, 30, 20, 24)
DATE_FORMAT = "yyyy-mm-dd"


def render(report: Report) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties({"title": _("Rectification ledger"), "created": dt.datetime(2000, 1, 1)})
    base = {"text_wrap": True, "valign": "top", "border": 1, "font_size": 10}
    styles = {
        "head": book.add_format({**base, "bold": True, "bg_color": "#D9D9D9", "align": "center"}),
        "text": book.add_format(base),
        "date": book.add_format({**base, "num_format": DATE_FORMAT}),
        "number": book.add_format({**base, "num_format": "#,##0.##"}),
        "percent": book.add_format({**base, "num_format": "0.0%"}),
        "title": book.add_format({"bold": True, "font_size": 14}),
    }
    states = {state: book.add_format({**base, "bg_color": colour}) for state, colour in STATE_COLOUR.items()}
    warnings = {level: book.add_format({**base, "bg_color": c}) for level, c in WARNING_COLOUR.items()}
    _ledger(book, report, styles, states, warnings)
    _summary(book, report, styles)
    if report.since is not None:
        _since(book, report, styles)
    _history(book, report, styles)
    book.close()
    return out.getvalue()


def _write(
    sheet: Any, row: int, col: int, value: text.Cell, styles: dict[str, Any], style: Any = None
) -> None:
    """A cell as what it is: a date as a date, a number as a number, text as inert text."""
    if isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), style or styles["date"])
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, style or styles["number"])
    else:
        sheet.write_string(row, col, text.neutral(value or ""), style or styles["text"])


def _header(sheet: Any, headers: list[str], widths: tuple[int, ...], styles: dict[str, Any]) -> None:
    for col, (header, width) in enumerate(zip(headers, widths, strict=False)):
        sheet.write_string(0, col, header, styles["head"])
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)


def _ledger(
    book: Any, report: Report, styles: dict[str, Any], states: dict[str, Any], warnings: dict[str, Any]
) -> None:
    sheet = book.add_worksheet(_("Ledger"))
    headers, rows = text.ledger_table(report)
    offset = 1 if len(report.plans) > 1 else 0
    _header(sheet, headers, (16,) * offset + LEDGER_WIDTHS, styles)
    state_col = offset + text.LEDGER_COLUMNS.index(N_("Completion state"))
    warning_col = offset + text.LEDGER_COLUMNS.index(N_("Warning"))
    for r, (target, cells) in enumerate(rows, 1):
        for c, value in enumerate(cells):
            style = None
            if isinstance(target, TargetRow) and c == state_col:
                style = states.get(target.state or "")
            elif isinstance(target, TargetRow) and c == warning_col:
                style = warnings.get(target.warning or "")
            _write(sheet, r, c, value, styles, style)
    sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)


def _summary(book: Any, report: Report, styles: dict[str, Any]) -> None:
    sheet = book.add_worksheet(_("Summary"))
    headers = [_(h) for h in text.OVERVIEW_COLUMNS]
    _header(sheet, headers, (22, 40, 10, 10, 10, 10, 14, 14), styles)
    row = 1
    for line in report.overview:
        cells = text.plan_line_cells(line)
        cells[6] = line.completion  # a ratio, shown as a percentage
        for c, value in enumerate(cells):
            _write(sheet, row, c, value, styles, styles["percent"] if c == 6 else None)
        row += 1
    row += 1
    for c, header in enumerate(text.UNIT_COLUMNS):
        sheet.write_string(row, c, _(header), styles["head"])
    row += 1
    for unit in report.units:
        cells = text.unit_cells(unit)
        cells[6] = unit.completion
        for c, value in enumerate(cells):
            _write(sheet, row, c, value, styles, styles["percent"] if c == 6 else None)
        row += 1
    for plan in report.plans:
        row += 1
        sheet.write_string(row, 0, text.neutral(text.title_line(plan)), styles["title"])
        for sentence in text.summary_sentences(plan.summary, plan.document_type):
            row += 1
            sheet.write_string(row, 0, text.neutral(sentence))
    sheet.write_string(row + 2, 0, text.basis_sentence(report))


def _since(book: Any, report: Report, styles: dict[str, Any]) -> None:
    """The sheet "since the last report" (--since): a row per change, plans one after another."""
    sheet = book.add_worksheet(_("Since the last report"))
    many = len(report.plans) > 1
    headers = [_(h) for h in ((N_("Plan"),) * many + text.SINCE_COLUMNS)]
    _header(sheet, headers, (16,) * many + SINCE_WIDTHS, styles)
    row = 1
    for plan in report.plans:
        first: list[text.Cell] = [plan.plan] * many
        for change in plan.since.changes if plan.since is not None else []:
            cells = first + text.since_cells(change)
            for c, value in enumerate(cells):
                _write(sheet, row, c, value, styles)
            row += 1
    sheet.autofilter(0, 0, max(row - 1, 1), len(headers) - 1)


def _history(book: Any, report: Report, styles: dict[str, Any]) -> None:
    sheet = book.add_worksheet(_("History"))
    _header(sheet, [_(h) for h in text.HISTORY_COLUMNS], HISTORY_WIDTHS, styles)
    row = 1
    for plan in report.plans:
        for entry in plan.entries:
            for c, value in enumerate(text.entry_cells(entry)):
                _write(sheet, row, c, value, styles)
            row += 1
