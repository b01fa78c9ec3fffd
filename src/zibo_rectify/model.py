"""The plan schema: what a rectification plan (整改方案) file may say, checked by Pydantic.

Field checks live on the models; checks that need the whole plan (unique ids,
milestones inside the period, references between problems, windows and targets)
live in `plan_problems`, which returns every finding instead of stopping at the
first, so one `rectify check` run shows them all.
"""

# No `from __future__ import annotations`: Pydantic would eval every annotation string at each start.

import datetime as dt
import math
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from zibo_rectify.i18n import _, kind_label

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, Field(min_length=1)]
# Far above any real figure (10^15 元 is a thousand trillion), low enough that sums and
# rates of progress never overflow and whole numbers stay exact as floats.
MAX_FIGURE = 1e15


def figure(value: object) -> int | float:
    """A number a plan or log may hold, or one clear message why not.

    JSON's true is not 1, "120" is not 120, and NaN, infinities and numbers
    past MAX_FIGURE are refused here, once, rather than failing later sums.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("a figure is a number, like 120 or 61.5"))
    if isinstance(value, float) and math.isnan(value):
        raise ValueError(_("NaN (not a number) is not a figure"))
    if isinstance(value, float) and math.isinf(value):
        raise ValueError(_("an infinity is not a figure (YAML and JSON read a number past 1e308 as one)"))
    if abs(value) > MAX_FIGURE:
        raise ValueError(_("a figure is at most 10^15; this number is larger"))
    return value


Figure = Annotated[float, BeforeValidator(figure)]


class Strict(BaseModel):
    """Base of every plan model: unknown fields, NaN and infinities are errors.

    The validators are built on first use (`defer_build`), not at import: a plan
    served from the cache is never validated again, so it never pays for them.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, defer_build=True)


class Kind(StrEnum):
    """What a target measures, which decides how progress on it is judged."""

    COUNT = "count"  # a cumulative whole number: canteens built, beds set up
    AMOUNT = "amount"  # cumulative money: 万元, 亿元
    QUANTITY = "quantity"  # a cumulative measure: 公里, 亿立方米
    RATE = "rate"  # a level in percent, judged on the latest figure
    TASK = "task"  # a deliverable that is done or not

    @property
    def cumulative(self) -> bool:
        return self in (Kind.COUNT, Kind.AMOUNT, Kind.QUANTITY)


class Comparison(StrEnum):
    """How a figure is held against the goal."""

    AT_LEAST = "at_least"  # 不少于, 以上
    AT_MOST = "at_most"  # 控制在…以内
    EXACTLY = "exactly"  # 400户
    RANGE = "range"  # 4—5家: goal is [low, high]
    KEPT_AT = "kept_at"  # 保持在100%


class Role(StrEnum):
    """An owner's part in the work (责任分工)."""

    LEADER = "leader"  # 分管领导: the leader in charge
    HEAD = "head"  # 主要负责人: the department's principal
    DEPUTY = "deputy"  # 分管负责人: the deputy in charge
    LEAD = "lead"  # 牵头 / 责任科室: the unit that does the work
    SUPPORTING = "supporting"  # 配合, 协同
    EXTERNAL = "external"  # an outside party


class Owner(Strict):
    """Someone responsible for a problem or target (责任分工)."""

    role: Role
    name: Text = Field(description="Person or unit as the document names it; X stays X.")
    title: str | None = Field(None, description="The document's label, e.g. 责任科室.")


class Period(Strict):
    start: dt.date
    end: dt.date


class Milestone(Strict):
    """An intermediate figure due by a date (阶段目标), e.g. 120 canteens by 07-31."""

    by: dt.date
    value: Figure


class Measure(Strict):
    """A rectification measure (整改措施), kept verbatim."""

    number: int = Field(ge=1, description="The measure's number in the document.")
    title: Text
    text: Text = Field(description="The measure as the document words it.")


class Window(Strict):
    """A line of the completion schedule (完成时限): a window and what falls in it."""

    start: dt.date
    due: dt.date
    text: Text = Field(description="The schedule line as the document words it.")
    targets: list[Slug] = Field(
        default_factory=list,
        description="Targets whose task, milestone or goal this line sets.",
    )


def _goal(value: object) -> object:
    """One clear message for a goal that is neither a figure nor [low, high]."""
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise ValueError(_("a range goal is written [low, high]"))
        return tuple(figure(bound) for bound in value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("a goal is a number, or [low, high] for a range"))
    return figure(value)


Goal = Annotated[float | tuple[float, float], BeforeValidator(_goal)]


class Target(Strict):
    """What progress is recorded against; its id is what users type."""

    id: Slug
    name: Text
    aliases: list[Text] = Field(default_factory=list, description="Other names, e.g. Chinese.")
    kind: Kind
    unit: str | None = Field(None, description="As written, scale included: 家, 张, 万元, %.")
    goal: Goal | None = Field(
        None, description="The figure to reach; [low, high] for a range; none for a task."
    )
    comparison: Comparison = Comparison.AT_LEAST
    baseline: Figure | None = Field(
        None, description="The figure at start; 0 for cumulative kinds when left out."
    )
    start: dt.date | None = Field(None, description="When work begins; the plan's start if left out.")
    due: dt.date | None = Field(None, description="The deadline; the plan's end if left out.")
    ongoing: bool = Field(
        False,
        description="长期坚持: after the due date (or throughout, with none) the target is"
        " judged on keeping its level, not on finishing.",
    )
    milestones: list[Milestone] = Field(default_factory=list)
    measure: int | None = Field(None, description="The number of the measure it belongs to.")
    owners: list[Owner] = Field(default_factory=list, description="Inherited when left out.")
    source: str | None = Field(None, description="The document's words this target comes from.")


class Problem(Strict):
    """A problem to rectify (问题) with its goal, measures, schedule and owners."""

    id: Slug
    title: Text
    manifestations: str | None = Field(None, description="主要表现, verbatim.")
    goal: str | None = Field(None, description="整改目标, verbatim.")
    measures: list[Measure] = Field(default_factory=list)
    windows: list[Window] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    owners: list[Owner] = Field(default_factory=list)


class Plan(Strict):
    """A rectification plan (整改方案)."""

    schema_version: Literal[1] = Field(description="The version of this file format.")
    id: Slug = Field(description="Equals the file name without .yaml.")
    title: Text
    issuer: Text
    period: Period
    owners: list[Owner] = Field(default_factory=list)
    problems: list[Problem]

    def targets(self) -> Iterator[tuple[Problem, Target]]:
        for problem in self.problems:
            for target in problem.targets:
                yield problem, target

    def target_start(self, target: Target) -> dt.date:
        return target.start or self.period.start

    def target_due(self, target: Target) -> dt.date | None:
        """The deadline; none for an item kept up from the start (长期坚持 without a date)."""
        if target.due is None and target.ongoing:
            return None
        return target.due or self.period.end

    def owners_of(self, problem: Problem, target: Target) -> list[Owner]:
        return target.owners or problem.owners or self.owners


# (path inside the plan, code, message, fix)
PlanFinding = tuple[tuple[str | int, ...], str, str, str | None]


def plan_problems(
    plan: Plan, file_stem: str | None, written_ids: set[str] | None = None
) -> list[PlanFinding]:
    """Every cross-field problem in a plan that Pydantic's field checks cannot see.

    `written_ids` are target ids the file spells out, valid or not, so that a
    reference to a target that failed its own checks is not reported twice.
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
    names: dict[str, str] = {}
    for p_index, problem in enumerate(plan.problems):
        here: tuple[str | int, ...] = ("problems", p_index)
        measure_numbers = {m.number for m in problem.measures}
        for t_index, target in enumerate(problem.targets):
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
            if target.measure is not None and target.measure not in measure_numbers:
                found.append(
                    (
                        (*there, "measure"),
                        "unknown-measure",
                        _("problem {problem!r} has no measure number {number}").format(
                            problem=problem.id, number=target.measure
                        ),
                        _("use one of {numbers}").format(numbers=sorted(measure_numbers))
                        if measure_numbers
                        else None,
                    )
                )
            found.extend(_target_problems(plan, target, there))
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


def _target_problems(plan: Plan, target: Target, here: tuple[str | int, ...]) -> list[PlanFinding]:
    found: list[PlanFinding] = []
    period = plan.period
    start = plan.target_start(target)
    due = target.due

    def outside(day: dt.date) -> bool:
        return not period.start <= day <= period.end

    span = _("{start} to {end}").format(start=period.start, end=period.end)
    if target.start and outside(target.start):
        found.append(
            (
                (*here, "start"),
                "outside-period",
                _("start {start} is outside the plan period {span}").format(start=start, span=span),
                None,
            )
        )
    if due and outside(due):
        found.append(
            (
                (*here, "due"),
                "outside-period",
                _("due {due} is outside the plan period {span}").format(due=due, span=span),
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
        if value < 0:
            found.append(((*here, "goal"), "negative-goal", _("a goal cannot be negative"), None))
        elif kind is Kind.RATE and value > 100:
            found.append(((*here, "goal"), "rate-over-100", _("a rate is a percentage: 0 to 100"), None))
        elif kind is Kind.COUNT and value != int(value):
            found.append(((*here, "goal"), "count-not-whole", _("a count is a whole number"), None))

    previous: float | None = None
    for m_index, milestone in enumerate(target.milestones):
        m_here = (*here, "milestones", m_index)
        if outside(milestone.by):
            found.append(
                (
                    (*m_here, "by"),
                    "outside-period",
                    _("milestone date {date} is outside the plan period {span}").format(
                        date=milestone.by, span=span
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
