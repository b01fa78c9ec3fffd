"""The 通报 as a 公文 says it: title, 主送, the four sections, 附件说明, 落款 and 成文日期, and the
annex's rows, built from the report model in the nouns of the document's type.

The docx writer only lays these out.  Dates are written as an office writes them (2022年9月30日 in a
sentence, 二〇二二年九月三十日 under the signature, 9月30日 in a table of one year), never in ISO
form, and no sentence carries a ✓ ✗ or →.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import NamedTuple

from zibo_rectify.figures import figure
from zibo_rectify.i18n import N_, _, language, long_date, month_day
from zibo_rectify.knownat import PLAN_ZONE, shown
from zibo_rectify.present import phrase, stated, text
from zibo_rectify.present.labels import verdict_label
from zibo_rectify.present.model import PartRow, PlanReport, ProblemRow, Report, TargetRow
from zibo_rectify.report.nouns import Nouns, nouns

HANZI_DIGITS = "〇一二三四五六七八九"
SLOW_VERDICTS = ("slow", "stalled")  # 推进缓慢, 严重滞后: the offices' own word, told apart in 存在的问题
# What a plan's title ends with that the report's own title says again (整改…情况的报告).
TITLE_ENDINGS = (
    "整改落实情况清单",
    "整改情况清单",
    "整改方案",
    "整改报告",
    "整改清单",
    "推进情况表",
    "完成情况表",
    "任务分解表",
    "情况表",
    "清单",
    "台账",
)


class Part(NamedTuple):
    """A part of a section: a numbered subheading ((一)…) or none, and its paragraphs."""

    heading: str | None
    paragraphs: list[str]


class Section(NamedTuple):
    heading: str  # 一、总体进展情况 …
    parts: list[Part]


class Bulletin(NamedTuple):
    """One plan's 通报, in reading order."""

    title: str
    addressees: str | None  # 主送: 各区县民政局：
    sections: list[Section]
    annex_note: str  # 附件：整改台账
    issuer: str | None  # 落款
    date: str  # 成文日期: 二〇二二年九月三十日
    annex_title: str  # over the annex's table: 整改台账（截至2022年9月30日）


ANNEX = N_("Annex")


def bulletin(plan: PlanReport) -> Bulletin:
    words = nouns(plan.document_type)
    ledger = _(words.ledger)
    sections = [
        Section(_("Overall progress"), [Part(None, overall(plan))]),
        Section(_(words.by_item), by_item(plan, words)),
        Section(_("Problems that remain"), problems_remaining(plan, words)),
        Section(_("Next steps"), next_steps(plan)),
    ]
    return Bulletin(
        title=report_title(plan),
        addressees=_("{names}:").format(names=text.joined(list(plan.addressees)))
        if plan.addressees
        else None,
        sections=sections,
        annex_note=_("{annex}: {title}").format(annex=_(ANNEX), title=ledger),
        issuer=plan.issuer,
        date=written_date(plan.as_of),
        annex_title=_("{ledger} (as of {date})").format(ledger=ledger, date=long_date(plan.as_of)),
    )


def basis(report: Report) -> str:
    """What the 通报 rests on, its time as a 公文 writes it (2022年9月30日 17:02:05), not in ISO form."""
    recorded, commit = report.basis
    if recorded is None:
        said = _("This report rests on no progress entry: none was recorded.")
    else:
        moment = recorded.astimezone(PLAN_ZONE)
        time = f"{long_date(moment.date())} {moment:%H:%M:%S}" if language() == "zh" else shown(recorded)
        said = _("This report rests on the progress entries recorded up to {time}.").format(time=time)
    if commit:
        said += _(" The plans are those of commit {commit}.").format(commit=commit[:12])
    return said


def plan_names(report: Report) -> dict[str, str]:
    """Each plan by its title; by its title and id where two plans of the report share a title."""
    titles = [p.title for p in report.plans]
    return {p.plan: p.title if titles.count(p.title) == 1 else f"{p.title}（{p.plan}）" for p in report.plans}


def report_title(plan: PlanReport) -> str:
    """关于…整改进展情况的报告, or the plan's own title when it already is a report (…报告, …通报)."""
    title = plan.title.strip()
    if title.endswith(("报告", "通报")):
        return title
    return _(nouns(plan.document_type).report).format(subject=subject(title))


def subject(title: str) -> str:
    """What a plan's title is about, without 关于 and the kind of paper it is (整改方案, 清单…)."""
    said = title.strip().removeprefix("关于")
    for ending in TITLE_ENDINGS:
        if said.endswith(ending) and len(said) > len(ending):
            return said.removesuffix(ending)
    return said


def written_date(day: dt.date) -> str:
    """成文日期 in 汉字 (二〇二二年九月三十日); the whole date in English."""
    if language() != "zh":
        return f"{day.day} {day:%B %Y}"
    year = "".join(HANZI_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{hanzi_number(day.month)}月{hanzi_number(day.day)}日"


def hanzi_number(n: int) -> str:
    """1 to 31 as written in a date: 九, 十, 十二, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else HANZI_DIGITS[tens] + "十"
    return head + (HANZI_DIGITS[ones] if ones else "")


# Where a title may break and keep its words whole (GB/T 9704: 回行时词意完整): before the report's
# own words or an opening bracket, after 关于, 的 or a closing bracket.
BREAK_BEFORE = ("整改", "推进", "办理", "（", "《")
BREAK_AFTER = ("关于", "的", "》", "）")
BREAK_REACH = 5  # ems a break may move from the balanced place to keep a word whole


def title_lines(title: str, per_line: float) -> list[str]:
    """The title broken into lines of about equal width, so no line holds a lone character, each
    break moved to the nearest place that keeps words whole when one is near; a Latin letter or
    digit counts half a Chinese one, and a run of them is never split."""
    widths = [0.5 if ord(c) < 0x2E80 else 1.0 for c in title]
    edges = [sum(widths[:i]) for i in range(len(title) + 1)]  # the width before each place
    total = edges[-1]
    count = max(1, math.ceil(total / per_line))
    cuts = [0]
    for n in range(1, count):
        goal = total * n / count
        end = max(range(cuts[-1] + 1, len(title)), key=lambda i: -abs(edges[i] - goal), default=len(title))
        while 0 < end < len(title) and widths[end] < 1 and widths[end - 1] < 1:  # inside 2022
            end -= 1
        whole = [
            i
            for i in range(cuts[-1] + 1, len(title))
            if (title.startswith(BREAK_BEFORE, i) or title[:i].endswith(BREAK_AFTER))
            and abs(edges[i] - goal) <= BREAK_REACH
            and edges[i] - edges[cuts[-1]] <= per_line
            and total - edges[i] <= per_line * (count - n)
        ]
        cuts.append(min(whole, key=lambda i: abs(edges[i] - goal)) if whole else end)
    cuts.append(len(title))
    return [title[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if title[a:b]]


def in_year(day: dt.date | None, plan: PlanReport) -> str:
    """A date in the annex: 9月30日 when the whole plan lies in one year, else 2023年9月30日."""
    if day is None:
        return ""
    return month_day(day) if one_year(plan) else long_date(day)


def one_year(plan: PlanReport) -> bool:
    days = [d for t in plan.targets for d in (t.start, t.due) if d is not None]
    return all(d.year == plan.as_of.year for d in days)


def overall(plan: PlanReport) -> list[str]:
    sentences = text.summary_sentences(plan.summary, plan.document_type)
    document = stated.document_line(plan)
    said = [_("{items}.").format(items=document)] if document else []
    if sentences:
        first = _("As of {date}, {sentence}").format(date=long_date(plan.as_of), sentence=sentences[0])
        said.append(sentences_of([first, *sentences[1:]]))
    own = stated.overall_sentences(plan)  # the document's own counts, a paragraph apart from ours
    return said + ([sentences_of(own)] if own else [])


def sentences_of(sentences: list[str]) -> str:
    """Sentences run on in one paragraph: after a Chinese full stop nothing, after an English one a space."""
    return ("" if language() == "zh" else " ").join(sentences)


def by_item(plan: PlanReport, words: Nouns) -> list[Part]:
    """Each problem: its roll-up and the tasks not yet done; in a plan of targets only, each target."""
    if not any(problem.id for problem in plan.problems):
        return [
            Part(
                numbered(n, t.name, t.judged.target.number if t.judged else None), [target_paragraph(t, plan)]
            )
            for n, t in enumerate(plan.targets)
        ]
    return [
        Part(numbered(n, problem.title, problem.own_number), [problem_paragraph(problem, words, plan)])
        for n, problem in enumerate(plan.problems)
    ]


def target_paragraph(t: TargetRow, plan: PlanReport) -> str:
    said = _("{standing}.").format(standing=standing(t, plan))
    return sentences_of([said, _("Latest: {note}.").format(note=t.last_note)]) if t.last_note else said


def problem_paragraph(problem: ProblemRow, words: Nouns, plan: PlanReport) -> str:
    finished = [t for t in problem.targets if t.state in ("done", "met")]
    said = _("{count} {task} in all, {done} completed.").format(
        count=len(problem.targets), task=_(words.task), done=len(finished)
    )
    if problem.id:
        said = _("{rollup}. {rest}").format(rollup=text.rollup_label(problem.rollup), rest=said)
    open_ = [t for t in problem.targets if t.state not in ("done", "met")]
    if open_:
        listed = _("; ").join(
            _("{name} ({standing})").format(name=t.name, standing=standing(t, plan)) for t in open_
        )
        said = sentences_of([said, _("Not yet completed: {items}.").format(items=listed)])
    return said


def standing(t: TargetRow, plan: PlanReport) -> str:
    """Where a target stands, in words: 226家（完成目标的75.3%），按序时推进 / 已超期30天."""
    said = [state_words(t, plan)] if t.state else []  # an indicator has a figure, no state
    if t.kind != "task" and t.value is not None:
        said.insert(0, figure_words(t))
    return _(", ").join(said)


def state_words(t: TargetRow, plan: PlanReport) -> str:
    if t.days_overdue:
        return _("overdue by {days} days").format(days=t.days_overdue)
    return text.state_label(t.state)


def chinese_count(n: int) -> str:
    """(一) … (十), (十一) …: the n-th (from 0) of a list in a 公文."""
    return hanzi_number(n + 1) if n < 99 else str(n + 1)


def since_heading(plan: PlanReport) -> str:
    """本期变化（2022年10月1日至2022年11月1日）: the span in the words of running text."""
    assert plan.since is not None
    return text.since_heading(plan.since)


def without_marks(said: str) -> str:
    """A change as a sentence says it: the words already say reached or missed, so ✓ and ✗ go, and
    an arrow between two states becomes a word."""
    for mark in ("✓ ", "✗ "):
        said = said.replace(mark, "")
    return said.replace(" → ", _(" then ")).replace("→", _(" then "))


def numbered(n: int, heading: str, own: str | None = None) -> str:
    """The n-th (from 0) subheading: （一）… in Chinese; the number the document gives it, when it does."""
    if own:
        return phrase.numbered_title(own, heading)
    return f"（{chinese_count(n)}）{heading}" if language() == "zh" else heading


def problems_remaining(plan: PlanReport, words: Nouns) -> list[Part]:
    """存在的问题: overdue, behind, missed milestones, no recent figure, at risk; in sentences."""
    task = _(words.task)
    targets = plan.targets
    groups: list[tuple[str, list[str]]] = []
    overdue = [t for t in targets if t.days_overdue]
    late = [t for t in targets if t.late_by_days]
    if overdue or late:
        said = []
        if overdue:
            items = _("; ").join(
                _("{name}, due {date}, overdue by {days} days ({unit})").format(
                    name=t.name, date=long_date(t.due), days=t.days_overdue, unit=lead(t)
                )
                for t in overdue
                if t.due is not None
            )
            said.append(
                _("{count} {task} are past their deadline: {items}.").format(
                    count=len(overdue), task=task, items=items
                )
            )
        if late:
            items = _("; ").join(
                _("{name}, {days} days late").format(name=t.name, days=t.late_by_days) for t in late
            )
            said.append(
                _("{count} were completed after their deadline: {items}.").format(
                    count=len(late), items=items
                )
            )
        groups.append((_("Past the deadline"), [sentences_of(said)]))
    slow = [t for t in targets if t.verdict in SLOW_VERDICTS and t.state not in ("done", "met")]
    behind = [t for t in targets if t.state in ("behind", "not_met") and not t.days_overdue and t not in slow]
    if behind:
        items = _("; ").join(
            _("{name} ({standing})").format(name=t.name, standing=behind_words(t)) for t in behind
        )
        groups.append(
            (
                _("Behind the planned pace"),
                [
                    _("{count} {task} are behind the planned pace: {items}.").format(
                        count=len(behind), task=task, items=items
                    )
                ],
            )
        )
    if slow:
        items = _("; ").join(
            _("{name} ({verdict}, {unit})").format(
                name=t.name, verdict=verdict_label(t.verdict or ""), unit=lead(t)
            )
            for t in slow
        )
        slowly = _("{count} {task} progress slowly in their units' own word: {items}.")
        groups.append((_("Progressing slowly"), [slowly.format(count=len(slow), task=task, items=items)]))
    if plan.missed:
        items = _("; ").join(
            _("{name} was to reach {value} by {date} and had {then}").format(
                name=t.name,
                value=figure(m.value, t.unit),
                date=long_date(m.by),
                then=figure(m.value_then, t.unit) if m.value_then is not None else _("no figure"),
            )
            for t, m in plan.missed
        )
        groups.append((_("Milestones missed"), [_("{items}.").format(items=items)]))
    if plan.stale:
        items = _("; ").join(
            _("{name} (last figure {date})").format(name=t.name, date=long_date(t.last_entry))
            if t.last_entry
            else t.name
            for t in plan.stale
        )
        groups.append(
            (
                _("No recent figure"),
                [
                    _("{count} have had no figure for longer than their cadence: {items}.").format(
                        count=len(plan.stale), items=items
                    )
                ],
            )
        )
    risky = [t for t in targets if t.at_risk and not t.days_overdue]
    if risky:
        items = _("; ").join(t.name for t in risky)
        groups.append(
            (
                _("At risk"),
                [
                    _("At the present pace {count} may not be completed in time: {items}.").format(
                        count=len(risky), items=items
                    )
                ],
            )
        )
    if not groups:
        return [
            Part(
                None,
                [
                    _("No {task} is overdue, behind the planned pace or without a recent figure.").format(
                        task=task
                    )
                ],
            )
        ]
    return [Part(numbered(n, heading), paragraphs) for n, (heading, paragraphs) in enumerate(groups)]


def behind_words(t: TargetRow) -> str:
    """应达到X，实际Y, or the state alone when no planned figure is known."""
    if t.planned is not None and t.value is not None and t.kind != "task":
        return _("{planned} planned, {value} reached").format(
            planned=figure(t.planned, t.unit), value=figure(t.value, t.unit)
        )
    return text.state_label(t.state)


def lead(t: TargetRow) -> str:
    return text.joined(t.leads) if t.leads else t.owner or "—"


def next_steps(plan: PlanReport) -> list[Part]:
    """下一步工作: by lead unit, what is overdue first, then what falls due next for each target not
    yet completed, soonest first; a target no unit leads falls to the issuer."""
    by_unit: dict[str, list[tuple[dt.date | None, str]]] = {}
    for t in plan.targets:
        if t.state in ("done", "met") or t.kind == "indicator":
            continue
        if t.days_overdue:
            step: tuple[dt.date | None, str] = (
                None,
                _("{name}, {days} days overdue").format(name=t.name, days=t.days_overdue),
            )
        else:
            step = next_due(t, plan.as_of)
            if step[0] is None:
                continue
        unit = lead(t) if t.leads or t.owner else plan.issuer or _("no unit named")
        by_unit.setdefault(unit, []).append(step)
    parts = []
    for n, (unit, items) in enumerate(by_unit.items()):
        dated: dict[dt.date | None, list[str]] = {}
        for when, what in sorted(items, key=lambda item: item[0] or dt.date.min):
            dated.setdefault(when, []).append(what)
        steps = _("; ").join(
            _("without delay: {items}").format(items=text.joined(whats))
            if when is None
            else _("by {date}: {items}").format(date=long_date(when), items=text.joined(whats))
            for when, whats in dated.items()
        )
        parts.append(Part(numbered(n, unit), [_("{steps}.").format(steps=steps)]))
    if not parts:
        return [Part(None, [_("Every task due has been completed.")])]
    return parts


def next_due(t: TargetRow, as_of: dt.date) -> tuple[dt.date | None, str]:
    """The next date a target must meet, and what: its next milestone not yet reached, else its goal."""
    for m in t.milestones:
        if m.by > as_of and not m.reached:
            return m.by, _("{name} to reach {value}").format(name=t.name, value=figure(m.value, t.unit))
    if t.due is None:
        return None, t.name
    if t.kind == "task":
        return t.due, t.name
    return t.due, _("{name} to reach {value}").format(name=t.name, value=goal_figure(t))


def goal_figure(t: TargetRow) -> str:
    if t.goal_high is not None:
        return f"{figure(t.goal, None)}—{figure(t.goal_high, t.unit)}"
    return figure(t.goal, t.unit)


# The annex: nine columns made for A4 landscape, widths in millimetres (225 mm of 版心).
ANNEX_COLUMNS = (
    (N_("No."), 11),
    ("task", 36),
    ("goal", 24),
    (N_("Responsible units"), 22),
    (N_("Deadline"), 24),
    (N_("Progress so far"), 32),
    (N_("Completion state"), 27),
    (N_("Done on"), 24),
    (N_("Remarks"), 25),
)
WIDE_DATE = 6  # mm more for each date column when dates carry their year, taken from the text columns


def annex_headers(plan: PlanReport) -> list[str]:
    words = nouns(plan.document_type)
    named = {"task": words.task, "goal": words.goal}
    return [_(named.get(h, h)) for h, __ in ANNEX_COLUMNS]


def annex_widths(plan: PlanReport) -> list[float]:
    widths = [float(w) for __, w in ANNEX_COLUMNS]
    if not one_year(plan):
        for date_col in (4, 7):
            widths[date_col] += WIDE_DATE
        widths[8] -= WIDE_DATE  # 备注 and 当前进展 give the room
        widths[5] -= WIDE_DATE
    return widths


def annex_problem(problem: ProblemRow, words: Nouns) -> str:
    """The spanning row of a problem: its number, title and roll-up."""
    if not problem.id:
        return problem.title
    rollup = text.rollup_label(problem.rollup)
    return _("{number} {title} ({rollup})").format(number=problem.number, title=problem.title, rollup=rollup)


def annex_measure(t: TargetRow, words: Nouns) -> str:
    return _("{measure}: {text}").format(measure=_(words.measure), text=t.measure or "")


def annex_cells(t: TargetRow, plan: PlanReport) -> list[str]:
    return [
        t.number,
        t.name,
        goal_words(t, plan),
        units_words(t),
        (
            phrase.extended_due(t.due, t.original_due, t.years)
            if t.original_due
            else phrase.due_read(in_year(t.due, plan), t.due_stated)
        )
        if t.due
        else phrase.no_due(t),
        progress_words(t),
        completion_words(t, plan),
        in_year(t.done_on, plan),
        remarks(t),
    ]


def part_cells(part: PartRow, t: TargetRow, plan: PlanReport) -> list[str]:
    return [
        "",
        "　" + part.name,
        figure(part.goal, t.unit) if part.goal is not None else "",
        text.joined(list(part.owners)),
        in_year(part.due, plan) if part.due != t.due else "",
        figure(part.value, t.unit) if part.value is not None else "",
        text.state_label(part.state) if part.state else "",
        "",
        "",
    ]


def goal_words(t: TargetRow, plan: PlanReport) -> str:
    """整改目标 as every view words it (present/): 不低于60%, 不少于300家（7月31日前达到120家）, a
    task's deadline."""
    return text.goal_text(t)


def units_words(t: TargetRow) -> str:
    said = text.joined(t.leads) if t.leads else t.owner or ""
    if t.supporting:
        said += _(" (supporting: {owners})").format(owners=text.joined(t.supporting))
    return said


def figure_words(t: TargetRow) -> str:
    """The figure and its share of the goal as the status bar gives it (226家（完成目标的75%）; 498.1
    of 500 is 99%, never 100%), a task's done, or why neither."""
    if t.kind == "task":  # done, its share done (80%), or not done, as every view says it
        return phrase.value_phrase(t) if t.last_entry else _("no progress recorded")
    if t.value is None:
        return _("no figure yet")
    said = phrase.amount(t.value, t.unit, t.whole)
    share = share_done(t)
    if share is not None:
        said = _("{value} ({share} of the goal)").format(value=said, share=phrase.share_text(share))
    return said


def progress_words(t: TargetRow) -> str:
    """当前进展: the figure and its share of the goal, the latest note, a figure awaiting review."""
    said = figure_words(t)
    notes = [said] if said else []
    if t.last_note:
        notes.append(t.last_note)
    notes += [
        _("pending review: {value} of {date}").format(
            value=text.entry_figure(e, t.unit), date=long_date(e.date)
        )
        for e in t.pending
    ]
    return _("; ").join(notes)


def share_done(t: TargetRow) -> float | None:
    """Value ÷ goal, as every view gives it (`phrase.share`); None for a task here, whose words say it."""
    return None if t.kind == "task" else phrase.share(t)


def completion_words(t: TargetRow, plan: PlanReport) -> str:
    """完成情况: the state, 逾期完成, flags, each milestone missed, the warning level, in words."""
    said = [state_words(t, plan)]
    if t.late_by_days:
        said.append(_("done late, {days} days after the deadline").format(days=t.late_by_days))
    said += phrase.flags_shown(t)  # the flags every ledger names, in the one table of labels
    for m in t.missed:
        said.append(
            _("missed {value} by {date}, had {then}").format(
                value=figure(m.value, t.unit),
                date=in_year(m.by, plan),
                then=figure(m.value_then, t.unit) if m.value_then is not None else _("no figure"),
            )
        )
    if t.warning is not None:
        said.append(_(text.LEVEL_LABEL[t.warning]))
    expected = stated.expected_start_phrase(t)
    return _("; ").join([*said, *([expected] if expected else [])])


def remarks(t: TargetRow) -> str:
    """备注: category, phase, evidence and sign-off."""
    said = [x for x in (t.category, t.phase) if x]
    said += t.evidence
    if t.signed_off is not None:
        said.append(_("signed off"))
    return _("; ").join(said)


class AnnexRow(NamedTuple):
    kind: str  # problem and measure span the table; target and part have a cell per column
    cells: list[str]


def annex_rows(plan: PlanReport) -> Iterable[AnnexRow]:
    """The annex in order: each problem, each measure once (before its first target), each target
    and its parts."""
    words = nouns(plan.document_type)
    for problem in plan.problems:
        yield AnnexRow("problem", [annex_problem(problem, words)])
        measure: str | None = None
        for t in problem.targets:
            if t.measure and t.measure != measure:
                yield AnnexRow("measure", [annex_measure(t, words)])
            measure = t.measure
            yield AnnexRow("target", annex_cells(t, plan))
            for part in t.parts:
                yield AnnexRow("part", part_cells(part, t, plan))
