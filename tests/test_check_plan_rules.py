"""`rectify check` on the rules of plan format 2: each at its exact line and column, with a fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HEAD = """\
schema_version: 2
id: p
title: 测试方案
period: {start: 2023-01-01, end: 2023-12-31}
"""

# (rule, plan body after HEAD, code, line, column)
PLAN_RULES = [
    (
        "a category not declared",
        "categories: [立行立改, 持续整改]\nproblems:\n  - id: a\n    title: 问题\n    category: 长期整改\n",
        "unknown-category",
        9,
        5,
    ),
    (
        "one label of a list not declared",
        "categories: [立行立改]\nproblems:\n  - id: a\n    title: 问题\n    category: [立行立改, 其他]\n",
        "unknown-category",
        9,
        22,
    ),
    (
        "an unknown phase",
        "phases: [{id: short, name: 短期攻坚, end: 2023-06-30}]\n"
        "targets:\n  - {id: t, name: 任务, kind: task, phase: long}\n",
        "unknown-phase",
        7,
        35,
    ),
    (
        "a goal of a figure that is not an indicator",
        "targets:\n  - {id: avg, name: 平均, kind: rate, goal: 50}\n"
        "  - {id: t, name: 比例, kind: rate, goal: {of: avg}}\n",
        "goal-of-not-indicator",
        7,
        42,
    ),
    (
        "a goal of a figure the plan does not have",
        "targets:\n  - {id: t, name: 比例, kind: rate, goal: {of: nowhere}}\n",
        "unknown-target",
        6,
        42,
    ),
    (
        "a part id twice",
        "targets:\n  - id: t\n    name: 食堂\n    kind: count\n    goal: 20\n    parts:\n"
        "      - {id: a, name: 甲, goal: 10}\n      - {id: a, name: 乙, goal: 10}\n",
        "duplicate-part-id",
        12,
        10,
    ),
    (
        "part goals adding up to less than the goal",
        "targets:\n  - id: canteens\n    name: 长者食堂\n    kind: count\n    goal: 300\n    parts:\n"
        "      - {id: a, name: 张店区, goal: 100}\n      - {id: b, name: 淄川区, goal: 120}\n"
        "      - {id: c, name: 博山区, goal: 70}\n",
        "part-goals-short",
        10,
        5,
    ),
    (
        "a decimal count without a scaled unit",
        "targets:\n  - {id: t, name: 线路, kind: count, unit: 条, goal: 7.4}\n",
        "count-not-whole",
        6,
        45,
    ),
    (
        "a decimal milestone of a count without a scaled unit",
        "targets:\n  - id: t\n    name: 线路\n    kind: count\n    goal: 20\n"
        "    milestones: [{by: 2023-06-30, value: 9.5}]\n",
        "count-not-whole",
        10,
        35,
    ),
    (
        "a window outside the plan period",
        "problems:\n  - id: a\n    title: 问题\n    windows:\n"
        "      - {start: 2023-05-01, due: 2024-02-28, text: 明年2月底前}\n",
        "outside-period",
        9,
        29,
    ),
    (
        "a milestone above the goal of a cumulative target",
        "targets:\n  - id: t\n    name: 床位\n    kind: count\n    goal: 300\n"
        "    milestones: [{by: 2023-06-30, value: 320}]\n",
        "milestone-above-goal",
        10,
        35,
    ),
    (
        "until on an item that is not ongoing",
        "targets:\n  - {id: t, name: 任务, kind: task, until: 2024-06-30}\n",
        "until-not-ongoing",
        6,
        35,
    ),
    (
        "a phase id twice",
        "phases:\n  - {id: short, name: 短期攻坚}\n  - {id: short, name: 中期推进}\n",
        "duplicate-phase-id",
        7,
        6,
    ),
    (
        "a tolerance without comparison: about",
        "targets:\n  - {id: t, name: 比例, kind: rate, goal: 50, tolerance: 1}\n",
        "tolerance-without-about",
        6,
        45,
    ),
    (
        "a negative tolerance",
        "targets:\n  - {id: t, name: 比例, kind: rate, goal: 50, comparison: about, tolerance: -1}\n",
        "negative-tolerance",
        6,
        64,
    ),
    (
        "roll_up on a target without parts",
        "targets:\n  - {id: t, name: 床位, kind: count, goal: 50, roll_up: sum}\n",
        "roll-up-without-parts",
        6,
        46,
    ),
    (
        "a negative part goal",
        "targets:\n  - id: t\n    name: 比例\n    kind: rate\n    goal: 50\n"
        "    parts: [{id: a, name: 甲, goal: -5}]\n",
        "negative-goal",
        10,
        30,
    ),
    (
        "a placeholder of rectify init left in",
        "problems:\n  - id: a\n    title: 待填写（问题）\n",
        "placeholder",
        7,
        5,
    ),
    (
        "a placeholder spelled with escapes, which the file's text does not show",
        'problems:\n  - id: a\n    title: "\\u5f85\\u586b\\u5199"\n',
        "placeholder",
        7,
        5,
    ),
]


def check_json(cli, tmp_path: Path, plan: str, log: str | None = None) -> tuple[int, list[dict]]:
    (tmp_path / "p.yaml").write_text(plan, encoding="utf-8")
    paths = [str(tmp_path / "p.yaml")]
    if log is not None:
        (tmp_path / "p.progress.yaml").write_text(log, encoding="utf-8")
        paths.append(str(tmp_path / "p.progress.yaml"))
    result = cli("check", *paths, "--format", "json")
    return result.code, json.loads(result.out)


@pytest.mark.parametrize(
    ("rule", "body", "code", "line", "column"), PLAN_RULES, ids=[r[0] for r in PLAN_RULES]
)
def test_each_plan_rule_at_its_line_and_column(cli, tmp_path, rule, body, code, line, column):
    exit_code, found = check_json(cli, tmp_path, HEAD + body)

    assert exit_code == 1
    assert [(d["code"], d["line"], d["column"], d["severity"]) for d in found] == [
        (code, line, column, "error")
    ]
    assert found[0]["fix"]


def test_the_rules_hold_nothing_against_a_good_plan(cli, tmp_path):
    body = (
        "categories: [立行立改]\nphases: [{id: short, name: 短期攻坚, end: 2023-06-30}]\n"
        "targets:\n  - {id: avg, name: 平均, kind: indicator, unit: '%'}\n"
        "  - {id: t, name: 比例, kind: rate, goal: {of: avg}, category: 立行立改, phase: short}\n"
        "  - {id: people, name: 体检, kind: count, unit: 万人, goal: 7.4}\n"
        "  - id: canteens\n    name: 长者食堂\n    kind: count\n    goal: 300\n    parts:\n"
        "      - {id: a, name: 张店区, goal: 100}\n      - {id: b, name: 淄川区, goal: 120}\n"
        "      - {id: c, name: 博山区, goal: 80}\n"
    )
    assert check_json(cli, tmp_path, HEAD + body) == (0, [])


def test_part_goals_adding_up_to_more_are_a_warning_and_check_passes(cli, tmp_path):
    body = (
        "targets:\n  - id: canteens\n    name: 长者食堂\n    kind: count\n    goal: 300\n    parts:\n"
        "      - {id: a, name: 张店区, goal: 110}\n      - {id: b, name: 淄川区, goal: 200}\n"
    )
    (tmp_path / "p.yaml").write_text(HEAD + body, encoding="utf-8")

    code, found = check_json(cli, tmp_path, HEAD + body)
    assert code == 0
    assert [(d["code"], d["line"], d["column"], d["severity"]) for d in found] == [
        ("part-goals-over", 10, 5, "warning")
    ]
    github = cli("check", str(tmp_path / "p.yaml"), "--format", "github")
    assert github.code == 0
    assert github.out.startswith("::warning file=")
    text = cli("check", str(tmp_path / "p.yaml"))
    assert text.code == 0
    assert "p.yaml:10:5: warning: the parts' goals add up to 310, more than the target's goal 300" in text.out
    assert "1 warning." in text.out
    # A second run reads the plan from the cache, and still warns.
    assert check_json(cli, tmp_path, HEAD + body)[1][0]["code"] == "part-goals-over"


def test_every_diagnostic_in_json_has_a_severity(cli, tmp_path):
    __, found = check_json(cli, tmp_path, HEAD + "problems:\n  - id: A\n    title: 问题\n")
    assert found and all(d["severity"] == "error" for d in found)


PARTS_PLAN = (
    HEAD
    + "late_entry_days: 3660\n"
    + (  # its entries' stamps are made up: none is 补录
        "targets:\n  - id: canteens\n    name: 长者食堂\n    kind: count\n    goal: 300\n    parts:\n"
        "      - {id: zhangdian, name: 张店区, goal: 150}\n      - {id: zichuan, name: 淄川区, goal: 150}\n"
        "  - {id: rules, name: 制度, kind: task}\n"
        "  - {id: share, name: 覆盖率, kind: rate, goal: 50}\n"
        "  - id: kept\n    name: 长期坚持\n    kind: task\n    ongoing: true\n"
        "    due: 2023-06-30\n    until: 2024-06-30\n"
    )
)
REC = '"recorded": "2023-07-01T10:00:00+08:00"'

# (rule, log line, code)
ENTRY_RULES = [
    (
        "a figure for a target that sums its parts, naming none",
        f'{{"date": "2023-05-01", "target": "canteens", "value": 40, {REC}}}',
        "part-needed",
    ),
    (
        "a part the target does not have",
        f'{{"date": "2023-05-01", "target": "canteens", "part": "boshan", "value": 40, {REC}}}',
        "unknown-part",
    ),
    (
        "a part on a target without parts",
        f'{{"date": "2023-05-01", "target": "rules", "part": "zhangdian", "done": true, {REC}}}',
        "unknown-part",
    ),
    (
        "a percent on a level, which takes its figure (a count may take a share of its goal)",
        f'{{"date": "2023-05-01", "target": "share", "percent": 40, {REC}}}',
        "percent-on-figure",
    ),
    (
        "an expected date before the entry's",
        f'{{"date": "2023-05-01", "target": "rules", "percent": 40, "expected": "2023-04-01", {REC}}}',
        "expected-before-date",
    ),
    (
        "an ongoing item's entry after until",
        '{"date": "2024-07-01", "target": "kept", "done": true, "recorded": "2024-07-01T10:00:00+08:00"}',
        "date-outside-plan",
    ),
    (
        "an entry before the plan's start",
        '{"date": "2022-12-31", "target": "rules", "done": true, "recorded": "2023-01-02T10:00:00+08:00"}',
        "date-outside-plan",
    ),
]


@pytest.mark.parametrize(("rule", "line", "code"), ENTRY_RULES, ids=[r[0] for r in ENTRY_RULES])
def test_each_entry_rule_at_its_line(cli, tmp_path, rule, line, code):
    log = "# log\n" + f"- {line}\n"

    exit_code, found = check_json(cli, tmp_path, PARTS_PLAN, log)

    assert exit_code == 1
    assert [(d["code"], d["line"], d["column"]) for d in found] == [(code, 2, 1)]
    assert found[0]["file"].endswith("p.progress.yaml")


def test_entries_v2_that_fit_pass(cli, tmp_path):
    lines = [
        f'{{"date": "2023-05-01", "target": "canteens", "part": "zhangdian", "value": 40, {REC}}}',
        f'{{"date": "2023-05-01", "target": "canteens", "part": "zichuan", "value": 35, {REC}}}',
        f'{{"date": "2023-06-01", "target": "canteens", "part": "zichuan", "value": 45,'
        f' "increment": 10, {REC}}}',
        f'{{"date": "2023-06-02", "target": "canteens", "note": "马站未开工", {REC}}}',
        f'{{"date": "2023-05-01", "target": "rules", "percent": 40, "expected": "2023-09-30", {REC}}}',
        f'{{"date": "2023-06-30", "target": "kept", "done": true, {REC}}}',
        '{"date": "2024-03-01", "target": "kept", "done": true, "recorded": "2024-03-01T10:00:00+08:00"}',
    ]
    log = "".join(f"- {line}\n" for line in lines)
    assert check_json(cli, tmp_path, PARTS_PLAN, log) == (0, [])


def test_an_item_number_may_be_typed_bare_when_whole_and_is_kept_as_text(cli, tmp_path):
    body = (
        "problems:\n  - {id: a, title: 问题, number: 15}\n  - {id: b, title: 问题, number: 3.2}\n"
        '  - {id: c, title: 问题, number: "3.10"}\n'
    )
    code, found = check_json(cli, tmp_path, HEAD + body)

    assert code == 1
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("bad-value", 7, 24)]
    assert '"3.2"' in found[0]["message"]
    from zibo_rectify import yamlio
    from zibo_rectify.model import validate_plan

    text = (
        HEAD + 'problems:\n  - {id: a, title: 问题, number: 15}\n  - {id: c, title: 问题, number: "3.10"}\n'
    )
    plan = validate_plan(yamlio.parse(text, "p.yaml", max_nodes=1000), "p")
    assert [p.number for p in plan.problems] == ["15", "3.10"]
