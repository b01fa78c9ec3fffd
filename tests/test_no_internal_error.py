"""Every command against every hostile input of issue 14: exit 0, 1 or 2 as documented, the file and
line named where there is one, and never a traceback or the catch-all "internal error"."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PLAN_ID

COMMANDS = [
    ("status", "--as-of", "2022-08-01"),
    ("update", "canteens", "5", "--date", "2022-07-01"),
    ("done", "reporting-system", "--date", "2022-06-01"),
    ("log",),
    ("check",),
    ("check", "--format", "github"),
    ("schema",),
    ("init", "a-new-plan"),
]
STAMP = '"recorded": "2022-07-01T09:00:00+08:00"'


def retitle(tagged: str) -> Callable[[Path], None]:
    def setup(plans: Path) -> None:
        plan = plans / f"{PLAN_ID}.yaml"
        text = plan.read_text(encoding="utf-8")
        plan.write_text(re.sub(r"(?m)^title: .*$", f"title: {tagged}", text, count=1), encoding="utf-8")

    return setup


def log_text(text: str) -> Callable[[Path], None]:
    def setup(plans: Path) -> None:
        (plans / f"{PLAN_ID}.progress.yaml").write_text(text, encoding="utf-8")

    return setup


def non_utf8_name(plans: Path) -> None:
    os.rename(plans / f"{PLAN_ID}.yaml", os.fsencode(plans) + b"/bad\xff.yaml")


def log_is_a_folder(plans: Path) -> None:
    (plans / f"{PLAN_ID}.progress.yaml").unlink()
    (plans / f"{PLAN_ID}.progress.yaml").mkdir()


def folder_named_like_a_plan(plans: Path) -> None:
    (plans / "other.yaml").mkdir()


def evil_name(plans: Path) -> None:
    (plans / "evil\x1b]52;c;eA==\x07.progress.yaml").write_text("- x\n", encoding="utf-8")


def hard_linked_log(plans: Path) -> None:
    outside = plans.parent / "outside.txt"
    outside.write_text("", encoding="utf-8")
    (plans / f"{PLAN_ID}.progress.yaml").unlink()
    os.link(outside, plans / f"{PLAN_ID}.progress.yaml")


def second_broken_plan(plans: Path) -> None:
    (plans / "broken.yaml").write_text("schema_version: 1\nid: broken\ntitle: !!bool x\n", encoding="utf-8")


# (setup, a fragment of the file's name, whether a line number is named)
HOSTILE_FILES = {
    "bool tag": (retitle('!!bool "x"'), f"{PLAN_ID}.yaml", True),
    "timestamp tag": (retitle('!!timestamp "garbage"'), f"{PLAN_ID}.yaml", True),
    "empty int tag": (retitle('!!int ""'), f"{PLAN_ID}.yaml", True),
    "empty float tag": (retitle('!!float ""'), f"{PLAN_ID}.yaml", True),
    "tagged log line": (
        log_text(f'- {{"date": !!timestamp "x", "target": "canteens", "value": 5, {STAMP}}}\n'),
        "progress.yaml",
        True,
    ),
    "junk log": (log_text("- x\n" * 3000), "progress.yaml", True),
    "non-UTF-8 plan name": (non_utf8_name, "bad\\udcff.yaml", True),
    "log is a folder": (log_is_a_folder, "progress.yaml", False),
    "folder named like a plan": (folder_named_like_a_plan, "", False),
    "escape in a file name": (evil_name, "evil\\x1b]52", True),
    "hard-linked log": (hard_linked_log, "", False),  # read as any file; update refuses it
    "a second, broken plan": (second_broken_plan, "broken.yaml", True),
}


@pytest.mark.parametrize("hostile", list(HOSTILE_FILES))
def test_every_command_with_each_hostile_file(cli, plans_dir, hostile):
    setup, where, has_line = HOSTILE_FILES[hostile]
    setup(plans_dir)
    for args in COMMANDS:
        result = cli(*args)
        said = result.out + result.err
        assert result.code in (0, 1, 2), (args, said)
        assert "Traceback" not in said and "internal error" not in said, (args, said)
        assert "\x1b" not in said and "\x07" not in said, args
        if args[0] == "check" and where:
            assert result.code in (1, 2), (args, said)
        if result.code and where and args[0] not in ("schema", "init"):
            assert where in said, (args, said)
            if has_line:
                assert re.search(re.escape(where) + r"[^ ]*(:|,line=)\d+", said), (args, said)
    for name in os.listdir(plans_dir):  # init wrote only where it was asked to, or nothing
        if name.startswith("a-new-plan"):
            os.unlink(plans_dir / name)


HOSTILE_ARGUMENTS = [
    ("update", "canteens", "1e400", "--date", "2022-08-01"),
    ("update", "canteens", "1e999", "--date", "2022-08-01"),
    ("update", "canteens", "1e10000000", "--date", "2022-08-01"),
    ("update", "canteens", "9e999999999999999999", "--date", "2022-08-01"),
    ("update", "canteens", "1e-400", "--date", "2022-08-01"),
    ("update", "canteens", "1,50", "--date", "2022-08-01"),
    ("update", "canteens", "1_000", "--date", "2022-08-01"),
    ("update", "canteens", "", "--date", "2022-08-01"),
    ("update", "canteens", "\x1b[2J", "--date", "2022-08-01"),
    ("update", "canteens", "5", "--date", "20220605"),
    ("update", "canteens", "5", "--date", "2022-W23-1"),
    ("update", "canteens", "5", "--date", "9999-12-31"),
    ("done", "reporting-system", "--date", "0000-01-01"),
    ("status", "--as-of", "9999-12-02"),
    ("status", "--as-of", "9999-12-31"),
    ("status", "--as-of", "20220605"),
    ("log", "--since", "9999-99-99"),
    ("init", "zz\n"),
    ("init", "a" * 300),
    ("init", "../escape"),
    ("schema", "\x1b]52;c;eA==\x07"),
    # Numbers and the system's limits at the edges: digits int() reads but no one types as a line
    # number, more digits than int() converts, names longer than a file name may be.
    ("retract", "²", "--reason", "typo"),
    ("retract", "\u0663", "--reason", "typo"),
    ("retract", "9" * 5000, "--reason", "typo"),
    ("retract", f"{PLAN_ID}/{'1' * 5000}", "--reason", "typo"),
    ("--plans", "p" * 300, "status"),
    ("check", "c" * 300),
    ("check", f"{'d' * 300}/x.yaml"),
    ("report", "--format", "docx", "--template", "t" * 300 + ".docx", "-o", "x.docx"),
]


@pytest.mark.parametrize("args", HOSTILE_ARGUMENTS, ids=lambda a: " ".join(a)[:40])
def test_every_hostile_argument_is_a_usage_error(cli, plans_dir, args):
    before = sorted(os.listdir(plans_dir))
    result = cli(*args)
    said = result.out + result.err
    assert result.code == 2, said
    assert "Traceback" not in said and "internal error" not in said and "\x1b" not in said
    assert "fix:" in said or "use " in said
    assert sorted(os.listdir(plans_dir)) == before


def test_a_hostile_time_zone_for_every_command(run, plans_dir):
    shutil.copy(plans_dir / f"{PLAN_ID}.yaml", plans_dir / "copy-for-init.txt")
    for args in COMMANDS:
        result = run(*args, env={"TZ": "XXX+25:59"})
        assert result.code in (0, 1, 2) and "internal error" not in result.err, (args, result.err)


def test_a_step_past_the_largest_figure_is_refused(run):
    assert run("update", "beds", "1e15", "--date", "2022-07-01").code == 0
    result = run("update", "beds", "+10", "--date", "2022-07-02")
    assert result.code == 2
    assert "beyond what a figure can be (at most 10^15)" in result.err
    assert "internal error" not in result.err


def test_check_names_an_evidence_path_longer_than_a_file_name_may_be(run, plans_dir):
    long_name = "e" * 300 + ".pdf"
    refs = [{"ref": long_name, "sha256": "0" * 64}, {"ref": "d" * 300 + "/x.pdf", "sha256": "0" * 64}]
    line = json.dumps(
        {"date": "2022-07-01", "target": "canteens", "value": 5, "evidence": long_name, "evidence_refs": refs}
    )
    (plans_dir / f"{PLAN_ID}.progress.yaml").write_text(f"- {line[:-1]}, {STAMP}}}\n", encoding="utf-8")
    result = run("check")
    assert result.code == 1, result.err
    said = result.out + result.err
    assert "internal error" not in said
    assert said.count("is missing (recorded with SHA-256") == 2
