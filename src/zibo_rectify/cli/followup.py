"""Commands a supervising office follows up with: warnings (预警), figures owed (催办), and what
changed since the last report."""

# No `from __future__ import annotations`: Typer reads these signatures when it builds the commands.

from collections.abc import Callable
from operator import attrgetter
from typing import Annotated, Any

import typer

from zibo_rectify.cli.app import FOLLOW_UP, app, settings
from zibo_rectify.cli.common import (
    check_format,
    check_level,
    day_or_today,
    listed,
    print_plans_json,
    said,
    since_of,
    usable_plans,
)
from zibo_rectify.cli.options import DATE, AsJson, AsOf, Category, FailOn, JsonArray, KnownAt, Phase, PlanArg
from zibo_rectify.errors import ExitCode, usage_error
from zibo_rectify.i18n import _


@app.command(
    "warnings",
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
    owner: Annotated[
        str | None,
        typer.Option("--owner", metavar=_("UNIT"), help=_("Only the targets this unit or person owns.")),
    ] = None,
    category: Category = None,
    phase: Phase = None,
) -> None:
    """List warnings (help text above, translated)."""
    from zibo_rectify.status.filters import Scope
    from zibo_rectify.workflow.levels import LEVEL_NAMES, warnings_as_of
    from zibo_rectify.workflow.view import warning_json, warning_line

    check_level(fail_on)
    on = day_or_today(as_of, "--as-of")
    loaded, left_out = usable_plans(plan)
    known_owner(loaded, owner)
    found = _found_in_scope(loaded, Scope(category, phase), warnings_as_of, on, attrgetter("target"))
    if owner is not None:
        from zibo_rectify.status.filters import owned_targets

        found = [(p, [w for w in ws if w.target in owned_targets(p, owner)]) for p, ws in found]
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
    "due",
    panel=FOLLOW_UP,
    help=_(
        "List, per lead unit across the plans, the targets whose cadence says a figure is due or late"
        " (催办), with the last figure's date; --format md splits it into messages a chat robot takes"
        " (4,096 bytes).\n\n"
        "Examples:\n"
        "  rectify due --as-of 2022-09-05\n"
        "  rectify due --owner 养老服务科\n"
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
    owner: Annotated[
        str | None, typer.Option("--owner", metavar=_("UNIT"), help=_("Only what this unit owes."))
    ] = None,
    category: Category = None,
    phase: Phase = None,
    known_at: KnownAt = None,
) -> None:
    """List who owes a figure (help text above, translated)."""
    from zibo_rectify.i18n import speaking
    from zibo_rectify.report.make import language
    from zibo_rectify.status.filters import Scope
    from zibo_rectify.workflow.due import owed
    from zibo_rectify.workflow.remind import MESSAGE_BREAK, due_lines, due_messages
    from zibo_rectify.workflow.view import owed_json

    check_format(output, ("text", "md"), _("use text or md"))
    on = day_or_today(as_of, "--as-of")
    loaded = usable_plans(plan)[0]
    known_owner(loaded, owner)
    found = _found_in_scope(loaded, Scope(category, phase), owed, on, attrgetter("target.id"))
    if as_json or json_array:
        shaped = [
            {
                "plan": p.id,
                "as_of": on.isoformat(),
                "owed": [owed_json(o) for o in os_ if owner in (None, o.unit)],
            }
            for p, os_ in found
        ]
        print_plans_json(shaped, json_array)
        return
    with speaking(language(settings.lang, loaded)):  # the plans' language unless --lang says
        if output == "md":  # messages a chat robot takes whole, a line each item, as the chat wraps it
            for line in f"\n{MESSAGE_BREAK}\n".join(due_messages(found, on, owner)).splitlines():
                said(line)
        else:
            listed(due_lines(found, on, owner))


def _found_in_scope(
    loaded: list[Any], scope: Any, judge: Callable[..., list[Any]], on: Any, target_of: Callable[[Any], str]
) -> list[tuple[Any, list[Any]]]:
    """Each plan with what `judge` finds in its log on the day, about the targets in `scope` only."""
    from zibo_rectify import workspace

    scope.checked(one.plan for one in loaded)
    return [
        (one.plan, scope.only(one.plan, judge(one.plan, workspace.load_log(one).entries, on), target_of))
        for one in loaded
    ]


def known_owner(loaded: list[Any], owner: str | None) -> None:
    """Refuse a unit no plan names, with the names there are."""
    if owner is None:
        return
    from zibo_rectify.status.filters import owner_names

    names = {n for one in loaded for p, t in one.plan.all_targets() for n in owner_names(one.plan, p, t)}
    if owner not in names:
        raise usage_error(
            "unknown-owner",
            _("no target names {owner} among its owners").format(owner=owner),
            _("owners: {names}").format(names=", ".join(sorted(names))),
        )


MAX_AGENDA_DAYS = 3660  # ten years: further than any plan looks


@app.command(
    "agenda",
    panel=FOLLOW_UP,
    help=_(
        "What falls due across all plans in the next days, by date: deadlines and milestones not yet"
        " met, each with the units that lead.\n\n"
        "Examples:\n"
        "  rectify agenda\n"
        "  rectify agenda --days 7 --as-of 2022-10-25"
    ),
)
def agenda(
    plan: PlanArg = None,
    days: Annotated[int, typer.Option("--days", metavar="N", help=_("How many days ahead to look."))] = 30,
    as_of: AsOf = None,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar=_("UNIT"), help=_("Only what this unit leads."))
    ] = None,
    as_json: AsJson = False,
) -> None:
    """List what falls due (help text above, translated)."""
    from zibo_rectify import jsonview, workspace
    from zibo_rectify.i18n import speaking
    from zibo_rectify.report.make import language
    from zibo_rectify.workflow.remind import agenda as falling_due
    from zibo_rectify.workflow.remind import agenda_json, agenda_lines

    if not 0 <= days <= MAX_AGENDA_DAYS:
        raise usage_error(
            "bad-days",
            _("--days {days} is not a number of days ahead").format(days=days),
            _("give 0 to {most}, e.g. --days 30").format(most=MAX_AGENDA_DAYS),
        )
    on = day_or_today(as_of, "--as-of")
    loaded = usable_plans(plan)[0]
    known_owner(loaded, owner)
    items = falling_due([(one.plan, workspace.load_log(one).entries) for one in loaded], on, days)
    items = [i for i in items if owner is None or owner in i.leads]
    if as_json:
        typer.echo(jsonview.dumps(agenda_json(items, on, days)))
        return
    with speaking(language(settings.lang, loaded)):
        listed(agenda_lines(items, on, days, len(loaded) > 1))


@app.command(
    "changes",
    panel=FOLLOW_UP,
    help=_(
        "What was recorded since the last report, whatever day it is about (补录, 更正, 撤回, 延期,"
        " sign-offs, reopenings, reviews), and the states, warnings, milestones and deadlines that"
        " moved: the report's section since the last report.\n\n"
        "Examples:\n"
        "  rectify changes --since 2022-08-01 --as-of 2022-08-31\n"
        "  rectify changes --since '2022-10-08 17:30:00+08:00' --json"
    ),
)
def changes(
    since: Annotated[
        str,
        typer.Option(
            "--since",
            metavar=DATE,
            help=_("The last report: a date (all recorded from its start) or a time (its basis line's)."),
        ),
    ],
    plan: PlanArg = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
    json_array: JsonArray = False,
    category: Category = None,
    phase: Phase = None,
    known_at: KnownAt = None,
) -> None:
    """What changed since the last report (help text above, translated)."""
    from zibo_rectify import workspace
    from zibo_rectify.status.filters import Scope
    from zibo_rectify.workflow.changes import changes_between, check_span
    from zibo_rectify.workflow.view import changes_json

    start = since_of(since)
    on = day_or_today(as_of, "--as-of")
    assert start is not None
    check_span(start, on)
    shaped = []
    lines: list[str] = []
    chosen = usable_plans(plan)[0]
    scope = Scope(category, phase).checked(one.plan for one in chosen)
    for loaded in chosen:
        log = workspace.load_log(loaded)
        if as_json or json_array:
            found = scope.each(loaded.plan, changes_between(loaded.plan, log.entries, start, on))
            shaped.append(
                {
                    "plan": loaded.plan.id,
                    **changes_json(found, dict(zip(log.entries, log.lines, strict=True))),
                }
            )
        else:  # in the words and the language of the report's section 本期变化, which these changes make
            from zibo_rectify.i18n import speaking
            from zibo_rectify.present.model import PlanInput, plan_report
            from zibo_rectify.present.text import since_lines
            from zibo_rectify.report.make import language

            source = PlanInput(loaded.plan, log.entries, log.lines, None)
            with speaking(language(settings.lang, chosen)):
                lines += since_lines(plan_report(source, on, since=start, scope=scope))
    if as_json or json_array:
        print_plans_json(shaped, json_array)
    else:
        listed(lines)  # every plan's at once: one page on a terminal
