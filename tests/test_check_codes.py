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
COUNT = HEAD2 + "late_entry_days: 3660\ntargets:\n  - {id: a, name: 甲, kind: count, unit: 家, goal: 10}\n"
REVIEWED = COUNT.replace("late_entry_days", "review: required\nlate_entry_days")
FIGURE = '{"date": "2023-05-01", "target": "a", "value": %s, "recorded": "2023-05-01T10:00:00+08:00"}'
ACCEPTED = (
    '{"date": "2023-05-02", "target": "a", "kind": "review", "verdict": "accepted", "of_date": "2023-05-01",'
    ' "of_recorded": "2023-05-01T10:00:00+08:00", "by": "督查科", "recorded": "2023-05-02T10:00:00+08:00"}'
)
REJECTED = ACCEPTED.replace("accepted", "rejected").replace('T10:00:00+08:00"}', 'T11:00:00+08:00"}')
SIGNOFF = (
    '{"date": "2023-05-0%d", "target": "a", "kind": "signoff", "by": "督查科",'
    ' "recorded": "2023-05-0%dT10:00:00+08:00"}'
)
WARNINGS = {"review-not-required", "signed-off-twice"}  # found, and check passes

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
    (
        "not-a-decimal",
        TARGET + "{id: a, name: 甲, kind: count, unit: 家, goal: 0x12C}\n",
        None,
        "p.yaml",
        6,
        "0x12C is read by YAML as 300: a number here is written in decimals",
    ),
    (
        "number-too-small",
        TARGET + "{id: a, name: 甲, kind: count, unit: 家, goal: 0.1e-4000}\n",
        None,
        "p.yaml",
        6,
        "0.1e-4000 is too small to be told from 0: YAML reads it as 0",
    ),
    (
        "too-many-nodes",
        HEAD2
        + "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        + "".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        None,
        "p.yaml",
        5,
        "the file expands to more values than rectify reads (anchors and aliases repeated over and over,"
        " or a file far larger than a plan)",
    ),
    (
        "duplicate-problem-id",
        HEAD2 + "problems:\n  - {id: a, title: 问题}\n  - {id: a, title: 问题二}\n",
        None,
        "p.yaml",
        7,
        "the problem id 'a' is used twice: first at line 6",
    ),
    (
        "tally-over-total",
        HEAD2
        + "tallies:\n  - {what: 任务, total: 3, done: 4}\n"
        + "targets:\n  - {id: a, name: 甲, kind: task}\n",
        None,
        "p.yaml",
        6,
        "the counts add up to 4, more than the total 3",
    ),
    (
        "rest-without-total",
        HEAD2
        + "tallies:\n  - {what: 任务, rest: on_track}\n"
        + "targets:\n  - {id: a, name: 甲, kind: task}\n",
        None,
        "p.yaml",
        6,
        "rest says what the others are, but no total says how many there are",
    ),
    (
        "reversed-event",
        HEAD2
        + "events:\n  - {name: 公示期, date: 2023-05-01, end: 2023-04-01}\n"
        + "targets:\n  - {id: a, name: 甲, kind: task}\n",
        None,
        "p.yaml",
        6,
        "the event ends before it starts",
    ),
    ("negative", COUNT, f"- {FIGURE % -5}\n", "p.progress.yaml", 1, "a cannot be negative (-5)"),
    (
        "names-two-entries",
        COUNT,
        f"- {FIGURE % 4}\n- {FIGURE % 5}\n"
        '- {"date": "2023-05-01", "target": "a", "kind": "withdraw", "of_date": "2023-05-01",'
        ' "of_recorded": "2023-05-01T10:00:00+08:00", "recorded": "2023-05-02T10:00:00+08:00"}\n',
        "p.progress.yaml",
        3,
        "this withdraw names 2 entries, recorded in the same second (lines 1, 2):"
        " it cannot tell which it means, and acts on all of them",
    ),
    (
        "review-not-required",
        COUNT,
        f"- {FIGURE % 4}\n- {ACCEPTED}\n",
        "p.progress.yaml",
        2,
        "figures of a need no review: this review changes nothing",
    ),
    (
        "reviewed-both-ways",
        REVIEWED,
        f"- {FIGURE % 4}\n- {ACCEPTED}\n- {REJECTED}\n",
        "p.progress.yaml",
        3,
        "this review says rejected of a figure that line 2 says accepted of",
    ),
    (
        "signoff-goal-not-met",
        COUNT,
        f"- {FIGURE % 4}\n- {SIGNOFF % (2, 2)}\n",
        "p.progress.yaml",
        2,
        "a is signed off on 2023-05-02, but its goal is not met that day (4 of 10 家)",
    ),
    (
        "signed-off-twice",
        COUNT,
        f"- {FIGURE % 10}\n- {SIGNOFF % (2, 2)}\n- {SIGNOFF % (3, 3)}\n",
        "p.progress.yaml",
        3,
        "a is signed off again: it was signed off on 2023-05-02 (line 2)",
    ),
    (
        "recorded-after-signoff",
        COUNT,
        f"- {FIGURE % 10}\n- {SIGNOFF % (2, 2)}\n"
        '- {"date": "2023-05-04", "target": "a", "value": 11, "recorded": "2023-05-04T10:00:00+08:00"}\n',
        "p.progress.yaml",
        3,
        "a was signed off on 2023-05-02 (line 2): nothing is recorded on it until it is reopened",
    ),
    (
        "evidence-outside",
        COUNT,
        '- {"date": "2023-05-01", "target": "a", "value": 4, "evidence": "../外面.pdf", "evidence_refs":'
        f' [{{"ref": "../外面.pdf", "sha256": "{"0" * 64}"}}], "recorded": "2023-05-01T10:00:00+08:00"}}\n',
        "p.progress.yaml",
        1,
        "the evidence ../外面.pdf is outside the plans repository",
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
    assert result.code == (0 if code in WARNINGS else 1)
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


def test_an_evidence_file_changed_since_it_was_recorded(cli, tmp_path):
    repository = tmp_path / "repo"  # no git: the folder above the plans is the repository
    plans = repository / "plans"
    plans.mkdir(parents=True)
    (repository / "docs").mkdir()
    (repository / "docs" / "验收单.pdf").write_bytes(b"the signed form, scanned again")
    recorded = "0" * 64
    (plans / "p.yaml").write_text(COUNT, encoding="utf-8")
    (plans / "p.progress.yaml").write_text(
        '- {"date": "2023-05-01", "target": "a", "value": 4, "evidence": "docs/验收单.pdf", "evidence_refs":'
        f' [{{"ref": "docs/验收单.pdf", "sha256": "{recorded}"}}],'
        ' "recorded": "2023-05-01T10:00:00+08:00"}\n',
        encoding="utf-8",
    )
    import hashlib

    now = hashlib.sha256(b"the signed form, scanned again").hexdigest()

    result = cli("check", str(plans), "--format", "json", env={"RECTIFY_LANG": "en"})

    assert result.code == 1
    assert [(d["code"], d["line"], d["message"]) for d in json.loads(result.out)] == [
        (
            "evidence-changed",
            1,
            "the evidence file docs/验收单.pdf changed since it was recorded"
            f" (SHA-256 {recorded}, now {now})",
        )
    ]


def test_fail_on_makes_each_target_at_that_level_or_above_a_finding(cli, tmp_path):
    """--fail-on judges today: the plan is written around today, so the levels hold on any day."""
    import datetime as dt

    today = dt.date.today()
    start, end = today - dt.timedelta(days=400), today + dt.timedelta(days=400)

    def day(offset: int) -> str:
        return (today + dt.timedelta(days=offset)).isoformat()

    (tmp_path / "p.yaml").write_text(
        f"schema_version: 2\nid: p\ntitle: 测试方案\nperiod: {{start: {start}, end: {end}}}\ntargets:\n"
        f"  - {{id: late, name: 过期, kind: task, due: {day(-10)}}}\n"
        f"  - {{id: soon, name: 将到期, kind: task, due: {day(3)}}}\n"
        f"  - {{id: behind, name: 滞后, kind: count, unit: 家, goal: 100,"
        f" start: {day(-100)}, due: {day(100)}}}\n",
        encoding="utf-8",
    )
    (tmp_path / "p.progress.yaml").write_text(
        f'- {{"date": "{day(-1)}", "target": "behind", "value": 1,'
        f' "recorded": "{day(-1)}T10:00:00+08:00"}}\n',
        encoding="utf-8",
    )
    paths = [str(tmp_path / "p.yaml"), str(tmp_path / "p.progress.yaml")]

    found = {}
    for level in ("red", "yellow", "blue"):
        result = cli("check", *paths, "--fail-on", level, "--format", "json", env={"RECTIFY_LANG": "en"})
        assert result.code == 1
        found[level] = sorted((d["code"], d["message"].split(":")[0]) for d in json.loads(result.out))

    red = ("warning-red", f"late is at warning level red on {today}")
    yellow = ("warning-yellow", f"behind is at warning level yellow on {today}")
    blue = ("warning-blue", f"soon is at warning level blue on {today}")
    assert found == {"red": [red], "yellow": sorted([red, yellow]), "blue": sorted([red, yellow, blue])}
