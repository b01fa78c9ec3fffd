"""Whole-plan rules of plan format 2: categories, phases, goals that are other figures, parts.

Each rule returns findings as `model.plan_problems` does, (path, code, message,
fix), so `check` places them at their line; `plan_warnings` holds what is
allowed but worth a look (part goals that add up to more than the target's).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from zibo_rectify.i18n import _
from zibo_rectify.model import (
    Comparison,
    GoalOf,
    Kind,
    Plan,
    PlanFinding,
    Problem,
    Target,
    scaled_unit,
)

PLACEHOLDER = "待填写"  # what `rectify init` leaves where the document's words go

Path = tuple[str | int, ...]


def _targets(plan: Plan) -> Iterator[tuple[Path, Problem | None, Target]]:
    for index, target in enumerate(plan.targets):
        yield ("targets", index), None, target
    for p_index, problem in enumerate(plan.problems):
        for t_index, target in enumerate(problem.targets):
            yield ("problems", p_index, "targets", t_index), problem, target


def sums_parts(target: Target) -> bool:
    """Whether the target's value is the sum of its parts' (roll_up: sum; cumulative kinds by default)."""
    if not target.parts:
        return False
    return target.roll_up == "sum" or (target.roll_up is None and target.kind.cumulative)


def plan_findings(plan: Plan) -> list[PlanFinding]:
    """Every format-2 rule a plan breaks."""
    found: list[PlanFinding] = []
    labelled: list[tuple[Path, Any]] = [(p, t) for p, *__, t in _targets(plan)]
    labelled += [(("problems", i), problem) for i, problem in enumerate(plan.problems)]
    phase_ids = [phase.id for phase in plan.phases]
    for here, item in labelled:
        found.extend(_category(plan, item.category, here))
        if item.phase is not None and item.phase not in phase_ids:
            found.append(
                (
                    (*here, "phase"),
                    "unknown-phase",
                    _("the plan has no phase {phase!r}").format(phase=item.phase),
                    _("use one of the ids under phases: {ids}").format(ids=", ".join(phase_ids))
                    if phase_ids
                    else _("declare it under phases: [{id: …, name: …, end: …}]"),
                )
            )
    first_phase: dict[str, int] = {}
    for p_index, phase in enumerate(plan.phases):
        if first_phase.setdefault(phase.id, p_index) != p_index:
            found.append(
                (
                    ("phases", p_index, "id"),
                    "duplicate-phase-id",
                    _("the phase id {id!r} is used twice").format(id=phase.id),
                    _("ids must be unique within a plan"),
                )
            )
        if phase.start and phase.end and phase.end < phase.start:
            found.append(
                (
                    ("phases", p_index, "end"),
                    "reversed-phase",
                    _("the phase ends before it starts"),
                    _("swap the dates"),
                )
            )
    kinds = {t.id: t.kind for *__, t in _targets(plan)}
    for here, *__, target in _targets(plan):
        found.extend(_target_findings(plan, target, here, kinds))
    found.extend(_windows(plan))
    return found


def _category(plan: Plan, category: str | list[str] | None, here: Path) -> list[PlanFinding]:
    if category is None or not plan.categories:
        return []
    labels = (
        [((*here, "category"), category)]
        if isinstance(category, str)
        else [((*here, "category", i), label) for i, label in enumerate(category)]
    )
    return [
        (
            at,
            "unknown-category",
            _("{label!r} is not one of the plan's categories").format(label=label),
            _("use one of: {labels}, or add it to categories").format(labels=", ".join(plan.categories)),
        )
        for at, label in labels
        if label not in plan.categories
    ]


def _target_findings(plan: Plan, target: Target, here: Path, kinds: dict[str, Kind]) -> list[PlanFinding]:
    found: list[PlanFinding] = []
    goal = target.goal
    if isinstance(goal, GoalOf):
        if goal.of not in kinds:
            found.append(
                (
                    (*here, "goal", "of"),
                    "unknown-target",
                    _("the plan has no target {target!r}").format(target=goal.of),
                    _("give the id of an indicator of this plan"),
                )
            )
        elif kinds[goal.of] is not Kind.INDICATOR:
            found.append(
                (
                    (*here, "goal", "of"),
                    "goal-of-not-indicator",
                    _("{target!r} is a {kind}, not an indicator: a goal can only follow an indicator").format(
                        target=goal.of, kind=kinds[goal.of].value
                    ),
                    _("make {target} kind: indicator, or give a figure as the goal").format(target=goal.of),
                )
            )
    if target.tolerance is not None and target.comparison is not Comparison.ABOUT:
        found.append(
            (
                (*here, "tolerance"),
                "tolerance-without-about",
                _("a tolerance is for comparison: about (左右, 约)"),
                _("add comparison: about, or drop tolerance"),
            )
        )
    if target.tolerance is not None and target.tolerance < 0:
        found.append(
            (
                (*here, "tolerance"),
                "negative-tolerance",
                _("a tolerance cannot be negative"),
                _("give how far either side of the goal still counts, e.g. tolerance: 0.5"),
            )
        )
    if target.roll_up is not None and not target.parts:
        found.append(
            (
                (*here, "roll_up"),
                "roll-up-without-parts",
                _("roll_up says how parts make up the target, and this target has no parts"),
                _("add parts:, or drop roll_up"),
            )
        )
    for index, part in enumerate(target.parts):
        if part.goal is not None and part.goal < 0 and target.kind is not Kind.CHANGE:
            found.append(
                (
                    (*here, "parts", index, "goal"),
                    "negative-goal",
                    _("a goal cannot be negative"),
                    _("only a change (kind: change) may have a negative goal"),
                )
            )
    if target.until is not None and not target.ongoing:
        found.append(
            (
                (*here, "until"),
                "until-not-ongoing",
                _("until says how long an ongoing item is kept up, and this one is not ongoing"),
                _("add ongoing: true, or drop until"),
            )
        )
    if target.kind is Kind.COUNT and not scaled_unit(target.unit):
        figures: list[tuple[Path, float | None]] = [
            ((*here, "milestones", i, "value"), m.value) for i, m in enumerate(target.milestones)
        ]
        figures += [((*here, "parts", i, "goal"), p.goal) for i, p in enumerate(target.parts)]
        for at, value in figures:
            if value is not None and value != int(value):
                found.append(
                    (
                        at,
                        "count-not-whole",
                        _("a count is a whole number"),
                        _("a count takes decimals only in a scaled unit such as 万人 or 万口"),
                    )
                )
    found.extend(_milestones_above_goal(target, here))
    seen: dict[str, int] = {}
    for index, part in enumerate(target.parts):
        first = seen.setdefault(part.id, index)
        if first != index:
            found.append(
                (
                    (*here, "parts", index, "id"),
                    "duplicate-part-id",
                    _("the part id {id!r} is used twice in {target}").format(id=part.id, target=target.id),
                    _("part ids must be unique within their target"),
                )
            )
    shortfall = _part_goal_gap(target)
    if shortfall is not None and shortfall < 0:
        found.append(
            (
                (*here, "parts"),
                "part-goals-short",
                _("the parts' goals add up to {sum}, less than the target's goal {goal}").format(
                    sum=f"{_part_sum(target):g}", goal=f"{target.goal:g}"
                ),
                _("give the parts goals that add up to at least {goal}").format(goal=f"{target.goal:g}"),
            )
        )
    return found


def _part_sum(target: Target) -> float:
    return sum(p.goal or 0.0 for p in target.parts)


def _part_goal_gap(target: Target) -> float | None:
    """Parts' goals minus the target's, when the target sums its parts and every part has a goal."""
    if not sums_parts(target) or not isinstance(target.goal, int | float):
        return None
    if any(p.goal is None for p in target.parts):
        return None
    return round(_part_sum(target) - target.goal, 9)


def _milestones_above_goal(target: Target, here: Path) -> list[PlanFinding]:
    goal = target.goal
    if not target.kind.cumulative or goal is None or isinstance(goal, GoalOf):
        return []
    if target.comparison in (Comparison.AT_MOST, Comparison.LESS_THAN):
        return []
    top = goal[1] if isinstance(goal, tuple) else goal
    if target.comparison is Comparison.ABOUT:
        top += target.tolerance if target.tolerance is not None else abs(top) * 0.05
    return [
        (
            (*here, "milestones", index, "value"),
            "milestone-above-goal",
            _("milestone {value} is above the goal {goal}").format(value=f"{m.value:g}", goal=f"{top:g}"),
            _("a cumulative figure's milestones lead up to its goal: lower the milestone or raise the goal"),
        )
        for index, m in enumerate(target.milestones)
        if m.value > top
    ]


def _windows(plan: Plan) -> list[PlanFinding]:
    period = plan.period
    span = _("{start} to {end}").format(start=period.start, end=period.end)
    found: list[PlanFinding] = []
    for p_index, problem in enumerate(plan.problems):
        for w_index, window in enumerate(problem.windows):
            for name, day in (("start", window.start), ("due", window.due)):
                if not period.start <= day <= period.end:
                    found.append(
                        (
                            ("problems", p_index, "windows", w_index, name),
                            "outside-period",
                            _("window {name} {date} is outside the plan period {span}").format(
                                name=name, date=day, span=span
                            ),
                            _("move the window inside the period, or widen the period"),
                        )
                    )
    return found


def plan_warnings(plan: Plan) -> list[PlanFinding]:
    """What a plan may say but a reader should look at again: parts given more than the whole."""
    found: list[PlanFinding] = []
    for here, *__, target in _targets(plan):
        gap = _part_goal_gap(target)
        if gap is not None and gap > 0:
            found.append(
                (
                    (*here, "parts"),
                    "part-goals-over",
                    _("the parts' goals add up to {sum}, more than the target's goal {goal}").format(
                        sum=f"{_part_sum(target):g}", goal=f"{target.goal:g}"
                    ),
                    _("fine when the parts were given more on purpose (超额分解); otherwise lower them"),
                )
            )
    return found


def placeholders(data: Any, path: Path = ()) -> Iterator[Path]:
    """The paths of values that still hold rectify init's placeholder 待填写."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from placeholders(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from placeholders(value, (*path, index))
    elif isinstance(data, str) and PLACEHOLDER in data:
        yield path
