"""`rectify check`: every problem of a plan or log in one run, each at its line."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PLAN_ID, without_late

BROKEN_PLAN = """\
schema_version: 1
id: broken
title: 测试方案
issuer: 测试局
period: {start: 2022-05-01, end: 2022-12-31}
problems:
  - id: p1
    title: 问题一
    targets:
      - id: canteens
        name: 长者食堂
        kind: count
        colour: red
        goal: 300
      - id: beds
        name: 床位
        kind: count
        goal: many
      - id: canteens
        name: 又一个长者食堂
        kind: count
        goal: 10
      - id: halls
        name: 活动中心
        kind: count
        goal: 40
        due: 2022-10-31
        milestones:
          - {by: 2022-11-30, value: 20}
"""


def test_four_kinds_of_mistake_reported_together_at_their_lines(cli, tmp_path: Path):
    plan = tmp_path / "broken.yaml"
    plan.write_text(BROKEN_PLAN, encoding="utf-8")

    result = cli("check", str(plan), "--format", "json")

    assert result.code == 1
    found = {(d["line"], d["code"]) for d in json.loads(result.out)}
    assert found == {
        (13, "unknown-field"),
        (18, "bad-value"),
        (19, "duplicate-target-id"),
        (29, "milestone-after-due"),
    }


def test_text_output_points_at_the_spot_and_says_the_fix(cli, tmp_path: Path):
    plan = tmp_path / "broken.yaml"
    plan.write_text(BROKEN_PLAN, encoding="utf-8")

    result = cli("check", str(plan))

    assert result.code == 1
    assert f"{plan}:13:9: error: unknown field 'problems[0].targets[0].colour'" in result.out
    assert "   13 |         colour: red\n      |         ^\n" in result.out
    assert "fix: allowed here: id, name, aliases, kind" in result.out
    assert (
        f"{plan}:29:14: error: milestone date 2022-11-30 is after the target's due date 2022-10-31"
        in result.out
    )
    assert result.out.rstrip().endswith("4 problems in 1 file checked.")


def test_log_problems_each_on_their_own_line(cli, plans_dir: Path):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    stamp = '"recorded": "2022-08-01T09:00:00+08:00"'
    lines = [
        f'- {{"date": "2022-07-31", "target": "canteens", "value": 95, {stamp}}}',
        f'- {{"date": "2022-07-31", "target": "canteenz", "value": 95, {stamp}}}',
        f'- {{"date": "2022-07-31", "target": "canteens", "value": "ninety", {stamp}}}',
        f'- {{"date": "2022-03-01", "target": "canteens", "value": 1, {stamp}}}',
        f'- {{"date": "2022-07-31", "target": "canteens", "value": 95, {stamp}}}',
        f'- {{"date": "2022-07-31", "target": "low-income-rules", "value": 3, {stamp}}}',
        f'- {{"date": "2022-08-31", "target": "canteens", "value": 90, {stamp}}}',
    ]
    log.write_text(log.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")

    result = cli("check", "--format", "json")

    assert result.code == 1
    found = [(d["line"], d["code"]) for d in without_late(json.loads(result.out))]
    assert found == [
        (5, "unknown-target"),
        (6, "bad-value"),
        (7, "date-outside-plan"),
        (8, "duplicate-entry"),
        (9, "task-value"),
        (10, "value-decreases"),
    ]
    assert "did you mean canteens?" in json.loads(result.out)[0]["fix"]


def test_the_shipped_plans_pass(run):
    result = run("check")
    assert result.code == 0, result.out
    assert "2 files checked: no problems." in result.out


def test_a_missing_path_cannot_be_read(cli, tmp_path: Path):
    result = cli("check", str(tmp_path / "nope.yaml"))
    assert result.code == 2
    assert "nope.yaml: error: there is no such file or folder" in result.out


def test_a_log_without_its_plan(cli, tmp_path: Path):
    (tmp_path / "lost.progress.yaml").write_text("", encoding="utf-8")
    result = cli("check", str(tmp_path))
    assert result.code == 1
    assert "this log has no plan: lost.yaml does not exist" in result.out


def test_two_broken_targets_of_one_problem_are_both_reported(cli, plans_dir: Path):
    plan = plans_dir / f"{PLAN_ID}.yaml"
    text = plan.read_text(encoding="utf-8")
    broken = text.replace("goal: 3000\n", "goal: many\n").replace("goal: 300\n", "goal: lots\n")
    plan.write_text(broken, encoding="utf-8")

    result = cli("check", "--format", "json")

    assert result.code == 1
    messages = [d["message"] for d in json.loads(result.out)]
    assert [m.split(":")[0] for m in messages] == [
        "problems[1].targets[3].goal",
        "problems[1].targets[5].goal",
    ]
