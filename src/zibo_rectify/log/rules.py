"""What a progress entry may say about its plan: the rules `update` enforces and `check` reports."""

from __future__ import annotations

import datetime as dt

from zibo_rectify.i18n import _, kind_label
from zibo_rectify.log.entry import ProgressEntry, in_force
from zibo_rectify.model import (
    MAX_FIGURE,
    Kind,
    Plan,
    Target,
    part_list,
    scaled_unit,
    suggest,
    sums_parts,
    targets_by_name,
)

# (code, message, fix)
Finding = tuple[str, str, str | None]


def value_problem(target: Target, value: float) -> Finding | None:
    """Why `value` cannot be a figure for `target`, or None when it can."""
    if target.kind is Kind.TASK:
        return (
            "task-value",
            _("{target} is a task: it is done or not and takes no figure").format(target=target.id),
            _("mark it done with: rectify done {target}").format(target=target.id),
        )
    if abs(value) > MAX_FIGURE:  # a step (+10) can carry a figure past it: say so, as for one typed
        return (
            "figure-out-of-range",
            _("{target} would be {value}, beyond what a figure can be (at most 10^15)").format(
                target=target.id, value=f"{value:.0f}"
            ),
            _("check the figure for a typo; a wrong earlier figure is fixed with --correction"),
        )
    if value < 0 and target.kind is not Kind.CHANGE:
        return (
            "negative",
            _("{target} cannot be negative ({value})").format(target=target.id, value=f"{value:g}"),
            None,
        )
    if target.kind is Kind.COUNT and value != int(value) and not scaled_unit(target.unit):
        return (
            "count-not-whole",
            _("{target} counts whole {unit}: {value} is not whole").format(
                target=target.id, unit=target.unit or _("items"), value=f"{value:g}"
            ),
            _("a count takes decimals only in a scaled unit such as 万人 or 万口"),
        )
    if target.kind is Kind.RATE and value > 100:
        return (
            "rate-over-100",
            _("{target} is a percentage: {value} is over 100").format(target=target.id, value=f"{value:g}"),
            _("give the rate in percent, 0 to 100"),
        )
    return None


def entry_problems(plan: Plan, entry: ProgressEntry, names: dict[str, Target] | None = None) -> list[Finding]:
    """Everything wrong with one entry on its own, against the plan.

    `names` is `targets_by_name(plan)`, made once by a caller that checks many entries.
    """
    return EntryRules(plan, names).problems(entry)


# What the rules need of an entry's target, worked out once a target: the target, whether it is
# a task, whether cumulative, whether it has parts, and the first and last day an entry may be about.
_Facts = tuple[Target, bool, bool, bool, dt.date, dt.date]


class EntryRules:
    """The rules of `entry_problems` for the entries of one plan in turn: a long log holds
    thousands of entries a target, so what they need of a target is worked out once."""

    def __init__(self, plan: Plan, names: dict[str, Target] | None = None) -> None:
        self._plan = plan
        self._names = names if names is not None else targets_by_name(plan)
        self._facts: dict[str, _Facts | None] = {}

    def _of(self, name: str) -> _Facts | None:
        """The facts of the target an entry names by its id, or None when no target has that id."""
        target = self._names.get(name)
        if target is None or target.id != name:
            return None
        kind = target.kind
        return (
            target,
            kind is Kind.TASK,
            kind.cumulative,
            bool(target.parts),
            self._plan.period.start,
            last_entry_day(target),
        )

    def problems(self, entry: ProgressEntry) -> list[Finding]:
        """Everything wrong with one entry on its own, against the plan."""
        name = entry.target
        if name not in self._facts:
            self._facts[name] = self._of(name)
        facts = self._facts[name]
        if facts is None:
            ids = [t.id for __, t in self._plan.all_targets()]
            return [
                (
                    "unknown-target",
                    _("the plan has no target {target!r}").format(target=name),
                    suggest(name, ids),
                )
            ]
        target, task, cumulative, parts, first, last = facts
        found: list[Finding] = []
        if task:
            if entry.value is not None:
                found.append(
                    (
                        "task-value",
                        _("{target} is a task: an entry marks it done, with no value").format(
                            target=target.id
                        ),
                        _("give its share done as a percent instead, e.g. 80%"),
                    )
                )
        elif entry.done is not None:
            found.append(
                (
                    "done-on-figure",
                    _("{target} is a {kind}: an entry gives its value, not done").format(
                        target=target.id, kind=kind_label(target.kind.value)
                    ),
                    None,
                )
            )
        elif not cumulative and entry.percent is not None:
            found.append(
                (
                    "percent-on-figure",
                    _("{target} is a {kind}: a percent done is for tasks; give its value").format(
                        target=target.id, kind=kind_label(target.kind.value)
                    ),
                    _("record the figure itself, e.g. rectify update {target} 120").format(target=target.id),
                )
            )
        elif entry.value is not None:
            problem = value_problem(target, float(entry.value))
            if problem:
                found.append(problem)
        if entry.part is not None or parts:
            found.extend(_part_problems(target, entry))
        if entry.expected is not None and entry.expected < entry.date:
            found.append(
                (
                    "expected-before-date",
                    _("the expected completion date {expected} is before the entry's date {date}").format(
                        expected=entry.expected, date=entry.date
                    ),
                    _("an expected date is one still ahead on the day recorded"),
                )
            )
        if not first <= entry.date <= last:
            period = self._plan.period
            found.append(
                (
                    "date-outside-plan",
                    _("the date {date} is outside the plan period {start} to {end}").format(
                        date=entry.date, start=period.start, end=period.end
                    )
                    if entry.date < period.start
                    else _(
                        "the date {date} is outside {start} to {until}, the time {target} is kept up"
                    ).format(date=entry.date, start=period.start, until=last, target=target.id),
                    None,
                )
            )
        return found


def last_entry_day(target: Target) -> dt.date:
    """The last day an entry may be about: an item kept up (长期坚持) up to its `until`; any other
    until it is finished, however late after the plan's end (逾期完成), which `record` checks."""
    return (target.until or dt.date.max) if target.ongoing else dt.date.max


def _part_problems(target: Target, entry: ProgressEntry) -> list[Finding]:
    """A part the target does not have; a figure for the whole of a target that sums its parts."""
    if entry.part is not None:
        if any(part.id == entry.part for part in target.parts):
            return []
        if not target.parts:
            return [
                (
                    "unknown-part",
                    _("{target} is not split into parts, so it has no part {part!r}").format(
                        target=target.id, part=entry.part
                    ),
                    _("record the figure for the whole target, without a part"),
                )
            ]
        return [
            (
                "unknown-part",
                _("{target} has no part {part!r}").format(target=target.id, part=entry.part),
                suggest(entry.part, [p.id for p in target.parts])
                or _("its parts: {parts}").format(parts=part_list(target)),
            )
        ]
    if target.parts and not entry.is_note and entry.kind is None:
        # Under roll_up: each the target is judged on its parts alone: a figure of its own would be
        # listed and then ignored, so it is refused like one under sum.
        message = (
            _("{target} is the sum of its parts: a figure belongs to one of them")
            if sums_parts(target)
            else _("{target} is judged on each of its parts: a figure belongs to one of them")
        )
        return [
            (
                "part-needed",
                message.format(target=target.id),
                _("name the part with --part: {parts}").format(parts=part_list(target)),
            )
        ]
    return []


def decrease_problem(target: Target, others: list[ProgressEntry], entry: ProgressEntry) -> Finding | None:
    """Why a new cumulative figure would make the series go down, unless marked a correction.

    `others` holds the target's entries already in the log.  The figure may not
    be below the one in force on its date (see `in_force`), nor above the
    one in force on the next date with figures, unless that one is a correction.
    """
    if not target.kind.cumulative or entry.correction or entry.value is None:
        return None
    series = in_force(e for e in others if e.part == entry.part)  # each part its own series
    name = target.id + (f"/{entry.part}" if entry.part else "")
    before = [e for e in series if e.date <= entry.date]
    after = [e for e in series if e.date > entry.date]
    if before and entry.value < (last := before[-1]).value:  # type: ignore[operator]
        return (
            "value-decreases",
            _("{target} was {last} on {date}; a cumulative figure cannot go down to {value}").format(
                target=name, last=f"{last.value:g}", date=last.date, value=f"{entry.value:g}"
            ),
            _(
                "if {last} was wrong, record the right figure on its date:"
                " rectify update {target} VALUE --date {date} --correction"
            ).format(last=f"{last.value:g}", target=target.id, date=last.date),
        )
    nxt = after[0] if after else None
    if nxt is not None and not nxt.correction and entry.value > nxt.value:  # type: ignore[operator]
        return (
            "value-above-later",
            _(
                "{target} is {later} on the later date {later_date}; {value} on {date} would make it go down"
            ).format(
                target=name,
                later=f"{nxt.value:g}",
                later_date=nxt.date,
                value=f"{entry.value:g}",
                date=entry.date,
            ),
            _("check the date, or record the right figure with --correction"),
        )
    return None
