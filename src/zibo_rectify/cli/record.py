"""Commands that record progress in a plan's log: update, done, note, and undo and retract, which
withdraw an entry recorded by mistake."""

# No `from __future__ import annotations`: Typer reads these signatures when it builds the commands.

import datetime as dt
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from zibo_rectify.cli.app import RECORD, app
from zibo_rectify.cli.common import asking, confirm_done, day, plans_dir, said, warn_left_out, warn_line
from zibo_rectify.cli.options import (
    EntryDate,
    Evidence,
    Expected,
    Note,
    Part,
    PlanArg,
    Quiet,
    Reason,
    RecordedBy,
    TargetArg,
    Verdict,
    Yes,
)
from zibo_rectify.completion import figure_ids, task_ids
from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _


@app.command(
    "update",
    panel=RECORD,
    help=_(
        "Record a target's figure as of a date, in its plan's progress log.\n\n"
        "Examples:\n"
        "  rectify update canteens 120 --date 2022-07-28 --note 第二批验收\n"
        "  rectify update care-rate 61 --date 2022-11-01 --by 社会救助科\n"
        "  rectify update 长者食堂 30 --part 张店区 --date 2022-10-21"
    ),
    # A figure may be negative (a change of -1.5): read -1.5 as the VALUE, not as an option.
    context_settings={"ignore_unknown_options": True},
)
def update(
    target: Annotated[
        str,
        typer.Argument(
            metavar=_("TARGET"),
            help=_("Target id, alias or name, or plan-id/target."),
            autocompletion=figure_ids,
        ),
    ],
    value: Annotated[
        str,
        typer.Argument(
            metavar=_("VALUE"),
            help=_(
                "The figure as of --date: 120, 7.4, -1.5 for a change,"
                " 80% for a task's share done, +20 for a step."
            ),
        ),
    ],
    date: EntryDate = None,
    note: Note = None,
    by: RecordedBy = None,
    evidence: Evidence = None,
    correction: Annotated[
        bool,
        typer.Option("--correction", help=_("This figure fixes a wrong earlier one and may be lower.")),
    ] = False,
    part: Part = None,
    expected: Expected = None,
    verdict: Verdict = None,
    quiet: Quiet = False,
) -> None:
    """Record a figure (help text above, translated)."""
    from zibo_rectify.record import update_figure

    _record(
        target,
        lambda found: update_figure(found, value),
        date,
        part,
        expected,
        quiet,
        note=note,
        by=by,
        evidence=evidence,
        correction=correction,
        verdict=_verdict(verdict),
    )


@app.command(
    "done",
    panel=RECORD,
    help=_(
        "Mark a task done as of a date.\n\n"
        "Examples:\n"
        "  rectify done low-income-rules --date 2022-06-20 --evidence 淄民发〔2022〕12号\n"
        "  rectify done 政策培训 --date 2022-09-15 --note 培训120人次\n"
        "  rectify done midterm-summary --date 2022-08-31 --quiet"
    ),
)
def done(
    task: Annotated[
        str,
        typer.Argument(
            metavar=_("TASK"), help=_("Task id, alias or name, or plan-id/task."), autocompletion=task_ids
        ),
    ],
    date: EntryDate = None,
    note: Note = None,
    by: RecordedBy = None,
    evidence: Evidence = None,
    undo: Annotated[
        bool, typer.Option("--undo", help=_("Withdraw the entry that marked it done by mistake."))
    ] = False,
    part: Part = None,
    expected: Expected = None,
    verdict: Verdict = None,
    undated: Annotated[
        bool,
        typer.Option(
            "--undated",
            help=_("The document says done but gives no date (未载明日期): done on or before --date."),
        ),
    ] = False,
    quiet: Quiet = False,
) -> None:
    """Mark a task done (help text above, translated)."""
    from zibo_rectify.record import done_figure

    if undo:
        from zibo_rectify.workflow.actions import describe, undo_done

        withdrawn, its_target = undo_done(plans_dir(), task, by, note)
        confirm_done(_("Withdrew {entry}: it no longer counts").format(entry=describe(withdrawn, its_target)))
        return

    _record(
        task,
        done_figure,
        date,
        part,
        expected,
        quiet,
        note=note,
        by=by,
        evidence=evidence,
        verdict=_verdict(verdict),
        undated=undated,
    )


@app.command(
    "note",
    panel=RECORD,
    help=_(
        "Record progress in words (进展情况), with no figure.\n\n"
        "Examples:\n"
        "  rectify note canteens 马站未开工 --part 博山区 --date 2023-08-10\n"
        "  rectify note 长者食堂 第三批选址已确定 --by 养老服务科"
    ),
)
def note(
    target: TargetArg,
    text: Annotated[str, typer.Argument(metavar=_("TEXT"), help=_("What happened, as the office words it."))],
    date: EntryDate = None,
    by: RecordedBy = None,
    evidence: Evidence = None,
    part: Part = None,
    expected: Expected = None,
    verdict: Verdict = None,
) -> None:
    """Record a note (help text above, translated)."""
    if not text.strip():
        raise usage_error("empty-note", _("a note needs some words"), _('write them in quotes: "马站未开工"'))
    _record(
        target,
        lambda found: {},
        date,
        part,
        expected,
        note=text,
        by=by,
        evidence=evidence,
        verdict=_verdict(verdict),
    )


def _record(
    name: str,
    make_value: Callable[[Any], dict[str, Any]],
    typed_day: str | None,
    part: str | None = None,
    expected: str | None = None,
    quiet: bool = False,
    **request: Any,
) -> None:
    from zibo_rectify import record, workspace

    found = workspace.find_target(plans_dir(), name)
    warn_left_out(found.left_out)
    chosen = workspace.find_part(found.target, part) if part is not None else None
    fields = make_value(found.target)
    on = _entry_day(found, typed_day)
    value = fields.get("value")
    doubts = _doubts(found.loaded.plan, found.target, value, on) if isinstance(value, int | float) else []
    period = found.loaded.plan.period
    asked = record.Request(
        typed_day,
        expected=day(expected, "--expected", (period.start.year, period.end.year)),
        part=chosen,
        **request,
    )
    entry = record.record(found, fields, asked, on, warn_line)
    # One plain line, exactly as recorded: no table to draw, so rich is not loaded for it.
    confirm_done(record.confirmation(found.target, chosen, entry, found.loaded.file.log_path), quiet)
    from zibo_rectify.safetext import inert

    for doubt in doubts:
        typer.echo(_("warning: ") + inert(doubt.message), err=True)


def _verdict(given: str | None) -> str | None:
    from zibo_rectify.choices import parse_verdict

    return parse_verdict(given)


def _doubts(plan: Any, target: Any, value: float, on: dt.date) -> list[Any]:
    """What looks like a slip in a figure; on a terminal, a likely slip is asked about first."""
    from zibo_rectify.plausible import doubts

    found = doubts(plan, target, value, on)
    for doubt in found:
        if doubt.ask and sys.stdin.isatty() and sys.stderr.isatty():
            typer.echo(_("warning: ") + doubt.message, err=True)
            if not typer.confirm(_("Record it as it is?"), default=False, err=True):
                raise usage_error("not-recorded", _("nothing was recorded"), _("type the figure again"))
    return found


def _entry_day(found: Any, typed: str | None) -> dt.date:
    """The day of an entry: as typed (a date without a year takes the plan's), else today, which must
    then be inside the plan's period (or the target is kept up past it)."""
    from zibo_rectify.typed import default_day

    period = found.loaded.plan.period
    on = day(typed, "--date", (period.start.year, period.end.year))
    if on is not None:
        return on
    today = dt.date.today()
    return today if found.target.ongoing else default_day(today, period.start, period.end)


def _said_withdrawn(withdrawn: tuple[Any, int, Any] | None) -> None:
    """What undo and retract say: the entry withdrawn, or that nothing was (the question declined)."""
    from zibo_rectify.workflow.actions import describe

    if withdrawn is None:
        said(_("Nothing withdrawn."))
        return
    entry, line, its_target = withdrawn
    confirm_done(
        _("Withdrew line {line}: {entry}; it no longer counts").format(
            line=line, entry=describe(entry, its_target)
        )
    )


@app.command(
    "undo",
    panel=RECORD,
    help=_(
        "Withdraw the last entry you recorded (RECTIFY_BY, else your login name), or --by's: it stays in"
        " the log, marked, and never counts; the withdrawal is recorded as yours.  It shows the entry and"
        " asks.\n\n"
        "Examples:\n"
        "  rectify undo\n"
        "  rectify undo --by 养老服务科 --yes"
    ),
)
def undo(
    plan: PlanArg = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", metavar=_("NAME"), help=_("Whose last entry (default: RECTIFY_BY, else your login).")
        ),
    ] = None,
    yes: Yes = False,
) -> None:
    """Withdraw your last entry (help text above, translated)."""
    from zibo_rectify.workflow.actions import undo as undo_last

    withdrawn = undo_last(plans_dir(), plan, by, asking(yes), warn_left_out)
    _said_withdrawn(withdrawn)


@app.command(
    "retract",
    panel=RECORD,
    help=_(
        "Withdraw any entry by its line (a figure put on the wrong target): it stays, marked, and never"
        " counts.  It shows the entry and asks, since a line moves when others' entries are merged in.\n\n"
        "Examples:\n"
        "  rectify retract 12 --reason 录错目标\n"
        "  rectify retract zibo-minzheng-2022/12 --reason 录错目标 --yes"
    ),
)
def retract(
    line: Annotated[
        str,
        typer.Argument(
            metavar=_("LINE"), help=_("The line rectify log shows; plan-id/LINE for one of several plans.")
        ),
    ],
    reason: Reason,
    by: RecordedBy = None,
    yes: Yes = False,
) -> None:
    """Withdraw an entry (help text above, translated)."""
    from zibo_rectify.workflow.actions import retract as withdraw

    if not reason.strip():
        raise usage_error("no-reason", _("--reason is empty"), _("say why the entry is withdrawn"))
    withdrawn = withdraw(plans_dir(), line, reason, by, asking(yes), warn_left_out)
    _said_withdrawn(withdrawn)
