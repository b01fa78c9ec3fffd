"""`rectify form` and `rectify collect`: the 填报表 a unit fills in, and reading it back row by row."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from conftest import ROOT, Result, rectify_command

SAMPLE = ROOT / "examples" / "first-run"
PLAN = "zibo-minzheng-2022-sample"
UNIT = "养老服务科"


def rectify(plans: Path, *args: str) -> Result:
    from zibo_rectify import i18n
    from zibo_rectify.cli import app

    env = {"RECTIFY_PLANS": str(plans), "NO_COLOR": "1", "COLUMNS": "200", "RECTIFY_LANG": "zh"}
    before = i18n.language()
    i18n.use("zh")  # the language is chosen as the program starts: in-process, here
    try:
        result = CliRunner().invoke(app, list(args), env=env)
    finally:
        i18n.use(before)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def sample(folder: Path) -> Path:
    plans = folder / "plans"
    shutil.copytree(SAMPLE, plans)
    return plans


def rows_by_name(path: Path) -> tuple[Any, Any, dict[str, int], dict[str, int]]:
    """The workbook, its form sheet, each row's number by task name, each column by its title."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "序号")
    columns = {sheet.cell(header, c).value: c for c in range(1, sheet.max_column + 1)}
    rows = {sheet.cell(r, 2).value: r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, 2).value}
    return book, sheet, rows, columns


def fill(path: Path, out: Path, cells: dict[str, dict[str, Any]], percent: tuple[str, ...] = ()) -> None:
    book, sheet, rows, columns = rows_by_name(path)
    for name, values in cells.items():
        for title, value in values.items():
            sheet.cell(rows[name], columns[title], value)
    book.save(out)


def soffice_xlsx(source: Path, folder: Path) -> Path:
    """The file as LibreOffice saves it again, as another office suite would."""
    folder.mkdir(exist_ok=True)
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return folder / source.name


def log_lines(plans: Path) -> list[dict[str, Any]]:
    text = (plans / f"{PLAN}.progress.yaml").read_text(encoding="utf-8")
    return [json.loads(line[2:]) for line in text.splitlines() if line.startswith("- {")]


@pytest.fixture(scope="module")
def returned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The must-show: the form for 养老服务科 on 2022-10-31, filled with openpyxl, saved again by
    LibreOffice.  (plans folder, returned file); one conversion shared by the tests below."""
    folder = tmp_path_factory.mktemp("returned")
    plans = sample(folder)
    made = rectify(plans, "form", "--owner", UNIT, "--as-of", "2022-10-31", "-o", str(folder / "form.xlsx"))
    assert made.code == 0, made.err
    fill(
        folder / "form.xlsx",
        folder / "养老服务科.xlsx",
        {"长者食堂": {"本期数值": 262, "填报人": "张三"}, "家庭养老床位": {"本期数值": "三千张以上"}},
    )
    return plans, soffice_xlsx(folder / "养老服务科.xlsx", folder / "lo")


def test_the_form_holds_the_units_rows_prefilled_and_only_the_cells_to_fill_unlocked(tmp_path):
    plans = sample(tmp_path)
    out = tmp_path / "form.xlsx"
    assert rectify(plans, "form", "--owner", UNIT, "--as-of", "2022-10-31", "-o", str(out)).code == 0
    book, sheet, rows, columns = rows_by_name(out)
    assert "2022年10月31日前" in sheet["A3"].value and "本期数值" in sheet["A3"].value
    assert list(rows) == [
        "出台《淄博市社区养老服务设施规划、建设、移交和使用管理办法》",
        "督促抓好《淄博市社区养老服务设施规划、建设、移交和使用管理办法》落实",
        "社区养老服务设施配建率",
        "家庭养老床位",
        "对3000张家庭养老床位建设及居家照护服务提供情况进行验收",
        "长者食堂",
    ]
    canteens = rows["长者食堂"]
    values = {title: sheet.cell(canteens, c).value for title, c in columns.items()}
    assert values["序号"] == "2.6"
    assert values["上期数值"].startswith("226/300") and values["上期数值"].endswith("（2022年9月30日）")
    assert values["完成时限"] == dt.datetime(2022, 12, 31)
    assert "300" in values["整改目标"] and values["应报情况"] == "应于2022年10月31日前报送"
    assert sheet.cell(rows["社区养老服务设施配建率"], columns["整改目标"]).data_type == "s"  # =100%: text
    unlocked = {t for t, c in columns.items() if not sheet.cell(canteens, c).protection.locked}
    assert unlocked == {"本期数值", "进展情况", "自评", "预计完成时间", "佐证材料", "填报人", "填报日期"}
    task = rows["对3000张家庭养老床位建设及居家照护服务提供情况进行验收"]
    assert not sheet.cell(task, columns["完成情况"]).protection.locked
    assert sheet.protection.sheet

    letter = {t: get_column_letter(c) for t, c in columns.items()}
    cells = [f"{letter[t]}{r}" for t in letter for r in rows.values()]
    checks = {
        ref: check for check in sheet.data_validations.dataValidation for ref in cells if ref in check.sqref
    }
    number = checks[f"{letter['本期数值']}{canteens}"]
    assert (number.type, number.operator, number.formula1) == ("whole", "between", "0")
    assert number.showInputMessage and "家" in number.prompt
    rate = checks[f"{letter['本期数值']}{rows['社区养老服务设施配建率']}"]
    assert (rate.type, rate.formula2) == ("decimal", "100")
    assert checks[f"{letter['完成情况']}{task}"].formula1 == '"已完成,正在推进"'
    assert checks[f"{letter['自评']}{canteens}"].formula1 == '"提前,按序时,推进缓慢,严重滞后"'
    assert checks[f"{letter['填报日期']}{canteens}"].type == "date"
    assert f"{letter['完成情况']}{canteens}" not in checks  # a count is not marked done

    hidden = book["rectify"]
    assert hidden.sheet_state == "hidden"
    kept = list(hidden.iter_rows(values_only=True))
    assert kept[1][:2] == ("as_of", "2022-10-31") and kept[2][:2] == ("unit", UNIT)
    assert ("2.6", "长者食堂", PLAN, "canteens", None) in kept
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$4:$4"


def test_a_folder_gets_a_form_per_unit_that_owes(tmp_path):
    plans = sample(tmp_path)
    done = rectify(plans, "form", "--as-of", "2022-10-31", "-o", str(tmp_path / "forms") + "/")
    assert done.code == 0, done.err
    assert sorted(p.name for p in (tmp_path / "forms").iterdir()) == [
        "养老服务科-填报表.xlsx",
        "社会救助科-填报表.xlsx",
    ]
    refused = rectify(plans, "form", "--as-of", "2022-10-31", "-o", str(tmp_path / "one.xlsx"))
    assert refused.code == 2 and "--owner" in refused.err
    unknown = rectify(plans, "form", "--owner", "办公室", "-o", str(tmp_path / "one.xlsx"))
    assert unknown.code == 2 and "养老服务科" in unknown.err


def test_collect_records_what_passes_refuses_words_and_keeps_the_returned_file(returned):
    plans, path = returned
    before = log_lines(plans)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()

    dry = rectify(plans, "collect", str(path), "--dry-run")
    assert dry.code == 1
    assert log_lines(plans) == before and not (plans.parent / "returns").exists()

    done = rectify(plans, "collect", str(path))
    assert done.code == 1, done.err
    new = log_lines(plans)[len(before) :]
    assert len(new) == 1
    entry = new[0]
    assert (entry["target"], entry["value"], entry["by"], entry["date"]) == (
        "canteens",
        262,
        "张三",
        "2022-10-31",
    )
    assert entry["evidence_refs"][0]["sha256"] == sha
    kept = plans.parent / entry["evidence"]
    assert kept.parent.name == "returns" and hashlib.sha256(kept.read_bytes()).hexdigest() == sha
    refused_row = next(line for line in done.out.splitlines() if "三千张以上" in line)
    book, sheet, rows, columns = rows_by_name(path)
    assert f"第{rows['家庭养老床位']}行 2.4 家庭养老床位：未记录" in refused_row
    assert "记录1行" in done.out and "退回1行" in done.out

    sent_back = path.with_name(f"{path.stem}-退回.xlsx")
    listed = list(load_workbook(sent_back).worksheets[0].iter_rows(values_only=True))
    assert any(r[0] == rows["家庭养老床位"] and "三千张以上" in r[2] and "不是数字" in r[3] for r in listed)

    again = rectify(plans, "collect", str(path))
    assert again.code == 1 and "记录0行" in again.out
    assert len(log_lines(plans)) == len(before) + 1
    assert rectify(plans, "check").code == 0


def test_each_row_meets_exactly_the_rules_of_update_done_and_note(tmp_path):
    plans = sample(tmp_path)
    form = tmp_path / "form.xlsx"
    rectify(plans, "form", "--owner", UNIT, "--as-of", "2022-10-31", "-o", str(form))
    fill(
        form,
        tmp_path / "back.xlsx",
        {
            "长者食堂": {"本期数值": "200家"},  # lower than the 226 in force
            "家庭养老床位": {"本期数值": "3,100", "填报日期": "2022.10.28", "填报人": "李四"},
            "社区养老服务设施配建率": {"本期数值": 130},  # a percent over 100
            "出台《淄博市社区养老服务设施规划、建设、移交和使用管理办法》": {
                "本期数值": "5"
            },  # a figure for a task
            "督促抓好《淄博市社区养老服务设施规划、建设、移交和使用管理办法》落实": {
                "完成情况": "已完成",
                "填报日期": "10月20日",
            },
            "对3000张家庭养老床位建设及居家照护服务提供情况进行验收": {
                "进展情况": "已完成初验",
                "自评": "推进缓慢",
            },
        },
    )
    before = len(log_lines(plans))
    done = rectify(plans, "collect", str(tmp_path / "back.xlsx"))
    assert done.code == 1
    out = done.out
    assert "长者食堂：未记录" in out and "226" in out.split("长者食堂：未记录")[1].splitlines()[0]
    assert "社区养老服务设施配建率：未记录" in out
    assert "管理办法》：未记录" in out
    assert "记录3行" in out and "退回3行" in out
    recorded = {e["target"]: e for e in log_lines(plans)[before:]}
    assert recorded["beds"]["value"] == 3100 and recorded["beds"]["date"] == "2022-10-28"
    assert recorded["beds"]["by"] == "李四"
    assert recorded["facility-rules-implementation"]["done"] is True
    assert recorded["facility-rules-implementation"]["date"] == "2022-10-20"
    assert recorded["facility-rules-implementation"]["by"] == UNIT  # nobody named: the unit
    acceptance = recorded["beds-acceptance"]
    assert (acceptance["note"], acceptance["verdict"]) == (
        "已完成初验",
        "slow",
    )  # 自评 is the office's verdict


def test_rows_resorted_and_the_hidden_sheet_lost_are_matched_by_number_and_name(tmp_path):
    plans = sample(tmp_path)
    form = tmp_path / "form.xlsx"
    rectify(plans, "form", "--owner", UNIT, "--as-of", "2022-10-31", "-o", str(form))
    book, sheet, rows, columns = rows_by_name(form)
    del book["rectify"]
    first, last = min(rows.values()), max(rows.values())
    width = range(1, sheet.max_column + 1)
    values = [
        [(sheet.cell(r, c).value, sheet.cell(r, c).number_format) for c in width]
        for r in range(first, last + 1)
    ]
    for offset, row in enumerate(reversed(values)):  # sorted the other way round, as a user might
        for c, (value, shown) in enumerate(row, 1):
            sheet.cell(first + offset, c).value = value
            sheet.cell(first + offset, c).number_format = shown
    sheet.cell(first, columns["本期数值"]).value = 250  # 长者食堂, now on the first row
    sheet.cell(first, columns["填报人"]).value = "张三"
    sheet.cell(first + 1, 2).value = "验收"  # a name changed: no item is known by it
    sheet.cell(first + 1, columns["进展情况"]).value = "已验收"
    book.save(tmp_path / "back.xlsx")
    done = rectify(plans, "collect", str(tmp_path / "back.xlsx"))
    assert done.code == 1, done.out
    assert [e["value"] for e in log_lines(plans) if e.get("by") == "张三"] == [250]
    assert f"第{first + 1}行 2.5 验收：未记录：没有方案包含序号为 2.5、名称为 验收 的事项" in done.out


def test_a_row_two_plans_share_is_refused_once_the_hidden_sheet_is_gone(tmp_path):
    plans = sample(tmp_path)
    text = (plans / f"{PLAN}.yaml").read_text(encoding="utf-8").replace(f"id: {PLAN}", "id: twin", 1)
    (plans / "twin.yaml").write_text(text, encoding="utf-8")
    form = tmp_path / "form.xlsx"
    assert rectify(plans, "form", PLAN, "--owner", UNIT, "--as-of", "2022-10-31", "-o", str(form)).code == 0
    book, sheet, rows, columns = rows_by_name(form)
    del book["rectify"]
    sheet.cell(rows["长者食堂"], columns["本期数值"]).value = 262
    book.save(tmp_path / "back.xlsx")
    done = rectify(plans, "collect", str(tmp_path / "back.xlsx"))
    assert done.code == 1 and "2.6 长者食堂 对应方案中的多个事项" in done.out
    assert not [e for e in log_lines(plans) if e.get("value") == 262]


def test_a_file_that_is_no_form_is_said_and_the_others_still_collected(tmp_path, returned):
    plans = sample(tmp_path)
    (tmp_path / "notes.xlsx").write_bytes(b"not a workbook")
    done = rectify(plans, "collect", str(tmp_path / "notes.xlsx"), str(returned[1]))
    assert done.code == 1
    assert "notes.xlsx：未收集" in done.out and "记录1行" in done.out


def test_concurrent_collects_and_updates_lose_nothing(tmp_path):
    plans = sample(tmp_path)
    forms = []
    for unit, name, value in (
        ("养老服务科", "长者食堂", 270),
        ("社会救助科", "特困供养失能半失能人员集中供养率", 62),
    ):
        form = tmp_path / f"{unit}.xlsx"
        assert rectify(plans, "form", "--owner", unit, "--as-of", "2022-10-31", "-o", str(form)).code == 0
        fill(form, form, {name: {"本期数值": value}})
        forms.append(form)
    before = len(log_lines(plans))
    env = {"RECTIFY_PLANS": str(plans), "RECTIFY_LANG": "zh", "PATH": "/usr/bin:/bin"}
    jobs = [subprocess.Popen([*rectify_command(), "collect", str(f)], env=env) for f in forms]
    jobs += [
        subprocess.Popen([*rectify_command(), "note", "beds", f"第{n}次", "--date", "2022-10-31"], env=env)
        for n in range(4)
    ]
    assert [job.wait(timeout=120) for job in jobs] == [0] * 6
    new = log_lines(plans)[before:]
    assert sorted((e["target"], e.get("value") or e.get("note")) for e in new) == [
        ("beds", "第0次"),
        ("beds", "第1次"),
        ("beds", "第2次"),
        ("beds", "第3次"),
        ("canteens", 270),
        ("care-rate", 62),
    ]
