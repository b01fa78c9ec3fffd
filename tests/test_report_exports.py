"""Exports that cannot be turned against their reader, and exports of many plans read by DuckDB."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import PLAN_ID, SHIPPED

HOSTILE = ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "<script>alert(1)</script>"]

HOSTILE_PLAN = """\
schema_version: 1
id: hostile
title: '=HYPERLINK("http://x")'
issuer: '@SUM(A1)'
period: {{start: 2022-01-01, end: 2022-12-31}}
owners: [{{role: lead, name: "-2+3"}}]
problems:
  - id: p
    title: '<script>alert(1)</script>'
    measures: [{{number: 1, title: '+1', text: '=1+1'}}]
    targets:
{targets}
"""


def hostile_plans(folder: Path) -> None:
    targets = "".join(
        f"      - {{id: t{i}, name: {json.dumps(name)}, kind: count, goal: 10, measure: 1}}\n"
        for i, name in enumerate(HOSTILE)
    )
    folder.mkdir()
    (folder / "hostile.yaml").write_text(HOSTILE_PLAN.format(targets=targets), encoding="utf-8")
    log = (
        '- {"date": "2022-03-01", "target": "t0", "value": 3, "note": "\\tcmd", "evidence": "\\r=2", '
        '"recorded": "2022-03-01T10:00:00+08:00"}\n'
    )
    (folder / "hostile.progress.yaml").write_text(log, encoding="utf-8")


@pytest.fixture
def hostile(cli, tmp_path):
    folder = tmp_path / "hostile"
    hostile_plans(folder)

    def report(fmt: str) -> Path:
        path = tmp_path / f"hostile.{fmt}"
        result = cli(
            "--plans", str(folder), "report", "--as-of", "2022-06-01", "--format", fmt, "-o", str(path)
        )
        assert result.code == 0, result.err
        return path

    return report


DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def test_csv_cells_cannot_be_formulas(hostile):
    with hostile("csv").open(encoding="utf-8-sig", newline="") as handle:
        cells = [c for row in csv.reader(handle) for c in row]
    assert not [c for c in cells if c.startswith(DANGEROUS)]
    for words in HOSTILE[:3]:
        assert "'" + words in cells or any(c.startswith("'" + words) for c in cells)


def test_xlsx_cells_cannot_be_formulas(hostile):
    import openpyxl

    book = openpyxl.load_workbook(hostile("xlsx"))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(DANGEROUS)]
    assert '\'=HYPERLINK("http://x")' in texts and "'+1" in texts


def test_docx_text_cannot_be_formulas(hostile):
    from docx import Document

    doc = Document(str(hostile("docx")))
    texts = [r.text for p in doc.paragraphs for r in p.runs]
    texts += [
        r.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    assert not [t for t in texts if t.startswith(DANGEROUS)]
    assert any(t.startswith("'=HYPERLINK") for t in texts)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_html_and_markdown_escape_every_piece_of_text(hostile, fmt):
    page = hostile(fmt).read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert" in page.replace("\\", "")
    assert '=HYPERLINK("http://x")' not in page.replace("&quot;", "?")  # quotes escaped too
    if fmt == "md":
        assert "](http" not in page


def copy_plan(root: Path, plan_id: str, entries: list[str]) -> Path:
    """A plans repository of its own holding the shipped plan under another id, with entries."""
    folder = root / plan_id / "plans"
    folder.mkdir(parents=True)
    text = (SHIPPED / f"{PLAN_ID}.yaml").read_text(encoding="utf-8")
    (folder / f"{plan_id}.yaml").write_text(
        text.replace(f"id: {PLAN_ID}", f"id: {plan_id}"), encoding="utf-8"
    )
    (folder / f"{plan_id}.progress.yaml").write_text("".join(e + "\n" for e in entries), encoding="utf-8")
    return folder


def entry(target: str, day: str, **fields: object) -> str:
    data = {"date": day, "target": target, **fields, "recorded": f"{day}T10:00:00+08:00"}
    return "- " + json.dumps(data, ensure_ascii=False)


THREE_PLANS = {
    "plan-a": [entry("canteens", "2022-07-31", value=95), entry("low-income-rules", "2022-06-20", done=True)],
    "plan-b": [entry("beds", "2022-07-30", value=3000), entry("facility-rules", "2022-07-20", done=True)],
    "plan-c": [entry("care-rate", "2022-09-01", value=61)],
}


def test_duckdb_counts_overdue_items_per_lead_unit_over_three_plans_as_rectify_does(
    cli, tmp_path, monkeypatch
):
    duckdb = pytest.importorskip("duckdb")
    for plan_id, entries in THREE_PLANS.items():
        folder = copy_plan(tmp_path, plan_id, entries)
        export = folder.parent / "rectify-export"
        export.mkdir()
        result = cli(
            "--plans",
            str(folder),
            "report",
            "--format",
            "jsonl",
            "--as-of",
            "2022-11-01",
            "-o",
            str(export / "status.jsonl"),
        )
        assert result.code == 0, result.err
    monkeypatch.chdir(tmp_path)
    reports = (Path(__file__).parent.parent / "docs" / "reports.md").read_text(encoding="utf-8")
    query = reports.split("```sql\n")[1].split("\n```")[0]  # the documented query
    assert "read_json_auto('*/rectify-export/*.jsonl')" in query
    counted = dict(duckdb.sql(query).fetchall())

    expected: Counter[str] = Counter()
    for plan_id in THREE_PLANS:
        status = cli(
            "--plans", str(tmp_path / plan_id / "plans"), "status", "--as-of", "2022-11-01", "--json"
        )
        expected.update(t["owner"] for t in status.json()["targets"] if t["state"] == "overdue")
    assert counted == dict(expected)
    assert counted == {"社会救助科": 32, "养老服务科": 10}


@pytest.fixture
def three_plans(tmp_path) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for plan_id, entries in THREE_PLANS.items():
        for path in copy_plan(tmp_path, plan_id, entries).iterdir():
            shutil.copy(path, folder / path.name)
    return folder


def test_status_and_report_over_many_plans_open_with_a_row_per_plan_and_per_unit(cli, three_plans):
    out = cli("--plans", str(three_plans), "--lang", "en", "status", "--as-of", "2022-11-01").out
    first = out.split("市民政局2022年被评议部门重点问题整改方案  ·")[0]
    assert "Plans" in first and "Lead units across plans" in first
    rows = [line.split() for line in first.splitlines()]
    for plan in cli("--plans", str(three_plans), "status", "--as-of", "2022-11-01", "--json").json():
        s = plan["summary"]
        done, behind, overdue = s["done"] + s["met"], s["behind"] + s["not_met"], s["overdue"]
        ratio = f"{s['completion']:.1%}".replace(".0%", "%")
        row = next(r for r in rows if r and r[0] == plan["plan"])
        assert row[2:7] == ["21", str(done), str(behind), str(overdue), ratio]
    assert next(r for r in rows if r and r[0] == "plan-b")[7] == "2022-07-30"
    assert ["社会救助科", "3", "45", "2"] == next(r for r in rows if r and r[0] == "社会救助科")[:4]
    page = cli("--plans", str(three_plans), "report", "--as-of", "2022-11-01").out
    assert page.startswith("# 总览")
    assert "| plan-c | 市民政局2022年被评议部门重点问题整改方案 | 21 | 1 |" in page
    from docx import Document

    path = three_plans.parent / "many.docx"
    assert cli("--plans", str(three_plans), "report", "--format", "docx", "-o", str(path)).code == 0
    first = Document(str(path)).tables[0]
    assert [c.text for c in first.rows[0].cells][:3] == ["方案", "名称", "任务数"]
    assert [r.cells[0].text for r in first.rows[1:]] == ["plan-a", "plan-b", "plan-c"]


def test_status_json_array_is_an_array_for_one_plan_too(cli, three_plans):
    one = cli("status", PLAN_ID, "--as-of", "2022-11-01", "--json-array").json()
    assert isinstance(one, list) and one[0]["plan"] == PLAN_ID
    assert isinstance(cli("status", PLAN_ID, "--json").json(), dict)  # --json keeps its shape
    many = cli("--plans", str(three_plans), "status", "--json-array").json()
    assert [p["plan"] for p in many] == ["plan-a", "plan-b", "plan-c"]


def test_entries_export_one_row_per_entry_with_plan_and_commit(cli, three_plans, tmp_path):
    import subprocess

    subprocess.run(["git", "init", "-q", str(three_plans)], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(three_plans),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@x",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "x",
        ],
        check=True,
    )
    commit = subprocess.run(
        ["git", "-C", str(three_plans), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    result = cli("--plans", str(three_plans), "report", "--format", "jsonl", "--what", "entries")
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert len(rows) == 5 and {r["commit"] for r in rows} == {commit}
    assert {(r["plan"], r["target"]) for r in rows} >= {("plan-a", "canteens"), ("plan-c", "care-rate")}
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "entries.parquet"
    assert (
        cli(
            "--plans", str(three_plans), "report", "--format", "parquet", "--what", "entries", "-o", str(path)
        ).code
        == 0
    )
    assert pq.read_table(path).num_rows == 5


FORMAT_2 = """\
schema_version: 2
id: v2
title: 某区2023年巡察整改清单
period: {start: 2023-01-01, end: 2023-12-31}
targets:
  - {id: invest, name: 计划总投资, kind: amount, unit: 万元, goal: 500, number: "一"}
problems:
  - id: roads
    number: "15"
    title: 农村道路维护不到位
    owners:
      - {role: lead, name: 交通运输局}
      - {role: co_lead, name: 住建局}
      - {role: supporting, name: 财政局}
      - {role: person, title: 具体责任人, name: 王某}
    targets:
      - id: roads-km
        number: "15.1"
        name: 修复道路
        kind: quantity
        unit: 公里
        goal: 40
        parts:
          - {id: east, name: 东镇, goal: 20}
          - {id: west, name: 西镇, goal: 20}
      - {id: report, name: 报送整改报告, kind: task, due: 2023-03-31}
"""
FORMAT_2_LOG = [
    entry("roads-km", "2023-05-01", part="east", value=25),
    entry("roads-km", "2023-05-02", note="西镇未开工", expected="2023-09-30"),
    entry("report", "2023-04-02", done=True),
]


def test_a_format_2_plan_shows_its_numbers_owners_parts_notes_and_plan_level_targets(cli, tmp_path):
    folder = tmp_path / "v2-plans"
    folder.mkdir()
    (folder / "v2.yaml").write_text(FORMAT_2, encoding="utf-8")
    (folder / "v2.progress.yaml").write_text("".join(e + "\n" for e in FORMAT_2_LOG), encoding="utf-8")
    assert cli("--plans", str(folder), "check").code == 0
    path = tmp_path / "v2.csv"
    assert (
        cli(
            "--plans", str(folder), "report", "--as-of", "2023-06-01", "--format", "csv", "-o", str(path)
        ).code
        == 0
    )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    assert [r[0] for r in rows] == ["一", "15.1", "", "", "15.2"]
    roads = rows[1]
    assert roads[5] == "牵头：交通运输局、住建局；配合：财政局" and roads[6] == "具体责任人 王某"
    assert roads[8].endswith("；西镇未开工")
    assert [(r[3], r[4], r[8]) for r in rows[2:4]] == [
        ("　东镇", "20 公里", "25 公里"),
        ("　西镇", "20 公里", "0 公里"),  # the engine's value in force: the baseline, nothing recorded
    ]
    assert [r[9] for r in rows[2:4]] == ["已完成", "滞后"]  # each part judged on its own by the engine
    assert rows[4][9] == "已完成；逾期完成（超期2天）"
    page = cli("--plans", str(folder), "report", "--as-of", "2023-06-01").out
    assert page.startswith("# 某区2023年巡察整改清单进展情况（截至2023-06-01）\n\n共1个问题，")
    records = [
        json.loads(line)
        for line in cli(
            "--plans", str(folder), "report", "--as-of", "2023-06-01", "--format", "jsonl"
        ).out.splitlines()
    ]
    roads_record = next(r for r in records if r["id"] == "roads-km")
    assert roads_record["expected"] == "2023-09-30" and roads_record["last_note"] == "西镇未开工"
    assert [o["role"] for o in roads_record["owners"]] == ["lead", "co_lead", "supporting", "person"]
    assert [p["value"] for p in roads_record["parts"]] == [25, 0]


EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "xlsx", "docx", "jsonl"])
def test_every_example_plan_reports_in_every_format(cli, tmp_path, fmt):
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    path = tmp_path / f"examples.{fmt}"
    result = cli("--plans", str(folder), "report", "--as-of", "2023-10-01", "--format", fmt, "-o", str(path))
    assert result.code == 0, result.err
    status = cli("--plans", str(folder), "status", "--as-of", "2023-10-01", "--json-array").json()
    targets = sum(len(p["targets"]) for p in status)
    if fmt == "jsonl":
        assert len(path.read_text(encoding="utf-8").splitlines()) == targets
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        assert len([r for r in rows if r[1]]) == targets  # a row per target, besides its parts' rows


def test_check_holds_a_part_to_the_figure_status_counts_on_a_date_with_two(cli, tmp_path):
    """Two figures of one part on one date: the higher is in force for check as for status, so a
    lower figure on a later date is a drop, whatever order the two were recorded in."""
    folder = tmp_path / "v2-plans"
    folder.mkdir()
    (folder / "v2.yaml").write_text(FORMAT_2, encoding="utf-8")
    log = folder / "v2.progress.yaml"

    def line(day: str, value: int, hour: int) -> str:
        data = {"date": day, "target": "roads-km", "part": "east", "value": value}
        return "- " + json.dumps({**data, "recorded": f"{day}T{hour:02}:00:00+08:00"}) + "\n"

    log.write_text(line("2023-05-01", 9, 10) + line("2023-05-01", 7, 11) + line("2023-05-03", 8, 10))
    found = cli("--plans", str(folder), "check", "--format", "json").json()
    assert [(d["line"], d["code"]) for d in found] == [(3, "value-decreases")]
    log.write_text(line("2023-05-01", 9, 10) + line("2023-05-01", 7, 11))
    assert cli("--plans", str(folder), "check").code == 0
    status = cli("--plans", str(folder), "status", "--as-of", "2023-05-02", "--json").json()
    roads = next(t for t in status["targets"] if t["id"] == "roads-km")
    assert [p["value"] for p in roads["parts"]] == [9, 0]
