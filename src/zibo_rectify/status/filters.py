"""Which targets a view shows, one rule for every view: by problem, state, owner, category, phase,
person and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, Self, TypeVar, cast

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _
from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Phase, Plan, Problem, Target
from zibo_rectify.status.records import PlanStatus

Item = TypeVar("Item")


Lists = TypeVar("Lists", bound=tuple[Any, ...])  # a NamedTuple: its lists are about targets


def is_problem(problem: Problem | None, word: str) -> bool:
    """Whether `word` names this problem: its id, or its title as the plan writes it."""
    return problem is not None and word in (problem.id, problem.title)


def owner_names(plan: Plan, problem: Problem | None, target: Target) -> set[str]:
    """Every unit or person named as an owner of the target, inherited ones included, and the
    owners of its parts (张店区民政局 owns a part of the city's canteens)."""
    parts = {owner.name for part in target.parts for owner in part.owners}
    return {owner.name for owner in plan.owners_of(problem, target)} | parts


def owned_targets(plan: Plan, owner: str) -> set[str]:
    """The ids of the targets `owner` is named for, in any role."""
    return {t.id for p, t in plan.all_targets() if owner in owner_names(plan, p, t)}


def categories_of(problem: Problem | None, target: Target) -> list[str]:
    """The target's category labels (分类), else its problem's: one label or a list, as a list."""
    labels = target.category or (problem.category if problem is not None else None) or []
    return [labels] if isinstance(labels, str) else list(labels)


def phase_of(plan: Plan, problem: Problem | None, target: Target) -> Phase | None:
    """The phase (阶段) the target is in, its own or its problem's."""
    phase_id = target.phase or (problem.phase if problem is not None else None)
    return next((p for p in plan.phases if p.id == phase_id), None)


def in_structure(
    plan: Plan, problem: Problem | None, target: Target, category: str | None, phase: str | None
) -> bool:
    """Whether the target has the category label and is in the phase (by id or name) asked for."""
    if category is not None and category not in categories_of(problem, target):
        return False
    if phase is None:
        return True
    found = phase_of(plan, problem, target)
    return found is not None and phase in (found.id, found.name)


class Scope(NamedTuple):
    """Where in a plan's structure a view looks: a category label (分类) and a phase (阶段), each
    only when asked.  Every view narrows by it the same way: the targets it keeps, and what is
    about them (entries, warnings, figures owed, changes)."""

    category: str | None = None
    phase: str | None = None

    def checked(self, plans: Iterable[Plan]) -> Self:
        """The scope, once known to the plans: a category or phase no plan declares is a typo,
        said with what there is."""
        plans = list(plans)
        if self.category is not None:
            known = sorted(
                {label for plan in plans for p, t in plan.all_targets() for label in categories_of(p, t)}
                | {label for plan in plans for label in plan.categories}
            )
            if self.category not in known:
                raise usage_error(
                    "unknown-category",
                    _("no target has the category {category!r}").format(category=self.category),
                    _("categories: {labels}").format(labels=", ".join(known) or "—"),
                )
        if self.phase is not None:
            phases = [p for plan in plans for p in plan.phases]
            if not any(self.phase in (p.id, p.name) for p in phases):
                raise usage_error(
                    "unknown-phase",
                    _("no plan has the phase {phase!r}").format(phase=self.phase),
                    _("phases: {names}").format(names=", ".join(f"{p.id} ({p.name})" for p in phases) or "—"),
                )
        return self

    def targets(self, plan: Plan) -> set[str] | None:
        """The ids of the plan's targets in the category and phase asked for; None when neither is."""
        if self.category is None and self.phase is None:
            return None
        return {t.id for p, t in plan.all_targets() if in_structure(plan, p, t, self.category, self.phase)}

    def only(self, plan: Plan, items: Iterable[Item], target_of: Callable[[Item], str]) -> list[Item]:
        """The items (entries, warnings, figures owed) about a target in the scope."""
        kept = self.targets(plan)
        return list(items) if kept is None else [i for i in items if target_of(i) in kept]

    def each(self, plan: Plan, lists: Lists) -> Lists:
        """A record of lists (the changes of a span) with only the items about targets in the scope."""
        kept = self.targets(plan)
        if kept is None:
            return lists
        fields = getattr(lists, "_fields")  # noqa: B009 - any NamedTuple of lists
        kept_lists = {
            name: [i for i in value if i.target in kept]
            for name, value in zip(fields, lists, strict=True)
            if isinstance(value, list)
        }
        return cast(Lists, getattr(lists, "_replace")(**kept_lists))  # noqa: B009

    def narrow(self, status: PlanStatus) -> PlanStatus:
        """The status with only the targets in the scope; its summary stays the plan's."""
        kept = self.targets(status.plan)
        return status if kept is None else status.only(lambda t: t.target.id in kept)


EVERY_TARGET = Scope()  # no category, no phase: the views' default


def with_problem(plans: list[Plan], problem: str | None) -> list[Plan]:
    """The plans that have the problem `problem` (all plans when None); none of them is an error."""
    if problem is None:
        return plans
    having = [plan for plan in plans if any(is_problem(p, problem) for p in plan.problems)]
    if having:
        return having
    from zibo_rectify.model import suggest

    known = sorted({p.id for plan in plans for p in plan.problems})
    where = plans[0].id if len(plans) == 1 else _("any plan")
    raise usage_error(
        "unknown-problem",
        _("there is no problem {problem!r} in {where}").format(problem=problem, where=where),
        suggest(problem, known) or _("problems: {ids}").format(ids=", ".join(known)),
    )


def narrow_status(
    status: PlanStatus,
    problem: str | None,
    states: set[str] | None,
    owner: str | None,
    category: str | None = None,
    phase: str | None = None,
) -> PlanStatus:
    """The status with only the targets of a problem, in some states, of an owner, a category, a phase."""
    owned = owned_targets(status.plan, owner) if owner is not None else None
    placed = Scope(category, phase).targets(status.plan)
    if problem is None and states is None and owned is None and placed is None:
        return status
    return status.only(
        lambda t: (
            (problem is None or is_problem(t.problem, problem))
            and (states is None or any(t.shows(word) for word in states))
            and (owned is None or t.target.id in owned)
            and (placed is None or t.target.id in placed)
        )
    )


def entry_wanted(
    entry: ProgressEntry,
    target: str | None,
    since: dt.date | None,
    until: dt.date | None,
    by: str | None,
    targets: Iterable[str] | None = None,
) -> bool:
    """Whether a log entry is one `log` was asked for."""
    return (
        (target is None or entry.target == target)
        and (since is None or entry.date >= since)
        and (until is None or entry.date <= until)
        and (by is None or entry.by == by)
        and (targets is None or entry.target in targets)
    )
