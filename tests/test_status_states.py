"""The states of the status engine as one table: kind × comparison × situation → state and flags.

Every target runs from 03-01 to 09-30 of 2022.  Counts, amounts and
quantities aim at 100 with a milestone of 40 by 06-30 (their path: 0 on 03-01,
40 on 06-30, 100 on 09-30); rates and changes aim at 80 from a baseline of 20
with a milestone of 50 by 06-30; tasks have no figure, or a percent.  A
situation says when the one figure (if any) is recorded and which day is asked:
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Plan, validate
from zibo_rectify.status import status_as_of

# situation               figure dated   day asked
SITUATIONS = {
    "before start": (None, "02-15"),
    "early": (None, "03-15"),  # inside the first 30 days, nothing recorded
    "on the path": ("05-01", "05-02"),
    "below it": ("05-01", "05-02"),
    "missed milestone": ("06-30", "07-01"),
    "reached": ("08-01", "08-02"),
    "exceeded": ("08-01", "08-02"),
    "past due reached": ("10-05", "10-10"),
    "past due not reached": ("09-01", "10-10"),
    "no figure": (None, "07-15"),
    "stale": ("03-05", "07-01"),  # 118 days without a figure
}

# kind          comparison   situation               figure  state          flags
TABLE = """
count           at_least     before start            -       not_started    -
count           at_least     early                   -       no_data        no_data
count           at_least     on the path             30      on_track       -
count           at_least     below it                10      behind         at_risk
count           at_least     missed milestone        30      behind         at_risk
count           at_least     reached                 100     done           -
count           at_least     exceeded                120     done           -
count           at_least     past due reached        100     done           late
count           at_least     past due not reached    80      overdue        -
count           at_least     no figure               -       behind         no_data
count           at_least     stale                   30      behind         stale
count           more_than    on the path             30      on_track       -
count           more_than    below it                10      behind         at_risk
count           more_than    missed milestone        30      behind         at_risk
count           more_than    reached                 101     done           -
count           more_than    exceeded                120     done           -
count           more_than    past due reached        101     done           late
count           more_than    past due not reached    100     overdue        -
count           more_than    no figure               -       behind         no_data
count           exactly      on the path             30      on_track       -
count           exactly      below it                10      behind         at_risk
count           exactly      missed milestone        30      behind         at_risk
count           exactly      reached                 100     done           -
count           exactly      exceeded                120     done           exceeded
count           exactly      past due reached        120     done           exceeded,late
count           exactly      past due not reached    80      overdue        -
count           exactly      no figure               -       behind         no_data
count           range        on the path             30      on_track       -
count           range        below it                10      behind         at_risk
count           range        missed milestone        30      behind         at_risk
count           range        reached                 95      done           -
count           range        exceeded                120     done           exceeded
count           range        past due reached        95      done           late
count           range        past due not reached    80      overdue        -
count           range        no figure               -       behind         no_data
count           about        on the path             30      on_track       -
count           about        below it                10      behind         at_risk
count           about        missed milestone        30      behind         at_risk
count           about        reached                 96      done           -
count           about        exceeded                120     done           exceeded
count           about        past due reached        104     done           late
count           about        past due not reached    94      overdue        -
count           about        no figure               -       behind         no_data
count           at_most      before start            -       not_started    -
count           at_most      early                   -       no_data        no_data
count           at_most      on the path             30      met            -
count           at_most      reached                 100     met            -
count           at_most      exceeded                120     not_met        -
count           at_most      past due reached        100     met            -
count           at_most      past due not reached    120     not_met        -
count           at_most      no figure               -       not_met        no_data
count           less_than    on the path             30      met            -
count           less_than    reached                 99      met            -
count           less_than    exceeded                100     not_met        -
count           less_than    no figure               -       not_met        no_data
amount          at_least     on the path             30      on_track       -
amount          at_least     reached                 100     done           -
amount          at_least     past due not reached    80      overdue        -
amount          exactly      exceeded                120     done           exceeded
quantity        at_least     below it                10      behind         at_risk
quantity        at_least     reached                 100.5   done           -
quantity        range        exceeded                120     done           exceeded
rate            at_least     before start            -       not_started    -
rate            at_least     early                   -       no_data        no_data
rate            at_least     on the path             40      on_track       -
rate            at_least     below it                30      behind         -
rate            at_least     missed milestone        45      behind         -
rate            at_least     reached                 80      met            -
rate            at_least     exceeded                90      met            -
rate            at_least     past due reached        80      met            -
rate            at_least     past due not reached    70      not_met        -
rate            at_least     no figure               -       behind         no_data
rate            at_least     stale                   40      behind         stale
rate            more_than    on the path             40      on_track       -
rate            more_than    reached                 81      met            -
rate            more_than    past due not reached    80      not_met        -
rate            exactly      on the path             40      not_met        -
rate            exactly      reached                 80      met            -
rate            exactly      exceeded                90      not_met        -
rate            range        reached                 75      met            -
rate            range        exceeded                95      not_met        -
rate            range        no figure               -       not_met        no_data
rate            about        reached                 77      met            -
rate            about        exceeded                85      not_met        -
rate            at_most      early                   -       no_data        no_data
rate            at_most      on the path             40      met            -
rate            at_most      exceeded                90      not_met        -
rate            at_most      no figure               -       met            no_data
rate            less_than    reached                 79      met            -
rate            less_than    exceeded                80      not_met        -
rate            kept_at      before start            -       not_started    -
rate            kept_at      early                   -       no_data        no_data
rate            kept_at      on the path             40      not_met        -
rate            kept_at      reached                 80      met            -
rate            kept_at      exceeded                90      met            -
rate            kept_at      past due reached        80      met            -
rate            kept_at      past due not reached    70      not_met        -
rate            kept_at      no figure               -       not_met        no_data
rate            kept_at      stale                   85      met            stale
rate-no-base    at_least     early                   -       no_data        no_data
rate-no-base    at_least     on the path             40      on_track       -
rate-no-base    at_least     below it                5       on_track       -
rate-no-base    at_least     missed milestone        45      behind         -
rate-no-base    at_least     reached                 80      met            -
rate-no-base    at_least     no figure               -       behind         no_data
change          at_least     on the path             40      on_track       -
change          at_least     below it                -10     behind         -
change          at_least     reached                 80      met            -
change          at_least     past due not reached    70      not_met        -
change          at_most      exceeded                90      not_met        -
task            -            before start            -       not_started    -
task            -            early                   -       on_track       -
task            -            reached                 done    done           -
task            -            past due reached        done    done           late
task            -            past due not reached    -       overdue        -
task            -            no figure               -       on_track       -
task            -            stale                   done    done           -
task-percent    -            on the path             50%     on_track       -
task-percent    -            below it                10%     behind         at_risk
task-percent    -            missed milestone        50%     behind         at_risk
task-percent    -            reached                 100%    done           -
task-percent    -            past due reached        100%    done           late
task-percent    -            past due not reached    80%     overdue        -
indicator       -            before start            -       -              -
indicator       -            on the path             30      -              -
indicator       -            no figure               -       -              no_data
"""

GOALS: dict[str, Any] = {"range": [90, 110]}
RATE_GOALS: dict[str, Any] = {"range": [70, 90], "about": 80}


def target(kind: str, comparison: str) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "t", "name": "目标", "start": "2022-03-01", "due": "2022-09-30"}
    if kind.startswith("task"):
        return {**base, "kind": "task"}
    if kind == "indicator":
        return {**base, "kind": "indicator"}
    if kind in ("count", "amount", "quantity"):
        goal = GOALS.get(comparison, 100)
        return {
            **base,
            "kind": kind,
            "goal": goal,
            "comparison": comparison,
            "milestones": [{"by": "2022-06-30", "value": 40}]
            if comparison not in ("at_most", "less_than")
            else [],
        }
    rate = {**base, "kind": "rate" if kind.startswith("rate") else "change", "unit": "%"}
    rate |= {"goal": RATE_GOALS.get(comparison, 80), "comparison": comparison}
    rate |= {"milestones": [{"by": "2022-06-30", "value": 50}]} if comparison == "at_least" else {}
    return rate if kind == "rate-no-base" else {**rate, "baseline": 20}


def figure(kind: str, written: str, day: str) -> dict[str, Any]:
    if written == "done":
        return {"done": True}
    if written.endswith("%"):
        return {"percent": float(written[:-1])}
    return {"value": float(written)}


ROWS = [
    line.split(None, 2)[:2] + line.split(None, 2)[2].rsplit(None, 3) for line in TABLE.strip().splitlines()
]


@pytest.mark.parametrize(("kind", "comparison", "situation", "written", "state", "flags"), ROWS)
def test_the_state_table(
    kind: str, comparison: str, situation: str, written: str, state: str, flags: str
) -> None:
    dated, day = SITUATIONS[situation]
    plan = validate(
        Plan,
        {
            "schema_version": 2,
            "id": "p",
            "title": "测试",
            "period": {"start": "2022-01-01", "end": "2022-12-31"},
            "targets": [target(kind, comparison)],
        },
    )
    entries = []
    if written != "-":
        assert dated is not None, situation
        entries.append(
            ProgressEntry(
                date=dt.date.fromisoformat(f"2022-{dated}"),
                target="t",
                recorded=dt.datetime(2022, 1, 1, tzinfo=dt.UTC),
                **figure(kind, written, dated),
            )
        )
    status = status_as_of(plan, entries, dt.date.fromisoformat(f"2022-{day}")).targets[0]
    got = status.state.value if status.state else "-"
    got_flags = ",".join(sorted(f.value for f in status.flags)) or "-"
    assert (got, got_flags) == (state, ",".join(sorted(flags.split(","))) if flags != "-" else "-")
