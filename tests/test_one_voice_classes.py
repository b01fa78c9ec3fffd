"""The ten disagreements of issue 25, each ended as a class: every test failed on main before one voice."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from zibo_rectify import loglines

EXAMPLES = ROOT / "examples"


def plans_with(tmp_path: Path, *stems: str, folder: Path = EXAMPLES) -> Path:
    """A plans folder holding copies of these examples and their logs."""
    target = tmp_path / "plans"
    target.mkdir(parents=True, exist_ok=True)
    for stem in stems:
        shutil.copy(folder / f"{stem}.yaml", target)
        if (folder / f"{stem}.progress.yaml").exists():
            shutil.copy(folder / f"{stem}.progress.yaml", target)
    return target


def rectify(plans: Path, *args: str, lang: str = "en", columns: int = 200) -> str:
    """`rectify --lang LANG ARGS --plans PLANS`, in this process, as a user runs it."""
    from zibo_rectify import i18n
    from zibo_rectify.cli import app

    i18n.use(lang)  # as the command line chooses it before the commands are built
    try:
        done = CliRunner().invoke(
            app,
            ["--lang", lang, *args, "--plans", str(plans)],
            env={"NO_COLOR": "1", "COLUMNS": str(columns)},
        )
    finally:
        i18n.use("en")
    if done.exception and not isinstance(done.exception, SystemExit):
        raise done.exception
    assert done.exit_code == 0, done.output
    return done.stdout


def ledger(plans: Path, plan: str, day: str, lang: str = "zh") -> list[dict[str, str]]:
    text = rectify(plans, "report", plan, "--as-of", day, "--format", "csv", lang=lang)
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def row(rows: list[dict[str, str]], name: str) -> dict[str, str]:
    return next(r for r in rows if r.get("整改任务", r.get("Rectification task")) == name)


def write(plans: Path, data: dict[str, Any], log: str = "") -> None:
    plans.mkdir(exist_ok=True)
    (plans / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (plans / f"{data['id']}.progress.yaml").write_text(log, encoding="utf-8")


def plan_of(*targets: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "id": "t",
        "title": "测试方案",
        "period": {"start": "2022-01-01", "end": "2022-12-31"},
        "targets": list(targets),
        "problems": [],
    }


def line(target: str, day: str, at: str = "09:00", **fields: Any) -> str:
    entry = {"date": day, "target": target, **fields, "recorded": f"{day}T{at}:00+08:00"}
    return "- " + json.dumps(entry, ensure_ascii=False) + "\n"


# 1. Goal direction, in every view; the formula guard only on a plan's or a log's own text.
def test_1_every_goal_keeps_its_direction_and_rectifys_own_phrases_are_never_guarded(tmp_path: Path) -> None:
    plans = plans_with(tmp_path, "river-chief-2023", "farmland-water-2023-2025")
    river = ledger(plans, "river-chief-2023", "2023-06-30")
    assert row(river, "劣V类水体比例")["整改目标"] == "低于4.3%"
    assert row(river, "市级河长巡河")["整改目标"] == "超过200次"
    assert row(river, "示例县优良水体比例")["整改目标"] == "不低于全市地表水优良水体比例（月度）"
    farm = ledger(plans, "farmland-water-2023-2025", "2024-12-31")
    assert row(farm, "水利建设投资增长率")["整改目标"] == "6.2%左右"
    english = ledger(plans, "river-chief-2023", "2023-06-30", lang="en")
    assert row(english, "劣V类水体比例")["Goal"] == "<4.3%"
    listed = rectify(plans, "targets", "river-chief-2023")
    assert "<4.3%" in listed and ">200 次" in listed and "≥ 全市地表水优良水体比例（月度）" in listed
    table = rectify(plans, "status", "river-chief-2023", "--as-of", "2023-06-30")
    assert "/ <4.3%" in table and "/ >200 次" in table
    # the shipped sample as of 2022-09-30: 不低于60%, nothing guarded, the same 完成率 as status --json
    first = plans_with(tmp_path / "first", "zibo-minzheng-2022-sample", folder=EXAMPLES / "first-run")
    text = rectify(first, "report", "--as-of", "2022-09-30", "--format", "csv", lang="zh")
    cells = [c for r in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for c in r]
    assert not [c for c in cells if c.startswith("'")]
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert row(rows, "特困供养失能半失能人员集中供养率")["整改目标"] == "不低于60%"
    assert row(rows, "社区养老服务设施配建率")["整改目标"] == "不低于100%"
    completion = json.loads(rectify(first, "status", "--as-of", "2022-09-30", "--json"))["summary"][
        "completion"
    ]
    md = rectify(first, "report", "--as-of", "2022-09-30", "--format", "md", lang="zh")
    assert f"整改完成率{completion:.1%}" in md
    page = rectify(first, "report", "--as-of", "2022-09-30", "--format", "html", lang="zh")
    assert "<figcaption>1.12 特困供养失能半失能人员集中供养率 · 61.3% / 不低于60%</figcaption>" in page
    # a plan's own text that a spreadsheet would run is still guarded
    write(
        tmp_path / "guard",
        plan_of({"id": "x", "name": "=HYPERLINK(1)", "kind": "count", "unit": "个", "goal": 5}),
    )
    guarded = ledger(tmp_path / "guard", "t", "2022-06-30")
    assert guarded[0]["整改任务"] == "'=HYPERLINK(1)" and guarded[0]["整改目标"] == "不少于5个"


def test_1_a_warning_states_the_goal_with_its_direction(tmp_path: Path) -> None:
    """A cap (低于4.3%) or a level (不低于60%) is never written as a share of its goal (— / 4.3%)."""
    plans = plans_with(tmp_path, "river-chief-2023")
    zh = rectify(plans, "warnings", "river-chief-2023", "--as-of", "2023-09-30", lang="zh")
    assert "劣V类水体比例（poor-water-ratio）  黄色：未达目标：暂无数据，目标低于4.3%" in zh
    en = rectify(plans, "warnings", "river-chief-2023", "--as-of", "2023-09-30")
    assert "yellow: goal not met: no figure yet, goal <4.3%" in en
    shaped = json.loads(rectify(plans, "warnings", "river-chief-2023", "--as-of", "2023-09-30", "--json"))
    assert "goal not met: no figure yet, goal <4.3%" in [w["reason"] for w in shaped["warnings"]]
    # a total to reach still reads as a share of it
    assert "behind the planned path: 0 次, planned 150 次 by 09-30" in en


def test_1_a_ledgers_part_rows_state_the_goal_with_its_direction(tmp_path: Path) -> None:
    """Each unit's row in the 台账 words its goal and share as the target's row does (不低于60%)."""
    import openpyxl

    plans = plans_with(tmp_path, "zhangdian-canteens-2023")
    sheet = tmp_path / "z.xlsx"
    rectify(plans, "report", "--as-of", "2023-09-30", "--format", "xlsx", "-o", str(sheet), lang="zh")
    rows = [
        [c for c in r if c is not None]
        for r in openpyxl.load_workbook(sheet).worksheets[0].iter_rows(values_only=True)
    ]
    coverage = next(i for i, r in enumerate(rows) if "城市社区助餐服务覆盖率" in r)
    boshan = rows[coverage + 3]
    assert boshan[:4] == ["\u3000博山区", "不低于60%", 48, 0.8]


# 2. 完成率: targets done or met over targets judged; indicators never count, parts count once.
@pytest.mark.parametrize(
    ("stem", "day"), [("river-chief-2023", "2023-06-30"), ("zhangdian-canteens-2023", "2023-09-30")]
)
def test_2_the_report_completion_is_status_completion(tmp_path: Path, stem: str, day: str) -> None:
    plans = plans_with(tmp_path, stem)
    summary = json.loads(rectify(plans, "status", stem, "--as-of", day, "--json"))["summary"]
    ratio = f"{summary['completion']:.1%}".replace(".0%", "%")
    md = rectify(plans, "report", stem, "--as-of", day, "--format", "md")
    assert f"(completion rate {ratio})" in md
    judged = summary["total"] - summary["indicators"]
    assert f"{judged} rectification tasks" in md  # indicators are not tasks
    assert f"completion {ratio}" in rectify(plans, "status", stem, "--as-of", day)


# 3. A task's share done is shown wherever its state is, and its warning names it.
def test_3_a_tasks_share_is_in_the_ledger_and_its_warning(tmp_path: Path) -> None:
    plans = plans_with(tmp_path, "school-zhenggai-2023")
    lab = row(ledger(plans, "school-zhenggai-2023", "2023-12-31"), "改造物理化学实验室")
    assert lab["当前进展"].startswith("80%") and "未完成" not in lab["当前进展"]
    warned = rectify(plans, "warnings", "school-zhenggai-2023", "--as-of", "2023-12-31", lang="zh")
    assert "实际80%" in warned and "实际—" not in warned


# 4. A repeated task: the current occurrence's state everywhere; missed occurrences reported and warned.
def test_4_a_repeated_task_shows_its_current_occurrence_and_what_was_missed(tmp_path: Path) -> None:
    plans = plans_with(tmp_path, "school-zhenggai-2023")
    state = json.loads(rectify(plans, "status", "school-zhenggai-2023", "--as-of", "2023-12-31", "--json"))
    spot = next(t for t in state["targets"] if t["id"] == "homework-spotcheck")
    assert spot["state"] == "on_track" and spot["missed"]
    cells = row(ledger(plans, "school-zhenggai-2023", "2023-12-31"), "作业量月度抽查")
    assert not cells["当前进展"].startswith("已完成") and "2023-09" in cells["完成情况"]
    md = rectify(
        plans, "report", "school-zhenggai-2023", "--as-of", "2023-12-31", "--format", "md", lang="zh"
    )
    assert "作业量月度抽查：漏报周期：2023-09, 2023-11" in md
    warned = rectify(plans, "warnings", "school-zhenggai-2023", "--as-of", "2023-12-31", lang="zh")
    assert "作业量月度抽查（homework-spotcheck）  黄色：漏报周期" in warned


# 5. due: none is "no deadline": —, never ongoing or 长期坚持.
def test_5_no_deadline_reads_as_a_dash(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    write(plans, plan_of({"id": "study", "name": "学习制度", "kind": "task", "due": "none"}))
    table = rectify(plans, "status", "--as-of", "2022-06-30")
    assert re.search(r"学习制度\s+study\s+○ open\s+—\s+on track", table)
    assert re.search(r"学习制度\s+study\s+task\s+—", rectify(plans, "targets"))
    cells = ledger(plans, "t", "2022-06-30")[0]
    assert (cells["整改目标"], cells["完成时限"]) == ("—", "—")
    for text in (table, rectify(plans, "targets", lang="zh"), str(cells)):
        assert "ongoing" not in text and "长期坚持" not in text


# 6. Charts plot only what counts, the parts' sum and each part, each point titled.
def test_6_charts_draw_only_figures_that_count_and_every_part(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    target = {"id": "beds", "name": "家庭养老床位", "kind": "count", "unit": "张", "goal": 300}
    log = line("beds", "2022-03-31", value=120) + line("beds", "2022-04-30", value=3000)
    typo = {"of_date": "2022-04-30", "of_recorded": "2022-04-30T09:00:00+08:00", "note": "录错"}
    log += line("beds", "2022-04-30", at="10:00", kind="withdraw", **typo)
    write(plans, plan_of(target), log)
    page = rectify(plans, "report", "--as-of", "2022-06-30", "--format", "html")
    titles = re.findall(r"<circle[^>]*><title>([^<]*)</title></circle>", page)
    assert titles == ["2022-03-31: 120 张"]
    assert "3,000" not in page.split("<svg", 1)[1]
    assert len(re.findall(r"<circle", page)) == len(titles)  # every point says its date and value
    parts = plans_with(tmp_path / "z", "zhangdian-canteens-2023")
    page = rectify(parts, "report", "--as-of", "2023-09-30", "--format", "html")
    canteens = page.split("<figure>")[1]
    assert canteens.count('class="part"') == 3 and "张店区 2023" in canteens
    assert '<polyline class="recorded"' in canteens


# 7. Passing an at-least goal is 超额完成; passing an exact goal is 超出, never praise.
def test_7_exceeded_is_praise_only_past_an_at_least_goal(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    more = {"id": "more", "name": "培训", "kind": "count", "unit": "人", "goal": 100}
    exact = {
        "id": "exact",
        "name": "改造",
        "kind": "count",
        "unit": "户",
        "goal": 100,
        "comparison": "exactly",
    }
    write(
        plans,
        plan_of(more, exact),
        line("more", "2022-06-01", value=130) + line("exact", "2022-06-01", value=130),
    )
    state = json.loads(rectify(plans, "status", "--as-of", "2022-06-30", "--json"))
    assert [t["flags"] for t in state["targets"]] == [["exceeded"], ["overshoot"]]
    table = rectify(plans, "status", "--as-of", "2022-06-30")
    assert re.search(r"培训 .*done, exceeded", table) and re.search(r"改造 .*done, over the goal", table)
    rows = ledger(plans, "t", "2022-06-30")
    assert "超额完成" in row(rows, "培训")["完成情况"]
    assert "超出" in row(rows, "改造")["完成情况"] and "超额" not in row(rows, "改造")["完成情况"]


# 8. Names before ids; every role as such; rectify's own notes in the report's language.
def test_8_names_come_before_ids_and_every_role_is_named(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    checks = {
        "id": "checks",
        "name": "专项检查",
        "kind": "task",
        "owners": [
            {"role": "lead", "name": "卫健局"},
            {"role": "co_lead", "name": "教育局"},
            {"role": "leader", "name": "李副市长"},
            {"role": "person", "name": "王科长"},
        ],
    }
    write(plans, plan_of(checks), line("checks", "2022-03-01", done=True, by="卫健局"))
    assert "专项检查 (checks)" in rectify(plans, "log")
    table = rectify(plans, "status", "--as-of", "2022-03-02")
    assert "lead: 卫健局; co-lead: 教育局; leader in charge: 李副市长; person responsible: 王科长" in table
    cells = ledger(plans, "t", "2022-03-02")[0]
    assert cells["责任单位"] == "牵头：卫健局；共同牵头：教育局"
    assert cells["责任人"] == "分管领导：李副市长；责任人：王科长"
    # an undo recorded in English reads in Chinese in a Chinese report
    rectify(plans, "done", "checks", "--undo", "--by", "卫健局")
    md = rectify(
        plans, "report", "--as-of", "2022-03-02", "--format", "md", "--since", "2022-02-28", lang="zh"
    )
    assert "marked done by mistake" not in md and "误标为已完成" in md
    sheet = tmp_path / "t.xlsx"
    rectify(plans, "report", "--as-of", "2022-03-02", "--format", "xlsx", "-o", str(sheet), lang="zh")
    import openpyxl

    history = list(openpyxl.load_workbook(sheet)["进展记录"].iter_rows(min_row=2, values_only=True))
    assert history[0][0] == "任务" and history[1][0] == "专项检查"  # the name, not the id
    due = rectify(plans, "due", "--as-of", "2022-06-28", lang="zh")
    assert "专项检查（checks）" not in due or due.index("专项检查") < due.index("checks")


# 9. Dates and numbers as a reader expects them.
def test_9_dates_and_numbers_read_as_written(tmp_path: Path) -> None:
    farm = plans_with(tmp_path, "farmland-water-2023-2025")
    table = rectify(farm, "status", "--as-of", "2023-06-30")
    assert "3.5 亿元 by 2023-12-31 · 8 亿元 by 2024-12-31" in table  # a plan of three years: the years
    plans = tmp_path / "own"
    sums = {
        "id": "funds",
        "name": "资金",
        "kind": "amount",
        "unit": "万元",
        "goal": 500,
        "parts": [{"id": "a", "name": "甲"}, {"id": "b", "name": "乙"}],
    }
    road = {"id": "road", "name": "道路", "kind": "quantity", "unit": "公里", "goal": 500}
    canteens = {
        "id": "canteens",
        "name": "食堂",
        "kind": "count",
        "unit": "家",
        "goal": 233,
        "start": "2022-01-01",
    }
    late = {"id": "plan-doc", "name": "方案", "kind": "task", "due": "2022-12-31", "cadence": "monthly"}
    log = line("funds", "2022-03-01", value=100.1, part="a") + line(
        "funds", "2022-03-01", value=56.82, part="b"
    )
    log += line("road", "2022-03-01", value=498.1) + line("canteens", "2022-03-01", value=10)
    log += line("plan-doc", "2022-02-01", percent=50)
    write(plans, plan_of(sums, road, canteens, late), log)
    state = json.loads(rectify(plans, "status", "--as-of", "2022-07-01", "--json"))
    by_id = {t["id"]: t for t in state["targets"]}
    assert by_id["funds"]["value"] == 156.92 and "156.92000000000002" not in json.dumps(state)
    assert "stale" not in by_id["plan-doc"]["flags"]
    table = rectify(plans, "status", "--as-of", "2022-07-01")
    assert re.search(r"道路 .*█████████░  99%", table)  # 498.1 of 500 is not 100%
    assert "stale" not in table and "not updated" not in table.split("方案")[1].split("\n")[0]
    assert re.search(r"\+\d+ 家/month to reach 233 家", table)  # the pace has its unit
    warned = rectify(plans, "warnings", "--as-of", "2022-07-01", lang="zh")
    assert re.search(r"应达\d+家", warned) and not re.search(r"应达\d+\.\d+家", warned)
    # Chinese line breaking: no wrapped line starts with closing punctuation
    name = "健全完善区县、镇(街道)、村(居)三级救助服务网，提升能力。"
    for width in range(6, 40):
        assert not any(part[:1] in "、，。；：）)" for part in loglines.wrap(name, width).splitlines())


def test_9_a_share_short_of_the_goal_never_reads_100_percent_in_a_document(tmp_path: Path) -> None:
    """499.97 of 500 公里 is 99% in the 台账's 当前进展 and the 通报's annex, as on the status bar."""
    import openpyxl
    from docx import Document

    road = {
        "id": "road",
        "name": "道路",
        "kind": "quantity",
        "unit": "公里",
        "goal": 500,
        "due": "2022-12-31",
    }
    plans = tmp_path / "plans"
    write(plans, plan_of(road), line("road", "2022-03-01", value=499.97))
    assert re.search(r"道路 .* 99%", rectify(plans, "status", "--as-of", "2022-07-01", lang="zh"))
    sheet, doc = tmp_path / "t.xlsx", tmp_path / "t.docx"
    for out in (sheet, doc):
        rectify(
            plans, "report", "--as-of", "2022-07-01", "--format", out.suffix[1:], "-o", str(out), lang="zh"
        )
    cells = [c for r in openpyxl.load_workbook(sheet).worksheets[0].iter_rows(values_only=True) for c in r]
    assert "499.97公里（完成目标的99%）" in cells
    annex = [c.text for t in Document(str(doc)).tables for r in t.rows for c in r.cells]
    assert "499.97公里（完成目标的99%）" in annex and not [c for c in annex if "完成目标的100%" in c]


def test_9_a_negative_figure_has_a_minus_sign_in_every_terminal_view(tmp_path: Path) -> None:
    """−2%, never -2% (which a spreadsheet pasted into reads as a formula), in warnings as in status."""
    growth = {
        "id": "growth",
        "name": "投资增长率",
        "kind": "change",
        "unit": "%",
        "goal": 5,
        "due": "2022-06-30",
    }
    plans = tmp_path / "plans"
    write(plans, plan_of(growth), line("growth", "2022-05-01", value=-2))
    warned = rectify(plans, "warnings", "--as-of", "2022-09-30", lang="zh")
    assert "红色：6月30日到期，−2%，目标不低于5%" in warned
    table = rectify(plans, "status", "--as-of", "2022-09-30", lang="zh")
    assert "−40%   −2% / 不低于5%" in table and not re.search(r"-\d+%", table)
    assert re.search(r"投资增长率（growth）\s+−2\s", rectify(plans, "log", lang="zh"))


CLOSING = "、。，；：！？）」』】》%"


@pytest.mark.parametrize("columns", [60, 80, 100, 120])
def test_9_no_line_of_a_chinese_terminal_view_starts_with_closing_punctuation(
    tmp_path: Path, columns: int
) -> None:
    """Every view a person reads in a terminal, rich's tables and listings alike, breaks a Chinese line
    as Chinese typesetting does (a long name, a warning after an id, a note)."""
    shipped = ROOT / "plans"
    first = EXAMPLES / "first-run"
    day = ["--as-of", "2022-09-30"]
    views = [
        (shipped, ["status", *day]),
        (shipped, ["warnings", *day]),
        (shipped, ["due", *day]),
        (shipped, ["changes", "--since", "2022-07-01", *day]),
        (first, ["status", *day]),
        (first, ["show", "canteens", *day]),
        (first, ["log"]),
        (first, ["targets"]),
    ]
    for folder, args in views:
        text = rectify(folder, *args, lang="zh", columns=columns)
        starts = [ln for ln in text.splitlines() if ln.lstrip(" │|┃")[:1] in tuple(CLOSING)]
        assert not starts, (args, starts)


# 10. show: the recording time on one line at 80 columns, and superseded figures marked as log marks them.
def test_10_show_keeps_the_recording_time_whole_and_marks_superseded_figures(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    target = {"id": "beds", "name": "家庭养老床位", "kind": "count", "unit": "张", "goal": 300}
    log = line("beds", "2022-03-31", value=120, note="第一批")
    log += line("beds", "2022-03-31", at="10:00", value=110, correction=True)
    write(plans, plan_of(target), log)
    out = rectify(plans, "show", "beds", "--as-of", "2022-06-30", columns=80)
    assert re.search(r"2022-03-31 +120 \[superseded\].*2022-03-31 09:00", out)
    assert re.search(r"\[superseded\]", rectify(plans, "log", columns=80))
