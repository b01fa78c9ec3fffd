"""Every argument and option that more than one command takes, declared once: its flag, metavar,
help and completion are the same wherever it appears.

Typer reads these aliases as the commands' annotations; a command's own option, one no other
command has, is declared in the command's signature.
"""

# No `from __future__ import annotations`: Typer reads these aliases when it builds the commands.

from typing import Annotated

import typer

from zibo_rectify.completion import owner_names, part_names, plan_ids, problem_ids, target_ids
from zibo_rectify.i18n import _

DATE = _("DATE")  # the metavar of every option that takes a day

PlanArg = Annotated[
    str | None,
    typer.Argument(
        metavar=_("PLAN"),
        help=_("A plan id; every plan in the folder if left out."),
        autocompletion=plan_ids,
        show_default=False,
    ),
]
TargetArg = Annotated[
    str,
    typer.Argument(
        metavar=_("TARGET"), help=_("Target id, alias or name, or plan-id/target."), autocompletion=target_ids
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option("--as-of", metavar=DATE, help=_("The day to judge on, YYYY-MM-DD (default: today).")),
]
Problem = Annotated[
    str | None,
    typer.Option(
        "--problem",
        metavar=_("PROBLEM"),
        help=_("Only this problem's targets (its id or title), in the plans that have it."),
        autocompletion=problem_ids,
    ),
]
Owner = Annotated[
    str | None,
    typer.Option(
        "--owner",
        metavar=_("UNIT"),
        help=_("Only targets this unit or person is named for."),
        autocompletion=owner_names,
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help=_("Print JSON instead of text."))]
JsonArray = Annotated[
    bool,
    typer.Option("--json-array", help=_("Print the JSON as an array of plans, even for one plan.")),
]
FailOn = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        metavar=_("LEVEL"),
        help=_("Exit 1 when a target is at this warning level or above today: blue, yellow or red."),
    ),
]

# What a recorded entry carries.
EntryDate = Annotated[
    str | None,
    typer.Option("--date", metavar=DATE, help=_("The day it is true of (default: today).")),
]
Note = Annotated[
    str | None, typer.Option("--note", metavar=_("TEXT"), help=_("What happened, e.g. 第二批验收."))
]
RecordedBy = Annotated[
    str | None,
    typer.Option("--by", metavar=_("NAME"), help=_("Who records it (default: RECTIFY_BY).")),
]
SignedBy = Annotated[
    str,
    typer.Option("--by", metavar=_("NAME"), help=_("Who signs it off or reviews it: a person or office.")),
]
Evidence = Annotated[
    list[str] | None,
    typer.Option(
        "--evidence",
        metavar=_("REF"),
        help=_("Proof (佐证材料): a file in the plans repository, a URL or a 文号; may be repeated."),
    ),
]
Reason = Annotated[str, typer.Option("--reason", metavar=_("TEXT"), help=_("Why, in a few words."))]
Part = Annotated[
    str | None,
    typer.Option(
        "--part",
        metavar=_("PART"),
        help=_("The part (任务分解) it belongs to: its id or name, e.g. 张店区."),
        autocompletion=part_names,
    ),
]
Expected = Annotated[
    str | None,
    typer.Option("--expected", metavar=DATE, help=_("The expected completion date (预计完成), YYYY-MM-DD.")),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help=_("Print nothing when it is recorded."))]
