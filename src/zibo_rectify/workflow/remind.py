"""催办 that reaches each unit: what each unit owes across plans, the messages a chat robot takes,
and the agenda of what falls due, by date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from zibo_rectify.i18n import _, long_date
from zibo_rectify.log import ProgressEntry
from zibo_rectify.model import Plan
from zibo_rectify.safetext import json_number
from zibo_rectify.workflow.due import Owed, leads

WECOM_MARKDOWN_BYTES = 4096  # a WeCom group robot's markdown message, at most (errcode 40058 beyond)
MESSAGE_BREAK = "<!-- rectify: next message -->"  # between two messages of `due --format md`


def by_unit(
    found: Sequence[tuple[Plan, list[Owed]]], owner: str | None
) -> list[tuple[str, list[tuple[Plan, list[Owed]]]]]:
    """What each unit owes, plan by plan, units in the order the plans first name them; only
    `owner`'s when one is named."""
    units: dict[str, list[tuple[Plan, list[Owed]]]] = {}
    for plan, owed in found:
        for o in owed:
            if owner is not None and o.unit != owner:
                continue
            plans = units.setdefault(o.unit, [])
            if not plans or plans[-1][0] is not plan:
                plans.append((plan, []))
            plans[-1][1].append(o)
    return list(units.items())


def due_blocks(
    found: Sequence[tuple[Plan, list[Owed]]], day: dt.date, owner: str | None, markdown: bool
) -> tuple[str, list[list[str]]]:
    """`due`'s heading, and a block of lines per unit across the plans."""
    many = len(found) > 1
    heading = (
        _("Figures owed for {plan} as of {date}").format(plan=found[0][0].title, date=day)
        if len(found) == 1
        else _("Figures owed as of {date}").format(date=day)
    )
    blocks = [unit_lines(unit, plans, markdown, many) for unit, plans in by_unit(found, owner)]
    return heading, blocks or [[_("Nothing is owed.")]]


def due_lines(found: Sequence[tuple[Plan, list[Owed]]], day: dt.date, owner: str | None) -> list[str]:
    heading, blocks = due_blocks(found, day, owner, False)
    lines = [heading]
    for n, block in enumerate(blocks):
        lines += ([""] if n else []) + block
    return lines


def due_messages(
    found: Sequence[tuple[Plan, list[Owed]]],
    day: dt.date,
    owner: str | None,
    limit: int = WECOM_MARKDOWN_BYTES,
) -> list[str]:
    """`due --format md`: messages of at most `limit` bytes each, for a chat robot."""
    heading, blocks = due_blocks(found, day, owner, True)
    return messages(f"## {heading}", blocks, limit)


def unit_lines(
    unit: str, plans: list[tuple[Plan, list[Owed]]], markdown: bool, many_plans: bool
) -> list[str]:
    """One unit's block: its name, then what it owes, under each plan's title when there are several."""
    from zibo_rectify.workflow.view import owed_text

    lines = [f"### {unit}" if markdown else unit]
    for plan, owed in plans:
        if many_plans:
            lines.append(f"**{plan.title}**" if markdown else f"  {plan.title}")
        items = owed_text(owed, markdown)[1:]  # its first line names the unit, said above
        lines += items if markdown or not many_plans else ["  " + line for line in items]
    return lines


def messages(heading: str, blocks: list[list[str]], limit: int = WECOM_MARKDOWN_BYTES) -> list[str]:
    """The blocks packed into messages of at most `limit` bytes (UTF-8), each opening with the
    heading (numbered when there are several); a block too long for one is split between its lines,
    its first line repeated, and a line too long for any is cut."""

    def size(lines: list[str]) -> int:
        return len("\n".join(lines).encode("utf-8"))

    room = limit - len(f"{heading} (99/99)\n\n".encode())
    pieces: list[list[str]] = []
    for block in blocks:
        current: list[str] = []
        for line in block:
            line = _cut(line, room - len(block[0].encode("utf-8")) - 2)
            if current and size([*current, line]) > room:
                pieces.append(current)
                current = [block[0] + _(" (continued)")]
            current.append(line)
        pieces.append(current)
    packed: list[list[str]] = []
    for piece in pieces:
        if packed and size([*packed[-1], "", *piece]) <= room:
            packed[-1] += ["", *piece]
        else:
            packed.append(list(piece))
    if not packed:
        return [heading]
    count = len(packed)
    return [
        "\n".join([heading if count == 1 else f"{heading} ({n}/{count})", "", *lines])
        for n, lines in enumerate(packed, 1)
    ]


def _cut(line: str, room: int) -> str:
    """The line, cut with … when it is longer than `room` bytes."""
    if len(line.encode("utf-8")) <= room:
        return line
    kept = line.encode("utf-8")[: max(room - 3, 0)].decode("utf-8", "ignore")
    return kept + "…"


class AgendaItem(NamedTuple):
    on: dt.date
    plan: Plan
    number: str  # 序号
    name: str
    what: str  # "goal" or "milestone"
    value: float | None
    unit: str | None
    leads: list[str]


def agenda(
    sources: Sequence[tuple[Plan, Sequence[ProgressEntry]]], day: dt.date, days: int
) -> list[AgendaItem]:
    """What falls due from `day` to `days` days on, across the plans, by date: each unfinished
    target's deadline and each milestone not yet reached, with the units that lead."""
    from zibo_rectify.present.build import item_number
    from zibo_rectify.status import FINISHED
    from zibo_rectify.workflow.ledger import status_on

    horizon = day + dt.timedelta(days=days)
    found = []
    for plan, entries in sources:
        __, status = status_on(plan, entries, day)
        for t in status.targets:
            if t.state in FINISHED or not t.counted:
                continue
            owners = leads(plan, t.problem, t.target)
            number = item_number(plan, t)
            unit = t.target.unit
            if t.due is not None and day <= t.due <= horizon:
                goal = t.goal if isinstance(t.goal, int | float) else None
                found.append(AgendaItem(t.due, plan, number, t.target.name, "goal", goal, unit, owners))
            for m in t.milestones:
                if day <= m.by <= horizon and m.reached is not True:
                    found.append(
                        AgendaItem(m.by, plan, number, t.target.name, "milestone", m.value, unit, owners)
                    )
    return sorted(found, key=lambda i: (i.on, i.plan.id, i.number))


def agenda_lines(items: list[AgendaItem], day: dt.date, days: int, many_plans: bool) -> list[str]:
    """The agenda as lines: a date, then what falls due that day and who leads it."""
    from zibo_rectify.figures import figure
    from zibo_rectify.present.phrase import units_phrase

    lines = [
        _("Falling due from {start} to {end}").format(
            start=long_date(day), end=long_date(day + dt.timedelta(days=days))
        )
    ]
    if not items:
        return [*lines, _("Nothing falls due.")]
    on = None
    for item in items:
        if item.on != on:
            on = item.on
            lines.append(long_date(on))
        where = f"{item.plan.title} · " if many_plans else ""
        what = (
            _("milestone {value}").format(value=figure(item.value, item.unit))
            if item.what == "milestone"
            else _("deadline, goal {value}").format(value=figure(item.value, item.unit))
            if item.value is not None
            else _("deadline")
        )
        lead = units_phrase("lead", list(item.leads))
        lines.append(f"  {where}{item.number} {item.name}: {what}; {lead}")
    return lines


def agenda_json(items: list[AgendaItem], day: dt.date, days: int) -> dict[str, object]:
    return {
        "as_of": day.isoformat(),
        "days": days,
        "items": [
            {
                "date": i.on.isoformat(),
                "plan": i.plan.id,
                "number": i.number,
                "name": i.name,
                "what": i.what,
                "value": json_number(i.value),
                "unit": i.unit,
                "leads": i.leads,
            }
            for i in items
        ],
    }
