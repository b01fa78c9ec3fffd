"""The JSON of the commands that report per plan has one shape a script can rely on: an object
for one plan and an array for several with --json, an array always with --json-array."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PLAN_ID

PER_PLAN = [
    ("status", "--as-of", "2022-09-30"),
    ("warnings", "--as-of", "2022-09-30"),
    ("due", "--as-of", "2022-09-30"),
    ("changes", "--since", "2022-07-01", "--as-of", "2022-09-30"),
]


def second_plan(plans_dir: Path) -> None:
    text = (plans_dir / f"{PLAN_ID}.yaml").read_text(encoding="utf-8")
    (plans_dir / "second-plan.yaml").write_text(text.replace(f"id: {PLAN_ID}", "id: second-plan", 1), "utf-8")


def shown(cli, *args: str) -> object:
    result = cli(*args)
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.mark.parametrize("args", PER_PLAN, ids=[a[0] for a in PER_PLAN])
def test_json_array_is_an_array_of_the_objects_json_prints(cli, plans_dir, args):
    assert cli("update", "canteens", "95", "--date", "2022-07-31").code == 0
    one = shown(cli, *args, "--json")
    assert isinstance(one, dict) and one["plan"] == PLAN_ID
    assert shown(cli, *args, "--json-array") == [one]

    second_plan(plans_dir)
    both = shown(cli, *args, "--json")
    assert isinstance(both, list) and [p["plan"] for p in both] == ["second-plan", PLAN_ID]
    assert both[1] == one
    assert shown(cli, *args, "--json-array") == both
    assert shown(cli, *args, PLAN_ID, "--json") == one  # a plan named: its object
    assert shown(cli, *args, PLAN_ID, "--json-array") == [one]
