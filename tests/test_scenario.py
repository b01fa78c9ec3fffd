"""The core loop as a user runs it: the installed `rectify`, a copy of the shipped plan, real subprocesses."""

from __future__ import annotations

from conftest import PLAN_ID, target


def status_at(run, day: str) -> dict:
    result = run("status", PLAN_ID, "--as-of", day, "--json")
    assert result.code == 0, result.err
    return result.json()


def test_canteens_beds_tasks_and_rates_through_a_year(run, plans_dir):
    assert run("update", "canteens", "95", "--date", "2022-07-31", "--note", "第一批验收").code == 0

    august = status_at(run, "2022-08-01")
    canteens = target(august, "canteens")
    assert canteens["state"] == "behind"
    assert canteens["value"] == 95
    assert canteens["milestones"][0] == {
        "by": "2022-07-31",
        "value": 120,
        "reached": False,
        "value_then": 95,
    }
    assert canteens["milestones"][1]["reached"] is None
    assert target(august, "beds")["state"] == "overdue"

    text = run("status", "--as-of", "2022-08-01")
    assert "✗ 120 家 by 07-31: had 95 家" in text.out

    assert run("update", "canteens", "250", "--date", "2022-10-20").code == 0
    october = target(status_at(run, "2022-10-25"), "canteens")
    assert october["state"] == "on_track"
    assert october["milestones"][1] == {
        "by": "2022-10-31",
        "value": 240,
        "reached": True,
        "value_then": 250,
    }
    assert october["milestones"][0]["reached"] is False  # the miss in July stays visible

    assert run("update", "canteens", "300", "--date", "2022-12-20").code == 0
    assert target(status_at(run, "2022-12-20"), "canteens")["state"] == "done"

    assert (
        run("done", "low-income-rules", "--date", "2022-06-20", "--evidence", "淄民发〔2022〕1号").code == 0
    )
    assert target(status_at(run, "2022-06-25"), "low-income-rules")["state"] == "done"
    assert target(status_at(run, "2022-06-19"), "low-income-rules")["state"] == "on_track"

    assert run("update", "care-rate", "55", "--date", "2022-09-01").code == 0
    assert target(status_at(run, "2022-09-02"), "care-rate")["state"] == "not_met"
    assert run("update", "集中供养率", "61", "--date", "2022-11-01").code == 0  # by alias
    assert target(status_at(run, "2022-11-02"), "care-rate")["state"] == "met"

    log = run("log", "--json").json()
    assert [(e["target"], e.get("value"), e.get("done")) for e in log] == [
        ("low-income-rules", None, True),
        ("canteens", 95, None),
        ("care-rate", 55, None),
        ("canteens", 250, None),
        ("care-rate", 61, None),
        ("canteens", 300, None),
    ]
    assert run("check").code == 0


def test_status_of_the_shipped_plan_today_shows_where_it_ended(run):
    result = run("status", "--json")
    assert result.code == 0
    data = result.json()
    assert data["plan"] == PLAN_ID
    assert data["summary"]["completion"] == 0
    assert target(data, "canteens")["state"] == "overdue"
    care_rate = target(data, "care-rate")  # nothing recorded, long past its first month: not met
    assert (care_rate["state"], care_rate["flags"], care_rate["value"]) == ("not_met", ["no_data"], None)


def test_the_log_line_is_json_and_yaml(run, plans_dir):
    import json

    import yaml

    run(
        "update",
        "canteens",
        "120",
        "--date",
        "2022-07-28",
        "--note",
        "第二批验收",
        "--by",
        "养老服务科",
    )
    last = (plans_dir / f"{PLAN_ID}.progress.yaml").read_text(encoding="utf-8").splitlines()[-1]
    assert last.startswith('- {"date": "2022-07-28", "target": "canteens", "value": 120, "by": "养老服务科",')
    entry = json.loads(last[2:])
    assert entry["note"] == "第二批验收" and entry["evidence"] is None
    assert yaml.safe_load(last)[0]["note"] == "第二批验收"


def test_a_note_past_u_ffff_reads_the_same_as_json_and_as_yaml(run, plans_dir):
    import json

    import yaml

    note = "标签\U000e0041字\U0010fffd"  # a tag character and a private-use one: unprintable, past U+FFFF
    assert run("update", "canteens", "7", "--date", "2022-07-01", "--note", note).code == 0
    last = (plans_dir / f"{PLAN_ID}.progress.yaml").read_text(encoding="utf-8").splitlines()[-1]
    assert json.loads(last[2:])["note"] == yaml.safe_load(last)[0]["note"] == note
    assert "\\U000e0041" in run("log").out  # shown as a visible escape, never raw
