"""Log entries as rows a view lists, and the changes of a span as rows."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from zibo_rectify.log import ProgressEntry
from zibo_rectify.present.phrase import said_note
from zibo_rectify.present.rows import ChangeRow, EntryRow, SinceReport, TargetRow
from zibo_rectify.workflow.changes import Changes, is_late_entry
from zibo_rectify.workflow.ledger import Ledger, Mark, superseded


def since_report(changes: Changes, shown: dict[str, TargetRow], rows_of: EntryRows) -> SinceReport:
    """The changes since the last report of the targets shown, as rows the writers list: the
    changes are `changes_between`'s, only named and put in order here."""
    by_ref = {(r.target, r.part, r.date, r.recorded): r for r in rows_of.rows}
    found: list[ChangeRow] = []

    def add(kind: str, target: str, **fields: Any) -> None:
        t = shown.get(target)
        if t is None:  # another unit's target, under --owner
            return
        entry = fields.get("entry")
        if entry is not None and entry.part is not None:
            fields["part"] = next((p.name for p in t.parts if p.id == entry.part), entry.part)
        found.append(ChangeRow(kind, target, t.number, t.name, t.unit, **fields))

    def step(kind: str, entry: ProgressEntry) -> None:
        acted = None
        if entry.of_date is not None and entry.of_recorded is not None:
            acted = by_ref.get((entry.target, entry.part, entry.of_date, entry.of_recorded))
        add(kind, entry.target, date=entry.date, entry=rows_of.of(entry), acted_on=acted)

    for entry in changes.entries:
        kind = "correction" if entry.correction else "entry"
        if kind == "entry" and is_late_entry(entry, changes.since):
            kind = "late_entry"
        add(kind, entry.target, date=entry.date, entry=rows_of.of(entry))
    for moved in changes.states:
        add("state", moved.target, before=moved.before, after=moved.after, late_by_days=moved.late_by_days)
    for moved in changes.levels:
        add("warning", moved.target, before=moved.before, after=moved.after)
    place = {target: i for i, target in enumerate(shown)}  # in plan order within a day
    for m in sorted(changes.milestones, key=lambda m: (m.by, place.get(m.target, -1))):
        add(
            m.what,
            m.target,
            date=m.by,
            value=m.value,
            reached=m.reached,
            value_then=m.value_then,
            late_by_days=m.late_by_days,
        )
    for kind, entries in (
        ("signoff", changes.signoffs),
        ("reopen", changes.reopenings),
        ("acceptance", changes.acceptances),
        ("rejection", changes.rejections),
        ("withdrawal", changes.withdrawals),
        ("extension", changes.extensions),
    ):
        for entry in entries:
            step(kind, entry)
    since = changes.since
    return SinceReport(since.first, changes.as_of, found, None if since.from_date else since.known)


class EntryRows(NamedTuple):
    """Every entry's row in date order, and where each entry (by identity) has its row."""

    rows: list[EntryRow]
    at: dict[int, int]  # id(entry) -> index in rows; an exact duplicate points at the first's row

    def of(self, entry: ProgressEntry) -> EntryRow | None:
        index = self.at.get(id(entry))
        return self.rows[index] if index is not None else None


def entry_rows(
    plan_id: str,
    entries: Sequence[ProgressEntry],
    lines: Sequence[int],
    ledger: Ledger,
    names: dict[str, str] | None = None,
) -> EntryRows:
    """Each entry's row, in date order, a figure another of its date replaces marked superseded (as
    `log` marks it: `workflow.ledger.superseded`), with
    the ledger's mark (counts, pending, rejected, withdrawn, step).  An exact duplicate (a union
    merge can leave one) is one row, at its first line.  Entries are found by identity, since
    hashing every entry is much of a long log's time; equality is asked only when the ledger
    found duplicates."""
    ordered = sorted(zip(entries, lines, strict=True), key=lambda pair: pair[0].sort_key)
    rows: list[EntryRow] = []
    at: dict[int, int] = {}
    first: dict[ProgressEntry, int] | None = {} if ledger.duplicates else None
    plain = not (ledger.withdrawn or ledger.rejected or ledger.pending_refs)
    replaced = {id(e) for e in superseded(ledger.counting)}
    for entry, line in ordered:
        if first is not None:
            seen = first.setdefault(entry, len(rows))
            if seen != len(rows):
                at[id(entry)] = seen
                continue
        if plain:  # nothing withdrawn, rejected or pending: every figure counts
            mark = Mark.STEP if entry.kind is not None else Mark.COUNTS
        else:
            mark = ledger.mark(entry)
        at[id(entry)] = len(rows)
        rows.append(
            EntryRow(
                plan=plan_id,
                line=line,
                date=entry.date,
                target=entry.target,
                part=entry.part,
                value=entry.value,
                percent=entry.percent,
                done=entry.done,
                kind=entry.kind,
                expected=entry.expected,
                correction=entry.correction,
                superseded=id(entry) in replaced,
                by=entry.by,
                note=said_note(entry.note),
                evidence=entry.evidence,
                recorded=entry.recorded,
                mark=mark.value,
                verdict=entry.verdict,
                of_date=entry.of_date,
                name=(names or {}).get(entry.target),
                due=entry.due,
            )
        )
    return EntryRows(rows, at)


def evidence_of(entries: Iterable[ProgressEntry], as_of: dt.date) -> dict[str, list[str]]:
    """Each target's evidence on `as_of` as its entry rows give it (`entry_rows`, then
    `report_of_status`): in date order, stably, so the same as sorting every entry would give.
    For a log without exact duplicates, which entry rows would show once."""
    with_evidence = sorted(
        (e for e in entries if e.evidence and e.date <= as_of), key=operator.attrgetter("sort_key")
    )
    found: dict[str, list[str]] = {}
    for entry in with_evidence:
        found.setdefault(entry.target, []).append(entry.evidence)  # type: ignore[arg-type]
    return found
