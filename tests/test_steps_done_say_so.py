"""A step that was recorded says so, even when its confirmation cannot be printed.

Every command that records (or writes a new plan) is run through the installed `rectify` with
standard output on a full disk: the step is done once, the exit code is 0 and stderr says
"but this was done", so a script that retries on failure does not record it a second time.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import PLAN_ID, rectify_command

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")

GOAL_MET = ("update", "canteens", "300", "--date", "2022-10-31")
SIGNED_OFF = ("signoff", "canteens", "--by", "督查科", "--date", "2022-11-01")

# (what is set up first, the step, what its confirmation starts with)
STEPS = [
    ((), ("update", "canteens", "120", "--date", "2022-08-01"), "Recorded 长者食堂 (canteens) = 120"),
    ((), ("note", "canteens", "马站未开工", "--date", "2022-08-02"), "Recorded a note on 长者食堂"),
    ((), ("done", "low-income-rules", "--date", "2022-06-20"), "Recorded 修订出台"),
    (
        (("done", "low-income-rules", "--date", "2022-06-20"),),
        ("done", "low-income-rules", "--undo"),
        "Withdrew 2022-06-20",
    ),
    (
        (("update", "canteens", "120", "--date", "2022-08-01", "--by", "养老服务科"),),
        ("undo", "--by", "养老服务科", "--yes"),
        "Withdrew line",
    ),
    (
        (("update", "canteens", "120", "--date", "2022-08-01"),),
        ("retract", "4", "--reason", "录错", "--yes"),
        "Withdrew line 4",
    ),
    ((GOAL_MET,), SIGNED_OFF, "Signed off 长者食堂 (canteens)"),
    (
        (GOAL_MET, SIGNED_OFF),
        ("reopen", "canteens", "--reason", "回头看", "--date", "2022-11-02"),
        "Reopened",
    ),
]


def log_lines(plans_dir: Path) -> list[str]:
    return (plans_dir / f"{PLAN_ID}.progress.yaml").read_text(encoding="utf-8").splitlines()


def to_full_disk(plans_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RECTIFY_PLANS": str(plans_dir), "NO_COLOR": "1", "RECTIFY_LANG": "en"}
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [*rectify_command(), *args], env=env, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
        )


@pytest.mark.parametrize(("setup", "step", "says"), STEPS, ids=[s[1][0] + " " + s[1][1] for s in STEPS])
def test_a_recorded_step_whose_confirmation_cannot_be_printed_exits_0_and_says_it_was_done(
    cli, plans_dir, setup, step, says
):
    for args in setup:
        assert cli(*args).code == 0, args
    before = log_lines(plans_dir)
    done = to_full_disk(plans_dir, *step)
    assert done.returncode == 0, done.stderr
    assert (
        "the output could not be written (No space left on device), but this was done: " + says in done.stderr
    )
    assert len(log_lines(plans_dir)) == len(before) + 1  # recorded once
    assert "internal error" not in done.stderr


def test_a_review_whose_confirmation_cannot_be_printed_says_it_was_done(cli, plans_dir):
    plan = plans_dir / f"{PLAN_ID}.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        "schema_version: 1\n", "schema_version: 2\nreview: required\n"
    )
    plan.write_text(text, encoding="utf-8")
    assert cli("update", "canteens", "95", "--date", "2022-07-31").code == 0
    done = to_full_disk(plans_dir, "review", "canteens", "--accept", "--by", "督查科", "--date", "2022-08-02")
    assert done.returncode == 0 and "but this was done: Reviewed 长者食堂 (canteens)" in done.stderr


def test_init_whose_confirmation_cannot_be_printed_says_it_was_done(plans_dir):
    done = to_full_disk(plans_dir, "init", "audit-2023", "--title", "审计整改")
    assert done.returncode == 0 and "but this was done: wrote " in done.stderr
    assert (plans_dir / "audit-2023.yaml").exists()


def test_a_step_refused_still_fails_and_a_listing_that_cannot_be_printed_is_a_failure(plans_dir):
    refused = to_full_disk(plans_dir, "reopen", "canteens", "--reason", "回头看")
    assert refused.returncode == 2 and "but this was done" not in refused.stderr
    listing = to_full_disk(plans_dir, "status")
    assert listing.returncode == 2 and "the output could not be written" in listing.stderr
