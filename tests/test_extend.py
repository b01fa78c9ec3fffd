"""延期: `rectify extend` records an approved new deadline as an entry of its own, so the plan's
date stays as issued, the target is judged against the new one from the extension's date on,
and every view shows both dates."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, Result

SAMPLE = ROOT / "examples" / "first-run"
PLAN = "zibo-minzheng-2022-sample"
TARGET = "disabled-care-services"
EXTENDED = "2026-12-03T09:00:00+08:00"


@pytest.fixture
def rectify(tmp_path: Path):  # type: ignore[no-untyped-def]
    from zibo_rectify.cli import app

    folder = tmp_path / "plans"
    shutil.copytree(SAMPLE, folder)
    runner = CliRunner()

    def invoke(*args: str, at: str = EXTENDED) -> Result:
        env = {"RECTIFY_PLANS": str(folder), "NO_COLOR": "1", "COLUMNS": "200", "RECTIFY_RECORDED_AT": at}
        result = runner.invoke(app, list(args), env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    invoke.folder = folder  # type: ignore[attr-defined]
    return invoke


def extend(rectify, *more: str) -> Result:  # type: ignore[no-untyped-def]
    return rectify(
        "extend", TARGET, "--to", "2022-09-30", "--date", "2022-08-20", "--reason", "经批准延期", *more
    )


def target_json(rectify, day: str, *more: str) -> dict:  # type: ignore[no-untyped-def]
    found = json.loads(rectify("status", "--as-of", day, "--json", *more).out)
    return next(t for t in found["targets"] if t["id"] == TARGET)


def test_the_extension_is_an_entry_of_kind_extend_with_its_new_due_date(rectify):
    result = extend(rectify, "--by", "督查室", "--evidence", "淄政办字〔2022〕30号")
    assert result.code == 0, result.err
    last = (rectify.folder / f"{PLAN}.progress.yaml").read_text(encoding="utf-8").splitlines()[-1]
    assert re.fullmatch(
        '- {"date": "2022-08-20", "target": "disabled-care-services", "kind": "extend", "due": "2022-09-30",'
        ' "by": "督查室", "note": "经批准延期", "evidence": "淄政办字〔2022〕30号",'
        ' "id": "[0-9a-f]{12}", "recorded": "2026-12-03T09:00:00\\+08:00"}',
        last,
    ), last  # an entry recorded now carries an id, as every other does


def test_status_json_gives_the_due_date_in_force_and_the_original(rectify):
    before = target_json(rectify, "2022-09-30")
    assert before["due"] == "2022-08-31" and before["state"] == "overdue"
    assert before.get("original_due") is None
    assert extend(rectify).code == 0
    after = target_json(rectify, "2022-09-30")
    assert (after["due"], after["original_due"]) == ("2022-09-30", "2022-08-31")
    assert after["state"] == "on_track"
    # Before the extension's date the plan's own date is in force.
    assert target_json(rectify, "2022-08-19")["due"] == "2022-08-31"
    # Known before the extension was recorded: the old judgment.
    earlier = target_json(rectify, "2022-09-30", "--known-at", "2026-12-02")
    assert (earlier["due"], earlier["state"]) == ("2022-08-31", "overdue")


def test_every_view_shows_the_original_date_beside_the_new_one(rectify, tmp_path):
    assert extend(rectify).code == 0
    shown = "9月30日（原定8月31日，已延期）"  # as DESIGN words it, in every view but data
    report = rectify("report", "--as-of", "2022-09-30", "--format", "md").out
    assert f"| {shown} |" in report
    # The terminal speaks the interface's language (English in this process).
    assert re.search(r"2022-09-30 +on track\n +was 08-31\n", rectify("status", "--as-of", "2022-09-30").out)
    assert "09-30 (was 08-31, extended)" in rectify("show", TARGET, "--as-of", "2022-09-30").out
    ledger = tmp_path / "台账.xlsx"
    assert rectify("report", "--as-of", "2022-09-30", "--format", "xlsx", "-o", str(ledger)).code == 0
    import openpyxl

    sheet = openpyxl.load_workbook(ledger).worksheets[0]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert shown in cells


def test_an_extension_is_withdrawn_like_any_entry(rectify):
    assert extend(rectify, "--by", "督查室").code == 0
    assert rectify("undo", "--by", "督查室", "--yes").code == 0
    after = target_json(rectify, "2022-09-30")
    assert (after["due"], after.get("original_due"), after["state"]) == ("2022-08-31", None, "overdue")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--to", "2022-08-15", "--reason", "x"), "2022-08-31"),
        (("--to", "2022-09-30", "--reason", " "), "--reason"),
    ],
)
def test_an_extension_must_move_the_date_later_and_say_why(rectify, args, words):
    result = rectify("extend", TARGET, *args, "--date", "2022-08-20")
    assert result.code == 2
    assert words in result.err and "Traceback" not in result.err


def test_a_part_is_extended_on_its_own(tmp_path):
    """A breakdown: one district's part gets a new date; the others keep theirs."""
    from zibo_rectify.cli import app

    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("zhangdian-canteens-2023.yaml", "zhangdian-canteens-2023.progress.yaml"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    plan_text = (folder / "zhangdian-canteens-2023.yaml").read_text(encoding="utf-8")
    assert "parts:" in plan_text
    env = {"RECTIFY_PLANS": str(folder), "RECTIFY_RECORDED_AT": EXTENDED, "COLUMNS": "200"}
    runner = CliRunner()
    status = json.loads(runner.invoke(app, ["status", "--as-of", "2023-12-31", "--json"], env=env).stdout)
    target = next(t for t in status["targets"] if t.get("parts"))
    part = target["parts"][0]
    new_due = "2024-06-30"
    done = runner.invoke(
        app,
        [
            "extend",
            target["id"],
            "--part",
            part["id"],
            "--to",
            new_due,
            "--reason",
            "经批准延期",
            "--date",
            "2023-06-01",
        ],
        env=env,
    )
    assert done.exit_code == 0, done.stderr
    status = json.loads(runner.invoke(app, ["status", "--as-of", "2023-12-31", "--json"], env=env).stdout)
    again = next(t for t in status["targets"] if t["id"] == target["id"])
    extended = next(p for p in again["parts"] if p["id"] == part["id"])
    assert (extended["due"], extended["original_due"]) == (new_due, part["due"])
    assert all(p["due"] == q["due"] for p, q in zip(target["parts"][1:], again["parts"][1:], strict=True))
