"""The check command: every problem in the plans and their logs, with file, line and column."""

# No `from __future__ import annotations`: Typer reads these signatures when it builds the commands.

from pathlib import Path
from typing import Annotated

import typer

from zibo_rectify.cli.app import CHECK, app
from zibo_rectify.cli.common import check_format, check_level, plans_dir
from zibo_rectify.cli.options import FailOn
from zibo_rectify.completion import formats
from zibo_rectify.i18n import _, ngettext


@app.command(
    "check",
    panel=CHECK,
    help=_(
        "Validate plans and their logs; list every problem with file, line and column.\n\n"
        "Exit 0 when all is well, 1 when problems were found, 2 when a file cannot be read.\n\n"
        "Examples:\n"
        "  rectify check\n"
        "  rectify check plans/zibo-minzheng-2022.yaml --format json\n"
        "  rectify check --format github --lang zh"
    ),
)
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
    fail_on: FailOn = None,
) -> None:
    """Validate plans and logs (help text above, translated)."""
    from zibo_rectify.check import check_paths

    check_format(output, ("text", "json", "github"), _("use text, json or github"))
    check_level(fail_on)
    result = check_paths(list(paths) if paths else [plans_dir()], fail_on)
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
        from zibo_rectify.render.diagnostic import diagnostic_text
        from zibo_rectify.screen import console

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
