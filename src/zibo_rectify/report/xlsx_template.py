"""An office's own 台账 (`--template FILE.xlsx`): its sheet, its title rows and its header row kept,
the ledger's rows written under that header, each column found by its title.

Offices title the same column many ways (完成时限, 整改时限, 办结时限; Deadline), in either
language; a column whose title rectify does not know is left empty, and a template with no
header row it can read is refused with the titles it looks for.  openpyxl edits the workbook,
so the office's fonts, borders, widths and print set-up stay as they were.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path
from typing import Any

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _
from zibo_rectify.report import bulletin, text
from zibo_rectify.report.model import PlanReport, Report, TargetRow

# A column's key and the titles offices give it, Chinese and English; compared without spaces,
# case or a trailing colon.
TITLES: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "no.", "no", "number"),
    "plan": ("方案", "方案名称", "plan"),
    "item": (
        "问题",
        "问题摘要",
        "存在问题",
        "反馈问题",
        "问题清单",
        "项目",
        "项目名称",
        "事项",
        "督办事项",
        "problem",
        "item",
        "project",
        "matter",
    ),  # fmt: skip
    "measure": ("整改措施", "推进措施", "办理措施", "措施", "measure", "measures"),
    "task": (
        "整改任务",
        "任务",
        "整改内容",
        "建设内容",
        "项目内容",
        "办理任务",
        "具体任务",
        "任务名称",
        "task",
        "rectification task",
    ),  # fmt: skip
    "goal": ("整改目标", "目标", "目标任务", "建设目标", "整改要求", "goal", "target"),
    "units": (
        "责任单位",
        "牵头单位",
        "责任部门",
        "牵头部门",
        "责任科室",
        "units",
        "responsible units",
        "owner",
    ),
    "due": ("完成时限", "完成时间", "整改时限", "办结时限", "时限", "截止日期", "deadline", "due"),
    "value": ("数值", "当前数值", "本期数值", "完成数", "value", "figure"),
    "share": ("完成比例", "完成进度", "完成率", "share done", "share"),
    "progress": (
        "整改进展",
        "整改进展情况",
        "进展情况",
        "当前进展",
        "推进情况",
        "办理情况",
        "progress",
        "progress so far",
    ),  # fmt: skip
    "state": ("完成情况", "整改情况", "是否完成", "整改结果", "状态", "completion state", "state", "status"),
    "done_on": ("完成日期", "办结日期", "done on"),
    "warning": ("预警", "warning"),
    "evidence": ("佐证材料", "证明材料", "evidence"),
    "remarks": ("备注", "remarks"),
}
LOOK_ROWS = 20  # a header row is among a sheet's first rows, under its title rows


def _key(title: object) -> str | None:
    said = str(title or "").strip().rstrip(":：").replace(" ", "").replace("\n", "").casefold()
    for key, titles in TITLES.items():
        if said in (t.replace(" ", "") for t in titles):
            return key
    return None


def header(sheet: Any) -> tuple[int, dict[str, int]] | None:
    """The header row (1-based) and each known column's place, the row naming most columns."""
    best: tuple[int, dict[str, int]] | None = None
    for row in sheet.iter_rows(min_row=1, max_row=LOOK_ROWS):
        found: dict[str, int] = {}
        for cell in row:
            key = _key(cell.value)
            if key is not None and key not in found:
                found[key] = cell.column
        if len(found) >= 2 and (best is None or len(found) > len(best[1])):
            best = (row[0].row, found)
    return best


def values(t: TargetRow, plan: PlanReport) -> dict[str, object]:
    """A target's cells by key: dates and numbers typed, text from the plan or log neutralised."""
    data = text.neutral
    return {
        "number": t.number,
        "plan": data(plan.title),
        "item": data(t.problem_title),
        "measure": data(t.measure or ""),
        "task": data(t.name),
        "goal": bulletin.goal_words(t, plan),
        "units": data(bulletin.units_words(t)),
        "due": t.due,
        "value": t.value if t.kind != "task" else None,
        "share": bulletin.share_done(t),
        "progress": bulletin.progress_words(t),
        "state": bulletin.completion_words(t, plan),
        "done_on": t.done_on,
        "warning": _(text.LEVEL_LABEL[t.warning]) if t.warning else "",
        "evidence": data(_("; ").join(t.evidence)),
        "remarks": data(bulletin.remarks(t)),
    }


LOOKS = ("font", "border", "fill", "alignment", "number_format")


def _look(cell: Any) -> dict[str, Any]:
    return {name: getattr(cell, name) for name in LOOKS}


def render(report: Report, template: Path) -> bytes:
    import openpyxl

    try:
        book = openpyxl.load_workbook(template)
    except Exception as err:  # not a workbook: zipfile's, openpyxl's or XML errors
        raise usage_error(
            "bad-template",
            _("the template {path} cannot be used: {error}").format(path=template, error=err),
            _("give an .xlsx workbook whose first sheet has a header row (序号, 问题, 整改措施, 完成时限…)"),
        ) from None
    sheet = book.worksheets[0]
    found = header(sheet)
    if found is None:
        raise usage_error(
            "template-without-header",
            _("the template {path} has no header row that names its columns").format(path=template),
            _("title its columns as a ledger does: {titles}").format(
                titles="、".join(titles[0] for titles in TITLES.values())
            ),
        )
    head, columns = found
    looks = {col: _look(sheet.cell(head + 1, col)) for col in columns.values()}  # the first row's, if styled
    row = head + 1
    for plan in report.plans:
        for t in plan.targets:
            cells = values(t, plan)
            for key, col in columns.items():
                cell = sheet.cell(row, col)
                value = cells[key]
                cell.value = dt.datetime.combine(value, dt.time()) if isinstance(value, dt.date) else value
                if value == "":
                    cell.value = None
                for name, look in looks[col].items():
                    setattr(cell, name, copy.copy(look))
                if isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif key == "share" and value is not None:
                    cell.number_format = "0.0%"
            row += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
