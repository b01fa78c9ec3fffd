"""Refusals that come from the files and the machine rather than from what was typed: a log that
is a folder, locked, linked twice or replaced under the writer; a file the user may not read or a
folder they may not write; a current folder that is gone; a missing library.  Each is exit 2 with
its code and message, and nothing is written.  Run in-process, so the code can be read."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import PLAN_ID, SHIPPED, rectify_command

UPDATE = ("update", "canteens", "5", "--date", "2022-08-01")


def invoke(plans: Path | None, *args: str, **env: str) -> Any:
    from zibo_rectify.cli import app

    base = {"NO_COLOR": "1", "COLUMNS": "200", "RECTIFY_LANG": "en"}
    if plans is not None:
        base["RECTIFY_PLANS"] = str(plans)
    return CliRunner().invoke(app, list(args), env={**base, **env})


def refused(result: Any, shown: list[Any]) -> list[tuple[str, str]]:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return [(d.code, d.message) for d in shown]


def test_a_log_that_is_a_folder(plans_dir, shown):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.unlink()
    log.mkdir()

    assert refused(invoke(plans_dir, "status"), shown) == [("is-a-directory", "this is a folder, not a file")]


def test_a_log_with_a_second_name_is_not_appended_to(plans_dir, tmp_path, shown):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    before = log.read_bytes()
    os.link(log, tmp_path / "copy.yaml")

    assert refused(invoke(plans_dir, *UPDATE), shown) == [
        ("hard-link", "this log has 2 names (hard links); appending would change the other files too")
    ]
    assert log.read_bytes() == before


def test_a_log_locked_past_the_timeout_records_nothing(plans_dir, shown):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    before = log.read_bytes()
    with log.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = invoke(plans_dir, *UPDATE, RECTIFY_LOCK_TIMEOUT="0")

    said = refused(result, shown)
    assert [code for code, __ in said] == ["log-locked"]
    assert said[0][1].startswith("the log is locked by ")
    assert said[0][1].endswith("; gave up after 0 s, nothing was recorded")
    assert log.read_bytes() == before


def test_a_log_replaced_each_time_it_is_written_records_nothing(plans_dir, monkeypatch, shown):
    from zibo_rectify.log import append

    monkeypatch.setattr(append, "_still_at", lambda path, fd: False)  # as a checkout renaming over it

    assert refused(invoke(plans_dir, *UPDATE), shown) == [
        (
            "log-replaced",
            f"the log was replaced {append.REPLACED_TRIES} times while rectify wrote to it;"
            " nothing was recorded",
        )
    ]


def test_a_current_folder_that_was_deleted(tmp_path, monkeypatch, shown):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()

    assert refused(invoke(None, "status"), shown) == [
        ("no-current-folder", "the current folder no longer exists (it was deleted or moved)")
    ]


def test_a_parquet_report_without_pyarrow(plans_dir, tmp_path, monkeypatch, shown):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails, as when not installed

    result = invoke(plans_dir, "report", "--format", "parquet", "-o", str(tmp_path / "r.parquet"))

    assert refused(result, shown) == [
        ("no-pyarrow", "--format parquet needs pyarrow, which is not installed")
    ]
    assert not (tmp_path / "r.parquet").exists()


def test_an_xlsx_whose_history_is_longer_than_a_sheet_is_refused_not_cut_short(
    plans_dir, tmp_path, monkeypatch, shown
):
    """A worksheet holds 1,048,576 rows and XlsxWriter drops the rest without a word: a history
    longer than that is refused whole (the limit lowered here, so a test need not write a million rows)."""
    from zibo_rectify.report import xlsx

    entries = sum(
        1 for line in (plans_dir / f"{PLAN_ID}.progress.yaml").open(encoding="utf-8") if line.startswith("- ")
    )
    monkeypatch.setattr(xlsx, "SHEET_ROWS", entries + 1)  # the title, the header, then one row short

    result = invoke(plans_dir, "report", "--format", "xlsx", "-o", str(tmp_path / "台账.xlsx"))

    rows = f"{entries + 1:,}"
    assert refused(result, shown) == [
        (
            "history-too-long",
            f"the history has {entries:,} entries, more than one xlsx sheet holds ({rows} rows)",
        )
    ]
    assert not (tmp_path / "台账.xlsx").exists()
    monkeypatch.setattr(xlsx, "SHEET_ROWS", entries + 2)  # exactly full: written, every entry kept
    assert invoke(plans_dir, "report", "--format", "xlsx", "-o", str(tmp_path / "台账.xlsx")).exit_code == 0


def test_an_xlsx_template_without_a_header_row(plans_dir, tmp_path, shown):
    from openpyxl import Workbook

    template = tmp_path / "模板.xlsx"
    book = Workbook()
    book.active.append(["淄博市民政局"])
    book.save(template)

    result = invoke(plans_dir, "report", "--format", "xlsx", "--template", str(template), "-o", "r.xlsx")

    assert refused(result, shown) == [
        ("template-without-header", f"the template {template} has no header row that names its columns")
    ]


def test_a_docx_template_that_reaches_for_code(plans_dir, tmp_path, shown):
    from docx import Document

    template = tmp_path / "模板.docx"
    doc = Document()
    doc.add_paragraph("{{ cycler.__init__ }}")
    doc.save(str(template))

    result = invoke(plans_dir, "report", "--format", "docx", "--template", str(template), "-o", "r.docx")

    [(code, message)] = refused(result, shown)
    assert code == "unsafe-template"
    assert message.startswith(f"the template {template} tries what a template may not do (")


def test_text_that_is_not_utf8_from_the_shell(plans_dir, tmp_path, monkeypatch, shown):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new").mkdir()
    note = invoke(plans_dir, "note", "canteens", "选址\udcff", "--date", "2022-08-01")
    assert [code for code, __ in refused(note, shown)] == ["bad-text"]
    assert shown[-1].message.startswith("--note holds \\udcff, which is not a character")

    init = invoke(tmp_path / "new", "init", "new-plan", "--title", "整改\udcff")
    assert refused(init, shown)[-1] == ("bad-text", "--title holds bytes that are not UTF-8 text")


def test_an_item_kept_up_without_a_deadline_has_none_to_extend(tmp_path, shown):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "p.yaml").write_text(
        "schema_version: 2\nid: p\ntitle: 测试方案\nperiod: {start: 2023-01-01, end: 2023-12-31}\n"
        "targets:\n  - {id: kept, name: 常态化巡查, kind: task, due: none}\n",
        encoding="utf-8",
    )
    result = invoke(
        plans, "extend", "kept", "--to", "2023-12-31", "--reason", "经批准", "--date", "2023-05-01"
    )

    assert refused(result, shown) == [("no-due-date", "常态化巡查 (kept) has no due date to extend")]


def test_an_entry_gone_from_the_log_before_its_withdrawal_is_written():
    """Between reading the log and taking its lock, a checkout may take the entry away."""
    import datetime as dt

    from zibo_rectify.errors import RectifyError
    from zibo_rectify.log import ProgressEntry
    from zibo_rectify.model import load_plan
    from zibo_rectify.plans import plan_files
    from zibo_rectify.workflow import steps
    from zibo_rectify.workflow.ledger import key_of

    plan = load_plan(plan_files(SHIPPED)[0])
    recorded = dt.datetime(2022, 8, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    gone = ProgressEntry(date=dt.date(2022, 8, 1), target="canteens", value=5, recorded=recorded)

    with pytest.raises(RectifyError) as refusal:
        steps.withdraw_entry(plan, [], key_of(gone), None, "录错", recorded)

    assert [(d.code, d.message) for d in refusal.value.diagnostics] == [
        ("no-such-entry", "that entry is no longer in the log")
    ]


def test_a_binary_report_is_not_printed_on_a_terminal(plans_dir):
    main, terminal = os.openpty()
    try:
        env = {**os.environ, "RECTIFY_PLANS": str(plans_dir), "RECTIFY_LANG": "en", "NO_COLOR": "1"}
        done = subprocess.run(
            [*rectify_command(), "report", "--format", "xlsx"],
            stdout=terminal,
            stderr=subprocess.PIPE,
            env=env,
        )
    finally:
        os.close(terminal)
        os.close(main)
    assert done.returncode == 2
    assert b"error: a xlsx report is a file, not text for the terminal" in done.stderr
    assert b"fix: add -o FILE, e.g. -o report.xlsx" in done.stderr


def test_the_refusal_of_a_binary_report_on_a_terminal_has_its_code(plans_dir, monkeypatch, shown):
    import types

    from zibo_rectify.report import make

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(make, "sys", types.SimpleNamespace(stdout=Terminal()))

    assert refused(invoke(plans_dir, "report", "--format", "docx"), shown) == [
        ("binary-to-terminal", "a docx report is a file, not text for the terminal")
    ]


def test_the_files_a_user_may_not_read(plans_dir, tmp_path, monkeypatch, shown):
    """Root reads every file, so the system's answer is given here as a user would get it."""
    import errno

    from zibo_rectify import yamlio
    from zibo_rectify.workflow import evidence

    denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    real_open = os.open
    plan = str(plans_dir / f"{PLAN_ID}.yaml")

    def no_read(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path) == plan:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    with monkeypatch.context() as faults:
        faults.setattr(yamlio.os, "open", no_read)
        unread = invoke(plans_dir, "check", "--format", "json", RECTIFY_NO_CACHE="1")
    assert unread.exit_code == 2  # what cannot be read at all is not a finding but a refusal
    assert [(d["code"], d["message"]) for d in json.loads(unread.stdout)] == [
        ("cannot-read", "cannot read the file: Permission denied")
    ]

    (tmp_path / "验收单.pdf").write_bytes(b"scan")
    monkeypatch.setattr(evidence, "sha256_of", lambda path: (_ for _ in ()).throw(denied))
    monkeypatch.chdir(tmp_path)
    result = invoke(plans_dir, *UPDATE, "--evidence", "验收单.pdf")
    assert refused(result, shown) == [
        ("evidence-unreadable", "--evidence 验收单.pdf cannot be read: Permission denied")
    ]


def test_a_folder_a_user_may_not_write(plans_dir, tmp_path, monkeypatch, shown, read_only):
    """Each command that writes a file says so, and leaves nothing half-written."""
    monkeypatch.chdir(tmp_path)
    kept = tmp_path / "kept"
    kept.mkdir()
    with read_only(kept) as reason:
        written = [
            invoke(kept, "init", "new-plan"),
            invoke(plans_dir, "report", "-o", str(kept / "r.md")),
            invoke(plans_dir, "form", "--as-of", "2022-10-31", "-o", f"{kept}/forms/"),
        ]
        assert list(kept.iterdir()) == []
    for result in written:
        assert result.exit_code == 2, result.output
    assert [(d.code, d.message) for d in shown] == [
        ("cannot-write", f"cannot write the new plan in {kept}: {reason}"),
        ("cannot-write", f"cannot write {kept / 'r.md'}: {reason}"),
        ("cannot-write", f"cannot write {kept}/forms/: {reason}"),
    ]
