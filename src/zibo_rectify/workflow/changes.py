"""Since the last report: what changed between two days, for a report's section of that name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _
from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Plan
from zibo_rectify.status import PlanStatus, State
from zibo_rectify.workflow.ledger import Ledger, status_on
from zibo_rectify.workflow.levels import Level, levels


class Change(NamedTuple):
    target: str
    before: str
    after: str


class MilestoneOutcome(NamedTuple):
    target: str
    by: dt.date
    what: str  # "milestone" or "goal"
    value: float | None
    reached: bool
    value_then: float | None


class Changes(NamedTuple):
    """What happened in (since, as_of]: entries dated in it, and how the judgement moved."""

    since: dt.date
    as_of: dt.date
    entries: list[ProgressEntry]  # figures and notes dated in the span
    states: list[Change]
    levels: list[Change]
    milestones: list[MilestoneOutcome]  # milestones and due dates that fell in the span
    signoffs: list[ProgressEntry]
    reopenings: list[ProgressEntry]
    rejections: list[ProgressEntry]
    withdrawals: list[ProgressEntry]


def check_span(since: dt.date, as_of: dt.date) -> None:
    """--since must not be after --as-of: a span runs forward."""
    if since > as_of:
        raise usage_error(
            "reversed-span",
            _("--since {since} is after --as-of {as_of}").format(since=since, as_of=as_of),
            _("give --since an earlier day"),
        )


def changes_between(
    plan: Plan,
    entries: Sequence[ProgressEntry],
    since: dt.date,
    as_of: dt.date,
    now: tuple[Ledger, PlanStatus] | None = None,
) -> Changes:
    """The changes of (since, as_of]; `now` is `status_on(plan, entries, as_of)` when the caller
    has judged that day already (a report has), so it is not judged twice."""
    ledger_then, then = status_on(plan, entries, since)
    ledger_now, now_status = now if now is not None else status_on(plan, entries, as_of)
    in_span = sorted((e for e in dict.fromkeys(entries) if since < e.date <= as_of), key=lambda e: e.sort_key)
    before = {t.target.id: t for t in then.targets}
    levels_then = levels(plan, ledger_then, then)
    levels_now = levels(plan, ledger_now, now_status)
    states, moved, outcomes = [], [], []
    for t in now_status.targets:
        tid = t.target.id
        if before[tid].state != t.state:
            states.append(Change(tid, _state(before[tid].state), _state(t.state)))
        old, new = levels_then[tid][0], levels_now[tid][0]
        if old != new:
            moved.append(Change(tid, _label(old), _label(new)))
        for m in t.milestones:
            if since < m.by <= as_of:
                outcomes.append(
                    MilestoneOutcome(tid, m.by, "milestone", m.value, m.reached is True, m.value_then)
                )
        if t.due is not None and since < t.due <= as_of:
            outcomes.append(
                MilestoneOutcome(tid, t.due, "goal", None, _state(t.state) in ("done", "met"), t.value)
            )
    outcomes.sort(key=lambda o: (o.by, o.target))

    def steps(kind: str, verdict: str | None = None) -> list[ProgressEntry]:
        return [e for e in in_span if e.kind == kind and (verdict is None or e.verdict == verdict)]

    return Changes(
        since,
        as_of,
        [e for e in in_span if e.kind is None and ledger_now.mark(e).value != "withdrawn"],
        states,
        moved,
        outcomes,
        steps("signoff"),
        steps("reopen"),
        steps("review", "rejected"),
        steps("withdraw"),
    )


def _label(level: Level) -> str:
    return level.label if level is not Level.NONE else "none"


def _state(state: State | None) -> str:
    """A state's id; an indicator has none."""
    return state.value if state is not None else "—"
