"""Where rectify meets other tools: GitHub annotations, pre-commit, shell completion, packaging."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import PLAN_ID, ROOT, rectify_command
from zibo_rectify import __version__

BAD_PLAN = """\
schema_version: 1
id: bad
title: 测试
issuer: 局
period: {start: 2022-05-01, end: 2022-12-31}
colour: red
problems:
  - id: p1
    title: 问题, with a comma
    targets:
      - {id: x, name: 任务, kind: tusk}
"""


def test_github_annotations_one_line_per_problem(cli, tmp_path: Path):
    plan = tmp_path / "bad.yaml"
    plan.write_text(BAD_PLAN, encoding="utf-8")
    result = cli("check", str(plan), "--format", "github")
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        f"::error file={plan},line=6,col=1,title=rectify unknown-field::unknown field 'colour'"
    )
    assert lines[1].startswith(f"::error file={plan},line=11,col=27,title=rectify bad-value::")


def test_github_annotation_escapes_what_would_break_the_command():
    from zibo_rectify.errors import Diagnostic
    from zibo_rectify.jsonview import github_annotation

    line = github_annotation(Diagnostic("c", "50% done\nnext", "a,b:c.yaml", 3, 4))
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=rectify c::50%25 done%0Anext"


def test_the_pre_commit_hook_runs_rectify_check_on_the_plans_folder():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "rectify-check")
    assert hook["entry"] == "rectify check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    import re

    assert re.search(hook["files"], f"plans/{PLAN_ID}.progress.yaml")
    assert 'rectify = "zibo_rectify.cli:main"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "id: rectify-check" in (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "rectify check --format github" in (ROOT / "README.md").read_text(encoding="utf-8")


def complete(words: str, plans: Path) -> list[str]:
    env = {
        **os.environ,
        "_RECTIFY_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        "RECTIFY_PLANS": str(plans),
    }
    done = subprocess.run(rectify_command(), env=env, capture_output=True, text=True)
    return done.stdout.split()


def test_completion_offers_commands_plan_ids_and_target_ids(plans_dir):
    assert "update" in complete("rectify up", plans_dir)
    assert complete("rectify status zi", plans_dir) == [PLAN_ID]
    assert complete("rectify update cant", plans_dir) == ["canteens"]
    assert complete("rectify done low", plans_dir) == ["low-income-rules"]
    assert "care-rate" in complete("rectify update ", plans_dir)


def test_completion_offers_target_names_plan_level_targets_and_parts():
    examples = ROOT / "examples"
    assert complete("rectify update 长者", examples) == ["长者食堂"]
    assert "total-investment" in complete("rectify update total", examples)  # a plan-level target
    assert complete("rectify update canteens 5 --part 张", examples) == ["张店区"]
    assert complete("rectify note 长者食堂 x --part z", examples) == ["zhangdian", "zichuan"]


def test_python_dash_m_and_version():
    done = subprocess.run([sys.executable, "-m", "zibo_rectify", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == f"rectify {__version__}\n"
