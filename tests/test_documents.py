"""The 通报 and the 台账 as a reader meets them: LibreOffice to PDF pages, then what is on them.

One conversion per document, shared by every test of this module: the first-run sample as of
2022-09-30 (the README's first run) and every example as of its last entry.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import ROOT, rectify_command

SAMPLE = ("first-run", "zibo-minzheng-2022-sample", "2022-09-30")
EXAMPLES = [
    (".", p.stem, None)
    for p in sorted((ROOT / "examples").glob("*.yaml"))
    if not p.name.endswith(".progress.yaml")
]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MARKS = ("✓", "✗", "→")
A4 = {(595, 842), (842, 595)}

needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui); .ci/run installs it",
)


class Made(NamedTuple):
    plan: str
    docx: Path
    xlsx: Path
    html: Path


def last_entry_day(plan: str) -> str:
    log = (ROOT / "examples" / f"{plan}.progress.yaml").read_text(encoding="utf-8")
    return max(re.findall(r'"date": "(\d{4}-\d{2}-\d{2})"', log))


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Made]:
    """Each plan's docx, xlsx and html, written by the installed rectify as a user runs it."""
    out = tmp_path_factory.mktemp("documents")
    env = {**os.environ, "XDG_CACHE_HOME": str(out / "cache"), "RECTIFY_LANG": "zh"}
    found = {}
    for folder, plan, day in [SAMPLE, *EXAMPLES]:
        day = day or last_entry_day(plan)
        paths = {fmt: out / f"{plan}-{fmt}.{fmt}" for fmt in ("docx", "xlsx", "html")}
        for fmt, path in paths.items():
            done = subprocess.run(
                [*rectify_command(), "report", plan, "--plans", str(ROOT / "examples" / folder),
                 "--as-of", day, "--format", fmt, "-o", str(path)],
                capture_output=True, text=True, env=env, timeout=300,
            )  # fmt: skip
            assert done.returncode == 0, (plan, fmt, done.stderr)
        found[plan] = Made(plan, paths["docx"], paths["xlsx"], paths["html"])
    return found


@pytest.fixture(scope="module")
def printed(made: dict[str, Made], tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Every docx and xlsx converted to PDF by LibreOffice, in one run of it."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed; .ci/run installs it")
    out = tmp_path_factory.mktemp("pdf")
    files = [str(p) for m in made.values() for p in (m.docx, m.xlsx)]
    done = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to", "pdf",
         "--outdir", str(out), *files],
        capture_output=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = {}
    for m in made.values():
        for path in (m.docx, m.xlsx):
            found[path] = out / f"{path.stem}.pdf"
    return found


def pages(pdf: Path) -> list[tuple[int, int]]:
    """Each page's size in points, as poppler's pdfinfo reads them (installed with LibreOffice by .ci/run)."""
    done = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, timeout=60
    )
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", done.stdout, re.MULTILINE)
    return [(round(float(w)), round(float(h))) for w, h in sizes]


def paragraphs(path: Path) -> list[str]:
    """Every paragraph a reader sees: the body's and each table cell's."""
    from docx import Document

    doc = Document(str(path))
    found = [p.text for p in doc.paragraphs]
    found += [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return found


def body_before_annex(path: Path) -> list[str]:
    """The body's paragraphs up to the annex's landscape section, without empty lines."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(path))
    found = []
    for p in doc.paragraphs:
        if p._p.find(qn("w:pPr")) is not None and p._p.pPr.find(qn("w:sectPr")) is not None:
            break  # the paragraph that ends the portrait section
        if p.text.strip():
            found.append(p.text)
    return found


@needs_office
def test_the_first_run_bulletin_is_at_most_eight_a4_pages_with_its_annex_landscape(made, printed):
    sizes = pages(printed[made[SAMPLE[1]].docx])
    assert 3 <= len(sizes) <= 8, sizes
    assert set(sizes) <= A4
    assert sizes[0] == (595, 842) and sizes[-1] == (842, 595)  # the body upright, the annex landscape


@needs_office
def test_the_first_run_ledger_prints_on_at_most_six_a4_landscape_pages(made, printed):
    sizes = pages(printed[made[SAMPLE[1]].xlsx])
    assert 1 <= len(sizes) <= 6, sizes
    assert set(sizes) == {(842, 595)}


def test_the_ledger_is_set_up_to_print_with_merged_problems_and_measures(made):
    import openpyxl

    book = openpyxl.load_workbook(made[SAMPLE[1]].xlsx)
    assert book.sheetnames == ["整改台账", "汇总", "进展记录"]
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage  # fit to one page wide (1 is the default)
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.print_title_rows.replace("$", "") == "2:2" and sheet.freeze_panes == "A3", sheet.title
        assert str(sheet["A1"].value).endswith("（截至2022年9月30日）")
    ledger = book["整改台账"]
    assert ledger["A1"].value == "市民政局2022年被评议部门重点问题整改台账（截至2022年9月30日）"
    assert ledger.auto_filter.ref.startswith("A2:")
    merged = {str(r) for r in ledger.merged_cells.ranges}
    assert "A1:N1" in merged
    problems = sorted(r for r in merged if r.startswith("B"))
    assert problems == ["B18:B23", "B3:B17"]  # 15 targets of the first problem, 6 of the second
    measures = [r for r in merged if r.startswith("C")]
    assert len(measures) == 6  # seven measures; one has a single target and needs no merge
    heights = [ledger.row_dimensions[r].height for r in range(3, 24)]
    assert all(h and h >= 17 for h in heights)  # every row as tall as its text, none left at Excel's default
    head = [c.value for c in ledger[2]]
    care = next(r for r in ledger.iter_rows(min_row=3) if r[3].value == "特困供养失能半失能人员集中供养率")
    assert care[head.index("数值")].value == 61.3 and care[head.index("完成比例")].value == pytest.approx(
        61.3 / 60
    )
    assert care[head.index("完成比例")].number_format == "0.0%"
    history = [r for r in book["进展记录"].iter_rows(min_row=2, values_only=True)]
    assert history[0][0] == "任务" and "长者食堂" in {r[0] for r in history}


@pytest.mark.parametrize("plan", [SAMPLE[1], *(p for __, p, __ in EXAMPLES)])
def test_no_cell_of_rectify_shows_an_apostrophe(plan, made):
    import openpyxl

    book = openpyxl.load_workbook(made[plan].xlsx)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(c, str) and c.startswith("'") for c in row), (sheet.title, row)


def test_text_from_a_plan_or_a_log_is_still_guarded(tmp_path):
    import openpyxl

    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "examples" / "first-run", folder)
    plan = folder / "zibo-minzheng-2022-sample.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("name: 长者食堂", 'name: "=长者食堂"'), "utf-8")
    out = tmp_path / "ledger.xlsx"
    done = subprocess.run(
        [*rectify_command(), "report", "--plans", str(folder), "--as-of", "2022-09-30", "--format", "xlsx",
         "-o", str(out)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "c")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ledger = openpyxl.load_workbook(out)["整改台账"]
    names = [r[3] for r in ledger.iter_rows(min_row=3, values_only=True)]
    assert "'=长者食堂" in names


@needs_office
@pytest.mark.parametrize("plan", [p for __, p, __ in EXAMPLES])
def test_every_example_prints_on_a4_pages(plan, made, printed):
    for path in (made[plan].docx, made[plan].xlsx):
        sizes = pages(printed[path])
        assert sizes and set(sizes) <= A4, (path.name, sizes)
        assert len(sizes) <= 8, (path.name, len(sizes))


@pytest.mark.parametrize("plan", [SAMPLE[1], *(p for __, p, __ in EXAMPLES)])
def test_no_paragraph_has_an_iso_date_or_a_mark(plan, made):
    for said in paragraphs(made[plan].docx):
        assert not ISO_DATE.search(said), said
        assert not any(mark in said for mark in MARKS), said


def test_the_body_ends_with_the_issuer_and_the_date_in_chinese_numerals(made):
    body = body_before_annex(made[SAMPLE[1]].docx)
    assert body[-3:] == ["附件：整改台账", "淄博市民政局", "二〇二二年九月三十日"]
    assert body[0:2] == ["关于市民政局2022年被评议部门重点问题\n整改进展情况的报告", "一、总体进展情况"]
    assert [p for p in body if p[:2] in ("一、", "二、", "三、", "四、")] == [
        "一、总体进展情况",
        "二、各问题整改情况",
        "三、存在的问题",
        "四、下一步工作",
    ]
    assert "截至2022年9月30日，共2个问题" in body[2]


def test_the_addressees_follow_the_title_when_the_plan_names_them(made):
    body = body_before_annex(made["river-chief-2023"].docx)
    assert body[1] == "各区县河长制办公室、市河长制成员单位："
    assert body[-2:] == ["示例市河长制办公室", "二〇二三年十二月二十日"]


def test_a_plan_of_projects_speaks_of_projects_and_never_of_zero_problems(made):
    said = "\n".join(paragraphs(made["minsheng-shishi-2023"].docx))
    assert "共0个问题" not in said and "各问题" not in said and "整改" not in said
    assert "共3个项目，已完成" in said and "各项目推进情况" in said
    assert "关于2023年民生实事项目推进情况的报告" in said.replace("\n", "")


def test_no_title_line_ends_in_a_lone_character_nor_breaks_a_word_near_a_whole_one(made):
    from docx import Document

    for m in made.values():
        title = Document(str(m.docx)).paragraphs[0].text
        lines = title.split("\n")
        widths = [sum(0.5 if ord(c) < 0x2E80 else 1 for c in line) for line in lines]
        for before, after in zip(
            lines, lines[1:], strict=False
        ):  # every example's title breaks between words
            assert before.endswith(("关于", "的", "》", "）")) or after.startswith(("整改", "推进", "（")), (
                title
            )
        assert max(widths) <= 20 and min(widths) >= 4, title  # 20 of 2号 fill a line; no lone character


def test_the_annex_is_nine_columns_of_set_widths_with_problems_across_the_table(made):
    from docx import Document
    from docx.oxml.ns import qn

    table = Document(str(made[SAMPLE[1]].docx)).tables[-1]
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert len(grid) == 9 and abs(sum(grid) / 56.7 - 225) < 1  # the landscape 版心 is 225 mm
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    first = table.rows[0]._tr
    assert first.trPr.find(qn("w:tblHeader")) is not None
    rows = list(table.rows)
    across = [len({id(c._tc) for c in r.cells}) == 1 for r in rows]
    titles = [r.cells[0].text for r, wide in zip(rows, across, strict=True) if wide]
    assert titles[0] == "1 社会救助政策体系不完善、救助能力有待提高的问题（逾期未完成整改）"
    measures = [t for t in titles if t.startswith("整改措施：")]
    assert len(measures) == len(set(measures)) == 7  # each measure once, not on every row
    dates = [r.cells[4].text for r, wide in zip(rows[1:], across[1:], strict=True) if not wide]
    assert "12月31日" in dates and all(not d or d.endswith("日") or d == "长期坚持" for d in dates)


def test_the_template_still_fills_from_the_model(made, tmp_path):
    from docx import Document

    template = tmp_path / "template.docx"
    doc = Document()
    doc.add_paragraph("{{ plans[0].title }}：{% for s in plans[0].sentences %}{{ s }}{% endfor %}")
    doc.save(str(template))
    out = tmp_path / "out.docx"
    done = subprocess.run(
        [*rectify_command(), "report", SAMPLE[1], "--plans", str(ROOT / "examples" / "first-run"),
         "--as-of", SAMPLE[2], "--format", "docx", "--template", str(template), "-o", str(out)],
        capture_output=True, text=True, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)}, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "整改完成率61.9%" in Document(str(out)).paragraphs[0].text


def test_a_plan_may_say_its_document_type(tmp_path):
    plan = (ROOT / "examples" / "zhangdian-canteens-2023.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "zhangdian-canteens-2023.yaml").write_text(
        plan.replace("  addressees: [各区县民政局]\n", "  addressees: [各区县民政局]\n  type: duban\n"),
        "utf-8",
    )
    shutil.copy(ROOT / "examples" / "zhangdian-canteens-2023.progress.yaml", folder)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [*rectify_command(), "report", "--plans", str(folder), "--as-of", "2023-08-31", "--format", "md"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "共2个事项，已办结0个，办结率0%" in done.stdout


PHONE = """JSON.stringify({
  width: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
  cards: [...document.querySelectorAll('.card')].filter(c => c.offsetParent !== null).length,
  tables: [...document.querySelectorAll('table.ledger')].filter(t => t.offsetParent !== null).length,
  first: document.querySelector('.card') ? document.querySelector('.card').innerText : '',
})"""
DESK = """JSON.stringify({
  points: [...document.querySelectorAll('svg.burnup circle')].map(c =>
    c.querySelector('title') ? c.querySelector('title').textContent : null),
  cards: [...document.querySelectorAll('.card')].filter(c => c.offsetParent !== null).length,
  width: document.documentElement.scrollWidth,
})"""


@pytest.mark.parametrize("plan", [SAMPLE[1], *(p for __, p, __ in EXAMPLES)])
def test_on_a_phone_the_ledger_is_a_card_per_target_and_nothing_scrolls_sideways(plan, made, tmp_path):
    import json

    from browser import chromium, visit

    if chromium() is None:
        pytest.skip("Chromium is not installed; .ci/run installs it")
    seen = json.loads(visit(made[plan].html, PHONE, tmp_path / "profile", width=390, height=800).found)
    assert seen["width"] <= seen["viewport"] == 390
    assert seen["tables"] == 0
    from docx import Document

    targets = [r for r in Document(str(made[plan].docx)).tables[-1].rows if r.cells[0].text.strip()]
    numbered = [r for r in targets[1:] if len({id(c._tc) for c in r.cells}) > 1]
    assert seen["cards"] == len(numbered)  # one card per target, as the annex has a row per target
    if plan == SAMPLE[1]:
        assert seen["first"].startswith("1.1 修订出台《淄博市最低生活保障管理办法》")
        assert "完成时限\n2022年6月30日" in seen["first"] and "责任单位\n社会救助科" in seen["first"]


def test_at_a_desk_every_chart_point_names_its_date_and_value_and_the_page_prints_on_a4(made, tmp_path):
    import json

    from browser import chromium, visit

    if chromium() is None:
        pytest.skip("Chromium is not installed; .ci/run installs it")
    seen = visit(made[SAMPLE[1]].html, DESK, tmp_path / "profile", width=1280)
    found = json.loads(seen.found)
    assert found["cards"] == 0 and found["width"] <= 1280
    assert len(found["points"]) >= 8 and all(found["points"])
    assert "2022年9月30日：226家" in found["points"]
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", seen.pdf)
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(842, 595)}  # A4 landscape


def test_an_offices_own_word_of_slow_progress_is_among_the_problems_that_remain(tmp_path):
    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "examples" / "first-run", folder)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "c"), "RECTIFY_BY": "养老服务科"}
    for step in (
        ["note", "canteens", "第四批选址未定", "--date", "2022-09-30", "--verdict", "推进缓慢"],
        ["report", "--as-of", "2022-09-30", "--format", "docx", "-o", str(tmp_path / "t.docx")],
    ):
        done = subprocess.run(
            [*rectify_command(), "--plans", str(folder), *step],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    body = body_before_annex(tmp_path / "t.docx")
    remain = body[body.index("三、存在的问题") : body.index("四、下一步工作")]
    heading = next(p for p in remain if p.endswith("推进缓慢"))
    said = remain[remain.index(heading) + 1]
    assert said == "1项整改任务经责任单位自评推进缓慢：长者食堂（推进缓慢，养老服务科）。"


def test_an_offices_own_ledger_is_filled_under_its_own_header(tmp_path):
    import openpyxl
    from openpyxl.styles import Font

    template = tmp_path / "我们的台账.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet["A1"] = "某单位整改落实情况台账"
    sheet.append([])
    sheet.append(["序号", "存在问题", "Measures", "具体任务", "整改时限", "进展情况", "是否完成", "督导意见"])
    sheet["A4"].font = Font(name="仿宋", size=12)
    sheet.column_dimensions["B"].width = 33
    book.save(template)
    out = tmp_path / "out.xlsx"
    done = subprocess.run(
        [*rectify_command(), "report", SAMPLE[1], "--plans", str(ROOT / "examples" / "first-run"),
         "--as-of", SAMPLE[2], "--format", "xlsx", "--template", str(template), "-o", str(out)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "c")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    filled = openpyxl.load_workbook(out)["整改台账"]
    assert filled["A1"].value == "某单位整改落实情况台账" and filled.column_dimensions["B"].width == 33
    rows = list(filled.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 21  # a row per target, under the office's header
    first = rows[0]
    assert first[:2] == ("1.1", "社会救助政策体系不完善、救助能力有待提高的问题")
    assert (
        first[2].startswith("完善社会救助政策体系。") and first[3] == "修订出台《淄博市最低生活保障管理办法》"
    )
    assert first[4] == dt.datetime(2022, 6, 30) and first[6] == "已完成"
    assert first[7] is None  # a column rectify does not know stays the office's to fill
    assert filled["A4"].font.name == "仿宋"  # the office's own look of its first row

    bare = tmp_path / "bare.xlsx"
    openpyxl.Workbook().save(bare)
    refused = subprocess.run(
        [*rectify_command(), "report", SAMPLE[1], "--plans", str(ROOT / "examples" / "first-run"),
         "--as-of", SAMPLE[2], "--format", "xlsx", "--template", str(bare), "-o", str(tmp_path / "x.xlsx")],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "c"), "RECTIFY_LANG": "zh"},
    )  # fmt: skip
    assert refused.returncode == 2 and "表头" in refused.stderr and "Traceback" not in refused.stderr


def test_in_english_the_sentences_of_a_paragraph_are_spaced(tmp_path):
    from docx import Document

    out = tmp_path / "en.docx"
    done = subprocess.run(
        [*rectify_command(), "report", SAMPLE[1], "--plans", str(ROOT / "examples" / "first-run"),
         "--as-of", SAMPLE[2], "--format", "docx", "--lang", "en", "-o", str(out)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    said = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "10 completed. Not yet completed: " in said and "1 overdue. Of 21 rectification tasks" in said
    assert not re.search(r"[a-z)]\.[A-Z0-9]", said), said


def test_a_report_of_many_plans_names_them_first_and_writes_no_iso_date(tmp_path):
    from docx import Document

    out = tmp_path / "many.docx"
    done = subprocess.run(
        [*rectify_command(), "report", "--plans", str(ROOT / "examples"), "--as-of", "2023-09-30",
         "--format", "docx", "-o", str(out)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    overview = Document(str(out)).tables[0]
    assert overview.rows[0].cells[0].text == "名称"
    assert overview.rows[1].cells[0].text == "全市农田水利设施提升三年行动方案（2023—2025年）"
    for said in paragraphs(out):
        assert not ISO_DATE.search(said) and not any(mark in said for mark in MARKS), said
