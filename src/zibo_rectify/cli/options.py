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


def choose_known_at(value: str | None) -> str | None:
    """--known-at takes effect where plans and logs are read (knownat), parsed when first used."""
    from zibo_rectify import knownat

    knownat.choose(value)
    return value


PlanArg = Annotated[
    str | None,
    typer.Argument(
        metavar=_("PLAN"),
        help=_("A plan id; every plan in the folder if left out."),
        autocompletion=plan_ids,
        show_default=False,
    ),
]
PlanArgs = Annotated[
    list[str] | None,
    typer.Argument(
        metavar=_("PLAN"), help=_("Plan ids; every plan in the folder if left out."), autocompletion=plan_ids
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
Category = Annotated[
    str | None,
    typer.Option(
        "--category",
        metavar=_("LABEL"),
        help=_("Only targets with this category label (分类), e.g. 立行立改."),
    ),
]
Phase = Annotated[
    str | None,
    typer.Option("--phase", metavar=_("PHASE"), help=_("Only targets in this phase (阶段): its id or name.")),
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
        callback=choose_known_at,
        show_default=False,
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
Verdict = Annotated[
    str | None,
    typer.Option(
        "--verdict",
        metavar=_("WORD"),
        help=_(
            "The office's own word on its pace: 提前, 按序时, 推进缓慢 or 严重滞后"
            " (ahead, on_track, slow, stalled)."
        ),
    ),
]
Yes = Annotated[bool, typer.Option("--yes", help=_("Do not ask for confirmation (for scripts)."))]
