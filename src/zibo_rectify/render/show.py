"""`rectify show`: everything about one target on the terminal, from the presentation model."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zibo_rectify.i18n import N_, _
from zibo_rectify.present import phrase, stated, text
from zibo_rectify.present.labels import flag_label, mark_label
from zibo_rectify.present.model import PlanReport, TargetRow
from zibo_rectify.render.cells import STATE_STYLE, cell
from zibo_rectify.report.chart import chart, text_chart

FIELDS = (
    N_("Problem"),
    N_("Measure"),
    N_("Responsible units"),
    N_("Responsible persons"),
    N_("Goal"),
    N_("Start"),
    N_("Deadline"),
    N_("Progress so far"),
    N_("Completion state"),
)


def show(out: Console, plan: PlanReport, t: TargetRow) -> None:
    as_of = _("as of {date}").format(date=phrase.official_date(plan.as_of))
    out.print(cell(f"{plan.title}  ·  {plan.plan}  ·  {as_of}", "bold"))
    for line in (stated.document_line(plan), stated.events_line(plan.stated), *stated.tally_sentences(plan)):
        if line:
            out.print(cell(line, "dim"))
    out.print(cell(f"{t.number}  {t.name}  ({t.id})", "bold cyan"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    values = (
        t.problem_title,
        t.measure or "—",
        text.units_text(t) or "—",
        text.persons_text(t) or "—",
        text.goal_text(t),
        text.day(t.start),
        phrase.due_phrase(t, t.years),
        text.progress_text(t),
    )
    for label, value in zip(FIELDS, values, strict=False):
        facts.add_row(_(label), cell(value))
    facts.add_row(_(FIELDS[-1]), cell(text.state_text(t), STATE_STYLE[t.state] if t.state else "dim"))
    out.print(facts)
    if t.milestones:
        out.print(_milestones(t))
    for line in pace_lines(t):
        out.print(cell(line))
    frame = chart(t, plan.as_of)
    if frame is not None:
        out.print()
        for line in text_chart(frame):
            out.print(Text(line))
        out.print(
            Text(_("· planned path   ● recorded   ◆ milestone reached   ✗ missed   ◇ ahead"), style="dim")
        )
    out.print()
    out.print(_history(t) if t.history else Text(_("No progress recorded yet.")))


def pace_lines(t: TargetRow) -> list[str]:
    need = phrase.need_phrase(t)
    lines = [need] if need is not None else []
    risk = " · " + flag_label("at_risk") if t.at_risk else ""
    if t.forecast is not None:
        lines.append(_("forecast {date}").format(date=phrase.official_date(t.forecast)) + risk)
    elif t.at_risk:
        lines.append(_("no trend yet") + risk)
    return lines


def _milestones(t: TargetRow) -> Table:
    table = Table(title=_("Milestones"), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for header in (N_("By"), N_("Value wanted"), N_("Value that day"), N_("Reached")):
        table.add_column(_(header) if header != "By" else _("Deadline"), no_wrap=True)
    for m in t.milestones:
        verdict = (
            Text("✓ " + _("reached"), style="green")
            if m.reached
            else Text("✗ " + _("missed"), style="red")
            if m.reached is False
            else Text(_("ahead"), style="dim")
        )
        table.add_row(
            phrase.official_date(m.by),
            cell(phrase.amount(m.value, t.unit, t.whole)),
            cell(phrase.amount(m.value_then, t.unit, t.whole)),
            verdict,
        )
    return table


def _history(t: TargetRow) -> Table:
    table = Table(title=_("History"), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for header, wrap in (
        (N_("Date"), False),
        (N_("Value"), True),
        (N_("By"), True),
        (N_("Note"), True),
        (N_("Evidence"), True),
        (N_("Recorded"), False),
    ):
        table.add_column(_(header), overflow="fold", no_wrap=not wrap)
    for e in t.history:
        value = text.entry_value(e)
        if e.correction:
            value += _(" (correction)")
        mark = text.entry_mark(e) if not e.correction else mark_label("superseded") if e.superseded else ""
        if mark:  # superseded, awaiting review, sent back or withdrawn: it does not count
            value += f" [{mark}]"
        style = "dim strike" if e.superseded or e.mark in ("rejected", "withdrawn") else ""
        table.add_row(
            cell(e.date),
            cell(value, style),
            cell(e.by or ""),
            cell(e.note or ""),
            cell(e.evidence or ""),
            cell(phrase.recorded_time(e.recorded)),
        )
    return table
