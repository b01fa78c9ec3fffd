"""Commands that set a plans repository up: schema (for editors and CI) and init (a new plan)."""

# No `from __future__ import annotations`: Typer reads these signatures when it builds the commands.

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from zibo_rectify.cli.app import SET_UP, app, settings
from zibo_rectify.cli.common import confirm_done
from zibo_rectify.errors import RectifyError, usage_error
from zibo_rectify.i18n import _


@app.command(
    "schema",
    panel=SET_UP,
    help=_(
        "Print the JSON Schema of the plan file or the progress log, for editors and CI.\n\n"
        "Examples:\n"
        "  rectify schema > schema/plan.schema.json\n"
        "  rectify schema log > schema/progress.schema.json"
    ),
)
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
    "init",
    panel=SET_UP,
    help=_(
        "Start a new plan: a commented skeleton, an empty log, the JSON Schemas its first line points"
        " at, and union merges for logs in git.\n\n"
        "Examples:\n"
        "  rectify init zibo-minzheng-2023 --title 市民政局2023年整改方案\n"
        "  rectify init audit-2023 --kind list --plans plans"
    ),
)
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
    confirm_done(_("wrote {path}").format(path=", ".join(map(str, written))), quiet=True)
    for path in written:
        typer.echo(inert(_("wrote {path}").format(path=path)))
    typer.echo(inert(_("Fill in {path}, then run: rectify check").format(path=written[0])))
