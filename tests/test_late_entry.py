"""补录 shows in CI: `check` warns late-entry for an entry recorded more than late_entry_days (a
plan setting, 30 by default) after the day it is about, at its line, and still exits 0."""

from __future__ import annotations

import pytest

from conftest import PLAN_ID

ON_TIME = (
    '- {"date": "2022-07-31", "target": "canteens", "value": 95, "by": null, "note": null,'
    ' "evidence": null, "recorded": "2022-08-30T23:59:00+08:00"}'
)
LATE = (
    '- {"date": "2022-07-31", "target": "beds", "value": 800, "by": null, "note": null,'
    ' "evidence": null, "recorded": "2022-09-09T10:00:00+08:00"}'
)
# A withdrawal is dated as the entry it withdraws: never late itself.
WITHDRAWN = (
    '- {"date": "2022-07-31", "target": "canteens", "kind": "withdraw", "of_date": "2022-07-31",'
    ' "of_recorded": "2022-08-30T23:59:00+08:00", "by": null, "note": "录错", "evidence": null,'
    ' "recorded": "2022-12-01T09:00:00+08:00"}'
)


@pytest.fixture
def log_with_a_late_entry(plans_dir):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.write_text(f"{ON_TIME}\n{LATE}\n{WITHDRAWN}\n", encoding="utf-8")
    return log


def test_an_entry_recorded_40_days_after_its_date_is_a_late_entry_warning_at_its_line(
    run, log_with_a_late_entry
):
    result = run("check")
    assert result.code == 0, result.out
    said = " ".join(result.out.split())  # a long path wraps the line on a narrow screen
    assert (
        f"{log_with_a_late_entry}:2:1: warning: recorded 2022-09-09 10:00:00+08:00, 40 days after 2022-07-31,"
        " the day it is about (补录)"
    ) in said
    assert said.count("补录") == 1 and "1 warning." in said
    found = [d for d in run("check", "--format", "json").json() if d["code"] == "late-entry"]
    assert [(d["line"], d["severity"]) for d in found] == [(2, "warning")]


def test_the_plan_sets_how_late_is_late(run, plans_dir, log_with_a_late_entry):
    plan = plans_dir / f"{PLAN_ID}.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "late_entry_days: 40\n", encoding="utf-8")
    result = run("check", "--format", "json")
    assert result.code == 0
    assert [d for d in result.json() if d["code"] == "late-entry"] == []
    plan.write_text(plan.read_text(encoding="utf-8").replace("late_entry_days: 40", "late_entry_days: 0"))
    lines = [d["line"] for d in run("check", "--format", "json").json() if d["code"] == "late-entry"]
    assert lines == [1, 2]
