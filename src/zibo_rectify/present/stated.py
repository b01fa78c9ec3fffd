"""What a document states beside its targets, phrased once for every view: its 文号 with the
documents it names and its release date, a period read rather than stated, the steps of its
process, and its own counts over items it does not list (共42项，3项提前…)."""

from __future__ import annotations

from zibo_rectify.i18n import _, language, long_date
from zibo_rectify.model import Tally
from zibo_rectify.present.labels import state_label, verdict_label
from zibo_rectify.present.rows import PlanReport, Stated, TargetRow

# The counts of a tally, in the order a document gives them.
TALLY_COUNTS = ("done", "ahead", "on_track", "slow", "stalled")


def document_line(plan: PlanReport) -> str | None:
    """文号：示政办字〔2023〕21号，2023年7月14日发布；依据：示政发〔2023〕2号《…》: the document and
    the documents it names, under a report's title or in its first section."""
    s = plan.stated
    said = [_("Document No. {number}").format(number=s.number)] if s.number else []
    if s.released:
        said.append(_("released {date}").format(date=long_date(s.released)))
    for related in s.related:
        named = (related.number or "") + (f"《{related.title}》" if related.title else "")
        said.append(
            _("{relation}: {document}").format(relation=related.relation or _("related"), document=named)
        )
    if s.period is not None:
        start, end = s.period
        said.append(
            _("period not stated in the document, read as {start} to {end}").format(
                start=long_date(start), end=long_date(end)
            )
        )
    return _("; ").join(said) if said else None


def events_line(stated: Stated) -> str | None:
    """过程节点：公示期 2023年7月14日至2023年7月20日: the dated steps the document reports."""
    if not stated.events:
        return None
    steps = [
        _("{name} {start} to {end}").format(name=e.name, start=long_date(e.date), end=long_date(e.end))
        if e.end
        else f"{e.name} {long_date(e.date)}"
        for e in stated.events
    ]
    return _("Events: {steps}").format(steps=_("; ").join(steps))


def tally_sentence(tally: Tally) -> str:
    """据文件自述（截至2023年6月30日），民生实事项目共42项，提前3项、按序时推进4项…，其他按序时推进:
    the document's own counts, kept apart from rectify's."""
    counts = [
        _("{word} {count}").format(word=_count_word(name), count=getattr(tally, name))
        for name in TALLY_COUNTS
        if getattr(tally, name) is not None
    ]
    said = []
    if tally.total is not None:
        total = _("{what} {total} in all") if tally.what else _("{total} in all")
        said.append(total.format(what=tally.what, total=tally.total))
    if counts:
        said.append(("、" if language() == "zh" else ", ").join(counts))
    if tally.rest:
        said.append(_("the rest {word}").format(word=_count_word(tally.rest)))
    head = (
        _("By the document's own count as of {date}").format(date=long_date(tally.as_of))
        if tally.as_of
        else _("By the document's own count")
    )
    return _("{head}: {counts}.").format(head=head, counts=_(", ").join(said))


def tally_sentences(plan: PlanReport) -> list[str]:
    return [tally_sentence(t) for t in plan.stated.tallies]


def overall_sentences(plan: PlanReport) -> list[str]:
    """一、总体进展情况 beyond rectify's own counts: the document's counts and the steps of its process."""
    events = events_line(plan.stated)
    return [*tally_sentences(plan), *([_("{items}.").format(items=events)] if events else [])]


def expected_start_phrase(t: TargetRow) -> str | None:
    """预计2023年9月1日开始, beside a target not started: not finished and nothing recorded yet."""
    if t.expected_start is None or t.state in ("done", "met") or t.last_entry is not None:
        return None
    return _("expected to start {date}").format(date=long_date(t.expected_start))


def _count_word(name: str) -> str:
    return state_label("done") if name == "done" else verdict_label(name)
