"""The docs stay honest: every command has help with an example and appears in the README."""

from __future__ import annotations

import pytest
import typer

from conftest import ROOT
from zibo_rectify.cli import app

COMMANDS = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands_are_the_ones_we_document():
    assert set(COMMANDS) >= {"status", "update", "done", "log", "check"}


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help_with_two_or_three_examples_and_is_in_the_readme(name):
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and "\n\nExamples:\n" in command.help
    examples = command.help.partition("Examples:\n")[2].splitlines()
    assert 2 <= len(examples) <= 3 and all(e.startswith(f"  rectify {name}") for e in examples)
    assert f"rectify {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_help_groups_the_commands_by_what_they_are_for(cli):
    out = cli("--help", env={"COLUMNS": "120"}).out
    panels = [line.strip("╭─ ").split(" ─")[0] for line in out.splitlines() if line.startswith("╭─")]
    assert panels[-4:] == ["Record progress", "Look", "Check", "Set up"]
    record = out[out.index("Record progress") : out.index("─ Look")]
    assert "update" in record and "done" in record and "status" not in record


def test_the_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && .venv/bin/python -m pytest" in readme
    assert "pip install --quiet -e '.[test]'" in ci and ".venv/bin/python -m pytest" in ci
