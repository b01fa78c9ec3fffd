"""Every entry is written with an id no other office's entry shares, and a withdrawal or review
names its entry by it: two branches that record one target and date in the same second, merged
with git's `merge=union`, withdraw only the entry each meant.  A step written before ids that
names two such entries is refused by `check`, at its line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from conftest import PLAN_ID, SHIPPED, rectify_command

LOG = f"plans/{PLAN_ID}.progress.yaml"
SAME_SECOND = "2022-07-28T16:02:11+08:00"


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)


def rectify(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "RECTIFY_PLANS"} | {"COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([*rectify_command(), *args], cwd=repo, env=env, capture_output=True, text=True)


def entry(value: int, by: str, **more: object) -> str:
    fields = {"date": "2022-07-28", "target": "canteens", "value": value, "by": by, **more}
    return "- " + json.dumps({**fields, "recorded": SAME_SECOND}, ensure_ascii=False) + "\n"


def withdrawal(by: str, **names: object) -> str:
    fields = {"date": "2022-07-28", "target": "canteens", "kind": "withdraw", "of_date": "2022-07-28"}
    fields |= {"of_recorded": SAME_SECOND, **names, "by": by, "recorded": "2022-07-28T17:00:00+08:00"}
    return "- " + json.dumps(fields, ensure_ascii=False) + "\n"


def merged(tmp_path: Path, ours: list[str], theirs: list[str]) -> Path:
    """A repository where two branches each appended their lines to the log, merged with union."""
    repo = tmp_path / "repo"
    shutil.copytree(SHIPPED, repo / "plans")
    (repo / ".gitattributes").write_text("plans/*.progress.yaml merge=union\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "plan")
    git(repo, "checkout", "-qb", "other")
    with (repo / LOG).open("a", encoding="utf-8") as log:
        log.writelines(theirs)
    git(repo, "commit", "-qam", "theirs")
    git(repo, "checkout", "-q", "main")
    with (repo / LOG).open("a", encoding="utf-8") as log:
        log.writelines(ours)
    git(repo, "commit", "-qam", "ours")
    git(repo, "merge", "-q", "--no-edit", "other")
    return repo


def test_an_office_withdrawing_its_own_entry_leaves_the_other_offices_entry_of_the_same_second(tmp_path):
    ours = [entry(95, "养老服务科", id="a1a1a1a1a1a1"), withdrawal("养老服务科", of_id="a1a1a1a1a1a1")]
    theirs = [entry(120, "张店区民政局", id="b2b2b2b2b2b2")]
    repo = merged(tmp_path, ours, theirs)
    check = rectify(repo, "check")
    assert check.returncode == 0, check.stdout
    shown = json.loads(rectify(repo, "log", "canteens", "--json").stdout)
    assert {row["by"]: row["mark"] for row in shown if row["kind"] is None} == {
        "养老服务科": "withdrawn",
        "张店区民政局": "counts",
    }
    status = json.loads(rectify(repo, "status", "--as-of", "2022-07-31", "--json").stdout)
    canteens = next(t for t in status["targets"] if t["id"] == "canteens")
    assert canteens["value"] == 120


def test_a_withdrawal_written_before_ids_that_names_two_entries_is_refused_by_check(tmp_path):
    ours = [entry(95, "养老服务科"), withdrawal("养老服务科")]
    theirs = [entry(120, "张店区民政局")]
    repo = merged(tmp_path, ours, theirs)
    check = rectify(repo, "check")
    said = " ".join(check.stdout.split())
    assert check.returncode == 1
    lines = (repo / LOG).read_text(encoding="utf-8").splitlines()
    step = next(n for n, text in enumerate(lines, 1) if '"withdraw"' in text)
    assert re.search(
        rf"{LOG}:{step}:1: error: this withdraw names 2 entries, recorded in the same second", said
    )


def test_every_entry_is_written_with_an_id_and_a_withdrawal_names_it(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(SHIPPED, repo / "plans")
    assert rectify(repo, "update", "canteens", "95", "--date", "2022-07-28").returncode == 0
    line = json.loads(rectify(repo, "log", "--json").stdout)[0]["line"]
    assert rectify(repo, "retract", str(line), "--reason", "录错", "--yes").returncode == 0
    text = (repo / LOG).read_text(encoding="utf-8")
    figure, step = (json.loads(line[2:]) for line in text.splitlines() if line.startswith("- "))
    assert re.fullmatch("[0-9a-f]{12}", figure["id"]) and re.fullmatch("[0-9a-f]{12}", step["id"])
    assert step["of_id"] == figure["id"] != step["id"]
    assert list(figure)[-2:] == ["id", "recorded"]
