"""The workflow through the installed `rectify`: sign-off, review, evidence, warnings, due, undo."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from conftest import PLAN_ID, target, without_late

BY = {"RECTIFY_BY": "养老服务科"}


def status_at(run, day: str) -> dict:
    result = run("status", PLAN_ID, "--as-of", day, "--json")
    assert result.code == 0, result.err
    return result.json()


def canteens_at(run, day: str) -> dict:
    return target(status_at(run, day), "canteens")


def plan_path(plans_dir: Path) -> Path:
    return plans_dir / f"{PLAN_ID}.yaml"


def format_2(plans_dir: Path, extra: str) -> None:
    """The shipped plan as format 2, with plan-level fields added at the top."""
    path = plan_path(plans_dir)
    text = path.read_text(encoding="utf-8").replace("schema_version: 1\n", "schema_version: 2\n" + extra, 1)
    path.write_text(text, encoding="utf-8")


def log_entries(run) -> list[dict]:
    result = run("log", "--json")
    assert result.code == 0, result.err
    return result.json()


def test_signoff_is_refused_below_the_goal_then_locks_the_target_until_reopened(run):
    assert run("update", "canteens", "250", "--date", "2022-10-20").code == 0
    refused = run("signoff", "canteens", "--by", "督查科", "--date", "2022-10-25")
    assert refused.code == 2
    assert (
        "长者食堂 (canteens) cannot be signed off on 2022-10-25: its goal is not met that day (250 of 300 家)"
        in refused.err
    )
    assert "fix: record the figure that meets the goal first" in refused.err

    assert run("update", "canteens", "300", "--date", "2022-12-20").code == 0
    signed = run("signoff", "canteens", "--by", "督查科", "--date", "2022-12-21")
    assert signed.code == 0, signed.err
    assert "Signed off 长者食堂 (canteens) on 2022-12-21 by 督查科" in signed.out

    locked = run("update", "canteens", "305", "--date", "2022-12-22")
    assert locked.code == 2
    assert "长者食堂 (canteens) was signed off on 2022-12-21 by 督查科" in locked.err
    assert "rectify reopen canteens --reason" in locked.err
    assert run("note", "canteens", "回头看", "--date", "2022-12-22").code == 2  # a note too
    assert run("done", "facility-rules", "--date", "2022-07-20").code == 0  # other targets are not locked
    assert run("reopen", "canteens", "--date", "2022-12-23").code == 2  # --reason is required
    assert run("reopen", "canteens", "--reason", "回头看发现问题反弹", "--date", "2022-12-23").code == 0
    assert run("update", "canteens", "305", "--date", "2022-12-24").code == 0

    assert [(e["date"], e.get("kind"), e.get("value")) for e in log_entries(run)] == [
        ("2022-07-20", None, None),
        ("2022-10-20", None, 250),
        ("2022-12-20", None, 300),
        ("2022-12-21", "signoff", None),
        ("2022-12-23", "reopen", None),
        ("2022-12-24", None, 305),
    ]
    assert canteens_at(run, "2022-10-25")["signed_off"] is None
    on_the_day = canteens_at(run, "2022-12-20")
    assert (on_the_day["state"], on_the_day["value"], on_the_day["signed_off"]) == ("done", 300, None)
    assert canteens_at(run, "2022-12-21")["signed_off"] == {
        "on": "2022-12-21",
        "by": "督查科",
        "evidence": None,
    }
    assert canteens_at(run, "2022-12-22")["signed_off"]["on"] == "2022-12-21"
    reopened = canteens_at(run, "2022-12-23")
    assert reopened["signed_off"] is None
    assert reopened["reopened"] == {"on": "2022-12-23", "by": None, "reason": "回头看发现问题反弹"}
    assert canteens_at(run, "2022-12-24")["value"] == 305
    table = run("status", "--as-of", "2022-12-22")
    assert "长者食堂 (canteens)  signed off 2022-12-21 by 督查科" in table.out
    assert run("check").code == 0


def test_signoff_can_require_evidence(run, plans_dir):
    format_2(plans_dir, "signoff: {evidence: required}\n")
    assert run("update", "canteens", "300", "--date", "2022-12-20").code == 0
    refused = run("signoff", "canteens", "--by", "督查科", "--date", "2022-12-21")
    assert refused.code == 2 and "requires evidence for a sign-off" in refused.err
    assert (
        run(
            "signoff",
            "canteens",
            "--by",
            "督查科",
            "--date",
            "2022-12-21",
            "--evidence",
            "淄民发〔2022〕30号",
        ).code
        == 0
    )
    assert canteens_at(run, "2022-12-21")["signed_off"]["evidence"] == "淄民发〔2022〕30号"


def test_review_keeps_a_figure_pending_until_accepted_and_a_rejected_one_out_for_good(run, plans_dir):
    format_2(plans_dir, "review: required\n")
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0
    assert run("review", "canteens", "--accept", "--by", "督查科", "--date", "2022-08-02").code == 0
    assert run("update", "canteens", "120", "--date", "2022-08-20").code == 0

    waiting = canteens_at(run, "2022-08-25")
    assert waiting["value"] == 95  # the last accepted figure
    assert [(p["date"], p["value"]) for p in waiting["pending"]] == [("2022-08-20", 120)]
    assert "长者食堂 (canteens)  yellow: " in run("status", "--as-of", "2022-08-25").out
    assert "pending review: 120 家 of 2022-08-20" in run("status", "--as-of", "2022-08-25").out
    listed = run("pending")
    assert listed.code == 0 and f"{PLAN_ID} line 6: 2022-08-20 长者食堂 (canteens) 120 家" in listed.out

    assert run("review", "canteens", "--reject", "--by", "督查科").code == 2  # a rejection says why
    assert (
        run(
            "review", "canteens", "--reject", "--reason", "缺验收单", "--by", "督查科", "--date", "2022-08-26"
        ).code
        == 0
    )
    after = canteens_at(run, "2022-09-01")
    assert (after["value"], after["pending"]) == (95, [])
    assert "Nothing awaits review." in run("pending").out

    assert run("update", "canteens", "130", "--date", "2022-09-10").code == 0
    line = next(e["line"] for e in log_entries(run) if e.get("value") == 130)
    accepted = run(
        "review", "canteens", "--entry", str(line), "--accept", "--by", "督查科", "--date", "2022-09-15"
    )
    assert accepted.code == 0, accepted.err
    assert canteens_at(run, "2022-09-12")["value"] == 95  # still pending on that day
    counted = canteens_at(run, "2022-09-16")
    assert (counted["value"], counted["last_entry"]) == (130, "2022-09-10")  # counts from its own date
    marks = {e.get("value"): e["mark"] for e in log_entries(run) if e.get("kind") is None}
    assert marks == {95: "counts", 120: "rejected", 130: "counts"}
    assert "[rejected]" in run("log", "canteens").out
    assert run("check").code == 0


def test_evidence_files_are_hashed_and_check_reports_a_change(run, plans_dir, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    proof = docs / "验收单.pdf"
    proof.write_bytes(b"%PDF-1.4 first version")
    recorded_hash = hashlib.sha256(proof.read_bytes()).hexdigest()
    result = run(
        "update",
        "canteens",
        "300",
        "--date",
        "2022-12-20",
        "--evidence",
        "docs/验收单.pdf",
        "--evidence",
        "淄民发〔2022〕30号",
    )
    assert result.code == 0, result.err
    line = (plans_dir / f"{PLAN_ID}.progress.yaml").read_text(encoding="utf-8").splitlines()[-1]
    entry = json.loads(line[2:])
    assert entry["evidence"] == "docs/验收单.pdf"
    assert entry["evidence_refs"] == [
        {"ref": "docs/验收单.pdf", "sha256": recorded_hash},
        {"ref": "淄民发〔2022〕30号", "sha256": None},
    ]
    assert run("check").code == 0

    proof.write_bytes(b"%PDF-1.4 changed")
    changed = run("check")
    assert changed.code == 1
    assert f"{PLAN_ID}.progress.yaml:4:1: error: the evidence file docs/验收单.pdf changed" in changed.out
    assert recorded_hash in changed.out
    proof.unlink()
    missing = without_late(run("check", "--format", "json").json())
    assert [(d["code"], d["line"]) for d in missing] == [("evidence-missing", 4)]


def test_evidence_paths_must_stay_inside_the_repository(run, tmp_path):
    outside = tmp_path.parent / "outside-evidence.pdf"
    outside.write_bytes(b"x")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "link.pdf").symlink_to(outside)
    for ref in ("../outside-evidence.pdf", str(outside), "docs/link.pdf"):
        refused = run("update", "canteens", "30", "--date", "2022-06-01", "--evidence", ref)
        assert refused.code == 2 and "outside the plans repository" in refused.err, ref
    assert log_entries(run) == []
    typo = run("update", "canteens", "30", "--date", "2022-06-01", "--evidence", "docs/没有.pdf")
    assert (
        typo.code == 0
        and "docs/没有.pdf names no file in the plans repository; it is kept as text" in typo.err
    )
    [entry] = log_entries(run)
    assert (entry["evidence"], entry.get("evidence_refs")) == ("docs/没有.pdf", None)


def warnings_at(run, day: str) -> dict[str, dict]:
    result = run("warnings", "--as-of", day, "--json")
    assert result.code == 0, result.err
    return {w["target"]: w for w in result.json()["warnings"]}


JULY_AUGUST_TASKS = {
    "disabled-care-services",
    "party-building-assistance",
    "midterm-summary",
    "standing-committee-report",
}


def test_warnings_of_the_core_scenario(run):
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0
    august = warnings_at(run, "2022-08-01")
    assert august["beds"] == {
        "target": "beds",
        "level": "red",
        "reason": "due 07-31, 0 of 3,000 张",
        "months_yellow_or_red": 3,  # behind its path (from nothing) at 05-31, 06-30 and 07-31
        "months_red": 0,
    }
    assert august["canteens"]["level"] == "yellow"
    assert (
        august["canteens"]["reason"] == "behind the planned path: 95 家, planned 122 家 by 08-01"
    )  # 应达: a whole number
    assert august["facility-rules"]["reason"] == "due 07-31, not done"

    late_august = warnings_at(run, "2022-08-25")
    blue = {t for t, w in late_august.items() if w["level"] == "blue"}
    assert blue == JULY_AUGUST_TASKS
    assert late_august["midterm-summary"]["reason"] == "due 08-31 in 6 days, not done"
    assert late_august["beds"]["months_red"] == 0  # red since 08-01, not yet at a month end

    assert run("done", "midterm-summary", "--date", "2022-08-26").code == 0
    assert "midterm-summary" not in warnings_at(run, "2022-08-27")

    autumn = warnings_at(run, "2022-09-30")
    assert (autumn["beds"]["months_red"], autumn["beds"]["months_yellow_or_red"]) == (2, 5)
    assert autumn["canteens"]["level"] == "yellow"
    assert autumn["canteens"]["months_yellow_or_red"] == 5  # behind at every month end from 05-31
    text = run("warnings", "--as-of", "2022-09-30")
    assert (
        "家庭养老床位 (beds)  red: due 07-31, 0 of 3,000 张  (yellow or red at 5 month ends in a row)"
        in text.out
    )
    status = status_at(run, "2022-08-01")
    assert target(status, "beds")["warning"] == {"level": "red", "reason": "due 07-31, 0 of 3,000 张"}
    assert target(status, "facility-rules-implementation")["warning"] is None


def test_fail_on_red_for_ci_and_cron(run, plans_dir):
    assert run("warnings", "--as-of", "2022-06-20", "--fail-on", "red").code == 0
    assert run("warnings", "--as-of", "2022-08-01", "--fail-on", "red").code == 1
    assert run("warnings", "--as-of", "2022-08-01", "--fail-on", "红色").code == 1  # typed in Chinese
    assert run("check").code == 0
    failed = run("check", "--fail-on", "red")  # today: the plan's year is long over
    assert failed.code == 1
    assert "beds is at warning level red on" in failed.out
    assert run("check", "--fail-on", "purple").code == 2


DUE_PLAN = """\
schema_version: 2
id: monthly
title: 月报测试方案
period: {start: 2022-05-01, end: 2022-12-31}
problems:
  - id: first
    title: 第一个问题
    owners: [{role: lead, name: 养老服务科}]
    targets:
      - {id: canteens, name: 长者食堂, kind: count, unit: 家, goal: 300, cadence: monthly}
      - {id: beds, name: 家庭养老床位, kind: count, unit: 张, goal: 3000, cadence: monthly}
  - id: second
    title: 第二个问题
    owners: [{role: lead, name: 社会救助科}, {role: supporting, name: 市财政局}]
    targets:
      - {id: care-rate, name: 集中供养率, kind: rate, goal: 60, cadence: monthly}
      - {id: yearly-report, name: 年度报告, kind: task, cadence: yearly}
"""


def test_due_lists_the_units_that_recorded_nothing_in_august(run, plans_dir):
    for old in plans_dir.glob("*.yaml"):
        old.unlink()
    (plans_dir / "monthly.yaml").write_text(DUE_PLAN, encoding="utf-8")
    assert run("update", "canteens", "40", "--date", "2022-08-15").code == 0
    assert run("update", "beds", "500", "--date", "2022-08-31").code == 0
    assert run("update", "care-rate", "50", "--date", "2022-07-20").code == 0
    result = run("due", "--as-of", "2022-09-05", "--json")
    assert result.code == 0, result.err
    assert result.json()["owed"] == [
        {
            "unit": "社会救助科",
            "target": "care-rate",
            "name": "集中供养率",
            "cadence": "monthly",
            "period": {"start": "2022-08-01", "end": "2022-08-31"},
            "state": "late",
            "last_figure": "2022-07-20",
            "part": None,
            "part_name": None,
        }
    ]
    markdown = run(
        "due", "--as-of", "2022-09-05", "--format", "md", "--lang", "en"
    )  # a Chinese plan: zh by default
    assert (
        "### 社会救助科\n- 集中供养率 (care-rate): late: nothing for 2022-08-01 to 2022-08-31;"
        " last figure 2022-07-20" in markdown.out
    )
    assert "养老服务科" not in markdown.out
    # at the end of September, everyone owes September's figure
    end = run("due", "--as-of", "2022-09-28", "--json").json()["owed"]
    assert {(o["target"], o["state"]) for o in end} == {
        ("canteens", "due"),
        ("beds", "due"),
        ("care-rate", "late"),
    }


def test_undo_and_retract_leave_status_as_if_never_recorded(run):
    before = status_at(run, "2022-08-01")
    assert run("update", "beds", "95", "--date", "2022-07-31", env=BY).code == 0  # meant for canteens
    assert run("done", "low-income-rules", "--date", "2022-06-20", env=BY).code == 0  # by mistake

    unconfirmed = run("undo", env=BY)
    assert unconfirmed.code == 2 and "add --yes" in unconfirmed.err
    undone = run("undo", "--yes", env=BY)
    assert undone.code == 0, undone.err
    rules = "修订出台《淄博市最低生活保障管理办法》 (low-income-rules)"
    assert f"Withdrew line 5: 2022-06-20 {rules} done" in undone.out
    retracted = run("retract", "4", "--reason", "录错目标", "--yes")
    assert retracted.code == 0, retracted.err

    assert status_at(run, "2022-08-01") == before
    marks = [(e["line"], e.get("kind"), e["mark"]) for e in sorted(log_entries(run), key=lambda e: e["line"])]
    assert marks == [
        (4, None, "withdrawn"),
        (5, None, "withdrawn"),
        (6, "withdraw", "step"),
        (7, "withdraw", "step"),
    ]
    shown = run("log").out
    assert shown.count("[withdrawn]") == 2
    assert run("check").code == 0
    # the figure goes where it belongs, and the task can be marked done when it is
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0
    assert run("retract", "6", "--reason", "x").code == 2  # a withdrawal is not withdrawn
    assert run("undo", "--yes", "--by", "nobody").code == 2


def test_done_undo_withdraws_a_task_marked_done_by_mistake(run):
    assert run("done", "low-income-rules", "--date", "2022-06-20").code == 0
    assert run("done", "low-income-rules", "--undo").code == 0
    assert target(status_at(run, "2022-06-25"), "low-income-rules")["state"] == "on_track"
    assert run("done", "low-income-rules", "--undo").code == 2  # nothing left to undo
    assert run("done", "low-income-rules", "--date", "2022-06-28").code == 0
    assert target(status_at(run, "2022-06-30"), "low-income-rules")["state"] == "done"


def test_a_refused_lower_figure_says_how_to_correct_the_wrong_one(run):
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0
    refused = run("update", "canteens", "90", "--date", "2022-08-10")
    assert refused.code == 2
    assert "rectify update canteens VALUE --date 2022-07-31 --correction" in refused.err


def test_a_duplicate_entry_counts_once_and_is_a_warning(run, plans_dir):
    format_2(plans_dir, "review: required\n")
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    last = log.read_text(encoding="utf-8").splitlines()[-1]
    log.write_text(log.read_text(encoding="utf-8") + last + "\n", encoding="utf-8")
    assert len(canteens_at(run, "2022-08-01")["pending"]) == 1
    assert run("review", "canteens", "--accept", "--by", "督查科", "--date", "2022-08-01").code == 0
    checked = run("check", "--format", "json")
    assert checked.code == 0
    assert [(d["code"], d["severity"], d["line"]) for d in without_late(checked.json())] == [
        ("duplicate-entry", "warning", 5)
    ]
    github = run("check", "--format", "github")
    assert github.code == 0 and github.out.startswith("::warning file=")
    assert "warning: this entry repeats line 4" in run("check").out


def test_changes_since_the_last_report(run):
    for step in (
        ("update", "canteens", "95", "--date", "2022-07-31"),
        ("update", "canteens", "300", "--date", "2022-12-20"),
        ("signoff", "canteens", "--by", "督查科", "--date", "2022-12-21"),
    ):  # each recorded on the day it is about
        assert run(*step, env={"RECTIFY_RECORDED_AT": f"{step[-1]}T18:00:00+08:00"}).code == 0
    result = run("changes", "--since", "2022-07-30", "--as-of", "2022-08-01", "--json")
    assert result.code == 0, result.err
    found = result.json()
    assert [(e["target"], e["value"]) for e in found["entries"]] == [("canteens", 95)]
    assert {"target": "beds", "before": "behind", "after": "overdue", "late_by_days": None} in found["states"]
    assert {"target": "beds", "before": "yellow", "after": "red"} in found["warnings"] or any(
        w["target"] == "beds" and w["after"] == "red" for w in found["warnings"]
    )
    assert {
        "target": "canteens",
        "by": "2022-07-31",
        "what": "milestone",
        "value": 120,
        "reached": False,
        "value_then": 95,
        "late_by_days": None,
    } in found["milestones"]
    assert any(
        m["target"] == "beds" and m["what"] == "goal" and not m["reached"] for m in found["milestones"]
    )
    assert found["signoffs"] == []
    december = run("changes", "--since", "2022-12-01", "--as-of", "2022-12-31", "--json").json()
    assert [(s["target"], s["date"], s["by"]) for s in december["signoffs"]] == [
        ("canteens", "2022-12-21", "督查科")
    ]
    text = run("--lang", "en", "changes", "--since", "2022-12-01", "--as-of", "2022-12-31").out
    assert "  Signed off\n    2.6 长者食堂: 督查科 signed it off on 2022-12-21\n" in text


def test_log_marks_a_figure_a_correction_of_its_date_replaced(run):
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0
    assert run("update", "canteens", "90", "--date", "2022-07-31", "--correction").code == 0
    assert [(e["value"], e["mark"]) for e in log_entries(run)] == [(95, "superseded"), (90, "counts")]
    assert "95 [superseded]" in run("log").out
    assert canteens_at(run, "2022-08-01")["value"] == 90


def test_warnings_in_chinese(run):
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0
    shown = run("warnings", "--as-of", "2022-09-30", env={"RECTIFY_LANG": "zh"})
    beds = "家庭养老床位（beds）  红色：7月31日到期，0 / 3,000张"
    assert beds + "  （已连续5个月末为黄色或红色预警）" in shown.out


def test_check_reports_a_withdrawal_that_names_no_entry(run, plans_dir):
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0
    assert run("retract", "4", "--reason", "录错", "--yes").code == 0
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:3] + lines[4:]), encoding="utf-8")  # the figure's line lost
    found = run("check", "--format", "json")
    assert found.code == 1
    assert [(d["code"], d["line"]) for d in found.json()] == [("names-no-entry", 4)]


def test_workflow_messages_in_chinese_name_the_target_and_write_dates_as_running_text(run):
    assert run("update", "canteens", "250", "--date", "2022-10-20").code == 0
    refused = run("--lang", "zh", "signoff", "canteens", "--by", "督查科", "--date", "2022-10-25")
    assert refused.code == 2
    assert "长者食堂（canteens）不能于2022年10月25日销号：当日未达目标（250 / 300家）" in refused.err
    assert run("update", "canteens", "300", "--date", "2022-12-20").code == 0
    signed = run("--lang", "zh", "signoff", "canteens", "--by", "督查科", "--date", "2022-12-21")
    assert signed.code == 0 and "长者食堂（canteens）已于2022年12月21日由督查科销号" in signed.out
    shown = run("--lang", "zh", "show", "canteens", "--as-of", "2022-12-31")
    assert " 2022-12-21   销号 " in shown.out and "signoff" not in shown.out  # the history's step, in Chinese
    early = run("--lang", "zh", "reopen", "canteens", "--reason", "回头看", "--date", "2022-12-01")
    assert early.code == 2 and "于2022年12月21日销号，不能早于该日重新打开" in early.err
    undone = run("--lang", "zh", "undo", "--yes", "--by", "督查科")
    assert undone.code == 0 and "2022-12-21 长者食堂（canteens） 销号" in undone.out, undone.out


def test_a_figure_recorded_in_chinese_is_confirmed_as_running_text(run):
    recorded = run("--lang", "zh", "update", "canteens", "120", "--date", "2022-07-31")
    assert recorded.code == 0 and "已记录：长者食堂（canteens）2022年7月31日为120家，写入 " in recorded.out
    english = run("update", "canteens", "150", "--date", "2022-08-31")
    assert "Recorded 长者食堂 (canteens) = 150 家 on 2022-08-31 in " in english.out


def test_listings_go_on_past_a_plan_with_problems_and_a_gate_fails_on_it(run, plans_dir: Path):
    text = plan_path(plans_dir).read_text(encoding="utf-8")
    broken = text.replace(f"id: {PLAN_ID}", "id: other-plan", 1).replace(
        "schema_version: 1", "schema_version: 7"
    )
    (plans_dir / "other-plan.yaml").write_text(broken, encoding="utf-8")
    for args in (
        ("warnings", "--as-of", "2022-08-01"),
        ("due", "--as-of", "2022-08-01"),
        ("changes", "--since", "2022-07-01", "--as-of", "2022-08-01"),
        ("targets",),
        ("status", "--as-of", "2022-08-01"),
    ):
        shown = run(*args)
        assert shown.code == 0, (args, shown.err)
        assert "other-plan.yaml: warning: this plan has problems and is left out" in shown.err, args
        assert "other-plan" not in shown.out and any(
            w in shown.out for w in (PLAN_ID, "市民政局", "长者食堂")
        ), args
    gate = run("warnings", "--as-of", "2022-08-01", "--fail-on", "red")
    assert gate.code == 1  # a plan it could not read fails the gate, whatever the others' levels
    named = run("warnings", "other-plan")
    assert named.code == 2 and "schema_version: expected 1 or 2, not 7" in named.err


def test_changes_in_chinese_read_as_the_reports_section_with_names_and_no_english(run):
    assert run("update", "canteens", "95", "--date", "2022-07-20").code == 0
    text = run("--lang", "zh", "changes", "--since", "2022-07-01", "--as-of", "2022-08-01").out
    assert "自2022年7月1日以来，截至2022年8月1日：" in text
    assert "    2.6 长者食堂：✗ 2022年7月31日前达到120家：未达到，实际为95家" in text
    assert "    2.4 家庭养老床位：滞后 → 逾期" in text
    words = {w for w in re.findall(r"[A-Za-z_]{2,}", text)}
    assert words == set(), words  # no on_track, goal, milestone or ids in the Chinese text
