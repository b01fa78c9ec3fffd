"""A deadline in words, the same in every view (issue 27): a due date an extension (延期) moved
reads 9月30日（原定8月31日，已延期）, data keeps ISO; and `due: none` is "no deadline" (—),
never 长期坚持, which is for an item kept up (ongoing) alone."""

from __future__ import annotations

import csv
import re
import shutil

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from test_report import docx_text, ledger_sheet

SAMPLE = ROOT / "examples" / "first-run"
PLAN = "zibo-minzheng-2022-sample"
DAY = "2022-09-30"
CARE = "规范特殊困难家庭失能人员救助服务"  # disabled-care-services, due 08-31, extended to 09-30
OPINION = "研究制定《特殊困难家庭人员照料护理实施意见》,建立特殊困难群体兜底保障长效机制"  # due: none
NOTICE = "修订出台《关于进一步规范完善临时救助工作的通知》"  # ongoing, no date
IN_WORDS = "9月30日（原定8月31日，已延期）"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The sample with one extension, one `due: none` and one ongoing item, in every view."""
    from zibo_rectify.cli import app

    root = tmp_path_factory.mktemp("deadlines")
    plans = root / "plans"
    shutil.copytree(SAMPLE, plans)
    path = plans / f"{PLAN}.yaml"
    text = path.read_text(encoding="utf-8").replace("schema_version: 1\n", "schema_version: 2\n", 1)
    opinion = "due: 2022-12-31\n        source: 研究制定"
    notice = "due: 2022-06-30\n        source: 修订出台《关于进一步规范完善临时救助"
    assert opinion in text and notice in text
    text = text.replace(opinion, opinion.replace("2022-12-31", "none"))
    path.write_text(text.replace(notice, notice.replace("due: 2022-06-30", "ongoing: true")), "utf-8")
    runner = CliRunner()

    def run(*args: str, lang: str = "zh", columns: int = 200) -> str:
        env = {"RECTIFY_PLANS": str(plans), "NO_COLOR": "1", "COLUMNS": str(columns), "RECTIFY_LANG": lang}
        env["RECTIFY_RECORDED_AT"] = "2026-12-03T09:00:00+08:00"
        result = runner.invoke(app, ["--lang", lang, *args], env=env)
        assert result.exit_code == 0, result.output
        return result.stdout

    run("extend", "disabled-care-services", "--to", DAY, "--date", "2022-08-20", "--reason", "经批准延期")
    views: dict[str, object] = {
        # The terminal speaks the interface's language: English in this process.
        "status": run("status", "--as-of", DAY, lang="en"),
        "show": run("show", "disabled-care-services", "--as-of", DAY, lang="en"),
        "md": run("report", "--as-of", DAY, "--format", "md"),
        "warnings": run("warnings", "--as-of", DAY),
        **{f"status{n}": run("status", "--as-of", DAY, columns=n) for n in (60, 80, 120)},
        "html": run("report", "--as-of", DAY, "--format", "html"),
    }
    for fmt in ("csv", "xlsx", "docx"):
        run("report", "--as-of", DAY, "--format", fmt, "-o", str(root / f"r.{fmt}"))
    with (root / "r.csv").open(encoding="utf-8-sig", newline="") as handle:
        views["csv"] = list(csv.reader(handle))
    views["xlsx"] = ledger_sheet(root / "r.xlsx")
    views["docx"] = docx_text(root / "r.docx")
    return views


def deadline(rows: list[list[object]], task: str) -> object:
    head = rows[0]
    return next(r for r in rows[1:] if r[head.index("整改任务")] == task)[head.index("完成时限")]


def test_an_extended_due_date_reads_the_same_in_every_view(written):
    english = "09-30 (was 08-31, extended)"
    # the status table's narrow column: the date in force, and the plan's own under it
    assert re.search(
        rf"{CARE}\s+disabled-care-services\s+○ open\s+2022-09-30\s+on track\n\s+was 08-31\n",
        str(written["status"]),
    )
    assert re.search(rf"Deadline\s+{re.escape(english)}\n", str(written["show"]))
    assert f"| {IN_WORDS} |" in str(written["md"])
    assert "blue: due 09-30 (was 08-31, extended) in 0 days" in str(written["warnings"])  # English here
    assert deadline(written["xlsx"], CARE) == IN_WORDS  # type: ignore[arg-type]
    assert IN_WORDS in str(written["docx"])  # the 通报's annex
    assert f"<dd>{IN_WORDS}</dd>" in str(written["html"])  # the card a phone shows
    for view in ("status", "show", "md", "html", "docx"):
        assert "(was 2022-08-31" not in str(written[view]) and "原定2022" not in str(written[view]), view
    # Data keeps ISO: the csv's column is read by programs.
    assert deadline(written["csv"], CARE) == "2022-09-30（原定2022-08-31，已延期）"  # type: ignore[arg-type]


def test_no_deadline_is_a_dash_and_only_an_ongoing_item_is_kept_up(written):
    for rows in (written["xlsx"], written["csv"]):
        assert deadline(rows, OPINION) == "—"  # type: ignore[arg-type]
        assert deadline(rows, NOTICE) == "长期坚持"  # type: ignore[arg-type]
    annex = str(written["docx"]).splitlines()
    assert annex[annex.index(OPINION) + 3] == "—"  # 序号, 任务, 目标, 责任单位, 完成时限
    assert annex[annex.index(NOTICE) + 3] == "长期坚持"
    card = str(written["html"]).split(OPINION)[-1].split("</dl>")[0]
    assert "<dt>完成时限</dt><dd>—</dd>" in card and "长期坚持" not in card


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_an_extension_keeps_every_column_of_a_narrow_status_table(written, columns):
    """The extended date takes two short lines, so names and states stay on a 60-column screen."""
    table = str(written[f"status{columns}"])
    assert re.search(r"^ Target\s.*Due\s+State$", table, re.M)  # English in this process
    assert re.search(r"2022-09-30\s+on track\n.*was 08-31", table)
    assert max(len(line) for line in table.splitlines()) <= columns * 2
