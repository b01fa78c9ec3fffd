"""Commands a supervising office follows up with: warnings (预警), figures owed (催办), and what
changed since the last report."""

# No `from __future__ import annotations`: Typer reads these signatures when it builds the commands.

from typing import Annotated

import typer

from zibo_rectify.cli.app import FOLLOW_UP, app
from zibo_rectify.cli.common import (
    check_format,
    check_level,
    day,
    day_or_today,
    listed,
    print_plans_json,
    said,
    usable_plans,
)
from zibo_rectify.cli.options import DATE, AsJson, AsOf, FailOn, JsonArray, KnownAt, PlanArg
from zibo_rectify.errors import ExitCode
from zibo_rectify.i18n import _


@app.command(
    panel=FOLLOW_UP,
    help=_(
        "List warnings (预警): red overdue, yellow behind the planned path, blue due within days; with how"
        " many month ends in a row each stood at yellow or red.\n\n"
        "Examples:\n"
        "  rectify warnings --as-of 2022-08-01\n"
        "  rectify warnings --json --fail-on red"
    ),
)
def warnings(
    plan: PlanArg = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
    json_array: JsonArray = False,
    fail_on: FailOn = None,
    known_at: KnownAt = None,
) -> None:
    """List warnings (help text above, translated)."""
    from zibo_rectify import workspace
    from zibo_rectify.workflow.levels import LEVEL_NAMES, warnings_as_of
    from zibo_rectify.workflow.view import warning_json, warning_line

    check_level(fail_on)
    on = day_or_today(as_of, "--as-of")
    loaded, left_out = usable_plans(plan)
    found = [(one.plan, warnings_as_of(one.plan, workspace.load_log(one).entries, on)) for one in loaded]
    if as_json or json_array:
        shaped = [
            {"plan": p.id, "as_of": on.isoformat(), "warnings": [warning_json(w) for w in ws]}
            for p, ws in found
        ]
        print_plans_json(shaped, json_array)
    else:
        lines = []
        for the_plan, ws in found:
            lines.append(
                _("{plan} as of {date}: {count} warnings").format(plan=the_plan.id, date=on, count=len(ws))
            )
            lines += ["  " + warning_line(w, the_plan) for w in ws]
        listed(lines)
    # A gate fails on a plan it could not read, as it would on one at the level.
    if fail_on is not None and (
        left_out or any(w.level >= LEVEL_NAMES[fail_on] for __, ws in found for w in ws)
    ):
        raise typer.Exit(int(ExitCode.PROBLEMS))


@app.command(
    panel=FOLLOW_UP,
    help=_(
        "List, per lead unit, the targets whose cadence says a figure is due or late (催办), with the last"
        " figure's date.\n\n"
        "Examples:\n"
        "  rectify due --as-of 2022-09-05\n"
        "  rectify due --format md"
    ),
)
def due(
    plan: PlanArg = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
    json_array: JsonArray = False,
    output: Annotated[
        str, typer.Option("--format", metavar=_("FORMAT"), help=_("text, or md for a chat message."))
    ] = "text",
    known_at: KnownAt = None,
) -> None:
    """List who owes a figure (help text above, translated)."""
    from zibo_rectify import workspace
    from zibo_rectify.workflow.due import owed
    from zibo_rectify.workflow.view import owed_json, owed_text

    check_format(output, ("text", "md"), _("use text or md"))
    on = day_or_today(as_of, "--as-of")
    found = [(one.plan, owed(one.plan, workspace.load_log(one).entries, on)) for one in usable_plans(plan)[0]]
    if as_json or json_array:
        shaped = [
            {"plan": p.id, "as_of": on.isoformat(), "owed": [owed_json(o) for o in os_]} for p, os_ in found
        ]
        print_plans_json(shaped, json_array)
        return
    lines = []
    for the_plan, owed_now in found:
        heading = _("Figures owed for {plan} as of {date}").format(plan=the_plan.title, date=on)
        lines.append(f"## {heading}" if output == "md" else heading)
        if not owed_now:
            lines.append(_("Nothing is owed."))
        lines += owed_text(owed_now, output == "md")
    if output == "md":  # for a chat message: a line each, as the chat wraps it
        for line in lines:
            said(line)
    else:
        listed(lines)


@app.command(
    panel=FOLLOW_UP,
    help=_(
        "What changed since a day (for the report's section since the last report): entries, states,"
        " warnings, milestones, sign-offs, reopenings, rejections.\n\n"
        "Examples:\n"
        "  rectify changes --since 2022-07-31 --as-of 2022-08-31\n"
        "  rectify changes --since 2022-07-31 --json"
    ),
)
def changes(
    since: Annotated[
        str, typer.Option("--since", metavar=DATE, help=_("The day of the last report, YYYY-MM-DD."))
    ],
    plan: PlanArg = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
    json_array: JsonArray = False,
    known_at: KnownAt = None,
) -> None:
    """What changed since a day (help text above, translated)."""
    from zibo_rectify import workspace
    from zibo_rectify.workflow.changes import changes_between, check_span
    from zibo_rectify.workflow.view import changes_json

    start = day(since, "--since")
    on = day_or_today(as_of, "--as-of")
    assert start is not None
    check_span(start, on)
    shaped = []
    lines: list[str] = []
    for loaded in usable_plans(plan)[0]:
        log = workspace.load_log(loaded)
        if as_json or json_array:
            found = changes_between(loaded.plan, log.entries, start, on)
            shaped.append(
                {
                    "plan": loaded.plan.id,
                    **changes_json(found, dict(zip(log.entries, log.lines, strict=True))),
                }
            )
        else:  # in the words of the report's section 本期变化, which these changes make
            from zibo_rectify.report.model import PlanInput, plan_report
            from zibo_rectify.report.text import since_lines

            source = PlanInput(loaded.plan, log.entries, log.lines, None)
            lines += since_lines(plan_report(source, on, since=start))
    if as_json or json_array:
        print_plans_json(shaped, json_array)
    else:
        listed(lines)  # every plan's at once: one page on a terminal
