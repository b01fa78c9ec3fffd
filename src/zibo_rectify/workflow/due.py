"""Who owes a report (催办): per lead unit, the targets whose cadence says a figure is due or late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Part, Plan, Problem, Role, Target
from zibo_rectify.status import State
from zibo_rectify.workflow.ledger import Mark, status_on

DEFAULT_CADENCE = "monthly"  # 月报: what a target without a cadence owes
DUE_WITHIN_DAYS = 7  # a figure for the current period is "due" this close to its end
MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


class Owed(NamedTuple):
    unit: str
    target: Target
    cadence: str | int
    period_start: dt.date
    period_end: dt.date
    late: bool  # nothing for a period that has ended; else due by period_end
    last: dt.date | None  # the date of the last figure or note reported
    part: Part | None = None  # the part (任务分解) the unit owns and has not reported on


def _period(cadence: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month, quarter or year holding `day`."""
    months = MONTHS[cadence]
    first_month = (day.month - 1) // months * months + 1
    start = day.replace(month=first_month, day=1)
    year, month = divmod(first_month - 1 + months, 12)
    return start, dt.date(day.year + year, month + 1, 1) - dt.timedelta(days=1)


def owed_on(
    cadence: str | int, start: dt.date, reported: list[dt.date], day: dt.date
) -> tuple[bool, dt.date, dt.date] | None:
    """(late, period start, period end) when a figure is owed on `day`, else None."""
    last = max((d for d in reported if d <= day), default=None)
    if isinstance(cadence, int):
        since = last or start
        deadline = since + dt.timedelta(days=cadence)
        if day > deadline:
            return True, since, deadline
        if (deadline - day).days <= DUE_WITHIN_DAYS:
            return False, since, deadline
        return None
    current_start, current_end = _period(cadence, day)
    previous_start, previous_end = _period(cadence, current_start - dt.timedelta(days=1))
    if previous_end >= start and not any(previous_start <= d <= previous_end for d in reported):
        return True, max(previous_start, start), previous_end
    if (current_end - day).days <= DUE_WITHIN_DAYS and not any(current_start <= d <= day for d in reported):
        return False, max(current_start, start), current_end
    return None


def leads(plan: Plan, problem: Problem | None, target: Target) -> list[str]:
    """The units that lead on a target (牵头, 共同牵头); the first owner when none is marked lead."""
    owners = plan.owners_of(problem, target)
    named = [o.name for o in owners if o.role in (Role.LEAD, Role.CO_LEAD)]
    return named or [o.name for o in owners[:1]] or ["—"]


def owed(plan: Plan, entries: Sequence[ProgressEntry], day: dt.date) -> list[Owed]:
    """What each lead unit owes on `day`, units in the order the plan first names them."""
    ledger, status = status_on(plan, entries, day)
    reported: dict[str, list[dt.date]] = {}
    by_part: dict[tuple[str, str], list[dt.date]] = {}
    for entry in entries:
        if (
            entry.date <= day
            and entry.kind is None
            and ledger.mark(entry) not in (Mark.WITHDRAWN, Mark.REJECTED)
        ):
            reported.setdefault(entry.target, []).append(entry.date)
            if entry.part is not None:
                by_part.setdefault((entry.target, entry.part), []).append(entry.date)
    found = []
    for t in status.targets:
        target = t.target
        if t.state in (State.DONE, State.NOT_STARTED) or ledger.signed_off(target.id) is not None:
            continue
        if t.due is not None and day > t.due and t.state is State.MET:
            continue
        cadence = target.cadence or DEFAULT_CADENCE
        dates = reported.get(target.id, [])
        when = owed_on(cadence, t.start, dates, day)
        if when is not None:
            late, first, last_day = when
            for unit in leads(plan, t.problem, target):
                found.append(Owed(unit, target, cadence, first, last_day, late, max(dates, default=None)))
        # A part's own units answer for its figures: a silent county is chased, not hidden by the others.
        for p in t.parts:
            if not p.part.owners or p.state in (State.DONE, State.MET):
                continue
            mine = by_part.get((target.id, p.part.id), [])
            when = owed_on(cadence, t.start, mine, day)
            if when is None:
                continue
            late, first, last_day = when
            for unit in [o.name for o in p.part.owners if o.role in (Role.LEAD, Role.CO_LEAD)] or [
                p.part.owners[0].name
            ]:
                found.append(
                    Owed(unit, target, cadence, first, last_day, late, max(mine, default=None), p.part)
                )
    order = {unit: i for i, unit in enumerate(dict.fromkeys(o.unit for o in found))}
    return sorted(found, key=lambda o: order[o.unit])
