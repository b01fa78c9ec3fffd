"""The stable JSON shapes of `status --json`, `log --json` and `check --format json`.

Fields are only ever added, never renamed: scripts and dashboards read these.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zibo_rectify.errors import Diagnostic
from zibo_rectify.model import GoalOf, Kind
from zibo_rectify.progress import ProgressEntry, entry_data
from zibo_rectify.safetext import json_dumps
from zibo_rectify.status import PlanStatus, TargetStatus


def number(value: float | None) -> int | float | None:
    """Whole figures as integers (120, not 120.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def plan_status(status: PlanStatus) -> dict[str, Any]:
    summary: dict[str, Any] = {state.value: count for state, count in status.counts.items()}
    summary["completion"] = round(status.completion, 4)
    return {
        "plan": status.plan.id,
        "title": status.plan.title,
        "as_of": status.as_of.isoformat(),
        "summary": summary,
        "targets": [target_status(t) for t in status.targets],
        "due_soon": [
            {"date": i.on.isoformat(), "target": i.target, "what": i.what, "value": number(i.value)}
            for i in status.due_soon
        ],
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
        "value": number(t.value),
        "done": bool(last and last.done) if target.kind is Kind.TASK else None,
        "goal": [number(g) for g in goal]
        if isinstance(goal, tuple)
        else {"of": goal.of}
        if isinstance(goal, GoalOf)
        else number(goal),
        "comparison": None if target.kind is Kind.TASK else target.comparison.value,
        "start": _day(t.start),
        "due": _day(t.due),
        "state": t.state.value,
        "at_risk": t.at_risk,
        "stale": t.stale,
        "forecast": _day(t.forecast),
        "planned": number(round(t.planned, 2) if t.planned is not None else None),
        "last_entry": _day(last.date) if last else None,
        "owner": t.owner,
        "need": None
        if t.need is None
        else {
            "value": number(t.need.value),
            "by": t.need.by.isoformat(),
            "per_month": round(t.need.per_month, 2),
        },
        "milestones": [
            {
                "by": m.by.isoformat(),
                "value": number(m.value),
                "reached": m.reached,
                "value_then": number(m.value_then),
            }
            for m in t.milestones
        ],
    }


def entry(e: ProgressEntry, plan_id: str, line: int) -> dict[str, Any]:
    data = entry_data(e)
    data["value"] = number(e.value)
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
    """A GitHub Actions workflow command: `::error file=…,line=…,col=…::message` (or `::warning`)."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    fields = [f"file={prop(workspace_path(d.file))}"] if d.file else []
    fields += [f"line={d.line}"] if d.line else []
    fields += [f"col={d.column}"] if d.column else []
    fields.append(f"title={prop('rectify ' + d.code)}")
    message = d.message + (f" — fix: {d.fix}" if d.fix else "")
    return f"::{d.severity} {','.join(fields)}::{data(message)}"
