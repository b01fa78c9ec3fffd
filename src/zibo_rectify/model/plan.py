"""The plan schema: what a rectification plan (整改方案) file may say, checked by Pydantic.

Each class is a frozen Pydantic model, so making one checks it.  Checks that need
the whole plan (unique ids, milestones inside the period, references between
problems, windows and targets) live in `model.rules`, which returns every
finding instead of stopping at the first, so one `rectify check` run shows
them all.
"""

import datetime as dt
import functools
import math
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, TypeAdapter, WithJsonSchema
from pydantic_core import PydanticKnownError

from zibo_rectify.i18n import _

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


T = TypeVar("T")


class Strict(BaseModel):
    """Every plan class: frozen; an unknown field is an error, and so are NaN and the infinities.

    A plan from the cache is never validated again, so the classes build their
    validators only when a plan file is read (defer_build).
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, defer_build=True, frozen=True)


# A whole number of the plan: true is not 1, and 2.0 is written 2.
Whole = StrictInt


def _not_true_or_false(value: object) -> object:
    """YAML's true is not the version 1 (a Literal of numbers takes it as 1)."""
    if isinstance(value, bool):
        raise PydanticKnownError("int_type")
    return value


Version = Annotated[Literal[1, 2], BeforeValidator(_not_true_or_false)]


def validate(cls: type[T], data: object) -> T:
    """`data` (a mapping, as read from YAML) as a `cls`, or Pydantic's ValidationError."""
    made: T = _adapter(cls).validate_python(data)  # type: ignore[arg-type]  # a class is hashable
    return made


@functools.cache
def _adapter(cls: Any) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


SCALES = "十百千万亿"  # a unit starting with one of these (万人, 万口, 亿元) counts in scaled units


def scaled_unit(unit: str | None) -> bool:
    """Whether a unit carries a scale before its noun (万人, 万口, 亿元), so a count in it takes decimals."""
    return unit is not None and len(unit) >= 2 and unit[0] in SCALES


class Kind(StrEnum):
    """What a target measures, which decides how progress on it is judged."""

    COUNT = "count"  # a cumulative whole number: canteens built, beds set up
    AMOUNT = "amount"  # cumulative money: 万元, 亿元
    QUANTITY = "quantity"  # a cumulative measure: 公里, 亿立方米
    RATE = "rate"  # a level in percent, judged on the latest figure
    TASK = "task"  # a deliverable that is done or not
    CHANGE = "change"  # a percent change (增长率, 下降率): may be negative, may pass 100
    INDICATOR = "indicator"  # a figure tracked without a goal: a value and a history, no state

    @property
    def cumulative(self) -> bool:
        return self in _CUMULATIVE


# Made once: a run asks it of each target many times, and building the tuple of three members
# at each call cost 0.3 us.
_CUMULATIVE = frozenset({Kind.COUNT, Kind.AMOUNT, Kind.QUANTITY})


class Comparison(StrEnum):
    """How a figure is held against the goal."""

    AT_LEAST = "at_least"  # 不少于, 以上
    AT_MOST = "at_most"  # 控制在…以内
    EXACTLY = "exactly"  # 400户
    RANGE = "range"  # 4—5家: goal is [low, high]
    KEPT_AT = "kept_at"  # 保持在100%
    MORE_THAN = "more_than"  # 超过, 高于: strictly above
    LESS_THAN = "less_than"  # 低于: strictly below
    ABOUT = "about"  # 左右, 约, 近: within `tolerance` of the goal


class Role(StrEnum):
    """An owner's part in the work (责任分工)."""

    LEADER = "leader"  # 分管领导: the leader in charge
    HEAD = "head"  # 主要负责人: the department's principal
    DEPUTY = "deputy"  # 分管负责人: the deputy in charge
    LEAD = "lead"  # 牵头 / 责任科室: the unit that does the work
    CO_LEAD = "co_lead"  # 责任单位 named beside the 牵头单位, 共同牵头
    SUPPORTING = "supporting"  # 配合, 协同
    PERSON = "person"  # 项目责任人, 具体责任人
    GROUP = "group"  # 领导小组
    EXTERNAL = "external"  # an outside party


class Owner(Strict):
    """Someone responsible for a problem or target (责任分工)."""

    role: Role
    name: Text = Field(description="Person or unit as the document names it; X stays X.")
    title: str | None = Field(default=None, description="The document's label, e.g. 责任科室.")


class Period(Strict):
    start: dt.date
    end: dt.date
    stated: bool = Field(
        default=True,
        description="false when the document gives no period: these dates bound the year it speaks of,"
        " read by whoever encoded it, not written in it.",
    )


class Milestone(Strict):
    """An intermediate figure due by a date (阶段目标), e.g. 120 canteens by 07-31."""

    by: dt.date
    value: Figure


class Measure(Strict):
    """A rectification measure (整改措施), kept verbatim."""

    number: Whole = Field(ge=1, description="The measure's number in the document.")
    title: Text | None = Field(
        default=None, description="The measure's heading, where the document gives one."
    )
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


class GoalOf(Strict):
    """A goal that is another figure of the plan (不低于全市平均水平): `goal: {of: city-average}`."""

    of: Slug = Field(description="The id of an indicator; its figure in force on a day is the goal then.")


def _goal(value: object) -> object:
    """One clear message for a goal that is neither a figure, [low, high] nor {of: ID}."""
    if isinstance(value, GoalOf):
        return value
    if isinstance(value, dict):
        return validate(GoalOf, value)
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise ValueError(_("a range goal is written [low, high]"))
        return tuple(figure(bound) for bound in value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("a goal is a number, [low, high] for a range, or {of: ID} for another figure"))
    return figure(value)


Goal = Annotated[float | tuple[float, float] | GoalOf, BeforeValidator(_goal)]


def _item_number(value: object) -> object:
    """An item number (序号) as written: 15 may be typed bare; 3.2 bare would be read as a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        raise ValueError(_('write an item number like 3.2 in quotes ("3.2"), so it stays as written'))
    return value


ItemNumber = Annotated[
    Text,
    BeforeValidator(_item_number),
    WithJsonSchema({"type": ["string", "integer"], "minLength": 1}),
]

NO_DEADLINE: Literal["none"] = "none"  # `due: none`: the document states no deadline
Due = dt.date | Literal["none"]
Cadence = Literal["monthly", "quarterly", "yearly"] | Annotated[Whole, Field(ge=1, le=3660)]
Repeat = Literal["monthly", "quarterly", "yearly"]
Labels = Text | list[Text]
Review = Literal["required", "none"]
DocumentType = Literal["zhenggai", "minsheng", "duban"]


class SignoffRule(Strict):
    """What a sign-off (销号) needs: `signoff: {evidence: required}`."""

    evidence: Literal["required", "optional"] = Field(
        default="optional", description="required: rectify signoff is refused without --evidence."
    )


class WarningRules(Strict):
    """When a target gets a warning (预警): blue, yellow or red; the highest that applies wins."""

    blue_days: Whole = Field(
        default=7,
        ge=0,
        le=366,
        description="Blue when a due date or milestone not met is this many days ahead or fewer; 0: no blue.",
    )
    # Bounds of the number the check lets through: the JSON Schema says minimum and maximum.
    yellow_tolerance: Annotated[float, Field(ge=0, le=100), BeforeValidator(figure)] = Field(
        default=0,
        description="Yellow when behind the planned path (序时进度) by more than this percent of it.",
    )
    red_after_days: Whole = Field(
        default=0, ge=0, le=3660, description="Red when overdue by more than this many days."
    )


class Part(Strict):
    """A share of a target (任务分解): a district, unit or funding source with its own figure."""

    id: Slug = Field(description="What is typed after --part, unique within the target: zhangdian.")
    name: Text = Field(description="The part as the document names it (张店区); --part takes it too.")
    aliases: list[Text] = Field(default_factory=list, description="Other names the part is typed by.")
    number: ItemNumber | None = Field(default=None, description="The item number as written, e.g. (一).")
    goal: Figure | None = Field(default=None, description="The part's own goal; the target's when left out.")
    owners: list[Owner] = Field(default_factory=list, description="The target's when left out.")
    due: Due | None = Field(default=None, description="The part's own deadline; the target's when left out.")


class Phase(Strict):
    """A stage of the plan (短期攻坚, 中期推进, 长期坚持); items in it take its end as their due date."""

    id: Slug = Field(description="What problems and targets name in phase: short-term.")
    name: Text = Field(description="The phase as the document names it: 短期攻坚.")
    start: dt.date | None = Field(default=None, description="When the phase begins.")
    end: dt.date | None = Field(default=None, description="Left out: items of this phase have no deadline.")


class RelatedDocument(Strict):
    """Another document the plan's document names (依据《…》, 上级方案, 巡察反馈意见)."""

    number: Text | None = Field(default=None, description="Its 文号, e.g. 淄巡反馈〔2023〕3号.")
    title: Text | None = Field(default=None, description="Its title as written.")
    relation: Text | None = Field(
        default=None, description="How the document names it: 依据, 反馈意见, 上级方案 …"
    )


class Event(Strict):
    """A dated step of the process the document reports (自查, 巡察进驻, 公示期), not a target."""

    name: Text = Field(description="As written: 巡察进驻, 公示期.")
    date: dt.date = Field(description="The day it happened or began.")
    end: dt.date | None = Field(default=None, description="Its last day, for a span (公示期 5个工作日).")


class Tally(Strict):
    """Counts the document gives over items it does not list (共42项，3项提前、3项缓慢，其他按序时推进)."""

    what: Text | None = Field(
        default=None, description="What is counted, as written: 整改任务, 民生实事项目."
    )
    total: Whole | None = Field(default=None, ge=0, description="共N项.")
    done: Whole | None = Field(default=None, ge=0, description="已完成.")
    ahead: Whole | None = Field(default=None, ge=0, description="提前.")
    on_track: Whole | None = Field(default=None, ge=0, description="按序时, 正常.")
    slow: Whole | None = Field(default=None, ge=0, description="推进缓慢.")
    stalled: Whole | None = Field(default=None, ge=0, description="严重滞后.")
    rest: Literal["done", "ahead", "on_track", "slow", "stalled"] | None = Field(
        default=None, description="What the document says of the others (其他按序时推进: on_track)."
    )
    as_of: dt.date | None = Field(
        default=None, description="The day the counts are of, when it differs from document.as_of."
    )


class Document(Strict):
    """Facts about the document the plan encodes (文号, 印发日期, 出处, 主送, 截至)."""

    number: str | None = Field(default=None, description="文号, e.g. 淄民发〔2022〕12号.")
    issued: dt.date | None = Field(default=None, description="印发日期.")
    source: str | None = Field(default=None, description="Where it was published: a URL or a citation.")
    addressees: list[Text] = Field(default_factory=list, description="主送.")
    as_of: dt.date | None = Field(
        default=None,
        description="截至: the day a progress table speaks of; left out when the document gives none.",
    )
    released: dt.date | None = Field(
        default=None,
        description="发布日期: when it was published, beside issued (成文日期) when the two differ.",
    )
    related: list[RelatedDocument] = Field(
        default_factory=list, description="Documents it names by number: 依据, 上级方案, 反馈意见 …"
    )
    type: DocumentType | None = Field(
        default=None,
        description="The words of the reports: zhenggai (问题, 已整改), minsheng (项目, 已完成) or"
        " duban (事项, 已办结); left out: from the title (民生 minsheng, 督办 duban), zhenggai in format 1.",
    )


class Target(Strict):
    """What progress is recorded against; its id is what users type."""

    id: Slug
    name: Text
    aliases: list[Text] = Field(default_factory=list, description="Other names, e.g. Chinese.")
    kind: Kind = Field(
        description="count (whole, or decimals in 万人/亿元), amount, quantity, rate (0–100),"
        " task, change (a percent change, may be negative), indicator (no goal)."
    )
    number: ItemNumber | None = Field(
        default=None, description="The item number as written (序号): 15, (一), 3.2."
    )
    category: Labels | None = Field(
        default=None, description="One label or a list, from the plan's categories."
    )
    phase: Slug | None = Field(default=None, description="The id of a phase; the due date is its end.")
    unit: str | None = Field(default=None, description="As written, scale included: 家, 张, 万元, %.")
    goal: Goal | None = Field(
        default=None,
        description="The figure to reach; [low, high] for a range; {of: ID} for another figure;"
        " none for a task or an indicator.",
    )
    comparison: Comparison = Field(
        default=Comparison.AT_LEAST,
        description="at_least (不少于), at_most (控制在…以内), exactly, range, kept_at (保持在),"
        " more_than (超过), less_than (低于), about (左右, with tolerance).",
    )
    tolerance: Figure | None = Field(
        default=None, description="For comparison: about, in the goal's unit; 5% of the goal when left out."
    )
    baseline: Figure | None = Field(
        default=None, description="The figure at start; 0 for cumulative kinds when left out."
    )
    start: dt.date | None = Field(default=None, description="When work begins; the plan's start if left out.")
    due_stated: bool = Field(
        default=True,
        description="false when the deadline is read, not written (年度 read as 12-31 of that year).",
    )
    expected_start: dt.date | None = Field(
        default=None, description="When the document expects work to begin (预计9月份开始): not its start."
    )
    due: Due | None = Field(
        default=None, description="The deadline; none: the document states none; the plan's end if left out."
    )
    ongoing: bool = Field(
        default=False,
        description="长期坚持: after the due date (or throughout, with none) the target is"
        " judged on keeping its level, not on finishing.",
    )
    until: dt.date | None = Field(
        default=None,
        description="For an ongoing item: how long it is kept up; entries may be dated up to it.",
    )
    cadence: Cadence | None = Field(
        default=None,
        description="How often a figure is expected (填报周期): monthly, quarterly, yearly or days.",
    )
    repeat: Repeat | None = Field(
        default=None, description="A task that recurs (每年制定…): one occurrence a period."
    )
    parts: list[Part] = Field(default_factory=list, description="任务分解: the target split across parts.")
    roll_up: Literal["sum", "each"] | None = Field(
        default=None,
        description="sum: the value is the sum of the parts' (default for cumulative kinds);"
        " each: met or done when every part is (default otherwise).",
    )
    milestones: list[Milestone] = Field(default_factory=list)
    review: Review | None = Field(
        default=None,
        description="required: a figure counts only once reviewed (审核); none: never;"
        " the plan's when left out.",
    )
    measure: Whole | None = Field(default=None, description="The number of the measure it belongs to.")
    owners: list[Owner] = Field(default_factory=list, description="Inherited when left out.")
    source: str | None = Field(default=None, description="The document's words this target comes from.")


class Problem(Strict):
    """A problem to rectify (问题) with its goal, measures, schedule and owners."""

    id: Slug
    title: Text
    number: ItemNumber | None = Field(
        default=None, description="The item number as written (序号): 15, (一), 3.2."
    )
    category: Labels | None = Field(
        default=None, description="One label or a list, from the plan's categories."
    )
    phase: Slug | None = Field(
        default=None, description="The id of a phase; its targets take its end as due."
    )
    manifestations: str | None = Field(default=None, description="主要表现, verbatim.")
    goal: str | None = Field(default=None, description="整改目标, verbatim.")
    measures: list[Measure] = Field(default_factory=list)
    windows: list[Window] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    owners: list[Owner] = Field(default_factory=list)


class Plan(Strict):
    """A rectification plan (整改方案)."""

    schema_version: Version = Field(description="The version of this file format: 1 or 2.")
    id: Slug = Field(description="Equals the file name without .yaml.")
    title: Text
    issuer: Text | None = Field(default=None, description="The issuing office; format 1 requires it.")
    document: Document | None = Field(
        default=None, description="The document's 文号, 印发日期, source, 主送 and 截至 (as_of)."
    )
    period: Period
    owners: list[Owner] = Field(default_factory=list)
    categories: list[Text] = Field(
        default_factory=list, description="The allowed category labels; none declared: any label."
    )
    phases: list[Phase] = Field(
        default_factory=list, description="Stages (短期攻坚, 中期推进, 长期坚持): {id, name, start, end}."
    )
    targets: list[Target] = Field(
        default_factory=list, description="Plan-level targets (主要目标) beside the problems'."
    )
    problems: list[Problem] = Field(default_factory=list)
    events: list[Event] = Field(
        default_factory=list,
        description="Dated steps of the process the document reports: 自查, 巡察进驻, 公示期.",
    )
    tallies: list[Tally] = Field(
        default_factory=list, description="Counts and states the document gives over items it does not list."
    )
    review: Review | None = Field(
        default=None, description="required: a figure counts only once a review accepts it (审核)."
    )
    signoff: SignoffRule | None = Field(default=None, description="What a sign-off (销号) needs.")
    warnings: WarningRules | None = Field(
        default=None, description="When targets get blue, yellow or red warnings (预警)."
    )
    late_entry_days: int = Field(
        default=30,
        ge=0,
        le=3660,
        description="check warns late-entry (补录) for an entry recorded more than this many days after"
        " the day it is about.",
    )

    def all_targets(self) -> Iterator[tuple[Problem | None, Target]]:
        """Plan-level targets (with no problem) first, then each problem's, in file order."""
        for target in self.targets:
            yield None, target
        for problem in self.problems:
            for target in problem.targets:
                yield problem, target

    def target_start(self, target: Target) -> dt.date:
        return target.start or self.period.start

    def target_due(self, target: Target, problem: Problem | None = None) -> dt.date | None:
        """The deadline, or None when there is none to miss.

        None for `due: none`, for an item kept up from the start (长期坚持 without
        a date), and for an item of a phase without an end; a phase's end
        otherwise; the plan's end when nothing else says.
        """
        if target.due == NO_DEADLINE:
            return None
        if isinstance(target.due, dt.date):
            return target.due
        phase_id = target.phase or (problem.phase if problem is not None else None)
        phase = next((p for p in self.phases if p.id == phase_id), None)
        if phase is not None:
            return phase.end
        if target.ongoing:
            return None
        return self.period.end

    def owners_of(self, problem: Problem | None, target: Target) -> list[Owner]:
        return target.owners or (problem.owners if problem is not None else []) or self.owners
