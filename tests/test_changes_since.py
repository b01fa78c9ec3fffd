"""`changes` and the report's section 本期变化 in the words the ledger uses: a deadline met late is
逾期完成, not reached; an entry about a part names the part (issues 27 and 28)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT

SAMPLE = ROOT / "examples" / "first-run"
TEMPORARY_RELIEF = "1.3 修订出台《关于进一步规范完善临时救助工作的通知》"  # due 06-30, done 07-05


@pytest.fixture
def rectify(tmp_path: Path):  # type: ignore[no-untyped-def]
    """`rectify ARGS` in-process, in Chinese, on a copy of `folder`."""
    from zibo_rectify.cli import app

    def invoke(folder: Path, *args: str) -> str:
        plans = tmp_path / folder.name
        if not plans.exists():
            shutil.copytree(folder, plans)
        env = {"RECTIFY_PLANS": str(plans), "NO_COLOR": "1", "COLUMNS": "200", "RECTIFY_LANG": "zh"}
        result = CliRunner().invoke(app, ["--lang", "zh", *args], env=env)
        assert result.exit_code == 0, result.output
        return result.stdout

    return invoke


def test_a_deadline_met_late_in_the_span_is_done_late_as_the_ledger_says(rectify):
    span = ("--since", "2022-06-01", "--as-of", "2022-07-31")
    text = rectify(SAMPLE, "changes", *span)
    late = "逾期完成（超期5天）"
    assert f"    {TEMPORARY_RELIEF}：完成时限2022年6月30日：{late}\n" in text
    assert f"    {TEMPORARY_RELIEF}：按序时推进 → 已完成；{late}\n" in text
    assert f"{TEMPORARY_RELIEF}：✓" not in text
    # The report's section and its ledger say the same of it.
    page = rectify(SAMPLE, "report", *span, "--format", "md")
    assert f"- {TEMPORARY_RELIEF}：完成时限2022年6月30日：{late}\n" in page
    assert late in page[page.index("## 1 ") :]
    found = json.loads(rectify(SAMPLE, "changes", *span, "--json"))
    goal = next(
        m for m in found["milestones"] if m["target"] == "temporary-assistance-notice" and m["what"] == "goal"
    )
    assert (goal["reached"], goal["late_by_days"]) == (False, 5)


def test_an_entry_about_a_part_names_the_part(rectify):
    text = rectify(
        ROOT / "examples", "changes", "minsheng-shishi-2023", "--since", "2023-09-01", "--as-of", "2023-09-30"
    )
    assert "    1 为65岁以上老年人免费健康体检（张店区）：2023年9月30日报送4.1万人\n" in text
    found = json.loads(
        rectify(ROOT / "examples", "changes", "minsheng-shishi-2023", "--since", "2023-09-01", "--json")
    )
    assert [(e["target"], e["part"]) for e in found["entries"] if e["part"]] == [
        ("free-checkups", "zhangdian")
    ]
