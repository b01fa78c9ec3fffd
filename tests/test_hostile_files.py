"""Files a careless or hostile colleague leaves in a plans repository: tagged YAML, file names
that are not UTF-8, links to folders and hard links, escapes in file names, one invalid plan
among good ones, and what `check .` reads.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PLAN_ID, rectify_command

STAMP = '"recorded": "2022-07-01T09:00:00+08:00"'
BASE = f'- {{"date": "2022-06-30", "target": "canteens", "value": 60, {STAMP}}}\n'
UPDATE = ("update", "canteens", "120", "--date", "2022-08-01")


def log_of(plans_dir: Path) -> Path:
    return plans_dir / f"{PLAN_ID}.progress.yaml"


# YAML tags on scalars.


@pytest.mark.parametrize(
    "tagged", ['!!bool "x"', '!!timestamp "garbage"', '!!int ""', '!!float ""', '!!int "0x"']
)
def test_a_tagged_scalar_in_a_plan_is_refused_at_its_line(cli, plans_dir, tagged):
    plan = plans_dir / f"{PLAN_ID}.yaml"
    text = plan.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("title:"))
    plan.write_text(
        "\n".join(f"title: {tagged}" if i == line else row for i, row in enumerate(text.splitlines(), 1))
        + "\n",
        encoding="utf-8",
    )
    check = cli("check", "--format", "json")
    assert check.code == 1
    assert [(d["line"], d["code"]) for d in check.json()] == [(line, "bad-tagged-value")]
    assert cli("status").code == 2


def test_a_tagged_log_line_costs_only_itself(cli, plans_dir):
    log = log_of(plans_dir)
    bad = f'- {{"date": !!timestamp "x", "target": "canteens", "value": 5, {STAMP}}}\n'
    log.write_text(BASE + bad, encoding="utf-8")
    assert [(d["line"], d["code"]) for d in cli("check", "--format", "json").json()] == [
        (2, "bad-tagged-value")
    ]
    status = cli("status", "--as-of", "2022-07-01", "--json")
    assert status.code == 0 and "progress.yaml:2:" in status.err
    assert next(t for t in status.json()["targets"] if t["id"] == "canteens")["value"] == 60
    assert cli("log", "--json").code == 0
    assert cli(*UPDATE).code == 0


# File names.


def test_a_plan_named_with_a_byte_that_is_not_utf8(run, plans_dir):
    shutil.copy(plans_dir / f"{PLAN_ID}.yaml", os.fsencode(plans_dir) + b"/bad\xff.yaml")
    check = run("check")
    assert check.code == 1 and "bad\\udcff.yaml:" in check.out
    assert run("status").code == 0


def test_a_folder_named_like_a_plan_and_a_log_that_is_a_folder(cli, plans_dir):
    (plans_dir / "other.yaml").mkdir()
    check = cli("check")
    assert check.code == 1 and "other.yaml: error: this is a folder, not a plan or a log" in check.out
    assert cli("status").code == 0
    log_of(plans_dir).unlink()
    log_of(plans_dir).mkdir()
    assert "this is a folder" in cli("check").out
    result = cli(*UPDATE)
    assert result.code == 2 and "Traceback" not in result.err


@pytest.mark.parametrize("plan_id", ["zz\n", "a" * 300, "zz\nother"])
def test_init_refuses_an_id_with_a_newline_or_too_long(cli, plans_dir, plan_id):
    before = sorted(os.listdir(plans_dir))
    result = cli("init", plan_id)
    assert result.code == 2 and "is not a plan id" in result.err
    assert sorted(os.listdir(plans_dir)) == before


# Links to folders, hard links.


@pytest.fixture
def linked_repository(tmp_path: Path, plans_dir: Path) -> tuple[Path, Path]:
    """A repository whose committed `plans` is a link to a folder elsewhere on the machine."""
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(plans_dir, elsewhere)
    log_of(elsewhere).write_text(BASE, encoding="utf-8")
    (repository / "plans").symlink_to(elsewhere)
    return repository, elsewhere


def in_folder(folder: Path, *args: str) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    env = {k: v for k, v in os.environ.items() if k != "RECTIFY_PLANS"}
    return subprocess.run(
        [*rectify_command(), *args], env={**env, "NO_COLOR": "1"}, capture_output=True, text=True, cwd=folder
    )


def test_a_committed_link_to_a_folder_is_neither_read_nor_written(linked_repository):
    repository, elsewhere = linked_repository
    for args in (["status"], list(UPDATE), ["log"], ["check"], ["check", "plans"], ["check", "."]):
        done = in_folder(repository, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "leads outside" in done.stdout + done.stderr, args
        assert "canteens" not in done.stdout, args  # nothing of the files there is printed
    assert log_of(elsewhere).read_text(encoding="utf-8") == BASE


def test_a_link_one_level_up(tmp_path, plans_dir):
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    (repository / "plans").symlink_to("..")
    done = in_folder(repository, "check", "plans")
    assert done.returncode == 2 and "leads outside" in done.stdout


def test_a_log_hard_linked_elsewhere_is_not_appended_to(cli, plans_dir, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(BASE, encoding="utf-8")
    log_of(plans_dir).unlink()
    os.link(outside, log_of(plans_dir))
    result = cli(*UPDATE)
    assert result.code == 2 and "hard links" in result.err
    assert outside.read_text(encoding="utf-8") == BASE


# Escape sequences in every output format.


def test_escapes_in_file_names_are_inert_in_every_format(cli, plans_dir):
    evil = plans_dir / "evil\x1b]52;c;ZXZpbA==\x07.progress.yaml"
    evil.write_text("- x\n", encoding="utf-8")
    for output in ("text", "json", "github"):
        result = cli("check", "--format", output)
        assert result.code == 1
        assert "\x1b" not in result.out + result.err and "\x07" not in result.out + result.err, output
        assert "\\x1b]52" in result.out.replace("\\u001b", "\\x1b"), output


# One invalid plan in a folder of many.


def test_one_invalid_plan_does_not_block_the_others(cli, plans_dir):
    (plans_dir / "broken.yaml").write_text("schema_version: 1\nid: broken\n", encoding="utf-8")
    status = cli("status", "--as-of", "2022-08-01", "--json")
    assert status.code == 0 and "broken.yaml" in status.err and "left out" in status.err
    assert status.json()["plan"] == PLAN_ID
    assert cli(*UPDATE).code == 0
    assert cli("log").code == 0
    assert cli("check").code == 1
    assert cli("status", "broken").code == 2
    missing = cli("update", "nothing-like-it", "5", "--date", "2022-08-01")
    assert missing.code == 2 and "left out for its problems" in missing.err


# What check looks at.


def test_check_dot_in_a_repository_reads_plans_not_other_yaml(plans_dir):
    repository = plans_dir.parent
    (repository / ".pre-commit-hooks.yaml").write_text("- id: rectify-check\n  entry: x\n", encoding="utf-8")
    (repository / "mkdocs.yaml").write_text("site_name: x\n", encoding="utf-8")
    (repository / "loose-plan.yaml").write_text("schema_version: 1\nid: loose-plan\n", encoding="utf-8")
    done = in_folder(repository, "check", ".")
    assert done.returncode == 1, done.stdout
    assert (
        "loose-plan.yaml" in done.stdout and "mkdocs" not in done.stdout and "pre-commit" not in done.stdout
    )
    assert "3 files checked" in done.stdout  # loose-plan, the shipped plan and its log
