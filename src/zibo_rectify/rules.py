"""What a progress entry may say about a plan: the rules `update` enforces and `check` reports."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from zibo_rectify.i18n import _, kind_label
from zibo_rectify.model import Kind, Plan, Target
from zibo_rectify.progress import ProgressEntry

# (code, message, fix)
Finding = tuple[str, str, str | None]


def targets_by_name(plan: Plan) -> dict[str, Target]:
    """Every id, alias and name of the plan's targets (an id wins over another target's name)."""
    names: dict[str, Target] = {}
    for __, target in plan.all_targets():
        names[target.id] = target
    for __, target in plan.all_targets():
        for alias in (*target.aliases, target.name):
            names.setdefault(alias, target)
    return names


def named(target: Target) -> str:
    """A target in a message: its name, and beside it the id that is typed and stored."""
    return _("{name} ({id})").format(name=target.name, id=target.id)


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return _("did you mean {name}?").format(name=close[0]) if close else None


def value_problem(target: Target, value: float) -> Finding | None:
    """Why `value` cannot be a figure for `target`, or None when it can."""
    if target.kind is Kind.TASK:
        return (
            "task-value",
            _("{target} is a task: it is done or not and takes no figure").format(target=named(target)),
            _("mark it done with: rectify done {target}").format(target=target.id),
        )
    if value != value or value in (float("inf"), float("-inf")):
        return ("not-finite", _("the value must be a finite number"), None)
    if value < 0:
        return (
            "negative",
            _("{target} cannot be negative ({value})").format(target=named(target), value=f"{value:g}"),
            None,
        )
    if target.kind is Kind.COUNT and value != int(value):
        return (
            "count-not-whole",
            _("{target} counts whole {unit}: {value} is not whole").format(
                target=named(target), unit=target.unit or _("items"), value=f"{value:g}"
            ),
            None,
        )
    if target.kind is Kind.RATE and value > 100:
        return (
            "rate-over-100",
            _("{target} is a percentage: {value} is over 100").format(
                target=named(target), value=f"{value:g}"
            ),
            _("give the rate in percent, 0 to 100"),
        )
    return None


def entry_problems(plan: Plan, entry: ProgressEntry, names: dict[str, Target] | None = None) -> list[Finding]:
    """Everything wrong with one entry on its own, against the plan.

    `names` is `targets_by_name(plan)`, made once by a caller that checks many entries.
    """
    found: list[Finding] = []
    target = (names if names is not None else targets_by_name(plan)).get(entry.target)
    if target is None or target.id != entry.target:
        ids = [t.id for __, t in plan.all_targets()]
        found.append(
            (
                "unknown-target",
                _("the plan has no target {target!r}").format(target=entry.target),
                suggest(entry.target, ids),
            )
        )
        return found
    if target.kind is Kind.TASK and entry.value is not None:
        found.append(
            (
                "task-value",
                _("{target} is a task: an entry marks it done, with no value").format(target=named(target)),
                None,
            )
        )
    elif target.kind is not Kind.TASK and entry.done is not None:
        found.append(
            (
                "done-on-figure",
                _("{target} is a {kind}: an entry gives its value, not done").format(
                    target=named(target), kind=kind_label(target.kind.value)
                ),
                None,
            )
        )
    elif entry.value is not None:
        problem = value_problem(target, float(entry.value))
        if problem:
            found.append(problem)
    period = plan.period
    if not period.start <= entry.date <= period.end:
        found.append(
            (
                "date-outside-plan",
                _("the date {date} is outside the plan period {start} to {end}").format(
                    date=entry.date, start=period.start, end=period.end
                ),
                None,
            )
        )
    return found


def decrease_problem(target: Target, others: list[ProgressEntry], entry: ProgressEntry) -> Finding | None:
    """Why a new cumulative figure would make the series go down, unless marked a correction.

    `others` holds the target's entries already in the log.  The figure may not
    be below the one in force on its date, nor above the next one after it.
    """
    if not target.kind.cumulative or entry.correction or entry.value is None:
        return None
    series = sorted((e for e in others if e.value is not None), key=lambda e: e.sort_key)
    before = [e for e in series if e.sort_key <= entry.sort_key]
    after = [e for e in series if e.date > entry.date]
    if before and entry.value < (last := before[-1]).value:  # type: ignore[operator]
        return (
            "value-decreases",
            _("{target} was {last} on {date}; a cumulative figure cannot go down to {value}").format(
                target=named(target), last=f"{last.value:g}", date=last.date, value=f"{entry.value:g}"
            ),
            _("if {last} was wrong, record the right figure with --correction").format(
                last=f"{last.value:g}"
            ),
        )
    if after and not after[0].correction and entry.value > (nxt := after[0]).value:  # type: ignore[operator]
        return (
            "value-above-later",
            _(
                "{target} is {later} on the later date {later_date}; {value} on {date} would make it go down"
            ).format(
                target=named(target),
                later=f"{nxt.value:g}",
                later_date=nxt.date,
                value=f"{entry.value:g}",
                date=entry.date,
            ),
            _("check the date, or record the right figure with --correction"),
        )
    return None
