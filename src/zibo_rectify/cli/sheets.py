"""Commands for the units' own sheets (填报表): form writes them, collect records what comes back."""

# No `from __future__ import annotations`: Typer reads these signatures when it builds the commands.

from pathlib import Path
from typing import Annotated

import typer

from zibo_rectify.cli.app import RECORD, SET_UP, app, settings
from zibo_rectify.cli.common import day, plans_dir, warn_left_out
from zibo_rectify.cli.options import DATE, PlanArgs
from zibo_rectify.errors import ExitCode, usage_error
from zibo_rectify.i18n import _


@app.command(
    "form",
    panel=RECORD,
    help=_(
        "Write the 填报表 each unit fills in and sends back: the targets it leads and the parts it owns,"
        " prefilled with the figures in force, only the cells to fill unlocked.\n\n"
        "Examples:\n"
        "  rectify form --owner 养老服务科 --as-of 2022-10-31 -o 养老服务科.xlsx\n"
        "  rectify form -o forms/"
    ),
)
def form(
    wanted: PlanArgs = None,
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
    written = write_forms(
        plans_dir(), wanted or [], owner, day(as_of, "--as-of"), output, settings.lang, warn_left_out
    )
    for path in written:
        typer.echo(_("Wrote {path}").format(path=path))


@app.command(
    "collect",
    panel=RECORD,
    help=_(
        "Record what the returned 填报表 say, each row checked as update, done and note check it;"
        " a receipt per file, and the refused rows in a sheet to send back (exit 1).\n\n"
        "Examples:\n"
        "  rectify collect 养老服务科.xlsx\n"
        "  rectify collect returns/*.xlsx --dry-run"
    ),
)
def collect(
    files: Annotated[list[Path], typer.Argument(metavar=_("FILE"), help=_("Returned forms (.xlsx)."))],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=_("Check every row and say what would be recorded; record nothing.")),
    ] = False,
) -> None:
    """Collect returned forms (help text above, translated)."""
    from zibo_rectify.sheets.commands import collect_files

    lines, refused = collect_files(plans_dir(), files, dry_run)
    for line in lines:
        typer.echo(line)
    if refused:
        raise typer.Exit(int(ExitCode.PROBLEMS))


@app.command(
    "import",
    panel=SET_UP,
    help=_(
        "Draft a format-2 plan from a ledger (台账) an office keeps: items, owners, figures and"
        " deadlines read by the header's words, progress columns into the log; what could not be"
        " read is listed, and check says at its line what to fill (exit 1 until then).\n\n"
        "Examples:\n"
        "  rectify import 整改台账.xlsx -o plans/xuncha-2023.yaml\n"
        "  rectify import 进度表.xlsx --sheet 进度 -o plans/minsheng-2023.yaml"
    ),
)
def import_ledger(
    ledger: Annotated[Path, typer.Argument(metavar=_("LEDGER"), help=_("The ledger (.xlsx)."))],
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar=_("FILE"), help=_("The plan to write: plans/ID.yaml."))
    ],
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", metavar=_("SHEET"), help=_("The sheet (default: the first with a header).")),
    ] = None,
) -> None:
    """Draft a plan from a ledger (help text above, translated)."""
    from zibo_rectify.sheets.commands import import_ledger as draft_plan

    lines, passes = draft_plan(ledger, sheet, output)
    for line in lines:
        typer.echo(line)
    if not passes:
        raise typer.Exit(int(ExitCode.PROBLEMS))
