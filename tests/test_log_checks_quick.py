"""The log's checks against its plan on logs of every shape: repeated entries, drops, the ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zibo_rectify import check, model, plans
from zibo_rectify.log import Log, ProgressEntry, entry_line, parse_log

CST = dt.timezone(dt.timedelta(hours=8))
PLAN = """\
schema_version: 2
id: p
title: 测试方案
period: {start: 2023-01-01, end: 2023-12-31}
targets:
  - id: canteens
    name: 长者食堂
    aliases: [食堂]
    kind: count
    unit: 家
    goal: 300
    parts:
      - {id: zhangdian, name: 张店区, goal: 150}
      - {id: zichuan, name: 淄川区, goal: 150}
  - id: beds
    name: 床位
    kind: count
    unit: 张
    goal: 50
    parts: [{id: a, name: 甲, goal: 50}]
    roll_up: each
  - {id: people, name: 受益人数, kind: count, unit: 万人, goal: 2.5}
  - {id: money, name: 资金, kind: amount, unit: 万元, goal: 1200}
  - {id: roads, name: 道路, kind: quantity, unit: 公里, goal: 85.5}
  - {id: rate, name: 覆盖率, kind: rate, goal: 60}
  - {id: growth, name: 增长率, kind: change, goal: 5}
  - {id: average, name: 平均水平, kind: indicator}
  - {id: rules, name: 制度, kind: task}
  - id: kept
    name: 长期坚持
    kind: task
    ongoing: true
    due: 2023-06-30
    until: 2024-06-30
  - {id: always, name: 常态长效, kind: rate, goal: 90, ongoing: true}
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("plan") / "p.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return model.load_plan(plans.PlanFile(path), use_cache=False)


TARGETS = ["canteens", "beds", "people", "money", "roads", "rate", "growth", "average", "rules", "kept"]
NAMES = [*TARGETS, "always", "食堂", "长者食堂", "nowhere"]
FIGURES = [0, 1, 3, 2.5, 60, 100, 100.5, 250, -1, -0.0, 1e15, -1e15, 10**15 - 0.5]
DATES = [dt.date(2022, 12, 31), dt.date(2023, 1, 1), dt.date(2023, 6, 30), dt.date(2023, 12, 31)]
DATES += [dt.date(2024, 1, 1), dt.date(2024, 6, 30), dt.date(2024, 7, 1), dt.date(2099, 1, 1)]


@st.composite
def entries(draw: st.DrawFn, names: list[str] = NAMES) -> ProgressEntry:
    """Any entry the schema takes, of any target, part, figure and date, right or wrong."""
    day = draw(st.sampled_from(DATES))
    figure = draw(
        st.sampled_from(["value", "percent", "done", "note", "step"]),
    )
    fields: dict[str, Any] = {
        "date": day,
        "target": draw(st.sampled_from(names)),
        "part": draw(st.sampled_from([None, None, "zhangdian", "a", "boshan"])),
        "expected": draw(st.sampled_from([None, None, day - dt.timedelta(days=1), day])),
        "correction": draw(st.booleans()),
        "note": draw(st.sampled_from([None, "第一批"])),
        "evidence": draw(st.sampled_from([None, "淄民发〔2023〕1号", "照片"])),
        "recorded": dt.datetime(2023, 7, 1, 9, tzinfo=CST) + dt.timedelta(seconds=draw(st.integers(0, 3))),
    }
    if figure == "value":
        fields["value"] = draw(st.sampled_from(FIGURES))
    elif figure == "percent":
        fields["percent"] = draw(st.sampled_from([0, 50, 100]))
    elif figure == "done":
        fields["done"] = draw(st.booleans())
    elif figure == "note":
        fields["note"] = "进展情况"
    else:
        fields["kind"] = "signoff"
    return ProgressEntry(**fields)


def log_of(entries: list[ProgressEntry], tmp_path: Path) -> Log:
    raw = "".join(entry_line(e) + "\n" for e in entries).encode()
    return parse_log(raw, tmp_path / "p.progress.yaml")


def duplicates(log: Log) -> list[tuple[int, int]]:
    """(line, the first line of an equal entry) for each entry equal to an earlier one."""
    found = []
    for place, entry in enumerate(log.entries):
        first = next(i for i, other in enumerate(log.entries) if other == entry)
        if first != place:
            found.append((log.lines[place], log.lines[first]))
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(entries(["money", "money", "canteens", "rules", "食堂"]), max_size=12))
def test_each_entry_equal_to_an_earlier_one_is_found_at_its_first_line(
    plan: Any, tmp_path_factory: pytest.TempPathFactory, written: list[ProgressEntry]
) -> None:
    # Entries drawn from few stamps and figures: equal ones, drops and corrections are common.
    log = log_of(written, tmp_path_factory.mktemp("log"))
    found = check.log_problems(plan, log)
    repeated = [(d.line, d.message) for d in found if d.code == "duplicate-entry"]
    assert repeated == [(line, f"this entry repeats line {first}") for line, first in duplicates(log)]


figures = st.builds(
    lambda day, value, second, correction: entry(day, value, second, correction=correction),
    st.integers(1, 4),
    st.integers(0, 5),
    st.integers(0, 3),
    st.booleans() | st.just(False),
)


def entry(day: int, value: float, second: int, **fields: Any) -> ProgressEntry:
    return ProgressEntry(
        **{"target": "money"} | fields,
        date=dt.date(2023, 3, day),
        value=value,
        recorded=dt.datetime(2023, 3, 31, 9, tzinfo=CST) + dt.timedelta(seconds=second),
    )


def test_equal_entries_among_others_of_their_day_are_found_at_their_first_line(
    plan: Any, tmp_path: Path
) -> None:
    a, b, c = entry(1, 10, 0), entry(1, 20, 0), entry(2, 30, 1)
    same_instant = ProgressEntry(
        date=a.date, target=a.target, value=a.value, recorded=a.recorded.astimezone(dt.UTC)
    )
    log = log_of([a, b, c, b, same_instant], tmp_path)
    found = [(d.line, d.code, d.message) for d in check.log_problems(plan, log)]
    assert found == [
        (4, "duplicate-entry", "this entry repeats line 2"),
        (5, "duplicate-entry", "this entry repeats line 1"),  # one instant, another offset: equal
    ]


def test_a_drop_in_a_series_that_mostly_rises_is_still_found(plan: Any, tmp_path: Path) -> None:
    rising = [entry(1 + n // 10, n, n) for n in range(200)]
    log = log_of([*rising[:100], entry(28, 50, 999), *rising[100:]], tmp_path)
    found = [(d.line, d.code) for d in check.log_problems(plan, log)]
    assert found == [(101, "value-decreases")]


@settings(max_examples=200, deadline=None)
@given(st.lists(entries(TARGETS), max_size=12))
def test_the_ledgers_entries_need_no_second_sort(plan: Any, written: list[ProgressEntry]) -> None:
    """status_on hands the engine the ledger's entries, in (date, recorded) order already, and
    says so: the engine's own sort would leave them as they are, so it is skipped."""
    from zibo_rectify.status import status_as_of
    from zibo_rectify.workflow.ledger import judge, status_on

    day = dt.date(2023, 12, 31)
    counting = judge(plan, written, day).counting
    assert status_on(plan, written, day)[1] == status_as_of(plan, counting, day)


@pytest.fixture(scope="module")
def reviewed_plan(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The plan with figures of the money target under review (审核): some entries are pending."""
    path = tmp_path_factory.mktemp("reviewed") / "p.yaml"
    text = PLAN.replace("kind: amount, unit: 万元,", "kind: amount, review: required, unit: 万元,")
    assert text != PLAN
    path.write_text(text, encoding="utf-8")
    return model.load_plan(plans.PlanFile(path), use_cache=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(entries(TARGETS) | figures, max_size=12), st.booleans())
def test_a_report_without_history_is_the_full_reports_rows_without_it(
    plan: Any, reviewed_plan: Any, written: list[ProgressEntry], review: bool
) -> None:
    """A format that shows no entry (md, csv, docx) gets its report without entry rows made at
    all: each target's evidence is found from the entries alone.  It is the report made with
    every row, the rows then dropped."""
    from zibo_rectify.present import build as model

    source = model.PlanInput(reviewed_plan if review else plan, written, list(range(len(written))), None)
    day = dt.date(2023, 12, 31)
    bare = model.plan_report(source, day, history=False)
    assert bare == _without_history(model.plan_report(source, day))


def _without_history(report: Any) -> Any:
    """A report's rows without their entries, figures and planned path for charts and the engine's
    judgment."""

    def row(t: Any) -> Any:
        parts = [p._replace(points=()) for p in t.parts]
        return t._replace(history=[], points=(), path=[], judged=None, parts=parts)

    return report._replace(
        problems=[p._replace(targets=[row(t) for t in p.targets]) for p in report.problems],
        missed=[(row(t), m) for t, m in report.missed],
        stale=[row(t) for t in report.stale],
        entries=[],
    )


def test_a_report_without_history_makes_no_entry_rows_unless_it_must(
    plan: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zibo_rectify.present import build as model
    from zibo_rectify.present import entries

    made: list[int] = []
    monkeypatch.setattr(entries, "entry_rows", lambda *a: made.append(1) or entries.EntryRows([], {}))
    written = [entry(1, 5, 0, evidence="淄民发〔2023〕1号"), entry(2, 7, 1), entry(3, 9, 2, evidence="照片")]
    day = dt.date(2023, 12, 31)
    report = model.plan_report(model.PlanInput(plan, written, [1, 2, 3], None), day, history=False)
    assert [t.evidence for t in report.targets if t.id == "money"] == [["淄民发〔2023〕1号", "照片"]]
    assert made == []
    # An exact duplicate is one row, as only entry rows know: they are made.
    model.plan_report(model.PlanInput(plan, [*written, written[0]], [1, 2, 3, 4], None), day, history=False)
    assert made == [1]
