"""催办 that reaches each unit: `due --owner`, `due` across plans in the plans' language, chat
messages that fit a robot's limit, `warnings --owner`, and `agenda`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SHIPPED, Result
from zibo_rectify.workflow.remind import MESSAGE_BREAK, WECOM_MARKDOWN_BYTES, messages

EXAMPLES = ROOT / "examples"


def rectify(plans: Path, *args: str) -> Result:
    from zibo_rectify.cli import app

    env = {"RECTIFY_PLANS": str(plans), "NO_COLOR": "1", "COLUMNS": "300", "RECTIFY_LANG": ""}
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def every_plan(tmp_path: Path) -> Path:
    """The examples, the first-run sample and the shipped plan in one folder."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for source in [
        *EXAMPLES.glob("*.yaml"),
        *(EXAMPLES / "first-run").glob("*.yaml"),
        *SHIPPED.glob("*.yaml"),
    ]:
        shutil.copy(source, folder / source.name)
    return folder


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    folder = tmp_path / "sample"
    shutil.copytree(EXAMPLES / "first-run", folder)
    return folder


def test_due_as_chat_messages_each_fits_the_robot_and_together_say_everything(every_plan):
    text = rectify(every_plan, "due", "--as-of", "2023-09-05", "--format", "md").out
    parts = text.split(f"\n{MESSAGE_BREAK}\n")
    assert len(parts) >= 2
    assert all(len(part.encode("utf-8")) + 1 <= WECOM_MARKDOWN_BYTES for part in parts)  # +1: the line's end
    assert [p.splitlines()[0] for p in parts] == [
        f"## 截至 2023-09-05 应报未报情况 ({n}/{len(parts)})" for n in range(1, len(parts) + 1)
    ]
    owed = rectify(every_plan, "due", "--as-of", "2023-09-05", "--json").json()
    items = [f"- {o['target']} {o['name']}:" for plan in owed for o in plan["owed"]]
    said = [line for part in parts for line in part.splitlines() if line.startswith("- ")]
    assert len(said) == len(items) and all(any(line.startswith(i) for line in said) for i in items)


def test_the_readme_job_splits_the_messages_as_rectify_made_them(every_plan, tmp_path):
    readme = (ROOT / "docs" / "workflow.md").read_text(encoding="utf-8")
    awk = next(line.strip() for line in readme.splitlines() if line.strip().startswith("awk "))
    assert "jq -e '.errcode == 0'" in readme  # the robot's answer is read, not only the HTTP status
    text = rectify(every_plan, "due", "--as-of", "2023-09-05", "--format", "md").out
    (tmp_path / "due.md").write_text(text, encoding="utf-8")
    subprocess.run(["bash", "-c", awk], cwd=tmp_path, check=True)
    files = sorted(tmp_path.glob("msg-*.md"))
    assert [f.read_text(encoding="utf-8") for f in files] == [
        p + "\n" for p in text.rstrip("\n").split(f"\n{MESSAGE_BREAK}\n")
    ]


def test_a_unit_too_long_for_one_message_goes_on_with_its_name_repeated():
    items = [f"- item-{n} 一项说得很长的任务名称，写满了整改措施的原文" for n in range(40)]
    sent = messages(
        "## 应报未报", [["### 养老服务科", *items], ["### 社会救助科", "- care-rate 集中供养率"]], 600
    )
    assert len(sent) > 3 and all(len(m.encode("utf-8")) <= 600 for m in sent)
    assert sent[1].splitlines()[2] == "### 养老服务科 (continued)"
    assert [line for m in sent for line in m.splitlines() if line.startswith("- item")] == items
    assert "### 社会救助科" in sent[-1]


def test_due_owner_lists_one_units_items_and_refuses_a_unit_no_plan_names(sample):
    out = rectify(sample, "due", "--as-of", "2022-10-31", "--owner", "养老服务科").out
    lines = out.splitlines()
    assert lines[1] == "养老服务科" and "社会救助科" not in out
    assert [line.split()[0] for line in lines[2:]] == [
        "facility-rules-implementation",
        "facility-rate",
        "beds-acceptance",
        "canteens",
    ]
    assert "逾期未报" in out  # the plan's language, with no --lang
    refused = rectify(sample, "due", "--owner", "办公室")
    assert refused.code == 2 and "养老服务科" in refused.err
    english = rectify(sample, "--lang", "en", "due", "--as-of", "2022-10-31", "--owner", "养老服务科").out
    assert "late: nothing for" in english


def test_due_groups_each_unit_across_the_plans(every_plan):
    out = rectify(every_plan, "due", "--as-of", "2022-10-31").out
    lines = out.splitlines()
    assert lines[0] == "截至 2022-10-31 应报未报情况"
    assert lines.count("社会救助科") == 1
    block = out.split("\n社会救助科\n")[1].split("\n\n")[0]
    titles = [line.strip() for line in block.splitlines() if not line.startswith("    ")]
    assert titles == ["市民政局2022年被评议部门重点问题整改方案"] * 2  # the shipped plan and the sample


def test_warnings_owner_keeps_the_units_targets(sample):
    out = rectify(sample, "warnings", "--as-of", "2022-10-31", "--owner", "社会救助科").out
    assert "disabled-care-services" in out and "canteens" not in out
    assert rectify(sample, "warnings", "--owner", "办公室").code == 2


def test_agenda_lists_what_falls_due_by_date_with_who_leads(sample):
    out = rectify(sample, "agenda", "--as-of", "2022-10-20", "--days", "20").out
    lines = out.splitlines()
    assert lines[:2] == ["2022年10月20日至2022年11月9日到期事项", "2022年10月31日"]
    assert "  2.6 长者食堂: 阶段目标 240家; 牵头：养老服务科" in lines
    assert any(re.fullmatch(r"  1\.9 检查督导区县.*: 完成时限; 牵头：社会救助科", line) for line in lines)
    owner = rectify(sample, "agenda", "--as-of", "2022-10-20", "--days", "20", "--owner", "社会救助科").out
    assert "长者食堂" not in owner and "1.9" in owner
    shaped = rectify(sample, "agenda", "--as-of", "2022-10-20", "--days", "20", "--json").json()
    assert {(i["date"], i["number"], i["what"], i["value"]) for i in shaped["items"]} >= {
        ("2022-10-31", "2.6", "milestone", 240)
    }
    assert (
        rectify(sample, "agenda", "--as-of", "2022-11-01", "--days", "0").out.splitlines()[-1]
        == "没有到期事项。"
    )


def test_agenda_refuses_days_behind(sample):
    refused = rectify(sample, "agenda", "--days", "-3")
    assert refused.code == 2 and "--days -3" in refused.err
