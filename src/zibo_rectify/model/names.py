"""Finding a plan's targets and parts by what people type, and naming them in messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from zibo_rectify.i18n import _
from zibo_rectify.model.plan import Part, Plan, Target


def targets_by_name(plan: Plan) -> dict[str, Target]:
    """Every id, alias and name of the plan's targets; an id wins over an alias, an alias over a name."""
    targets = [target for __, target in plan.all_targets()]
    names = {target.id: target for target in targets}
    for target in targets:
        for alias in target.aliases:
            names.setdefault(alias, target)
    for target in targets:
        names.setdefault(target.name, target)
    return names


def named(target: Target) -> str:
    """A target in a message: its name, and beside it the id that is typed and stored."""
    return _("{name} ({id})").format(name=target.name, id=target.id)


def named_part(target: Target, part_id: str | None) -> str:
    """A target, or one of its parts, in a message: 长者食堂 (canteens) [博山区]; the part's id when
    the plan no longer has it."""
    if part_id is None:
        return named(target)
    part = next((p for p in target.parts if p.id == part_id), None)
    return f"{named(target)} [{part_id if part is None else part.name}]"


def target_by_id(plan: Plan, target_id: str) -> Target | None:
    """The target a log entry names, if the plan (still) has it."""
    return next((t for __, t in plan.all_targets() if t.id == target_id), None)


def named_id(plan: Plan, target_id: str) -> str:
    """The target a log entry names, as `named` writes it; the bare id when the plan has no such target."""
    found = target_by_id(plan, target_id)
    return target_id if found is None else named(found)


def parts_by_name(target: Target) -> dict[str, Part]:
    """Every id, alias and name of a target's parts (张店区), in the same order of precedence."""
    names: dict[str, Part] = {part.id: part for part in target.parts}
    for part in target.parts:
        for alias in part.aliases:
            names.setdefault(alias, part)
    for part in target.parts:
        names.setdefault(part.name, part)
    return names


def part_list(target: Target) -> str:
    return ", ".join(f"{part.id} ({part.name})" for part in target.parts)


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return _("did you mean {name}?").format(name=close[0]) if close else None
