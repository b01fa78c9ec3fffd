"""Exports for machines: one JSON object a line, a row per target per plan, or a row per entry.

Rows are flat and alike in every plan, so DuckDB reads the exports of many plans
from many repositories as one table (`read_json_auto('*/rectify-export/*.jsonl')`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zibo_rectify.jsonview import target_status
from zibo_rectify.present.model import ChangeRow, EntryRow, PlanReport, Report, TargetRow
from zibo_rectify.safetext import json_day as _day
from zibo_rectify.safetext import json_number, json_utf8


def target_record(t: TargetRow, as_of: dt.date, commit: str | None) -> dict[str, Any]:
    """The target's `status --json` record, the same fields and values, with its plan, commit and
    day first, and beside them flat fields (warning_level, signed_off_on, ...) so DuckDB filters on
    them without unnesting."""
    assert t.judged is not None
    step = t.signoff
    flat = {
        "plan": t.plan,
        "commit": commit,
        "as_of": as_of.isoformat(),
        "number": t.number,
        "problem_title": t.problem_title,
        "goal_high": json_number(t.goal_high),
        "goal_of": t.goal_of,
        "lead_units": t.leads,
        "supporting_units": t.supporting,
        "need_value": json_number(t.need.value) if t.need else None,
        "need_by": _day(t.need.by) if t.need else None,
        "need_per_month": round(t.need.per_month, 2) if t.need and t.need.per_month is not None else None,
        "evidence": t.evidence,
        "warning_level": t.warning,
        "warning_reason": t.warning_reason,
        "signed_off_on": _day(step.on) if step and step.signed_off else None,
        "signed_off_by": step.by if step and step.signed_off else None,
        "signed_off_evidence": step.evidence if step and step.signed_off else None,
        "reopened_on": _day(step.on) if step and not step.signed_off else None,
        "reopened_reason": step.reason if step and not step.signed_off else None,
    }
    record = target_status(t.judged)
    record["pending"] = [
        {
            "date": e.date.isoformat(),
            "value": json_number(e.value),
            "percent": json_number(e.percent),
            "done": e.done,
            "by": e.by,
            "recorded": e.recorded.isoformat(),
            "line": e.line,
        }
        for e in t.pending
    ]
    record["signed_off"] = (
        {"on": step.on.isoformat(), "by": step.by, "evidence": step.evidence}
        if step and step.signed_off
        else None
    )
    record["reopened"] = (
        {"on": step.on.isoformat(), "by": step.by, "reason": step.reason}
        if step and not step.signed_off
        else None
    )
    record["warning"] = {"level": t.warning, "reason": t.warning_reason or ""} if t.warning else None
    return {**flat, **record}


def change_record(c: ChangeRow) -> dict[str, Any]:
    """One change of "since the last report": what happened, the entry behind it and its line."""
    figure = c.acted_on if c.kind in ("acceptance", "rejection", "withdrawal") else c.entry
    return {
        "kind": c.kind,
        "date": _day(c.date),
        "before": c.before,
        "after": c.after,
        "value": json_number(figure.value if figure else c.value),
        "percent": json_number(figure.percent) if figure else None,
        "done": figure.done if figure else None,
        "reached": c.reached,
        "value_then": json_number(c.value_then),
        "by": c.entry.by if c.entry else None,
        "note": c.entry.note if c.entry else None,
        "line": c.entry.line if c.entry else None,
        "of_date": _day(c.entry.of_date) if c.entry else None,
        "recorded": c.recorded.isoformat() if c.recorded else None,
        "part": c.part,
        "late_by_days": c.late_by_days,
    }


def plan_target_records(p: PlanReport) -> list[dict[str, Any]]:
    """A plan's target rows; under --since each carries its `changes` in the span."""
    rows = []
    for t in p.targets:
        row = target_record(t, p.as_of, p.commit)
        if p.since is not None:
            row["since"] = p.since.since.isoformat()
            row["changes"] = [change_record(c) for c in p.since.of(t.id)]
        rows.append(row)
    return rows


def plan_change_records(p: PlanReport) -> list[dict[str, Any]]:
    """--what changes: a row per change in the span, with its plan, commit and target."""
    if p.since is None:
        return []
    head = {
        "plan": p.plan,
        "commit": p.commit,
        "since": p.since.since.isoformat(),
        "as_of": p.as_of.isoformat(),
    }
    return [
        {**head, "target": c.target, "number": c.number, "name": c.name, **change_record(c)}
        for c in p.since.changes
    ]


def entry_record(e: EntryRow, commit: str | None) -> dict[str, Any]:
    return {
        "plan": e.plan,
        "commit": commit,
        "line": e.line,
        "date": e.date.isoformat(),
        "target": e.target,
        "part": e.part,
        "value": json_number(e.value),
        "percent": json_number(e.percent),
        "done": e.done,
        "kind": e.kind,
        "expected": _day(e.expected),
        "correction": e.correction,
        "superseded": e.superseded,
        "by": e.by,
        "note": e.note,
        "evidence": e.evidence,
        "recorded": e.recorded.isoformat(),
        "mark": e.mark,
        "verdict": e.verdict,
        "of_date": _day(e.of_date),
    }


def records(report: Report, what: str) -> list[dict[str, Any]]:
    """`what` is "targets" (a row per target per plan), "entries" (a row per log entry) or, under
    --since, "changes" (a row per change in the span)."""
    if what == "entries":
        return [entry_record(e, p.commit) for p in report.plans for e in p.entries]
    if what == "changes":
        return [row for p in report.plans for row in plan_change_records(p)]
    return [row for p in report.plans for row in plan_target_records(p)]


def render(report: Report, what: str = "targets") -> bytes:
    return b"".join(json_utf8(r) + b"\n" for r in records(report, what))
