"""The one table of words per thing a view names: states, flags, verdicts, roles, roll-ups, warning
levels, marks.

Each label is an English message with its Chinese in the catalog, so one
table serves both languages; every view takes its words from here, so a
state reads the same in the status table, a ledger and a warning.
"""

from __future__ import annotations

from zibo_rectify.i18n import N_, _
from zibo_rectify.status import Flag, Rollup, State

STATE_LABEL = {
    State.NOT_STARTED: N_("not started"),
    State.NO_DATA: N_("no data"),
    State.ON_TRACK: N_("on track"),
    State.BEHIND: N_("behind"),
    State.OVERDUE: N_("overdue"),
    State.DONE: N_("done"),
    State.MET: N_("met"),
    State.NOT_MET: N_("not met"),
}
FLAG_LABEL = {
    Flag.NO_DATA: N_("no data"),
    Flag.STALE: N_("not updated for long"),
    Flag.EXCEEDED: N_("exceeded"),  # 超额完成: past an at-least or more-than goal
    Flag.OVERSHOOT: N_("over the goal"),  # 超出: past an exact, range or about goal
    Flag.LATE: N_("done late"),
    Flag.AT_RISK: N_("at risk"),
    Flag.VERDICT_DIFFERS: N_("verdict differs"),  # the office says better than the figures
}
ROLLUP_LABEL = {
    Rollup.RECTIFIED: N_("rectified"),
    Rollup.PARTLY: N_("partly rectified"),
    Rollup.IN_PROGRESS: N_("rectification in progress"),
    Rollup.OVERDUE: N_("rectification overdue"),
}
ROLE_LABEL = {
    "leader": N_("leader in charge"),
    "head": N_("head"),
    "deputy": N_("deputy"),
    "lead": N_("lead"),
    "co_lead": N_("co-lead"),
    "supporting": N_("supporting"),
    "person": N_("person responsible"),
    "group": N_("leading group"),
    "external": N_("outside party"),
}
LEVEL_LABEL = {
    "none": N_("no warning"),
    "blue": N_("blue warning"),
    "yellow": N_("yellow warning"),
    "red": N_("red warning"),
}
MARK_LABEL = {
    "pending": N_("pending review"),
    "rejected": N_("rejected"),
    "withdrawn": N_("withdrawn"),
    "superseded": N_("superseded"),
}
# The office's own verdict on a target's pace, as the log stores it, with its label.
VERDICT_LABEL = {
    "ahead": N_("ahead of schedule"),
    "on_track": N_("on schedule"),
    "slow": N_("progressing slowly"),
    "stalled": N_("seriously lagging"),
}
NO_DEADLINE = "—"  # due: none, and an indicator's state: nothing to show
DUE_READ = N_("read from the year")  # due_stated: false, a deadline 年度 gives, not written


def state_label(state: str | None) -> str:
    """A state in words; an indicator has none."""
    return _(STATE_LABEL[State(state)]) if state else NO_DEADLINE


def flag_label(flag: str) -> str:
    return _(FLAG_LABEL[Flag(flag)])


def rollup_label(rollup: str) -> str:
    return _(ROLLUP_LABEL[Rollup(rollup)])


def role_label(role: str) -> str:
    return _(ROLE_LABEL[role]) if role in ROLE_LABEL else role


def level_label(level: str | None) -> str:
    return _(LEVEL_LABEL[level or "none"])


def mark_label(mark: str | None) -> str:
    """What later entries made of an entry (待审核, 退回, 撤回, 已被更正); empty when it counts."""
    return _(MARK_LABEL[mark]) if mark in MARK_LABEL else ""


def verdict_label(verdict: str) -> str:
    """The office's verdict in the interface language (提前, 按序时, 推进缓慢, 严重滞后)."""
    return _(VERDICT_LABEL[verdict]) if verdict in VERDICT_LABEL else verdict


def office_word(
    verdict: str | None, figures_state: State | None, state: State | None, differs: bool
) -> str | None:
    """The office's verdict, and beside it what the figures say when the two judge apart:
    "office: 推进缓慢; figures: on track", or "office: 按序时, better than the figures: behind"."""
    if verdict is None:
        return None
    said = _("office: {verdict}").format(verdict=verdict_label(verdict))
    if figures_state is None or figures_state == state and not differs:
        return said
    figures = _(STATE_LABEL[figures_state])
    if differs:
        return _("{said}, better than the figures: {figures}").format(said=said, figures=figures)
    return _("{said}; figures: {figures}").format(said=said, figures=figures)
