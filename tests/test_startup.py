"""What a run of `rectify` does before and after the command's own work: counted, never timed.

A command that takes a few hundred milliseconds is mostly start-up, so what each start
makes and imports is checked here: a regression shows as a module or command too many.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from zibo_rectify.cli import app

PROBE = """
import json, os, sys
sys.argv = ["rectify", *json.loads(os.environ["ARGV"])]
import typer.main
made = []  # the Click commands Typer made in this run, by name
make = typer.main.get_command
def counted(app):
    command = make(app)
    made.append(command.name)
    return command
typer.main.get_command = counted
from zibo_rectify import cli
try:
    cli.main()
except SystemExit:
    pass
import gc
walked = len(gc.get_objects())  # what the collector would still walk as the process ends
built = sorted(m for m in ("pydantic.plugin._loader", "typer._adapters") if m in sys.modules)
pydantic = "pydantic" in sys.modules
from pydantic.plugin import _loader
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("rich", "yaml", "zibo_rectify"))
scanned = _loader._plugins is not None
facts = {
    "modules": loaded, "plugins_scanned": scanned, "built": built, "pydantic": pydantic, "made": made,
    "walked": walked, "tracked": walked + gc.get_freeze_count(),
}
print(json.dumps(facts), file=sys.stderr)
"""


def start(plans_dir: Path, *args: str) -> dict[str, object]:
    """Run rectify in a fresh interpreter; what it had imported by the end."""
    env = {**os.environ, "ARGV": json.dumps(["--plans", str(plans_dir), *args])}
    env["XDG_CACHE_HOME"] = str(plans_dir.parent / "cache")  # the plan cache, kept to the test
    for name in ("RECTIFY_NO_CACHE", "PYDANTIC_DISABLE_PLUGINS"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stderr.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_help_still_lists_every_command(plans_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    group = typer.main.get_command(app)
    names = list(group.commands)  # type: ignore[attr-defined]
    assert len(names) >= 20 and {"status", "update", "report", "signoff"} <= set(names)
    group.main(["--help"], standalone_mode=False)
    shown = capsys.readouterr().out
    assert all(f" {name} " in shown for name in names), shown


def test_a_run_makes_only_the_group_and_its_own_command(plans_dir: Path) -> None:
    assert start(plans_dir, "status", "--json")["made"] == ["rectify", "status"]
    updated = start(plans_dir, "update", "canteens", "120", "--date", "2022-07-31")
    assert updated["made"] == ["rectify", "update"]


def test_a_refusal_prints_its_diagnostic_without_loading_the_views(plans_dir: Path) -> None:
    loaded = start(plans_dir, "update", "no-such-target", "3", "--date", "2022-07-31")
    modules = loaded["modules"]
    assert isinstance(modules, list) and "zibo_rectify.render.diagnostic" in modules
    views = {"zibo_rectify.render.table", "zibo_rectify.render.log", "zibo_rectify.present.rows"}
    assert not views & set(modules)


def test_the_status_table_loads_neither_entry_rows_nor_changes(plans_dir: Path) -> None:
    start(plans_dir, "status")  # the first run fills the plan cache
    modules = start(plans_dir, "status")["modules"]
    assert isinstance(modules, list) and "zibo_rectify.render.table" in modules
    unused = {"zibo_rectify.present.entries", "zibo_rectify.workflow.changes", "zibo_rectify.jsonview"}
    assert not unused & set(modules)


def test_status_json_loads_no_rich_and_no_yaml_parser_on_a_cached_plan(plans_dir: Path) -> None:
    start(plans_dir, "status", "--json")  # the first run fills the plan cache
    loaded = start(plans_dir, "status", "--json")
    modules = loaded["modules"]
    assert isinstance(modules, list)
    assert not [m for m in modules if m.split(".")[0] in ("rich", "yaml")], modules
    assert "zibo_rectify.report" not in modules and "zibo_rectify.render" not in modules
    unused = {"zibo_rectify.typed", "zibo_rectify.workflow.changes", "zibo_rectify.workflow.due"}
    assert unused.isdisjoint(modules)  # no date typed, no span asked for, nothing owed listed


def test_a_start_does_not_search_installed_packages_for_pydantic_plugins(plans_dir: Path) -> None:
    loaded = start(plans_dir, "update", "canteens", "120", "--date", "2022-07-31")
    assert "zibo_rectify.record" in loaded["modules"]  # type: ignore[operator]
    assert loaded["plugins_scanned"] is False


def test_check_of_a_clean_plan_prints_one_plain_line_without_loading_rich_or_the_workflow(
    plans_dir: Path,
) -> None:
    loaded = start(plans_dir, "check")
    modules = loaded["modules"]
    assert isinstance(modules, list) and "zibo_rectify.check" in modules
    assert not [m for m in modules if m.startswith("rich")], modules
    assert "zibo_rectify.workflow.levels" not in modules


@pytest.mark.parametrize(
    "args", [("status",), ("status", "--json"), ("update", "canteens", "120"), ("check",)]
)
def test_a_command_leaves_nothing_for_the_collector_to_walk_as_the_process_ends(
    plans_dir: Path, args: tuple[str, ...]
) -> None:
    """Python's teardown walks what the collector tracks: most of an exit's cost (docs/performance.md)."""
    facts = start(plans_dir, *args)
    tracked, walked = facts["tracked"], facts["walked"]
    assert isinstance(tracked, int) and isinstance(walked, int)
    assert tracked > 10_000 and walked < 100, facts
