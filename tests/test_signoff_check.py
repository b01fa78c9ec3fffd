"""`check` judges every sign-off (销号) again, on the log as union merges and hand edits leave it:
a sign-off whose goal is not met, an entry recorded on a target signed off, a second sign-off.
Each at its line, by the rule the `signoff` command uses."""

from __future__ import annotations

import json
import re

from conftest import PLAN_ID

LOG = f"{PLAN_ID}.progress.yaml"


def line(date: str, recorded: str, **fields: object) -> str:
    entry = {"date": date, "target": "canteens", **fields, "recorded": f"{recorded}+08:00"}
    return "- " + json.dumps(entry, ensure_ascii=False) + "\n"


MET = line("2022-12-01", "2022-12-01T10:00:00", value=300)
SIGNOFF = line("2022-12-20", "2022-12-20T10:00:00", kind="signoff", by="督查科")


def said(result) -> str:  # type: ignore[no-untyped-def]
    return " ".join((result.out + result.err).split())  # as one line, however the terminal wrapped it


def findings(result) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    said = result.out + result.err
    return [(int(n), kind) for n, kind in re.findall(rf"{re.escape(LOG)}:(\d+):1: (error|warning):", said)]


def check_log(run, plans_dir, *lines: str):  # type: ignore[no-untyped-def]
    (plans_dir / LOG).write_text("".join(lines), encoding="utf-8")
    return run("check")


def test_a_hand_written_signoff_with_the_goal_unmet_is_an_error_at_its_line(run, plans_dir):
    result = check_log(run, plans_dir, line("2022-12-01", "2022-12-01T10:00:00", value=200), SIGNOFF)
    assert result.code == 1
    assert findings(result) == [(2, "error")]
    assert "canteens is signed off on 2022-12-20, but its goal is not met that day (200 of 300 家)" in said(
        result
    )


def test_a_figure_recorded_after_the_signoff_is_an_error_until_reopened_that_day(run, plans_dir):
    later = line("2022-12-25", "2022-12-25T09:00:00", value=310)
    result = check_log(run, plans_dir, MET, SIGNOFF, later)
    assert result.code == 1
    assert findings(result) == [(3, "error")]
    assert "was signed off on 2022-12-20 (line 2): nothing is recorded on it until it is reopened" in said(
        result
    )
    assert "rectify reopen canteens --date 2022-12-25" in said(result)
    reopened = line("2022-12-25", "2022-12-26T09:00:00", kind="reopen", by="督查科", note="回头看")
    assert check_log(run, plans_dir, MET, SIGNOFF, later, reopened).code == 0


def test_a_correction_below_the_goal_dated_before_the_signoff_unmakes_it(run, plans_dir):
    correction = line("2022-12-01", "2022-12-22T09:00:00", value=250, correction=True)
    result = check_log(run, plans_dir, MET, SIGNOFF, correction)
    assert result.code == 1
    assert findings(result) == [(2, "error")]
    assert "(250 of 300 家)" in said(result)


def test_a_signoff_whose_figure_was_withdrawn_is_an_error(run, plans_dir):
    withdrawal = line(
        "2022-12-01",
        "2022-12-21T09:00:00",
        kind="withdraw",
        of_date="2022-12-01",
        of_recorded="2022-12-01T10:00:00+08:00",
        by="养老服务科",
    )
    result = check_log(run, plans_dir, MET, SIGNOFF, withdrawal)
    assert result.code == 1
    assert findings(result) == [(2, "error")]


def test_two_signoffs_of_one_target_are_a_warning_at_the_second(run, plans_dir):
    second = line("2022-12-21", "2022-12-21T11:00:00", kind="signoff", by="民政局")
    result = check_log(run, plans_dir, MET, SIGNOFF, second)
    assert result.code == 0
    assert findings(result) == [(3, "warning")]
    assert "canteens is signed off again: it was signed off on 2022-12-20 (line 2)" in said(result)


def test_a_signoff_made_by_the_command_and_reopened_history_pass(run, plans_dir):
    assert run("update", "canteens", "300", "--date", "2022-12-01").code == 0
    assert run("signoff", "canteens", "--by", "督查科", "--date", "2022-12-20").code == 0
    assert run("check").code == 0
    assert run("reopen", "canteens", "--reason", "回头看", "--date", "2022-12-22").code == 0
    assert run("update", "canteens", "240", "--date", "2022-12-23", "--correction").code == 0
    result = run("check")
    assert result.code == 0, result.out
