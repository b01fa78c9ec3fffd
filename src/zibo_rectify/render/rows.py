"""The status table's cells for a target and its parts, laid out from the presentation model.

Every word and figure here is `present.phrase`'s; this module only picks the
colour and which cell each goes in.
"""

from __future__ import annotations

from rich.text import Text

from zibo_rectify.i18n import _, long_date, ngettext
from zibo_rectify.present import phrase
from zibo_rectify.present.labels import NO_DEADLINE, flag_label
from zibo_rectify.present.rows import PartRow, TargetRow
from zibo_rectify.render.cells import STATE_STYLE, bar, cell
from zibo_rectify.safetext import inert


def progress_cell(t: TargetRow) -> Text:
    """The bar and the share done; a task done: ✓ and its day; open: ○."""
    if t.kind == "task":
        if t.state in ("done", "met") and t.done_on is not None:
            when = _("by {date}") if t.done_undated else _("done {date}")
            return Text("✓ " + when.format(date=phrase.terminal_date(t.done_on, t.years)), style="green")
        if t.percent is not None:
            done = phrase.share(t) or 0.0
            return Text(f"{bar(done)} {phrase.share_text(done):>4}")
        return Text("○ " + _("open"), style="dim")
    ratio = phrase.share(t)
    if t.kind == "indicator" or t.comparison in ("at_most", "less_than"):
        return Text()  # a figure against a limit, or with none: no progress to draw
    if ratio is None:
        return Text(bar(0), style="dim")
    return Text(f"{bar(ratio)} {phrase.share_text(ratio):>4}")


def value_cell(t: TargetRow) -> Text:
    """The figure in force against the goal with its direction: 61.3% / ≥60%, 3.9% / <4.3%."""
    return Text() if t.kind == "task" else cell(phrase.value_against_goal(t))


def state_cell(
    state: str | None, days_overdue: int | None, flags: tuple[str, ...] | list[str], undated: bool = False
) -> Text:
    """The state column: 逾期N天 on an overdue item, 逾期完成, 超额完成 or 超出 on a finished one,
    已完成（未载明日期） on one the document says is done without a date."""
    if state is None:
        return Text(NO_DEADLINE, style="dim")
    return Text(phrase.state_phrase(state, days_overdue, flags, undated), style=STATE_STYLE[state])


def _milestones(t: TargetRow) -> Text:
    text = Text()
    for m in t.milestones:
        if text:
            text.append(" · ")
        said = inert(phrase.milestone_phrase(m, t))  # the unit is the plan's text
        text.append(said, style="green" if m.reached is True else "red" if m.reached is False else "")
    return text


def _when_line(t: TargetRow) -> Text | None:
    """The forecast and the office's own expected date side by side, and at risk."""
    parts = []
    if t.forecast is not None:
        parts.append(_("forecast {date}").format(date=long_date(t.forecast)))
    elif t.at_risk and t.expected is None:
        parts.append(_("no trend yet"))
    if t.expected is not None and t.state not in ("done", "met"):
        parts.append(_("expected {date}").format(date=long_date(t.expected)))
    if not parts:
        return None
    line = Text(" · ".join(parts))
    if t.at_risk:
        line.append(" · " + flag_label("at_risk"), style="bold yellow")
    return line


def _late_line(t: TargetRow) -> Text | None:
    if t.done_on is None or not t.late_by_days:
        return None
    return Text(
        ngettext("done {date}, {days} day late", "done {date}, {days} days late", t.late_by_days).format(
            date=phrase.terminal_date(t.done_on, t.years), days=t.late_by_days
        ),
        style="yellow",
    )


def _flag_lines(t: TargetRow) -> list[Text]:
    lines = []
    if "stale" in t.flags and t.last_entry is not None:
        lines.append(
            Text(
                _("{flag}: last figure {date}").format(
                    flag=flag_label("stale"), date=long_date(t.last_entry)
                ),
                style="yellow",
            )
        )
    said = phrase.state_phrase(t.state, t.days_overdue, t.flags, t.done_undated)
    for flag in ("exceeded", "overshoot"):  # when the state column says 逾期完成 instead
        if flag in t.flags and flag_label(flag) not in said and _("done, exceeded") != said:
            lines.append(Text(flag_label(flag), style="yellow" if flag == "overshoot" else "green"))
    if "no_data" in t.flags and t.state != "no_data":
        lines.append(Text(flag_label("no_data"), style="magenta"))
    if t.reconfirmed is not None:
        lines.append(Text(_("reconfirmed {date}").format(date=long_date(t.reconfirmed)), style="green"))
    if t.missed_periods:
        lines.append(cell(phrase_missed(t), "red"))
    word = phrase.verdict_phrase(t.verdict, t.figures_state, t.state, "verdict_differs" in t.flags)
    if word is not None:
        lines.append(cell(word, "yellow" if t.verdict in ("slow", "stalled") else ""))
    return lines


def phrase_missed(t: TargetRow) -> str:
    periods = ", ".join(f"{d:%Y-%m}" for d in t.missed_periods)
    return _("missed: {periods}").format(periods=periods)


def notes_cell(t: TargetRow, problem_owners: str | None) -> Text:
    """Its category and phase, milestones, what the target needs, the forecast and flags, the latest
    note, the owners when they are not the problem's, one line each."""
    lines = [cell(t.structure, "dim")] if t.structure else []  # its category and phase first
    lines += [_milestones(t)] if t.milestones else []
    need = phrase.need_phrase(t)
    if need is not None:
        lines.append(cell(need, "bold yellow" if t.need and t.need.per_month is None else ""))
    lines += [line for line in (_when_line(t), _late_line(t)) if line is not None]
    lines += _flag_lines(t)
    if t.last_note:
        when = phrase.terminal_date(t.last_note_date, t.years)
        lines.append(cell(_("note {date}: {text}").format(date=when, text=t.last_note)))
    owners = phrase.owners_phrase(t.owners, phrase.ALL_ROLES)
    if owners and owners != problem_owners:
        lines.append(cell(owners))
    return Text("\n").join(lines)


def target_cells(t: TargetRow, problem_owners: str | None) -> tuple[Text, ...]:
    return (
        cell(t.name, "bold"),
        cell(t.id, "dim"),
        progress_cell(t),
        value_cell(t),
        Text(phrase.due_column(t, t.years)),
        state_cell(t.state, t.days_overdue, t.flags, t.done_undated),
        notes_cell(t, problem_owners),
    )


def part_cells(t: TargetRow, p: PartRow) -> tuple[Text, ...]:
    """A part's row, indented under its target: its name, id, figure against its goal, due, state."""
    if t.kind == "task":
        value = Text()
    else:
        amount = phrase.amount(p.value, t.unit if t.kind in ("rate", "change") else None, t.whole)
        value = cell(f"{amount} / {phrase.part_goal(p, t)}" if p.goal is not None else amount)
    ratio = phrase.part_share(p, t)
    progress = (
        Text(f"{bar(ratio)} {phrase.share_text(ratio):>4}")
        if ratio is not None and t.kind != "task" and t.comparison not in ("at_most", "less_than")
        else Text()
    )
    notes = [cell(_("note: {text}").format(text=p.last_note))] if p.last_note else []
    word = phrase.verdict_phrase(p.verdict, p.figures_state, p.state, "verdict_differs" in p.flags)
    notes += [cell(word)] if word is not None else []
    return (
        cell(f"  └ {p.name}"),
        cell(p.id, "dim"),
        progress,
        value,
        Text(phrase.due_column(p, t.years)),
        state_cell(p.state, p.days_overdue, p.flags, p.done_undated),
        Text("\n").join(notes),
    )
