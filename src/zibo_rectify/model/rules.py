"""The plan's rules across fields: what Pydantic's checks of one field cannot see.

Each rule returns findings (path, code, message, fix) instead of stopping at
the first, so `check` places them at their lines and one run shows them all.
`plan_problems` holds the rules of every format; `plan_findings` those of plan
format 2 (categories, phases, goals that are other figures, parts);
`plan_warnings` what is allowed but worth a look (part goals that add up to
more than the target's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from zibo_rectify.i18n import _, kind_label
from zibo_rectify.model.plan import (
    NO_DEADLINE,
    Comparison,
    GoalOf,
    Kind,
    Owner,
    Period,
    Plan,
    Problem,
    Role,
    Target,
    scaled_unit,
)

# (path inside the plan, code, message, fix)
PlanFinding = tuple[tuple[str | int, ...], str, str, str | None]


def plan_problems(
    plan: Plan, written: Mapping[str, Any], file_stem: str | None, written_ids: set[str] | None = None
) -> list[PlanFinding]:
    """Every cross-field problem in a plan that Pydantic's field checks cannot see.

    `written` is the mapping the plan was made of, which tells a key left out
    from one given its default value.  `written_ids` are target ids the file
    spells out, valid or not, so that a reference to a target that failed its
    own checks is not reported twice.
    """
    found: list[PlanFinding] = []
    if file_stem is not None and plan.id != file_stem:
        found.append(
            (
                ("id",),
                "id-not-file-name",
                _("the plan id {plan!r} differs from the file name {stem!r}").format(
                    plan=plan.id, stem=file_stem
                ),
                _("rename the file to {plan}.yaml or set id: {stem}").format(plan=plan.id, stem=file_stem),
            )
        )
    period = plan.period
    if period.end < period.start:
        found.append(
            (("period",), "reversed-period", _("the period ends before it starts"), _("swap the dates"))
        )
    found.extend(_format_problems(plan, written))
    names: dict[str, str] = {}
    groups: list[tuple[tuple[str | int, ...], Problem | None, list[Target]]] = [((), None, plan.targets)]
    groups += [(("problems", i), problem, problem.targets) for i, problem in enumerate(plan.problems)]
    for here, owner, targets in groups:
        measure_numbers = {m.number for m in owner.measures} if owner is not None else set()
        for t_index, target in enumerate(targets):
            there = (*here, "targets", t_index)
            for alias in target.aliases:
                if alias in names and names[alias] != target.id:
                    found.append(
                        (
                            (*there, "aliases"),
                            "duplicate-alias",
                            _("the alias {alias!r} also names the target {target!r}").format(
                                alias=alias, target=names[alias]
                            ),
                            _("give each alias to one target only"),
                        )
                    )
                names.setdefault(alias, target.id)
            if owner is not None and target.measure is not None and target.measure not in measure_numbers:
                found.append(
                    (
                        (*there, "measure"),
                        "unknown-measure",
                        _("problem {problem!r} has no measure number {number}").format(
                            problem=owner.id, number=target.measure
                        ),
                        _("use one of {numbers}").format(numbers=sorted(measure_numbers))
                        if measure_numbers
                        else None,
                    )
                )
            found.extend(_target_problems(plan, target, there))
    for p_index, problem in enumerate(plan.problems):
        here = ("problems", p_index)
        for w_index, window in enumerate(problem.windows):
            w_here = (*here, "windows", w_index)
            if window.due < window.start:
                found.append(
                    ((*w_here, "due"), "due-before-start", _("the window ends before it starts"), None)
                )
            known = {t.id for t in problem.targets}
            for i, ref in enumerate(window.targets):
                if ref not in known and ref not in (written_ids or ()):
                    found.append(
                        (
                            (*w_here, "targets", i),
                            "unknown-target",
                            _("problem {problem!r} has no target {target!r}").format(
                                problem=problem.id, target=ref
                            ),
                            _("list only ids of this problem's targets"),
                        )
                    )
    return found


# Fields a format-1 file may not use: a file that uses them says `schema_version: 2`, so that a
# reader (or an older rectify) never takes a format-2 plan for one it understands fully.
FORMAT_2_FIELDS: dict[type, frozenset[str]] = {
    Plan: frozenset(
        {"document", "categories", "phases", "targets", "review", "signoff", "warnings", "events", "tallies"}
    ),
    Problem: frozenset({"number", "category", "phase"}),
    Target: frozenset(
        {
            "number",
            "category",
            "phase",
            "due_stated",
            "expected_start",
            "tolerance",
            "until",
            "cadence",
            "repeat",
            "parts",
            "roll_up",
            "review",
        }
    ),
}
FORMAT_2_KINDS = frozenset({Kind.CHANGE, Kind.INDICATOR})
FORMAT_2_COMPARISONS = frozenset({Comparison.MORE_THAN, Comparison.LESS_THAN, Comparison.ABOUT})
FORMAT_2_ROLES = frozenset({Role.CO_LEAD, Role.PERSON, Role.GROUP})


def _format_problems(plan: Plan, written: Mapping[str, Any]) -> list[PlanFinding]:
    """Format 1 says what it always said; what only format 2 can say needs `schema_version: 2`."""
    if plan.schema_version == 2:
        return []
    found: list[PlanFinding] = []
    if "problems" not in written:
        found.append(
            (
                (),
                "missing-field",
                _("the field {field!r} is missing").format(field="problems"),
                _("add {key}:").format(key="problems"),
            )
        )
    if plan.issuer is None:
        found.append(
            (
                ("issuer",),
                "missing-field",
                _("a format-1 plan names its issuer"),
                _("add issuer:, or set schema_version: 2, where it is optional"),
            )
        )

    def need_v2(path: tuple[str | int, ...], what: str) -> None:
        found.append(
            (
                path,
                "format-2-field",
                _("{what} is part of plan format 2").format(what=what),
                _("set schema_version: 2 at the top of the file"),
            )
        )

    def fields(model: object, path: tuple[str | int, ...]) -> None:
        given: Any = written
        for step in path:  # the plan was made of `written`, so its paths are the mapping's
            given = given[step]
        for name in sorted(set(given) & FORMAT_2_FIELDS.get(type(model), frozenset())):
            need_v2((*path, name), name)

    def target(t: Target, path: tuple[str | int, ...]) -> None:
        fields(t, path)
        if t.kind in FORMAT_2_KINDS:
            need_v2((*path, "kind"), f"kind: {t.kind.value}")
        if t.comparison in FORMAT_2_COMPARISONS:
            need_v2((*path, "comparison"), f"comparison: {t.comparison.value}")
        if isinstance(t.goal, GoalOf) or t.due == NO_DEADLINE:
            need_v2((*path, "goal" if isinstance(t.goal, GoalOf) else "due"), _("this value"))
        owners(t.owners, (*path, "owners"))

    def owners(listed: list[Owner], path: tuple[str | int, ...]) -> None:
        for index, owner in enumerate(listed):
            if owner.role in FORMAT_2_ROLES:
                need_v2((*path, index, "role"), f"role: {owner.role.value}")

    fields(plan, ())
    owners(plan.owners, ("owners",))
    for p_index, problem in enumerate(plan.problems):
        fields(problem, ("problems", p_index))
        owners(problem.owners, ("problems", p_index, "owners"))
        for m_index, measure in enumerate(problem.measures):
            if measure.title is None:
                need_v2(("problems", p_index, "measures", m_index), _("a measure without a title"))
        for t_index, t in enumerate(problem.targets):
            target(t, ("problems", p_index, "targets", t_index))
    return found


def _span(period: Period) -> str:
    """The plan period as a finding words it, worded only for a finding (most targets have none)."""
    return _("{start} to {end}").format(start=period.start, end=period.end)


def _target_problems(plan: Plan, target: Target, here: tuple[str | int, ...]) -> list[PlanFinding]:
    found: list[PlanFinding] = []
    period = plan.period
    start = plan.target_start(target)
    due = target.due if isinstance(target.due, dt.date) else None

    def outside(day: dt.date) -> bool:
        return not period.start <= day <= period.end

    if target.start and outside(target.start):
        found.append(
            (
                (*here, "start"),
                "outside-period",
                _("start {start} is outside the plan period {span}").format(start=start, span=_span(period)),
                None,
            )
        )
    if due and outside(due):
        found.append(
            (
                (*here, "due"),
                "outside-period",
                _("due {due} is outside the plan period {span}").format(due=due, span=_span(period)),
                None,
            )
        )
    if due and due < start:
        found.append(
            (
                (*here, "due"),
                "due-before-start",
                _("due {due} is before start {start}").format(due=due, start=start),
                None,
            )
        )

    kind = target.kind
    goal = target.goal
    if kind is Kind.TASK:
        if goal is not None or target.milestones or target.unit:
            found.append(
                (
                    (*here, "kind"),
                    "task-with-figure",
                    _("a task is done or not: it takes no goal, unit or milestones"),
                    _("make it a count, amount, quantity or rate, or drop the figures"),
                )
            )
        return found
    if kind is Kind.INDICATOR:
        if goal is not None or target.milestones:
            found.append(
                (
                    (*here, "kind"),
                    "indicator-with-goal",
                    _("an indicator is a figure tracked without a goal: it takes no goal or milestones"),
                    _("give it another kind, or drop the goal"),
                )
            )
        return found
    if goal is None:
        found.append(
            (
                (*here, "goal"),
                "missing-goal",
                _("a {kind} target needs a goal").format(kind=kind_label(kind.value)),
                None,
            )
        )
        return found
    if isinstance(goal, GoalOf):
        return found
    if isinstance(goal, tuple) != (target.comparison is Comparison.RANGE):
        found.append(
            (
                (*here, "goal"),
                "goal-comparison",
                _("a range goal is written [low, high] with comparison: range, and only then"),
                None,
            )
        )
        return found
    bounds = goal if isinstance(goal, tuple) else (goal,)
    if isinstance(goal, tuple) and goal[0] > goal[1]:
        found.append(
            ((*here, "goal"), "reversed-range", _("the range's low end is above its high end"), None)
        )
    for value in bounds:
        if value < 0 and kind is not Kind.CHANGE:
            found.append(((*here, "goal"), "negative-goal", _("a goal cannot be negative"), None))
        elif kind is Kind.RATE and value > 100:
            found.append(((*here, "goal"), "rate-over-100", _("a rate is a percentage: 0 to 100"), None))
        elif kind is Kind.COUNT and value != int(value) and not scaled_unit(target.unit):
            found.append(
                (
                    (*here, "goal"),
                    "count-not-whole",
                    _("a count is a whole number"),
                    _("a count takes decimals only in a scaled unit such as 万人 or 万口"),
                )
            )

    previous: float | None = None
    for m_index, milestone in enumerate(target.milestones):
        m_here = (*here, "milestones", m_index)
        if outside(milestone.by):
            found.append(
                (
                    (*m_here, "by"),
                    "outside-period",
                    _("milestone date {date} is outside the plan period {span}").format(
                        date=milestone.by, span=_span(period)
                    ),
                    None,
                )
            )
        if due and milestone.by > due:
            found.append(
                (
                    (*m_here, "by"),
                    "milestone-after-due",
                    _("milestone date {date} is after the target's due date {due}").format(
                        date=milestone.by, due=due
                    ),
                    _("move the milestone before the due date, or the due date later"),
                )
            )
        if milestone.by < start:
            found.append(
                (
                    (*m_here, "by"),
                    "milestone-before-start",
                    _("milestone date {date} is before the start {start}").format(
                        date=milestone.by, start=start
                    ),
                    None,
                )
            )
        if kind.cumulative and previous is not None and milestone.value < previous:
            found.append(
                (
                    (*m_here, "value"),
                    "milestones-decrease",
                    _("milestone {value} is below the one before it ({previous})").format(
                        value=f"{milestone.value:g}", previous=f"{previous:g}"
                    ),
                    _("a cumulative figure only grows: list milestones in date order, growing"),
                )
            )
        previous = milestone.value
    dates = [m.by for m in target.milestones]
    if dates != sorted(dates):
        found.append(
            (
                (*here, "milestones"),
                "milestones-order",
                _("milestones are not in date order"),
                _("sort them by date"),
            )
        )
    return found


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
    found.extend(_tallies_and_events(plan))
    kinds = {t.id: t.kind for *__, t in _targets(plan)}
    for here, *__, target in _targets(plan):
        found.extend(_target_findings(plan, target, here, kinds))
    found.extend(_windows(plan))
    return found


def _tallies_and_events(plan: Plan) -> list[PlanFinding]:
    """A tally's counts fit in its total (其他… needs one); an event ends on or after its date."""
    found: list[PlanFinding] = []
    for index, t in enumerate(plan.tallies):
        listed = sum(n or 0 for n in (t.done, t.ahead, t.on_track, t.slow, t.stalled))
        if t.total is not None and listed > t.total:
            message = _("the counts add up to {listed}, more than the total {total}")
            found.append(
                (("tallies", index), "tally-over-total", message.format(listed=listed, total=t.total), None)
            )
        if t.rest is not None and t.total is None:
            message = _("rest says what the others are, but no total says how many there are")
            found.append((("tallies", index, "rest"), "rest-without-total", message, _("add total: (共N项)")))
    for index, event in enumerate(plan.events):
        if event.end is not None and event.end < event.date:
            found.append(
                (("events", index, "end"), "reversed-event", _("the event ends before it starts"), None)
            )
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
                                name=name, date=day, span=_span(period)
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


def placeholders(data: Mapping[str, Any]) -> list[Path]:
    """The paths of values that still hold rectify init's placeholder 待填写: a path is made only
    for a list or mapping gone into and a value found, not for each of a plan's thousand values."""
    found: list[Path] = []

    def walk(items: Iterable[tuple[str | int, Any]], path: Path) -> None:
        for key, value in items:
            if isinstance(value, str):
                if PLACEHOLDER in value:
                    found.append((*path, key))
            elif isinstance(value, dict):
                walk(value.items(), (*path, key))
            elif isinstance(value, list):
                walk(enumerate(value), (*path, key))

    walk(data.items(), ())
    return found
