"""The ledger as a pure function: a withdrawn entry is as if never recorded, a duplicate counts once."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PLAN_ID, SHIPPED
from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import load_plan
from zibo_rectify.plans import PlanFile
from zibo_rectify.status import status_as_of
from zibo_rectify.workflow.ledger import Mark, judge, status_on

PLAN = load_plan(PlanFile(SHIPPED / f"{PLAN_ID}.yaml"))
STAMP = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def figure(day: int, value: int, second: int, target: str = "canteens") -> ProgressEntry:
    return ProgressEntry(
        date=dt.date(2022, 5, 1) + dt.timedelta(days=day),
        target=target,
        value=value,
        recorded=STAMP + dt.timedelta(seconds=second),
    )


def withdrawal(of: ProgressEntry, second: int) -> ProgressEntry:
    return ProgressEntry(
        date=of.date,
        target=of.target,
        kind="withdraw",
        of_date=of.date,
        of_recorded=of.recorded,
        recorded=STAMP + dt.timedelta(seconds=10_000 + second),
    )


figures = st.lists(
    st.tuples(st.integers(0, 240), st.integers(0, 400), st.sampled_from(["canteens", "beds"])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(
    rows=figures,
    withdrawn=st.sets(st.integers(0, 11)),
    day=st.integers(0, 250),
    copies=st.sets(st.integers(0, 11)),
)
def test_withdrawn_entries_are_as_if_never_recorded_and_duplicates_count_once(rows, withdrawn, day, copies):
    entries = [figure(d, v, i, t) for i, (d, v, t) in enumerate(rows)]
    gone = [e for i, e in enumerate(entries) if i in withdrawn]
    log = (
        entries
        + [withdrawal(e, i) for i, e in enumerate(gone)]
        + [e for i, e in enumerate(entries) if i in copies]
    )
    on = dt.date(2022, 5, 1) + dt.timedelta(days=day)
    kept = [e for e in entries if e not in gone]
    assert status_on(PLAN, log, on)[1] == status_as_of(PLAN, kept, on)
    marks = judge(PLAN, log)
    assert {marks.mark(e) for e in gone} <= {Mark.WITHDRAWN}


def test_a_figure_under_review_counts_from_its_own_date_once_accepted():
    plan = PLAN.model_copy(update={"review": "required"})
    first = figure(60, 120, 1)
    review = ProgressEntry(
        date=dt.date(2022, 7, 20),
        target="canteens",
        kind="review",
        verdict="accepted",
        of_date=first.date,
        of_recorded=first.recorded,
        by="督查科",
        recorded=STAMP + dt.timedelta(seconds=5),
    )
    before = judge(plan, [first, review], dt.date(2022, 7, 10))
    assert (before.counting, before.pending) == ([], {"canteens": [first]})
    after = judge(plan, [first, review], dt.date(2022, 7, 20))
    assert (after.counting, after.pending) == ([first], {})
    milestones = status_on(plan, [first, review], dt.date(2022, 8, 1))[1].targets
    canteens = next(t for t in milestones if t.target.id == "canteens")
    assert canteens.milestones[0].reached is True  # 120 by 07-31, dated 06-30: counted from its own date


def test_a_withdrawal_recorded_in_the_same_second_as_its_entry_is_a_step_not_withdrawn():
    """`done` then `undo --yes` within one second: the two share target, date and stamp."""
    entry = figure(80, 95, 0)
    undo = ProgressEntry(
        date=entry.date,
        target=entry.target,
        kind="withdraw",
        of_date=entry.date,
        of_recorded=entry.recorded,
        recorded=entry.recorded,
    )
    ledger = judge(PLAN, [entry, undo])
    assert (ledger.mark(entry), ledger.mark(undo)) == (Mark.WITHDRAWN, Mark.STEP)
    assert entry not in ledger.counting


ZONES = [dt.timezone(dt.timedelta(hours=h)) for h in (8, 0, -5)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 4), st.integers(0, 2)),
        max_size=30,
    )
)
def test_the_ledger_orders_by_date_and_instant_as_one_sort_of_both_would(rows):
    """Two stable sorts (by stamp, then by date) order entries as one sort by (date, recorded):
    the same instant written in two zones is one instant, its entries in the log's order, and
    of equal entries the first is kept."""
    entries = [
        ProgressEntry(
            date=dt.date(2022, 5, 1) + dt.timedelta(days=day),
            target="canteens",
            value=value,
            # zone h: the same instant as its hour; so equal instants come in different zones
            recorded=dt.datetime(2022, 5, 1, 9, tzinfo=dt.UTC).astimezone(ZONES[zone])
            + dt.timedelta(hours=hour),
        )
        for day, hour, value, zone in rows
    ]
    expected: list[ProgressEntry] = []
    for entry in sorted(entries, key=lambda e: (e.date, e.recorded)):
        same = [e for e in expected if (e.date, e.recorded) == (entry.date, entry.recorded)]
        if entry not in same:
            expected.append(entry)
    got = judge(PLAN, entries).counting
    assert [(e, e.recorded.utcoffset()) for e in got] == [(e, e.recorded.utcoffset()) for e in expected]
