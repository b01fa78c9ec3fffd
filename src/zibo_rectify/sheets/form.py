"""`rectify form`: the 填报表 a unit fills in and sends back, one per unit that owes figures.

Each row is a target the unit leads or a part it owns, prefilled from the one
report model (序号, goal, deadline, the figure in force) and from `due` (what is
owed now).  Only the cells to fill are unlocked, each with a data validation
and an input message; a hidden sheet keeps the ids, so `collect` knows each row
whatever another office suite did to the order.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from zibo_rectify import i18n, workspace
from zibo_rectify.errors import usage_error
from zibo_rectify.figures import figure
from zibo_rectify.i18n import _, long_date
from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Kind, Part, Plan, Problem, Target, scaled_unit
from zibo_rectify.report.text import goal_text, neutral, state_label, value_text
from zibo_rectify.sheets.layout import (
    AS_OF_LABEL,
    COLUMNS,
    DONE_WORDS,
    FILLED,
    FORM_MARK,
    HIDDEN_HEADER,
    HIDDEN_SHEET,
    UNIT_LABEL,
    verdict_words,
)
from zibo_rectify.workflow.due import DUE_WITHIN_DAYS, Owed, leads, owed


class FormRow(NamedTuple):
    plan: str
    target: Target
    part: Part | None
    number: str  # 序号
    task: str  # the target's name, and the part's
    goal: str
    due: dt.date | None
    current: str  # the figure in force, and its day
    owed: str  # what is owed now, in words
    owed_by: dt.date | None  # the end of the period a figure is due for (not one already late)


class Form(NamedTuple):
    """One unit's 填报表."""

    unit: str
    as_of: dt.date
    reply_by: dt.date
    titles: dict[str, str]  # plan id: title, in order
    rows: list[FormRow]


def task_label(target: Target, part: Part | None) -> str:
    """The 任务 cell: the target's name, with the part's (长者食堂（张店区）); `collect` matches it."""
    return target.name if part is None else _("{target} ({part})").format(target=target.name, part=part.name)


def part_owners(plan: Plan, problem: Problem | None, target: Target, part: Part) -> list[str]:
    """Who reports a part: the part's own owners, else the target's leads."""
    return [o.name for o in part.owners] or leads(plan, problem, target)


def every_row(
    sources: Iterable[tuple[Plan, Sequence[ProgressEntry], Sequence[int]]], as_of: dt.date
) -> tuple[list[tuple[str, FormRow]], dict[str, str], set[str]]:
    """Every row of every unit's form, as (unit, row); the plans' titles; the units that owe."""
    from zibo_rectify.report.model import PlanInput, plan_report

    found: list[tuple[str, FormRow]] = []
    titles: dict[str, str] = {}
    owing: set[str] = set()
    for plan, entries, lines in sources:
        report = plan_report(PlanInput(plan, entries, lines, None), as_of, history=False)
        rows = {t.id: t for t in report.targets}
        owed_now = owed(plan, entries, as_of)
        owing |= {o.unit for o in owed_now}
        titles[plan.id] = plan.title
        for problem, target in plan.all_targets():
            row = rows.get(target.id)
            if row is None:
                continue
            for who, part in _reporters(plan, problem, target):
                said = [o for o in owed_now if o.unit == who and o.target.id == target.id]
                found.append((who, _form_row(plan, target, part, row, said)))
    return found, titles, owing


def forms(
    sources: Iterable[tuple[Plan, Sequence[ProgressEntry], Sequence[int]]],
    as_of: dt.date,
    unit: str | None,
) -> list[Form]:
    """A form per unit: the one named, else every unit that owes a figure on `as_of`."""
    found, titles, owing = every_row(sources, as_of)
    by_unit: dict[str, list[FormRow]] = {}
    for who, row in found:
        by_unit.setdefault(who, []).append(row)
    if unit is not None and unit not in by_unit:
        raise usage_error(
            "unknown-owner",
            _("no target or part names {owner} as the unit that reports it").format(owner=unit),
            _("units that report: {names}").format(names=", ".join(by_unit) or "—"),
        )
    chosen = [unit] if unit is not None else [u for u in by_unit if u in owing]
    if not chosen:
        raise usage_error(
            "nothing-owed",
            _("no unit owes a figure on {date}").format(date=as_of),
            _("name a unit with --owner to make its form all the same"),
        )
    return [
        Form(u, as_of, _reply_by(found, u, as_of), {r.plan: titles[r.plan] for r in by_unit[u]}, by_unit[u])
        for u in chosen
    ]


def _reporters(plan: Plan, problem: Problem | None, target: Target) -> list[tuple[str, Part | None]]:
    """(unit, part) for each row the target makes: its parts when it is split, else itself."""
    if target.parts:
        return [(who, part) for part in target.parts for who in part_owners(plan, problem, target, part)]
    return [(who, None) for who in leads(plan, problem, target) if who != "—"]


def _form_row(plan: Plan, target: Target, part: Part | None, row: Any, said: list[Owed]) -> FormRow:
    if part is None:
        goal, due, current = goal_text(row), row.due, value_text(row)
        if row.last_entry is not None:
            current = _("{value} ({date})").format(value=current, date=long_date(row.last_entry))
    else:
        shown = next(p for p in row.parts if p.id == part.id)
        goal = figure(shown.goal, target.unit) if shown.goal is not None else goal_text(row)
        due = part.due if isinstance(part.due, dt.date) else row.due
        current = figure(shown.value, target.unit) if shown.value is not None else _("no figure yet")
    if said:
        first = said[0]
        what = (
            _("late: nothing for {start} to {end}").format(
                start=long_date(first.period_start), end=long_date(first.period_end)
            )
            if first.late
            else _("due by {end}").format(end=long_date(first.period_end))
        )
    else:
        what = state_label(row.state) if row.state else "—"
    by = said[0].period_end if said and not said[0].late else None
    label = task_label(target, part)
    return FormRow(plan.id, target, part, row.number, label, goal, due, current, what, by)


def _reply_by(found: list[tuple[str, FormRow]], unit: str, as_of: dt.date) -> dt.date:
    """The day to send the form back: the nearest end of a period owed, else a week on."""
    ends = [r.owed_by for who, r in found if who == unit and r.owed_by is not None and r.owed_by >= as_of]
    return min(ends, default=as_of + dt.timedelta(days=DUE_WITHIN_DAYS))


def file_name(unit: str) -> str:
    """养老服务科-填报表.xlsx: a unit's form in a folder, named so no unit's name can leave it."""
    safe = "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in unit).strip(". ") or "unit"
    return _("{unit}-form.xlsx").format(unit=safe)


def loaded_sources(
    loaded: list[workspace.LoadedPlan],
) -> Iterable[tuple[Plan, Sequence[ProgressEntry], Sequence[int]]]:
    for one in loaded:
        log = workspace.load_log(one)
        yield one.plan, log.entries, log.lines


def write_forms(chosen: list[Form], output: Path, to_folder: bool) -> list[Path]:
    """Write each form; into a folder a file per unit, else the one file named."""
    from zibo_rectify.output import write_file

    if not to_folder and len(chosen) > 1:
        raise usage_error(
            "many-units",
            _("{count} units owe figures, and one file holds one unit's form").format(count=len(chosen)),
            _("give a folder (-o forms/) for a file per unit, or name one with --owner"),
        )
    written = []
    for one in chosen:
        path = output / file_name(one.unit) if to_folder else output
        write_file(path, render(one), None)
        written.append(path)
    return written


FILL = "FFF2CC"  # the cells to fill: a pale yellow, as offices mark them
HEADER_FILL = "D9E1F2"
WIDTHS = {
    "number": 7,
    "task": 30,
    "goal": 22,
    "due": 12,
    "current": 20,
    "owed": 22,
    "value": 12,
    "done": 11,
    "progress": 28,
    "verdict": 11,
    "expected": 13,
    "evidence": 20,
    "by": 10,
    "date": 13,
}
FIRST_ROW = 5  # title, unit and as-of, what to fill, header


def render(form: Form) -> bytes:
    """The form as xlsx bytes: protected, validated, printable on A4 landscape."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = _("Form")
    keys = [key for key, __ in COLUMNS]
    col = {key: i for i, key in enumerate(keys, 1)}
    last = get_column_letter(len(keys))
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    font = "宋体"

    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = _("{plans}: progress form").format(plans=_("; ").join(map(neutral, form.titles.values())))
    sheet["A1"].font = Font(name=font, size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 30
    sheet["A2"], sheet["C2"] = _(UNIT_LABEL), neutral(form.unit)
    sheet["E2"], sheet["F2"] = _(AS_OF_LABEL), form.as_of
    sheet["F2"].number_format = "yyyy-mm-dd"
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    for ref in ("A2", "C2", "E2", "F2"):
        sheet[ref].font = Font(name=font, size=11, bold=ref in ("A2", "E2"))
        sheet[ref].alignment = Alignment(horizontal="left", vertical="center")
    sheet.merge_cells(f"A3:{last}3")
    filled = _("、").join(_(title) for key, title in COLUMNS if key in FILLED)
    sheet["A3"] = _(
        "Fill in the yellow cells ({cells}) by {date} and send this file back; the other cells are"
        " rectify's and stay as they are."
    ).format(cells=filled, date=long_date(form.reply_by))
    sheet["A3"].font = Font(name=font, size=11, bold=True, color="C00000")
    sheet["A3"].alignment = wrap
    sheet.row_dimensions[3].height = 36
    header = FIRST_ROW - 1
    for key, title in COLUMNS:
        cell = sheet.cell(header, col[key], _(title))
        cell.font = Font(name=font, size=11, bold=True)
        cell.fill = PatternFill("solid", fgColor=FILL if key in FILLED else HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
        sheet.column_dimensions[get_column_letter(col[key])].width = WIDTHS[key]
    sheet.row_dimensions[header].height = 32

    plans_shown = len({r.plan for r in form.rows}) > 1
    at = FIRST_ROW
    places: list[tuple[int, FormRow]] = []
    plan_now = None
    for row in form.rows:
        if plans_shown and row.plan != plan_now:  # a spanning row names the plan the rows below belong to
            plan_now = row.plan
            sheet.merge_cells(start_row=at, start_column=1, end_row=at, end_column=len(keys))
            sheet.cell(at, 1, neutral(form.titles[row.plan])).font = Font(name=font, bold=True)
            at += 1
        values = {
            "number": neutral(row.number),
            "task": neutral(row.task),
            "goal": row.goal,
            "due": row.due,
            "current": row.current,
            "owed": row.owed,
        }
        for key in keys:
            cell = sheet.cell(at, col[key], values.get(key))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula: a goal reads =100%
            cell.font = Font(name=font, size=10)
            cell.alignment = wrap
            cell.border = box
            if key in FILLED and _fillable(row, key):
                cell.protection = Protection(locked=False)
                cell.fill = PatternFill("solid", fgColor=FILL)
            if key in ("due", "expected", "date"):
                cell.number_format = "yyyy-mm-dd"
            if key == "value" and row.target.kind is Kind.TASK:
                cell.number_format = "0%"
        sheet.row_dimensions[at].height = _height(row)
        places.append((at, row))
        at += 1
    _validations(sheet, places, col)
    _hidden_sheet(book, form, places)

    sheet.freeze_panes = sheet.cell(FIRST_ROW, col["goal"])
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widen a column or a row to read: allowed
    sheet.protection.formatRows = False
    sheet.protection.sort = False
    sheet.protection.autoFilter = False
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fillable(row: FormRow, key: str) -> bool:
    """完成情况 is for tasks; every other cell to fill is for every row."""
    return key != "done" or row.target.kind is Kind.TASK


def _height(row: FormRow) -> float:
    """Enough height for the longest wrapped cell: a CJK character takes two columns, and a
    column of width w holds a little less than w of them at 10 pt."""
    cells = {"task": row.task, "goal": row.goal, "current": row.current, "owed": row.owed}
    lines = max(
        math.ceil(len(text.encode("gbk", "replace")) * 1.15 / WIDTHS[key]) for key, text in cells.items()
    )
    return max(20.0, 14.0 * lines + 4)


def _validations(sheet: Any, places: list[tuple[int, FormRow]], col: dict[str, int]) -> None:
    """A data validation with an input message on every cell to fill, by what the row takes."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def add(key: str, rows: list[int], **rule: Any) -> None:
        if not rows:
            return
        check = DataValidation(showInputMessage=True, showErrorMessage=True, allow_blank=True, **rule)
        letter = get_column_letter(col[key])
        for at in rows:
            check.add(f"{letter}{at}")
        sheet.add_data_validation(check)

    tasks = {at for at, row in places if row.target.kind is Kind.TASK}
    rates = {at for at, row in places if row.target.kind is Kind.RATE}
    groups: dict[tuple[str, str, str], list[int]] = {}
    for at, row in places:
        groups.setdefault(_figure_rule(row.target), []).append(at)
    for (kind, prompt, low), rows in groups.items():
        high = "1" if rows[0] in tasks else "100" if rows[0] in rates else MAX_FIGURE
        add("value", rows, type=kind, operator="between", formula1=low, formula2=high, prompt=prompt)
    done_list = ",".join(_(w) for w in DONE_WORDS)
    add("done", sorted(tasks), type="list", formula1=f'"{done_list}"', prompt=_("Choose from the list."))
    every = [at for at, __ in places]
    verdicts = ",".join(verdict_words(i18n.language()))
    add("verdict", every, type="list", formula1=f'"{verdicts}"', prompt=_("Choose from the list."))
    dated = {
        "type": "date",
        "operator": "between",
        "formula1": "DATE(2000,1,1)",
        "formula2": "DATE(2999,12,31)",
    }
    add("expected", every, prompt=_("A date, e.g. 2022-12-20."), **dated)
    add("date", every, prompt=_("The day the figure is true of, e.g. 2022-10-28."), **dated)
    words = {"type": "textLength", "operator": "lessThanOrEqual", "formula1": "1000"}
    add("progress", every, prompt=_("What was done, in words (at most 1,000 characters)."), **words)
    add("evidence", every, prompt=_("A document number, a URL or a file name."), **words)
    add("by", every, prompt=_("Your name; the unit's when left empty."), **words)


MAX_FIGURE = "1000000000000000"  # as `typed` bounds a figure: 10^15


def _figure_rule(target: Target) -> tuple[str, str, str]:
    """(validation type, input message, lowest figure) for 本期数值 of a target of this kind."""
    unit = target.unit or "—"
    if target.kind is Kind.TASK:  # the cell is formatted as a percent: 80 typed is 80%, stored as 0.8
        return "decimal", _("Share done, e.g. 80%; mark it done under Completion."), "0"
    if target.kind is Kind.RATE:
        return "decimal", _("A percent from 0 to 100, e.g. 61.5."), "0"
    if target.kind in (Kind.CHANGE, Kind.INDICATOR):
        return (
            "decimal",
            _("A figure in {unit}, as of the date filled in.").format(unit=unit),
            "-" + MAX_FIGURE,
        )
    whole = target.kind is Kind.COUNT and not scaled_unit(target.unit)
    message = _("A figure in {unit}, the total so far, as of the date filled in.").format(unit=unit)
    return ("whole" if whole else "decimal"), message, "0"


def _hidden_sheet(book: Any, form: Form, places: list[tuple[int, FormRow]]) -> None:
    """The ids of each row, and the form's unit and as-of day, on a sheet nobody sees."""
    ids = book.create_sheet(HIDDEN_SHEET)
    ids.append([FORM_MARK])
    ids.append(["as_of", form.as_of.isoformat()])
    ids.append(["unit", form.unit])
    ids.append(list(HIDDEN_HEADER))
    for __, row in places:
        ids.append([row.number, row.task, row.plan, row.target.id, row.part.id if row.part else ""])
    ids.sheet_state = "hidden"
    ids.protection.sheet = True
