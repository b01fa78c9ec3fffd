"""Which entries count on a day, which await review, and where each target's sign-off (销号) stands.

Status runs on the entries that count: a withdrawn entry never counts, nor a
rejected figure (退回); a figure under review (审核) counts only once a review
accepts it, from its own date; an exact duplicate, as a union merge can
leave, counts once.  Everything is judged on the entries dated on or before
the day, so replaying any past day gives that day's state.
"""

# No `from __future__ import annotations`: NamedTuple would compile every annotation string at each start.

import datetime as dt
import itertools
import operator
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Plan, Target
from zibo_rectify.status import PlanStatus, status_as_of

STEPS = frozenset({"signoff", "reopen", "review", "withdraw", "extend"})


class Ref(NamedTuple):
    """What names an entry for good: line numbers move when a union merge interleaves lines."""

    target: str
    part: str | None
    date: dt.date
    recorded: dt.datetime


Key = str | Ref  # an entry's id; an entry written before ids (or by hand without one), its Ref


def ref_of(entry: ProgressEntry) -> Ref:
    return Ref(entry.target, entry.part, entry.date, entry.recorded)


def key_of(entry: ProgressEntry) -> Key:
    """What a step names the entry by: its id, which no other office's entry shares; else its Ref,
    which two offices' entries of one target, date and second do share."""
    return entry.id if entry.id is not None else ref_of(entry)


def acted_on(step: ProgressEntry) -> Key | None:
    """The entry a review or withdraw entry acts on: by its id, or by its Ref (a step written
    before ids, or naming an entry that has none)."""
    if step.of_date is None or step.of_recorded is None:
        return None
    if step.of_id is not None:
        return step.of_id
    return Ref(step.target, step.part, step.of_date, step.of_recorded)


def named_in(keys: Collection[Key], entry: ProgressEntry) -> Key | None:
    """The key by which `keys` (steps' keys) names `entry`: its id, or its Ref; None when neither."""
    if entry.id is not None and entry.id in keys:
        return entry.id
    ref = ref_of(entry)
    return ref if ref in keys else None


class Mark(StrEnum):
    """What an entry is to status, as `log` shows it."""

    COUNTS = "counts"
    PENDING = "pending"  # 待审核
    REJECTED = "rejected"  # 退回
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"  # a figure of the same date replaced by another
    STEP = "step"  # a workflow entry: signoff, reopen, review, withdraw


class SignOff(NamedTuple):
    """A target's latest sign-off step on a day: signed off, or reopened (问题反弹, 回头看)."""

    signed_off: bool
    on: dt.date
    by: str | None
    note: str | None  # the reason of a reopening
    entry: ProgressEntry


def is_figure(entry: ProgressEntry) -> bool:
    return entry.kind is None and not entry.is_note


def needs_review(plan: Plan, target: Target | None) -> bool:
    """`review: required` on the target, or on the plan when the target says nothing."""
    said = target.review if target is not None and target.review is not None else plan.review
    return said == "required"


@dataclass
class Ledger:
    day: dt.date | None
    counting: list[ProgressEntry] = field(default_factory=list)  # what status runs on
    pending: dict[str, list[ProgressEntry]] = field(default_factory=dict)
    rejected: dict[Key, ProgressEntry] = field(default_factory=dict)  # the figure's key: its review
    withdrawn: dict[Key, ProgressEntry] = field(default_factory=dict)  # the entry's key: its withdrawal
    accepted: dict[Key, ProgressEntry] = field(default_factory=dict)
    reviewed: dict[Key, ProgressEntry] = field(default_factory=dict)  # the latest review of each
    signoffs: dict[str, SignOff] = field(default_factory=dict)
    duplicates: int = 0
    pending_refs: set[Key] = field(default_factory=set)

    def for_view(self) -> "Ledger":
        """What the status views read (sign-offs, figures awaiting review) and nothing more: a
        folder of plans keeps one ledger per plan until it prints, not every plan's log."""
        return Ledger(self.day, pending=self.pending, signoffs=self.signoffs)

    def mark(self, entry: ProgressEntry) -> Mark:
        if not (self.withdrawn or self.rejected or self.pending_refs):  # most logs: nothing to look up
            return Mark.COUNTS if entry.kind is None else Mark.STEP
        # A withdrawal written before ids names its entry by target, date and recorded second,
        # which are its own too when both were recorded in one second (`done`, then `undo --yes`).
        key = named_in(self.withdrawn, entry)
        if key is not None and self.withdrawn[key] != entry:
            return Mark.WITHDRAWN
        if entry.kind is not None:
            return Mark.STEP
        if named_in(self.rejected, entry) is not None:
            return Mark.REJECTED
        if named_in(self.pending_refs, entry) is not None:
            return Mark.PENDING
        return Mark.COUNTS

    def signed_off(self, target_id: str) -> SignOff | None:
        """The sign-off in force, or None (never signed off, or reopened)."""
        step = self.signoffs.get(target_id)
        return step if step is not None and step.signed_off else None

    def live(self, entries: Iterable[ProgressEntry]) -> list[ProgressEntry]:
        """Figures and notes not withdrawn nor rejected: what a new figure is held against."""
        return [
            e
            for e in entries
            if e.kind is None and named_in(self.withdrawn, e) is None and named_in(self.rejected, e) is None
        ]


def judge(plan: Plan, entries: Iterable[ProgressEntry], day: dt.date | None = None) -> Ledger:
    """The ledger of a plan's entries on `day` (None: every entry, whatever its date)."""
    ledger = Ledger(day)
    ordered = _unique_in_order([e for e in entries if day is None or e.date <= day], ledger)
    steps = [e for e in ordered if e.kind is not None]
    for entry in steps:
        key = acted_on(entry)
        if entry.kind == "withdraw" and key is not None:
            ledger.withdrawn.setdefault(key, entry)
    plan_reviewed = needs_review(plan, None)  # for every target that says nothing of its own
    reviewed = {t.id: needs_review(plan, t) for __, t in plan.all_targets() if t.review is not None}
    for entry in steps:
        key = acted_on(entry)
        # A review of a figure its plan requires no review of changes nothing (check warns).
        if entry.kind == "review" and key is not None and reviewed.get(entry.target, plan_reviewed):
            if named_in(ledger.withdrawn, entry) is None:
                ledger.reviewed[key] = entry  # a later review of the same figure overrides
    for ref, review in ledger.reviewed.items():
        (ledger.accepted if review.verdict == "accepted" else ledger.rejected)[ref] = review
    if not steps and not plan_reviewed and not any(reviewed.values()):
        ledger.counting = ordered  # nothing withdrawn, signed off or under review: every entry counts
        return ledger
    withdrawn = ledger.withdrawn
    for entry in ordered:
        if withdrawn and named_in(withdrawn, entry) is not None:
            continue
        if entry.kind in ("signoff", "reopen"):
            ledger.signoffs[entry.target] = SignOff(
                entry.kind == "signoff", entry.date, entry.by, entry.note, entry
            )
            continue
        if entry.kind not in (None, "extend"):  # an extension counts: the engine reads its due date
            continue
        if entry.kind is None and not entry.is_note and reviewed.get(entry.target, plan_reviewed):
            if named_in(ledger.rejected, entry) is not None:
                continue
            if named_in(ledger.accepted, entry) is None:
                ledger.pending.setdefault(entry.target, []).append(entry)
                ledger.pending_refs.add(key_of(entry))
                continue
        ledger.counting.append(entry)
    return ledger


def _unique_in_order(entries: list[ProgressEntry], ledger: Ledger) -> list[ProgressEntry]:
    """The entries by date and time of recording, an exact duplicate (counted) kept once.

    Equal entries share their date and time, so they are neighbours once sorted: only
    entries of one same instant are compared, and the first of equals is the one kept.
    """
    # Stable sorts by recorded, then by date, give the order of (date, recorded) with half the
    # comparisons of stamps (each a call into pydantic's time zone): entries of one instant keep
    # the log's order.
    entries.sort(key=_recorded)
    entries.sort(key=_date)
    ordered: list[ProgressEntry] = []
    last = None
    for entry in entries:
        when = _when(entry)
        if when == last and _seen(entry, when, ordered):
            ledger.duplicates += 1
            continue
        ordered.append(entry)
        last = when
    return ordered


def _seen(entry: ProgressEntry, when: tuple[dt.date, dt.datetime], ordered: list[ProgressEntry]) -> bool:
    """Whether an entry equal to `entry` ends `ordered`, among those of the same instant."""
    return entry in itertools.takewhile(lambda e: _when(e) == when, reversed(ordered))


_when = operator.attrgetter("date", "recorded")
_date = operator.attrgetter("date")
_recorded = operator.attrgetter("recorded")


def superseded(entries: Iterable[ProgressEntry]) -> list[ProgressEntry]:
    """Figures of a date that another figure of the same target, part and date replaces.

    A correction that date wins (the last one recorded); else the highest
    figure of the date, the last recorded among equals.
    """
    groups: dict[tuple[str, str | None, dt.date], list[ProgressEntry]] = {}
    for entry in entries:
        if is_figure(entry):
            groups.setdefault((entry.target, entry.part, entry.date), []).append(entry)
    replaced: list[ProgressEntry] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda e: e.recorded)
        corrections = [e for e in group if e.correction]
        kept = corrections[-1] if corrections else max(reversed(group), key=_figure)
        replaced += [e for e in group if e is not kept]
    return replaced


def counting_instead(entries: Iterable[ProgressEntry], new: ProgressEntry) -> ProgressEntry | None:
    """The figure of `new`'s target, part and date that would count instead of `new`, were `new`
    recorded beside `entries` (`superseded`'s rule, as `log` marks it); None when `new` counts."""
    if not is_figure(new):
        return None
    day = (new.target, new.part, new.date)
    same = [e for e in entries if is_figure(e) and (e.target, e.part, e.date) == day]
    replaced = {id(e) for e in superseded([*same, new])}
    if id(new) not in replaced:
        return None
    return next(e for e in same if id(e) not in replaced)


def _figure(entry: ProgressEntry) -> float:
    if entry.value is not None:
        return float(entry.value)
    if entry.percent is not None:
        return float(entry.percent)
    return 100.0 if entry.done else 0.0


def status_on(plan: Plan, entries: Iterable[ProgressEntry], day: dt.date) -> tuple[Ledger, PlanStatus]:
    """The status engine's judgement of `day`, on the entries that count that day."""
    ledger = judge(plan, entries, day)
    return ledger, status_as_of(plan, ledger.counting, day, in_order=True)
