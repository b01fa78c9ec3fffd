"""What `check` reports about the workflow: evidence files missing or changed, and warning levels."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from zibo_rectify.errors import WARNING, Diagnostic
from zibo_rectify.i18n import _, step_label
from zibo_rectify.log import Log, ProgressEntry
from zibo_rectify.model import Plan
from zibo_rectify.workflow.evidence import evidence_problems, repository_root
from zibo_rectify.workflow.ledger import Key, acted_on, key_of, ref_of


def workflow_problems(
    plan: Plan, log: Log, fail_on: str | None, day: dt.date | None = None
) -> list[Diagnostic]:
    from zibo_rectify.workflow.signoffs import signoff_problems

    found = evidence_problems(log, repository_root(log.path.parent)) + dangling_steps(log)
    found += late_entries(plan, log)
    found += signoff_problems(plan, log) + review_problems(plan, log)
    if fail_on is not None:
        found += level_problems(plan, log, fail_on, day or dt.date.today())
    return found


def level_problems(plan: Plan, log: Log, fail_on: str, day: dt.date) -> list[Diagnostic]:
    """Each target at the level `fail_on` or above on `day`: a problem, for CI and cron."""
    from zibo_rectify.workflow.levels import LEVEL_NAMES, warnings_as_of  # only with --fail-on

    threshold = LEVEL_NAMES[fail_on]
    return [
        Diagnostic(
            f"warning-{w.level.label}",
            _("{target} is at warning level {level} on {day}: {reason}").format(
                target=w.target, level=w.level.label, day=day, reason=w.reason
            ),
            str(log.path),
            fix=_("rectify warnings lists every warning with its reason"),
        )
        for w in warnings_as_of(plan, log.entries, day)
        if w.level >= threshold
    ]


def dangling_steps(log: Log) -> list[Diagnostic]:
    """A review or withdrawal that names no entry of the log (a hand edit, a line lost in a merge),
    or, written before entries had ids, names two: two offices' entries of one target, date and
    second, which a union merge brought together, and which it cannot tell apart."""
    # What each kind may act on; a step recorded in the same second as its entry shares its stamp.
    withdrawable: dict[Key, set[ProgressEntry]] = defaultdict(set)
    figures: dict[Key, set[ProgressEntry]] = defaultdict(set)
    lines: dict[ProgressEntry, int] = {}
    for entry, line in zip(log.entries, log.lines, strict=True):
        lines.setdefault(entry, line)
        for key in {key_of(entry), ref_of(entry)}:
            if entry.kind != "withdraw":
                withdrawable[key].add(entry)
            if entry.kind is None:
                figures[key].add(entry)
    found = []
    for entry, line in zip(log.entries, log.lines, strict=True):
        acts_on = acted_on(entry)
        if acts_on is None:
            continue
        named = (withdrawable if entry.kind == "withdraw" else figures).get(acts_on, set())
        problem = None
        if not named:
            problem = (
                "names-no-entry",
                _("this {kind} names no entry of the log: {target} of {date} recorded {recorded}").format(
                    kind=entry.kind, target=entry.target, date=entry.of_date, recorded=_stamp(entry)
                ),
                _("restore the entry it acts on, or delete this line"),
            )
        elif len(named) > 1:
            problem = (
                "names-two-entries",
                _(
                    "this {kind} names {count} entries, recorded in the same second (lines {lines}):"
                    " it cannot tell which it means, and acts on all of them"
                ).format(
                    kind=step_label(entry.kind or ""),
                    count=len(named),
                    lines=", ".join(str(n) for n in sorted(lines[e] for e in named)),
                ),
                _("delete this line, and fix the figure meant with --correction"),
            )
        if problem is not None:
            code, message, fix = problem
            found.append(
                Diagnostic(
                    code,
                    message,
                    str(log.path),
                    line,
                    1,
                    fix,
                    log.source[line - 1] if 0 < line <= len(log.source) else None,
                )
            )
    return found


def _stamp(step: ProgressEntry) -> str:
    return step.of_recorded.isoformat() if step.of_recorded is not None else "—"


def review_problems(plan: Plan, log: Log) -> list[Diagnostic]:
    """A review of a figure its plan does not require reviewed (it changes nothing: a warning), and
    a figure accepted and sent back by two reviews, as two branches merged can leave it (which
    stands would depend on their clocks: an error, for a person to settle)."""
    from zibo_rectify.model import target_by_id
    from zibo_rectify.workflow.ledger import Mark, judge, needs_review

    found: list[Diagnostic] = []
    if not any(entry.kind == "review" for entry in log.entries):
        return found
    ledger = judge(plan, log.entries)
    verdicts: dict[Key, tuple[str | None, int]] = {}
    for entry, line in zip(log.entries, log.lines, strict=True):
        key = acted_on(entry)
        if entry.kind != "review" or key is None or ledger.mark(entry) is Mark.WITHDRAWN:
            continue
        text = log.source[line - 1] if 0 < line <= len(log.source) else None
        if not needs_review(plan, target_by_id(plan, entry.target)):
            found.append(
                Diagnostic(
                    "review-not-required",
                    _("figures of {target} need no review: this review changes nothing").format(
                        target=entry.target
                    ),
                    str(log.path),
                    line,
                    1,
                    _("delete this line, or set review: required in the plan"),
                    text,
                    WARNING,
                )
            )
            continue
        verdict, first = verdicts.setdefault(key, (entry.verdict, line))
        if verdict != entry.verdict:
            found.append(
                Diagnostic(
                    "reviewed-both-ways",
                    _("this review says {verdict} of a figure that line {line} says {other} of").format(
                        verdict=step_label(entry.verdict or ""), line=first, other=step_label(verdict or "")
                    ),
                    str(log.path),
                    line,
                    1,
                    _("withdraw the review that is wrong: rectify retract LINE --reason …"),
                    text,
                )
            )
    return found


def late_entries(plan: Plan, log: Log) -> list[Diagnostic]:
    """Entries recorded more than the plan's late_entry_days after the day they are about (补录):
    a warning, so a figure typed months later shows in CI.  A withdrawal is dated as the entry it
    withdraws, so it is never late itself."""
    from zibo_rectify.knownat import PLAN_ZONE

    allowed = plan.late_entry_days
    found = []
    for entry, line in zip(log.entries, log.lines, strict=True):
        if entry.kind == "withdraw":
            continue
        recorded = entry.recorded.astimezone(PLAN_ZONE)
        days = (recorded.date() - entry.date).days
        if days > allowed:
            found.append(
                Diagnostic(
                    "late-entry",
                    _("recorded {recorded}, {days} days after {date}, the day it is about (补录)").format(
                        recorded=recorded.isoformat(sep=" ", timespec="seconds"), days=days, date=entry.date
                    ),
                    str(log.path),
                    line,
                    1,
                    _(
                        "nothing to fix if it is right; the plan's late_entry_days ({days}) sets what is late"
                    ).format(days=allowed),
                    log.source[line - 1] if 0 < line <= len(log.source) else None,
                    WARNING,
                )
            )
    return found
