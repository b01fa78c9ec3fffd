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
from collections.abc import Iterable
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


def ref_of(entry: ProgressEntry) -> Ref:
    return Ref(entry.target, entry.part, entry.date, entry.recorded)


def acted_on(step: ProgressEntry) -> Ref | None:
    """The entry a review or withdraw entry acts on."""
    if step.of_date is None or step.of_recorded is None:
        return None
    return Ref(step.target, step.part, step.of_date, step.of_recorded)


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
    rejected: dict[Ref, ProgressEntry] = field(default_factory=dict)  # the figure's ref: its review
    withdrawn: dict[Ref, ProgressEntry] = field(default_factory=dict)  # the entry's ref: its withdrawal
    accepted: dict[Ref, ProgressEntry] = field(default_factory=dict)
    reviewed: dict[Ref, ProgressEntry] = field(default_factory=dict)  # the latest review of each
    signoffs: dict[str, SignOff] = field(default_factory=dict)
    duplicates: int = 0
    pending_refs: set[Ref] = field(default_factory=set)

    def for_view(self) -> "Ledger":
        """What the status views read (sign-offs, figures awaiting review) and nothing more: a
        folder of plans keeps one ledger per plan until it prints, not every plan's log."""
        return Ledger(self.day, pending=self.pending, signoffs=self.signoffs)

    def mark(self, entry: ProgressEntry) -> Mark:
        # Without withdrawals, rejections or figures awaiting review (most logs) no ref is needed.
        ref = ref_of(entry) if self.withdrawn or self.rejected or self.pending_refs else None
        # A withdrawal names its entry by target, date and recorded second, which are its own too
        # when both were recorded in one second (`done`, then `undo --yes`): it is not withdrawn.
        if ref in self.withdrawn and self.withdrawn[ref] != entry:
            return Mark.WITHDRAWN
        if entry.kind is not None:
            return Mark.STEP
        if ref in self.rejected:
            return Mark.REJECTED
        if ref in self.pending_refs:
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
            if e.kind is None and ref_of(e) not in self.withdrawn and ref_of(e) not in self.rejected
        ]


def judge(plan: Plan, entries: Iterable[ProgressEntry], day: dt.date | None = None) -> Ledger:
    """The ledger of a plan's entries on `day` (None: every entry, whatever its date)."""
    ledger = Ledger(day)
    ordered = _unique_in_order([e for e in entries if day is None or e.date <= day], ledger)
    steps = [e for e in ordered if e.kind is not None]
    for entry in steps:
        ref = acted_on(entry)
        if entry.kind == "withdraw" and ref is not None:
            ledger.withdrawn.setdefault(ref, entry)
    for entry in steps:
        ref = acted_on(entry)
        if entry.kind == "review" and ref is not None and ref_of(entry) not in ledger.withdrawn:
            ledger.reviewed[ref] = entry  # a later review of the same figure overrides
    for ref, review in ledger.reviewed.items():
        (ledger.accepted if review.verdict == "accepted" else ledger.rejected)[ref] = review
    reviewed = {t.id: needs_review(plan, t) for __, t in plan.all_targets()}
    plan_reviewed = needs_review(plan, None)
    if not steps and not plan_reviewed and not any(reviewed.values()):
        ledger.counting = ordered  # nothing withdrawn, signed off or under review: every entry counts
        return ledger
    withdrawn = ledger.withdrawn
    for entry in ordered:
        if withdrawn and ref_of(entry) in withdrawn:
            continue
        if entry.kind in ("signoff", "reopen"):
            ledger.signoffs[entry.target] = SignOff(
                entry.kind == "signoff", entry.date, entry.by, entry.note, entry
            )
            continue
        if entry.kind not in (None, "extend"):  # an extension counts: the engine reads its due date
            continue
        if entry.kind is None and not entry.is_note and reviewed.get(entry.target, plan_reviewed):
            ref = ref_of(entry)
            if ref in ledger.rejected:
                continue
            if ref not in ledger.accepted:
                ledger.pending.setdefault(entry.target, []).append(entry)
                ledger.pending_refs.add(ref)
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
