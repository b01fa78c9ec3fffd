"""`report --since`: the section "since the last report" (本期变化) and the workflow's facts in every format.

The core scenario (canteens 95 on 07-31, 250 on 10-20; the spring tasks done),
then in October: canteens 300 and its sign-off, a reopening of a task signed
off in September, a figure for the beds sent back and another awaiting review.
The report of 2022-11-01 since 2022-10-01 must hold October's changes and none
of the earlier ones, read as a user reads each file.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import PLAN_ID, target
from test_report import assert_sheet_agrees_with_csv, docx_text, ledger_sheet, record_scenario

SINCE, DAY = "2022-10-01", "2022-11-01"
HEADING = "本期变化（2022年10月1日至2022年11月1日）"
# What happened in October, as the section says it.
IN_SPAN = (
    "2.6 长者食堂：2022年10月20日报送250家；第三批验收",
    "2.6 长者食堂：2022年10月25日报送300家",
    "2.4 家庭养老床位：2022年10月10日报送800张（已退回）",
    "2.4 家庭养老床位：2022年10月28日报送1,200张（待审核）",
    "2.6 长者食堂：滞后 → 已完成",
    "2.6 长者食堂：黄色预警 → 无预警",
    "2.6 长者食堂：✓ 2022年10月31日前达到240家：已达到",
    "2.6 长者食堂：督查科于2022年10月26日销号",
    "2.1 出台《淄博市社区养老服务设施规划、建设、移交和使用管理办法》：2022年10月15日重新整改："
    "回头看发现问题反弹",
    "2.4 家庭养老床位：督查科于2022年10月12日退回2022年10月10日报送的800张，理由：缺验收单",
)
# What happened before it: in the report's ledger and history, never in the section.
BEFORE_SPAN = (
    *(
        "2022年7月31日报送95",
        "2022年9月5日",
        "2022年9月6日",
        "2022年9月12日",
        "2022年6月20日",
        "2022年7月5日",
    ),
    *("2022-07-31", "2022-09-05", "2022-09-06", "2022-09-12", "2022-06-20", "2022-07-05", "数字有误"),
)
GROUPS = (
    "报送进展",
    "完成情况变化",
    "预警等级变化",
    "到期的阶段目标和完成时限",
    "销号",
    "重新整改",
    "审核退回",
)


def beds_need_review(plans_dir: Path) -> None:
    """The shipped plan as format 2, with `review: required` on the beds alone."""
    path = plans_dir / f"{PLAN_ID}.yaml"
    text = path.read_text(encoding="utf-8").replace("schema_version: 1\n", "schema_version: 2\n", 1)
    beds = "        due: 2022-07-31\n        source: 建设家庭养老床位3000张"
    assert beds in text
    path.write_text(text.replace(beds, beds.replace("source:", "review: required\n        source:")), "utf-8")


@pytest.fixture
def october(cli, plans_dir: Path, tmp_path: Path):
    beds_need_review(plans_dir)
    record_scenario(cli)
    steps = [
        ("done", "facility-rules", "--date", "2022-09-10"),
        ("signoff", "facility-rules", "--by", "督查科", "--date", "2022-09-12"),
        ("update", "beds", "500", "--date", "2022-09-05"),
        ("review", "beds", "--reject", "--reason", "数字有误", "--by", "督查科", "--date", "2022-09-06"),
        ("update", "beds", "800", "--date", "2022-10-10", "--by", "养老服务科"),
        ("review", "beds", "--reject", "--reason", "缺验收单", "--by", "督查科", "--date", "2022-10-12"),
        (
            "reopen",
            "facility-rules",
            "--reason",
            "回头看发现问题反弹",
            "--by",
            "督查科",
            "--date",
            "2022-10-15",
        ),
        ("update", "canteens", "300", "--date", "2022-10-25"),
        ("signoff", "canteens", "--by", "督查科", "--date", "2022-10-26"),
        ("update", "beds", "1200", "--date", "2022-10-28", "--by", "养老服务科"),
    ]
    for step in steps:  # each recorded on the day it is about, as an office reporting monthly would
        on = step[step.index("--date") + 1]
        done = cli(*step, env={"RECTIFY_RECORDED_AT": f"{on}T18:00:00+08:00"})
        assert done.code == 0, (step, done.err)
    out = tmp_path / "out"
    out.mkdir()

    def report(fmt: str, *more: str, since: str | None = SINCE) -> Path:
        path = out / f"report-{since}.{fmt}"
        span = ("--since", since) if since else ()
        result = cli("report", "--as-of", DAY, *span, "--format", fmt, "-o", str(path), *more)
        assert result.code == 0, result.err
        return path

    return report


def section(page: str, start: str, end: str) -> str:
    """The text from the heading `start` up to the next `end` after it."""
    begin = page.index(start)
    stop = page.find(end, begin + len(start))
    return page[begin : stop if stop >= 0 else None]


def assert_the_span(words: str) -> None:
    for said in IN_SPAN:
        assert said in words, said
    for earlier in BEFORE_SPAN:
        assert earlier not in words, earlier


def test_the_markdown_and_the_page_list_octobers_changes_and_nothing_earlier(october):
    page = october("md").read_text(encoding="utf-8")
    part = section(page, f"## {HEADING}", "\n## ")
    assert_the_span(part)
    assert [line[4:] for line in part.splitlines() if line.startswith("### ")] == list(GROUPS)
    assert page.index(HEADING) < page.index("## 1 社会救助")  # after the summary, before the ledger
    assert "本期变化" not in october("md", since=None).read_text(encoding="utf-8")

    html = october("html").read_text(encoding="utf-8")
    part = section(html, '<section class="since">', "</section>")
    assert f"<h2>{HEADING}</h2>" in part
    assert_the_span(part)
    assert "本期变化" not in october("html", since=None).read_text(encoding="utf-8")


def test_the_csv_ledger_has_warning_signoff_pending_and_this_period_columns(october):
    with october("csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    head = rows[0]
    assert head[-3:] == ["预警", "销号", "本期变化"]
    assert head[:4] == ["序号", "问题", "整改措施", "整改任务"]  # the columns before stay where they were
    by_task = {r[3]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    canteens, beds = by_task["长者食堂"], by_task["家庭养老床位"]
    rules = by_task["出台《淄博市社区养老服务设施规划、建设、移交和使用管理办法》"]
    assert canteens["销号"] == "督查科于2022年10月26日销号"
    assert canteens["预警"] == ""
    assert canteens["当前进展"] == "300/300家；第三批验收"
    assert canteens["本期变化"].split("；")[:3] == [
        "报送进展：2022年10月20日报送250家",
        "第三批验收",
        "报送进展：2022年10月25日报送300家",
    ]
    assert "95" not in canteens["本期变化"]
    assert beds["当前进展"] == "0/3,000张；待审核：2022年10月28日的1,200张"  # rejected 800 never counts
    assert beds["预警"] == "红色预警：7月31日到期，0 / 3,000张"
    assert "理由：缺验收单" in beds["本期变化"] and "数字有误" not in beds["本期变化"]
    assert rules["销号"] == "2022年10月15日重新整改：回头看发现问题反弹"
    assert by_task["社区养老服务设施配建率"]["本期变化"] == ""

    with october("csv", since=None).open(encoding="utf-8-sig", newline="") as handle:
        plain = list(csv.reader(handle))
    assert plain[0] == head[:-1]  # without --since no column of the span
    assert [r[:-1] for r in rows] == plain


def test_the_workbook_has_a_sheet_of_the_span_and_the_ledger_matches_the_csv(cli, october):
    import openpyxl

    path = october("xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["整改台账", "汇总", "本期变化", "进展记录"]
    sheet = [list(r) for r in book["本期变化"].iter_rows(min_row=2, values_only=True)]
    assert sheet[0] == [
        "变化类别",
        "日期",
        "序号",
        "整改任务",
        "变化前",
        "变化后",
        "变化情况",
        "填报人",
        "行",
    ]
    rows = sheet[1:]
    dated = [r[1] for r in rows if isinstance(r[1], dt.datetime)]
    assert dated and all(dt.datetime(2022, 10, 1) < d <= dt.datetime(2022, 11, 1) for d in dated)
    signoff = next(r for r in rows if r[0] == "销号")
    assert signoff[1:4] == [dt.datetime(2022, 10, 26), "2.6", "长者食堂"]
    assert signoff[6:8] == ["督查科于2022年10月26日销号", "督查科"]
    line = next(
        e["line"]
        for e in cli("log", "--json").json()
        if e.get("kind") == "signoff" and e["date"] == "2022-10-26"
    )
    assert signoff[8] == line
    state = next(r for r in rows if r[0] == "完成情况" and r[3] == "长者食堂")
    assert state[4:6] == ["滞后", "已完成"]
    assert {r[0] for r in rows} == {
        "报送进展",
        "完成情况",
        "预警",
        "阶段目标到期",
        "完成时限到期",
        "销号",
        "重新整改",
        "退回",
    }
    assert_the_span("\n".join(f"{r[2]} {r[3]}：{r[6]}" for r in rows))

    ledger = book["整改台账"]
    head = [c.value for c in ledger[2]]
    beds_row = next(r for r in ledger.iter_rows(min_row=3) if r[3].value == "家庭养老床位")
    warning = beds_row[head.index("预警")]
    assert warning.value.startswith("红色预警") and warning.fill.fgColor.rgb.endswith("F4B6B6")
    with october("csv").open(encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.reader(handle))
    assert_sheet_agrees_with_csv(ledger_sheet(path), csv_rows)

    summary = [c for row in book["汇总"].iter_rows(values_only=True) for c in row if c]
    status = cli("status", PLAN_ID, "--as-of", DAY, "--json").json()
    red = sum(1 for t in status["targets"] if (t["warning"] or {}).get("level") == "red")
    yellow = sum(1 for t in status["targets"] if (t["warning"] or {}).get("level") == "yellow")
    assert f"红色预警{red}项；黄色预警{yellow}项；已销号1项；1项数据待审核。" in summary
    history = [r for r in book["进展记录"].iter_rows(min_row=2, values_only=True)]
    marks = {(r[0], r[2]): r[3] for r in history[1:]}
    assert marks[("家庭养老床位", 800)] == "已退回" and marks[("家庭养老床位", 1200)] == "待审核"

    assert openpyxl.load_workbook(october("xlsx", since=None)).sheetnames == ["整改台账", "汇总", "进展记录"]


def test_the_docx_has_the_span_as_a_numbered_section_of_the_report(october):
    from docx import Document

    doc = Document(str(october("docx")))
    paragraphs = [p.text for p in doc.paragraphs]
    start = paragraphs.index("二、本期变化（2022年10月1日至2022年11月1日）")  # a 公文 has no ISO date
    end = paragraphs.index("三、各问题整改情况")
    part = paragraphs[start:end]
    assert [p for p in part if p.startswith("（")] == [
        f"（{n}）{g}" for n, g in zip("一二三四五六七", GROUPS, strict=True)
    ]
    assert not any(mark in p for p in part for mark in "✓✗→")
    in_words = [s.replace(" → ", "变为").replace("✓ ", "") for s in IN_SPAN]
    assert all(said in "\n".join(part) for said in in_words), in_words
    assert "四、存在的问题" in paragraphs and "五、下一步工作" in paragraphs

    plain = docx_text(october("docx", since=None))
    assert "本期变化" not in plain and "三、存在的问题" in plain and "四、下一步工作" in plain


def test_the_exports_carry_the_workflow_fields_and_the_changes_of_the_span(cli, october):
    rows = [json.loads(line) for line in october("jsonl").read_text(encoding="utf-8").splitlines()]
    by_id = {r["id"]: r for r in rows}
    canteens, beds, rules = by_id["canteens"], by_id["beds"], by_id["facility-rules"]
    assert (canteens["signed_off_on"], canteens["signed_off_by"], canteens["warning_level"]) == (
        "2022-10-26",
        "督查科",
        None,
    )
    assert (rules["signed_off_on"], rules["reopened_on"], rules["reopened_reason"]) == (
        None,
        "2022-10-15",
        "回头看发现问题反弹",
    )
    status = cli("status", PLAN_ID, "--as-of", DAY, "--json").json()
    assert beds["value"] == target(status, "beds")["value"] == 0  # the rejected figure counts in neither
    assert beds["warning_level"] == target(status, "beds")["warning"]["level"] == "red"
    assert beds["warning_reason"] == "7月31日到期，0 / 3,000张"
    english = [json.loads(line) for line in october("jsonl", "--lang", "en").read_text("utf-8").splitlines()]
    assert (
        next(r for r in english if r["id"] == "beds")["warning_reason"]
        == target(status, "beds")["warning"]["reason"]
    )
    assert [(p["date"], p["value"], p["by"]) for p in beds["pending"]] == [("2022-10-28", 1200, "养老服务科")]
    assert [c["kind"] for c in canteens["changes"]] == [
        "entry",
        "entry",
        "state",
        "warning",
        "milestone",
        "signoff",
    ]
    assert [c["value"] for c in canteens["changes"] if c["kind"] == "entry"] == [250, 300]
    rejection = next(c for c in beds["changes"] if c["kind"] == "rejection")
    assert (rejection["date"], rejection["of_date"], rejection["value"], rejection["note"]) == (
        "2022-10-12",
        "2022-10-10",
        800,
        "缺验收单",
    )
    assert all(r["since"] == SINCE for r in rows)
    plain = [
        json.loads(line) for line in october("jsonl", since=None).read_text(encoding="utf-8").splitlines()
    ]
    assert "changes" not in plain[0] and "since" not in plain[0]
    assert plain[0]["warning_level"] == rows[0]["warning_level"]

    changes = [
        json.loads(line) for line in october("jsonl", "--what", "changes").read_text("utf-8").splitlines()
    ]
    assert all(c["date"] is None or SINCE < c["date"] <= DAY for c in changes)
    assert {c["kind"] for c in changes} == {
        "entry",
        "state",
        "warning",
        "milestone",
        "goal",
        "signoff",
        "reopen",
        "rejection",
    }
    assert sum(c["kind"] == "entry" for c in changes) == 4
    goal = next(c for c in changes if c["kind"] == "goal" and c["target"] == "policy-training")
    assert (goal["date"], goal["value"], goal["reached"], goal["number"]) == (
        "2022-10-31",
        None,
        False,
        "1.8",
    )
    milestone = next(c for c in changes if c["kind"] == "milestone")
    assert (milestone["target"], milestone["value"], milestone["reached"], milestone["value_then"]) == (
        "canteens",
        240,
        True,
        300,
    )
    import pyarrow.parquet as pq

    table = pq.read_table(october("parquet", "--what", "changes")).to_pylist()
    assert [(c["kind"], c["target"], c["date"]) for c in table] == [
        (c["kind"], c["target"], c["date"]) for c in changes
    ]
    targets = {r["id"]: r for r in pq.read_table(october("parquet")).to_pylist()}
    assert targets["canteens"]["signed_off_by"] == "督查科"
    assert [c["kind"] for c in targets["canteens"]["changes"]] == [c["kind"] for c in canteens["changes"]]


def test_one_units_report_lists_only_its_own_changes(october):
    page = october("md", "--owner", "社会救助科").read_text(encoding="utf-8")
    part = section(page, f"## {HEADING}", "\n## ")
    assert "长者食堂" not in part and "家庭养老床位" not in part
    assert "1.8 组织社会救助政策培训：按序时推进 → 逾期" in part


def test_a_span_that_runs_backwards_and_changes_without_a_span_are_refused(cli, tmp_path):
    backwards = cli("report", "--since", "2022-11-02", "--as-of", DAY, "--format", "md")
    assert backwards.code == 2
    assert (
        "2022-11-02" in backwards.err and "2022-11-01" in backwards.err and "Traceback" not in backwards.err
    )
    assert cli("report", "--since", "2022-13-01", "--as-of", DAY).code == 2
    no_span = cli("report", "--format", "jsonl", "--what", "changes")
    assert no_span.code == 2 and "--since" in no_span.err
    assert cli("report", "--since", SINCE, "--format", "csv", "--what", "changes").code == 2
    # Since the end of the report's own day: nothing recorded after it, no day after it.
    end = f"{DAY}T23:59:59+08:00"
    quiet = cli("report", "--since", end, "--as-of", DAY, "--format", "md", "-o", str(tmp_path / "r.md"))
    assert quiet.code == 0
    assert "本期无变化。" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_show_marks_the_figure_sent_back_and_the_one_awaiting_review(cli, october):
    out = cli("show", "beds", "--as-of", DAY).out
    assert "800 [rejected]" in out and "1,200 [pending review]" in out
    assert "pending review: 1,200 张 of 2022-10-28" in out  # in 当前进展, beside the figure in force


def test_an_office_template_sees_the_section(october, tmp_path):
    from docx import Document

    template = tmp_path / "模板.docx"
    doc = Document()
    doc.add_paragraph(
        "{% if plans[0].since %}{{ plans[0].since.heading }}"
        "{% for s in plans[0].since.sections %}|{{ s.heading }}:{{ s['items']|length }}{% endfor %}"
        "{% endif %}"
    )
    doc.add_paragraph("{% for r in plans[0].rows %}{{ r.signoff }}{% endfor %}")
    doc.save(str(template))
    words = docx_text(october("docx", "--template", str(template)))
    assert HEADING + "|报送进展:4|" in words and "|销号:1|" in words
    assert "督查科于2022年10月26日销号" in words
    assert HEADING not in docx_text(october("docx", "--template", str(template), since=None))


def test_many_plans_name_the_plan_of_each_change(cli, tmp_path):
    from test_report_exports import THREE_PLANS, copy_plan, entry

    folder = tmp_path / "many"
    folder.mkdir()
    plans = {**THREE_PLANS, "plan-b": [*THREE_PLANS["plan-b"], entry("canteens", "2022-10-20", value=250)]}
    for plan_id, entries in plans.items():
        for path in copy_plan(tmp_path, plan_id, entries).iterdir():
            path.rename(folder / path.name)
    out = tmp_path / "many.xlsx"
    span = ("--since", SINCE, "--as-of", DAY)
    assert cli("--plans", str(folder), "report", *span, "--format", "xlsx", "-o", str(out)).code == 0
    import openpyxl

    rows = list(openpyxl.load_workbook(out)["本期变化"].iter_rows(min_row=2, values_only=True))
    assert rows[0][:2] == ("方案", "变化类别")
    recorded = [r for r in rows[1:] if r[1] == "报送进展"]
    title = "市民政局2022年被评议部门重点问题整改方案"  # the same in the three: each named with its id
    assert [(r[0], r[4], r[7]) for r in recorded] == [
        (f"{title}（plan-b）", "长者食堂", "2022年10月20日报送250家")
    ]
    assert {r[0] for r in rows[1:]} == {f"{title}（{p}）" for p in plans}  # each plan's deadlines fell due


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "xlsx", "docx", "jsonl"])
def test_every_example_plan_reports_a_span_in_every_format(cli, tmp_path, fmt):
    import shutil

    from test_report_exports import EXAMPLES

    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    path = tmp_path / f"examples.{fmt}"
    span = ("--since", "2023-07-01", "--as-of", "2023-10-01")
    result = cli("--plans", str(folder), "report", *span, "--format", fmt, "-o", str(path))
    assert result.code == 0, result.err
    if fmt == "md":
        assert path.read_text(encoding="utf-8").count("## 本期变化（2023年7月1日至2023年10月1日）") >= 2
    if fmt == "jsonl":
        changes = cli("--plans", str(folder), "report", *span, "--format", "jsonl", "--what", "changes")
        assert changes.code == 0
        kinds = {json.loads(line)["kind"] for line in changes.out.splitlines()}
        assert "entry" in kinds
