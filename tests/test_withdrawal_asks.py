"""`retract` and `undo` show the entry they would withdraw and ask, through the installed command:
a line number read before `git pull --rebase` may name another office's entry after it.  The
withdrawal records who typed it, whoever's entry it withdraws (`undo --by 张三`)."""

from __future__ import annotations

import getpass
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import at_a_terminal, rectify_command

PLAN = """\
schema_version: 2
id: p
title: 测试方案
period: {start: 2023-01-01, end: 2023-12-31}
targets:
  - id: canteens
    name: 长者食堂
    kind: count
    unit: 家
    goal: 20
    parts:
      - {id: zd, name: 张店区, goal: 10}
      - {id: zc, name: 淄川区, goal: 10}
"""
FIGURE = {
    "date": "2023-05-01",
    "target": "canteens",
    "part": "zd",
    "value": 4,
    "by": "张三",
    "id": "0123456789ab",
    "recorded": "2023-05-01T10:00:00+08:00",
}
SHOWN = (
    "Withdraw line 1 of p: 2023-05-01 长者食堂 (canteens) [张店区] 4 家 (by 张三, recorded 2023-05-01 10:00)"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "p.yaml").write_text(PLAN, encoding="utf-8")
    (plans / "p.progress.yaml").write_text("- " + json.dumps(FIGURE, ensure_ascii=False) + "\n", "utf-8")
    return plans


def rectify(folder: Path, *args: str, by: str | None = None, answer: str | None = None) -> tuple[int, str]:
    """Run the installed command; with `answer`, on a terminal that types it; else stdin is a pipe."""
    env = {
        **os.environ,
        "RECTIFY_PLANS": str(folder),
        "RECTIFY_LANG": "en",
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }
    env.pop("RECTIFY_BY", None)
    if by is not None:
        env["RECTIFY_BY"] = by
    if answer is None:
        done = subprocess.run(
            [*rectify_command(), *args], input="", capture_output=True, text=True, env=env, timeout=60
        )
    else:
        done = at_a_terminal([*args], env, answer)
    return done.returncode, done.stdout + done.stderr


def entries(folder: Path) -> list[dict[str, object]]:
    lines = (folder / "p.progress.yaml").read_text(encoding="utf-8").splitlines()
    return [json.loads(line[2:]) for line in lines]


def test_retract_without_a_terminal_or_yes_withdraws_nothing_and_says_what_it_would(folder):
    before = (folder / "p.progress.yaml").read_bytes()

    code, said = rectify(folder, "retract", "1", "--reason", "录错")

    assert code == 2
    assert f"error: {SHOWN}: not withdrawn, there is no terminal to confirm on" in said
    assert "fix: add --yes to withdraw it without asking" in said
    assert "Traceback" not in said
    assert (folder / "p.progress.yaml").read_bytes() == before


def test_retract_asks_on_a_terminal_and_no_withdraws_nothing(folder):
    before = (folder / "p.progress.yaml").read_bytes()

    code, said = rectify(folder, "retract", "1", "--reason", "录错", answer="n")

    assert code == 0
    assert f"{SHOWN}? [y/N]" in said
    assert "Nothing withdrawn." in said
    assert (folder / "p.progress.yaml").read_bytes() == before


def test_retract_withdraws_once_agreed_or_with_yes(folder):
    code, said = rectify(folder, "retract", "1", "--reason", "录错", by="李四", answer="y")

    assert code == 0, said
    assert "Withdrew line 1: 2023-05-01 长者食堂 (canteens) [张店区] 4 家; it no longer counts" in said
    withdrawal = entries(folder)[1]
    assert (withdrawal["kind"], withdrawal["of_id"], withdrawal["by"]) == ("withdraw", "0123456789ab", "李四")
    # a second line of the log, withdrawn without asking
    figure = {**FIGURE, "id": "ba9876543210", "value": 5, "recorded": "2023-05-02T10:00:00+08:00"}
    with (folder / "p.progress.yaml").open("a", encoding="utf-8") as log:
        log.write("- " + json.dumps(figure, ensure_ascii=False) + "\n")
    assert rectify(folder, "retract", "3", "--reason", "录错", "--yes")[0] == 0
    assert entries(folder)[3]["of_id"] == "ba9876543210"


def test_a_refused_retract_is_refused_before_anyone_is_asked(folder):
    assert rectify(folder, "retract", "1", "--reason", "录错", "--yes")[0] == 0

    code, said = rectify(folder, "retract", "1", "--reason", "录错", answer="y")

    assert code == 2
    assert "error: that entry was already withdrawn on 20" in said
    assert "[y/N]" not in said


def test_undo_by_another_name_records_who_typed_it(folder):
    code, said = rectify(folder, "undo", "--by", "张三", "--yes", by="李四")

    assert code == 0, said
    withdrawn, withdrawal = entries(folder)
    assert withdrawn["by"] == "张三"  # whose entry it was stays on it
    assert (withdrawal["kind"], withdrawal["of_id"], withdrawal["by"]) == ("withdraw", "0123456789ab", "李四")


def test_undo_by_another_name_without_rectify_by_records_the_login_name(folder):
    code, said = rectify(folder, "undo", "--by", "张三", "--yes")

    assert code == 0, said
    assert entries(folder)[1]["by"] == getpass.getuser()


def test_undo_shows_the_same_entry_as_retract_before_it_asks(folder):
    code, said = rectify(folder, "undo", "--by", "张三")

    assert code == 2
    assert f"error: {SHOWN}: not withdrawn, there is no terminal to confirm on" in said
    assert len(entries(folder)) == 1
