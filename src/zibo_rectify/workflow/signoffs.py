"""What `check` says of sign-offs (销号): each judged again on the log as it is now.

A sign-off is refused by `signoff` unless the goal is met that day, and while
it stands `update`, `done` and `note` are refused.  A hand-edited line, or two
branches merged line by line (`merge=union`), can still leave a sign-off whose
goal is not met (its figure withdrawn or corrected below the goal, on the other
branch), an entry recorded on a target signed off, or a target signed off
twice.  Each is reported at its line, by the rules the commands use.
"""

from __future__ import annotations

from collections import defaultdict

from zibo_rectify.errors import ERROR, WARNING, Diagnostic
from zibo_rectify.i18n import _, long_date
from zibo_rectify.log import Log, ProgressEntry
from zibo_rectify.model import Plan
from zibo_rectify.workflow.ledger import Mark, judge, status_on
from zibo_rectify.workflow.steps import goal_met
from zibo_rectify.workflow.text import shortfall


def signoff_problems(plan: Plan, log: Log) -> list[Diagnostic]:
    """Every sign-off whose goal is not met on its day, every entry recorded while its target was
    signed off, and every second sign-off without a reopening between."""
    if not any(entry.kind == "signoff" for entry in log.entries):
        return []
    ledger = judge(plan, log.entries)
    series: dict[str, list[tuple[ProgressEntry, int]]] = defaultdict(list)
    for entry, line in zip(log.entries, log.lines, strict=True):
        if entry.kind != "withdraw" and entry.kind != "review" and ledger.mark(entry) is not Mark.WITHDRAWN:
            series[entry.target].append((entry, line))
    found: list[Diagnostic] = []

    def report(line: int, code: str, message: str, fix: str, severity: str = ERROR) -> None:
        text = log.source[line - 1] if 0 < line <= len(log.source) else None
        found.append(Diagnostic(code, message, str(log.path), line, 1, fix, text, severity))

    for target_id, rows in series.items():
        rows.sort(key=lambda row: row[0].sort_key)  # the ledger's order: by date, then recorded
        standing: tuple[ProgressEntry, int] | None = None  # the sign-off in force, and its line
        for index, (entry, line) in enumerate(rows):
            if entry.kind == "reopen":
                standing = None
            elif entry.kind == "signoff":
                if standing is not None:
                    report(
                        line,
                        "signed-off-twice",
                        _("{target} is signed off again: it was signed off on {date} (line {line})").format(
                            target=target_id, date=long_date(standing[0].date), line=standing[1]
                        ),
                        _("one of the two branches' sign-offs is enough; delete this line"),
                        WARNING,
                    )
                    continue
                standing = (entry, line)
                unmet = _not_met(plan, log, entry)
                if unmet is not None:
                    reopened = any(later.kind == "reopen" for later, __ in rows[index + 1 :])
                    # once reopened, a sign-off that no longer stands is history, not an error
                    report(line, "signoff-goal-not-met", *unmet, WARNING if reopened else ERROR)
            elif standing is not None and not _reopened_that_day(entry, rows[index + 1 :]):
                signed, signed_line = standing
                report(
                    line,
                    "recorded-after-signoff",
                    _(
                        "{target} was signed off on {date} (line {line}): nothing is recorded on it"
                        " until it is reopened"
                    ).format(target=target_id, date=long_date(signed.date), line=signed_line),
                    _('if it came back, reopen it: rectify reopen {target} --date {day} --reason "…"').format(
                        target=target_id, day=entry.date
                    ),
                    ERROR if entry.recorded >= signed.recorded else WARNING,  # a sign-off dated back
                )
    return found


def _not_met(plan: Plan, log: Log, signoff: ProgressEntry) -> tuple[str, str] | None:
    """Why the sign-off's day, judged on every entry that counts now, does not meet the goal as
    `signoff` requires (message, fix); None when it does."""
    __, status = status_on(plan, log.entries, signoff.date)
    judged, met = goal_met(status, signoff.target)
    if met:
        return None
    return (
        _("{target} is signed off on {date}, but its goal is not met that day ({shown})").format(
            target=signoff.target, date=long_date(signoff.date), shown=shortfall(judged)
        ),
        _(
            'reopen it (rectify reopen {target} --reason "…"), or record the figure that meets the goal'
        ).format(target=signoff.target),
    )


def _reopened_that_day(entry: ProgressEntry, later: list[tuple[ProgressEntry, int]]) -> bool:
    """A reopening dated the entry's day, recorded after it: `reopen --date DAY` answers the entry."""
    return any(other.kind == "reopen" and other.date == entry.date for other, __ in later)
