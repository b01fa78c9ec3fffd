"""Commands of the workflow: sign a target off (销号), reopen it, review a figure (审核), list the
figures awaiting review."""

# No `from __future__ import annotations`: Typer reads these signatures when it builds the commands.

import os
from typing import Annotated, Literal

import typer

from zibo_rectify.cli.app import WORKFLOW, app
from zibo_rectify.cli.common import confirm_done, day, listed, plans_dir, said, warn_left_out, warn_line
from zibo_rectify.cli.options import (
    AsJson,
    Category,
    EntryDate,
    Evidence,
    KnownAt,
    Note,
    Part,
    Phase,
    PlanArg,
    Reason,
    RecordedBy,
    SignedBy,
    TargetArg,
)
from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _


@app.command(
    "signoff",
    panel=WORKFLOW,
    help=_(
        "Sign a target off (销号) once its goal is met on a recorded figure; then nothing more is recorded"
        " on it until it is reopened.\n\n"
        "Examples:\n"
        "  rectify signoff canteens --by 督查科 --evidence docs/验收单.pdf --date 2022-12-20\n"
        "  rectify signoff 长者食堂 --by 督查科 --evidence 淄民发〔2022〕12号"
    ),
)
def signoff(
    target: TargetArg,
    by: SignedBy,
    evidence: Evidence = None,
    date: EntryDate = None,
    note: Note = None,
) -> None:
    """Sign a target off (help text above, translated)."""
    from zibo_rectify.i18n import long_date
    from zibo_rectify.model import named
    from zibo_rectify.workflow.actions import signoff as sign

    entry, signed = sign(plans_dir(), target, by, evidence or [], day(date, "--date"), note, warn_line)
    confirm_done(
        _("Signed off {target} on {date} by {by}").format(
            target=named(signed), date=long_date(entry.date), by=by
        )
    )


@app.command(
    "reopen",
    panel=WORKFLOW,
    help=_(
        "Reopen a target signed off (问题反弹, 回头看), so figures can be recorded on it again.\n\n"
        "Examples:\n"
        '  rectify reopen canteens --reason "回头看发现3家停业"\n'
        "  rectify reopen 长者食堂 --reason 问题反弹 --by 督查科 --date 2023-03-01"
    ),
)
def reopen(target: TargetArg, reason: Reason, by: RecordedBy = None, date: EntryDate = None) -> None:
    """Reopen a target (help text above, translated)."""
    from zibo_rectify.workflow.actions import reopen as reopen_target

    if not reason.strip():
        raise usage_error("no-reason", _("--reason is empty"), _("say why the target is reopened"))
    from zibo_rectify.i18n import long_date
    from zibo_rectify.model import named

    entry, reopened = reopen_target(
        plans_dir(), target, by or os.environ.get("RECTIFY_BY") or None, reason, day(date, "--date")
    )
    confirm_done(_("Reopened {target} on {date}").format(target=named(reopened), date=long_date(entry.date)))


@app.command(
    "extend",
    panel=WORKFLOW,
    help=_(
        "Extend a target's due date (延期), as approved: from the extension's date on it is judged against"
        " the new date, and every view shows the plan's own date beside it.\n\n"
        "Examples:\n"
        "  rectify extend disabled-care-services --to 2022-09-30 --date 2022-08-20 --reason 经批准延期\n"
        "  rectify extend canteens --part 张店区 --to 2023-12-31 --reason 用地调整 --by 督查室"
    ),
)
def extend(
    target: TargetArg,
    to: Annotated[str, typer.Option("--to", metavar=_("DATE"), help=_("The new due date."))],
    reason: Reason,
    by: RecordedBy = None,
    evidence: Evidence = None,
    date: EntryDate = None,
    part: Part = None,
) -> None:
    """Extend a due date (help text above, translated)."""
    from zibo_rectify.i18n import long_date
    from zibo_rectify.model import named
    from zibo_rectify.workflow.actions import extend as record_extension
    from zibo_rectify.workflow.steps import Extension

    if not reason.strip():
        raise usage_error("no-reason", _("--reason is empty"), _("say why the due date is extended"))
    new_due = day(to, "--to")
    assert new_due is not None
    by = by or os.environ.get("RECTIFY_BY") or None
    asked = Extension(new_due, reason, by, tuple(evidence or ()), day(date, "--date"), part)
    entry, extended = record_extension(plans_dir(), target, asked, warn_line)
    confirm_done(
        _("Extended {target} to {due}, from {date}").format(
            target=named(extended), due=long_date(new_due), date=long_date(entry.date)
        )
    )


@app.command(
    "review",
    panel=WORKFLOW,
    help=_(
        "Review (审核) a figure of a plan that requires review: accept it, so it counts from its own date,"
        " or send it back (退回).\n\n"
        "Examples:\n"
        "  rectify review canteens --accept --by 督查科\n"
        "  rectify review canteens --reject --reason 缺验收单 --by 督查科 --entry 12"
    ),
)
def review(
    target: TargetArg,
    by: SignedBy,
    accept: Annotated[bool, typer.Option("--accept", help=_("The figure holds: it counts."))] = False,
    reject: Annotated[
        bool, typer.Option("--reject", help=_("Send the figure back (退回): it never counts."))
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar=_("TEXT"), help=_("Why; required with --reject."))
    ] = None,
    entry: Annotated[
        int | None,
        typer.Option(
            "--entry",
            metavar=_("LINE"),
            help=_("The line of the figure, as rectify log or pending shows it."),
        ),
    ] = None,
    date: EntryDate = None,
) -> None:
    """Review a figure (help text above, translated)."""
    from zibo_rectify.workflow.actions import review as review_figure

    if accept == reject:
        raise usage_error("accept-or-reject", _("give one of --accept or --reject"), None)
    if reject and not (reason and reason.strip()):
        raise usage_error(
            "no-reason", _("--reject needs a --reason"), _("say what does not hold, e.g. --reason 缺验收单")
        )
    verdict: Literal["accepted", "rejected"] = "accepted" if accept else "rejected"
    from zibo_rectify.i18n import long_date, step_label
    from zibo_rectify.model import named_part

    made, reviewed = review_figure(plans_dir(), target, entry, verdict, reason, by, day(date, "--date"))
    confirm_done(
        _("Reviewed {target} of {date}: {verdict}").format(
            target=named_part(reviewed, made.part), date=long_date(made.of_date), verdict=step_label(verdict)
        )
    )


@app.command(
    "pending",
    panel=WORKFLOW,
    help=_(
        "List the figures awaiting review (待审核), oldest first.\n\n"
        "Examples:\n"
        "  rectify pending\n"
        "  rectify pending zibo-minzheng-2022 --json"
    ),
)
def pending(
    plan: PlanArg = None,
    as_json: AsJson = False,
    category: Category = None,
    phase: Phase = None,
    known_at: KnownAt = None,
) -> None:
    """List figures awaiting review (help text above, translated)."""
    from zibo_rectify.status.filters import Scope
    from zibo_rectify.workflow.actions import describe
    from zibo_rectify.workflow.actions import pending as awaiting
    from zibo_rectify.workflow.view import figure_json

    rows = awaiting(plans_dir(), plan, warn_left_out, Scope(category, phase))
    if as_json:
        from zibo_rectify import jsonview

        typer.echo(
            jsonview.dumps(
                [{"plan": p, "target": e.target, "part": e.part, **figure_json(e, n)} for p, e, n, __ in rows]
            )
        )
        return
    if not rows:
        said(_("Nothing awaits review."))
    listed(
        _("{plan} line {line}: {entry} (by {by})").format(
            plan=plan_id, line=line, entry=describe(e, target), by=e.by or "—"
        )
        for plan_id, e, line, target in rows
    )
