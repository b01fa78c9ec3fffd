"""The ledger (整改台账) as an Excel/WPS workbook: ledger, summary and history sheets, ready to print.

Written with XlsxWriter, which writes new workbooks faithfully (frozen
headers, widths, wrapping, merged cells, page set-up, real dates and numbers)
and is pure Python and light; it cannot edit a workbook, which a report never
needs.  openpyxl reads the result back in the tests.

Every sheet has a title row and its header frozen under it and repeated on
each printed page, prints on A4 landscape one page wide, and has its rows as
tall as their wrapped text.  The formula guard (an apostrophe before = + - @)
is for text from a plan or a log only: rectify's own words and figures are
written as they are.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import N_, _, long_date
from zibo_rectify.knownat import PLAN_ZONE
from zibo_rectify.present import phrase, text
from zibo_rectify.present.model import PartRow, PlanReport, Report, TargetRow
from zibo_rectify.report import bulletin
from zibo_rectify.report.nouns import nouns

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
DATE_FORMAT = "yyyy-mm-dd"
FONT, FONT_PT, LINE_PT = "宋体", 10, 13.5  # a wrapped line of 10 pt text, as Excel and WPS space it
HEADER_ROW = 1  # under the title row


class Column(NamedTuple):
    title: str  # a catalog message, or a key of the document's nouns (item, measure, task, goal)
    width: float  # in Excel's units: about one Latin character, half a Chinese one


# The ledger's columns, narrow enough to print one A4 landscape page wide at a readable size.
LEDGER = (
    Column(N_("No."), 5),
    Column("item", 18),
    Column("measure", 24),
    Column("task", 22),
    Column("goal", 16),
    Column(N_("Responsible units"), 12),
    Column(N_("Deadline"), 11),
    Column(N_("Value"), 9),
    Column(N_("Share done"), 8),
    Column(N_("Progress so far"), 20),
    Column(N_("Completion state"), 14),
    Column(N_("Done on"), 11),
    Column(N_("Warning"), 8),
    Column(N_("Remarks"), 14),
)
PLAN_COLUMN = Column(N_("Plan"), 16)
HISTORY = (
    Column(N_("Target"), 24),
    Column(N_("Date"), 11),
    Column(N_("Value"), 12),
    Column(N_("Correction"), 9),
    Column(N_("By"), 12),
    Column(N_("Note"), 30),
    Column(N_("Evidence"), 18),
    Column(N_("Recorded"), 17),
)
SINCE_WIDTHS = (10, 11, 6, 26, 12, 12, 40, 12, 6)
SUMMARY_WIDTHS = (36, 8, 8, 8, 8, 10, 11)


def render(report: Report) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties({"title": _("Rectification ledger"), "created": dt.datetime(2000, 1, 1)})
    styles = Styles(book)
    _ledger(book, report, styles)
    _summary(book, report, styles)
    if report.since is not None:
        _since(book, report, styles)
    _history(book, report, styles)
    book.close()
    return out.getvalue()


class Styles:
    """The workbook's formats, each made once (XlsxWriter keeps every format it is given)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.base = {
            "text_wrap": True, "valign": "vcenter", "border": 1, "font_size": FONT_PT, "font_name": FONT,
        }  # fmt: skip
        self.head = book.add_format({**self.base, "bold": True, "bg_color": "#D9D9D9", "align": "center"})
        self.title = book.add_format({"bold": True, "font_size": 14, "font_name": FONT, "align": "center",
                                      "valign": "vcenter", "text_wrap": True})  # fmt: skip
        self.text = book.add_format(self.base)
        self.centre = book.add_format({**self.base, "align": "center"})
        self.date = book.add_format({**self.base, "num_format": DATE_FORMAT, "align": "center"})
        self.percent = book.add_format({**self.base, "num_format": "0.0%"})
        self.problem = book.add_format({**self.base, "valign": "top", "bg_color": "#F2F2F2"})
        self.state = {s: book.add_format({**self.base, "bg_color": c}) for s, c in STATE_COLOUR.items()}
        self.warning = {w: book.add_format({**self.base, "bg_color": c}) for w, c in WARNING_COLOUR.items()}
        self.time = book.add_format({**self.base, "num_format": "yyyy-mm-dd hh:mm:ss", "align": "center"})
        self.numbers: dict[str, Any] = {}

    def of(self, value: object) -> Any:
        """The plain format of a value by its type."""
        if isinstance(value, dt.datetime):
            return self.time
        if isinstance(value, dt.date):
            return self.date
        return self.number(None) if isinstance(value, int | float) else self.text

    def number(self, unit: str | None) -> Any:
        """A number shown with its unit (226家, 61.3%), still a number to sort and sum."""
        unit = unit or ""
        if unit not in self.numbers:
            shown = '"' + unit.replace('"', "") + '"' if unit else ""
            self.numbers[unit] = self.book.add_format({**self.base, "num_format": "#,##0.##" + shown})
        return self.numbers[unit]


def lines(words: str, width: float) -> int:
    """How many lines text wraps to in a column: a Chinese character takes two of its units."""
    if not words:
        return 1
    room = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(sum(2 if ord(c) >= 0x2E80 else 1.1 for c in part) / room))
               for part in words.split("\n"))  # fmt: skip


def _page(sheet: Any, header_row: int = HEADER_ROW) -> None:
    """A4 landscape, one page wide and as long as it runs, the header on every page, numbered."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer("&C" + _("page &P of &N"))
    sheet.freeze_panes(header_row + 1, 0)


def _title(sheet: Any, words: str, last_col: int, styles: Styles, widths: Sequence[float]) -> None:
    sheet.merge_range(0, 0, 0, last_col, words, styles.title)
    sheet.set_row(0, max(24.0, 20.0 * lines(words, sum(widths) / 1.4)))


def _header(
    sheet: Any, titles: list[str], widths: Sequence[float], styles: Styles, row: int = HEADER_ROW
) -> None:
    for col, (title, width) in enumerate(zip(titles, widths, strict=True)):
        sheet.write_string(row, col, title, styles.head)
        sheet.set_column(col, col, width)
    sheet.set_row(row, LINE_PT * max(lines(t, w) for t, w in zip(titles, widths, strict=True)) + 4)


def plan_names(report: Report) -> dict[str, str]:
    return {plan: _data(name) for plan, name in bulletin.plan_names(report).items()}


def _data(words: str) -> str:
    """Text that came from a plan or a log: neutralised, so a spreadsheet never runs it."""
    return text.neutral(words)


def ledger_title(report: Report) -> str:
    """Title row: 市民政局…问题整改台账（截至2022年9月30日）, the plan's subject and the 截至 date."""
    if len(report.plans) == 1:
        plan = report.plans[0]
        ledger = _(nouns(plan.document_type).ledger)
        subject = bulletin.subject(plan.title)
        return _("{subject}{ledger} (as of {date})").format(
            subject=_data(subject), ledger=ledger, date=long_date(report.as_of)
        )
    return _("{ledger} (as of {date})").format(ledger=_("Rectification ledger"), date=long_date(report.as_of))


class Cell(NamedTuple):
    value: str | float | dt.date | None
    style: Any


def _write(sheet: Any, row: int, col: int, cell: Cell) -> None:
    value = cell.value
    if isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, cell.style)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), cell.style)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, cell.style)
    elif value:
        sheet.write_string(row, col, value, cell.style)
    else:
        sheet.write_blank(row, col, None, cell.style)


def target_cells(t: TargetRow, plan: PlanReport, styles: Styles) -> list[Cell]:
    """A target's cells from 整改任务 on (the problem and measure columns are merged apart)."""
    progress = bulletin.progress_words(t)
    own = t.kind != "task" or t.done or not t.last_entry  # the cell starts with rectify's words
    level = _(text.LEVEL_LABEL[t.warning]) if t.warning else ""
    return [
        Cell(_data(t.name), styles.text),
        Cell(bulletin.goal_words(t, plan), styles.text),
        Cell(_data(bulletin.units_words(t)), styles.text),
        Cell(text.due_cell(t), styles.date),
        Cell(t.value if t.kind != "task" else None, styles.number(t.unit)),
        Cell(bulletin.share_done(t), styles.percent),
        Cell(progress if own else _data(progress), styles.text),
        Cell(bulletin.completion_words(t, plan), styles.state.get(t.state or "", styles.text)),
        Cell(t.done_on, styles.date),
        Cell(level, styles.warning.get(t.warning or "", styles.text)),
        Cell(_data(bulletin.remarks(t)), styles.text),
    ]


def part_cells(part: PartRow, t: TargetRow, styles: Styles) -> list[Cell]:
    """A part's row (任务分解): its name indented, its goal, figure, share and state."""
    state = text.state_label(part.state) if part.state else ""
    return [
        Cell("　" + _data(part.name), styles.text),
        Cell(phrase.part_goal(part, t) if part.goal is not None else "", styles.text),
        Cell(_data(text.joined(list(part.owners))), styles.text),
        Cell(part.due if part.due != t.due else None, styles.date),
        Cell(part.value, styles.number(t.unit)),
        Cell(phrase.part_share(part, t), styles.percent),
        Cell("", styles.text),
        Cell(state, styles.state.get(part.state or "", styles.text)),
        Cell(None, styles.date),
        Cell("", styles.text),
        Cell("", styles.text),
    ]


class Grid:
    """Cells written to a sheet, each row as tall as its wrapped text, merged cells included."""

    def __init__(self, sheet: Any, widths: Sequence[float]) -> None:
        self.sheet, self.widths = sheet, widths
        self.lines: dict[int, float] = {}

    def put(self, row: int, col: int, cell: Cell) -> None:
        _write(self.sheet, row, col, cell)
        wrapped = lines(cell.value, self.widths[col]) if isinstance(cell.value, str) else 1
        self.lines[row] = max(self.lines.get(row, 1), wrapped)

    def merge(self, top: int, bottom: int, col: int, words: str, style: Any) -> None:
        """One cell over rows top..bottom; when its text needs more lines than they have, each
        of them grows by a share."""
        if top == bottom:
            self.put(top, col, Cell(words, style))
            return
        self.sheet.merge_range(top, col, bottom, col, words, style)
        rows = range(top, bottom + 1)
        short = lines(words, self.widths[col]) - sum(self.lines.get(r, 1) for r in rows)
        for r in rows:
            self.lines[r] = self.lines.get(r, 1) + max(short, 0) / len(rows)

    def merge_across(self, row: int, last: int, words: str, style: Any) -> None:
        """A line of text over the whole row, as tall as it wraps."""
        self.sheet.merge_range(row, 0, row, last, words, style)
        self.lines[row] = max(self.lines.get(row, 1), lines(words, sum(self.widths)))

    def finish(self) -> None:
        for row, count in self.lines.items():
            self.sheet.set_row(row, round(LINE_PT * count + 4, 1))


def _ledger(book: Any, report: Report, styles: Styles) -> None:
    kind = report.plans[0].document_type if report.plans else "zhenggai"
    words = nouns(kind)
    named = {"item": words.item, "measure": words.measure, "task": words.task, "goal": words.goal}
    many = len(report.plans) > 1
    columns = (PLAN_COLUMN,) * many + LEDGER
    widths = [c.width for c in columns]
    last = len(columns) - 1
    sheet = book.add_worksheet(_(words.ledger)[:31])
    _title(sheet, ledger_title(report), last, styles, widths)
    _header(sheet, [_(named.get(c.title, c.title)) for c in columns], widths, styles)
    grid = Grid(sheet, widths)
    first = int(many)  # the column of 序号
    names = plan_names(report)
    row = HEADER_ROW + 1
    for plan in report.plans:
        plan_start = row
        for problem in plan.problems:
            start = row
            measures: list[tuple[int, int, str]] = []  # first row, last row, the measure's text
            for t in problem.targets:
                rows = [target_cells(t, plan, styles), *(part_cells(p, t, styles) for p in t.parts)]
                for n, cells in enumerate(rows):
                    grid.put(row + n, first, Cell(t.number if n == 0 else "", styles.centre))
                    for col, cell in enumerate(cells, first + 3):
                        grid.put(row + n, col, cell)
                end = row + len(rows) - 1
                if measures and t.measure and measures[-1][2] == t.measure:
                    measures[-1] = (measures[-1][0], end, t.measure)
                else:
                    measures.append((row, end, t.measure or ""))
                row = end + 1
            if row == start:  # a problem with no target shown still has its row
                for col in (first, *range(first + 2, last + 1)):
                    grid.put(row, col, Cell("", styles.text))
                row += 1
            grid.merge(start, row - 1, first + 1, _data(problem.title), styles.problem)
            for top, bottom, measure in measures:
                grid.merge(top, bottom, first + 2, _data(measure), styles.text)
        if many and row > plan_start:
            grid.merge(plan_start, row - 1, 0, names[plan.plan], styles.problem)
    grid.finish()
    sheet.autofilter(HEADER_ROW, 0, max(row - 1, HEADER_ROW + 1), last)
    _page(sheet)


def _summary(book: Any, report: Report, styles: Styles) -> None:
    """汇总: each plan by name, each lead unit, then each plan's sentences across the sheet."""
    sheet = book.add_worksheet(_("Summary"))
    widths = SUMMARY_WIDTHS
    last = len(widths) - 1
    _title(sheet, _("Summary (as of {date})").format(date=long_date(report.as_of)), last, styles, widths)
    titles = [_(h) for h in text.OVERVIEW_COLUMNS if h != "Plan"]
    _header(sheet, titles[:1] + titles[1:], widths, styles)
    grid = Grid(sheet, widths)
    row = HEADER_ROW + 1
    for line in report.overview:
        cells = text.plan_line_cells(line)[1:]
        cells[5] = line.completion  # a ratio, shown as a percentage
        for c, value in enumerate(cells):
            style = (
                styles.percent
                if c == 5
                else styles.date
                if c == 6
                else styles.text
                if c == 0
                else styles.centre
            )
            grid.put(row, c, Cell(_data(value) if c == 0 and isinstance(value, str) else value, style))
        row += 1
    row += 1
    for c, header in enumerate(text.UNIT_COLUMNS[:1] + text.UNIT_COLUMNS[2:]):
        grid.put(row, c, Cell(_(header), styles.head))
    row += 1
    for unit in report.units:
        cells = text.unit_cells(unit)
        cells = [cells[0], *cells[2:]]
        cells[5] = unit.completion
        for c, value in enumerate(cells):
            style = styles.percent if c == 5 else styles.text if c == 0 else styles.centre
            grid.put(row, c, Cell(_data(value) if c == 0 and isinstance(value, str) else value, style))
        row += 1
    for plan in report.plans:
        row += 1
        grid.merge_across(row, last, _data(plan.title), styles.head)
        for sentence in text.summary_sentences(plan.summary, plan.document_type):
            row += 1
            grid.merge_across(row, last, sentence, styles.text)
    grid.finish()
    _page(sheet)


def _since(book: Any, report: Report, styles: Styles) -> None:
    """The sheet "since the last report" (--since): a row per change, plans one after another."""
    sheet = book.add_worksheet(_("Since the last report"))
    many = len(report.plans) > 1
    widths = (PLAN_COLUMN.width,) * many + SINCE_WIDTHS
    last = len(widths) - 1
    titles = [_(h) for h in ((N_("Plan"),) * many + text.SINCE_COLUMNS)]
    span = next((p.since for p in report.plans if p.since is not None), None)  # the same in every plan
    _title(
        sheet,
        text.since_heading(span) if span is not None else "",
        last,
        styles,
        widths,
    )
    _header(sheet, titles, widths, styles)
    grid = Grid(sheet, widths)
    names = plan_names(report)
    row = HEADER_ROW + 1
    for plan in report.plans:
        first: list[text.Cell] = [names[plan.plan]] * many
        for change in plan.since.changes if plan.since is not None else []:
            for c, value in enumerate(first + text.since_cells(change)):
                grid.put(row, c, Cell(value, styles.of(value)))
            row += 1
    grid.finish()
    sheet.autofilter(HEADER_ROW, 0, max(row - 1, HEADER_ROW + 1), last)
    _page(sheet)


SHEET_ROWS = 1_048_576  # the most rows a worksheet holds; XlsxWriter drops any past it without a word


def _history(book: Any, report: Report, styles: Styles) -> None:
    """进展记录: every entry under its target's name (and plan's, when several), not their ids;
    a history longer than a sheet holds is refused rather than cut short."""
    entries = sum(len(plan.entries) for plan in report.plans)
    if HEADER_ROW + 1 + entries > SHEET_ROWS:
        raise usage_error(
            "history-too-long",
            _("the history has {count} entries, more than one xlsx sheet holds ({rows} rows)").format(
                count=f"{entries:,}", rows=f"{SHEET_ROWS:,}"
            ),
            _("write it as --format csv or jsonl, or choose fewer plans"),
        )
    sheet = book.add_worksheet(_("History"))
    many = len(report.plans) > 1
    columns = (PLAN_COLUMN,) * many + HISTORY
    widths = [c.width for c in columns]
    last = len(columns) - 1
    _title(sheet, _("History (as of {date})").format(date=long_date(report.as_of)), last, styles, widths)
    _header(sheet, [_(c.title) for c in columns], widths, styles)
    grid = Grid(sheet, widths)
    names = plan_names(report)
    row = HEADER_ROW + 1
    for plan in report.plans:
        targets = {t.id: t.name for t in plan.targets}
        for e in plan.entries:
            name = targets.get(e.target, e.target)
            value = e.value if e.value is not None and not e.part else text.entry_value(e)
            cells = [names[plan.plan]] * many + [
                _data(f"{name}（{e.part}）" if e.part else name),
                e.date,
                value,
                text.entry_mark(e),
                _data(e.by or ""),
                _data(e.note or ""),
                _data(e.evidence or ""),
                e.recorded.astimezone(PLAN_ZONE).replace(tzinfo=None),
            ]
            for c, cell in enumerate(cells):
                style = (
                    styles.date
                    if isinstance(cell, dt.date)
                    else styles.number(None)
                    if isinstance(cell, float | int)
                    else styles.text
                )
                grid.put(row, c, Cell(cell, style))
            row += 1
    grid.finish()
    sheet.autofilter(HEADER_ROW, 0, max(row - 1, HEADER_ROW + 1), last)
    _page(sheet)
