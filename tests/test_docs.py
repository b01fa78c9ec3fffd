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


def help_panels(out: str) -> dict[str, list[str]]:
    """The help's boxes by title, each with the commands listed in it."""
    panels: dict[str, list[str]] = {}
    for line in out.splitlines():
        if line.startswith("╭─"):
            title = panels.setdefault(line.strip("╭─ ").split(" ─")[0], [])
        elif line.startswith("│ ") and line[2:3].isalpha():
            title.append(line[2:].split()[0])
    return panels


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_command_is_listed_in_a_named_group_of_the_help(cli, lang):
    panels = help_panels(cli("--help", env={"COLUMNS": "120", "RECTIFY_LANG": lang}).out)
    grouped = [name for title, names in panels.items() if title not in ("Options", "选项") for name in names]
    assert sorted(grouped) == sorted(COMMANDS)  # each command once, none in Typer's unnamed "Commands"
    assert "Commands" not in panels and "命令" not in panels


def test_the_help_groups_the_commands_by_what_they_are_for(cli):
    panels = help_panels(cli("--help", env={"COLUMNS": "120"}).out)
    assert list(panels)[1:] == [
        "Record progress",
        "Sign off and review",
        "Look",
        "Follow up",
        "Report",
        "Check",
        "Set up",
    ]
    assert {"update", "done", "note"} <= set(panels["Record progress"])
    assert {"signoff", "review"} <= set(panels["Sign off and review"])
    assert {"status", "log"} <= set(panels["Look"]) and "update" not in panels["Look"]


def test_a_command_cannot_be_registered_without_its_group():
    from zibo_rectify.cli.app import RectifyApp

    with pytest.raises(TypeError):
        RectifyApp().command("orphan")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="not one of the help's groups"):
        RectifyApp().command("orphan", panel="Misc")


def test_the_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && .venv/bin/python -m pytest" in readme
    assert "pip install --quiet -e '.[test]'" in ci and ".venv/bin/python -m pytest" in ci
