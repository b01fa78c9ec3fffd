"""The presentation model's records: every figure, date and phrase a view shows, built once.

Writers only walk these; none of them judges a target or counts anything.
"""

# No `from __future__ import annotations`: NamedTuple would compile each of these 200-odd
# annotation strings at every start (about 2 ms of CPU, in every view that uses them).

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Event, Plan, RelatedDocument, Role, Tally
from zibo_rectify.status import State, TargetStatus
from zibo_rectify.workflow.ledger import Ledger
from zibo_rectify.workflow.levels import Level

if TYPE_CHECKING:
    from zibo_rectify.knownat import Since

ON_PATH = (State.ON_TRACK, State.NOT_STARTED)
OFF_PATH = (State.BEHIND, State.OVERDUE, State.NOT_MET)


class OwnerRow(NamedTuple):
    """An owner as the ledger names it: 牵头 or 配合 unit, or a person (责任人)."""

    name: str
    role: str  # a Role value: lead, supporting, leader, head, deputy, external (status 2 adds more)
    title: str | None


class MilestoneRow(NamedTuple):
    by: dt.date
    value: float
    value_then: float | None
    reached: bool | None  # None while its date is ahead and it is not met yet


class EntryRow(NamedTuple):
    """One log entry, with what later entries made of it."""

    plan: str
    line: int
    date: dt.date
    target: str
    part: str | None
    value: float | None
    percent: float | None
    done: bool | None
    kind: str | None  # None for figures and notes; signoff, reopen, review
    expected: dt.date | None
    correction: bool
    superseded: bool  # a later correction replaced this figure
    by: str | None
    note: str | None
    evidence: str | None
    recorded: dt.datetime
    mark: str | None = None  # workflow.ledger.Mark: counts, pending, rejected, withdrawn, step
    verdict: str | None = None  # a review's: accepted or rejected
    of_date: dt.date | None = None  # a review's or a withdrawal's: the date of the entry it acts on
    name: str | None = None  # the target's name, as the plan gives it
    due: dt.date | None = None  # an extension's (延期): the new due date


class SignOffRow(NamedTuple):
    """A target's sign-off (销号) in force, or its reopening (问题反弹, 回头看) when that came last."""

    signed_off: bool
    on: dt.date
    by: str | None
    evidence: str | None
    reason: str | None  # a reopening's


class PartRow(NamedTuple):
    """A part of a target (任务分解): its own value, goal and state (status 2)."""

    id: str
    name: str
    value: float | None
    goal: float | None  # its goal, or a range's low end
    state: str | None
    goal_high: float | None = None
    due: dt.date | None = None
    flags: tuple[str, ...] = ()
    days_overdue: int | None = None
    done_on: dt.date | None = None
    late_by_days: int | None = None
    done: bool | None = None  # a task's part: marked done
    last_note: str | None = None
    points: tuple[tuple[dt.date, float], ...] = ()  # its figures that count, for charts
    owners: tuple[str, ...] = ()  # the units that own the part (its 责任单位), else the target's
    verdict: str | None = None  # the office's own word on the part's pace
    figures_state: str | None = None  # the state its figures alone give
    done_undated: bool = False
    original_due: dt.date | None = None  # the plan's due date, when an extension (延期) moved it


class NeedRow(NamedTuple):
    value: float
    by: dt.date
    per_month: float | None  # None on the due day itself (status v2)
    to_go: float = 0.0


class TargetRow(NamedTuple):
    """One row of the ledger (整改台账) and of the exports."""

    number: str  # 序号
    plan: str
    problem: str
    problem_title: str
    measure: str | None  # 整改措施, the measure's text as written
    id: str
    name: str
    kind: str
    unit: str | None
    goal: float | None  # the goal, or a range's low end
    goal_high: float | None  # a range's high end
    goal_of: str | None  # a goal that is another figure of the plan: that indicator's id
    comparison: str | None
    start: dt.date
    due: dt.date | None
    state: str | None  # None for an indicator: a value, no state
    value: float | None
    done: bool | None  # tasks: marked done
    planned: float | None
    milestones: list[MilestoneRow]
    forecast: dt.date | None
    at_risk: bool
    stale: bool
    need: NeedRow | None
    last_entry: dt.date | None
    owners: list[OwnerRow]
    owner: str | None  # the first lead
    flags: list[str]
    done_on: dt.date | None
    late_by_days: int | None
    days_overdue: int | None
    last_note: str | None
    expected: dt.date | None
    evidence: list[str]
    parts: list[PartRow]
    history: list[EntryRow]
    path: list[tuple[dt.date, float]]  # the planned path's corners, for charts; empty when none
    warning: str | None = None  # 预警: blue, yellow or red (workflow.levels); None without one
    warning_reason: str | None = None
    signoff: SignOffRow | None = None  # the latest sign-off or reopening; None when neither
    pending: tuple[EntryRow, ...] = ()  # figures awaiting review (待审核), oldest first
    category: str | None = None  # 类别: the target's labels (else its problem's), joined
    phase: str | None = None  # 阶段: the name of its phase (else its problem's)
    structure: str = ""  # 分类 and 阶段 as the status table's notes show them: 立行立改 · 短期攻坚
    goal_name: str | None = None  # a goal that is another figure: that indicator's name (全市平均水平)
    goal_in_force: float | None = None  # the goal's floor on the day, {of: ID} resolved
    percent: float | None = None  # a task's share done (当前进度)
    whole: bool = False  # a count in a unit without scale: its figures are whole numbers
    years: bool = False  # the plan spans years: a terminal date carries its year
    ongoing: bool = False  # kept up (长期坚持): with no due date, that is what its deadline column says
    last_note_date: dt.date | None = None
    reconfirmed: dt.date | None = None  # an ongoing item's latest 复核
    missed_periods: tuple[dt.date, ...] = ()  # a repeated task's earlier occurrences not done
    repeat: str | None = None  # a repeated task's period: monthly, quarterly, yearly
    points: tuple[tuple[dt.date, float], ...] = ()  # the figures that count, for charts
    judged: TargetStatus | None = None  # the engine's judgment itself: `status --json` records it
    verdict: str | None = None  # the office's own latest word on its pace (推进缓慢 …)
    figures_state: str | None = None  # the state its figures alone give, before the verdict
    done_undated: bool = False  # done on or before done_on, the document giving no date
    original_due: dt.date | None = None  # the plan's due date, when an extension (延期) moved it
    due_stated: bool = True  # false: the deadline was read (年度 as 12-31), not written
    expected_start: dt.date | None = None  # when the document expects work to begin (预计9月份开始)

    @property
    def signed_off(self) -> SignOffRow | None:
        return self.signoff if self.signoff is not None and self.signoff.signed_off else None

    @property
    def recorded(self) -> list[tuple[dt.date, float]]:
        """The figure in force at the end of each day that gave one and counts (in force,
        accepted, not withdrawn; for parts, their sum), for charts."""
        return list(self.points)

    @property
    def leads(self) -> list[str]:
        return [o.name for o in self.owners if o.role in (Role.LEAD.value, "co_lead")]

    @property
    def supporting(self) -> list[str]:
        return [o.name for o in self.owners if o.role == Role.SUPPORTING.value]

    @property
    def persons(self) -> list[OwnerRow]:
        """责任人: the people named, not the units."""
        return [o for o in self.owners if o.role not in (Role.LEAD.value, "co_lead", Role.SUPPORTING.value)]

    @property
    def missed(self) -> list[MilestoneRow]:
        return [m for m in self.milestones if m.reached is False]


class ProblemRow(NamedTuple):
    number: str
    id: str
    title: str
    rollup: str  # 整改情况: rectified, partly, in_progress, overdue
    targets: list[TargetRow]
    owners: list[OwnerRow] = []  # the problem's own owners, else the plan's
    own_number: str | None = None  # the document's own number, when it gives one


class DueRow(NamedTuple):
    on: dt.date
    target: str
    name: str
    what: str  # goal or milestone
    value: float | None


class Summary(NamedTuple):
    """The counts the 通报's sentences are made of."""

    problems: int
    problem_counts: dict[str, int]  # per roll-up
    targets: int
    counts: dict[str, int]  # per state, every state present
    completion: float  # 完成率: targets done or met over all targets, as `status --json`
    finished: int  # done or met
    on_path: int  # 达到序时进度, not finished yet
    off_path: int  # 未达到序时进度: behind, overdue, not met
    no_data: int  # nothing recorded yet: the flag, in the first period (state no_data) or after it
    late_done: int  # 逾期完成
    overdue_days_max: int | None
    signed_off: int = 0  # 已销号
    warnings: dict[str, int] = {}  # per level: red, yellow, blue
    pending: int = 0  # targets with a figure awaiting review (待审核)


class ChangeRow(NamedTuple):
    """One thing that happened to a target in the span of "since the last report" (本期变化)."""

    kind: str  # one of CHANGE_KINDS
    target: str
    number: str  # 序号
    name: str
    unit: str | None
    date: dt.date | None = None  # an entry's or a milestone's; None for a state or level that moved
    before: str | None = None  # a state id or a warning level (none, blue...) on the span's first day
    after: str | None = None  # ... and on its last
    entry: EntryRow | None = None  # the figure or note recorded, or the workflow step
    acted_on: EntryRow | None = None  # the figure a review sent back, the entry a withdrawal withdrew
    value: float | None = None  # a milestone's value (None for the goal's due date)
    reached: bool | None = None  # a milestone or due date: met on its day
    value_then: float | None = None  # the figure in force on that day
    late_by_days: int | None = None  # a deadline met late, a state become done late: 逾期完成
    part: str | None = None  # the name of the part (任务分解) the entry is about

    @property
    def recorded(self) -> dt.datetime | None:
        """When the entry behind it was recorded; None for a state, level or date that moved."""
        return self.entry.recorded if self.entry is not None else None


# The kinds of change, in the order the section lists them: figures recorded since (as they
# came, 补录 about a day before the span, 更正), then how the judgement moved, then the steps.
CHANGE_KINDS = (
    "entry",
    "late_entry",
    "correction",
    "state",
    "warning",
    "milestone",
    "goal",
    "signoff",
    "reopen",
    "acceptance",
    "rejection",
    "withdrawal",
    "extension",
)


class SinceReport(NamedTuple):
    """What changed since the last report, from `workflow.changes.changes_between`, never judged here."""

    since: dt.date  # the first day: the date typed for --since, or the day of the time typed
    as_of: dt.date
    changes: list[ChangeRow]
    known: dt.datetime | None = None  # a time typed for --since: what was recorded after it is new

    def of(self, target: str) -> list[ChangeRow]:
        return [c for c in self.changes if c.target == target]


class Stated(NamedTuple):
    """What the document states beside its targets: 文号 and the documents it names, its dates,
    the steps of its process and its own counts."""

    number: str | None = None  # 文号
    released: dt.date | None = None  # 发布日期, beside 成文
    related: tuple[RelatedDocument, ...] = ()  # documents it names by number
    period: tuple[dt.date, dt.date] | None = None  # the period, when read rather than stated
    events: tuple[Event, ...] = ()  # dated steps of the process (自查, 公示期)
    tallies: tuple[Tally, ...] = ()  # its own counts over items it does not list


class PlanReport(NamedTuple):
    plan: str
    title: str
    issuer: str | None
    as_of: dt.date
    commit: str | None  # of the plans repository, when there is one
    summary: Summary
    problems: list[ProblemRow]
    missed: list[tuple[TargetRow, MilestoneRow]]
    due_soon: list[DueRow]
    stale: list[TargetRow]  # no figure for longer than its cadence
    entries: list[EntryRow]
    last_entry: dt.date | None
    shown: int  # targets in this report (fewer than the plan's under --owner)
    since: SinceReport | None = None  # --since: what changed since the last report
    addressees: tuple[str, ...] = ()  # 主送, as the document names them
    document_type: str = "zhenggai"  # document.type: the nouns of the report (report.nouns)
    document_number: str | None = None  # 文号 of the document the plan encodes
    # What it rests on: the latest of its entries' times of recording and its commit's time, so
    # that --known-at of that time reads the same entries and the same commit.
    known_at: dt.datetime | None = None
    stated: Stated = Stated()  # the document's own facts beside the targets

    @property
    def targets(self) -> list[TargetRow]:
        return [t for p in self.problems for t in p.targets]


class UnitRow(NamedTuple):
    """One lead unit across every plan of the report."""

    unit: str
    plans: int
    targets: int
    done: int
    behind: int
    overdue: int
    completion: float


class PlanLine(NamedTuple):
    """One plan in the first section of a many-plan report."""

    plan: str
    title: str
    targets: int
    done: int
    behind: int
    overdue: int
    completion: float
    last_entry: dt.date | None


class Report(NamedTuple):
    as_of: dt.date
    language: str  # zh or en
    owner: str | None  # --owner: only this unit's targets
    plans: list[PlanReport]
    overview: list[PlanLine]
    units: list[UnitRow]
    since: "Since | None" = None  # --since: each plan carries its section "since the last report"

    @property
    def basis(self) -> tuple[dt.datetime | None, str | None]:
        """What the report rests on: the time its plans' knowledge runs to, and the plans'
        commit; `report --known-at` of that time makes the same report again."""
        times = [p.known_at for p in self.plans if p.known_at is not None]
        commits = [p.commit for p in self.plans if p.commit]
        return max(times, default=None), commits[0] if commits else None


class PlanInput(NamedTuple):
    """What the builder reads: a plan, its entries with their line numbers, the repository's commit."""

    plan: Plan
    entries: Sequence[ProgressEntry]
    lines: Sequence[int]
    commit: str | None
    committed: dt.datetime | None = None  # the commit's time


class Workflow(NamedTuple):
    """The workflow's facts of a day: which entries count, sign-offs, pending figures, warning levels."""

    ledger: Ledger
    levels: dict[str, tuple[Level, str]]
