"""The `rectify` command line: parse arguments, run the stages, turn errors into exit codes.

Every command is a thin shell: domain code raises `RectifyError`; `_handled`
prints its diagnostics to stderr and exits 2 (or 1 for `check`), so a user's
mistake never shows a traceback.  Heavy modules are imported inside commands,
so that `rectify --help` and each command load only what they use.
"""

# No `from __future__ import annotations`: Typer would eval every annotation string at each start.

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer

from zibo_rectify import __version__, i18n
from zibo_rectify.clikit import RectifyApp, check_language, settings
from zibo_rectify.completion import (
    figure_ids,
    formats,
    kinds,
    owner_names,
    part_names,
    plan_ids,
    problem_ids,
    states,
    target_ids,
    task_ids,
)
from zibo_rectify.errors import ExitCode, RectifyError, usage_error
from zibo_rectify.i18n import _, ngettext

# Help texts are built below, so the language is chosen before anything else.
i18n.use(i18n.choose(sys.argv[1:], os.environ))
if len(sys.argv) < 2 or {"--help", "-h"} & set(sys.argv[1:]):  # the panels load rich: only for help
    i18n.translate_help_panels()

app = RectifyApp(
    name="rectify",
    help=_("Track a rectification plan (整改方案) kept as YAML: record progress, see status, check files."),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])
DATE = _("DATE")  # the metavar of every option that takes a day


def _choose_known_at(value: str | None) -> str | None:
    """--known-at takes effect where plans and logs are read (knownat), parsed when first used."""
    from zibo_rectify import knownat

    knownat.choose(value)
    return value


# On every command that reads: what was known at a time, not only what the log says now.
KnownAt = Annotated[
    str | None,
    typer.Option(
        "--known-at",
        metavar=_("TIME"),
        help=_(
            "Read only what was recorded by this time (ISO, or a date: the end of that day, UTC+8),"
            " and the plan as committed then."
        ),
        callback=_choose_known_at,
        show_default=False,
    ),
]


def _handled(command: F) -> F:
    """Print a RectifyError's diagnostics and exit with its code, never a traceback."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (RectifyError, OSError) as err:
            from zibo_rectify.errors import refused_path
            from zibo_rectify.render import console, diagnostic_text

            if isinstance(err, OSError):
                err = refused_path(err)  # a bug's OSError names no file: it is raised again
            err_console = console(stderr=True)
            for diagnostic in err.diagnostics:
                err_console.print(diagnostic_text(diagnostic))
            raise typer.Exit(int(err.exit_code)) from None

    return run  # type: ignore[return-value]


def _day(value: str | None, option: str, years: tuple[int, int] | None = None) -> dt.date | None:
    """The day typed for `option`; one without a year (8月1日) takes the year of the plans
    (`years`, else those of the plans folder), when they lie in one year."""
    if value is None:
        return None
    from zibo_rectify.typed import day, needs_year

    if years is None and needs_year(value):
        years = _plan_years()
    return day(value, option, dt.date.today(), years)


def _plan_years() -> tuple[int, int] | None:
    """The first and last year of the plans in the plans folder that load; None when there are none."""
    from zibo_rectify import plans, workspace

    try:
        loaded, _left_out = workspace.load_each(plans.plan_files(_plans_dir()))
    except RectifyError:
        return None  # no folder, or no plan in it loads: the date is refused for want of a year
    periods = [one.plan.period for one in loaded]
    if not periods:
        return None
    return min(p.start.year for p in periods), max(p.end.year for p in periods)


def _plans_dir() -> Path:
    from zibo_rectify.plans import find_plans_dir

    return find_plans_dir(settings.plans_dir)


def _version(show: bool) -> None:
    if show:
        typer.echo(f"rectify {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    plans: Annotated[
        str | None,  # made a Path here: Typer's own Path coercion builds two Pydantic adapters
        typer.Option(
            "--plans",
            metavar=_("DIR"),
            help=_("The plans folder (default: RECTIFY_PLANS, else the nearest plans/)."),
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="zh|en",
            help=_("Interface language: zh or en (default: RECTIFY_LANG, else the locale)."),
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager", help=_("Print long output straight out (default: a pager on a terminal).")
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=_("Print the version."))
    ] = False,
) -> None:
    """Track a rectification plan (整改方案) kept as YAML."""
    # --lang took effect when the module was imported (help texts need it); here it is only checked.
    if lang is not None:
        check_language(lang)
    settings.plans_dir = None if plans is None else Path(plans)
    _choose_known_at(None)  # a command without --known-at reads everything recorded
    settings.pager = not no_pager
    settings.lang = lang


def _category_option() -> Any:  # one per command: Typer takes an option over as it builds
    return typer.Option(
        "--category",
        metavar=_("LABEL"),
        help=_("Only targets with this category label (分类), e.g. 立行立改."),
    )


def _phase_option() -> Any:
    return typer.Option(
        "--phase", metavar=_("PHASE"), help=_("Only targets in this phase (阶段): its id or name.")
    )


@app.command(
    help=_(
        "Show where every target stands: value, planned path, milestones, state.\n\n"
        "Examples:\n"
        "  rectify status --as-of 2022-08-01\n"
        "  rectify status --state behind,overdue --owner 养老服务科\n"
        "  rectify status --problem elderly-care --lang zh"
    )
)
@_handled
def status(
    plan: Annotated[
        str | None,
        typer.Argument(
            metavar=_("PLAN"),
            help=_("A plan id; every plan in the folder if left out."),
            autocompletion=plan_ids,
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar=DATE, help=_("The day to judge on (default: today).")),
    ] = None,
    problem: Annotated[
        str | None,
        typer.Option(
            "--problem",
            metavar=_("PROBLEM"),
            help=_("Only this problem's targets (its id or title), in the plans that have it."),
            autocompletion=problem_ids,
        ),
    ] = None,
    state: Annotated[
        list[str] | None,
        typer.Option(
            "--state",
            metavar=_("STATE"),
            help=_("Only targets in these states: behind,overdue or repeated; 滞后 works too."),
            autocompletion=states,
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            metavar=_("UNIT"),
            help=_("Only targets this unit or person is named for."),
            autocompletion=owner_names,
        ),
    ] = None,
    category: Annotated[str | None, _category_option()] = None,
    phase: Annotated[str | None, _phase_option()] = None,
    ids: Annotated[
        bool, typer.Option("--ids", help=_("Show each target's id beside its name, on any screen."))
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help=_("Print the documented JSON instead of a table."))
    ] = False,
    json_array: Annotated[
        bool,
        typer.Option("--json-array", help=_("Print the JSON as an array of plans, even for one plan.")),
    ] = False,
    known_at: KnownAt = None,
) -> None:
    """Show where every target stands (help text above, translated)."""
    from zibo_rectify import filters, jsonview, workspace
    from zibo_rectify.choices import parse_states
    from zibo_rectify.workflow.ledger import status_on
    from zibo_rectify.workflow.levels import levels
    from zibo_rectify.workflow.view import status_json

    day = _day(as_of, "--as-of") or dt.date.today()
    wanted = parse_states(state)
    loaded, __ = _usable_plans(plan)
    having = {p.id for p in filters.with_problem([one.plan for one in loaded], problem)}
    filters.check_structure((one.plan for one in loaded), category, phase)
    statuses = []
    warnings = []
    facts = []
    texts = jsonview.Texts() if as_json or json_array else None  # each plan's JSON as it is judged
    for one in loaded:
        if one.plan.id not in having:
            continue
        log = workspace.load_log(one)
        warnings.extend(log.problems)
        ledger, result = status_on(one.plan, log.entries, day)
        del log  # one plan's log in memory at a time
        facts.append((ledger.for_view(), levels(one.plan, ledger, result)))
        result = filters.narrow_status(result, problem, wanted, owner, category, phase)
        if texts is None:
            statuses.append(result)
        else:
            texts.add(status_json(result, *facts.pop()))
    _warn(warnings)
    if texts is not None:
        single = not json_array and (plan is not None or len(loaded) == 1)
        for chunk in texts.chunks(single):
            typer.echo(chunk, nl=False)
        typer.echo()
        return
    from zibo_rectify.render import cell, is_long, print_lines, print_status
    from zibo_rectify.workflow.view import status_lines

    with _paged() as out:
        if len(statuses) > 1:
            from zibo_rectify.report.terminal import print_overview

            print_overview(out, statuses)
        print_status(out, statuses, ids=ids)
        plain = is_long(statuses)
        for plan_status, (ledger, levels_on) in zip(statuses, facts, strict=True):
            lines = status_lines(plan_status, ledger, levels_on)
            if lines:
                heading = cell(_("Workflow (预警, 销号, 待审核):"), "bold")
                print_lines(out, [cell(""), heading, *(cell("  " + line) for line in lines)], plain)


def _paged() -> Any:
    """The console long output goes to: a pager on a terminal, unless --no-pager."""
    from zibo_rectify.screen import paged

    return paged(settings.pager)


def _warn_left_out(diagnostics: list[Any]) -> None:
    """Plans left out for their problems, each named with its first problem."""
    if diagnostics:
        from zibo_rectify.render import console, diagnostic_text

        err_console = console(stderr=True)
        for d in diagnostics:
            err_console.print(diagnostic_text(d, warning=True))


def _usable_plans(plan: str | None) -> tuple[list[Any], list[Any]]:
    """The plans of the folder (or the one named) that load, and the warnings of those left out,
    already shown: one plan with problems does not stop the others (`check` names them all)."""
    from zibo_rectify import plans as plan_files
    from zibo_rectify import workspace

    loaded, left_out = workspace.load_each(plan_files.choose_plan(_plans_dir(), plan))
    _warn_left_out(left_out)
    return loaded, left_out


SHOWN_WARNINGS = 20  # a log of junk must not bury the status under its warnings


def _warn(diagnostics: list[Any]) -> None:
    if not diagnostics:
        return
    from zibo_rectify.render import console, diagnostic_text

    err_console = console(stderr=True)
    for d in diagnostics[:SHOWN_WARNINGS]:
        err_console.print(diagnostic_text(d, warning=True))
    lines = len({(d.file, d.line) for d in diagnostics})
    skipped = ngettext(
        "{count} log line with problems, unusable ones left out; rectify check lists them.",
        "{count} log lines with problems, unusable ones left out; rectify check lists them.",
        lines,
    )
    err_console.print(skipped.format(count=lines))


def _record(
    name: str,
    make_value: Callable[[Any], dict[str, Any]],
    day: str | None,
    part: str | None = None,
    expected: str | None = None,
    quiet: bool = False,
    **request: Any,
) -> None:
    from zibo_rectify import record, workspace

    found = workspace.find_target(_plans_dir(), name)
    _warn_left_out(found.left_out)
    chosen = workspace.find_part(found.target, part) if part is not None else None
    fields = make_value(found.target)
    on = _entry_day(found, day)
    value = fields.get("value")
    doubts = _doubts(found.loaded.plan, found.target, value, on) if isinstance(value, int | float) else []
    period = found.loaded.plan.period
    asked = record.Request(
        day,
        expected=_day(expected, "--expected", (period.start.year, period.end.year)),
        part=chosen,
        **request,
    )
    entry = record.record(found, fields, asked, on, _warn_line)
    from zibo_rectify.safetext import inert

    # One plain line, exactly as recorded: no table to draw, so rich is not loaded for it.
    settings.done = inert(record.confirmation(found.target, chosen, entry, found.loaded.file.log_path))
    if not quiet:
        typer.echo(settings.done)
    for doubt in doubts:
        typer.echo(_("warning: ") + inert(doubt.message), err=True)


def _verdict(given: str | None) -> str | None:
    from zibo_rectify.choices import parse_verdict

    return parse_verdict(given)


def _doubts(plan: Any, target: Any, value: float, day: dt.date) -> list[Any]:
    """What looks like a slip in a figure; on a terminal, a likely slip is asked about first."""
    from zibo_rectify.plausible import doubts

    found = doubts(plan, target, value, day)
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
    day = _day(typed, "--date", (period.start.year, period.end.year))
    if day is not None:
        return day
    today = dt.date.today()
    return today if found.target.ongoing else default_day(today, period.start, period.end)


def _part_option() -> Any:  # one per command: Typer takes an option's completion over as it builds
    return typer.Option(
        "--part",
        metavar=_("PART"),
        help=_("The part (任务分解) it belongs to: its id or name, e.g. 张店区."),
        autocompletion=part_names,
    )


EXPECTED_OPTION = typer.Option(
    "--expected", metavar=DATE, help=_("The expected completion date (预计完成), YYYY-MM-DD.")
)
VERDICT_OPTION = typer.Option(
    "--verdict",
    metavar=_("WORD"),
    help=_(
        "The office's own word on its pace: 提前, 按序时, 推进缓慢 or 严重滞后"
        " (ahead, on_track, slow, stalled)."
    ),
)


@app.command(
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
@_handled
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
    date: Annotated[
        str | None,
        typer.Option("--date", metavar=DATE, help=_("The day the figure is true of (default: today).")),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar=_("TEXT"), help=_("What happened, e.g. 第二批验收."))
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar=_("NAME"), help=_("Who records it (default: RECTIFY_BY).")),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            metavar=_("TEXT"),
            help=_("Proof (佐证材料): a file in the plans repository, a URL or a 文号; may be repeated."),
        ),
    ] = None,
    correction: Annotated[
        bool,
        typer.Option("--correction", help=_("This figure fixes a wrong earlier one and may be lower.")),
    ] = False,
    part: Annotated[str | None, _part_option()] = None,
    expected: Annotated[str | None, EXPECTED_OPTION] = None,
    verdict: Annotated[str | None, VERDICT_OPTION] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=_("Print nothing when the figure is recorded."))
    ] = False,
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
    help=_(
        "Mark a task done as of a date.\n\n"
        "Examples:\n"
        "  rectify done low-income-rules --date 2022-06-20 --evidence 淄民发〔2022〕12号\n"
        "  rectify done 政策培训 --date 2022-09-15 --note 培训120人次\n"
        "  rectify done midterm-summary --date 2022-08-31 --quiet"
    )
)
@_handled
def done(
    task: Annotated[
        str,
        typer.Argument(
            metavar=_("TASK"), help=_("Task id, alias or name, or plan-id/task."), autocompletion=task_ids
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option("--date", metavar=DATE, help=_("The day it was done (default: today).")),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar=_("TEXT"), help=_("What was delivered."))
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar=_("NAME"), help=_("Who records it (default: RECTIFY_BY).")),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            metavar=_("TEXT"),
            help=_("Proof (佐证材料): a file in the plans repository, a URL or a 文号; may be repeated."),
        ),
    ] = None,
    undo: Annotated[
        bool, typer.Option("--undo", help=_("Withdraw the entry that marked it done by mistake."))
    ] = False,
    part: Annotated[str | None, _part_option()] = None,
    expected: Annotated[str | None, EXPECTED_OPTION] = None,
    verdict: Annotated[str | None, VERDICT_OPTION] = None,
    undated: Annotated[
        bool,
        typer.Option(
            "--undated",
            help=_("The document says done but gives no date (未载明日期): done on or before --date."),
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=_("Print nothing when the task is recorded."))
    ] = False,
) -> None:
    """Mark a task done (help text above, translated)."""
    from zibo_rectify.record import done_figure

    if undo:
        from zibo_rectify.workflow.actions import describe, undo_done

        withdrawn, its_target = undo_done(_plans_dir(), task, by, note)
        _said(_("Withdrew {entry}: it no longer counts").format(entry=describe(withdrawn, its_target)))
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
    help=_(
        "Record progress in words (进展情况), with no figure.\n\n"
        "Examples:\n"
        "  rectify note canteens 马站未开工 --part 博山区 --date 2023-08-10\n"
        "  rectify note 长者食堂 第三批选址已确定 --by 养老服务科"
    )
)
@_handled
def note(
    target: Annotated[
        str,
        typer.Argument(
            metavar=_("TARGET"),
            help=_("Target id, alias or name, or plan-id/target."),
            autocompletion=target_ids,
        ),
    ],
    text: Annotated[str, typer.Argument(metavar=_("TEXT"), help=_("What happened, as the office words it."))],
    date: Annotated[
        str | None,
        typer.Option("--date", metavar=DATE, help=_("The day it is true of (default: today).")),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar=_("NAME"), help=_("Who records it (default: RECTIFY_BY).")),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            metavar=_("TEXT"),
            help=_("Proof (佐证材料): a file in the plans repository, a URL or a 文号; may be repeated."),
        ),
    ] = None,
    part: Annotated[str | None, _part_option()] = None,
    expected: Annotated[str | None, EXPECTED_OPTION] = None,
    verdict: Annotated[str | None, VERDICT_OPTION] = None,
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


@app.command(
    help=_(
        "List recorded progress, oldest first.\n\n"
        "Examples:\n"
        "  rectify log canteens --since 2022-07-01\n"
        "  rectify log --owner 养老服务科 --until 2022-09-30\n"
        "  rectify log --by 社会救助科 --json"
    )
)
@_handled
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
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            metavar=_("UNIT"),
            help=_("Only entries of targets this unit or person is named for."),
            autocompletion=owner_names,
        ),
    ] = None,
    category: Annotated[str | None, _category_option()] = None,
    phase: Annotated[str | None, _phase_option()] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print the entries as JSON."))] = False,
    known_at: KnownAt = None,
) -> None:
    """List recorded progress (help text above, translated)."""
    from zibo_rectify import filters, workspace
    from zibo_rectify import plans as plan_files

    folder = _plans_dir()
    start, end = _day(since, "--since"), _day(until, "--until")
    if target is not None:
        found = workspace.find_target(folder, target)
        selected, left_out = [found.loaded], found.left_out
        only = found.target.id
    else:
        selected, left_out = workspace.load_each(plan_files.choose_plan(folder, None))
        only = None
    _warn_left_out(left_out)
    filters.check_structure((one.plan for one in selected), category, phase)
    from zibo_rectify.workflow.actions import marks_of

    rows = []
    warnings = []
    for loaded in selected:
        log_file = workspace.load_log(loaded)
        warnings.extend(log_file.problems)
        owned = filters.owned_targets(loaded.plan, owner) if owner is not None else None
        placed = filters.structured_targets(loaded.plan, category, phase)
        if placed is not None:
            owned = placed if owned is None else owned & placed
        marks = marks_of(loaded.plan, log_file.entries)
        for entry, line, mark in zip(log_file.entries, log_file.lines, marks, strict=True):
            if filters.entry_wanted(entry, only, start, end, by, owned):
                rows.append((loaded.plan.id, entry, line, mark))
    rows.sort(key=lambda r: r[1].sort_key)
    _warn(warnings)
    if as_json:
        from zibo_rectify import jsonview

        shaped = [{**jsonview.entry(e, p, n), "mark": m.value} for p, e, n, m in rows]
        typer.echo(jsonview.dumps(shaped))
        return
    from zibo_rectify.render import print_log
    from zibo_rectify.workflow.view import mark_label

    shown = [(p, e, n, mark_label(m)) for p, e, n, m in rows]
    with _paged() as out:
        print_log(out, shown, show_plan=len(selected) > 1)


@app.command(
    help=_(
        "List the targets of a plan: number, name, id, kind, unit, goal, due and owners.\n\n"
        "Examples:\n"
        "  rectify targets\n"
        "  rectify targets --problem elderly-care\n"
        "  rectify targets --kind task --lang zh"
    )
)
@_handled
def targets(
    plan: Annotated[
        str | None,
        typer.Argument(
            metavar=_("PLAN"),
            help=_("A plan id; every plan in the folder if left out."),
            autocompletion=plan_ids,
            show_default=False,
        ),
    ] = None,
    problem: Annotated[
        str | None,
        typer.Option(
            "--problem",
            metavar=_("PROBLEM"),
            help=_("Only this problem's targets (its id or title)."),
            autocompletion=problem_ids,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar=_("KIND"),
            help=_("Only targets of this kind: count, amount, quantity, rate or task."),
            autocompletion=kinds,
        ),
    ] = None,
    known_at: KnownAt = None,
) -> None:
    """List the targets (help text above, translated)."""
    from zibo_rectify import filters
    from zibo_rectify.choices import parse_kind

    wanted = parse_kind(kind)
    loaded = [one.plan for one in _usable_plans(plan)[0]]
    from zibo_rectify.render import print_targets

    with _paged() as out:
        print_targets(out, filters.with_problem(loaded, problem), problem, wanted)


@app.command(
    help=_(
        "Validate plans and their logs; list every problem with file, line and column.\n\n"
        "Exit 0 when all is well, 1 when problems were found, 2 when a file cannot be read.\n\n"
        "Examples:\n"
        "  rectify check\n"
        "  rectify check plans/zibo-minzheng-2022.yaml --format json\n"
        "  rectify check --format github --lang zh"
    )
)
@_handled
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar=_("PATH..."),
            help=_("Plan or log files or folders (default: the plans folder)."),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "--format",
            metavar=_("FORMAT"),
            help=_("text; json for machines; github for Actions annotations."),
            autocompletion=formats,
        ),
    ] = "text",
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar=_("LEVEL"),
            help=_(
                "Also fail (exit 1) when a target is at this warning level or above today:"
                " blue, yellow or red."
            ),
        ),
    ] = None,
) -> None:
    """Validate plans and logs (help text above, translated)."""
    from zibo_rectify.check import check_paths

    if output not in ("text", "json", "github"):
        raise usage_error(
            "bad-format",
            _("--format {format!r} is not a format").format(format=output),
            _("use text, json or github"),
        )
    _level(fail_on)
    result = check_paths(list(paths) if paths else [_plans_dir()], fail_on)
    if output == "json":
        from zibo_rectify import jsonview

        typer.echo(jsonview.dumps([jsonview.diagnostic(d) for d in result.diagnostics]))
    elif output == "github":
        from zibo_rectify.jsonview import github_annotation

        for d in result.diagnostics:
            typer.echo(github_annotation(d))
    elif not result.diagnostics:  # one plain line, the common case in CI: no need to load rich
        typer.echo(_no_problems(len(result.files)))
    else:
        from zibo_rectify.render import console, diagnostic_text

        out = console()
        for d in result.diagnostics:
            out.print(diagnostic_text(d, warning=d.severity == "warning"))
        files = len(result.files)
        errors = [d for d in result.diagnostics if d.severity != "warning"]
        if len(errors) < len(result.diagnostics):
            warned = len(result.diagnostics) - len(errors)
            out.print(ngettext("{count} warning.", "{count} warnings.", warned).format(count=warned))
        if errors:
            problems = ngettext("{count} problem", "{count} problems", len(errors))
            checked = ngettext("{count} file checked", "{count} files checked", files)
            out.print(
                _("{problems} in {files}.").format(
                    problems=problems.format(count=len(errors)), files=checked.format(count=files)
                )
            )
        else:
            out.print(_no_problems(files))
    raise typer.Exit(int(result.exit_code))


def _no_problems(files: int) -> str:
    return ngettext(
        "{count} file checked: no problems.", "{count} files checked: no problems.", files
    ).format(count=files)


@app.command(
    help=_(
        "Print the JSON Schema of the plan file or the progress log, for editors and CI.\n\n"
        "Examples:\n"
        "  rectify schema > schema/plan.schema.json\n"
        "  rectify schema log > schema/progress.schema.json"
    )
)
@_handled
def schema(
    which: Annotated[
        str,
        typer.Argument(
            metavar="plan|log", help=_("plan (the plan file) or log (the progress log)."), show_default=False
        ),
    ] = "plan",
) -> None:
    """Print a JSON Schema (help text above, translated)."""
    from zibo_rectify.schema import dumps, log_schema, plan_schema

    makers = {"plan": plan_schema, "log": log_schema}
    if which not in makers:
        raise usage_error(
            "bad-schema", _("there is no schema {name!r}").format(name=which), _("use plan or log")
        )
    typer.echo(dumps(makers[which]()), nl=False)


@app.command(
    help=_(
        "Start a new plan: a commented skeleton, an empty log, the JSON Schemas its first line points"
        " at, and union merges for logs in git.\n\n"
        "Examples:\n"
        "  rectify init zibo-minzheng-2023 --title 市民政局2023年整改方案\n"
        "  rectify init audit-2023 --kind list --plans plans"
    )
)
@_handled
def init(
    plan_id: Annotated[
        str,
        typer.Argument(
            metavar=_("PLAN-ID"), help=_("The new plan's id: lowercase letters, digits, hyphens.")
        ),
    ],
    title: Annotated[
        str | None,
        typer.Option("--title", metavar=_("TEXT"), help=_("The plan's title, as the document has it.")),
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            metavar="plan|list|breakdown",
            help=_(
                "plan: problems and measures; list: a 整改清单 of rows; breakdown: a target split in parts."
            ),
        ),
    ] = "plan",
) -> None:
    """Start a new plan (help text above, translated)."""
    from zibo_rectify.plans import current_folder, find_plans_dir, given_plans_dir
    from zibo_rectify.safetext import inert
    from zibo_rectify.scaffold import init_plan

    if given_plans_dir(settings.plans_dir) is not None:
        folder = find_plans_dir(settings.plans_dir)  # a folder named must exist: never ./plans instead
    else:
        try:
            folder = find_plans_dir(None, current_folder())
        except RectifyError as err:
            if err.diagnostics[0].code != "no-plans-folder":
                raise
            folder = Path("plans")  # the first plan of a new repository
    written = init_plan(folder, plan_id, title, dt.date.today(), kind)
    settings.done = inert(_("wrote {path}").format(path=", ".join(map(str, written))))
    for path in written:
        typer.echo(inert(_("wrote {path}").format(path=path)))
    typer.echo(inert(_("Fill in {path}, then run: rectify check").format(path=written[0])))


def _warn_line(message: str) -> None:
    from zibo_rectify.safetext import inert

    typer.echo(inert(_("warning") + _(": ") + message), err=True)


def _said(message: str) -> None:
    """One plain line of confirmation, as inert text."""
    from zibo_rectify.safetext import inert

    typer.echo(inert(message))


def _listed(lines: Iterable[str]) -> None:
    """A listing's plain lines, wrapped at the screen's width (COLUMNS off a terminal), paged."""
    from zibo_rectify.render import print_listing

    with _paged() as out:
        print_listing(out, lines)


def _level(name: str | None) -> None:
    if name is None:
        return
    from zibo_rectify.workflow.levels import LEVEL_NAMES

    if name not in LEVEL_NAMES:
        raise usage_error(
            "bad-level",
            _("{level!r} is not a warning level").format(level=name),
            _("use blue, yellow or red"),
        )


TargetArg = Annotated[
    str,
    typer.Argument(
        metavar=_("TARGET"), help=_("Target id, alias or name, or plan-id/target."), autocompletion=target_ids
    ),
]
PlanArg = Annotated[
    str | None,
    typer.Argument(
        metavar=_("PLAN"), help=_("A plan id; every plan in the folder if left out."), autocompletion=plan_ids
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option("--as-of", metavar=DATE, help=_("The day to judge on, YYYY-MM-DD (default: today).")),
]
AsJson = Annotated[bool, typer.Option("--json", help=_("Print JSON instead of text."))]
StepDate = Annotated[
    str | None,
    typer.Option("--date", metavar=DATE, help=_("The day of this step, YYYY-MM-DD (default: today).")),
]


@app.command(
    help=_(
        "Sign a target off (销号) once its goal is met on a recorded figure; then nothing more is recorded"
        " on it until it is reopened.\n\n"
        "Examples:\n"
        "  rectify signoff canteens --by 督查科 --evidence docs/验收单.pdf --date 2022-12-20\n"
        "  rectify signoff 长者食堂 --by 督查科 --evidence 淄民发〔2022〕12号"
    )
)
@_handled
def signoff(
    target: TargetArg,
    by: Annotated[
        str, typer.Option("--by", metavar=_("NAME"), help=_("Who signs it off (a person or office)."))
    ],
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            metavar=_("REF"),
            help=_("Proof: a file in the plans repository, a URL or a 文号; may be repeated."),
        ),
    ] = None,
    date: StepDate = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar=_("TEXT"), help=_("A remark on the sign-off."))
    ] = None,
) -> None:
    """Sign a target off (help text above, translated)."""
    from zibo_rectify.i18n import long_date
    from zibo_rectify.model import named
    from zibo_rectify.workflow.actions import signoff as sign

    entry, signed = sign(_plans_dir(), target, by, evidence or [], _day(date, "--date"), note, _warn_line)
    _said(
        _("Signed off {target} on {date} by {by}").format(
            target=named(signed), date=long_date(entry.date), by=by
        )
    )


@app.command(
    help=_(
        "Reopen a target signed off (问题反弹, 回头看), so figures can be recorded on it again.\n\n"
        "Examples:\n"
        '  rectify reopen canteens --reason "回头看发现3家停业"\n'
        "  rectify reopen 长者食堂 --reason 问题反弹 --by 督查科 --date 2023-03-01"
    )
)
@_handled
def reopen(
    target: TargetArg,
    reason: Annotated[str, typer.Option("--reason", metavar=_("TEXT"), help=_("Why it is reopened."))],
    by: Annotated[
        str | None, typer.Option("--by", metavar=_("NAME"), help=_("Who reopens it (default: RECTIFY_BY)."))
    ] = None,
    date: StepDate = None,
) -> None:
    """Reopen a target (help text above, translated)."""
    from zibo_rectify.workflow.actions import reopen as reopen_target

    if not reason.strip():
        raise usage_error("no-reason", _("--reason is empty"), _("say why the target is reopened"))
    from zibo_rectify.i18n import long_date
    from zibo_rectify.model import named

    entry, reopened = reopen_target(
        _plans_dir(), target, by or os.environ.get("RECTIFY_BY") or None, reason, _day(date, "--date")
    )
    _said(_("Reopened {target} on {date}").format(target=named(reopened), date=long_date(entry.date)))


@app.command(
    help=_(
        "Extend a target's due date (延期), as approved: from the extension's date on it is judged against"
        " the new date, and every view shows the plan's own date beside it.\n\n"
        "Examples:\n"
        "  rectify extend disabled-care-services --to 2022-09-30 --date 2022-08-20 --reason 经批准延期\n"
        "  rectify extend canteens --part 张店区 --to 2023-12-31 --reason 用地调整 --by 督查室"
    )
)
@_handled
def extend(
    target: TargetArg,
    to: Annotated[str, typer.Option("--to", metavar=DATE, help=_("The new due date."))],
    reason: Annotated[str, typer.Option("--reason", metavar=_("TEXT"), help=_("Why, as approved."))],
    by: Annotated[
        str | None,
        typer.Option("--by", metavar=_("NAME"), help=_("Who records it (default: RECTIFY_BY).")),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            metavar=_("REF"),
            help=_("The approval: a file in the plans repository, a URL or a 文号; may be repeated."),
        ),
    ] = None,
    date: StepDate = None,
    part: Annotated[str | None, _part_option()] = None,
) -> None:
    """Extend a due date (help text above, translated)."""
    from zibo_rectify.i18n import long_date
    from zibo_rectify.model import named
    from zibo_rectify.workflow.actions import extend as record_extension
    from zibo_rectify.workflow.steps import Extension

    if not reason.strip():
        raise usage_error("no-reason", _("--reason is empty"), _("say why the due date is extended"))
    new_due = _day(to, "--to")
    assert new_due is not None
    asked = Extension(
        new_due,
        reason,
        by or os.environ.get("RECTIFY_BY") or None,
        tuple(evidence or ()),
        _day(date, "--date"),
        part,
    )
    entry, extended = record_extension(_plans_dir(), target, asked, _warn_line)
    _said(
        _("Extended {target} to {due}, from {date}").format(
            target=named(extended), due=long_date(new_due), date=long_date(entry.date)
        )
    )


@app.command(
    help=_(
        "Review (审核) a figure of a plan that requires review: accept it, so it counts from its own date,"
        " or send it back (退回).\n\n"
        "Examples:\n"
        "  rectify review canteens --accept --by 督查科\n"
        "  rectify review canteens --reject --reason 缺验收单 --by 督查科 --entry 12"
    )
)
@_handled
def review(
    target: TargetArg,
    by: Annotated[str, typer.Option("--by", metavar=_("NAME"), help=_("Who reviews it."))],
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
    date: StepDate = None,
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
    from zibo_rectify.model import named

    made, reviewed = review_figure(_plans_dir(), target, entry, verdict, reason, by, _day(date, "--date"))
    _said(
        _("Reviewed {target} of {date}: {verdict}").format(
            target=named(reviewed), date=long_date(made.of_date), verdict=step_label(verdict)
        )
    )


@app.command(
    help=_(
        "List the figures awaiting review (待审核), oldest first.\n\n"
        "Examples:\n"
        "  rectify pending\n"
        "  rectify pending zibo-minzheng-2022 --json"
    )
)
@_handled
def pending(plan: PlanArg = None, as_json: AsJson = False, known_at: KnownAt = None) -> None:
    """List figures awaiting review (help text above, translated)."""
    from zibo_rectify.workflow.actions import describe
    from zibo_rectify.workflow.actions import pending as awaiting
    from zibo_rectify.workflow.view import figure_json

    rows = awaiting(_plans_dir(), plan)
    if as_json:
        from zibo_rectify import jsonview

        typer.echo(
            jsonview.dumps([{"plan": p, "target": e.target, **figure_json(e, n)} for p, e, n, __ in rows])
        )
        return
    if not rows:
        _said(_("Nothing awaits review."))
    _listed(
        _("{plan} line {line}: {entry} (by {by})").format(
            plan=plan_id, line=line, entry=describe(e, target), by=e.by or "—"
        )
        for plan_id, e, line, target in rows
    )


@app.command(
    help=_(
        "Withdraw the last entry you recorded (RECTIFY_BY, --by, else your login name): it stays in the log,"
        " marked, and never counts.\n\n"
        "Examples:\n"
        "  rectify undo\n"
        "  rectify undo --by 养老服务科 --yes"
    )
)
@_handled
def undo(
    plan: PlanArg = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", metavar=_("NAME"), help=_("Whose last entry (default: RECTIFY_BY, else your login).")
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help=_("Do not ask for confirmation (for scripts)."))] = False,
) -> None:
    """Withdraw your last entry (help text above, translated)."""
    from zibo_rectify.workflow.actions import describe
    from zibo_rectify.workflow.actions import undo as undo_last

    def confirm(question: str) -> bool:
        if yes:
            return True
        if not sys.stdin.isatty():
            raise usage_error(
                "confirm",
                question.rstrip("?") + _(": not withdrawn, there is no terminal to confirm on"),
                _("add --yes to withdraw it without asking"),
            )
        return typer.confirm(question, default=False)

    done_ = undo_last(_plans_dir(), plan, by, confirm)
    if done_ is None:
        _said(_("Nothing withdrawn."))
        return
    entry, line, its_target = done_
    _said(
        _("Withdrew line {line}: {entry}; it no longer counts").format(
            line=line, entry=describe(entry, its_target)
        )
    )


@app.command(
    help=_(
        "Withdraw any entry by its line (a figure put on the wrong target): it stays, marked, and never"
        " counts.\n\n"
        "Examples:\n"
        "  rectify retract 12 --reason 录错目标\n"
        "  rectify retract zibo-minzheng-2022/12 --reason 录错目标"
    )
)
@_handled
def retract(
    line: Annotated[
        str,
        typer.Argument(
            metavar=_("LINE"), help=_("The line rectify log shows; plan-id/LINE for one of several plans.")
        ),
    ],
    reason: Annotated[str, typer.Option("--reason", metavar=_("TEXT"), help=_("Why it is withdrawn."))],
    by: Annotated[
        str | None, typer.Option("--by", metavar=_("NAME"), help=_("Who withdraws it (default: RECTIFY_BY)."))
    ] = None,
) -> None:
    """Withdraw an entry (help text above, translated)."""
    from zibo_rectify.workflow.actions import describe
    from zibo_rectify.workflow.actions import retract as withdraw

    if not reason.strip():
        raise usage_error("no-reason", _("--reason is empty"), _("say why the entry is withdrawn"))
    entry, number, its_target = withdraw(_plans_dir(), line, reason, by)
    _said(
        _("Withdrew line {line}: {entry}; it no longer counts").format(
            line=number, entry=describe(entry, its_target)
        )
    )


@app.command(
    help=_(
        "List warnings (预警): red overdue, yellow behind the planned path, blue due within days; with how"
        " many month ends in a row each stood at yellow or red.\n\n"
        "Examples:\n"
        "  rectify warnings --as-of 2022-08-01\n"
        "  rectify warnings --json --fail-on red"
    )
)
@_handled
def warnings(
    plan: PlanArg = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar=_("LEVEL"),
            help=_("Exit 1 when a target is at this level or above: blue, yellow, red."),
        ),
    ] = None,
    known_at: KnownAt = None,
) -> None:
    """List warnings (help text above, translated)."""
    from zibo_rectify import workspace
    from zibo_rectify.workflow.levels import LEVEL_NAMES, warnings_as_of
    from zibo_rectify.workflow.view import warning_json, warning_line

    _level(fail_on)
    day = _day(as_of, "--as-of") or dt.date.today()
    loaded, left_out = _usable_plans(plan)
    found = [(one.plan, warnings_as_of(one.plan, workspace.load_log(one).entries, day)) for one in loaded]
    if as_json:
        from zibo_rectify import jsonview

        shaped = [
            {"plan": p.id, "as_of": day.isoformat(), "warnings": [warning_json(w) for w in ws]}
            for p, ws in found
        ]
        typer.echo(jsonview.dumps(shaped[0] if len(shaped) == 1 else shaped))
    else:
        lines = []
        for the_plan, ws in found:
            lines.append(
                _("{plan} as of {date}: {count} warnings").format(plan=the_plan.id, date=day, count=len(ws))
            )
            lines += ["  " + warning_line(w, the_plan) for w in ws]
        _listed(lines)
    # A gate fails on a plan it could not read, as it would on one at the level.
    if fail_on is not None and (
        left_out or any(w.level >= LEVEL_NAMES[fail_on] for __, ws in found for w in ws)
    ):
        raise typer.Exit(int(ExitCode.PROBLEMS))


@app.command(
    help=_(
        "Everything about one target: owners, goal, milestones reached or missed, history, pace, a chart.\n\n"
        "Examples:\n"
        "  rectify show canteens --as-of 2022-11-01\n"
        "  rectify show 长者食堂 --lang zh"
    )
)
@_handled
def show(
    target: Annotated[
        str,
        typer.Argument(
            metavar=_("TARGET"),
            help=_("Target id, alias or name, or plan-id/target."),
            autocompletion=target_ids,
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar=DATE, help=_("The day to judge on, YYYY-MM-DD (default: today).")),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", metavar=_("UNIT"), help=_("Only if this unit is among the target's owners.")),
    ] = None,
    known_at: KnownAt = None,
) -> None:
    """Everything about one target (help text above, translated)."""
    from zibo_rectify import workspace
    from zibo_rectify.report.make import repository_commit
    from zibo_rectify.report.model import PlanInput, plan_report
    from zibo_rectify.report.show import show as show_target

    found = workspace.find_target(_plans_dir(), target)
    log_file = workspace.load_log(found.loaded)
    _warn(log_file.problems)
    day = _day(as_of, "--as-of") or dt.date.today()
    source = PlanInput(found.loaded.plan, log_file.entries, log_file.lines, repository_commit(_plans_dir()))
    plan = plan_report(source, day, owner)
    row = next((t for t in plan.targets if t.id == found.target.id), None)
    if row is None:
        raise usage_error(
            "not-owned",
            _("{owner} is not among the owners of {target}").format(owner=owner, target=found.target.id),
            _("leave out --owner, or name one of its owners"),
        )
    with _paged() as out:
        show_target(out, plan, row)


@app.command(
    help=_(
        "List, per lead unit, the targets whose cadence says a figure is due or late (催办), with the last"
        " figure's date.\n\n"
        "Examples:\n"
        "  rectify due --as-of 2022-09-05\n"
        "  rectify due --format md"
    )
)
@_handled
def due(
    plan: PlanArg = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
    output: Annotated[
        str, typer.Option("--format", metavar=_("FORMAT"), help=_("text, or md for a chat message."))
    ] = "text",
    known_at: KnownAt = None,
) -> None:
    """List who owes a figure (help text above, translated)."""
    from zibo_rectify import workspace
    from zibo_rectify.workflow.due import owed
    from zibo_rectify.workflow.view import owed_json, owed_text

    if output not in ("text", "md"):
        raise usage_error(
            "bad-format", _("--format {format!r} is not a format").format(format=output), _("use text or md")
        )
    day = _day(as_of, "--as-of") or dt.date.today()
    found = [
        (one.plan, owed(one.plan, workspace.load_log(one).entries, day)) for one in _usable_plans(plan)[0]
    ]
    if as_json:
        from zibo_rectify import jsonview

        shaped = [
            {"plan": p.id, "as_of": day.isoformat(), "owed": [owed_json(o) for o in os_]} for p, os_ in found
        ]
        typer.echo(jsonview.dumps(shaped[0] if len(shaped) == 1 else shaped))
        return
    lines = []
    for the_plan, owed_now in found:
        heading = _("Figures owed for {plan} as of {date}").format(plan=the_plan.title, date=day)
        lines.append(f"## {heading}" if output == "md" else heading)
        if not owed_now:
            lines.append(_("Nothing is owed."))
        lines += owed_text(owed_now, output == "md")
    if output == "md":  # for a chat message: a line each, as the chat wraps it
        for line in lines:
            _said(line)
    else:
        _listed(lines)


@app.command(
    help=_(
        "What changed since a day (for the report's section since the last report): entries, states,"
        " warnings, milestones, sign-offs, reopenings, rejections.\n\n"
        "Examples:\n"
        "  rectify changes --since 2022-07-31 --as-of 2022-08-31\n"
        "  rectify changes --since 2022-07-31 --json"
    )
)
@_handled
def changes(
    since: Annotated[
        str, typer.Option("--since", metavar=DATE, help=_("The day of the last report, YYYY-MM-DD."))
    ],
    plan: PlanArg = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
    known_at: KnownAt = None,
) -> None:
    """What changed since a day (help text above, translated)."""
    from zibo_rectify import workspace
    from zibo_rectify.workflow.changes import changes_between, check_span
    from zibo_rectify.workflow.view import changes_json

    start = _day(since, "--since")
    day = _day(as_of, "--as-of") or dt.date.today()
    assert start is not None
    check_span(start, day)
    shaped = []
    lines: list[str] = []
    for loaded in _usable_plans(plan)[0]:
        log = workspace.load_log(loaded)
        if as_json:
            found = changes_between(loaded.plan, log.entries, start, day)
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
            lines += since_lines(plan_report(source, day, since=start))
    if as_json:
        from zibo_rectify import jsonview

        typer.echo(jsonview.dumps(shaped[0] if len(shaped) == 1 else shaped))
    else:
        _listed(lines)  # every plan's at once: one page on a terminal


@app.command(
    help=_(
        "Write the ledger (整改台账), the report (通报) or an export, as of a day, from the plans' logs.\n\n"
        "Formats: md, html (one offline page with charts), csv and xlsx (the ledger), docx (公文 layout),"
        " jsonl and parquet (for DuckDB and scripts).\n\n"
        "Examples:\n"
        "  rectify report --format xlsx --as-of 2022-11-01 -o 整改台账.xlsx\n"
        "  rectify report zibo-minzheng-2022 --format md"
    )
)
@_handled
def report(
    plan_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar=_("PLAN"),
            help=_("Plan ids; every plan in the folder if left out."),
            autocompletion=plan_ids,
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option("--format", metavar=_("FORMAT"), help=_("md, html, csv, xlsx, docx, jsonl or parquet.")),
    ] = "md",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar=DATE, help=_("The day to judge on, YYYY-MM-DD (default: today).")),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar=_("FILE"), help=_("The file to write (default: standard output).")
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="zh|en",
            help=_("zh or en (default: RECTIFY_LANG, else the plan's own language)."),
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", metavar=_("UNIT"), help=_("Only the targets this unit or person owns.")),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", metavar=_("FILE"), help=_("A .docx with docxtpl tags, for --format docx.")
        ),
    ] = None,
    what: Annotated[
        str,
        typer.Option(
            "--what",
            metavar=_("ROWS"),
            help=_("For jsonl and parquet: targets (a row each), entries, or changes (with --since)."),
        ),
    ] = "targets",
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar=DATE,
            help=_("The day of the last report: adds what changed since, YYYY-MM-DD."),
        ),
    ] = None,
    known_at: KnownAt = None,
) -> None:
    """Write a report (help text above, translated)."""
    from zibo_rectify.report import make

    day = _day(as_of, "--as-of") or dt.date.today()
    folder = _plans_dir()
    data = make.produce(
        folder,
        plan_ids or [],
        day,
        output_format,
        lang=lang or settings.lang,
        owner=owner,
        template=template,
        what=what,
        since=_day(since, "--since"),
    )
    make.write(data, output, output_format, folder)


@app.command(
    help=_(
        "Write the 填报表 each unit fills in and sends back: the targets it leads and the parts it owns,"
        " prefilled with the figures in force, only the cells to fill unlocked.\n\n"
        "Examples:\n"
        "  rectify form --owner 养老服务科 --as-of 2022-10-31 -o 养老服务科.xlsx\n"
        "  rectify form -o forms/"
    )
)
@_handled
def form(
    plan_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar=_("PLAN"),
            help=_("Plan ids; every plan in the folder if left out."),
            autocompletion=plan_ids,
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            metavar=_("UNIT"),
            help=_("The unit whose form to write (default: every unit that owes)."),
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar=DATE, help=_("The day the form speaks of (default: today).")),
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "-o",
            "--output",
            metavar=_("FILE|DIR/"),
            help=_("An .xlsx file, or a folder for a file per unit."),
        ),
    ] = "",
) -> None:
    """Write the units' forms (help text above, translated)."""
    from zibo_rectify.sheets.commands import write_forms

    if not output:
        raise usage_error(
            "no-output", _("rectify form writes files: -o is missing"), _("add -o FILE.xlsx or -o DIR/")
        )
    for path in write_forms(
        _plans_dir(), plan_ids or [], owner, _day(as_of, "--as-of"), output, settings.lang
    ):
        typer.echo(_("Wrote {path}").format(path=path))


@app.command(
    help=_(
        "Record what the returned 填报表 say, each row checked as update, done and note check it;"
        " a receipt per file, and the refused rows in a sheet to send back (exit 1).\n\n"
        "Examples:\n"
        "  rectify collect 养老服务科.xlsx\n"
        "  rectify collect returns/*.xlsx --dry-run"
    )
)
@_handled
def collect(
    files: Annotated[list[Path], typer.Argument(metavar=_("FILE"), help=_("Returned forms (.xlsx)."))],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=_("Check every row and say what would be recorded; record nothing.")),
    ] = False,
) -> None:
    """Collect returned forms (help text above, translated)."""
    from zibo_rectify.sheets.commands import collect_files

    lines, refused = collect_files(_plans_dir(), files, dry_run)
    for line in lines:
        typer.echo(line)
    if refused:
        raise typer.Exit(int(ExitCode.PROBLEMS))


def main() -> None:
    """The console script: run the app; Ctrl-C, closed pipes and failed output get their own words."""
    import gc

    # A command lives a fraction of a second and makes no garbage cycles worth collecting;
    # the collector would only walk a long log's entries again and again (a tenth of the run).
    gc.disable()
    # Pydantic looks for plugins among every installed package's entry points the first time it
    # builds a validator: a few milliseconds a start, for plugins rectify's own models never use.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from zibo_rectify.output import Guarded, prepare

    out = prepare()
    code: Any = 0
    try:
        app()
    except SystemExit as done:
        code = done.code
    except KeyboardInterrupt:
        code = 130
    except Exception as err:  # a bug, not a user's mistake: say so without a wall of traceback
        if os.environ.get("RECTIFY_DEBUG"):
            raise
        print(
            _("rectify: internal error: {error}").format(error=f"{type(err).__name__}: {err}")
            + "\n"
            + _(
                "This is a bug in rectify, not in your files. Run again with RECTIFY_DEBUG=1"
                " for the details, and report them."
            ),
            file=sys.stderr,
        )
        code = int(ExitCode.USAGE)
    raise SystemExit(Guarded.finish(out, code, settings.done))
