"""The `rectify` command line: parse arguments, run the stages, turn errors into exit codes.

Every command is a thin shell: domain code raises `RectifyError`; `_handled`
prints its diagnostics to stderr and exits 2 (or 1 for `check`), so a user's
mistake never shows a traceback.  Heavy modules are imported inside commands,
so that `rectify --help` and each command load only what they use.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from zibo_rectify import __version__
from zibo_rectify.errors import ExitCode, RectifyError, usage_error

app = typer.Typer(
    name="rectify",
    help="Track a rectification plan (整改方案) kept as YAML: record progress, see status, check files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


class Settings:
    plans_dir: Path | None = None


settings = Settings()


def _handled(command: F) -> F:
    """Print a RectifyError's diagnostics and exit with its code, never a traceback."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RectifyError as err:
            from zibo_rectify.render import console, diagnostic_text

            err_console = console(stderr=True)
            for diagnostic in err.diagnostics:
                err_console.print(diagnostic_text(diagnostic))
            raise typer.Exit(int(err.exit_code)) from None

    return run  # type: ignore[return-value]


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise usage_error(
            "bad-date",
            f"{option} {value!r} is not a date",
            "write dates as YYYY-MM-DD, e.g. 2022-07-31",
        ) from None


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
        Path | None,
        typer.Option(
            "--plans",
            help="The plans folder (default: RECTIFY_PLANS, else the nearest plans/).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Track a rectification plan (整改方案) kept as YAML."""
    settings.plans_dir = plans


@app.command()
@_handled
def status(
    plan: Annotated[
        str | None, typer.Argument(help="A plan id; every plan in the folder if left out.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The day to judge on, YYYY-MM-DD (default: today)."),
    ] = None,
    problem: Annotated[
        str | None, typer.Option("--problem", help="Only this problem's targets (its id).")
    ] = None,
    state: Annotated[
        str | None, typer.Option("--state", help="Only targets in this state, e.g. behind.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the documented JSON instead of a table.")
    ] = False,
) -> None:
    """Show where every target stands: value, planned path, milestones, state.

    Example: rectify status --as-of 2022-08-01 --state behind
    """
    from zibo_rectify import plans as plan_files
    from zibo_rectify import workspace
    from zibo_rectify.status import State, status_as_of

    day = _day(as_of, "--as-of") or dt.date.today()
    if state is not None and state not in {s.value for s in State}:
        raise usage_error(
            "bad-state",
            f"--state {state!r} is not a state",
            f"use one of: {', '.join(s.value for s in State)}",
        )
    folder = _plans_dir()
    statuses = []
    warnings = []
    for plan_file in plan_files.choose_plan(folder, plan):
        loaded = workspace.load(plan_file)
        log = workspace.load_log(loaded)
        warnings.extend(log.problems)
        result = status_as_of(loaded.plan, log.entries, day)
        if problem is not None:
            known = [p.id for p in loaded.plan.problems]
            if problem not in known:
                from zibo_rectify.rules import suggest

                raise usage_error(
                    "unknown-problem",
                    f"plan {loaded.plan.id} has no problem {problem!r}",
                    suggest(problem, known) or f"problems: {', '.join(known)}",
                )
            result = result.only(lambda t: t.problem.id == problem)
        if state is not None:
            result = result.only(lambda t: t.state.value == state)
        statuses.append(result)
    _warn(warnings)
    if as_json:
        from zibo_rectify import jsonview

        shaped = [jsonview.plan_status(s) for s in statuses]
        typer.echo(jsonview.dumps(shaped[0] if plan is not None or len(shaped) == 1 else shaped))
        return
    from zibo_rectify.render import console, print_status

    print_status(console(), statuses)


def _warn(diagnostics: list[Any]) -> None:
    if not diagnostics:
        return
    from zibo_rectify.render import console, diagnostic_text

    err_console = console(stderr=True)
    for d in diagnostics:
        err_console.print(diagnostic_text(d, "warning"))
    lines = len({(d.file, d.line) for d in diagnostics})
    err_console.print(f"{lines} log line(s) with problems, unusable ones left out; rectify check lists them.")


def _record(
    name: str,
    make_value: Callable[[Any], dict[str, Any]],
    day: str | None,
    note: str | None,
    by: str | None,
    evidence: str | None,
    correction: bool,
) -> None:
    from pydantic import ValidationError

    from zibo_rectify import workspace
    from zibo_rectify.progress import ProgressEntry, append_entry
    from zibo_rectify.rules import decrease_problem, entry_problems

    found = workspace.find_target(_plans_dir(), name)
    target = found.target
    fields = make_value(target)
    today = dt.date.today()
    date = _day(day, "--date") or today
    if date > today:
        raise usage_error(
            "future-date",
            f"--date {date} is in the future",
            "record a figure on or after the day it is true",
        )
    recorded = dt.datetime.now().astimezone().replace(microsecond=0)
    try:
        entry = ProgressEntry(
            date=date,
            target=target.id,
            by=by or os.environ.get("RECTIFY_BY") or None,
            note=note,
            evidence=evidence,
            recorded=recorded,
            correction=correction,
            **fields,
        )
    except ValidationError as err:  # text that is not UTF-8, passed on from the shell
        first = err.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "entry"
        message = first["msg"].removeprefix("Value error, ")
        raise usage_error(
            "bad-text", f"--{field} {message}", "type the text again in a UTF-8 terminal"
        ) from None
    plan = found.loaded.plan
    problems = entry_problems(plan, entry)
    if problems:
        code, message, fix = problems[0]
        raise usage_error(code, message, fix)

    def checked(current: list[ProgressEntry]) -> ProgressEntry:
        mine = [e for e in current if e.target == target.id]
        if entry.done and any(e.done for e in mine if e.date <= entry.date):
            first = next(e for e in mine if e.done)
            raise usage_error(
                "already-done",
                f"{target.id} was already marked done on {first.date}",
                "nothing to record",
            )
        problem = decrease_problem(target, mine, entry)
        if problem:
            raise usage_error(*problem)
        return entry

    append_entry(found.loaded.file.log_path, checked)
    from zibo_rectify.render import cell, console, fmt

    what = "done" if entry.done else fmt(entry.value, target.unit)
    suffix = " (correction)" if correction else ""
    console().print(cell(f"Recorded {target.id} = {what} on {date}{suffix} in {found.loaded.file.log_path}"))


@app.command()
@_handled
def update(
    target: Annotated[str, typer.Argument(help="Target id or alias, or plan-id/target.")],
    value: Annotated[
        str,
        typer.Argument(help="The figure as of --date: a count, amount, quantity or percentage."),
    ],
    date: Annotated[
        str | None, typer.Option("--date", help="The day the figure is true of (default: today).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What happened, e.g. 第二批验收.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who records it (default: RECTIFY_BY).")] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="Where the proof (佐证材料) is kept.")
    ] = None,
    correction: Annotated[
        bool,
        typer.Option("--correction", help="This figure fixes a wrong earlier one and may be lower."),
    ] = False,
) -> None:
    """Record a target's figure as of a date, in its plan's progress log.

    Example: rectify update canteens 120 --date 2022-07-28 --note 第二批验收
    """

    def make_value(found: Any) -> dict[str, Any]:
        return {"value": parse_value(found, value)}

    _record(target, make_value, date, note, by, evidence, correction)


def parse_value(target: Any, text: str) -> int | float:
    """The figure a user typed, as the number the target's kind takes."""
    from decimal import Decimal, InvalidOperation

    from zibo_rectify.model import Kind
    from zibo_rectify.rules import value_problem

    if target.kind is Kind.TASK:
        raise usage_error(
            "task-value",
            f"{target.id} is a task: it is done or not and takes no figure",
            f"mark it done with: rectify done {target.id}",
        )
    raw = text.strip().replace(",", "")
    if target.kind is Kind.RATE:
        raw = raw.removesuffix("%")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise usage_error(
            "not-a-number",
            f"{text!r} is not a number",
            f"give {target.id}'s figure as digits, e.g. 120",
        ) from None
    if not number.is_finite():
        raise usage_error("not-finite", f"{text!r} is not a finite number", None)
    value: int | float = int(number) if number == number.to_integral_value() else float(number)
    problem = value_problem(target, float(value))
    if problem:
        raise usage_error(*problem)
    return value


@app.command()
@_handled
def done(
    task: Annotated[str, typer.Argument(help="Task id or alias, or plan-id/task.")],
    date: Annotated[str | None, typer.Option("--date", help="The day it was done (default: today).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="What was delivered.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who records it (default: RECTIFY_BY).")] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="Where the proof (佐证材料) is kept.")
    ] = None,
) -> None:
    """Mark a task done as of a date.

    Example: rectify done low-income-rules --date 2022-06-20 --evidence 淄民发〔2022〕12号
    """
    from zibo_rectify.model import Kind

    def make_value(target: Any) -> dict[str, Any]:
        if target.kind is not Kind.TASK:
            raise usage_error(
                "not-a-task",
                f"{target.id} is a {target.kind.value} target, not a task: it takes a figure",
                f"record its figure with: rectify update {target.id} VALUE",
            )
        return {"done": True}

    _record(task, make_value, date, note, by, evidence, False)


@app.command()
@_handled
def log(
    target: Annotated[
        str | None, typer.Argument(help="Only this target (id, alias or plan-id/target).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only entries dated on or after this day.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")] = False,
) -> None:
    """List recorded progress, oldest first.

    Example: rectify log canteens --since 2022-07-01
    """
    from zibo_rectify import plans as plan_files
    from zibo_rectify import workspace

    folder = _plans_dir()
    start = _day(since, "--since")
    if target is not None:
        found = workspace.find_target(folder, target)
        selected = [found.loaded]
        only = found.target.id
    else:
        selected = [workspace.load(f) for f in plan_files.choose_plan(folder, None)]
        only = None
    rows = []
    warnings = []
    for loaded in selected:
        log_file = workspace.load_log(loaded)
        warnings.extend(log_file.problems)
        for entry, line in zip(log_file.entries, log_file.lines, strict=True):
            if (only is None or entry.target == only) and (start is None or entry.date >= start):
                rows.append((loaded.plan.id, entry, line))
    rows.sort(key=lambda r: r[1].sort_key)
    _warn(warnings)
    if as_json:
        from zibo_rectify import jsonview

        typer.echo(jsonview.dumps([jsonview.entry(e, p, n) for p, e, n in rows]))
        return
    from zibo_rectify.render import console, log_table

    out = console()
    if not rows:
        out.print("No progress recorded yet.")
        return
    out.print(log_table([(p, e) for p, e, _ in rows], show_plan=len(selected) > 1))


@app.command()
@_handled
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Plan or log files or folders (default: the plans folder)."),
    ] = None,
    output: Annotated[str, typer.Option("--format", help="text, or json for machines.")] = "text",
) -> None:
    """Validate plans and their logs; list every problem with file, line and column.

    Exit 0 when all is well, 1 when problems were found, 2 when a file cannot be read.
    Example: rectify check plans/ --format json
    """
    from zibo_rectify.check import check_paths

    if output not in ("text", "json"):
        raise usage_error("bad-format", f"--format {output!r} is not a format", "use text or json")
    result = check_paths(list(paths) if paths else [_plans_dir()])
    if output == "json":
        from zibo_rectify import jsonview

        typer.echo(jsonview.dumps([jsonview.diagnostic(d) for d in result.diagnostics]))
    else:
        from zibo_rectify.render import console, diagnostic_text

        out = console()
        for d in result.diagnostics:
            out.print(diagnostic_text(d))
        files = _plural(len(result.files), "file")
        if result.diagnostics:
            out.print(f"{_plural(len(result.diagnostics), 'problem')} in {files} checked.")
        else:
            out.print(f"{files} checked: no problems.")
    raise typer.Exit(int(result.exit_code))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def main() -> None:
    """The console script: run the app, and keep Ctrl-C and closed pipes quiet."""
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except BrokenPipeError:
        raise SystemExit(int(ExitCode.OK)) from None
    except Exception as err:  # a bug, not a user's mistake: say so without a wall of traceback
        if os.environ.get("RECTIFY_DEBUG"):
            raise
        import sys

        print(
            f"rectify: internal error: {type(err).__name__}: {err}\n"
            "This is a bug in rectify, not in your files. Run again with RECTIFY_DEBUG=1"
            " for the details, and report them.",
            file=sys.stderr,
        )
        raise SystemExit(int(ExitCode.USAGE)) from None
