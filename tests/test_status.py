"""The status engine as a pure function of (plan, entries, day): every state and figure it reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Plan, validate
from zibo_rectify.status import State, status_as_of

D = dt.date


def plan(*targets: dict[str, Any]) -> Plan:
    return validate(
        Plan,
        {
            "schema_version": 1,
            "id": "p",
            "title": "测试",
            "issuer": "局",
            "period": {"start": "2022-01-01", "end": "2022-12-31"},
            "problems": [{"id": "p1", "title": "问题", "targets": list(targets)}],
        },
    )


def entry(
    target: str, day: str, value: float | None = None, done: bool | None = None, **extra: Any
) -> ProgressEntry:
    return ProgressEntry(
        date=D.fromisoformat(day),
        target=target,
        value=value,
        done=done,
        recorded=dt.datetime(2022, 12, 31, 12, tzinfo=dt.UTC),
        **extra,
    )


CANTEENS = {
    "id": "canteens",
    "name": "长者食堂",
    "kind": "count",
    "goal": 300,
    "start": "2022-05-01",
    "due": "2022-12-31",
    "milestones": [{"by": "2022-07-31", "value": 120}, {"by": "2022-10-31", "value": 240}],
}


def one(p: Plan, entries: list[ProgressEntry], day: str) -> Any:
    return status_as_of(p, entries, D.fromisoformat(day)).targets[0]


def test_the_planned_path_runs_through_each_milestone():
    p = plan(CANTEENS)
    assert one(p, [], "2022-05-01").planned == 0
    assert one(p, [], "2022-07-31").planned == 120
    assert one(p, [], "2022-09-15").planned == pytest.approx(120 + 120 * 46 / 92)
    assert one(p, [], "2022-10-31").planned == 240
    assert one(p, [], "2022-12-31").planned == 300


@pytest.mark.parametrize(
    ("entries", "day", "state"),
    [
        ([], "2022-04-30", State.NOT_STARTED),
        ([], "2022-05-20", State.NO_DATA),
        ([], "2022-06-01", State.BEHIND),  # past the first 30 days: judged from 0
        ([("2022-06-01", 10)], "2022-06-15", State.BEHIND),
        ([("2022-06-01", 80)], "2022-06-15", State.ON_TRACK),
        ([("2022-06-01", 300)], "2022-06-15", State.DONE),
        ([("2022-12-01", 299)], "2023-01-01", State.OVERDUE),
        ([], "2023-01-01", State.OVERDUE),
        ([("2022-12-01", 299)], "2022-12-31", State.BEHIND),
    ],
)
def test_states_of_a_cumulative_target(entries, day, state):
    p = plan(CANTEENS)
    assert one(p, [entry("canteens", d, v) for d, v in entries], day).state is state


def test_the_value_is_the_latest_entry_on_or_before_the_day_and_corrections_count():
    p = plan(CANTEENS)
    entries = [
        entry("canteens", "2022-07-01", 100),
        entry("canteens", "2022-08-01", 150),
        entry("canteens", "2022-08-05", 130, correction=True),
        entry("canteens", "2022-09-01", 200),
    ]
    assert one(p, entries, "2022-07-31").value == 100
    assert one(p, entries, "2022-08-06").value == 130
    assert one(p, entries, "2022-09-01").value == 200


def test_a_missed_milestone_stays_missed_after_catching_up():
    p = plan(CANTEENS)
    entries = [entry("canteens", "2022-07-31", 95), entry("canteens", "2022-10-20", 250)]
    status = one(p, entries, "2022-11-01")
    july, october = status.milestones
    assert (july.reached, july.value_then) == (False, 95)
    assert (october.reached, october.value_then) == (True, 250)
    assert status.state is State.ON_TRACK


def test_forecast_and_at_risk_from_the_trend():
    p = plan(CANTEENS)
    slow = one(p, [entry("canteens", "2022-07-31", 95)], "2022-08-01")
    assert slow.forecast == D(2022, 7, 31) + dt.timedelta(days=197)  # 95 in 91 days → 205 more
    assert slow.at_risk
    fast = one(p, [entry("canteens", "2022-10-20", 250)], "2022-10-25")
    assert fast.forecast is not None and fast.forecast <= D(2022, 12, 31)
    assert not fast.at_risk


def test_what_the_target_needs_from_now():
    p = plan(CANTEENS)
    need = one(p, [entry("canteens", "2022-07-31", 95)], "2022-08-01").need
    assert (need.value, need.by) == (240, D(2022, 10, 31))
    assert need.per_month == pytest.approx(145 / (91 / (365.25 / 12)))


RATE = {
    "id": "care-rate",
    "name": "集中供养率",
    "kind": "rate",
    "unit": "%",
    "goal": 60,
    "comparison": "kept_at",
}


def test_rates_are_met_or_not_on_the_latest_figure_and_go_stale():
    p = plan(RATE)
    assert one(p, [], "2022-01-20").state is State.NO_DATA
    assert one(p, [entry("care-rate", "2022-06-01", 55)], "2022-06-02").state is State.NOT_MET
    entries = [entry("care-rate", "2022-06-01", 55), entry("care-rate", "2022-07-01", 61)]
    fresh = one(p, entries, "2022-07-02")
    assert (fresh.state, fresh.stale) == (State.MET, False)
    assert one(p, entries, "2022-10-01").stale  # 92 days without a figure


def test_caps_ranges_and_kept_levels():
    cap = {"id": "debt", "name": "债务", "kind": "amount", "unit": "亿元", "goal": 5, "comparison": "at_most"}
    assert one(plan(cap), [entry("debt", "2022-03-01", 4.5)], "2022-03-02").state is State.MET
    assert one(plan(cap), [entry("debt", "2022-03-01", 5.5)], "2022-03-02").state is State.NOT_MET
    band = {"id": "sites", "name": "试点", "kind": "rate", "goal": [40, 50], "comparison": "range"}
    assert one(plan(band), [entry("sites", "2022-03-01", 45)], "2022-03-02").state is State.MET
    assert one(plan(band), [entry("sites", "2022-03-01", 55)], "2022-03-02").state is State.NOT_MET
    kept = {"id": "facility", "name": "配建率", "kind": "rate", "goal": 100, "comparison": "kept_at"}
    assert one(plan(kept), [entry("facility", "2022-03-01", 100)], "2022-03-02").state is State.MET
    assert one(plan(kept), [entry("facility", "2022-03-01", 98)], "2022-03-02").state is State.NOT_MET


TASK = {"id": "rules", "name": "出台办法", "kind": "task", "start": "2022-05-01", "due": "2022-06-30"}


@pytest.mark.parametrize(
    ("entries", "day", "state"),
    [
        ([], "2022-04-01", State.NOT_STARTED),
        ([], "2022-06-01", State.ON_TRACK),
        ([], "2022-07-01", State.OVERDUE),
        (["2022-06-20"], "2022-06-21", State.DONE),
        (["2022-06-20"], "2022-06-19", State.ON_TRACK),
        (["2022-08-20"], "2022-09-01", State.DONE),
    ],
)
def test_states_of_a_task(entries, day, state):
    assert one(plan(TASK), [entry("rules", d, done=True) for d in entries], day).state is state


def test_an_item_kept_up_after_its_date_is_judged_on_its_level():
    kept = {**CANTEENS, "milestones": [], "due": "2022-06-30", "goal": 100, "ongoing": True}
    before = one(plan(kept), [entry("canteens", "2022-06-01", 80)], "2022-06-15")
    assert before.state is State.ON_TRACK
    after = [entry("canteens", "2022-06-01", 120), entry("canteens", "2022-09-01", 90, correction=True)]
    assert one(plan(kept), after[:1], "2022-08-01").state is State.MET
    assert one(plan(kept), after, "2022-09-02").state is State.NOT_MET


def test_summary_counts_completion_and_what_falls_due():
    p = plan(CANTEENS, RATE, TASK)
    entries = [entry("care-rate", "2022-06-01", 61), entry("rules", "2022-06-10", done=True)]
    status = status_as_of(p, entries, D(2022, 7, 10))
    assert status.counts[State.MET] == 1 and status.counts[State.DONE] == 1
    assert status.counts[State.BEHIND] == 1  # canteens: nothing recorded 70 days after its start
    assert status.completion == pytest.approx(2 / 3)
    assert [(i.on, i.target, i.what, i.value) for i in status.due_soon] == [
        (D(2022, 7, 31), "canteens", "milestone", 120)
    ]
