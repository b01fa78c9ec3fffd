"""Each row `collect` refuses, with its code and the reason the receipt gives (in the form's own
language), one case a row; and a file that is no form is said and not collected."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from test_sheets_form import UNIT, rectify, rows_by_name

SAMPLE = ROOT / "examples" / "first-run"


def twin(plans: Path, sheet: Any, rows: dict[str, int], columns: dict[str, int]) -> None:
    """A second plan with the same items, and the hidden ids lost: 序号 and name name two items."""
    source = next(plans.glob("*-sample.yaml"))
    text = source.read_text(encoding="utf-8").replace("id: zibo-minzheng-2022-sample", "id: twin", 1)
    (plans / "twin.yaml").write_text(text, encoding="utf-8")
    sheet.parent.remove(sheet.parent["rectify"])
    sheet.cell(rows["长者食堂"], columns["本期数值"]).value = 262


def renamed(plans: Path, sheet: Any, rows: dict[str, int], columns: dict[str, int]) -> None:
    sheet.parent.remove(sheet.parent["rectify"])
    sheet.cell(rows["长者食堂"], 2).value = "食堂"
    sheet.cell(rows["长者食堂"], columns["本期数值"]).value = 262


def twice(plans: Path, sheet: Any, rows: dict[str, int], columns: dict[str, int]) -> None:
    row = rows["长者食堂"]
    sheet.cell(row, columns["本期数值"]).value = 262
    copy = sheet.max_row + 1
    for column in range(1, sheet.max_column + 1):
        sheet.cell(copy, column).value = sheet.cell(row, column).value


def verdict(plans: Path, sheet: Any, rows: dict[str, int], columns: dict[str, int]) -> None:
    sheet.cell(rows["长者食堂"], columns["自评"]).value = "很好"


def undated(plans: Path, sheet: Any, rows: dict[str, int], columns: dict[str, int]) -> None:
    sheet.parent.remove(sheet.parent["rectify"])
    for row in range(1, min(rows.values())):  # the title rows, which also say 截至
        for column in range(1, sheet.max_column + 1):
            if sheet.cell(row, column).value and "截至" in str(sheet.cell(row, column).value):
                sheet.cell(row, column).value = "填报表"
    sheet.cell(rows["长者食堂"], columns["本期数值"]).value = 262


# (code, what the unit did to the form, the reason given for the row)
CASES = [
    ("ambiguous-row", twin, "2.6 长者食堂：未记录：2.6 长者食堂 对应方案中的多个事项"),
    ("unknown-row", renamed, "2.6 食堂：未记录：没有方案包含序号为 2.6、名称为 食堂 的事项"),
    ("row-twice", twice, "2.6 长者食堂：未记录：表中此行出现了两次"),
    (
        "bad-choice",
        verdict,
        "2.6 长者食堂：未记录：自评 '很好' 不在可选项之内：提前、按序时、推进缓慢、严重滞后",
    ),
    ("no-date", undated, "2.6 长者食堂：未记录：填报日期为空，且填报表原有的截至日期已丢失"),
]


@pytest.mark.parametrize(("code", "change", "reason"), CASES, ids=[c[0] for c in CASES])
def test_each_row_refused_says_why_with_its_code(tmp_path, code, change, reason):
    from zibo_rectify import i18n
    from zibo_rectify.sheets import collect

    plans = tmp_path / "plans"
    shutil.copytree(SAMPLE, plans)
    form = tmp_path / "form.xlsx"
    assert rectify(plans, "form", "--owner", UNIT, "--as-of", "2022-10-31", "-o", str(form)).code == 0
    book, sheet, rows, columns = rows_by_name(form)
    change(plans, sheet, rows, columns)
    book.save(tmp_path / "back.xlsx")

    done = rectify(plans, "collect", str(tmp_path / "back.xlsx"), "--dry-run")

    assert done.code == 1
    assert reason in done.out
    with i18n.speaking("zh"):
        receipt = collect.collect(tmp_path / "back.xlsx", collect.prepare(plans), dry_run=True)
    said = {
        f"{o.label}：未记录：{o.message}": o.code for o in receipt.outcomes if o.result == collect.REFUSED
    }
    assert [said[line] for line in said if reason.endswith(line) or line in reason] == [code]


def test_a_workbook_that_is_no_form_is_not_collected(tmp_path):
    from zibo_rectify.errors import RectifyError
    from zibo_rectify.sheets import collect

    plans = tmp_path / "plans"
    shutil.copytree(SAMPLE, plans)
    ledger = tmp_path / "ledger.xlsx"
    assert rectify(plans, "report", "--format", "xlsx", "-o", str(ledger)).code == 0

    done = rectify(plans, "collect", str(ledger))

    assert done.code == 1
    assert (
        f"{ledger}：未收集：{ledger} 不是 rectify 的填报表：没有工作表包含列 序号、任务、本期数值" in done.out
    )
    with pytest.raises(RectifyError) as refused:
        collect.read_sheet(ledger)
    assert [d.code for d in refused.value.diagnostics] == ["not-a-form"]
