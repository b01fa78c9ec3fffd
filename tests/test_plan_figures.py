"""A figure in a plan is a decimal number as a person writes it: nothing else is read as one.

YAML 1.1 reads 0x12C and 5:00 (base 60) as 300, 012 as 10 (octal) and 1_000 as 1000, a
figure too small for a float (0.1e-4000) as 0, and true as 1 wherever a whole number is
taken.  Each is refused at its line, in every numeric field of a plan, by `rectify check`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PLAN_ID

PLAN = """\
schema_version: 2
id: {id}
title: 数字测试方案
period: {{start: 2022-01-01, end: 2022-12-31}}
targets:
  - id: canteens
    name: 长者食堂
    kind: count
    unit: 家
    goal: 300
    baseline: 0
    milestones:
      - {{by: 2022-07-31, value: 120}}
  - id: rate
    name: 覆盖率
    kind: rate
    goal: 60
    comparison: about
    tolerance: 0.5
    cadence: 30
problems:
  - id: p
    title: 问题
    measures:
      - {{number: 1, text: 措施}}
    targets:
      - {{id: rules, name: 制度, kind: task, measure: 1}}
warnings: {{blue_days: 7, yellow_tolerance: 5, red_after_days: 10}}
"""


def write_plan(plans_dir: Path, old: str, new: str) -> None:
    text = PLAN.format(id=PLAN_ID)
    assert old in text
    (plans_dir / f"{PLAN_ID}.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(plans_dir: Path, text: str) -> int:
    lines = (plans_dir / f"{PLAN_ID}.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_the_plan_written_in_decimals_passes(run, plans_dir: Path) -> None:
    write_plan(plans_dir, "goal: 300", "goal: 300")
    assert run("check").code == 0


@pytest.mark.parametrize(
    ("old", "new", "read_as"),
    [
        ("goal: 300", "goal: 0x12C", "300"),
        ("goal: 300", "goal: 5:00", "300"),
        ("goal: 300", "goal: 012", "10"),
        ("goal: 300", "goal: 1_000", "1000"),
        ("value: 120", "value: 0b1111000", "120"),
        ("tolerance: 0.5", "tolerance: 1:30", "90"),
        ("baseline: 0", "baseline: 00", "0"),
        ("cadence: 30", "cadence: 0x1E", "30"),
        ("number: 1, text", "number: 0o1, text", None),  # 0o1 is text to YAML 1.1: not a number
        ("blue_days: 7", "blue_days: 1:07", "67"),
        ("red_after_days: 10", "red_after_days: 1_0", "10"),
    ],
)
def test_a_number_in_another_spelling_is_refused_at_its_line(run, plans_dir, old, new, read_as) -> None:
    write_plan(plans_dir, old, new)
    result = run("check")
    assert result.code == 1
    line = line_of(plans_dir, new)
    if read_as is None:
        assert f"{PLAN_ID}.yaml:{line}:" in result.out and "expected a whole number" in result.out
        return
    spelled = new.split(": ")[1].split(",")[0]
    assert f"{PLAN_ID}.yaml:{line}:" in result.out
    assert f"{spelled} is read by YAML as {read_as}: a number here is written in decimals" in result.out


def test_a_figure_too_small_to_be_told_from_0_is_refused_not_read_as_0(run, plans_dir) -> None:
    write_plan(plans_dir, "goal: 300", "goal: 0.1e-4000")
    result = run("check")
    assert result.code == 1
    assert f"{PLAN_ID}.yaml:{line_of(plans_dir, 'goal: 0.1e-4000')}:" in result.out
    assert "0.1e-4000 is too small to be told from 0: YAML reads it as 0" in result.out
    # and status does not count the target done on a goal of 0
    status = run("status", "--json", "--as-of", "2022-08-01")
    assert status.code == 2 or "canteens" not in status.out


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("schema_version: 2", "schema_version: true"),
        ("number: 1, text", "number: true, text"),
        ("measure: 1}", "measure: true}"),
        ("blue_days: 7", "blue_days: true"),
        ("cadence: 30", "cadence: true"),
        ("number: 1, text", "number: 1.0, text"),
    ],
)
def test_true_or_a_float_is_not_a_whole_number(run, plans_dir, old, new) -> None:
    write_plan(plans_dir, old, new)
    result = run("check")
    assert result.code == 1
    assert f"{PLAN_ID}.yaml:{line_of(plans_dir, new)}:" in result.out
    assert "expected a whole number, not " in result.out


def test_a_hand_edited_log_line_holds_its_figure_to_the_same_rule(cli, plans_dir) -> None:
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.write_text(
        "- {date: 2022-07-31, target: canteens, value: 0x78, recorded: 2022-08-01T09:00:00+08:00}\n",
        encoding="utf-8",
    )
    result = cli("check")
    assert result.code == 1
    assert f"{PLAN_ID}.progress.yaml:1:" in result.out
    assert "0x78 is read by YAML as 120" in result.out
