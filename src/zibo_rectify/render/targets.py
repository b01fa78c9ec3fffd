"""`rectify targets`: every target a user can type, a row each, its goal phrased as every view does."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.table import Table

from zibo_rectify.i18n import N_, _
from zibo_rectify.model import GoalOf, Plan
from zibo_rectify.present import phrase
from zibo_rectify.present.build import indicator_name, owner_row
from zibo_rectify.present.labels import NO_DEADLINE
from zibo_rectify.render.cells import cell
from zibo_rectify.status.filters import EVERY_TARGET, Scope, is_problem


def print_targets(
    out: Console, plans: Iterable[Plan], problem: str | None, kind: str | None, scope: Scope = EVERY_TARGET
) -> None:
    """Every target a user can type, a row each: number, name, id, kind, unit, goal, due, owners."""
    from zibo_rectify.i18n import kind_label

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header, options in (
        (N_("No."), {"no_wrap": True, "justify": "right"}),
        (N_("Target"), {"overflow": "fold", "ratio": 3}),
        (N_("Id"), {"no_wrap": True}),  # what is typed: never broken
        (N_("Kind"), {"no_wrap": True}),
        (N_("Goal"), {"no_wrap": True}),
        (N_("Due"), {"no_wrap": True}),
        (N_("Owners"), {"overflow": "fold", "ratio": 2}),
    ):
        table.add_column(_(header), **options)
    chosen = list(plans)
    number = 0
    for plan in chosen:
        kept = scope.targets(plan)
        for p, target in plan.all_targets():
            if (
                (problem is not None and not is_problem(p, problem))
                or (kind is not None and target.kind.value != kind)
                or (kept is not None and target.id not in kept)
            ):
                continue
            number += 1
            goal = target.goal
            of_name = indicator_name(plan, goal.of) if isinstance(goal, GoalOf) else None
            low, high = (
                goal
                if isinstance(goal, tuple)
                else (None, None)
                if isinstance(goal, GoalOf)
                else (goal, None)
            )
            shown_goal = (
                ""
                if target.kind.value in ("task", "indicator")
                else phrase.goal_phrase(
                    target.comparison.value, low, high, target.unit, target.kind.value, of_name
                )
            )
            due = plan.target_due(target, p)
            owners = phrase.owners_phrase([owner_row(o) for o in plan.owners_of(p, target) if o.name != "X"])
            ident = f"{plan.id}/{target.id}" if len(chosen) > 1 else target.id
            table.add_row(
                str(number),
                cell(target.name, "bold"),
                cell(ident, "dim"),
                kind_label(target.kind.value),
                cell(shown_goal),
                str(due) if due else NO_DEADLINE,
                cell(owners),
            )
    if not number:
        out.print(_("No targets match."))
        return
    out.print(table)
