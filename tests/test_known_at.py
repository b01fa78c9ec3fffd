"""A history that stays true: `--known-at` reproduces a 通报 issued before corrections, withdrawals
and extensions were typed, and the plan is read as committed then.

The scenario of issue 27, on the first-run sample in a git repository: the 9月 通报 is made;
afterwards a correction back-dated to July, a withdrawal and an extension are recorded (and the
plan edited and committed).  Every time of recording is set through RECTIFY_RECORDED_AT, and
every commit's date through git's own variables, so no test depends on the wall clock.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, Result

SAMPLE = ROOT / "examples" / "first-run"
PLAN = "zibo-minzheng-2022-sample"
DAY = "2022-09-30"
COMMITTED = "2026-12-01T18:00:00+08:00"  # the sample's entries were recorded that afternoon
ISSUED = "2026-12-02T10:00:00+08:00"  # the 9月 通报 is made
AFTER = "2026-12-03T09:00:00+08:00"  # the back-dated correction, the withdrawal, the extension


def git(repo: Path, *args: str, at: str = COMMITTED) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": at,
        "GIT_COMMITTER_DATE": at,
        "GIT_AUTHOR_NAME": "督查室",
        "GIT_AUTHOR_EMAIL": "duchashi@example.org",
        "GIT_COMMITTER_NAME": "督查室",
        "GIT_COMMITTER_EMAIL": "duchashi@example.org",
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The first-run sample committed in a git repository, its plans folder `plans/`."""
    root = tmp_path / "repo"
    shutil.copytree(SAMPLE, root / "plans")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "示例方案与填报记录")
    return root


@pytest.fixture
def rectify(repo: Path):  # type: ignore[no-untyped-def]
    """`rectify ARGS` in-process on the repository, entries stamped at `at`."""
    from zibo_rectify.cli import app

    runner = CliRunner()

    def invoke(*args: str, at: str = AFTER) -> Result:
        env = {"RECTIFY_PLANS": str(repo / "plans"), "NO_COLOR": "1", "COLUMNS": "200"}
        env |= {"RECTIFY_RECORDED_AT": at, "RECTIFY_LANG": "zh"}
        result = runner.invoke(app, list(args), env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


def report_md(rectify, *more: str) -> str:  # type: ignore[no-untyped-def]
    result = rectify("report", "--as-of", DAY, "--format", "md", *more)
    assert result.code == 0, result.err
    return result.out


def change_after_the_report(rectify, repo: Path) -> None:  # type: ignore[no-untyped-def]
    """What the issue's reporter typed after the 通报: a correction back-dated to July, a
    withdrawal, an extension, and a due date edited in the plan (committed later)."""
    assert rectify("update", "canteens", "120", "--date", "2022-07-31", "--correction").code == 0
    assert rectify("done", "midterm-summary", "--undo").code == 0
    extended = ("extend", "disabled-care-services", "--to", "2022-09-30", "--date", "2022-08-20")
    assert rectify(*extended, "--reason", "经批准延期").code == 0
    plan = repo / "plans" / f"{PLAN}.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "due: 2022-08-31" in text
    plan.write_text(text.replace("due: 2022-08-31", "due: 2022-12-31"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "改动之后", at="2026-12-04T09:00:00+08:00")


def test_the_report_of_the_time_it_was_made_is_made_again_byte_for_byte(rectify, repo):
    first = report_md(rectify)
    assert "已完成13项，整改完成率61.9%" in first
    assert "✗ 7月31日前达到120家：实际为118家" in first
    commit = git(repo, "rev-parse", "HEAD")
    assert first.rstrip().endswith(
        f"本报告依据截至2026-12-01 18:00:00+08:00的填报记录。方案为提交 {commit[:12]} 中的版本。"
    )
    change_after_the_report(rectify, repo)

    now = report_md(rectify)
    assert "已完成12项，整改完成率57.1%" in now
    assert "✗ 7月31日前达到120家" not in now
    head = git(repo, "rev-parse", "HEAD")[:12]
    assert f"本报告依据截至2026-12-04 09:00:00+08:00的填报记录。方案为提交 {head} 中的版本。" in now

    again = report_md(rectify, "--known-at", ISSUED)
    assert again == first
    # The time the report states as its basis (its commit's, which came after its last entry)
    # reproduces it too, typed as the report prints it.
    assert report_md(rectify, "--known-at", "2026-12-01 18:00:00+08:00") == first


def test_status_known_at_the_report_shows_what_was_known_then(rectify, repo):
    before_text = rectify("status", "--as-of", DAY).out
    before_json = rectify("status", "--as-of", DAY, "--json").out
    change_after_the_report(rectify, repo)
    assert rectify("status", "--as-of", DAY, "--known-at", ISSUED).out == before_text
    assert rectify("status", "--as-of", DAY, "--known-at", ISSUED, "--json").out == before_json
    assert rectify("status", "--as-of", DAY, "--json").out != before_json


def test_a_date_means_the_end_of_that_day_in_utc_plus_8(rectify):
    # 07:30 in Beijing on 12-03 is still 12-02 in UTC: a date is the end of the day in UTC+8.
    assert rectify("update", "canteens", "240", "--date", "2022-10-20", at="2026-12-02T23:30:00Z").code == 0
    seen = [
        json.loads(rectify("log", "canteens", "--known-at", day, "--json").out)
        for day in ("2026-12-02", "2026-12-03", "2026-12-02T23:29:59Z", "2026-12-03 07:30")
    ]
    assert [len(found) for found in seen] == [4, 5, 4, 5]
    assert seen[1][-1]["value"] == 240


def test_every_reading_command_takes_known_at(rectify, repo):
    change_after_the_report(rectify, repo)
    for command in (
        ("status",),
        ("report",),
        ("show", "canteens"),
        ("log",),
        ("targets",),
        ("due",),
        ("warnings",),
        ("changes", "--since", "2022-09-01"),
        ("pending",),
    ):
        as_of = () if command[0] in ("log", "targets", "pending") else ("--as-of", DAY)
        result = rectify(*command, *as_of, "--known-at", ISSUED)
        assert result.code == 0, (command, result.err)
    # The plan as committed then: the due date edited afterwards is not read.
    then, now = rectify("targets", "--known-at", ISSUED).out, rectify("targets").out
    assert "2022-08-31" in then and "2022-08-31" not in now


def test_without_git_the_current_plan_is_read_and_stderr_says_so_once(tmp_path: Path):
    from zibo_rectify.cli import app

    folder = tmp_path / "plans"
    shutil.copytree(SAMPLE, folder)
    result = CliRunner().invoke(
        app, ["status", "--as-of", DAY, "--known-at", "2022-10-01"], env={"RECTIFY_PLANS": str(folder)}
    )
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if "--known-at" in line]
    assert notes == [
        f"note: --known-at 2022-10-01 23:59:59+08:00: {PLAN}.yaml is not in a git repository,"
        " so the current plan is read"
    ]


@pytest.mark.parametrize("typed", ["yesterday-ish", "2022-13-01T10:00", "2022-10-01T25:00:00"])
def test_a_time_rectify_cannot_read_is_a_usage_error(rectify, typed):
    result = rectify("status", "--as-of", DAY, "--known-at", typed, at=AFTER)
    assert result.code == 2
    assert "--known-at" in result.err and "Traceback" not in result.err


def test_the_recording_time_for_tests_must_have_an_offset(rectify):
    result = rectify("update", "canteens", "230", "--date", "2022-10-10", at="2022-10-10 10:00")
    assert result.code == 2
    assert "RECTIFY_RECORDED_AT" in result.err


def test_changes_since_the_report_lists_what_was_typed_after_it_with_both_dates(rectify, repo):
    """The issue's must-show: after the 通报 of ISSUED, `changes --since ISSUED` lists the back-dated
    correction, the withdrawal and the extension, each with its day and when it was recorded."""
    change_after_the_report(rectify, repo)
    text = rectify("--lang", "zh", "changes", "--since", ISSUED).out
    rules = "1.14 对前期工作进行阶段性总结,查漏补缺,加快进度"
    care = "1.10 规范特殊困难家庭失能人员救助服务"
    for said in (
        "自2026年12月2日10:00以来",
        "  更正\n    2.6 长者食堂：2022年7月31日报送120家（2026年12月3日09:00录入）\n",
        # withdrawn when it was withdrawn, not on the day of the entry it withdrew
        f"  撤回\n    {rules}：2022年8月30日的已完成已于2026年12月3日09:00撤回，理由：误标为已完成\n",
        f"  延期\n    {care}：2022年8月20日起延期至2022年9月30日，理由：经批准延期"
        "（2026年12月3日09:00录入）\n",
    ):
        assert said in text, said

    found = json.loads(rectify("--lang", "zh", "changes", "--since", ISSUED, "--json").out)
    assert found["known_since"] == ISSUED
    assert [(e["target"], e["date"], e["recorded"], e["correction"]) for e in found["entries"]] == [
        ("canteens", "2022-07-31", AFTER, True)
    ]
    assert [(w["target"], w["of"], w["recorded"]) for w in found["withdrawals"]] == [
        ("midterm-summary", "2022-08-30", AFTER)
    ]
    assert [(x["target"], x["date"], x["due"], x["recorded"]) for x in found["extensions"]] == [
        ("disabled-care-services", "2022-08-20", "2022-09-30", AFTER)
    ]

    # About the 通报's own day: how its judgement moved from what was known when it was made (on
    # the plan as it is now, whose edited due date keeps 1.14 on track).
    september = rectify("--lang", "zh", "changes", "--since", ISSUED, "--as-of", DAY).out
    assert f"  完成情况变化\n    {rules}：已完成 → 按序时推进\n" in september
    # The report's section says the same, in the same words.
    page = report_md(rectify, "--since", ISSUED)
    assert "## 本期变化（2026年12月2日10:00以后录入，截至2022年9月30日）" in page
    assert "- 2.6 长者食堂：2022年7月31日报送120家（2026年12月3日09:00录入）" in page
    assert f"- {rules}：已完成 → 按序时推进" in page
    # Nothing was recorded after the last of them.
    assert rectify("--lang", "zh", "changes", "--since", AFTER).out.endswith("：\n  无变化\n")


def test_a_figure_about_an_earlier_day_is_a_late_entry_and_a_date_means_from_its_start(rectify):
    assert rectify("update", "canteens", "130", "--date", "2022-08-15", at=AFTER).code == 0
    late = "  补录\n    2.6 长者食堂：2022年8月15日报送130家（2026年12月3日09:00录入）\n"
    assert late in rectify("--lang", "zh", "changes", "--since", ISSUED).out
    # A date typed for --since: everything recorded from the start of that day (UTC+8).
    on_the_day = rectify("--lang", "zh", "changes", "--since", "2026-12-03", "--as-of", "2026-12-05")
    assert on_the_day.code == 0 and late in on_the_day.out
    assert (
        "补录" not in rectify("--lang", "zh", "changes", "--since", "2026-12-04", "--as-of", "2026-12-05").out
    )
    found = json.loads(
        rectify("--lang", "zh", "changes", "--since", "2026-12-03", "--as-of", "2026-12-05", "--json").out
    )
    assert found["since"] == "2026-12-03" and found["known_since"] == "2026-12-02T23:59:59+08:00"
    assert [(e["date"], e["late"], e["correction"]) for e in found["entries"]] == [
        ("2022-08-15", True, False)
    ]
