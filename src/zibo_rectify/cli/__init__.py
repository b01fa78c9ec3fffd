"""The `rectify` command line: parse arguments, run the stages, turn errors into exit codes.

Every command is a thin shell over the stages, in a module per group of the help (record,
workflow, look, follow-up, report, check, set-up) and one for the units' sheets; the options
they share are declared once in `options`.  Domain code raises `RectifyError`; the app's
boundary prints its diagnostics to stderr and exits 2 (or 1 for `check`), so a user's mistake
never shows a traceback.
"""

import os
import sys

from zibo_rectify import i18n

# Help texts are built as the command modules are imported, so the language is chosen first.
i18n.use(i18n.choose(sys.argv[1:], os.environ))
if len(sys.argv) < 2 or {"--help", "-h"} & set(sys.argv[1:]):  # the panels load rich: only for help
    i18n.translate_help_panels()

# Importing a group's module registers its commands.
from zibo_rectify.cli import check, followup, look, record, report, setup, sheets, workflow  # noqa: E402
from zibo_rectify.cli.app import app, settings  # noqa: E402
from zibo_rectify.errors import ExitCode  # noqa: E402
from zibo_rectify.i18n import _  # noqa: E402

__all__ = ["app", "main", "check", "followup", "look", "record", "report", "setup", "sheets", "workflow"]


def main() -> None:
    """The console script: run the app; Ctrl-C, closed pipes and failed output get their own words."""
    # Pydantic looks for plugins among every installed package's entry points the first time it
    # builds a validator: a few milliseconds a start, for plugins rectify's own models never use.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from zibo_rectify.keeping import keep_to_exit
    from zibo_rectify.output import Guarded, prepare

    out = prepare()
    code: int | str | None = 0
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
    code = Guarded.finish(out, code, settings.done)
    keep_to_exit()
    raise SystemExit(code)
