"""The report command: the ledger (整改台账), the report (通报) and the exports, as of a day."""

# No `from __future__ import annotations`: Typer reads these signatures when it builds the commands.

from pathlib import Path
from typing import Annotated

import typer

from zibo_rectify.cli.app import REPORT, app, settings
from zibo_rectify.cli.common import day_or_today, plans_dir, since_of, warn_left_out
from zibo_rectify.cli.options import DATE, AsOf, Category, KnownAt, Owner, Phase, PlanArgs
from zibo_rectify.i18n import _


@app.command(
    "report",
    panel=REPORT,
    help=_(
        "Write the ledger (整改台账), the report (通报) or an export, as of a day, from the plans' logs.\n\n"
        "Formats: md, html (one offline page with charts), csv and xlsx (the ledger), docx (公文 layout),"
        " jsonl and parquet (for DuckDB and scripts).\n\n"
        "Examples:\n"
        "  rectify report --format xlsx --as-of 2022-11-01 -o 整改台账.xlsx\n"
        "  rectify report zibo-minzheng-2022 --format md"
    ),
)
def report(
    wanted: PlanArgs = None,
    output_format: Annotated[
        str,
        typer.Option("--format", metavar=_("FORMAT"), help=_("md, html, csv, xlsx, docx, jsonl or parquet.")),
    ] = "md",
    as_of: AsOf = None,
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
    owner: Owner = None,
    category: Category = None,
    phase: Phase = None,
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
            help=_(
                "The last report: adds what was recorded since, a date (from its start) or a time"
                " (its basis line's)."
            ),
        ),
    ] = None,
    known_at: KnownAt = None,
) -> None:
    """Write a report (help text above, translated)."""
    from zibo_rectify.report import make
    from zibo_rectify.status.filters import Scope

    folder = plans_dir()
    data = make.produce(
        folder,
        wanted or [],
        day_or_today(as_of, "--as-of"),
        output_format,
        lang=lang or settings.lang,
        owner=owner,
        template=template,
        what=what,
        since=since_of(since),
        warn=warn_left_out,
        scope=Scope(category, phase),
    )
    make.write(data, output, output_format, folder)
