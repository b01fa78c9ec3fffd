"""The workflow's own entries (sign-off, reopening, review, withdrawal) and when each is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _, long_date, step_label
from zibo_rectify.log import EvidenceRef, ProgressEntry, Verdict
from zibo_rectify.model import Plan, Target, named, named_id
from zibo_rectify.status import FINISHED, PlanStatus, TargetStatus
from zibo_rectify.workflow.ledger import (
    Key,
    Ledger,
    acted_on,
    is_figure,
    judge,
    key_of,
    named_in,
    needs_review,
    status_on,
)
from zibo_rectify.workflow.text import shortfall


def _one(found: list[ProgressEntry]) -> ProgressEntry:
    """The entry a stable reference names; refused when two different ones share it."""
    if len(set(found)) > 1:
        raise usage_error(
            "ambiguous-entry",
            _("that entry was recorded in the same second as another of the same target and date"),
            _("they cannot be told apart: record the right figure with --correction instead"),
        )
    return found[0]


def _entry(**fields: Any) -> ProgressEntry:
    """A workflow entry; the fields left out take their defaults."""
    return ProgressEntry(**fields)


def refuse_if_signed_off(target: Target, ledger: Ledger) -> None:
    """update, done and note are refused on a target signed off (销号) until it is reopened."""
    signed = ledger.signed_off(target.id)
    if signed is not None:
        raise usage_error(
            "signed-off",
            _("{target} was signed off on {date} by {by}: nothing more is recorded on it").format(
                target=named(target), date=long_date(signed.on), by=signed.by or "—"
            ),
            _('if the problem came back, reopen it first: rectify reopen {target} --reason "…"').format(
                target=target.id
            ),
        )


def signoff_entry(
    plan: Plan,
    target: Target,
    entries: list[ProgressEntry],
    day: dt.date,
    by: str,
    note: str | None,
    refs: tuple[EvidenceRef, ...],
    recorded: dt.datetime,
) -> ProgressEntry:
    """A sign-off (销号), refused unless the status engine judges the goal met that day on an entry."""
    ledger, status = status_on(plan, entries, day)
    earlier = ledger.signed_off(target.id) or judge(plan, entries).signed_off(target.id)
    if earlier is not None:
        raise usage_error(
            "already-signed-off",
            _("{target} was already signed off on {date} by {by}").format(
                target=named(target), date=long_date(earlier.on), by=earlier.by or "—"
            ),
            _("nothing to record"),
        )
    judged, met = goal_met(status, target.id)
    if not met:
        raise usage_error(
            "goal-not-met",
            _("{target} cannot be signed off on {date}: its goal is not met that day ({shown})").format(
                target=named(target), date=long_date(day), shown=shortfall(judged)
            ),
            _("record the figure that meets the goal first, or give the day it was met with --date"),
        )
    if plan.signoff is not None and plan.signoff.evidence == "required" and not refs:
        raise usage_error(
            "evidence-required",
            _("the plan requires evidence for a sign-off, and none was given"),
            _("name it with --evidence: a file in the plans repository, a URL or a document number"),
        )
    return _entry(
        date=day,
        target=target.id,
        kind="signoff",
        by=by,
        note=note,
        evidence=refs[0].ref if refs else None,
        evidence_refs=stored_refs(refs),
        recorded=recorded,
    )


class Extension(NamedTuple):
    """What `rectify extend` was asked: the new due date, why, who, the proof, from when, which part."""

    to: dt.date
    reason: str
    by: str | None = None
    evidence: tuple[str, ...] = ()
    day: dt.date | None = None
    part: str | None = None  # as typed: an id or a name


def extend_entry(
    plan: Plan,
    target: Target,
    part: str | None,
    entries: list[ProgressEntry],
    day: dt.date,
    request: Extension,
    refs: tuple[EvidenceRef, ...],
    recorded: dt.datetime,
) -> ProgressEntry:
    """An extension (延期): from `day` on, the target (or part) is judged against `to`, which must
    come after the due date in force that day."""
    __, status = status_on(plan, entries, day)
    judged = next(t for t in status.targets if t.target.id == target.id)
    due = judged.due if part is None else next(p.due for p in judged.parts if p.part.id == part)
    if due is None:
        raise usage_error(
            "no-due-date",
            _("{target} has no due date to extend").format(target=named(target)),
            _("an item kept up without a deadline needs no extension"),
        )
    if request.to <= due:
        raise usage_error(
            "not-later",
            _("--to {to} is not after the due date in force on {day}, {due}").format(
                to=request.to, day=day, due=due
            ),
            _("give the new, later due date the extension grants"),
        )
    return _entry(
        date=day,
        target=target.id,
        part=part,
        kind="extend",
        due=request.to,
        by=request.by,
        note=request.reason,
        evidence=refs[0].ref if refs else None,
        evidence_refs=stored_refs(refs),
        recorded=recorded,
    )


def goal_met(status: PlanStatus, target_id: str) -> tuple[TargetStatus, bool]:
    """The target's judgment on the status's day, and whether a sign-off may stand on it: the goal
    met (done or met) on a recorded entry.  `signoff` refuses, and `check` reports, by this rule."""
    judged = next(t for t in status.targets if t.target.id == target_id)
    return judged, judged.state in FINISHED and judged.last_entry is not None


def stored_refs(refs: tuple[EvidenceRef, ...]) -> tuple[EvidenceRef, ...] | None:
    """evidence_refs is written when it says more than `evidence` alone: a hash, or several references."""
    return refs if len(refs) > 1 or any(r.sha256 for r in refs) else None


def reopen_entry(
    plan: Plan,
    target: Target,
    entries: list[ProgressEntry],
    day: dt.date,
    by: str | None,
    reason: str,
    recorded: dt.datetime,
) -> ProgressEntry:
    """A reopening (问题反弹, 回头看) of a target signed off."""
    signed = judge(plan, entries).signed_off(target.id)
    if signed is None:
        raise usage_error(
            "not-signed-off",
            _("{target} is not signed off: there is nothing to reopen").format(target=named(target)),
            _("record figures with rectify update as usual"),
        )
    if day < signed.on:
        raise usage_error(
            "reopen-before-signoff",
            _("{target} was signed off on {date}; it cannot be reopened before that").format(
                target=named(target), date=long_date(signed.on)
            ),
            _("give a --date on or after {date}").format(date=signed.on),
        )
    return _entry(date=day, target=target.id, kind="reopen", by=by, note=reason, recorded=recorded)


def review_entry(
    plan: Plan,
    target: Target,
    entries: list[ProgressEntry],
    chosen: Key | None,
    verdict: Verdict,
    reason: str | None,
    by: str,
    day: dt.date | None,
    recorded: dt.datetime,
) -> ProgressEntry:
    """A review (审核) that accepts a figure or sends it back (退回)."""
    if not needs_review(plan, target):
        raise usage_error(
            "no-review",
            _("figures of {target} need no review: the plan does not require it").format(
                target=named(target)
            ),
            _("set review: required in the plan (format 2), for the plan or this target"),
        )
    ledger = judge(plan, entries)
    pending = ledger.pending.get(target.id, [])
    if chosen is None:
        if not pending:
            raise usage_error(
                "nothing-pending",
                _("no figure of {target} awaits review").format(target=named(target)),
                _("rectify pending lists what awaits review"),
            )
        if len(pending) > 1:
            raise usage_error(
                "several-pending",
                _("{count} figures of {target} await review").format(
                    count=len(pending), target=named(target)
                ),
                _("name one with --entry LINE; rectify pending shows their lines"),
            )
        figure = pending[0]
    else:
        found = [e for e in entries if key_of(e) == chosen and is_figure(e)]
        if not found:
            raise usage_error(
                "not-a-figure",
                _("that line is not a figure of {target}").format(target=named(target)),
                _("rectify pending shows the lines of figures awaiting review"),
            )
        figure = _one(found)
        if named_in(ledger.withdrawn, figure) is not None:
            raise usage_error("withdrawn", _("that figure was withdrawn"), _("nothing to review"))
        seen = named_in(ledger.reviewed, figure)
        if seen is not None:
            earlier = ledger.reviewed[seen]
            raise usage_error(
                "already-reviewed",
                _("that figure was already reviewed on {date} by {by}: {verdict}").format(
                    date=long_date(earlier.date),
                    by=earlier.by or "—",
                    verdict=step_label(earlier.verdict or ""),
                ),
                _("nothing to record"),
            )
    when = day or max(figure.date, dt.date.today())
    if when < figure.date:
        raise usage_error(
            "review-before-figure",
            _("the figure is dated {date}; it cannot be reviewed before that").format(
                date=long_date(figure.date)
            ),
            _("give a --date on or after {date}").format(date=figure.date),
        )
    return _entry(
        date=when,
        target=target.id,
        part=figure.part,
        kind="review",
        verdict=verdict,
        of_date=figure.date,
        of_recorded=figure.recorded,
        of_id=figure.id,
        by=by,
        note=reason,
        recorded=recorded,
    )


def withdraw_entry(
    plan: Plan,
    entries: list[ProgressEntry],
    chosen: Key,
    by: str | None,
    reason: str | None,
    recorded: dt.datetime,
) -> ProgressEntry:
    """A withdrawal: the entry stays in the log, marked, and never counts (dated as it is)."""
    found = [e for e in entries if key_of(e) == chosen]
    if not found:
        raise usage_error(
            "no-such-entry",
            _("that entry is no longer in the log"),
            _("rectify log shows the entries with their lines"),
        )
    entry = _one(found)
    ledger = judge(plan, entries)
    if entry.kind == "withdraw":
        raise usage_error(
            "withdraw-a-withdrawal",
            _("that line is itself a withdrawal; it cannot be withdrawn"),
            _("record the entry again instead"),
        )
    withdrawn = named_in(ledger.withdrawn, entry)
    if withdrawn is not None and ledger.withdrawn[withdrawn] != entry:
        raise usage_error(
            "already-withdrawn",
            _("that entry was already withdrawn on {recorded}").format(
                recorded=ledger.withdrawn[withdrawn].recorded.isoformat(timespec="seconds")
            ),
            _("nothing to record"),
        )
    signed = ledger.signed_off(entry.target)
    if signed is not None and entry.kind is None:
        raise usage_error(
            "signed-off",
            _("{target} was signed off on {date}: its entries stand as they were").format(
                target=named_id(plan, entry.target), date=long_date(signed.on)
            ),
            _('reopen it first: rectify reopen {target} --reason "…"').format(target=entry.target),
        )
    return _entry(
        date=entry.date,
        target=entry.target,
        part=entry.part,
        kind="withdraw",
        of_date=entry.date,
        of_recorded=entry.recorded,
        of_id=entry.id,
        by=by,
        note=reason,
        recorded=recorded,
    )


def last_recorded_by(
    rows: Iterable[tuple[str, ProgressEntry, int]], user: str, unnamed_too: bool
) -> tuple[str, ProgressEntry, int]:
    """The last entry (by its recorded stamp) a user recorded that can still be withdrawn."""
    candidates = list(rows)
    withdrawn = {acted_on(e) for __, e, ___ in candidates if e.kind == "withdraw"} - {None}
    mine = [
        row
        for row in candidates
        if row[1].kind != "withdraw"
        and named_in(withdrawn, row[1]) is None  # type: ignore[arg-type]
        and (row[1].by == user or (unnamed_too and row[1].by is None))
    ]
    if not mine:
        raise usage_error(
            "nothing-to-undo",
            _("{user} recorded nothing that can be undone").format(user=user),
            _("give the name the entries were recorded under with --by, or use rectify retract LINE"),
        )
    return max(mine, key=lambda row: (row[1].recorded, row[2]))  # one second holds several: the later line


def entry_at(rows: Iterable[tuple[ProgressEntry, int]], line: int, where: str) -> ProgressEntry:
    """The entry on a line of a log, as rectify log shows it."""
    for entry, number in rows:
        if number == line:
            return entry
    raise usage_error(
        "no-entry-on-line",
        _("{log} has no entry on line {line}").format(log=where, line=line),
        _("rectify log shows each entry with its line"),
    )
