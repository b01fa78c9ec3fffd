"""A user's mistakes: exit 2, one clear sentence, no traceback, and the log byte for byte as it was."""

from __future__ import annotations

import pytest

from conftest import PLAN_ID


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["update", "canteens", "abc", "--date", "2022-08-01"], "'abc' is not a number"),
        (["update", "canteenz", "120", "--date", "2022-08-01"], "did you mean canteens?"),
        (["update", "canteens", "100", "--date", "2022-10-25"], "cannot go down to 100"),
        (["update", "care-rate", "130", "--date", "2022-08-01"], "130 is over 100"),
        (["done", "canteens", "--date", "2022-08-01"], "not a task"),
        (["update", "--date", "2022-08-01", "canteens", "--", "-5"], "cannot be negative"),
        (["update", "canteens", "12.5", "--date", "2022-08-01"], "12.5 is not whole"),
        (["update", "canteens", "nan", "--date", "2022-08-01"], "'nan' is not a number"),
        (
            ["update", "low-income-rules", "1", "--date", "2022-08-01"],
            "rectify done low-income-rules",
        ),
        (["update", "canteens", "260", "--date", "2022-08-01"], "would make it go down"),
        (["update", "canteens", "120", "--date", "2022-04-05"], "outside the plan period"),
        (["update", "canteens", "120", "--date", "2022-02-30"], "is not a real date"),
        (["update", "canteens", "120"], "no --date given and today"),
        (["done", "reporting-system", "--date", "2022-06-01"], "already marked done"),
        (["update", "canteens", "250", "--date", "2022-10-20"], "this entry is already in the log"),
        (["status", "no-such-plan"], "there is no plan"),
        (["status", "--as-of", "20220605"], "if you meant 2022-06-05, type it so"),
        (["status", "--state", "lately"], "is not a state"),
    ],
)
def test_refused_with_one_sentence_and_the_log_untouched(run, plans_dir, args, says):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    assert run("update", "canteens", "250", "--date", "2022-10-20").code == 0
    assert run("done", "reporting-system", "--date", "2022-05-30").code == 0
    before = log.read_bytes()

    result = run(*args)

    assert result.code == 2, result.err
    assert says in result.err
    assert "Traceback" not in result.err + result.out
    assert result.err.startswith("error: ")
    assert log.read_bytes() == before


def test_a_lower_figure_goes_in_as_a_correction(run, plans_dir):
    assert run("update", "canteens", "250", "--date", "2022-10-20").code == 0
    result = run("update", "canteens", "205", "--date", "2022-10-21", "--correction", "--note", "重复计数")
    assert result.code == 0, result.err
    line = (plans_dir / f"{PLAN_ID}.progress.yaml").read_text(encoding="utf-8").splitlines()[-1]
    assert '"value": 205, "correction": true' in line
    assert run("check").code == 0


def test_a_refused_first_update_creates_no_log(run, plans_dir):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.unlink()
    assert run("update", "canteens", "abc", "--date", "2022-08-01").code == 2
    assert not log.exists()
    assert run("update", "canteens", "12", "--date", "2022-08-01").code == 0
    assert log.exists()


def test_an_ambiguous_target_asks_for_the_plan(run, plans_dir):
    other = plans_dir / "other-plan.yaml"
    text = (plans_dir / f"{PLAN_ID}.yaml").read_text(encoding="utf-8")
    other.write_text(text.replace(f"id: {PLAN_ID}", "id: other-plan"), encoding="utf-8")
    result = run("update", "canteens", "12", "--date", "2022-08-01")
    assert result.code == 2
    assert "other-plan/canteens" in result.err and f"{PLAN_ID}/canteens" in result.err
    assert run("update", f"{PLAN_ID}/canteens", "12", "--date", "2022-08-01").code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["status", f"../plans/{PLAN_ID}"],
        ["status", "/etc/passwd"],
        ["status", "Zibo Plan"],
        ["update", f"../{PLAN_ID}/canteens", "5", "--date", "2022-08-01"],
        ["update", "/tmp/canteens", "5", "--date", "2022-08-01"],
        ["done", "../../etc/low-income-rules", "--date", "2022-08-01"],
        ["log", "..//canteens"],
    ],
)
def test_a_plan_id_that_is_a_path_is_refused(cli, plans_dir, args):
    before = sorted(p.name for p in plans_dir.parent.rglob("*"))
    result = cli(*args)
    assert result.code == 2
    assert "is not a plan id" in result.err
    assert "lowercase letters, digits and single hyphens" in result.err
    assert sorted(p.name for p in plans_dir.parent.rglob("*")) == before
