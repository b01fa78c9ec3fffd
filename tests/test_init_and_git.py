"""`rectify init` and working in git: a plan that checks, logs that merge across branches."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import rectify_command


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def rectify(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "RECTIFY_PLANS"}
    return subprocess.run([*rectify_command(), *args], cwd=repo, env=env, capture_output=True, text=True)


def test_init_writes_a_plan_that_checks_an_empty_log_and_gitattributes(tmp_path):
    result = rectify(tmp_path, "init", "city-audit-2026", "--title", "市审计整改方案")
    assert result.returncode == 0, result.stderr
    plan = tmp_path / "plans" / "city-audit-2026.yaml"
    assert 'title: "市审计整改方案"' in plan.read_text(encoding="utf-8")
    assert (tmp_path / "plans" / "city-audit-2026.progress.yaml").read_text(encoding="utf-8").startswith("#")
    assert (tmp_path / ".gitattributes").read_text() == "plans/*.progress.yaml merge=union\n"
    # The skeleton fails check while its placeholders are in; with the document's words it passes.
    assert rectify(tmp_path, "check").returncode == 1
    plan.write_text(plan.read_text(encoding="utf-8").replace("待填写", "某"), encoding="utf-8")
    assert rectify(tmp_path, "check").returncode == 0

    assert rectify(tmp_path, "init", "second-plan").returncode == 0
    assert (tmp_path / ".gitattributes").read_text() == "plans/*.progress.yaml merge=union\n"


@pytest.mark.parametrize("kind", ["plan", "list", "breakdown"])
def test_each_kind_of_skeleton_fails_check_at_each_placeholder_until_filled_in(tmp_path, kind):
    assert rectify(tmp_path, "init", "new-plan", "--kind", kind).returncode == 0
    plan = tmp_path / "plans" / "new-plan.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines()
    holding = [n for n, line in enumerate(lines, 1) if "待填写" in line.partition("#")[0]]

    result = rectify(tmp_path, "check", str(plan), "--format", "json")

    import json

    found = json.loads(result.stdout)
    assert result.returncode == 1
    assert {d["code"] for d in found} == {"placeholder"}
    assert sorted({d["line"] for d in found}) == holding
    plan.write_text(plan.read_text(encoding="utf-8").replace("待填写", "某"), encoding="utf-8")
    assert rectify(tmp_path, "check", str(plan)).returncode == 0
    text = plan.read_text(encoding="utf-8")
    assert "schema_version: 2" in text
    assert {"plan": "measures:", "list": "categories:", "breakdown": "parts:"}[kind] in text


@pytest.mark.parametrize(
    "title",
    [
        "evil\rid: evil",  # a CR ends the comment line and the quoted title alike: a second id key
        "a\u2028b",
        "a\u2029b",
        "a\x85b",  # NEL
        "a\x1b[31mred",  # ESC
        "\ufeff市审计",  # a byte order mark
        "x\ny",
        "tab\there",
        "a\x7fb",
        "\U0001f600 ok",
    ],
)
def test_init_keeps_any_title_as_the_plans_title_and_nothing_else(tmp_path, title):
    """Whatever --title holds, the skeleton fails check only at its placeholders, and its title
    reads back as typed."""
    import json

    import yaml

    assert rectify(tmp_path, "init", "new-plan", "--title", title).returncode == 0
    plan = tmp_path / "plans" / "new-plan.yaml"
    result = rectify(tmp_path, "check", str(plan), "--format", "json")
    assert {d["code"] for d in json.loads(result.stdout)} == {"placeholder"}
    assert yaml.safe_load(plan.read_text(encoding="utf-8"))["title"] == title
    assert all(line.isprintable() for line in plan.read_text(encoding="utf-8").split("\n"))


def test_init_refuses_an_unknown_kind(tmp_path):
    result = rectify(tmp_path, "init", "new-plan", "--kind", "tree")
    assert result.returncode == 2 and "plan, list, breakdown" in result.stderr
    assert not (tmp_path / "plans" / "new-plan.yaml").exists()


def test_init_extends_an_existing_gitattributes_and_never_overwrites(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / ".gitattributes").write_text("*.png binary")
    assert rectify(tmp_path, "init", "one").returncode == 0
    assert (tmp_path / ".gitattributes").read_text() == "*.png binary\nplans/*.progress.yaml merge=union\n"
    before = (tmp_path / "plans" / "one.yaml").read_bytes()
    again = rectify(tmp_path, "init", "one")
    assert again.returncode == 2 and "already exists" in again.stderr
    assert (tmp_path / "plans" / "one.yaml").read_bytes() == before
    bad = rectify(tmp_path, "init", "../escape")
    assert bad.returncode == 2 and "is not a plan id" in bad.stderr


@pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="no git"
)
def test_two_offices_append_on_two_branches_and_the_merge_is_clean(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    assert rectify(tmp_path, "init", "merge-test").returncode == 0
    plan = tmp_path / "plans" / "merge-test.yaml"
    text = plan.read_text(encoding="utf-8").replace("待填写", "某")
    plan.write_text(
        text.replace(
            "      # - id: canteens\n      #   name: 长者食堂\n      #   kind: count\n      #   unit: 家\n"
            "      #   goal: 300\n",
            "      - id: canteens\n        name: 长者食堂\n        kind: count\n        unit: 家\n"
            "        goal: 300\n",
        ),
        encoding="utf-8",
    )
    assert rectify(tmp_path, "check").returncode == 0, rectify(tmp_path, "check").stdout
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "plan")

    git(tmp_path, "checkout", "-qb", "office-a")
    assert rectify(tmp_path, "update", "canteens", "10", "--note", "A").returncode == 0
    git(tmp_path, "commit", "-qam", "a")
    git(tmp_path, "checkout", "-q", "main")
    git(tmp_path, "checkout", "-qb", "office-b")
    assert rectify(tmp_path, "done", "first-task", "--note", "B").returncode == 0
    git(tmp_path, "commit", "-qam", "b")

    git(tmp_path, "checkout", "-q", "office-a")
    git(tmp_path, "merge", "-q", "--no-edit", "office-b")  # check=True: a conflict fails here

    log = (tmp_path / "plans" / "merge-test.progress.yaml").read_text(encoding="utf-8")
    assert '"note": "A"' in log and '"note": "B"' in log
    assert "<<<<<<<" not in log
    assert rectify(tmp_path, "check").returncode == 0
