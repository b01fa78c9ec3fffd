"""What `update`, `done` and `note` typed, made into one log entry and appended.

`typed_figure` is the one place that reads a figure as typed (120, 7.4, -1.5,
80%, +20); the rest builds the entry, checks it against the plan and the log
under the lock, and says in one line what was recorded.
"""

# No `from __future__ import annotations`: NamedTuple would compile every annotation string at each start.

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from zibo_rectify.errors import usage_error
from zibo_rectify.figures import with_unit
from zibo_rectify.i18n import _, kind_label, long_date
from zibo_rectify.log import (
    ProgressEntry,
    append_entry,
    decrease_problem,
    entry_problems,
    in_force,
    read_log,
    stamp,
    value_problem,
)
from zibo_rectify.model import Kind, Part, Target, named, named_part
from zibo_rectify.workspace import FoundTarget


class Typed(NamedTuple):
    """A figure as the user typed it: the number, and whether it was a percent done or a step."""

    number: int | float
    percent: bool = False  # 80% for a task: its share done
    step: bool = False  # +20: the figure grew by this much


def typed_figure(target: Target, text: str) -> Typed:
    """The figure typed for `target`: 120, 7.4, -1.5 (a change), 80% (a task's share), +20 (a step)."""
    from zibo_rectify.typed import figure

    read = figure(text)  # refuses 1e400, 1,50, 1_000 …; keeps the sign and the unit typed
    percent = read.unit == "%"
    step = read.sign == "+"
    if read.unit and not percent and read.unit != (target.unit or ""):
        raise usage_error(
            "wrong-unit",
            _("{text!r} is given in {unit}, but {target} is counted in {expected}").format(
                text=text, unit=read.unit, target=named(target), expected=target.unit or _("plain numbers")
            ),
            _("give the figure in {expected}, e.g. {example}").format(
                expected=target.unit or _("plain numbers"), example=f"{abs(read.value)}{target.unit or ''}"
            ),
        )
    if target.kind is Kind.TASK and not percent:
        raise usage_error(
            "task-value",
            _("{target} is a task: it is done or not, or a share done in percent").format(
                target=named(target)
            ),
            _("give its share done as rectify update {target} 80%, or mark it: rectify done {target}").format(
                target=target.id
            ),
        )
    if percent and target.kind not in (Kind.TASK, Kind.RATE, Kind.CHANGE) and not target.kind.cumulative:
        raise usage_error(
            "percent-on-figure",
            _("{target} is a {kind}: a percent done is for tasks; give its value").format(
                target=named(target), kind=kind_label(target.kind.value)
            ),
            _("record the figure itself, e.g. rectify update {target} 120").format(target=target.id),
        )
    value = read.value
    share = target.kind is Kind.TASK or target.kind.cumulative  # a task's share done, or a count's (88%)
    typed = Typed(value, percent=percent and share, step=step)
    if typed.percent:
        if not 0 <= value <= 100:
            raise usage_error(
                "percent-out-of-range",
                _("a share done is 0% to 100%, not {text}").format(text=text),
                _("when it is all done, mark it: rectify done {target}").format(target=target.id),
            )
        if step:
            raise usage_error(
                "percent-step", _("give the share done as it stands, e.g. 80%, not a step"), None
            )
    elif not step:
        problem = value_problem(target, float(value))
        if problem:
            raise usage_error(*problem)
    return typed


def done_figure(target: Target) -> dict[str, Any]:
    """What `done` records for `target`: refused for anything but a task, which takes a figure."""
    if target.kind is not Kind.TASK:
        raise usage_error(
            "not-a-task",
            _("{target} is a {kind} target, not a task: it takes a figure").format(
                target=named(target), kind=kind_label(target.kind.value)
            ),
            _("record its figure with: rectify update {target} VALUE").format(target=target.id),
        )
    return {"done": True}


def update_figure(target: Target, text: str) -> dict[str, Any]:
    """What `update` records for the figure typed: a value, a task's percent, or a step (+20)."""
    typed = typed_figure(target, text)
    return {"percent" if typed.percent else "step" if typed.step else "value": typed.number}


class Request(NamedTuple):
    """Everything typed for one entry, besides the figure."""

    date: str | None
    note: str | None = None
    by: str | None = None
    evidence: Sequence[str] | None = None  # each --evidence: a path, a URL or a 文号
    correction: bool = False
    expected: dt.date | None = None
    part: Part | None = None
    verdict: str | None = None  # the office's own word: ahead, on_track, slow or stalled
    undated: bool = False  # done, the document stating no date: on or before the entry's date


def record(
    found: FoundTarget,
    figure: dict[str, Any],
    request: Request,
    day: dt.date,
    warn: Callable[[str], None] | None = None,
    dry_run: bool = False,
) -> ProgressEntry:
    """Append the entry for `found` and return it: refused (exit 2) when plan or log says no.
    With `dry_run` every check is made against the log as it is, and nothing is appended.

    `figure` holds value, percent or done (nothing for a note); a `Typed` step is
    passed as {"step": n} and becomes the figure in force plus n, read under the lock.
    Evidence files are hashed (workflow.evidence); a target signed off takes no entry.
    """
    from pydantic_core import ValidationError

    from zibo_rectify.workflow import actions, evidence, steps

    target = found.target
    today = dt.date.today()
    if day > today:
        raise usage_error(
            "future-date",
            _("--date {date} is in the future").format(date=day),
            _("record a figure on or after the day it is true"),
        )
    step = figure.pop("step", None)
    if step is not None:
        figure = {"value": step, "increment": step}  # the value is filled in under the lock
    folder = found.loaded.file.log_path.parent
    refs = evidence.references(request.evidence or (), evidence.repository_root(folder), Path.cwd(), warn)
    recorded = stamp()  # stamped again under the lock, when the entry is appended
    try:
        entry = ProgressEntry(
            date=day,
            target=target.id,
            part=request.part.id if request.part else None,
            by=request.by or os.environ.get("RECTIFY_BY") or None,
            note=request.note,
            evidence=refs[0].ref if refs else None,
            evidence_refs=steps.stored_refs(refs),
            recorded=recorded,
            correction=request.correction,
            expected=request.expected,
            verdict=request.verdict,  # type: ignore[arg-type]  # parsed words; the entry checks them
            undated=True if request.undated else None,
            **figure,
        )
    except ValidationError as err:  # text that is not UTF-8, passed on from the shell
        first = err.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "entry"
        message = first["msg"].removeprefix("Value error, ")
        raise usage_error(
            "bad-text", f"--{field} {message}", _("type the text again in a UTF-8 terminal")
        ) from None
    plan = found.loaded.plan
    problems = entry_problems(plan, entry)
    if problems:
        code, message, fix = problems[0]
        raise usage_error(code, message, fix)
    opens = plan.target_start(target)
    if entry.done and entry.date < opens and warn is not None:
        warn(
            _("{target} is marked done on {date}, before its window opens on {start}").format(
                target=named(target), date=long_date(entry.date), start=long_date(opens)
            )
        )

    def checked(current: list[ProgressEntry]) -> ProgressEntry:
        nonlocal entry
        mine = actions.held_against(plan, target, current)  # withdrawn and rejected entries left out
        kept_up = target.ongoing or target.repeat is not None  # done again: a reconfirmation (复核)
        if entry.done and not kept_up and any(e.done for e in mine if e.date <= entry.date):
            first = next(e for e in mine if e.done)
            raise usage_error(
                "already-done",
                _("{target} was already marked done on {date}").format(
                    target=named(target), date=long_date(first.date)
                ),
                _("nothing to record"),
            )
        if step is not None:
            entry = _stepped(target, mine, entry, step)
        same = [e for e in mine if what_it_says(e) == what_it_says(entry)]
        if same:
            raise usage_error(
                "already-recorded",
                _("this entry is already in the log, recorded at {time}").format(
                    time=same[0].recorded.isoformat(timespec="seconds")
                ),
                _("nothing to record"),
            )
        problem = decrease_problem(target, mine, entry)
        if problem:
            raise usage_error(*problem)
        _refuse_if_it_would_not_count(target, mine, entry)
        if entry.date > plan.period.end and not kept_up:
            _refuse_after_finished(found, mine, entry)
        return entry

    log_path = found.loaded.file.log_path
    if dry_run:
        current = read_log(log_path).entries if log_path.exists() else []
        return checked([e for e in current if e.target == target.id])
    append_entry(log_path, checked, target.id)
    return entry


def _refuse_if_it_would_not_count(target: Target, mine: list[ProgressEntry], entry: ProgressEntry) -> None:
    """Nothing is acknowledged that another figure of its day would outweigh at once: a lower figure
    beside a higher one, any figure beside a correction, or a correction beside one whose recorded
    time is later than this computer's clock says now (another office's clock ahead)."""
    from zibo_rectify.workflow.actions import describe
    from zibo_rectify.workflow.ledger import counting_instead

    now = stamp()
    winner = counting_instead(
        mine, dataclasses.replace(entry, recorded=now)
    )  # stamped as it would be appended
    if winner is None:
        return
    said = describe(winner, target)
    if winner.correction and entry.correction:
        raise usage_error(
            "correction-outweighed",
            _(
                "{entry}, a correction recorded at {time}, would still count over this one: its time is"
                " later than this computer's clock ({now}), so one of the two clocks is wrong"
            ).format(entry=said, time=winner.recorded.isoformat(), now=now.isoformat()),
            _(
                "set the clock right; to replace that correction now, withdraw it (rectify log {target}"
                " shows its line; rectify retract LINE --reason …) and record yours again"
            ).format(target=target.id),
        )
    if winner.correction:
        raise usage_error(
            "correction-outweighs",
            _("{entry} is a correction, which counts over every other figure of its day").format(entry=said),
            _("if this figure fixes that one, record it with --correction"),
        )
    raise usage_error(
        "higher-figure-outweighs",
        _("{entry} was recorded for the same day, and the highest figure of a day counts").format(entry=said),
        _("if that figure was wrong, record this one with --correction"),
    )


def _refuse_after_finished(found: FoundTarget, mine: list[ProgressEntry], entry: ProgressEntry) -> None:
    """An entry after the plan's end is a late completion (逾期完成), taken only while the target
    (or its part) was not yet finished when the plan ended."""
    from zibo_rectify.status import FINISHED, status_as_of

    plan, target = found.loaded.plan, found.target
    end = plan.period.end
    status = next(t for t in status_as_of(plan, mine, end).targets if t.target.id == target.id)
    part = next((p for p in status.parts if p.part.id == entry.part), None)
    if (part.state if part is not None else status.state) in FINISHED:
        raise usage_error(
            "finished-before-end",
            _("{target} was finished when the plan ended on {end}: an entry after that is not taken").format(
                target=named_part(target, entry.part), end=long_date(end)
            ),
            _("record it on a date within the plan period"),
        )


def _stepped(target: Target, mine: list[ProgressEntry], entry: ProgressEntry, step: float) -> ProgressEntry:
    """The entry of a step (+20): the figure in force on its date, for its part, plus the step."""
    earlier = in_force(e for e in mine if e.part == entry.part and e.date <= entry.date)
    start = target.baseline if entry.part is None else None  # the baseline is the whole target's
    base = earlier[-1].value if earlier else (start or 0)
    total = Decimal(str(base)) + Decimal(str(step))
    value: int | float = int(total) if total == total.to_integral_value() else float(total)
    problem = value_problem(target, float(value))
    if problem:
        raise usage_error(*problem)
    return dataclasses.replace(entry, value=value)


def what_it_says(entry: ProgressEntry) -> tuple[Any, ...]:
    """An entry without the moment it was written: two alike are the same record typed twice."""
    return (
        entry.date,
        entry.target,
        entry.part,
        entry.value,
        entry.percent,
        entry.done,
        entry.increment,
        entry.correction,
        entry.expected,
        entry.verdict,
        entry.undated,
        entry.by,
        entry.note,
        entry.evidence,
    )


def confirmation(target: Target, part: Part | None, entry: ProgressEntry, log: Path) -> str:
    """The one plain line `update`, `done` and `note` print: what was recorded, where."""
    name = named_part(target, part.id if part else None)
    if entry.is_note:
        return _("Recorded a note on {target} on {date} in {log}").format(
            target=name, date=long_date(entry.date), log=log
        )
    if entry.undated:
        return _("Recorded {target} as done, no date stated: on or before {date}, in {log}").format(
            target=name, date=long_date(entry.date), log=log
        )
    if entry.done:
        what = _("done")
    elif entry.percent is not None and target.kind.cumulative:
        what = _("{percent}% of the goal, the figure not given").format(percent=entry.percent)
    elif entry.percent is not None:
        what = _("{percent}% done").format(percent=entry.percent)
    else:
        what = with_unit(str(entry.value), target.unit)  # the figure exactly as recorded
        if entry.increment is not None:
            what += f" (+{entry.increment})"
    message = _("Recorded {target} = {value} on {date} in {log}").format(
        target=name, value=what, date=long_date(entry.date), log=log
    )
    return message + (_(" (correction)") if entry.correction else "")
