"""What `check` reports about the workflow: evidence files missing or changed, and warning levels."""

from __future__ import annotations

import datetime as dt

from zibo_rectify.errors import WARNING, Diagnostic
from zibo_rectify.i18n import _
from zibo_rectify.log import Log
from zibo_rectify.model import Plan
from zibo_rectify.workflow.evidence import evidence_problems, repository_root
from zibo_rectify.workflow.ledger import acted_on, ref_of


def workflow_problems(
    plan: Plan, log: Log, fail_on: str | None, day: dt.date | None = None
) -> list[Diagnostic]:
    from zibo_rectify.workflow.signoffs import signoff_problems

    found = evidence_problems(log, repository_root(log.path.parent)) + dangling_steps(log)
    found += late_entries(plan, log)
    found += signoff_problems(plan, log)
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
    """A review or withdrawal that names no entry of the log (a hand edit, a line lost in a merge)."""
    # What each kind may act on; a step recorded in the same second as its entry shares its stamp.
    withdrawable = {ref_of(e) for e in log.entries if e.kind != "withdraw"}
    figures = {ref_of(e) for e in log.entries if e.kind is None}
    found = []
    for entry, line in zip(log.entries, log.lines, strict=True):
        ref = acted_on(entry)
        if ref is not None and ref not in (withdrawable if entry.kind == "withdraw" else figures):
            found.append(
                Diagnostic(
                    "names-no-entry",
                    _("this {kind} names no entry of the log: {target} of {date} recorded {recorded}").format(
                        kind=entry.kind, target=ref.target, date=ref.date, recorded=ref.recorded.isoformat()
                    ),
                    str(log.path),
                    line,
                    1,
                    _("restore the entry it acts on, or delete this line"),
                    log.source[line - 1] if 0 < line <= len(log.source) else None,
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
