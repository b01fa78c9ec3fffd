"""What the workflow commands do: find the target or line, build the entry under the log's lock, append it."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from operator import attrgetter
from pathlib import Path

from zibo_rectify import plans as plan_files
from zibo_rectify import workspace
from zibo_rectify.errors import Diagnostic, usage_error
from zibo_rectify.figures import figure
from zibo_rectify.i18n import _, step_label
from zibo_rectify.log import ProgressEntry, Verdict, append_entry, stamp
from zibo_rectify.model import Kind, Plan, Target, named, named_id, named_part, target_by_id
from zibo_rectify.status.filters import EVERY_TARGET, Scope
from zibo_rectify.workflow import evidence, steps
from zibo_rectify.workflow.ledger import Key, Mark, judge, key_of, superseded

Rows = list[tuple[str, ProgressEntry, int]]  # (plan id, entry, line)
Warn = Callable[[list[Diagnostic]], None]  # shows the warnings of plans left out


def held_against(plan: Plan, target: Target, current: Iterable[ProgressEntry]) -> list[ProgressEntry]:
    """What a new figure of `target` is held against; refused while the target is signed off."""
    mine = [e for e in current if e.target == target.id]
    ledger = judge(plan, mine)
    steps.refuse_if_signed_off(target, ledger)
    return ledger.live(mine)


def describe(entry: ProgressEntry, target: Target | None = None) -> str:
    """2022-06-20 低收入办法 (low-income-rules) done: an entry in a few words, for confirmations and
    messages; the target is named when it is given."""
    if entry.kind == "review":
        what = _("review: {verdict}").format(verdict=step_label(entry.verdict or ""))
    elif entry.kind is not None:
        what = step_label(entry.kind)
    elif entry.done:
        what = _("done")
    elif entry.percent is not None:
        what = f"{figure(entry.percent, None)}%"
    elif entry.value is not None:
        what = figure(entry.value, None if target is None else target.unit)
    else:
        what = _("note: {note}").format(note=entry.note)
    return f"{entry.date} {entry.target if target is None else named_part(target, entry.part)} {what}"


def _found_day(day: dt.date | None) -> dt.date:
    today = dt.date.today()
    when = day or today
    if when > today:
        raise usage_error(
            "future-date",
            _("--date {date} is in the future").format(date=when),
            _("record a step on or after the day it happens"),
        )
    return when


def signoff(
    folder: Path,
    name: str,
    by: str,
    texts: list[str],
    day: dt.date | None,
    note: str | None,
    warn: Callable[[str], None] | None = None,
) -> tuple[ProgressEntry, Target]:
    found = workspace.find_target(folder, name)
    refs = evidence.references(texts, evidence.repository_root(folder), Path.cwd(), warn)
    when = _found_day(day)
    plan = found.loaded.plan

    def make(current: list[ProgressEntry]) -> ProgressEntry:
        return steps.signoff_entry(plan, found.target, current, when, by, note, refs, stamp())

    return append_entry(found.loaded.file.log_path, make, found.target.id), found.target


def reopen(
    folder: Path, name: str, by: str | None, reason: str, day: dt.date | None
) -> tuple[ProgressEntry, Target]:
    found = workspace.find_target(folder, name)
    when = _found_day(day)
    plan = found.loaded.plan

    def make(current: list[ProgressEntry]) -> ProgressEntry:
        return steps.reopen_entry(plan, found.target, current, when, by, reason, stamp())

    return append_entry(found.loaded.file.log_path, make, found.target.id), found.target


def review(
    folder: Path,
    name: str,
    line: int | None,
    verdict: Verdict,
    reason: str | None,
    by: str,
    day: dt.date | None,
) -> tuple[ProgressEntry, Target]:
    found = workspace.find_target(folder, name)
    chosen: Key | None = None
    if line is not None:
        log = workspace.load_log(found.loaded)
        entry = steps.entry_at(zip(log.entries, log.lines, strict=True), line, str(log.path))
        if entry.target != found.target.id:
            raise usage_error(
                "other-target",
                _("line {line} is an entry of {other}, not of {target}").format(
                    line=line, other=named_id(found.loaded.plan, entry.target), target=named(found.target)
                ),
                _("name the target of that line, or the line of a figure of {target}").format(
                    target=found.target.id
                ),
            )
        chosen = key_of(entry)
    when = _found_day(day) if day is not None else None
    plan = found.loaded.plan

    def make(current: list[ProgressEntry]) -> ProgressEntry:
        return steps.review_entry(plan, found.target, current, chosen, verdict, reason, by, when, stamp())

    return append_entry(found.loaded.file.log_path, make, found.target.id), found.target


def extend(
    folder: Path,
    name: str,
    request: steps.Extension,
    warn: Callable[[str], None] | None = None,
) -> tuple[ProgressEntry, Target]:
    """Record an extension (延期) of a target or one of its parts."""
    found = workspace.find_target(folder, name)
    part = workspace.find_part(found.target, request.part).id if request.part is not None else None
    refs = evidence.references(list(request.evidence), evidence.repository_root(folder), Path.cwd(), warn)
    when = _found_day(request.day)
    plan = found.loaded.plan

    def make(current: list[ProgressEntry]) -> ProgressEntry:
        return steps.extend_entry(plan, found.target, part, current, when, request, refs, stamp())

    return append_entry(found.loaded.file.log_path, make, found.target.id), found.target


def rows_of(folder: Path, plan_id: str | None, warn: Warn) -> tuple[list[workspace.LoadedPlan], Rows]:
    """Every entry of the plans named (or all) that load, with its plan and line; a plan that does
    not load is left out with a warning, so one plan with problems does not stop the others."""
    loaded, left_out = workspace.load_each(plan_files.choose_plan(folder, plan_id))
    warn(left_out)
    rows: Rows = []
    for one in loaded:
        log = workspace.load_log(one)
        rows += [(one.plan.id, e, n) for e, n in zip(log.entries, log.lines, strict=True)]
    return loaded, rows


def pending(
    folder: Path, plan_id: str | None, warn: Warn, scope: Scope = EVERY_TARGET
) -> list[tuple[str, ProgressEntry, int, Target]]:
    """Every figure awaiting review of the targets in `scope`, oldest first, with its plan, line
    and target."""
    loaded, rows = rows_of(folder, plan_id, warn)
    scope.checked(one.plan for one in loaded)
    found = []
    for one in loaded:
        mine = [(e, n) for p, e, n in rows if p == one.plan.id]
        ledger = judge(one.plan, (e for e, __ in mine))
        targets = {t.id: t for __, t in one.plan.all_targets()}
        lines = {e: n for e, n in mine}
        for target_id, entries in ledger.pending.items():
            entries = scope.only(one.plan, entries, attrgetter("target"))
            found += [(one.plan.id, e, lines[e], targets[target_id]) for e in entries if target_id in targets]
    return sorted(found, key=lambda row: row[1].sort_key)


def recorder() -> tuple[str, bool]:
    """Who is typing a withdrawal: RECTIFY_BY, else the OS user (True: the login name, which also
    owns entries recorded with no name)."""
    given = os.environ.get("RECTIFY_BY")
    if given:
        return given, False
    import getpass  # and termios: only when RECTIFY_BY does not name who records

    try:
        return getpass.getuser(), True
    except (KeyError, OSError):
        return "—", True


def withdrawal_question(plan_id: str, line: int, entry: ProgressEntry, target: Target | None) -> str:
    """Withdraw line 12 of p: 2022-07-31 长者食堂 (canteens) [张店区] 95 家 (by 养老服务科, recorded
    2022-07-31 10:00)?  Everything that tells the entry apart, since a line number typed from
    memory may have moved (git pull --rebase); `describe` names the part."""
    from zibo_rectify.present.phrase import recorded_time

    about = [_("by {by}").format(by=entry.by) if entry.by else _("by nobody named")]
    about.append(_("recorded {time}").format(time=recorded_time(entry.recorded)))
    return _("Withdraw line {line} of {plan}: {entry} ({about})?").format(
        line=line, plan=plan_id, entry=describe(entry, target), about=", ".join(about)
    )


def _withdraw(
    loaded: workspace.LoadedPlan, entry: ProgressEntry, by: str | None, reason: str | None
) -> ProgressEntry:
    chosen = key_of(entry)

    def make(current: list[ProgressEntry]) -> ProgressEntry:
        return steps.withdraw_entry(loaded.plan, current, chosen, by, reason, stamp())

    return append_entry(loaded.file.log_path, make, entry.target)


def _withdraw_if_agreed(
    loaded: workspace.LoadedPlan,
    read: Iterable[ProgressEntry],
    line: int,
    entry: ProgressEntry,
    withdrawal: tuple[str | None, str | None],
    confirm: Callable[[str], bool],
) -> bool:
    """Withdraw `entry` (by, reason) once `confirm` agrees to the question that shows it; a step
    that would be refused is refused before anyone is asked (and again under the lock)."""
    by, reason = withdrawal
    steps.withdraw_entry(loaded.plan, list(read), key_of(entry), by, reason, stamp())
    if not confirm(withdrawal_question(loaded.plan.id, line, entry, target_by_id(loaded.plan, entry.target))):
        return False
    _withdraw(loaded, entry, by, reason)
    return True


def undo(
    folder: Path, plan_id: str | None, whose: str | None, confirm: Callable[[str], bool], warn: Warn
) -> tuple[ProgressEntry, int, Target | None] | None:
    """Withdraw the last entry `whose` (else the one typing) recorded, once `confirm` agrees; None
    when it does not.  The withdrawal is by the one typing, whoever's entry it withdraws."""
    typing, unnamed_too = recorder()
    loaded, rows = rows_of(folder, plan_id, warn)
    plan_id_, entry, line = steps.last_recorded_by(rows, whose or typing, unnamed_too and not whose)
    its_plan = next(one for one in loaded if one.plan.id == plan_id_)
    read = (e for p, e, __ in rows if p == plan_id_)
    if not _withdraw_if_agreed(its_plan, read, line, entry, (typing, _("undo")), confirm):
        return None
    return entry, line, target_by_id(its_plan.plan, entry.target)


def retract(
    folder: Path, spec: str, reason: str, by: str | None, confirm: Callable[[str], bool], warn: Warn
) -> tuple[ProgressEntry, int, Target | None] | None:
    """Withdraw the entry on a line of a log (LINE, or plan-id/LINE when the folder holds several
    plans), once `confirm` agrees; None when it does not."""
    plan_id, __, number = spec.rpartition("/")
    if not re.fullmatch("[0-9]{1,12}", number):  # not ² nor ٣, nor 5,000 digits int() will not read
        raise usage_error(
            "bad-line",
            _("{spec!r} is not a line number").format(spec=spec if len(spec) <= 40 else spec[:40] + "…"),
            _("give the line rectify log shows, e.g. 12, or plan-id/12"),
        )
    loaded, rows = rows_of(folder, plan_id or None, warn)
    if len(loaded) > 1:
        raise usage_error(
            "which-plan",
            _("the folder holds several plans: which log is line {line} in?").format(line=number),
            _("write it as plan-id/{line}").format(line=number),
        )
    entry = steps.entry_at(((e, n) for __, e, n in rows), int(number), str(loaded[0].file.log_path))
    by = by or os.environ.get("RECTIFY_BY") or None
    read = (e for __, e, ___ in rows)
    if not _withdraw_if_agreed(loaded[0], read, int(number), entry, (by, reason), confirm):
        return None
    return entry, int(number), target_by_id(loaded[0].plan, entry.target)


def undo_done(folder: Path, name: str, by: str | None, note: str | None) -> tuple[ProgressEntry, Target]:
    """Withdraw the entry that marked a task done (done --undo)."""
    found = workspace.find_target(folder, name)
    if found.target.kind is not Kind.TASK:
        raise usage_error(
            "not-a-task",
            _("{target} is not a task: withdraw a figure with rectify retract LINE").format(
                target=named(found.target)
            ),
            _("rectify log {target} shows its lines").format(target=found.target.id),
        )
    log = workspace.load_log(found.loaded)
    mine = [e for e in log.entries if e.target == found.target.id]
    ledger = judge(found.loaded.plan, mine)
    done = [e for e in ledger.live(mine) if e.done]
    if not done:
        raise usage_error(
            "not-done",
            _("{target} is not marked done: there is nothing to undo").format(target=named(found.target)),
            _("rectify log {target} shows what was recorded").format(target=found.target.id),
        )
    entry = max(done, key=lambda e: e.sort_key)
    _withdraw(
        found.loaded, entry, by or os.environ.get("RECTIFY_BY") or None, note or _("marked done by mistake")
    )
    return entry, found.target


def marks_of(plan: Plan, entries: list[ProgressEntry]) -> list[Mark]:
    """What `log` shows beside each entry, in the entries' order: pending, rejected, withdrawn,
    superseded (or counts)."""
    ledger = judge(plan, entries)
    replaced = {id(e) for e in superseded(ledger.counting)}
    marks = [ledger.mark(entry) for entry in entries]
    return [
        Mark.SUPERSEDED if mark is Mark.COUNTS and id(entry) in replaced else mark
        for entry, mark in zip(entries, marks, strict=True)
    ]
