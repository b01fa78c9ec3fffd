"""Every rule of `check` that no other test names: triggered from a small plan or log, its code,
the line it is found at and its message pinned (one case a row, as hledger keeps one file per
error).  Each row fails if its rule stops firing, moves, or says something else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HEAD2 = "schema_version: 2\nid: p\ntitle: 测试方案\nperiod: {start: 2023-01-01, end: 2023-12-31}\n"
HEAD1 = (
    "schema_version: 1\nid: p\ntitle: 测试方案\nissuer: 某局\nperiod: {start: 2023-01-01, end: 2023-12-31}\n"
)
TARGET = HEAD2 + "targets:\n  - "

# (code, plan, log or None, file, line, message)
CASES = [
    (
        "due-before-start",
        HEAD2 + "problems:\n"
        "  - id: a\n"
        "    title: 问题\n"
        "    windows:\n"
        "      - {start: 2023-06-01, due: 2023-05-01, text: 五月, targets: []}\n",
        None,
        "p.yaml",
        9,
        "the window ends before it starts",
    ),
    (
        "duplicate-alias",
        TARGET
        + "{id: a, name: 甲, kind: task, aliases: [同]}\n  - {id: b, name: 乙, kind: task, aliases: [同]}\n",
        None,
        "p.yaml",
        7,
        "the alias '同' also names the target 'a'",
    ),
    (
        "format-2-field",
        HEAD1 + "document: {number: 淄民发〔2023〕1号}\n"
        "problems:\n"
        "  - id: a\n"
        "    title: 问题\n"
        "    targets:\n"
        "      - {id: t, name: 甲, kind: task}\n",
        None,
        "p.yaml",
        6,
        "document is part of plan format 2",
    ),
    (
        "goal-comparison",
        TARGET + "{id: a, name: 甲, kind: count, unit: 家, goal: [1, 5]}\n",
        None,
        "p.yaml",
        6,
        "a range goal is written [low, high] with comparison: range, and only then",
    ),
    (
        "indicator-with-goal",
        TARGET + "{id: a, name: 甲, kind: indicator, unit: 万元, goal: 5}\n",
        None,
        "p.yaml",
        6,
        "an indicator is a figure tracked without a goal: it takes no goal or milestones",
    ),
    (
        "milestone-before-start",
        TARGET + "{id: a, name: 甲, kind: count, unit: 家, goal: 10, start: 2023-03-01, "
        "milestones: [{by: 2023-02-01, value: 1}]}\n",
        None,
        "p.yaml",
        6,
        "milestone date 2023-02-01 is before the start 2023-03-01",
    ),
    (
        "milestones-decrease",
        TARGET + "{id: a, name: 甲, kind: count, unit: 家, goal: 10, milestones: [{by: 2023-03-01, "
        "value: 5}, {by: 2023-04-01, value: 3}]}\n",
        None,
        "p.yaml",
        6,
        "milestone 3 is below the one before it (5)",
    ),
    (
        "milestones-order",
        TARGET + "{id: a, name: 甲, kind: count, unit: 家, goal: 10, milestones: [{by: 2023-04-01, "
        "value: 3}, {by: 2023-03-01, value: 5}]}\n",
        None,
        "p.yaml",
        6,
        "milestones are not in date order",
    ),
    (
        "missing-goal",
        TARGET + "{id: a, name: 甲, kind: count, unit: 家}\n",
        None,
        "p.yaml",
        6,
        "a count target needs a goal",
    ),
    (
        "rate-over-100",
        TARGET + "{id: a, name: 甲, kind: rate, goal: 120}\n",
        None,
        "p.yaml",
        6,
        "a rate is a percentage: 0 to 100",
    ),
    (
        "reversed-phase",
        HEAD2 + "phases: [{id: s, name: 短期, start: 2023-06-01, end: 2023-03-01}]\n"
        "targets:\n"
        "  - {id: a, name: 甲, kind: task}\n",
        None,
        "p.yaml",
        5,
        "the phase ends before it starts",
    ),
    (
        "reversed-range",
        TARGET + "{id: a, name: 甲, kind: count, unit: 家, goal: [5, 1], comparison: range}\n",
        None,
        "p.yaml",
        6,
        "the range's low end is above its high end",
    ),
    (
        "task-with-figure",
        TARGET + "{id: a, name: 甲, kind: task, goal: 5}\n",
        None,
        "p.yaml",
        6,
        "a task is done or not: it takes no goal, unit or milestones",
    ),
    (
        "unknown-measure",
        HEAD2 + "problems:\n"
        "  - id: a\n"
        "    title: 问题\n"
        "    measures: [{number: 1, text: 措施}]\n"
        "    targets:\n"
        "      - {id: t, name: 甲, kind: task, measure: 2}\n",
        None,
        "p.yaml",
        10,
        "problem 'a' has no measure number 2",
    ),
    (
        "duplicate-key",
        HEAD2 + "title: 又一个\ntargets:\n  - {id: a, name: 甲, kind: task}\n",
        None,
        "p.yaml",
        5,
        "the key 'title' appears twice: first at line 3, again at line 5",
    ),
    (
        "merge-key",
        HEAD2 + "base: &b {id: a, name: 甲, kind: task}\ntargets:\n  - <<: *b\n",
        None,
        "p.yaml",
        7,
        "merge keys (<<) are not supported",
    ),
    (
        "many-documents",
        TARGET + "{id: a, name: 甲, kind: task}\n---\nid: q\n",
        None,
        "p.yaml",
        7,
        "the file holds more than one YAML document",
    ),
    (
        "yaml-syntax",
        TARGET + "{id: a, name: 甲, kind: task\n",
        None,
        "p.yaml",
        7,
        "not valid YAML: while parsing a flow mapping did not find expected ',' or '}'",
    ),
    (
        "not-a-plan",
        "- 一\n- 二\n",
        None,
        "p.yaml",
        1,
        "a plan file must be a YAML mapping (id:, title:, …)",
    ),
    (
        "bad-key",
        HEAD2 + "? [a, b]\n: 1\ntargets:\n  - {id: a, name: 甲, kind: task}\n",
        None,
        "p.yaml",
        5,
        "a key must be plain text, not a list or mapping",
    ),
    (
        "done-on-figure",
        TARGET + "{id: a, name: 甲, kind: count, unit: 家, goal: 10}\n",
        '- {"date": "2023-05-01", "target": "a", "done": true, "recorded": "2023-05-01T10:00:00+08:00"}\n',
        "p.progress.yaml",
        1,
        "a is a count: an entry gives its value, not done",
    ),
    (
        "rate-over-100",
        TARGET + "{id: a, name: 甲, kind: rate, goal: 60}\n",
        '- {"date": "2023-05-01", "target": "a", "value": 130, "recorded": "2023-05-01T10:00:00+08:00"}\n',
        "p.progress.yaml",
        1,
        "a is a percentage: 130 is over 100",
    ),
    (
        "not-a-log",
        TARGET + "{id: a, name: 甲, kind: task}\n",
        "target: a\n",
        "p.progress.yaml",
        1,
        "a progress log is a list of entries, one per line",
    ),
]


@pytest.mark.parametrize(
    ("code", "plan", "log", "file", "line", "message"),
    CASES,
    ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)],
)
def test_each_check_rule_fires_at_its_line_with_its_message(
    cli, tmp_path, code, plan, log, file, line, message
):
    (tmp_path / "p.yaml").write_text(plan, encoding="utf-8")
    paths = [str(tmp_path / "p.yaml")]
    if log is not None:
        (tmp_path / "p.progress.yaml").write_text(log, encoding="utf-8")
        paths.append(str(tmp_path / "p.progress.yaml"))
    result = cli("check", *paths, "--format", "json", env={"RECTIFY_LANG": "en"})
    assert result.code == 1
    found = [
        (Path(d["file"]).name, d["line"], d["message"]) for d in json.loads(result.out) if d["code"] == code
    ]
    assert (file, line, message) in found, json.loads(result.out)


def test_a_log_without_its_plan_and_a_path_that_names_nothing(cli, tmp_path):
    (tmp_path / "lone.progress.yaml").write_text("# a log\n", encoding="utf-8")
    result = cli(
        "check", str(tmp_path / "lone.progress.yaml"), str(tmp_path / "none.yaml"), "--format", "json"
    )
    found = {d["code"]: d["message"] for d in json.loads(result.out)}
    assert result.code == 2  # a path that names nothing cannot be read
    assert found["log-without-plan"] == "this log has no plan: lone.yaml does not exist"
    assert found["no-such-file"] == "there is no such file or folder"
