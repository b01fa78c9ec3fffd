"""Warnings (预警): blue when a deadline is near, yellow when behind 序时进度, red when overdue.

The plan's `warnings:` sets the thresholds (WarningRules); the highest level
that applies wins.  How many month ends in a row a target stood at yellow or
red is replayed from the log, never stored, over ten years of month ends at most.
"""

# No `from __future__ import annotations`: NamedTuple would compile every annotation string at each start.

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import NamedTuple

from zibo_rectify.figures import amount
from zibo_rectify.i18n import _, short_date  # 07-31, 7月31日: deadlines within the plan's year
from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Plan, WarningRules
from zibo_rectify.present.labels import office_word
from zibo_rectify.status import FINISHED, Flag, PlanStatus, State, TargetStatus
from zibo_rectify.workflow.ledger import Ledger, status_on
from zibo_rectify.workflow.text import due_words, in_force, planned_figure, shortfall, standing


class Level(IntEnum):
    NONE = 0
    BLUE = 1
    YELLOW = 2
    RED = 3

    @property
    def label(self) -> str:
        return self.name.lower()


# What may be typed for a level (--fail-on): its English label, or its colour in Chinese.
LEVEL_NAMES = {level.label: level for level in Level if level is not Level.NONE} | {
    name: level
    for level, colour in ((Level.BLUE, "蓝"), (Level.YELLOW, "黄"), (Level.RED, "红"))
    for name in (colour, f"{colour}色", f"{colour}色预警")
}


class TargetWarning(NamedTuple):
    target: str
    level: Level
    reason: str
    months_yellow_or_red: int = 0  # consecutive month ends, the latest first, at yellow or red
    months_red: int = 0


# The thresholds of a plan without `warnings:`: its defaults, made without building the validator
# (which would cost a start the import of Pydantic's plugin machinery).
DEFAULT_RULES = WarningRules.model_construct()


def rules_of(plan: Plan) -> WarningRules:
    return plan.warnings or DEFAULT_RULES


def level_of(
    t: TargetStatus, day: dt.date, rules: WarningRules, signed_off: bool, years: bool = False
) -> tuple[Level, str]:
    """The level of one target on `day`, from the status engine's judgement, and why; with the
    office's own verdict beside it when that is not what the figures say (推进缓慢 on a target on
    its path is yellow; 按序时 on one behind it is a point to verify)."""
    level, reason = _figures_level(t, t.figures_state or t.state, day, rules, signed_off, years)
    word = office_word(t.verdict, t.figures_state, t.state, Flag.VERDICT_DIFFERS in t.flags)
    if word is None or t.state == t.figures_state and Flag.VERDICT_DIFFERS not in t.flags:
        return level, reason
    if level < Level.YELLOW and t.state is State.BEHIND and not signed_off:
        return Level.YELLOW, word
    return (level, _("{reason}; {office}").format(reason=reason, office=word)) if level else (level, reason)


def _figures_level(
    t: TargetStatus, state: State | None, day: dt.date, rules: WarningRules, signed_off: bool, years: bool
) -> tuple[Level, str]:
    """The level the figures alone give: `state` is theirs, before the office's word is weighed."""
    if signed_off or state is None or state in FINISHED or state is State.NOT_STARTED:
        return Level.NONE, ""  # an indicator (no state) has no goal to warn about
    past_due = t.due is not None and day > t.due
    if past_due and state in (State.OVERDUE, State.NOT_MET):
        assert t.due is not None
        if (day - t.due).days > rules.red_after_days:
            return Level.RED, _("due {due}, {shortfall}").format(
                due=due_words(t, years), shortfall=shortfall(t)
            )
    if t.missed:  # a repeated task's earlier occurrence not done (每年制定… missed last year)
        periods = ", ".join(f"{d:%Y-%m}" for d in t.missed)
        return Level.YELLOW, _("missed: {periods}").format(periods=periods)
    if state in (State.BEHIND, State.NOT_MET) and not past_due:
        planned = t.planned
        now = standing(t)
        short = planned is None or now is None or now < planned * (1 - rules.yellow_tolerance / 100)
        if short:
            if planned is not None:
                reason = _("behind the planned path: {value}, planned {planned} by {day}").format(
                    value=in_force(t), planned=planned_figure(t, planned), day=short_date(day, years)
                )
            else:
                reason = _("goal not met: {shortfall}").format(shortfall=shortfall(t))
            return Level.YELLOW, reason
    if rules.blue_days:
        horizon = day + dt.timedelta(days=rules.blue_days)
        if t.due is not None and day <= t.due <= horizon:
            return Level.BLUE, _("due {due} in {days} days, {shortfall}").format(
                due=due_words(t, years), days=(t.due - day).days, shortfall=shortfall(t)
            )
        for m in t.milestones:
            if day <= m.by <= horizon and m.reached is not True:
                return Level.BLUE, _("milestone {value} by {by} in {days} days, has {now}").format(
                    value=amount(m.value, t.target.unit),
                    by=short_date(m.by, years),
                    days=(m.by - day).days,
                    now=in_force(t),
                )
    return Level.NONE, ""


def levels(plan: Plan, ledger: Ledger, status: PlanStatus) -> dict[str, tuple[Level, str]]:
    """Every target's level on the status's day."""
    rules = rules_of(plan)
    years = plan.period.start.year != plan.period.end.year  # a date in a reason carries its year
    return {
        t.target.id: level_of(t, status.as_of, rules, ledger.signed_off(t.target.id) is not None, years)
        for t in status.targets
    }


# How many month ends `warnings` replays, the latest first, to count a run at yellow or red: ten
# years.  Each replay judges the whole log again, so a date centuries past the plan's period
# (--as-of 2999-12-31) cost 11,700 replays; a longer run is counted as this many.
MONTHS_REPLAYED = 120


def month_ends(start: dt.date, day: dt.date, most: int = MONTHS_REPLAYED) -> list[dt.date]:
    """The last days of months from `start` to `day`, the latest first, `most` of them at most."""
    ends: list[dt.date] = []
    first = day.replace(day=1)
    end = day if (day + dt.timedelta(days=1)).day == 1 else first - dt.timedelta(days=1)
    while end >= start and len(ends) < most:
        ends.append(end)
        end = end.replace(day=1) - dt.timedelta(days=1)
    return ends


def warnings_as_of(plan: Plan, entries: Sequence[ProgressEntry], day: dt.date) -> list[TargetWarning]:
    """Each target with a warning on `day`, with its reason and its months in a row at yellow or red."""
    ledger, status = status_on(plan, entries, day)
    now = {k: v for k, v in levels(plan, ledger, status).items() if v[0] is not Level.NONE}
    history: dict[str, list[Level]] = {k: [] for k, (level, __) in now.items() if level >= Level.YELLOW}
    for end in month_ends(plan.period.start, day) if history else ():
        then = levels(plan, *status_on(plan, entries, end))
        for target_id, seen in history.items():
            if not seen or seen[-1] >= Level.YELLOW:
                seen.append(then[target_id][0])
        if all(seen[-1] < Level.YELLOW for seen in history.values()):
            break
    found = []
    for target_id, (level, reason) in now.items():
        seen = history.get(target_id, [])
        found.append(TargetWarning(target_id, level, reason, _run(seen, Level.YELLOW), _run(seen, Level.RED)))
    return sorted(found, key=lambda w: -w.level)  # stable: plan order within a level


def _run(seen: Iterable[Level], at_least: Level) -> int:
    count = 0
    for level in seen:
        if level < at_least:
            break
        count += 1
    return count
