"""A log entry (进度记录): its fields and checks, and the one line it is written as.

A log holds one entry per line, a YAML flow mapping that is also a JSON object,
so the program reads lines as JSON and falls back to YAML only for lines a
person edited.  The tool only ever appends: a wrong figure is fixed by a later
entry marked as a correction.
"""

# No `from __future__ import annotations`: Pydantic reads the annotations of these dataclasses.

import datetime as dt
import functools
import operator
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    TypeAdapter,
    model_validator,
)
from pydantic.dataclasses import dataclass

from zibo_rectify.i18n import _
from zibo_rectify.model.plan import figure
from zibo_rectify.safetext import json_dumps

LOG_MAX_BYTES = 512 * 1024 * 1024
FIELD_ORDER = (
    "date",
    "target",
    "part",
    "kind",
    "verdict",
    "of_date",
    "of_recorded",
    "of_id",
    "due",
    "value",
    "percent",
    "done",
    "undated",
    "increment",
    "correction",
    "expected",
    "by",
    "note",
    "evidence",
    "evidence_refs",
    "id",
    "recorded",
)
# The fields of a format-1 line, written on every line as they always were; every other field
# is written only when set, so a field added to FIELD_ORDER needs no second list.
ALWAYS_WRITTEN = frozenset({"date", "target", "correction", "by", "note", "evidence", "recorded"})
OMITTED_WHEN_EMPTY = tuple(key for key in FIELD_ORDER if key not in ALWAYS_WRITTEN)


def text_check(value: str | None) -> str | None:
    """A lone surrogate (from a \\ud800 escape, or bytes that were not UTF-8) is not text."""
    try:
        (value or "").encode("utf-8")
    except UnicodeEncodeError as err:
        bad = ord(err.object[err.start])
        raise ValueError(
            _("holds {char}, which is not a character: the text was not UTF-8").format(char=f"\\u{bad:04x}")
        ) from None
    return value


PERCENT_LOW, PERCENT_HIGH = 0, 100  # a task's share done
ENTRY_ID = "^[0-9a-f]{12}$"  # 48 random bits: two offices never draw the same in one second

Number = Annotated[int | float, BeforeValidator(figure)]
Percent = Annotated[int | float, BeforeValidator(figure), Field(ge=PERCENT_LOW, le=PERCENT_HIGH)]
Words = Annotated[str, AfterValidator(text_check)]
EntryKind = Literal["signoff", "reopen", "review", "withdraw", "extend"]
REVIEW_VERDICTS = ("accepted", "rejected")  # a review's: the figure counts, or is sent back (退回)
OFFICE_VERDICTS = ("ahead", "on_track", "slow", "stalled")  # the office's own: 提前 按序时 推进缓慢 严重滞后
Verdict = Literal["accepted", "rejected", "ahead", "on_track", "slow", "stalled"]
STRICT = ConfigDict(extra="forbid", allow_inf_nan=False, defer_build=True)


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class EvidenceRef:
    """One reference to proof (佐证材料): a path in the plans repository, a URL or a 文号."""

    ref: str = Field(description="The path, URL or document number as recorded.")
    sha256: str | None = Field(
        default=None,
        pattern="^[0-9a-f]{64}$",
        description="For a path: the SHA-256 of the file when recorded.",
    )


# A slotted dataclass rather than a model: a log of years holds a hundred thousand
# entries, and each takes a fifth of a model instance's memory.
@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class ProgressEntry:
    """One line of the log (进度记录): a figure or a completed task, as of a date."""

    date: dt.date = Field(description="The day the figure is true of.")
    target: Annotated[str, Field(min_length=1), AfterValidator(text_check)] = Field(
        description="A target id of the plan."
    )
    part: Words | None = Field(
        default=None, description="The part of the target (任务分解) the figure belongs to."
    )
    kind: EntryKind | None = Field(
        default=None,
        description="Absent for figures and notes; signoff, reopen, review, withdraw or extend (延期) for"
        " the workflow.",
    )
    verdict: Verdict | None = Field(
        default=None,
        description="For a review: accepted, or rejected (退回). On a figure or a note: the office's own"
        " word on its pace, ahead, on_track, slow or stalled (提前, 按序时, 推进缓慢, 严重滞后).",
    )
    of_date: dt.date | None = Field(
        default=None, description="For a review or withdraw: the date of the entry it acts on."
    )
    of_recorded: AwareDatetime | None = Field(
        default=None, description="For a review or withdraw: the recorded stamp of the entry it acts on."
    )
    of_id: str | None = Field(
        default=None,
        pattern=ENTRY_ID,
        description="For a review or withdraw: the id of the entry it acts on, if it has one.",
    )
    due: dt.date | None = Field(
        default=None,
        description="For an extend entry (延期): the new due date, in force from the entry's date.",
    )
    value: Number | None = Field(
        default=None,
        description="The figure, for counts, amounts, quantities, rates, changes and indicators.",
    )
    percent: Percent | None = Field(default=None, description="A task's share done, 0 to 100 (当前进度).")
    done: StrictBool | None = Field(default=None, description="true when a task is done.")
    undated: StrictBool | None = Field(
        default=None,
        description="true on a done entry when the document states no date (已完成, 未载明日期):"
        " done on or before the entry's date.",
    )
    increment: Number | None = Field(
        default=None, description="The step typed (update canteens +20); value holds the figure it made."
    )
    correction: StrictBool = Field(
        default=False, description="true when this entry fixes an earlier wrong figure."
    )
    expected: dt.date | None = Field(
        default=None, description="The office's own expected completion date (预计…前完成)."
    )
    by: Words | None = Field(default=None, description="Who recorded it: a person or section.")
    note: Words | None = Field(default=None)
    evidence: Words | None = Field(
        default=None, description="Where the proof (佐证材料) is kept (the first reference)."
    )
    evidence_refs: tuple[EvidenceRef, ...] | None = Field(
        default=None,
        description="Every reference, each path with its SHA-256; written when a path or several.",
    )
    id: str | None = Field(
        default=None,
        pattern=ENTRY_ID,
        description="A random name written with the entry, no other office's; steps name the entry by it.",
    )
    recorded: AwareDatetime = Field(description="When the tool wrote the entry, with its UTC offset.")

    @model_validator(mode="after")
    def _one_figure(self) -> Self:
        """A figure (value, percent or done), a note, or a workflow step: never two figures at once."""
        figures = (self.value is not None) + (self.percent is not None) + (self.done is not None)
        if figures > 1:
            raise ValueError(_("an entry gives one of value, percent or done, not two"))
        if figures == 0 and self.kind is None and not self.note:
            raise ValueError(_("an entry gives a value, percent or done, or else a note"))
        if self.increment is not None and self.value is None:
            raise ValueError(_("an increment goes with the value it made"))
        acts_on = self.kind in ("review", "withdraw")
        if acts_on != (self.of_date is not None and self.of_recorded is not None):
            raise ValueError(
                _("a review or withdraw entry names the entry it acts on: of_date and of_recorded")
            )
        if self.of_id is not None and not acts_on:
            raise ValueError(_("of_id names the entry a review or withdraw acts on; no other entry has it"))
        if (self.kind == "review") != (self.verdict in REVIEW_VERDICTS):
            raise ValueError(_("a review entry gives a verdict, accepted or rejected; no other entry does"))
        if self.verdict in OFFICE_VERDICTS and self.kind is not None:
            raise ValueError(
                _("an office's verdict (ahead, on_track, slow, stalled) goes on a figure or a note")
            )
        if (self.kind == "extend") != (self.due is not None) or (self.due is not None and figures):
            raise ValueError(
                _("an extend entry gives the new due date and no figure; no other entry gives a due")
            )
        if self.undated and self.done is not True:
            raise ValueError(_("undated goes only with done: true"))
        return self

    @property
    def is_note(self) -> bool:
        """Progress in words only (进展情况): no figure, no workflow step."""
        return self.kind is None and self.value is None and self.percent is None and self.done is None

    @property
    def sort_key(self) -> tuple[dt.date, dt.datetime]:
        return (self.date, self.recorded)


def value_figure(entry: ProgressEntry) -> float | None:
    """The figure a count, amount, quantity, rate, change or indicator entry gives, as written."""
    return entry.value if entry.kind is None else None


def task_figure(entry: ProgressEntry) -> float | None:
    """A task entry's share done: its percent, 100 for done, 0 for not done."""
    if entry.kind is not None:
        return None
    if entry.done is not None:
        return float(PERCENT_HIGH) if entry.done else 0.0
    return entry.percent


_BY_DATE_AND_RECORDED = operator.attrgetter("date", "recorded")


def in_force(
    series: Iterable[ProgressEntry], figure: Callable[[ProgressEntry], float | None] = value_figure
) -> list[ProgressEntry]:
    """For each date with a figure, in date order, the entry whose figure is in force at its end.

    The log's order means nothing, and clocks of two offices disagree, so
    within one date no order of recording counts: the figure in force is the
    highest uncorrected one, unless the date has a correction, which wins
    (the latest recorded of them).  So "the value on day D" is that of the
    last of these dated on or before D, and a cumulative figure drops only
    from one date to a later one.  The rule is per series: a caller passes one
    target's or one part's entries, never a mix.  `figure` is `value_figure`,
    or `task_figure` for a task.
    """
    standing: list[ProgressEntry] = []
    best: ProgressEntry | None = None
    corrected: ProgressEntry | None = None
    best_figure = 0.0
    for entry in sorted(series, key=_BY_DATE_AND_RECORDED):
        value = figure(entry)
        if value is None:
            continue
        if best is None or entry.date != best.date:
            if best is not None:
                standing.append(corrected or best)
            best, best_figure, corrected = entry, value, None
        elif value >= best_figure:  # among equal figures the latest recorded, as for corrections
            best, best_figure = entry, value
        if entry.correction:
            corrected = entry
    if best is not None:
        standing.append(corrected or best)
    return standing


@functools.cache
def entries_adapter() -> TypeAdapter[list[ProgressEntry]]:
    """What checks a whole log's rows at once."""
    return TypeAdapter(list[ProgressEntry])


def entry_data(entry: ProgressEntry) -> dict[str, Any]:
    """The entry's fields as JSON values (dates as text), in field order."""
    data: dict[str, Any] = _entry_adapter().dump_python(entry, mode="json")
    return data


@functools.cache
def _entry_adapter() -> TypeAdapter[ProgressEntry]:
    return TypeAdapter(ProgressEntry)


def entry_line(entry: ProgressEntry) -> str:
    """The entry as one log line: `- {"date": …}`, keys in a fixed order."""
    data = entry_data(entry)
    ordered = {key: data[key] for key in FIELD_ORDER if key in data}
    for key in OMITTED_WHEN_EMPTY:
        if ordered.get(key) is None:
            ordered.pop(key, None)
    if not ordered["correction"]:
        del ordered["correction"]
    # Unsafe characters (line breaks YAML knows, controls, bidi overrides) go in as JSON
    # escapes, so one entry stays one line and the file shows nothing hidden in an editor.
    text = json_dumps(ordered, yaml_too=True)
    value = ordered.get("value")
    if isinstance(value, float):
        # YAML 1.1 reads 1e-07 as text; 1.0e-07 is the same number to JSON and YAML alike.
        shown = repr(value)  # as json.dumps writes a finite float
        mantissa, exponent, power = shown.partition("e")
        if exponent and "." not in mantissa:
            text = text.replace(f'"value": {shown},', f'"value": {mantissa}.0e{power},', 1)
    return "- " + text
