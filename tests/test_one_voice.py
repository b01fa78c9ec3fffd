"""One voice (issue 25): every view says what `status --json` says, on generated plans and logs of
every kind, comparison, parts, repeats, percents, withdrawals and reviews, and on every example
and the first-run sample at several dates."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreement import disagreements, views
from conftest import ROOT
from zibo_rectify.log import ProgressEntry, entry_line

EXAMPLES = sorted(
    p
    for folder in (ROOT / "examples", ROOT / "examples" / "first-run")
    for p in folder.glob("*.yaml")
    if not p.name.endswith(".progress.yaml")
)
DAYS = ("2022-09-30", "2023-06-30", "2024-12-31")


def copy_plan(plan: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(plan, folder)
    log = plan.with_name(plan.stem + ".progress.yaml")
    if log.exists():
        shutil.copy(log, folder)


@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda p: p.stem)
def test_every_view_of_every_example_agrees_with_status_json(plan: Path, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    copy_plan(plan, folder)
    for n, day in enumerate(DAYS):
        # every view at one date; the cheap ones at the others (the documents read the same model)
        which = (
            ("table", "show", "md", "csv", "xlsx", "docx", "html", "jsonl")
            if n == 1
            else ("table", "md", "csv", "jsonl")
        )
        v = views(folder, plan.stem, day, tmp_path, which)
        names = {t["id"]: t["name"] for t in v.status["targets"]}
        assert disagreements(v, names) == [], (plan.stem, day)


# --- generated plans and logs ------------------------------------------------------------------

UNITS = {"count": "家", "amount": "万元", "quantity": "公里", "rate": "%", "change": "%"}
COMPARISONS = {
    "count": ["at_least", "at_most", "exactly", "range", "more_than", "less_than", "about"],
    "amount": ["at_least", "at_most", "about"],
    "quantity": ["at_least", "exactly"],
    "rate": ["at_least", "at_most", "kept_at", "more_than", "less_than", "about", "exactly"],
    "change": ["at_least", "less_than", "about"],
}
START = dt.date(2022, 1, 1)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


@st.composite
def targets(draw: Any, index: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A target of any kind, and what its log says: figures, percents, done, parts' figures."""
    kind = draw(st.sampled_from(["count", "amount", "quantity", "rate", "change", "task", "indicator"]))
    tid, name = f"t{index}", f"Item{index}"
    target: dict[str, Any] = {"id": tid, "name": name, "kind": kind}
    due = day(draw(st.integers(60, 364)))
    target["due"] = due.isoformat()
    entries: list[dict[str, Any]] = []
    dates = sorted(draw(st.lists(st.integers(0, 400), max_size=4, unique=True)))
    if kind == "task":
        if draw(st.booleans()):
            target["repeat"] = draw(st.sampled_from(["monthly", "quarterly"]))
        for d in dates:
            if draw(st.booleans()):
                entries.append({"date": day(d), "percent": draw(st.integers(0, 99))})
            else:
                entries.append({"date": day(d), "done": True})
        return target, entries
    if kind == "indicator":
        target["unit"] = "%"
        for d in dates:
            entries.append({"date": day(d), "value": draw(st.integers(0, 1000)) / 10})
        return target, entries
    comparison = draw(st.sampled_from(COMPARISONS[kind]))
    target["unit"] = UNITS[kind]
    target["comparison"] = comparison
    if kind == "change":
        goal: Any = draw(st.integers(-200, 500)) / 10
    elif kind == "rate":
        goal = draw(st.integers(1, 1000)) / 10
    else:
        goal = draw(st.integers(2, 500))
    if comparison == "range":
        goal = [goal, goal + draw(st.integers(1, 20))]
    target["goal"] = goal
    parts = kind == "count" and comparison == "at_least" and draw(st.booleans())
    if parts:
        half = goal // 2
        target["parts"] = [
            {"id": "p1", "name": "East", "goal": half},
            {"id": "p2", "name": "West", "goal": goal - half},
        ]
    level = 0.0
    for d in dates:
        if kind in ("rate", "change"):
            value: float = draw(st.integers(-100 if kind == "change" else 0, 1000)) / 10
        else:
            level += draw(st.integers(0, max(2, int(goal if not isinstance(goal, list) else goal[1]))))
            value = level if kind == "count" else level + draw(st.integers(0, 9)) / 10
        entry: dict[str, Any] = {"date": day(d), "value": value}
        if parts:
            entry["part"] = draw(st.sampled_from(["p1", "p2"]))
            entry["value"] = draw(st.integers(0, goal))
        entries.append(entry)
    return target, entries


@st.composite
def plans(draw: Any) -> tuple[dict[str, Any], list[Any], str]:
    made = [draw(targets(i)) for i in range(draw(st.integers(1, 4)))]
    review = draw(st.booleans())
    plan = {
        "schema_version": 2,
        "id": "gen",
        "title": "Generated plan",
        "period": {"start": "2022-01-01", "end": "2022-12-31"},
        "problems": [{"id": "p", "title": "A problem", "targets": [t for t, __ in made]}],
    }
    if review:
        plan["review"] = "required"
    log = []
    stamp = dt.datetime(2023, 3, 1, 9, tzinfo=dt.UTC)
    for n, (target, entries) in enumerate(made):
        for k, fields in enumerate(entries):
            recorded = stamp + dt.timedelta(minutes=10 * n + k)
            log.append(ProgressEntry(target=target["id"], recorded=recorded, by="Office", **fields))
            figure = log[-1]
            step = draw(
                st.sampled_from(["none", "withdraw", "accept", "reject"] if review else ["none", "withdraw"])
            )
            later = recorded + dt.timedelta(seconds=30)
            ref = {"of_date": figure.date, "of_recorded": figure.recorded, "part": figure.part}
            if step == "withdraw":
                log.append(
                    ProgressEntry(
                        target=target["id"],
                        date=figure.date,
                        kind="withdraw",
                        recorded=later,
                        note="typo",
                        **ref,
                    )
                )
            elif step in ("accept", "reject"):
                verdict = "accepted" if step == "accept" else "rejected"
                log.append(
                    ProgressEntry(
                        target=target["id"],
                        date=figure.date,
                        kind="review",
                        verdict=verdict,
                        recorded=later,
                        note="checked",
                        **ref,
                    )
                )
    as_of = day(draw(st.integers(0, 420))).isoformat()
    return plan, log, as_of


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans())
def test_every_view_of_a_generated_plan_agrees_with_status_json(tmp_path: Path, made: Any) -> None:
    plan, log, as_of = made
    folder = tmp_path / "gen" / "plans"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "gen.yaml").write_text(
        yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (folder / "gen.progress.yaml").write_text("".join(entry_line(e) + "\n" for e in log), encoding="utf-8")
    v = views(folder, "gen", as_of, folder.parent)
    names = {t["id"]: t["name"] for t in v.status["targets"]}
    assert disagreements(v, names) == []
