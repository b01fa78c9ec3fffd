"""A figure that keeps every rule but looks like a slip is recorded with a warning (it may be true);
a rate typed as a fraction is asked about first when someone is at a terminal to answer."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from conftest import PLAN_ID, SHIPPED, at_a_terminal

# (code, the figure typed, the warning, where the figure stands against the plan)
DOUBTS = [
    (
        "far-above-path",
        ("canteens", "280", "2022-06-30"),
        "280 is more than twice the planned figure for 2022-06-30 (79)",
    ),
    ("far-above-goal", ("beds", "4600", "2022-12-30"), "4600 is more than the goal (3000) by over half"),
    ("rate-as-fraction", ("care-rate", "0.6", "2022-07-31"), "0.6 reads as 0.6%; did you mean 60%?"),
]


@pytest.mark.parametrize(("code", "typed", "warning"), DOUBTS, ids=[d[0] for d in DOUBTS])
def test_a_doubtful_figure_is_recorded_with_its_warning(run, plans_dir, code, typed, warning):
    from zibo_rectify import plausible
    from zibo_rectify.model import load_plan, target_by_id
    from zibo_rectify.plans import plan_files

    target, value, day = typed
    result = run("update", target, value, "--date", day, env={"RECTIFY_LANG": "en"})

    assert result.code == 0
    assert result.err == f"warning: {warning}\n"
    assert f"= {value}" in result.out
    plan = load_plan(plan_files(SHIPPED)[0])
    found = target_by_id(plan, target)
    assert found is not None
    said = plausible.doubts(plan, found, float(value), dt.date.fromisoformat(day))
    assert [(d.code, d.message) for d in said] == [(code, warning)]


def test_a_rate_typed_as_a_fraction_is_asked_about_on_a_terminal(plans_dir):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    before = log.read_bytes()
    env = {**os.environ, "RECTIFY_PLANS": str(plans_dir), "RECTIFY_LANG": "en", "NO_COLOR": "1"}

    declined = at_a_terminal(["update", "care-rate", "0.6", "--date", "2022-07-31"], env, "n")

    assert declined.returncode == 2
    assert "Record it as it is? [y/N]" in declined.stderr
    assert "error: nothing was recorded" in declined.stderr
    assert "fix: type the figure again" in declined.stderr
    assert log.read_bytes() == before

    agreed = at_a_terminal(["update", "care-rate", "0.6", "--date", "2022-07-31"], env, "y")

    assert agreed.returncode == 0, agreed.stderr
    assert len(log.read_bytes().splitlines()) == len(before.splitlines()) + 1


def test_the_refusal_when_the_answer_is_no_has_its_code(plans_dir, monkeypatch, shown):
    """The same question in-process, where the code can be read: input and stderr said to be a terminal."""
    import types

    from typer.testing import CliRunner

    from zibo_rectify.cli import app
    from zibo_rectify.cli import record as record_commands

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(record_commands, "sys", types.SimpleNamespace(stdin=Terminal(), stderr=Terminal()))
    env = {"RECTIFY_PLANS": str(plans_dir), "RECTIFY_LANG": "en", "NO_COLOR": "1"}
    result = CliRunner().invoke(
        app, ["update", "care-rate", "0.6", "--date", "2022-07-31"], env=env, input="n\n"
    )

    assert result.exit_code == 2
    assert [(d.code, d.message) for d in shown] == [("not-recorded", "nothing was recorded")]
