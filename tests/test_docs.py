"""The docs stay honest: every command has help with an example and appears in the README."""

from __future__ import annotations

import re

import pytest
import typer

from conftest import ROOT
from zibo_rectify.cli import app

COMMANDS = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands_are_the_ones_we_document():
    assert set(COMMANDS) >= {"status", "update", "done", "log", "check"}


README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help_with_two_or_three_examples(name):
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and "\n\nExamples:\n" in command.help
    examples = command.help.partition("Examples:\n")[2].splitlines()
    assert 2 <= len(examples) <= 3 and all(e.startswith(f"  rectify {name}") for e in examples)


def test_the_readme_commands_table_has_a_row_for_each_command_and_no_other():
    text = README.read_text(encoding="utf-8")
    table = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `rectify ([a-z]+)", table, re.MULTILINE)
    assert sorted(rows) == sorted(COMMANDS)


def test_the_readme_is_short_enough_to_read():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 400


@pytest.mark.parametrize("page", [README, *DOCS], ids=lambda p: p.name)
def test_every_relative_link_and_picture_resolves(page):
    text = page.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    relative = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert relative or page != README
    for link in relative:
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        assert target.exists(), f"{page.name}: {link} names no file"
        if anchor:
            headings = re.findall(r"^#+ (.+)$", target.read_text(encoding="utf-8"), re.MULTILINE)
            slugs = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
            assert anchor in slugs, f"{page.name}: {link} names no heading"


def test_every_page_of_docs_is_linked_from_the_readme():
    text = README.read_text(encoding="utf-8")
    assert [page.name for page in DOCS if f"(docs/{page.name}" not in text] == []


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
    assert "pip install --quiet -e '.[test,lint]'" in ci and ".venv/bin/python -m pytest" in ci
    lint = ("ruff check src tests benchmarks", "ruff format --check src tests benchmarks", "mypy src")
    assert all(f".venv/bin/{command}\n" in ci for command in lint)
