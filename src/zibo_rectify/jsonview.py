"""The stable JSON shapes of `status --json`, `log --json` and `check --format json`.

Fields are only ever added, never renamed: scripts and dashboards read these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zibo_rectify.errors import Diagnostic
from zibo_rectify.log import ProgressEntry, entry_data
from zibo_rectify.model import GoalOf, Kind, Owner, Tally, Target
from zibo_rectify.safetext import json_day as _day
from zibo_rectify.safetext import json_dumps, json_number, json_utf8
from zibo_rectify.status import PartStatus, PlanStatus, ProblemStatus, TargetStatus
from zibo_rectify.status.filters import categories_of


def plan_status(status: PlanStatus) -> dict[str, Any]:
    """The plan's status; `summary` is always the whole plan's, `targets` those the view shows."""
    summary: dict[str, Any] = {state.value: count for state, count in status.counts.items()}
    summary["completion"] = round(status.completion, 4)
    summary["indicators"] = sum(not t.counted for t in status.whole)
    summary["unrecorded"] = status.unrecorded
    summary["total"] = len(status.whole)
    summary["shown"] = len(status.targets)
    summary["problems"] = {rollup.value: n for rollup, n in status.problem_counts.items()}
    return {
        "plan": status.plan.id,
        "title": status.plan.title,
        "as_of": status.as_of.isoformat(),
        "summary": summary,
        "problems": [problem_status(p) for p in status.problems],
        "targets": [target_status(t) for t in status.targets],
        "due_soon": [
            {"date": i.on.isoformat(), "target": i.target, "what": i.what, "value": json_number(i.value)}
            for i in status.due_soon
        ],
        "period_stated": status.plan.period.stated,
        "events": [
            {"name": e.name, "date": e.date.isoformat(), "end": _day(e.end)} for e in status.plan.events
        ],
        "tallies": [_tally(t) for t in status.plan.tallies],
    }


def _tally(t: Tally) -> dict[str, Any]:
    """What a document counts over items it does not list, as it says it."""
    counts = ("total", "done", "ahead", "on_track", "slow", "stalled")
    return {
        "what": t.what,
        **{name: getattr(t, name) for name in counts},
        "rest": t.rest,
        "as_of": _day(t.as_of),
    }


def problem_status(p: ProblemStatus) -> dict[str, Any]:
    return {
        "id": p.problem.id,
        "number": p.problem.number,
        "title": p.problem.title,
        "state": p.rollup.value,
        "targets": p.targets,
        "finished": p.finished,
    }


def _goal(goal: float | tuple[float, float] | None) -> Any:
    return [json_number(g) for g in goal] if isinstance(goal, tuple) else json_number(goal)


def _owner(o: Owner) -> dict[str, Any]:
    return {"role": o.role.value, "name": o.name, "title": o.title}


def part_status(p: PartStatus, target: Target) -> dict[str, Any]:
    return {
        "id": p.part.id,
        "name": p.part.name,
        "number": p.part.number,
        "value": json_number(p.value),
        "done": bool(p.last_entry and p.last_entry.done) if target.kind is Kind.TASK else None,
        "goal": _goal(p.goal),
        "due": _day(p.due),
        "original_due": _day(p.original_due),
        "state": p.state.value if p.state else None,
        "flags": sorted(f.value for f in p.flags),
        "days_overdue": p.days_overdue,
        "done_on": _day(p.done_on),
        "late_by_days": p.late_by_days,
        "last_entry": _day(p.last_entry.date) if p.last_entry else None,
        "last_note": p.last_note,
        "verdict": p.verdict,
        "figures_state": p.figures_state.value if p.figures_state else None,
        "done_undated": p.done_undated,
    }


def target_status(t: TargetStatus) -> dict[str, Any]:
    target = t.target
    goal = target.goal
    last = t.last_entry
    return {
        "id": target.id,
        "name": target.name,
        "problem": t.problem.id if t.problem else None,
        "kind": target.kind.value,
        "unit": target.unit,
        "value": json_number(t.value),
        "done": bool(last and last.done) if target.kind is Kind.TASK else None,
        "goal": [json_number(g) for g in goal]
        if isinstance(goal, tuple)
        else {"of": goal.of}
        if isinstance(goal, GoalOf)
        else json_number(goal),
        "comparison": None if target.kind is Kind.TASK else target.comparison.value,
        "start": _day(t.start),
        "due": _day(t.due),
        "original_due": _day(t.original_due),
        "state": t.state.value if t.state else None,
        "at_risk": t.at_risk,
        "stale": t.stale,
        "forecast": _day(t.forecast),
        "planned": json_number(round(t.planned, 2) if t.planned is not None else None),
        "last_entry": _day(last.date) if last else None,
        "owner": t.owner,
        "need": None
        if t.need is None
        else {
            "value": json_number(t.need.value),
            "by": t.need.by.isoformat(),
            "per_month": None if t.need.per_month is None else round(t.need.per_month, 2),
            "to_go": json_number(round(t.need.to_go, 6)),
        },
        "milestones": [
            {
                "by": m.by.isoformat(),
                "value": json_number(m.value),
                "reached": m.reached,
                "value_then": json_number(m.value_then),
            }
            for m in t.milestones
        ],
        "flags": sorted(f.value for f in t.flags),
        "days_overdue": t.days_overdue,
        "done_on": _day(t.done_on),
        "late_by_days": t.late_by_days,
        "last_note": t.last_note,
        "last_note_date": _day(t.last_note_date),
        "expected": _day(t.expected),
        "owners": [_owner(o) for o in t.owners],
        "goal_in_force": _goal(t.goal),
        "percent": json_number(t.percent),
        "reconfirmed": _day(t.reconfirmed),
        "missed": [d.isoformat() for d in t.missed],
        "parts": [part_status(p, target) for p in t.parts],
        "due_stated": target.due_stated,
        "expected_start": _day(target.expected_start),
        "category": categories_of(t.problem, target),
        "phase": target.phase or (t.problem.phase if t.problem else None),
        "verdict": t.verdict,
        "verdict_date": _day(t.verdict_date),
        "figures_state": t.figures_state.value if t.figures_state else None,
        "done_undated": t.done_undated,
    }


def entry(e: ProgressEntry, plan_id: str, line: int) -> dict[str, Any]:
    data = entry_data(e)
    for figure in ("value", "percent", "increment"):
        data[figure] = json_number(data[figure])
    return {"plan": plan_id, "line": line, **data}


def diagnostic(d: Diagnostic) -> dict[str, Any]:
    return {
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "code": d.code,
        "message": d.message,
        "fix": d.fix,
        "severity": d.severity,
    }


def dumps(data: Any) -> str:
    """JSON text that stays valid and inert whatever plan or log text holds."""
    return json_dumps(data, indent=2)


class JsonWriter:
    """Prints a JSON array a value at a time, each as soon as it is made.

    `status --json` over a folder of a thousand plans holds one plan's status at a
    time this way, not every plan's dicts or text until it prints.  What it prints
    is exactly `dumps(list of values)`, or `dumps(value)` alone when `single`, in
    UTF-8 as pydantic-core writes it: 72 MB over a thousand plans is not decoded
    into text only to be encoded again.
    """

    def __init__(self, single: bool, write: Callable[[bytes], object]) -> None:
        self.single = single
        self.write = write
        self.count = 0

    def add(self, value: Any) -> None:
        if self.single:
            self.write(json_utf8(value, indent=2))
        else:  # a list of this one value, less its brackets: the item indented as a list's items are
            self.write((b"[\n" if self.count == 0 else b",\n") + json_utf8([value], indent=2)[2:-2])
        self.count += 1

    def close(self) -> None:
        if not self.single:
            self.write(b"\n]" if self.count else b"[]")
        self.write(b"\n")


def workspace_path(file: str) -> str:
    """A file as GitHub names it in a pull request: relative to GITHUB_WORKSPACE, else to the
    current folder; a file outside both as given."""
    import os
    from pathlib import Path

    base = Path(os.environ.get("GITHUB_WORKSPACE") or os.getcwd())
    try:
        return Path(os.path.abspath(file)).relative_to(os.path.abspath(base)).as_posix()
    except ValueError:
        return file


def github_annotation(d: Diagnostic) -> str:
    """A GitHub Actions workflow command: `::error file=…,line=…,col=…::message` (or `::warning`).

    Every part is made inert first (an ESC or BEL from a file name or a key
    prints as `\\x1b`), so the log a CI run shows carries no escape sequence.
    """
    from zibo_rectify.safetext import inert

    def data(text: str) -> str:
        return inert(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    fields = [f"file={prop(workspace_path(d.file))}"] if d.file else []
    fields += [f"line={d.line}"] if d.line else []
    fields += [f"col={d.column}"] if d.column else []
    fields.append(f"title={prop('rectify ' + d.code)}")
    message = d.message + (f" — fix: {d.fix}" if d.fix else "")
    return f"::{d.severity} {','.join(fields)}::{data(message)}"
