"""The workflow's facts as JSON fields and terminal lines, beside what status and log show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zibo_rectify.figures import amount
from zibo_rectify.i18n import N_, _, ngettext
from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Plan, named, named_id
from zibo_rectify.safetext import json_day as _day
from zibo_rectify.safetext import json_number
from zibo_rectify.status import PlanStatus
from zibo_rectify.workflow.ledger import Ledger, Mark, SignOff
from zibo_rectify.workflow.levels import Level, TargetWarning

if TYPE_CHECKING:  # only named in signatures: status --json need not load them
    from zibo_rectify.workflow.changes import Changes
    from zibo_rectify.workflow.due import Owed

MARK_LABELS = {
    Mark.PENDING: N_("pending review"),
    Mark.REJECTED: N_("rejected"),
    Mark.WITHDRAWN: N_("withdrawn"),
    Mark.SUPERSEDED: N_("superseded"),
}
LEVEL_LABELS = {Level.BLUE: N_("blue"), Level.YELLOW: N_("yellow"), Level.RED: N_("red")}


def figure_json(entry: ProgressEntry, line: int | None = None) -> dict[str, Any]:
    shaped: dict[str, Any] = {
        "date": entry.date.isoformat(),
        "value": json_number(entry.value),
        "percent": json_number(entry.percent),
        "done": entry.done,
        "by": entry.by,
        "recorded": entry.recorded.isoformat(),
    }
    if line is not None:
        shaped["line"] = line
    return shaped


def signoff_json(step: SignOff | None) -> dict[str, Any] | None:
    if step is None:
        return None
    return {"on": step.on.isoformat(), "by": step.by, "evidence": step.entry.evidence}


def annotate_status(shaped: dict[str, Any], ledger: Ledger, levels: dict[str, tuple[Level, str]]) -> None:
    """Add `signed_off`, `reopened`, `pending` and `warning` to each target of a status --json object."""
    for row in shaped["targets"]:
        step = ledger.signoffs.get(row["id"])
        level, reason = levels.get(row["id"], (Level.NONE, ""))
        row["signed_off"] = signoff_json(step if step and step.signed_off else None)
        row["reopened"] = (
            {"on": step.on.isoformat(), "by": step.by, "reason": step.note}
            if step and not step.signed_off
            else None
        )
        row["pending"] = [figure_json(e) for e in ledger.pending.get(row["id"], [])]
        row["warning"] = {"level": level.label, "reason": reason} if level is not Level.NONE else None


def status_json(status: PlanStatus, ledger: Ledger, levels: dict[str, tuple[Level, str]]) -> dict[str, Any]:
    """A plan's `status --json` object, with its workflow fields."""
    from zibo_rectify.jsonview import plan_status

    shaped = plan_status(status)
    annotate_status(shaped, ledger, levels)
    return shaped


def status_lines(status: PlanStatus, ledger: Ledger, levels: dict[str, tuple[Level, str]]) -> list[str]:
    """One line per target with a warning, a sign-off or a figure awaiting review."""
    lines = []
    for t in status.targets:
        tid = t.target.id
        parts = []
        level, reason = levels.get(tid, (Level.NONE, ""))
        if level is not Level.NONE:
            parts.append(f"{_(LEVEL_LABELS[level])}{_(': ')}{reason}")
        signed = ledger.signed_off(tid)
        if signed is not None:
            parts.append(_("signed off {date} by {by}").format(date=signed.on, by=signed.by or "—"))
        for entry in ledger.pending.get(tid, []):
            parts.append(
                _("pending review: {value} of {date}").format(
                    value=_entry_figure(entry, t.target.unit), date=entry.date
                )
            )
        if parts:
            lines.append(f"{named(t.target)}  " + " · ".join(parts))
    return lines


def _entry_figure(entry: ProgressEntry, unit: str | None) -> str:
    if entry.done:
        return _("done")
    if entry.percent is not None:
        return amount(entry.percent, "%")
    return amount(entry.value, unit)


def mark_label(mark: Mark) -> str:
    return _(MARK_LABELS[mark]) if mark in MARK_LABELS else ""


def warning_json(w: TargetWarning) -> dict[str, Any]:
    return {
        "target": w.target,
        "level": w.level.label,
        "reason": w.reason,
        "months_yellow_or_red": w.months_yellow_or_red,
        "months_red": w.months_red,
    }


def warning_line(w: TargetWarning, plan: Plan) -> str:
    """长者食堂 (canteens)  yellow: …: the target by its name, the id beside it."""
    text = f"{named_id(plan, w.target)}  {_(LEVEL_LABELS[w.level])}{_(': ')}{w.reason}"
    if w.months_yellow_or_red:
        months = ngettext(
            "(yellow or red at {count} month end in a row)",
            "(yellow or red at {count} month ends in a row)",
            w.months_yellow_or_red,
        )
        text += "  " + months.format(count=w.months_yellow_or_red)
    return text


def owed_json(o: Owed) -> dict[str, Any]:
    return {
        "unit": o.unit,
        "target": o.target.id,
        "name": o.target.name,
        "cadence": o.cadence,
        "period": {"start": o.period_start.isoformat(), "end": o.period_end.isoformat()},
        "state": "late" if o.late else "due",
        "last_figure": _day(o.last),
        "part": o.part.id if o.part else None,
        "part_name": o.part.name if o.part else None,
    }


def owed_text(owed: list[Owed], markdown: bool) -> list[str]:
    """The reminder, grouped by unit: plain lines, or Markdown for a chat webhook."""
    lines: list[str] = []
    unit = None
    for o in owed:
        if o.unit != unit:
            unit = o.unit
            if lines:
                lines.append("")
            lines.append(f"### {o.unit}" if markdown else o.unit)
        what = (
            _("late: nothing for {start} to {end}").format(start=o.period_start, end=o.period_end)
            if o.late
            else _("due by {end}").format(end=o.period_end)
        )
        last = _("last figure {date}").format(date=o.last) if o.last else _("nothing recorded yet")
        part = f" [{o.part.name}]" if o.part else ""
        lines.append(f"{'- ' if markdown else '  '}{named(o.target)}{part}: {what}; {last}")
    return lines


def changes_json(c: Changes, lines: dict[ProgressEntry, int]) -> dict[str, Any]:
    """`changes --json`: each entry with the day it is about (`date`) and when it was recorded."""
    from zibo_rectify.workflow.changes import is_late_entry

    def step(e: ProgressEntry) -> dict[str, Any]:
        return {
            "target": e.target,
            "date": e.date.isoformat(),
            "by": e.by,
            "note": e.note,
            "of": _day(e.of_date),
            "line": lines.get(e),
            "recorded": e.recorded.isoformat(),
            "part": e.part,
        }

    def recorded(e: ProgressEntry) -> dict[str, Any]:
        return {
            "target": e.target,
            **figure_json(e, lines.get(e)),
            "note": e.note,
            "part": e.part,
            "correction": e.correction,
            "late": is_late_entry(e, c.since) and not e.correction,
        }

    return {
        "since": c.since.first.isoformat(),
        "known_since": c.since.known.isoformat(),
        "as_of": c.as_of.isoformat(),
        "entries": [recorded(e) for e in c.entries],
        "states": [
            {"target": x.target, "before": x.before, "after": x.after, "late_by_days": x.late_by_days}
            for x in c.states
        ],
        "warnings": [{"target": x.target, "before": x.before, "after": x.after} for x in c.levels],
        "milestones": [
            {
                "target": m.target,
                "by": m.by.isoformat(),
                "what": m.what,
                "value": json_number(m.value),
                "reached": m.reached,
                "value_then": json_number(m.value_then),
                "late_by_days": m.late_by_days,
            }
            for m in c.milestones
        ],
        "signoffs": [step(e) for e in c.signoffs],
        "reopenings": [step(e) for e in c.reopenings],
        "rejections": [step(e) for e in c.rejections],
        "withdrawals": [step(e) for e in c.withdrawals],
        "acceptances": [step(e) for e in c.acceptances],
        "extensions": [{**step(e), "due": _day(e.due)} for e in c.extensions],
    }
