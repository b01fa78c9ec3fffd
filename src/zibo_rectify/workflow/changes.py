"""Since the last report: what was recorded since it, and how the judgement moved, for `changes` and
a report's section of that name (one rule for both).

New is what was recorded after the last report's moment (`Since.known`), whatever day it is
about: a figure about a day before it is a 补录, a correction an 更正.  States and warning
levels move from the last report's day as known then to the report's day as known now; a
deadline or milestone is one that fell in the days between."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _
from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Plan
from zibo_rectify.status import FINISHED, PlanStatus, State
from zibo_rectify.workflow.ledger import Ledger, status_on
from zibo_rectify.workflow.levels import Level, levels

if TYPE_CHECKING:
    from zibo_rectify.knownat import Since


class Change(NamedTuple):
    target: str
    before: str
    after: str
    late_by_days: int | None = None  # a state that became done or met after its due date: 逾期完成


class MilestoneOutcome(NamedTuple):
    target: str
    by: dt.date
    what: str  # "milestone" or "goal"
    value: float | None
    reached: bool  # met on its day
    value_then: float | None
    late_by_days: int | None = None  # a deadline met after it, by the report's day: 逾期完成


class Changes(NamedTuple):
    """What was recorded since the last report, and how the judgement moved from its day to `as_of`."""

    since: Since
    as_of: dt.date
    entries: list[ProgressEntry]  # figures and notes recorded since, 补录 and 更正 among them
    states: list[Change]
    levels: list[Change]
    milestones: list[MilestoneOutcome]  # milestones and due dates that fell in the span
    signoffs: list[ProgressEntry]
    reopenings: list[ProgressEntry]
    rejections: list[ProgressEntry]
    withdrawals: list[ProgressEntry]
    acceptances: list[ProgressEntry]  # reviews that let a figure count
    extensions: list[ProgressEntry]  # 延期


def is_late_entry(entry: ProgressEntry, since: Since) -> bool:
    """补录: recorded since the last report, about a day before it."""
    return entry.date < since.first


def check_span(since: Since, as_of: dt.date) -> None:
    """A date for --since must not be after --as-of: a span of days runs forward.  A time may
    be: what was recorded since a report was issued about days before it."""
    if since.from_date and since.first > as_of:
        raise usage_error(
            "reversed-span",
            _("--since {since} is after --as-of {as_of}").format(since=since.first, as_of=as_of),
            _("give --since an earlier day"),
        )


def changes_between(
    plan: Plan,
    entries: Sequence[ProgressEntry],
    since: Since,
    as_of: dt.date,
    now: tuple[Ledger, PlanStatus] | None = None,
) -> Changes:
    """What was recorded after `since.known` about days up to `as_of`, and how the judgement moved
    from `since.day` as known then to `as_of` as known now; `now` is `status_on(plan, entries,
    as_of)` when the caller has judged that day already (a report has), so it is not judged twice."""
    day_then = min(since.day, as_of)
    known_then = [e for e in entries if e.recorded <= since.known]
    ledger_then, then = status_on(plan, known_then, day_then)
    ledger_now, now_status = now if now is not None else status_on(plan, entries, as_of)
    recorded_since = sorted(
        (e for e in dict.fromkeys(entries) if e.recorded > since.known and e.date <= as_of),
        key=lambda e: e.sort_key,
    )
    before = {t.target.id: t for t in then.targets}
    levels_then = levels(plan, ledger_then, then)
    levels_now = levels(plan, ledger_now, now_status)
    states, moved, outcomes = [], [], []
    for t in now_status.targets:
        tid = t.target.id
        finished_late = t.late_by_days if t.state in FINISHED else None
        if before[tid].state != t.state:
            states.append(Change(tid, _state(before[tid].state), _state(t.state), finished_late))
        old, new = levels_then[tid][0], levels_now[tid][0]
        if old != new:
            moved.append(Change(tid, _label(old), _label(new)))
        for m in t.milestones:
            if day_then < m.by <= as_of:
                outcomes.append(
                    MilestoneOutcome(tid, m.by, "milestone", m.value, m.reached is True, m.value_then)
                )
        if t.due is not None and day_then < t.due <= as_of:
            met = t.state in FINISHED
            outcomes.append(
                MilestoneOutcome(tid, t.due, "goal", None, met and not finished_late, t.value, finished_late)
            )
    outcomes.sort(key=lambda o: (o.by, o.target))

    def steps(kind: str, verdict: str | None = None) -> list[ProgressEntry]:
        return [e for e in recorded_since if e.kind == kind and (verdict is None or e.verdict == verdict)]

    return Changes(
        since,
        as_of,
        [e for e in recorded_since if e.kind is None and ledger_now.mark(e).value != "withdrawn"],
        states,
        moved,
        outcomes,
        steps("signoff"),
        steps("reopen"),
        steps("review", "rejected"),
        steps("withdraw"),
        steps("review", "accepted"),
        steps("extend"),
    )


def _label(level: Level) -> str:
    return level.label if level is not Level.NONE else "none"


def _state(state: State | None) -> str:
    """A state's id; an indicator has none."""
    return state.value if state is not None else "—"
