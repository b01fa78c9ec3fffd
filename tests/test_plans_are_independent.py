"""One plan with problems in the folder stops no command for the others: it is left out with a
warning that names it and its first problem, and `check` still fails on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PLAN_ID

LEFT_OUT = "other-plan.yaml: warning: this plan has problems and is left out"


@pytest.fixture
def broken_beside(plans_dir: Path) -> Path:
    """A second plan in the folder, with a schema_version no rectify knows."""
    text = (plans_dir / f"{PLAN_ID}.yaml").read_text(encoding="utf-8")
    broken = text.replace(f"id: {PLAN_ID}", "id: other-plan", 1).replace(
        "schema_version: 1", "schema_version: 7"
    )
    (plans_dir / "other-plan.yaml").write_text(broken, encoding="utf-8")
    return plans_dir


@pytest.mark.parametrize(
    ("args", "shows"),
    [
        (("report", "--format", "md", "--as-of", "2022-08-01"), "市民政局2022年被评议部门重点问题整改方案"),
        (("report", "--format", "csv", "--as-of", "2022-08-01"), "长者食堂"),
        (("pending",), "Nothing awaits review."),
        (("status", "--as-of", "2022-08-01"), "长者食堂"),
        (("log",), "canteens"),
    ],
)
def test_commands_that_read_go_on_past_a_plan_with_problems(run, broken_beside, args, shows):
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0
    shown = run(*args)
    assert shown.code == 0, shown.err
    assert LEFT_OUT in shown.err and "schema_version: expected 1 or 2, not 7" in shown.err
    assert shows in shown.out and "other-plan" not in shown.out


def test_undo_withdraws_the_last_entry_of_the_plans_that_load(run, broken_beside):
    assert run("update", "canteens", "95", "--date", "2022-07-31", "--by", "养老服务科").code == 0
    undone = run("undo", "--by", "养老服务科", "--yes")
    assert undone.code == 0, undone.err
    assert LEFT_OUT in undone.err
    assert "Withdrew line 4: 2022-07-31 长者食堂 (canteens) 95 家; it no longer counts" in undone.out


def test_retract_by_line_works_beside_a_plan_with_problems(run, broken_beside):
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0
    withdrawn = run("retract", "4", "--reason", "录错目标", "--yes")
    assert withdrawn.code == 0, withdrawn.err
    assert LEFT_OUT in withdrawn.err
    assert "Withdrew line 4: 2022-07-31 长者食堂 (canteens) 95 家; it no longer counts" in withdrawn.out


def test_a_plan_with_problems_named_on_its_own_is_still_an_error(run, broken_beside):
    for args in (("report", "other-plan"), ("pending", "other-plan"), ("undo", "other-plan", "--yes")):
        refused = run(*args)
        assert refused.code == 2 and "schema_version: expected 1 or 2, not 7" in refused.err, args
    assert run("check").code == 1  # check still fails on it


def test_the_warning_of_a_plan_left_out_has_its_code(cli, broken_beside, shown):
    result = cli("status", "--as-of", "2022-08-01", env={"RECTIFY_LANG": "en"})

    assert result.code == 0
    assert [(d.code, Path(d.file or "").name) for d in shown] == [
        ("bad-value", "other-plan.yaml"),  # its first problem, then that it is left out
        ("plan-left-out", "other-plan.yaml"),
    ]
    assert shown[1].message == "this plan has problems and is left out; the other plans are shown"
