"""The docs stay honest: every command has help with an example and appears in the README."""

from __future__ import annotations

import pytest
import typer

from conftest import ROOT
from zibo_rectify.cli import app

COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]


def test_the_commands_are_the_ones_we_document():
    assert set(COMMANDS) >= {"status", "update", "done", "log", "check"}


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help_with_an_example_and_is_in_the_readme(name):
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and "Example: rectify " + name in command.help
    assert f"rectify {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && .venv/bin/python -m pytest" in readme
    assert "pip install --quiet -e '.[test]'" in ci and ".venv/bin/python -m pytest" in ci
