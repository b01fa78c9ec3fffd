"""Three ledgers (台账) as offices keep them, built with openpyxl for `rectify import`'s tests.

Run `python tests/ledgers.py DIR` to write them and open them in a spreadsheet.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def _book(rows: list[list[Any]], merged: list[str]) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "台账"
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    return book


def inspection(path: Path) -> None:
    """A 巡察 rectification ledger: a title row and a 截至 row, problems merged over their rows,
    a 长期坚持 row, dates like 2018年7月底, progress in words with 80%(…滞后)."""
    rows = [
        ["区委第三巡察组反馈问题整改落实台账", None, None, None, None, None, None, None],
        ["（截至2018年9月30日）", None, None, None, None, None, None, None],
        ["序号", "反馈问题", "整改措施", "责任单位", "责任人", "完成时限", "整改进展情况", "备注"],
        [
            1,
            "党组会议议事规则执行不严",
            "修订《党组会议议事规则》",
            "办公室",
            "张三",
            "2018年7月底",
            "已完成",
            None,
        ],
        [
            2,
            None,
            "建立议题台账，逐月核查",
            "办公室、组织科",
            "李四",
            "长期坚持",
            "80%(台账已建，核查进度滞后)",
            None,
        ],
        [
            3,
            "专项资金拨付不及时",
            "拨付滞留专项资金120万元",
            "计划财务科",
            "王五",
            "2018年12月31日",
            "已拨付96万元",
            "涉及3个项目",
        ],
    ]
    _book(rows, ["A1:H1", "A2:H2", "B4:B5"]).save(path)


def livelihood(path: Path) -> None:
    """A 民生实事 progress table: a two-row header (牵头单位 and 配合单位 under 责任单位), figures with
    units in the task's words (建设四好农村路55公里), deadlines like 6月底前 and 2023年10月."""
    rows = [
        ["2023年民生实事项目推进情况表", None, None, None, None, None, None],
        ["序号", "项目内容", "目标任务", "责任单位", None, "完成时限", "当前进度"],
        [None, None, None, "牵头单位", "配合单位", None, None],
        [
            "1",
            "建设四好农村路",
            "建设四好农村路55公里",
            "市交通运输局",
            "各区县政府",
            "6月底前",
            "80%（进度滞后）",
        ],
        ["2", "新建城市社区长者食堂", "新建长者食堂不少于30家", "市民政局", None, "2023年10月", "已建成18家"],
        [
            "3",
            "改造提升老旧小区",
            "改造老旧小区120个",
            "市住房和城乡建设局",
            "各区县政府",
            "2023年底",
            "120/120个开工",
        ],
    ]
    _book(rows, ["A1:G1", "D2:E2", "A2:A3", "B2:B3", "C2:C3", "F2:F3", "G2:G3"]).save(path)


def audit(path: Path) -> None:
    """An audit rectification list: a row per problem, a column it cannot map (整改建议), 立行立改 in
    place of a date, 2019年上半年, a figure with grouped digits (1,200万元)."""
    rows = [
        ["2018年度预算执行审计发现问题整改清单", None, None, None, None, None, None],
        ["序号", "问题摘要", "整改建议", "整改措施", "完成时间", "责任部门", "整改结果"],
        [
            "1",
            "专项资金闲置",
            "盘活存量资金",
            "盘活闲置专项资金1,200万元",
            "2019年3月31日前",
            "财政局",
            "已盘活800万元",
        ],
        ["2", "政府信息未按规定公开", "建立公开制度", "建立预算信息公开制度", "立行立改", "办公室", "已完成"],
        [
            "3",
            "内部控制制度不健全",
            "完善内控",
            "修订内部控制手册",
            "2019年上半年",
            "办公室、审计科",
            "正在整改",
        ],
    ]
    _book(rows, ["A1:G1"]).save(path)


LEDGERS = {"inspection.xlsx": inspection, "livelihood.xlsx": livelihood, "audit.xlsx": audit}

if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for name, build in LEDGERS.items():
        build(folder / name)
        print(folder / name)
