"""What the command groups share: the plans folder, the plans that load, days as typed, warnings
on stderr, and the plain lines that confirm a step.

Heavy modules are imported inside the functions, so each command loads only what it uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from zibo_rectify.cli.app import settings
from zibo_rectify.errors import RectifyError, usage_error
from zibo_rectify.i18n import _, ngettext

if TYPE_CHECKING:
    from zibo_rectify.knownat import Since

SHOWN_WARNINGS = 20  # a log of junk must not bury the status under its warnings


def plans_dir() -> Path:
    from zibo_rectify.plans import find_plans_dir

    return find_plans_dir(settings.plans_dir)


def day(value: str | None, option: str, years: tuple[int, int] | None = None) -> dt.date | None:
    """The day typed for `option`; one without a year (8月1日) takes the year of the plans
    (`years`, else those of the plans folder), when they lie in one year."""
    if value is None:
        return None
    from zibo_rectify.typed import day as typed_day
    from zibo_rectify.typed import needs_year

    if years is None and needs_year(value):
        years = _plan_years()
    return typed_day(value, option, dt.date.today(), years)


def day_or_today(value: str | None, option: str) -> dt.date:
    return day(value, option) or dt.date.today()


def since_of(value: str | None) -> Since | None:
    """--since as typed: a time (a report's basis), or a date meaning from the start of that day;
    None when not given."""
    if value is None:
        return None
    from zibo_rectify.knownat import Since, typed_time

    hint = _("write a time as 2022-10-05T10:00:00+08:00, or a date for all recorded from that day (UTC+8)")
    moment = typed_time(value, "--since", "bad-date", hint)
    if moment is not None:
        return Since.of_time(moment)
    typed = day(value, "--since")
    assert typed is not None
    return Since.of_date(typed)


def _plan_years() -> tuple[int, int] | None:
    """The first and last year of the plans in the plans folder that load; None when there are none."""
    from zibo_rectify import plans, workspace

    try:
        loaded, _left_out = workspace.load_each(plans.plan_files(plans_dir()))
    except RectifyError:
        return None  # no folder, or no plan in it loads: the date is refused for want of a year
    periods = [one.plan.period for one in loaded]
    if not periods:
        return None
    return min(p.start.year for p in periods), max(p.end.year for p in periods)


def paged() -> Any:
    """The console long output goes to: a pager on a terminal, unless --no-pager."""
    from zibo_rectify.screen import paged as pager

    return pager(settings.pager)


def warn_left_out(diagnostics: list[Any]) -> None:
    """Plans left out for their problems, each named with its first problem."""
    if diagnostics:
        from zibo_rectify.render.diagnostic import diagnostic_text
        from zibo_rectify.screen import console

        err_console = console(stderr=True)
        for d in diagnostics:
            err_console.print(diagnostic_text(d, warning=True))


def usable_plans(plan: str | None) -> tuple[list[Any], list[Any]]:
    """The plans of the folder (or the one named) that load, and the warnings of those left out,
    already shown: one plan with problems does not stop the others (`check` names them all)."""
    from zibo_rectify import plans as plan_files
    from zibo_rectify import workspace

    loaded, left_out = workspace.load_each(plan_files.choose_plan(plans_dir(), plan))
    warn_left_out(left_out)
    return loaded, left_out


def warn_log_lines(diagnostics: list[Any]) -> None:
    """The log lines left out for their problems: the first few, and how many in all."""
    if not diagnostics:
        return
    from zibo_rectify.render.diagnostic import diagnostic_text
    from zibo_rectify.screen import console

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


def warn_line(message: str) -> None:
    from zibo_rectify.safetext import inert

    typer.echo(inert(_("warning") + _(": ") + message), err=True)


def said(message: str) -> None:
    """One plain line of confirmation, as inert text."""
    from zibo_rectify.safetext import inert

    typer.echo(inert(message))


def asking(yes: bool) -> Callable[[str], bool]:
    """How a withdrawal is agreed to: --yes agrees; a terminal asks; without either nothing is
    withdrawn, since the line or entry meant may not be the one found."""

    def confirm(question: str) -> bool:
        if yes:
            return True
        import sys

        if not sys.stdin.isatty():
            raise usage_error(
                "confirm",
                question.rstrip("?") + _(": not withdrawn, there is no terminal to confirm on"),
                _("add --yes to withdraw it without asking"),
            )
        return typer.confirm(question, default=False)

    return confirm


def confirm_done(message: str, quiet: bool = False) -> None:
    """The confirmation of a step that was recorded or written.  When standard output cannot
    take it, it is said again on stderr with "but this was done" and the exit code stays 0:
    a script that retries on failure must not record the step twice."""
    from zibo_rectify.safetext import inert

    settings.done = inert(message)
    if not quiet:
        typer.echo(settings.done)


def print_plans_json(shaped: list[dict[str, Any]], as_array: bool) -> None:
    """One JSON object per plan, as status --json prints them: the object alone for one plan,
    an array for several; with --json-array an array always, so a script reads one shape."""
    from zibo_rectify import jsonview

    typer.echo(jsonview.dumps(shaped if as_array or len(shaped) != 1 else shaped[0]))


def listed(lines: Iterable[str]) -> None:
    """A listing's plain lines, wrapped at the screen's width (COLUMNS off a terminal), paged."""
    from zibo_rectify.render.cells import print_listing

    with paged() as out:
        print_listing(out, lines)


def check_level(name: str | None) -> None:
    if name is None:
        return
    from zibo_rectify.workflow.levels import LEVEL_NAMES

    if name not in LEVEL_NAMES:
        raise usage_error(
            "bad-level",
            _("{level!r} is not a warning level").format(level=name),
            _("use blue, yellow or red"),
        )


def check_format(given: str, formats: tuple[str, ...], hint: str) -> None:
    """Refuse a --format the command does not write."""
    if given not in formats:
        raise usage_error("bad-format", _("--format {format!r} is not a format").format(format=given), hint)
