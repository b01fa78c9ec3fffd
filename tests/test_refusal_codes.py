"""Every refusal of a step and every usage error no other test named: triggered through the
command line, its code and its message pinned, one case a row.  A refusal is exit 2 with one
diagnostic; the log is left as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PLAN_ID, SHIPPED

LOGGED = (
    "LOG",
    '- {"date": "2022-10-31", "target": "canteens", "value": 300, "recorded": "2022-10-31T10:00:00+08:00"}',
)
# Two entries written before entries had ids, of one target and day in one second: only the
# figure tells them apart, and a withdrawal names neither.
LOGGED_TWIN = (
    "LOG",
    '- {"date": "2022-10-31", "target": "canteens", "value": 290, "recorded": "2022-10-31T10:00:00+08:00"}',
)
UP = ("update", "canteens", "300", "--date", "2022-10-31")
SIGN = ("signoff", "canteens", "--by", "督查科", "--date", "2022-11-01")
REVIEWED = "review: required\n"  # the plan requires review
# (code, plan edit: text added after schema_version 2 or None, setup commands, refused command)

# (code, how the plans folder differs, steps first, the refused command, its message)
# How it differs: text added after schema_version (made 2); SECOND: a second plan beside it
# (SECOND-2023: of 2023); LANG-FR: RECTIFY_LANG=fr; ENV:NAME=VALUE: that variable set; EMPTY: no plan.
# A step is a command, or ("LOG", line) appended to the log, ("FILE", path, text), ("LINK", path,
# target) or ("XLSX", path, rows) made in the folder above plans/, where the commands run.
CASES = [
    (
        "accept-or-reject",
        None,
        [],
        ("review", "canteens", "--by", "督查科"),
        "give one of --accept or --reject",
    ),
    (
        "no-reason",
        None,
        [],
        ("review", "canteens", "--reject", "--by", "督查科"),
        "--reject needs a --reason",
    ),
    ("no-reason", None, [UP, SIGN], ("reopen", "canteens", "--reason", " "), "--reason is empty"),
    ("no-reason", None, [UP], ("retract", "4", "--reason", " "), "--reason is empty"),
    (
        "goal-not-met",
        None,
        [("update", "canteens", "250", "--date", "2022-10-25")],
        ("signoff", "canteens", "--by", "督查科", "--date", "2022-10-26"),
        "长者食堂 (canteens) cannot be signed off on 2022-10-26: "
        "its goal is not met that day (250 of 300 家)",
    ),
    (
        "already-signed-off",
        None,
        [UP, SIGN],
        SIGN,
        "长者食堂 (canteens) was already signed off on 2022-11-01 by 督查科",
    ),
    (
        "signed-off",
        None,
        [UP, SIGN],
        ("update", "canteens", "305", "--date", "2022-11-05"),
        "长者食堂 (canteens) was signed off on 2022-11-01 by 督查科: nothing more is recorded on it",
    ),
    (
        "not-signed-off",
        None,
        [],
        ("reopen", "canteens", "--reason", "回头看"),
        "长者食堂 (canteens) is not signed off: there is nothing to reopen",
    ),
    (
        "reopen-before-signoff",
        None,
        [UP, SIGN],
        ("reopen", "canteens", "--reason", "回头看", "--date", "2022-10-30"),
        "长者食堂 (canteens) was signed off on 2022-11-01; it cannot be reopened before that",
    ),
    (
        "evidence-required",
        "signoff: {evidence: required}\n",
        [UP],
        SIGN,
        "the plan requires evidence for a sign-off, and none was given",
    ),
    (
        "no-review",
        None,
        [UP],
        ("review", "canteens", "--accept", "--by", "督查科"),
        "figures of 长者食堂 (canteens) need no review: the plan does not require it",
    ),
    (
        "nothing-pending",
        REVIEWED,
        [],
        ("review", "canteens", "--accept", "--by", "督查科"),
        "no figure of 长者食堂 (canteens) awaits review",
    ),
    (
        "several-pending",
        REVIEWED,
        [
            ("update", "canteens", "95", "--date", "2022-07-31"),
            ("update", "canteens", "120", "--date", "2022-08-31"),
        ],
        ("review", "canteens", "--accept", "--by", "督查科"),
        "2 figures of 长者食堂 (canteens) await review",
    ),
    (
        "not-a-figure",
        REVIEWED,
        [("note", "canteens", "选址中", "--date", "2022-07-31")],
        ("review", "canteens", "--accept", "--by", "督查科", "--entry", "4"),
        "that line is not a figure of 长者食堂 (canteens)",
    ),
    (
        "other-target",
        REVIEWED,
        [("update", "beds", "95", "--date", "2022-07-31")],
        ("review", "canteens", "--accept", "--by", "督查科", "--entry", "4"),
        "line 4 is an entry of 家庭养老床位 (beds), not of 长者食堂 (canteens)",
    ),
    (
        "already-reviewed",
        REVIEWED,
        [
            ("update", "canteens", "95", "--date", "2022-07-31"),
            ("review", "canteens", "--accept", "--by", "督查科", "--date", "2022-08-01"),
        ],
        ("review", "canteens", "--accept", "--by", "督查科", "--entry", "4"),
        "that figure was already reviewed on 2022-08-01 by 督查科: accepted",
    ),
    (
        "review-before-figure",
        REVIEWED,
        [("update", "canteens", "95", "--date", "2022-07-31")],
        ("review", "canteens", "--accept", "--by", "督查科", "--date", "2022-07-30"),
        "the figure is dated 2022-07-31; it cannot be reviewed before that",
    ),
    (
        "no-entry-on-line",
        None,
        [],
        ("retract", "40", "--reason", "录错"),
        "zibo-minzheng-2022.progress.yaml has no entry on line 40",
    ),
    ("bad-line", None, [], ("retract", "x12", "--reason", "录错"), "'x12' is not a line number"),
    (
        "already-withdrawn",
        None,
        [LOGGED, ("retract", "4", "--reason", "录错", "--yes")],
        ("retract", "4", "--reason", "录错"),
        "that entry was already withdrawn on ",
    ),
    (
        "withdraw-a-withdrawal",
        None,
        [LOGGED, ("retract", "4", "--reason", "录错", "--yes")],
        ("retract", "5", "--reason", "录错"),
        "that line is itself a withdrawal; it cannot be withdrawn",
    ),
    (
        "ambiguous-entry",
        None,
        [LOGGED, LOGGED_TWIN],
        ("retract", "4", "--reason", "录错"),
        "that entry was recorded in the same second as another of the same target and date",
    ),
    (
        "confirm",
        None,
        [LOGGED],
        ("retract", "4", "--reason", "录错"),  # and no terminal to ask on
        "Withdraw line 4 of zibo-minzheng-2022: 2022-10-31 长者食堂 (canteens) 300 家 (by nobody named,"
        " recorded 2022-10-31 10:00): not withdrawn, there is no terminal to confirm on",
    ),
    (
        "nothing-to-undo",
        None,
        [],
        ("undo", "--by", "无名氏", "--yes"),
        "无名氏 recorded nothing that can be undone",
    ),
    (
        "not-done",
        None,
        [],
        ("done", "low-income-rules", "--undo"),
        "修订出台《淄博市最低生活保障管理办法》 (low-income-rules) is not marked done: "
        "there is nothing to undo",
    ),
    (
        "not-a-task",
        None,
        [],
        ("done", "canteens", "--undo"),
        "长者食堂 (canteens) is not a task: withdraw a figure with rectify retract LINE",
    ),
    (
        "future-date",
        None,
        [UP],
        ("signoff", "canteens", "--by", "督查科", "--date", "2999-01-01"),
        "--date 2999-01-01 is in the future",
    ),
    ("empty-note", None, [], ("note", "canteens", " "), "a note needs some words"),
    ("bad-format", None, [], ("check", "--format", "xml"), "--format 'xml' is not a format"),
    ("bad-format", None, [], ("due", "--format", "html"), "--format 'html' is not a format"),
    ("bad-level", None, [], ("warnings", "--fail-on", "purple"), "'purple' is not a warning level"),
    ("bad-schema", None, [], ("schema", "table"), "there is no schema 'table'"),
    ("bad-kind", None, [], ("init", "new-plan", "--kind", "tree"), "--kind 'tree' is not a kind of skeleton"),
    ("bad-kind", None, [], ("targets", "--kind", "shape"), "--kind 'shape' is not a kind"),
    ("plan-exists", None, [], ("init", "zibo-minzheng-2022"), "zibo-minzheng-2022.yaml already exists"),
    ("bad-plan-id", None, [], ("status", "../etc"), "'../etc' is not a plan id"),
    ("unknown-plan", None, [], ("status", "no-such-plan"), "there is no plan 'no-such-plan' in "),
    (
        "unknown-problem",
        None,
        [],
        ("status", "--problem", "no-such-problem"),
        "there is no problem 'no-such-problem' in zibo-minzheng-2022",
    ),
    (
        "not-owned",
        None,
        [],
        ("show", "canteens", "--owner", "财务科"),
        "财务科 is not among the owners of canteens",
    ),
    ("unknown-owner", None, [], ("report", "--owner", "财务科"), "no target names 财务科 among its owners"),
    (
        "bad-what",
        None,
        [],
        ("report", "--format", "jsonl", "--what", "rows"),
        "--what 'rows' is neither targets, entries nor changes",
    ),
    (
        "what-needs-export",
        None,
        [],
        ("report", "--format", "md", "--what", "entries"),
        "--what entries goes with --format jsonl or parquet",
    ),
    (
        "changes-need-since",
        None,
        [],
        ("report", "--format", "jsonl", "--what", "changes"),
        "--what changes lists what changed since a day, and no --since was given",
    ),
    (
        "template-needs-docx",
        None,
        [],
        ("report", "--format", "md", "--template", "x.docx"),
        "--template goes with --format docx",
    ),
    ("bad-lang", "LANG-FR", [], ("report",), "--lang 'fr' is not a language"),
    (
        "reversed-span",
        None,
        [],
        ("changes", "--since", "2022-09-01", "--as-of", "2022-08-01"),
        "--since 2022-09-01 is after --as-of 2022-08-01",
    ),
    (
        "bad-known-at",
        None,
        [],
        ("status", "--known-at", "2022-10-05T25:00:00"),
        "--known-at '2022-10-05T25:00:00' is not a time rectify reads",
    ),
    (
        "bad-verdict",
        None,
        [],
        ("update", "canteens", "95", "--date", "2022-07-31", "--verdict", "很好"),
        "--verdict '很好' is not a verdict",
    ),
    (
        "wrong-unit",
        None,
        [],
        ("update", "canteens", "95张", "--date", "2022-07-31"),
        "'95张' is given in 张, but 长者食堂 (canteens) is counted in 家",
    ),
    (
        "percent-out-of-range",
        None,
        [],
        ("update", "low-income-rules", "120%", "--date", "2022-07-31"),
        "a share done is 0% to 100%, not 120%",
    ),
    (
        "percent-step",
        None,
        [],
        ("update", "low-income-rules", "+20%", "--date", "2022-07-31"),
        "give the share done as it stands, e.g. 80%, not a step",
    ),
    (
        "already-done",
        None,
        [("done", "low-income-rules", "--date", "2022-06-20")],
        ("done", "low-income-rules", "--date", "2022-06-21"),
        "修订出台《淄博市最低生活保障管理办法》 (low-income-rules) was already marked done on 2022-06-20",
    ),
    ("already-recorded", None, [UP], UP, "this entry is already in the log, recorded at "),
    ("no-output", None, [], ("form",), "rectify form writes files: -o is missing"),
    ("not-xlsx", None, [], ("form", "-o", "forms.csv"), "-o forms.csv: a form is an .xlsx file"),
    (
        "which-plan",
        "SECOND",
        [],
        ("retract", "4", "--reason", "录错"),
        "the folder holds several plans: which log is line 4 in?",
    ),
    ("no-plans", "EMPTY", [], ("status",), "plans holds no plan files"),
    (
        "no-plans-folder",
        None,
        [],
        ("--plans", "/nonexistent/plans", "status"),
        "the plans folder /nonexistent/plans does not exist",
    ),
    (
        "ambiguous-target",
        "SECOND",
        [],
        ("update", "canteens", "5", "--date", "2022-07-31"),
        "'canteens' names a target in more than one plan: ",
    ),
    ("bad-days", None, [], ("agenda", "--days", "-3"), "--days -3 is not a number of days ahead"),
    (
        "bad-lock-timeout",
        "ENV:RECTIFY_LOCK_TIMEOUT=soon",
        [],
        UP,
        "RECTIFY_LOCK_TIMEOUT='soon' is not a number of seconds",
    ),
    (
        "bad-recorded-at",
        "ENV:RECTIFY_RECORDED_AT=2022-10-05",
        [],
        UP,
        "RECTIFY_RECORDED_AT='2022-10-05' is not a time with its UTC offset",
    ),
    (
        "date-without-year",
        "SECOND-2023",
        [],
        ("status", "--as-of", "8月1日"),
        "--as-of '8月1日' has no year, and no single plan year to take it from",
    ),
    (
        "evidence-outside",
        None,
        [("FILE", "../outside.pdf", "a scan")],
        (*UP, "--evidence", "../outside.pdf"),
        "--evidence ../outside.pdf is outside the plans repository ",
    ),
    (
        "higher-figure-outweighs",
        None,
        [("update", "care-rate", "60", "--date", "2022-07-31")],
        ("update", "care-rate", "55", "--date", "2022-07-31"),
        "2022-07-31 特困供养失能半失能人员集中供养率 (care-rate) 60% was recorded for the same day,"
        " and the highest figure of a day counts",
    ),
    (
        "correction-outweighs",
        None,
        [("update", "care-rate", "60", "--date", "2022-07-31", "--correction")],
        ("update", "care-rate", "65", "--date", "2022-07-31"),
        "2022-07-31 特困供养失能半失能人员集中供养率 (care-rate) 60% is a correction,"
        " which counts over every other figure of its day",
    ),
    (
        "correction-outweighed",
        None,
        [
            (
                "LOG",
                '- {"date": "2022-08-31", "target": "care-rate", "value": 70, "correction": true,'
                ' "recorded": "2999-01-01T10:00:00+08:00"}',
            )
        ],
        ("update", "care-rate", "71", "--date", "2022-08-31", "--correction"),
        "2022-08-31 特困供养失能半失能人员集中供养率 (care-rate) 70%, a correction recorded at"
        " 2999-01-01T10:00:00+08:00, would still count over this one: its time is later than this"
        " computer's clock (",
    ),
    (
        "finished-before-end",
        None,
        [("update", "canteens", "300", "--date", "2022-12-31")],
        ("update", "canteens", "310", "--date", "2023-01-15"),
        "长者食堂 (canteens) was finished when the plan ended on 2022-12-31:"
        " an entry after that is not taken",
    ),
    (
        "not-later",
        None,
        [],
        ("extend", "canteens", "--to", "2022-01-01", "--reason", "经批准", "--date", "2022-06-01"),
        "--to 2022-01-01 is not after the due date in force on 2022-06-01, 2022-12-31",
    ),
    (
        "withdrawn",
        REVIEWED,
        [("update", "canteens", "95", "--date", "2022-07-31"), ("retract", "4", "--reason", "录错", "--yes")],
        ("review", "canteens", "--accept", "--by", "督查科", "--entry", "4"),
        "that figure was withdrawn",
    ),
    ("path-refused", None, [], ("--plans", "x" * 300, "status"), ": File name too long"),
    (
        "no-template",
        None,
        [],
        ("report", "--format", "docx", "--template", "none.docx", "-o", "r.docx"),
        "there is no template file none.docx",
    ),
    (
        "bad-template",
        None,
        [("FILE", "junk.docx", "not a zip")],
        ("report", "--format", "docx", "--template", "junk.docx", "-o", "r.docx"),
        "the template junk.docx cannot be used: ",
    ),
    (
        "output-no-folder",
        None,
        [],
        ("report", "-o", "no-such-folder/r.md"),
        "no-such-folder to write r.md in",
    ),
    (
        "output-not-a-file",
        None,
        [],
        ("report", "-o", "plans"),
        "plans is not a regular file (a folder, a device or a pipe): rectify will not replace it",
    ),
    (
        "output-is-plans-file",
        None,
        [],
        ("report", "--format", "html", "-o", f"plans/{PLAN_ID}.progress.yaml"),
        f"plans/{PLAN_ID}.progress.yaml is a plan, a log or part of .git:"
        " rectify never writes output over them",
    ),
    (
        "output-is-a-link",
        None,
        [("FILE", "kept.md", "kept"), ("LINK", "r.md", "kept.md")],
        ("report", "-o", "r.md"),
        "kept.md): rectify does not write through links",
    ),
    (
        "not-a-workbook",
        None,
        [("FILE", "ledger.xlsx", "not a workbook")],
        ("import", "ledger.xlsx", "-o", "plans/new-plan.yaml"),
        "ledger.xlsx cannot be read as an xlsx workbook: File is not a zip file",
    ),
    (
        "unknown-sheet",
        None,
        [("report", "--format", "xlsx", "-o", "ledger.xlsx")],
        ("import", "ledger.xlsx", "--sheet", "无此表", "-o", "plans/new-plan.yaml"),
        "ledger.xlsx has no sheet '无此表'",
    ),
    (
        "no-header",
        None,
        [("XLSX", "ledger.xlsx", [["淄博市民政局"], ["2022年10月"]])],
        ("import", "ledger.xlsx", "-o", "plans/new-plan.yaml"),
        "ledger.xlsx has no row headed like a ledger (序号, 问题, 整改措施, 责任单位, 完成时限 …)",
    ),
    (
        "bad-plan-file",
        None,
        [("report", "--format", "xlsx", "-o", "ledger.xlsx")],
        ("import", "ledger.xlsx", "-o", "plans/New_Plan.yaml"),
        "-o plans/New_Plan.yaml: a plan is written to ID.yaml, ID in lowercase letters, digits and -",
    ),
    (
        "many-units",
        None,
        [],
        ("form", "--as-of", "2022-10-31", "-o", "form.xlsx"),
        "2 units owe figures, and one file holds one unit's form",
    ),
    (
        "nothing-owed",
        None,
        [],
        ("form", "--as-of", "2022-04-01", "-o", "form.xlsx"),
        "no unit owes a figure on ",
    ),
    (
        "not-in-scope",
        None,
        [
            (
                "FILE",
                "plans/second-plan.yaml",
                "schema_version: 2\nid: second-plan\ntitle: 第二方案\n"
                "period: {start: 2022-01-01, end: 2022-12-31}\ncategories: [立行立改]\n"
                "targets:\n  - {id: a, name: 甲, kind: task, category: 立行立改}\n"
                "  - {id: b, name: 乙, kind: task}\n",
            )
        ],
        ("show", "b", "--category", "立行立改"),
        "b is not in the category or phase asked for",
    ),
    (
        "value-above-later",
        None,
        [("update", "canteens", "100", "--date", "2022-09-01")],
        ("update", "canteens", "150", "--date", "2022-08-01"),
        "canteens is 100 on the later date 2022-09-01; 150 on 2022-08-01 would make it go down",
    ),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(SHIPPED, tmp_path / "plans")
    return tmp_path / "plans"


def prepared(folder: Path, edit: str | None) -> dict[str, str]:
    env = {"RECTIFY_PLANS": str(folder), "NO_COLOR": "1", "COLUMNS": "200", "RECTIFY_LANG": "en"}
    plan = folder / f"{PLAN_ID}.yaml"
    text = plan.read_text(encoding="utf-8")
    if edit == "EMPTY":
        for path in folder.iterdir():
            path.unlink()
    elif edit == "SECOND":
        (folder / "second-plan.yaml").write_text(
            text.replace(f"id: {PLAN_ID}", "id: second-plan", 1), "utf-8"
        )
    elif edit == "SECOND-2023":  # a second plan of another year
        (folder / "second-plan.yaml").write_text(
            text.replace(f"id: {PLAN_ID}", "id: second-plan", 1).replace("2022-", "2023-"), "utf-8"
        )
    elif edit == "LANG-FR":
        env["RECTIFY_LANG"] = "fr"
    elif edit is not None and edit.startswith("ENV:"):
        name, __, value = edit[4:].partition("=")
        env[name] = value
    elif edit is not None:
        plan.write_text(text.replace("schema_version: 1\n", "schema_version: 2\n" + edit, 1), "utf-8")
    return env


@pytest.mark.parametrize(
    ("code", "edit", "setup", "command", "message"), CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)]
)
def test_each_refusal_is_exit_2_with_its_code_and_message(
    folder, monkeypatch, shown, code, edit, setup, command, message
):
    from zibo_rectify.cli import app

    env = prepared(folder, edit)
    runner = CliRunner()
    log = folder / f"{PLAN_ID}.progress.yaml"
    monkeypatch.chdir(folder.parent)  # paths in a command are relative to the folder above plans/
    for step in setup:
        if step[0] == "FILE":  # a file, relative to the folder above plans/
            Path(step[1]).write_text(step[2], encoding="utf-8")
        elif step[0] == "XLSX":  # a workbook of these rows, as an office keeps one
            from openpyxl import Workbook

            book = Workbook()
            for row in step[2]:
                book.active.append(row)
            book.save(step[1])
        elif step[0] == "LINK":
            Path(step[1]).symlink_to(step[2])
        elif step[0] == "LOG":
            with log.open("a", encoding="utf-8") as handle:
                handle.write(step[1] + "\n")
        else:
            assert runner.invoke(app, list(step), env=env).exit_code == 0, step
    shown.clear()  # what the steps before said
    before = log.read_bytes() if log.exists() else None
    result = runner.invoke(app, list(command), env=env)
    assert result.exit_code == 2, result.output
    assert [(d.code, message in d.message) for d in shown] == [(code, True)], [
        (d.code, d.message) for d in shown
    ]
    assert (log.read_bytes() if log.exists() else None) == before
