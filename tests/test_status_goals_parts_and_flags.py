"""What status says beyond a plain count: goals passed or exceeded, rates on their path, caps with
no figure, the pace and what is left, every lead, late completions, filtered views, notes,
same-day entries, breakdowns, the comparisons of format 2, cadences, repeats and problems."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import PLAN_ID, target
from zibo_rectify.log import ProgressEntry, entry_line
from zibo_rectify.model import Plan, Target, validate
from zibo_rectify.status import Flag, Rollup, State, planned_path, status_as_of
from zibo_rectify.status.inforce import points
from zibo_rectify.status.path import forecast

D = dt.date
STAMP = dt.datetime(2022, 1, 1, 12, tzinfo=dt.UTC)


def plan(*targets: dict[str, Any], problems: list[dict[str, Any]] | None = None) -> Plan:
    return validate(Plan, plan_data(*targets, problems=problems))


def entry(target: str, day: str, value: float | None = None, **extra: Any) -> ProgressEntry:
    recorded = extra.pop("recorded", STAMP)
    return ProgressEntry(date=D.fromisoformat(day), target=target, value=value, recorded=recorded, **extra)


def one(p: Plan, entries: list[ProgressEntry], day: str) -> Any:
    return status_as_of(p, entries, D.fromisoformat(day)).targets[0]


def write_plan(plans_dir: Path, data: dict[str, Any], entries: list[ProgressEntry]) -> None:
    """A format-2 plan beside the shipped one, and its log written line by line as the tool writes it."""
    (plans_dir / "v2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    lines = "".join(entry_line(e) + "\n" for e in entries)
    (plans_dir / "v2.progress.yaml").write_text(lines, encoding="utf-8")


def plan_data(*targets: dict[str, Any], problems: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "id": "v2",
        "title": "测试方案",
        "period": {"start": "2022-01-01", "end": "2022-12-31"},
        "targets": list(targets),
        "problems": problems or [],
    }


# 1. Overshoot is done and over the goal (超出), never overdue; a forecast is never before the last entry.
def test_1_overshooting_an_exact_or_range_goal_is_done_and_over_the_goal() -> None:
    exact = {"id": "homes", "name": "改造", "kind": "count", "goal": 400, "comparison": "exactly"}
    status = one(plan(exact), [entry("homes", "2022-06-01", 420)], "2022-06-02")
    assert (status.state, status.flags, status.forecast) == (State.DONE, {Flag.OVERSHOOT}, None)
    band = {"id": "sites", "name": "试点", "kind": "count", "goal": [4, 5], "comparison": "range"}
    status = one(plan(band), [entry("sites", "2022-06-01", 7)], "2022-06-02")
    assert (status.state, status.flags) == (State.DONE, {Flag.OVERSHOOT})
    # past its goal the trend has already got there: on the last figure's day, not before it
    series = points([entry("homes", "2022-06-01", 420)])
    assert forecast((D(2022, 1, 1), 0.0), series, 400, D(2022, 12, 31)) == (D(2022, 6, 1), False)


def test_1_the_table_says_over_the_goal(cli, run, plans_dir: Path) -> None:
    band = {"id": "sites", "name": "试点", "kind": "count", "goal": [4, 5], "comparison": "range"}
    write_plan(plans_dir, plan_data(band), [entry("sites", "2022-06-01", 7)])
    assert "done, over the goal" in cli("status", "v2", "--as-of", "2022-06-02").out
    zh = run("--lang", "zh", "status", "v2", "--as-of", "2022-06-02").out
    assert "已完成（超出）" in zh and "超额完成" not in zh


# 2. A rate to reach by the year's end is on its path until then.
RIVER = {
    "id": "water",
    "name": "水质优良比例",
    "kind": "rate",
    "unit": "%",
    "goal": 97.8,
    "baseline": 94,
    "start": "2022-01-01",
    "due": "2022-12-31",
    "milestones": [{"by": "2022-06-30", "value": 95.5}],
}


def test_a_rate_due_at_the_years_end_is_judged_on_its_path_until_then() -> None:
    p = plan(RIVER)
    july = [entry("water", "2022-06-30", 95.6), entry("water", "2022-07-15", 96.0)]
    status = one(p, july, "2022-07-20")
    assert (status.state, status.milestones[0].reached) == (State.ON_TRACK, True)
    assert one(p, [entry("water", "2022-07-15", 94.2)], "2022-07-20").state is State.BEHIND
    assert one(p, [entry("water", "2022-12-31", 97.0)], "2022-12-31").state is State.NOT_MET
    assert one(p, [entry("water", "2022-12-20", 98.0)], "2022-12-31").state is State.MET


# 3. A cap with no figure has no value, and its milestone is not reached.
def test_a_cap_with_no_figure_has_no_value_and_no_milestone_reached(cli, plans_dir: Path) -> None:
    cap = {
        "id": "complaints",
        "name": "投诉件数",
        "kind": "count",
        "goal": 50,
        "comparison": "at_most",
        "milestones": [{"by": "2022-06-30", "value": 60}],
    }
    status = one(plan(cap), [], "2022-07-01")
    assert status.value is None
    assert (status.milestones[0].reached, status.milestones[0].value_then) == (False, None)
    write_plan(plans_dir, plan_data(cap), [])
    shown = cli("status", "v2", "--as-of", "2022-07-01", "--json").json()["targets"][0]
    assert shown["value"] is None
    assert shown["milestones"][0] == {"by": "2022-06-30", "value": 60, "reached": False, "value_then": None}
    assert "✓ 60 by 06-30" not in cli("status", "v2", "--as-of", "2022-07-01").out


# 4. The pace with the precision it has; on the due day, what is left to do.
def test_the_pace_has_its_precision_and_the_due_day_says_what_is_left(cli, run, plans_dir: Path) -> None:
    small = {"id": "stations", "name": "站点", "kind": "count", "goal": 1, "due": "2022-10-31"}
    write_plan(plans_dir, plan_data(small), [])
    json_need = cli("status", "v2", "--as-of", "2022-06-15", "--json").json()["targets"][0]["need"]
    assert json_need["per_month"] == 0.22
    assert "+0.2/month to reach 1 by 10-31" in cli("status", "v2", "--as-of", "2022-06-15").out
    big = {"id": "beds", "name": "床位", "kind": "count", "goal": 3000, "due": "2022-07-31"}
    write_plan(plans_dir, plan_data(big), [entry("beds", "2022-07-30", 2988)])
    out = cli("status", "v2", "--as-of", "2022-07-31").out
    assert "due today: 12 to go" in out and "/month" not in out
    assert "今日到期：尚差12" in run("--lang", "zh", "status", "v2", "--as-of", "2022-07-31").out


# 5. Every lead is shown, and a head is not printed as the lead.
def test_every_lead_is_shown_and_roles_are_kept(cli, plans_dir: Path) -> None:
    two = {
        "id": "checks",
        "name": "检查",
        "kind": "task",
        "owners": [{"role": "lead", "name": "卫健局"}, {"role": "co_lead", "name": "教育局"}],
    }
    head = {"id": "report", "name": "报告", "kind": "task", "owners": [{"role": "head", "name": "王局长"}]}
    status = status_as_of(plan(two, head), [], D(2022, 3, 1))
    assert [(o.role.value, o.name) for o in status.targets[0].owners] == [
        ("lead", "卫健局"),
        ("co_lead", "教育局"),
    ]
    assert (status.targets[0].owner, status.targets[1].owner) == ("卫健局", None)
    write_plan(plans_dir, plan_data(two, head), [])
    out = cli("status", "v2", "--as-of", "2022-03-01").out
    assert "lead: 卫健局; co-lead: 教育局" in out and "head: 王局长" in out and "lead: 王局长" not in out
    owners = cli("status", "v2", "--as-of", "2022-03-01", "--json").json()["targets"][0]["owners"]
    assert owners == [
        {"role": "lead", "name": "卫健局", "title": None},
        {"role": "co_lead", "name": "教育局", "title": None},
    ]


# 6. Done late says so, and overdue says by how many days.
def test_a_task_done_after_its_due_date_is_done_late_and_overdue_counts_days() -> None:
    rules = {"id": "rules", "name": "办法", "kind": "task", "start": "2022-05-01", "due": "2022-06-30"}
    late = one(plan(rules), [entry("rules", "2022-07-05", done=True)], "2022-08-01")
    assert (late.state, late.done_on, late.late_by_days, late.flags) == (
        State.DONE,
        D(2022, 7, 5),
        5,
        {Flag.LATE},
    )
    on_time = one(plan(rules), [entry("rules", "2022-06-20", done=True)], "2022-08-01")
    assert (on_time.late_by_days, on_time.flags) == (None, frozenset())
    overdue = one(plan(rules), [], "2022-08-01")
    assert (overdue.state, overdue.days_overdue) == (State.OVERDUE, 32)


# 7. A filtered view keeps the plan's summary and says how much it shows; counts read well.
def test_a_filtered_view_keeps_the_plans_summary(cli, run, plans_dir: Path) -> None:
    tasks = [{"id": f"task-{n}", "name": f"事项{n}", "kind": "task"} for n in (1, 2, 3)]
    write_plan(plans_dir, plan_data(*tasks), [entry("task-1", "2022-03-01", done=True)])
    out = cli("status", "v2", "--as-of", "2022-03-02", "--state", "done").out
    assert "3 targets: 2 on track, 1 done · completion 33.3%" in out
    assert "showing 1 of 3 targets" in out
    data = cli("status", "v2", "--as-of", "2022-03-02", "--state", "done", "--json").json()
    assert (data["summary"]["completion"], data["summary"]["shown"], len(data["targets"])) == (0.3333, 1, 1)
    none = cli("status", "v2", "--as-of", "2022-03-02", "--state", "overdue").out
    assert "showing 0 of 3 targets" in none and "0 targets" not in none
    write_plan(plans_dir, plan_data(tasks[0]), [])
    assert "1 target: 1 on track" in cli("status", "v2", "--as-of", "2022-03-02").out
    assert "共 1 个任务：" in run("--lang", "zh", "status", "v2", "--as-of", "2022-03-02").out


# 8. Nothing recorded past the first month is behind; a bar is full only at the goal; a cap has no bar.
def test_nothing_recorded_near_the_due_date_is_behind_and_bars_tell_the_truth(cli, plans_dir: Path) -> None:
    count = {"id": "canteens", "name": "食堂", "kind": "count", "goal": 300, "due": "2022-12-31"}
    status = one(plan(count), [], "2022-12-20")
    assert (status.state, status.flags) == (State.BEHIND, {Flag.NO_DATA})
    cap = {"id": "ratio", "name": "比例", "kind": "rate", "unit": "%", "goal": 4.3, "comparison": "at_most"}
    almost = {"id": "almost", "name": "将满", "kind": "count", "goal": 100}
    write_plan(
        plans_dir,
        plan_data(cap, almost),
        [entry("ratio", "2022-06-01", 3.57), entry("almost", "2022-06-01", 98)],
    )
    out = cli("status", "v2", "--as-of", "2022-06-02").out
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()}  # by name, as shown
    assert "█████████░  98%" in rows["将满"]
    assert "3.57% / ≤4.3%" in rows["比例"] and "░" not in rows["比例"] and "83%" not in rows["比例"]


# 9. Notes show in status and its JSON.
def test_the_latest_note_shows_in_status_and_json(cli, plans_dir: Path) -> None:
    count = {"id": "canteens", "name": "食堂", "kind": "count", "goal": 300}
    entries = [entry("canteens", "2022-07-01", 40), entry("canteens", "2022-08-10", note="马站未开工")]
    write_plan(plans_dir, plan_data(count), entries)
    shown = cli("status", "v2", "--as-of", "2022-08-11", "--json").json()["targets"][0]
    assert (shown["last_note"], shown["last_note_date"], shown["value"]) == ("马站未开工", "2022-08-10", 40)
    assert "note 08-10: 马站未开工" in cli("status", "v2", "--as-of", "2022-08-11").out


# The value in force: the highest uncorrected figure of a date; a correction that date wins.
def test_same_date_entries_the_highest_counts_and_a_correction_of_that_date_wins() -> None:
    count = {"id": "canteens", "name": "食堂", "kind": "count", "goal": 300}
    later = STAMP + dt.timedelta(hours=1)
    merged = [entry("canteens", "2022-07-01", 120), entry("canteens", "2022-07-01", 110, recorded=later)]
    assert one(plan(count), merged, "2022-07-02").value == 120
    corrected = [*merged, entry("canteens", "2022-07-01", 100, correction=True, recorded=STAMP)]
    assert one(plan(count), corrected, "2022-07-02").value == 100


# Issue 9, "What it must show", the status half.
CANTEENS = {
    "id": "canteens",
    "name": "长者食堂",
    "kind": "count",
    "unit": "家",
    "goal": 300,
    "due": "2022-12-31",
    "parts": [
        {"id": "zhangdian", "name": "张店区", "goal": 100},
        {"id": "zichuan", "name": "淄川区", "goal": 120},
        {"id": "boshan", "name": "博山区", "goal": 80},
    ],
}


def test_a_breakdown_sums_its_parts_and_each_part_has_its_state() -> None:
    entries = [
        entry("canteens", "2022-06-01", 40, part="zhangdian"),
        entry("canteens", "2022-06-01", 30, part="zichuan"),
        entry("canteens", "2022-06-05", 80, part="博山区"),  # by name, as a person may write it
        entry("canteens", "2022-06-10", 50, part="zhangdian"),
    ]
    status = one(plan(CANTEENS), entries, "2022-06-15")
    assert status.value == 160
    assert [(p.part.id, p.value, p.goal, p.state) for p in status.parts] == [
        ("zhangdian", 50, 100, State.ON_TRACK),  # the path of 100 by 12-31 stands at 45 on 06-15
        ("zichuan", 30, 120, State.BEHIND),  # 54 on the path
        ("boshan", 80, 80, State.DONE),
    ]
    assert (status.state, status.planned) == (State.ON_TRACK, pytest.approx(300 * 165 / 364))


def test_each_roll_up_is_met_when_every_part_is() -> None:
    rate = {
        "id": "coverage",
        "name": "覆盖率",
        "kind": "rate",
        "unit": "%",
        "goal": 90,
        "comparison": "kept_at",
        "parts": [{"id": "a", "name": "甲"}, {"id": "b", "name": "乙"}],
    }
    half = [entry("coverage", "2022-06-01", 95, part="a"), entry("coverage", "2022-06-01", 80, part="b")]
    assert one(plan(rate), half, "2022-06-02").state is State.NOT_MET
    full = [*half, entry("coverage", "2022-06-20", 91, part="b")]
    status = one(plan(rate), full, "2022-06-21")
    assert (status.state, [p.state for p in status.parts]) == (State.MET, [State.MET, State.MET])


@pytest.mark.parametrize(
    ("goal", "figure", "state"),
    [
        ({"kind": "change", "goal": 200, "comparison": "more_than"}, 200, State.NOT_MET),
        ({"kind": "change", "goal": 200, "comparison": "more_than"}, 200.5, State.MET),
        ({"kind": "rate", "goal": 4.3, "comparison": "less_than"}, 3.57, State.MET),
        ({"kind": "rate", "goal": 4.3, "comparison": "less_than"}, 4.3, State.NOT_MET),
        ({"kind": "change", "goal": 6.2, "comparison": "about"}, 6.0, State.MET),
        ({"kind": "change", "goal": 6.2, "comparison": "about"}, 5.8, State.NOT_MET),
        ({"kind": "change", "goal": 6.2, "comparison": "about", "tolerance": 0.5}, 5.8, State.MET),
        ({"kind": "change", "goal": 5, "comparison": "at_least"}, -1.5, State.NOT_MET),
    ],
)
def test_the_new_comparisons(goal: dict[str, Any], figure: float, state: State) -> None:
    levels = {"id": "figure", "name": "指标", "unit": "%", "due": "2022-06-30", **goal}
    status = one(plan(levels), [entry("figure", "2022-06-30", figure)], "2022-07-01")
    assert (status.state, status.value) == (state, figure)


def test_more_than_200_is_not_done_at_200_for_a_count_either() -> None:
    count = {"id": "sites", "name": "站点", "kind": "count", "goal": 200, "comparison": "more_than"}
    assert one(plan(count), [entry("sites", "2022-12-01", 200)], "2023-01-01").state is State.OVERDUE
    assert one(plan(count), [entry("sites", "2022-12-01", 201)], "2023-01-01").state is State.DONE


def test_a_count_in_a_scaled_unit_takes_decimals() -> None:
    people = {"id": "water", "name": "农村供水", "kind": "count", "unit": "万口", "goal": 10}
    status = one(plan(people), [entry("water", "2022-06-01", 7.4)], "2022-06-02")
    assert (status.value, status.state) == (7.4, State.ON_TRACK)


def test_a_goal_that_follows_another_figure_is_judged_against_it_that_day() -> None:
    average = {"id": "city-average", "name": "全市平均", "kind": "indicator", "unit": "%"}
    ours = {"id": "ours", "name": "本区", "kind": "rate", "unit": "%", "goal": {"of": "city-average"}}
    ours |= {"comparison": "kept_at"}
    entries = [
        entry("city-average", "2022-03-01", 80),
        entry("ours", "2022-03-01", 82),
        entry("city-average", "2022-06-01", 85),
    ]
    status = status_as_of(plan(average, ours), entries, D(2022, 4, 1))
    assert [t.state for t in status.targets] == [None, State.MET]
    assert status.targets[0].value == 80 and status.completion == 1.0  # the indicator does not count
    later = status_as_of(plan(average, ours), entries, D(2022, 6, 2)).targets[1]
    assert (later.goal, later.state) == (85, State.NOT_MET)


def test_an_ongoing_task_reconfirmed_after_the_plans_end_is_not_stale() -> None:
    kept = {
        "id": "patrols",
        "name": "常态化巡查",
        "kind": "task",
        "due": "2022-06-30",
        "ongoing": True,
        "until": "2023-12-31",
    }
    entries = [entry("patrols", "2022-06-30", done=True), entry("patrols", "2023-03-01", done=True)]
    status = one(plan(kept), entries, "2023-03-10")
    assert (status.state, status.reconfirmed, status.stale) == (State.MET, D(2023, 3, 1), False)
    before = one(plan(kept), entries[:1], "2023-02-01")
    assert (before.state, before.reconfirmed, before.stale) == (State.MET, None, True)


def test_a_repeated_task_shows_the_current_occurrence_and_the_missed_ones() -> None:
    monthly = {"id": "report", "name": "月报", "kind": "task", "repeat": "monthly", "start": "2022-01-01"}
    entries = [entry("report", "2022-01-25", done=True), entry("report", "2022-04-02", done=True)]
    status = one(plan(monthly), entries, "2022-04-10")
    assert (status.state, status.missed) == (State.DONE, (D(2022, 2, 28), D(2022, 3, 31)))
    assert one(plan(monthly), entries, "2022-05-03").state is State.ON_TRACK


def test_no_data_lasts_one_cadence_period() -> None:
    monthly = {"id": "figure", "name": "月度数", "kind": "count", "goal": 100, "cadence": "quarterly"}
    assert one(plan(monthly), [], "2022-03-20").state is State.NO_DATA
    assert one(plan(monthly), [], "2022-04-02").state is State.BEHIND


def test_the_offices_expected_date_is_shown_and_at_risk_when_after_due() -> None:
    count = {"id": "canteens", "name": "食堂", "kind": "count", "goal": 300, "due": "2022-08-31"}
    entries = [
        entry("canteens", "2022-06-01", 250),
        entry("canteens", "2022-06-15", expected=D(2022, 9, 30), note="预计9月底前完成"),
    ]
    status = one(plan(count), entries, "2022-06-20")
    assert (status.expected, Flag.AT_RISK in status.flags, status.last_note) == (
        D(2022, 9, 30),
        True,
        "预计9月底前完成",
    )


def test_workflow_steps_never_change_a_figure() -> None:
    count = {"id": "canteens", "name": "食堂", "kind": "count", "goal": 300}
    review = {"kind": "review", "verdict": "accepted", "of_date": D(2022, 6, 1), "of_recorded": STAMP}
    entries = [entry("canteens", "2022-06-01", 250), entry("canteens", "2022-06-02", 300, **review)]
    assert one(plan(count), entries, "2022-06-03").value == 250


def test_a_problems_roll_up_and_the_summary_counts_problems(cli, run, plans_dir: Path) -> None:
    tasks = [{"id": f"task-{n}", "name": f"事项{n}", "kind": "task"} for n in (1, 2, 3, 4)]
    problems = [
        {"id": "first", "title": "问题一", "targets": tasks[:2]},
        {"id": "second", "title": "问题二", "targets": tasks[2:]},
    ]
    done = [entry(f"task-{n}", "2022-03-01", done=True) for n in (1, 2, 3)]
    status = status_as_of(plan(problems=problems), done, D(2022, 3, 2))
    assert [p.rollup for p in status.problems] == [Rollup.RECTIFIED, Rollup.PARTLY]
    write_plan(plans_dir, plan_data(problems=problems), done)
    summary = cli("status", "v2", "--as-of", "2022-03-02", "--json").json()["summary"]
    assert summary["problems"] == {"rectified": 1, "partly": 1, "in_progress": 0, "overdue": 0}
    out = cli("status", "v2", "--as-of", "2022-03-02").out
    assert "问题一  ·  rectified" in out and "问题二  ·  partly rectified" in out
    assert "2 problems: 1 rectified, 1 partly rectified" in out
    assert "共 2 个问题：已整改 1 个" in run("--lang", "zh", "status", "v2", "--as-of", "2022-03-02").out


def test_parts_show_as_rows_under_their_target(cli, plans_dir: Path) -> None:
    entries = [
        entry("canteens", "2022-06-01", 40, part="zhangdian"),
        entry("canteens", "2022-06-01", 80, part="boshan"),
    ]
    write_plan(plans_dir, plan_data(CANTEENS), entries)
    out = cli("status", "v2", "--as-of", "2022-06-02").out
    lines = [line for line in out.splitlines() if line.strip()]
    canteens = next(line for line in lines if line.split()[0] == "长者食堂")
    parts = [line for line in lines if line.startswith("   └ ")]
    assert [line.split()[1] for line in parts] == ["张店区", "淄川区", "博山区"]  # named, as targets are
    assert "120 / ≥300 家" in canteens and "40 / ≥100 家" in parts[0] and "  done" in parts[2]
    assert lines.index(parts[0]) > lines.index(canteens)
    parts = cli("status", "v2", "--as-of", "2022-06-02", "--json").json()["targets"][0]["parts"]
    assert [(p["id"], p["value"], p["goal"], p["state"]) for p in parts] == [
        ("zhangdian", 40, 100, "behind"),
        ("zichuan", 0, 120, "behind"),
        ("boshan", 80, 80, "done"),
    ]


# Issue 10, "What it must show": the shipped plan.
MAY_JUNE = [
    "low-income-rules",
    "extreme-poverty-rules",
    "temporary-assistance-notice",
    "data-sharing",
    "reporting-system",
]


def test_a_task_of_may_and_june_done_on_07_05_is_done_late_in_both_languages(run) -> None:
    for task in MAY_JUNE:
        day = "2022-07-05" if task == "data-sharing" else "2022-06-20"
        assert run("done", task, "--date", day).code == 0
    sharing_name = " 加强部门间数据共享核对"  # data-sharing, named first in the table
    english = run("status", PLAN_ID, "--as-of", "2022-08-01")
    row = next(line for line in english.out.splitlines() if line.startswith(sharing_name))
    assert "done late" in row and "done 07-05, 5 days late" in row
    chinese = run("--lang", "zh", "status", PLAN_ID, "--as-of", "2022-08-01")
    row = next(line for line in chinese.out.splitlines() if line.startswith(sharing_name))
    assert "逾期完成" in row and "7月5日完成，逾期5天" in row
    data = json.loads(run("status", PLAN_ID, "--as-of", "2022-08-01", "--json").out)
    sharing = target(data, "data-sharing")
    assert (sharing["state"], sharing["done_on"], sharing["late_by_days"], sharing["flags"]) == (
        "done",
        "2022-07-05",
        5,
        ["late"],
    )
    assert data["summary"]["done"] == 5
    assert "5 done" in english.out and "已完成 5 个" in chinese.out
    late = run("status", PLAN_ID, "--as-of", "2022-08-01", "--state", "late")
    assert sharing_name in late.out and "low-income-rules" not in late.out
    assert "showing 1 of 21 targets" in late.out and "5 done" in late.out


def test_each_judge_reads_one_case() -> None:
    from zibo_rectify.model import Target
    from zibo_rectify.status import judges
    from zibo_rectify.status.records import Point

    cap = validate(Target, {"id": "c", "name": "上限", "kind": "rate", "goal": 4.3, "comparison": "at_most"})
    case = judges.Case(
        cap, D(2022, 1, 1), None, D(2022, 6, 1), [], [Point(D(2022, 5, 1), 3.57)], 4.3, [], None, None
    )
    assert judges.judge_for(cap, None, D(2022, 6, 1)) is judges.level
    assert judges.level(case).state is State.MET
    assert judges.level(case._replace(series=[])).value is None  # a cap with no figure has none


def test_meets_judges_a_figure_against_the_written_goal_outside_a_status() -> None:
    from zibo_rectify.model import Target
    from zibo_rectify.status import meets

    def make(kind: str, comparison: str, goal: Any) -> Target:
        return validate(
            Target, {"id": "t", "name": "目标", "kind": kind, "goal": goal, "comparison": comparison}
        )

    assert meets(7, make("count", "range", [4, 5]))  # a cumulative overshoot has made its goal
    assert not meets(7, make("rate", "range", [4, 5]))  # a level outside its band has not
    assert not meets(200, make("count", "more_than", 200)) and meets(3.57, make("rate", "less_than", 4.3))


def test_the_planned_path_a_report_charts_is_the_one_the_engine_judges_by() -> None:
    homes = {
        "id": "homes",
        "name": "改造",
        "kind": "count",
        "baseline": 60,
        "goal": 300,
        "milestones": [{"by": "2022-06-30", "value": 120}],
    }
    beds = {"id": "beds", "name": "床位", "kind": "count", "goal": {"of": "need"}}
    need = {"id": "need", "name": "需求", "kind": "indicator"}
    entries = [entry("homes", "2022-03-01", 90), entry("need", "2022-02-01", 50)]
    status = status_as_of(plan(homes, beds, need), entries, D(2022, 9, 30))
    by_id = {t.target.id: t for t in status.targets}
    corners = planned_path(by_id["homes"])
    assert corners == [(D(2022, 1, 1), 60), (D(2022, 6, 30), 120), (D(2022, 12, 31), 300)]
    # on 09-30 the path stands between 120 (06-30) and 300 (12-31), as the engine's 序时进度 says
    assert by_id["homes"].planned == pytest.approx(120 + 180 * 92 / 184)
    assert planned_path(by_id["beds"]) == [(D(2022, 1, 1), 0), (D(2022, 12, 31), 50)]  # the goal in force
    assert planned_path(by_id["need"]) == []


def test_the_value_in_force_on_a_date_is_its_highest_unless_a_correction_wins() -> None:
    """Same-date figures, corrections and parts, in any order of the log: one rule (`log.in_force`)."""
    at = [dt.datetime(2022, 1, 1, hour, tzinfo=dt.UTC) for hour in range(12)]
    log = [
        entry("roads", "2022-03-01", 40, recorded=at[2]),
        entry("roads", "2022-03-01", 30, recorded=at[3]),  # lower, later: the higher counts
        entry("roads", "2022-03-01", note="进展顺利", recorded=at[4]),
        entry("roads", "2022-04-01", 80, recorded=at[1]),
        entry("roads", "2022-04-01", 50, correction=True, recorded=at[5]),  # a correction wins
        entry("roads", "2022-04-01", 55, correction=True, recorded=at[6]),  # the latest one
        entry("roads", "2022-04-01", 90, recorded=at[7]),
        entry("roads", "2022-03-01", 7, part="east", recorded=at[8]),
        entry("roads", "2022-03-01", 9, part="east", recorded=at[0]),
        entry("roads", "2022-04-01", 4, part="east", correction=True, recorded=at[9]),
        entry("roads", "2022-04-01", 6, part="west", recorded=at[10]),
    ]

    def by_points(series: list[ProgressEntry]) -> list[tuple[dt.date, float]]:
        return [(p.date, p.value) for p in points(series)]

    assert by_points([e for e in log if e.part is None]) == [(D(2022, 3, 1), 40), (D(2022, 4, 1), 55)]
    assert by_points([e for e in log if e.part == "east"]) == [(D(2022, 3, 1), 9), (D(2022, 4, 1), 4)]
    assert by_points([e for e in log if e.part == "west"]) == [(D(2022, 4, 1), 6)]
    assert by_points(list(reversed(log[:7]))) == by_points(log[:7])
