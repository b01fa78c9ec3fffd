"""The phrases every view prints for a target: its goal with its direction, value, share, state, dates.

Each is decided once here, from the presentation model's rows, in the
interface language: 不低于60% / ≥60%, 低于4.3% / <4.3%, 4—5家, 6.2%左右;
a date in its three forms (公文 2022年9月30日, terminal 09-30, data ISO).
A view lays these out; it never words a figure, a goal or a state itself.
"""

from __future__ import annotations

import datetime as dt
import math

from zibo_rectify.figures import MINUS as MINUS
from zibo_rectify.figures import amount as amount
from zibo_rectify.figures import figure, fmt, with_unit
from zibo_rectify.figures import goal_phrase as goal_phrase
from zibo_rectify.figures import number as number
from zibo_rectify.i18n import (
    N_,
    _,
    catalog,
    language,
    long_date,
    ngettext,
    short_date,
)
from zibo_rectify.i18n import extended_due as extended_due  # views name it with the other phrases
from zibo_rectify.knownat import PLAN_ZONE
from zibo_rectify.present.labels import (
    DUE_READ,
    NO_DEADLINE,
    flag_label,
    office_word,
    role_label,
    state_label,
)
from zibo_rectify.present.rows import MilestoneRow, OwnerRow, PartRow, TargetRow
from zibo_rectify.status import State

UNIT_ROLES = ("lead", "co_lead", "supporting")  # units; the other roles name people (责任人)
ALL_ROLES = (*UNIT_ROLES, "leader", "head", "deputy", "person", "group", "external")


def target_goal(t: TargetRow) -> str:
    """A target's goal phrase; a task's is its deadline (done by …, — with none)."""
    if t.kind == "task":
        return _("done by {date}").format(date=official_date(t.due)) if t.due else NO_DEADLINE
    if t.kind == "indicator":
        return NO_DEADLINE
    return goal_phrase(t.comparison, t.goal, t.goal_high, t.unit, t.kind, t.goal_name)


def part_goal(p: PartRow, t: TargetRow) -> str:
    if p.goal is None:
        return NO_DEADLINE
    return goal_phrase(t.comparison, p.goal, p.goal_high, t.unit, t.kind)


def value_phrase(t: TargetRow) -> str:
    """The figure in force with its unit; a task's share done (80%), done, or not done."""
    if t.kind == "task":
        if t.state in ("done", "met"):
            return _("done")
        return amount(t.percent, "%") if t.percent is not None else _("not done")
    if t.value is None:
        return _("no figure yet")
    return amount(t.value, t.unit, t.whole)


def value_against_goal(t: TargetRow) -> str:
    """The figure in force against the goal with its direction, as a table or a chart's caption
    gives it: 61.3% / ≥60% (61.3% / 不低于60%), 3.9% / <4.3%, 226 / ≥300 家; an indicator's figure."""
    unit = t.unit if t.kind in ("rate", "change") else None
    if t.kind == "indicator":
        return amount(t.value, t.unit, t.whole)
    goal = target_goal(t)
    if t.goal_name is not None:
        goal += f" ({number(t.goal_in_force)})"
    return f"{amount(t.value, unit, t.whole)} / {goal}"


def share(t: TargetRow) -> float | None:
    """完成比例: value ÷ goal, or a task's recorded percent; None for a cap, an indicator, no goal."""
    if t.kind == "task":
        if t.state in ("done", "met"):
            return 1.0
        return t.percent / 100 if t.percent is not None else None
    return _share(t.value, t.goal_in_force, t.comparison, t.kind)


def part_share(p: PartRow, t: TargetRow) -> float | None:
    if t.kind == "task":
        return 1.0 if p.state in ("done", "met") else None
    return _share(p.value, p.goal, t.comparison, t.kind)


def _share(value: float | None, goal: float | None, comparison: str | None, kind: str) -> float | None:
    if kind == "indicator" or comparison in ("at_most", "less_than") or value is None or not goal:
        return None
    return value / goal


def share_text(ratio: float | None) -> str:
    """A share in whole percent, rounded down below the goal: 498.1 of 500 is 99%, never 100%."""
    if ratio is None:
        return ""
    return f"{math.floor(ratio * 100 + 1e-9)}%".replace("-", MINUS)


def percent(ratio: float) -> str:
    """完成率 and other ratios with one decimal: 61.9%, 100%."""
    return f"{ratio:.1%}".replace(".0%", "%")


def official_date(day: dt.date | None) -> str:
    """A date in running text and documents (公文): 2022年9月30日; 2022-09-30 in English."""
    return long_date(day) if day is not None else NO_DEADLINE


def terminal_date(day: dt.date | None, years: bool) -> str:
    """A date on the terminal: 09-30 (9月30日), with its year when the plan spans years."""
    return short_date(day, years) if day is not None else NO_DEADLINE


def recorded_in_text(moment: dt.datetime) -> str:
    """When an entry was recorded, in running text to the minute in UTC+8: 2026年12月3日09:00,
    2026-12-03 09:00."""
    local = moment.astimezone(PLAN_ZONE)
    return f"{long_date(local.date())}{'' if language() == 'zh' else ' '}{local:%H:%M}"


def recorded_on_its_day(moment: dt.datetime, day: dt.date) -> bool:
    """Recorded on the day it is about (UTC+8): the day says when, the time adds nothing."""
    return moment.astimezone(PLAN_ZONE).date() == day


def data_date(day: dt.date | None) -> str:
    """A date for machines and sheets: ISO."""
    return day.isoformat() if day is not None else ""


def recorded_time(when: dt.datetime) -> str:
    """When an entry was written, to the minute and without its offset: 2022-07-31 09:00."""
    return when.isoformat(" ", "minutes")[:16]


def point_title(day: dt.date, value: float, unit: str | None) -> str:
    """A chart point's title: its date and figure (2022年7月31日：120家, 2022-07-31: 120 家)."""
    return _("{date}: {value}").format(date=official_date(day), value=amount(value, unit))


def due_phrase(t: TargetRow | PartRow, years: bool) -> str:
    """The deadline in one line (`show`): ISO, marked when read from 年度, not written; beside the
    plan's own when an extension (延期) moved it; else 长期坚持 or — (`no_due`)."""
    if t.due is None:
        return no_due(t)
    if t.original_due is None:
        return due_read(t.due.isoformat(), getattr(t, "due_stated", True))
    return extended_due(t.due, t.original_due, years)


def due_column(t: TargetRow | PartRow, years: bool) -> str:
    """The deadline as a table's narrow column shows it: the date in force (ISO) and under it what
    else is true of it, 原定08-31 (延期; the year too when the plan spans years) or 据年度推定;
    else 长期坚持 or — (`no_due`)."""
    if t.due is None or t.original_due is None and getattr(t, "due_stated", True):
        return due_phrase(t, years)
    if t.original_due is not None:
        original = t.original_due.isoformat() if years else f"{t.original_due:%m-%d}"
        was = _("was {original}").format(original=original)
        return f"{t.due.isoformat()}\n{was}"
    return f"{t.due.isoformat()}\n{_(DUE_READ)}"


def no_due(t: TargetRow | PartRow) -> str:
    """No deadline: 长期坚持 for an item kept up (`ongoing`), else — (`due: none`, or a phase
    without an end): never 长期坚持 for a deadline the document does not state."""
    return _("ongoing") if getattr(t, "ongoing", False) else NO_DEADLINE


def due_read(due: str, stated: bool) -> str:
    """A deadline read from 年度 rather than written (due_stated: false), marked as such."""
    return due if stated else _("{due} ({read})").format(due=due, read=_(DUE_READ))


def state_phrase(
    state: str | None, days_overdue: int | None, flags: tuple[str, ...] | list[str], undated: bool = False
) -> str:
    """The state in words, with what says most about it: 逾期N天, 逾期完成, 超额完成, 超出,
    已完成（未载明日期） when the document says done without a date."""
    if state is None:
        return NO_DEADLINE
    if state == "done" and undated and "late" not in flags:
        return _("done (no date stated)")
    if state == "overdue" and days_overdue:
        return ngettext("overdue {days} day", "overdue {days} days", days_overdue).format(days=days_overdue)
    if state == "done" and "late" in flags:
        return flag_label("late")
    if state == "done" and "exceeded" in flags:
        return _("done, exceeded")
    if state == "done" and "overshoot" in flags:
        return _("done, over the goal")
    return state_label(state)


def verdict_phrase(
    verdict: str | None, figures_state: str | None, state: str | None, differs: bool
) -> str | None:
    """The office's own verdict (推进缓慢 …) beside what the figures say, as `labels.office_word`
    words it; None without one."""
    return office_word(
        verdict, State(figures_state) if figures_state else None, State(state) if state else None, differs
    )


def units_phrase(role: str, names: list[str]) -> str:
    """Units under one role: 牵头：张店区民政局、淄川区民政局."""
    sep = "、" if language() == "zh" else ", "
    return _("{role}: {names}").format(role=role_label(role), names=sep.join(names))


def flags_shown(t: TargetRow) -> list[str]:
    """The flags a ledger names beside the state (the state phrase says late and exceeded)."""
    return [flag_label(f) for f in t.flags if f in ("stale", "at_risk", "overshoot", "exceeded")]


def milestone_phrase(m: MilestoneRow, t: TargetRow, years: bool | None = None) -> str:
    """120 家 by 07-31; with ✓ reached, or ✗ and what it had that day; the year when the plan spans
    years."""
    when = terminal_date(m.by, t.years if years is None else years)
    wanted = _("{value} by {date}").format(value=amount(m.value, t.unit, t.whole), date=when)
    if m.reached is True:
        return "✓ " + wanted
    if m.reached is False:
        had = amount(m.value_then, t.unit, t.whole)
        return "✗ " + _("{milestone}: had {value}").format(milestone=wanted, value=had)
    return wanted


def pace(per_month: float) -> str:
    """A monthly pace with the precision it has: 48, 1.5, 0.2, 0.03."""
    if abs(per_month) >= 10:
        return fmt(round(per_month))
    if abs(per_month) >= 0.1:
        return fmt(round(per_month, 1))
    return f"{per_month:.1g}"


def need_phrase(t: TargetRow) -> str | None:
    """What the target must gain: +14 家/month to reach 240 家 by 10-31; due today: 12 家 to go."""
    need = t.need
    if need is None:
        return None
    if need.per_month is None:
        return _("due today: {count} to go").format(count=amount(need.to_go, t.unit, t.whole, up=True))
    return _("+{pace}/month to reach {value} by {date}").format(
        pace=with_unit(pace(need.per_month), t.unit),
        value=amount(need.value, t.unit, t.whole),
        date=terminal_date(need.by, t.years),
    )


def planned_phrase(t: TargetRow) -> str:
    """序时进度: where the path stands on the day, a whole-number kind's rounded up (应达117家)."""
    return amount(t.planned, t.unit, t.whole, up=True)


def owners_phrase(owners: list[OwnerRow], roles: tuple[str, ...] = UNIT_ROLES) -> str:
    """Owners with their roles, each role once: 牵头：A、B；共同牵头：C；配合：D; then the persons
    named (`persons_phrase`) unless `roles` leaves them out."""
    groups: dict[str, list[str]] = {}
    for o in owners:
        if o.role in roles and o.role in UNIT_ROLES:
            groups.setdefault(o.role, []).append(o.name)
    said = [units_phrase(role, names) for role, names in groups.items()]
    persons = persons_phrase([o for o in owners if o.role in roles])
    return _("; ").join(said + ([persons] if persons else []))


def persons_phrase(owners: list[OwnerRow]) -> str:
    """责任人: leaders, heads, deputies and persons, each as the document names them with its title,
    else with its role."""
    shown = []
    for o in owners:
        if o.role in UNIT_ROLES:
            continue
        shown.append(
            f"{o.title} {o.name}"
            if o.title
            else _("{role}: {names}").format(role=role_label(o.role), names=o.name)
        )
    return _("; ").join(shown)


def numbered_title(number: str, title: str) -> str:
    """A heading behind the number the document gives it, never renumbered: (八)培训不到位,
    问题3 制度执行不严, 3．制度执行不严."""
    if number.endswith((")", "）", "、", ".", "．", ":", "：")):
        return f"{number}{title}"
    if number.isdigit():
        return _("{number}. {title}").format(number=number, title=title)
    return _("{number} {title}").format(number=number, title=title)


def named(name: str | None, ident: str) -> str:
    """A target by its name, the id that is typed beside it: 长者食堂 (canteens), 长者食堂（canteens）."""
    return _("{name} ({id})").format(name=name, id=ident) if name else ident


# Notes rectify writes itself when an entry is withdrawn; shown in the language of the view, whichever
# language they were recorded in.
AUTO_NOTES = (N_("undo"), N_("marked done by mistake"))


def said_note(note: str | None) -> str | None:
    """A note as written, but one of rectify's own (`AUTO_NOTES`) in the view's language."""
    if note is None:
        return None
    for english in AUTO_NOTES:
        if note in (english, catalog("zh").gettext(english)):
            return _(english)
    return note


def figure_in_text(value: float | None, unit: str | None) -> str:
    """A figure in a sentence (120 家, 120家), as running text writes it."""
    return figure(value, unit)
