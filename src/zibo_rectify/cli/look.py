"""Commands that show where the plans stand: status, targets, log, show."""

# No `from __future__ import annotations`: Typer reads these signatures when it builds the commands.

from typing import Annotated

import typer

from zibo_rectify.cli.app import LOOK, app
from zibo_rectify.cli.common import (
    day,
    day_or_today,
    paged,
    plans_dir,
    usable_plans,
    warn_left_out,
    warn_log_lines,
)
from zibo_rectify.cli.options import (
    DATE,
    AsJson,
    AsOf,
    Category,
    JsonArray,
    KnownAt,
    Owner,
    Phase,
    PlanArg,
    Problem,
    TargetArg,
)
from zibo_rectify.completion import kinds, states, target_ids
from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _


@app.command(
    "status",
    panel=LOOK,
    help=_(
        "Show where every target stands: value, planned path, milestones, state.\n\n"
        "Examples:\n"
        "  rectify status --as-of 2022-08-01\n"
        "  rectify status --state behind,overdue --owner 养老服务科\n"
        "  rectify status --problem elderly-care --lang zh"
    ),
)
def status(
    plan: PlanArg = None,
    as_of: AsOf = None,
    problem: Problem = None,
    state: Annotated[
        list[str] | None,
        typer.Option(
            "--state",
            metavar=_("STATE"),
            help=_("Only targets in these states: behind,overdue or repeated; 滞后 works too."),
            autocompletion=states,
        ),
    ] = None,
    owner: Owner = None,
    category: Category = None,
    phase: Phase = None,
    ids: Annotated[
        bool, typer.Option("--ids", help=_("Show each target's id beside its name, on any screen."))
    ] = False,
    as_json: AsJson = False,
    json_array: JsonArray = False,
    known_at: KnownAt = None,
) -> None:
    """Show where every target stands (help text above, translated)."""
    from zibo_rectify import workspace
    from zibo_rectify.choices import parse_states
    from zibo_rectify.status import filters
    from zibo_rectify.workflow.ledger import status_on
    from zibo_rectify.workflow.levels import levels
    from zibo_rectify.workflow.view import status_json

    on = day_or_today(as_of, "--as-of")
    wanted = parse_states(state)
    loaded, __ = usable_plans(plan)
    having = {p.id for p in filters.with_problem([one.plan for one in loaded], problem)}
    filters.Scope(category, phase).checked(one.plan for one in loaded)
    statuses = []
    warnings = []
    facts = []
    writer = None
    if as_json or json_array:
        from zibo_rectify import jsonview
        from zibo_rectify.output import print_bytes

        single = not json_array and (plan is not None or len(loaded) == 1)
        writer = jsonview.JsonWriter(single, print_bytes)
    for one in loaded:
        if one.plan.id not in having:
            continue
        log = workspace.load_log(one)
        warnings.extend(log.problems)
        ledger, result = status_on(one.plan, log.entries, on)
        del log  # one plan's log in memory at a time
        facts.append((ledger.for_view(), levels(one.plan, ledger, result)))
        result = filters.narrow_status(result, problem, wanted, owner, category, phase)
        if writer is None:
            statuses.append(result)
        else:  # each plan's JSON printed as it is judged
            writer.add(status_json(result, *facts.pop()))
    if writer is not None:
        writer.close()
    warn_log_lines(warnings)
    if writer is not None:
        return
    from zibo_rectify.render.cells import cell, print_lines
    from zibo_rectify.render.table import is_long, print_status
    from zibo_rectify.workflow.view import status_lines

    with paged() as out:
        if len(statuses) > 1:
            from zibo_rectify.render.overview import print_overview

            print_overview(out, statuses)
        print_status(out, statuses, ids=ids)
        plain = is_long(statuses)
        for plan_status, (ledger, levels_on) in zip(statuses, facts, strict=True):
            lines = status_lines(plan_status, ledger, levels_on)
            if lines:
                heading = cell(_("Workflow (预警, 销号, 待审核):"), "bold")
                print_lines(out, [cell(""), heading, *(cell("  " + line) for line in lines)], plain)


@app.command(
    "log",
    panel=LOOK,
    help=_(
        "List recorded progress, oldest first.\n\n"
        "Examples:\n"
        "  rectify log canteens --since 2022-07-01\n"
        "  rectify log --owner 养老服务科 --until 2022-09-30\n"
        "  rectify log --by 社会救助科 --json"
    ),
)
def log(
    target: Annotated[
        str | None,
        typer.Argument(
            metavar=_("TARGET"),
            help=_("Only this target (id, alias, name or plan-id/target)."),
            autocompletion=target_ids,
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar=DATE, help=_("Only entries dated on or after this day.")),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar=DATE, help=_("Only entries dated on or before this day.")),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", metavar=_("NAME"), help=_("Only entries recorded by this name."))
    ] = None,
    owner: Owner = None,
    category: Category = None,
    phase: Phase = None,
    as_json: AsJson = False,
    known_at: KnownAt = None,
) -> None:
    """List recorded progress (help text above, translated)."""
    from zibo_rectify import plans as plan_files
    from zibo_rectify import workspace
    from zibo_rectify.status import filters

    folder = plans_dir()
    start, end = day(since, "--since"), day(until, "--until")
    if target is not None:
        found = workspace.find_target(folder, target)
        selected, left_out = [found.loaded], found.left_out
        only = found.target.id
    else:
        selected, left_out = workspace.load_each(plan_files.choose_plan(folder, None))
        only = None
    warn_left_out(left_out)
    scope = filters.Scope(category, phase).checked(one.plan for one in selected)
    from zibo_rectify.workflow.actions import marks_of

    rows = []
    warnings = []
    for loaded in selected:
        log_file = workspace.load_log(loaded)
        warnings.extend(log_file.problems)
        owned = filters.owned_targets(loaded.plan, owner) if owner is not None else None
        placed = scope.targets(loaded.plan)
        if placed is not None:
            owned = placed if owned is None else owned & placed
        marks = marks_of(loaded.plan, log_file.entries)
        for entry, line, mark in zip(log_file.entries, log_file.lines, marks, strict=True):
            if filters.entry_wanted(entry, only, start, end, by, owned):
                rows.append((loaded.plan.id, entry, line, mark))
    rows.sort(key=lambda r: r[1].sort_key)
    warn_log_lines(warnings)
    if as_json:
        from zibo_rectify import jsonview

        shaped = [{**jsonview.entry(e, p, n), "mark": m.value} for p, e, n, m in rows]
        typer.echo(jsonview.dumps(shaped))
        return
    from zibo_rectify.render.log import print_log

    names = {(one.plan.id, t.id): t.name for one in selected for __, t in one.plan.all_targets()}
    from zibo_rectify.workflow.view import mark_label

    shown = [(p, e, n, mark_label(m)) for p, e, n, m in rows]
    with paged() as out:
        print_log(out, shown, show_plan=len(selected) > 1, names=names)


@app.command(
    "targets",
    panel=LOOK,
    help=_(
        "List the targets of a plan: number, name, id, kind, unit, goal, due and owners.\n\n"
        "Examples:\n"
        "  rectify targets\n"
        "  rectify targets --problem elderly-care\n"
        "  rectify targets --kind task --lang zh"
    ),
)
def targets(
    plan: PlanArg = None,
    problem: Problem = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar=_("KIND"),
            help=_("Only targets of this kind: count, amount, quantity, rate or task."),
            autocompletion=kinds,
        ),
    ] = None,
    category: Category = None,
    phase: Phase = None,
    known_at: KnownAt = None,
) -> None:
    """List the targets (help text above, translated)."""
    from zibo_rectify.choices import parse_kind
    from zibo_rectify.status import filters

    wanted = parse_kind(kind)
    loaded = [one.plan for one in usable_plans(plan)[0]]
    scope = filters.Scope(category, phase).checked(loaded)
    from zibo_rectify.render.targets import print_targets

    with paged() as out:
        print_targets(out, filters.with_problem(loaded, problem), problem, wanted, scope)


@app.command(
    "show",
    panel=LOOK,
    help=_(
        "Everything about one target: owners, goal, milestones reached or missed, history, pace, a chart.\n\n"
        "Examples:\n"
        "  rectify show canteens --as-of 2022-11-01\n"
        "  rectify show 长者食堂 --lang zh"
    ),
)
def show(
    target: TargetArg,
    as_of: AsOf = None,
    owner: Owner = None,
    category: Category = None,
    phase: Phase = None,
    known_at: KnownAt = None,
) -> None:
    """Everything about one target (help text above, translated)."""
    from zibo_rectify import workspace
    from zibo_rectify.present.model import PlanInput, plan_report
    from zibo_rectify.render.show import show as show_target
    from zibo_rectify.report.make import repository_commit
    from zibo_rectify.status.filters import Scope

    found = workspace.find_target(plans_dir(), target)
    kept = Scope(category, phase).checked([found.loaded.plan]).targets(found.loaded.plan)
    if kept is not None and found.target.id not in kept:
        raise usage_error(
            "not-in-scope",
            _("{target} is not in the category or phase asked for").format(target=found.target.id),
            _("leave out --category and --phase, or name a target they keep"),
        )
    log_file = workspace.load_log(found.loaded)
    warn_log_lines(log_file.problems)
    on = day_or_today(as_of, "--as-of")
    source = PlanInput(found.loaded.plan, log_file.entries, log_file.lines, repository_commit(plans_dir()))
    plan = plan_report(source, on, owner)
    row = next((t for t in plan.targets if t.id == found.target.id), None)
    if row is None:
        raise usage_error(
            "not-owned",
            _("{owner} is not among the owners of {target}").format(owner=owner, target=found.target.id),
            _("leave out --owner, or name one of its owners"),
        )
    with paged() as out:
        show_target(out, plan, row)
