"""A log entry (进度记录): its fields and checks, and the one line it is written as.

A log holds one entry per line, a YAML flow mapping that is also a JSON object,
so the program reads lines as JSON and falls back to YAML only for lines a
person edited.  The tool only ever appends: a wrong figure is fixed by a later
entry marked as a correction.
"""

# No `from __future__ import annotations`: Pydantic reads the annotations of these dataclasses.

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from zibo_rectify.checked import STRICT, Checked, about
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


PERCENT_LOW, PERCENT_HIGH = 0, 100  # a task's share done; the JSON Schema and the fast path say so too


def percent_range(value: int | float) -> int | float:
    """0 to 100, refused as Pydantic refuses a number outside Field(ge=0, le=100), in its words.

    A check of ours, not Pydantic's: a bound on a union is a function of Pydantic's, and the
    kept schema would name it, so reading a log would import Pydantic to find it.
    """
    from pydantic_core import PydanticKnownError

    if value < PERCENT_LOW:
        raise PydanticKnownError("greater_than_equal", {"ge": PERCENT_LOW})
    if value > PERCENT_HIGH:
        raise PydanticKnownError("less_than_equal", {"le": PERCENT_HIGH})
    return value


Number = Annotated[int | float, Checked(before=figure)]
Percent = Annotated[int | float, Checked(before=figure, after=percent_range)]
Words = Annotated[str, Checked(after=text_check)]
Stamp = Annotated[dt.datetime, Checked(strict="AwareDatetime")]
Flag = Annotated[bool, Checked(strict="StrictBool")]
EntryKind = Literal["signoff", "reopen", "review", "withdraw", "extend"]
REVIEW_VERDICTS = ("accepted", "rejected")  # a review's: the figure counts, or is sent back (退回)
OFFICE_VERDICTS = ("ahead", "on_track", "slow", "stalled")  # the office's own: 提前 按序时 推进缓慢 严重滞后
Verdict = Literal["accepted", "rejected", "ahead", "on_track", "slow", "stalled"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceRef:
    """One reference to proof (佐证材料): a path in the plans repository, a URL or a 文号."""

    __pydantic_config__ = STRICT

    ref: str = about(description="The path, URL or document number as recorded.")
    sha256: str | None = about(
        None, pattern="^[0-9a-f]{64}$", description="For a path: the SHA-256 of the file when recorded."
    )


# A slotted dataclass rather than a model: a log of years holds a hundred thousand
# entries, and each takes a fifth of a model instance's memory.  Entries are made and
# checked by the entries' kept schema (`new_entry`), never by calling the class.
@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressEntry:
    """One line of the log (进度记录): a figure or a completed task, as of a date."""

    __pydantic_config__ = STRICT

    date: dt.date = about(description="The day the figure is true of.")
    target: Annotated[str, Checked(min_length=1, after=text_check)] = about(
        description="A target id of the plan."
    )
    part: Words | None = about(None, description="The part of the target (任务分解) the figure belongs to.")
    kind: EntryKind | None = about(
        None,
        description="Absent for figures and notes; signoff, reopen, review, withdraw or extend (延期) for"
        " the workflow.",
    )
    verdict: Verdict | None = about(
        None,
        description="For a review: accepted, or rejected (退回). On a figure or a note: the office's own"
        " word on its pace, ahead, on_track, slow or stalled (提前, 按序时, 推进缓慢, 严重滞后).",
    )
    of_date: dt.date | None = about(
        None, description="For a review or withdraw: the date of the entry it acts on."
    )
    of_recorded: Stamp | None = about(
        None, description="For a review or withdraw: the recorded stamp of the entry it acts on."
    )
    due: dt.date | None = about(
        None, description="For an extend entry (延期): the new due date, in force from the entry's date."
    )
    value: Number | None = about(
        None, description="The figure, for counts, amounts, quantities, rates, changes and indicators."
    )
    percent: Percent | None = about(None, description="A task's share done, 0 to 100 (当前进度).")
    done: Flag | None = about(None, description="true when a task is done.")
    undated: Flag | None = about(
        None,
        description="true on a done entry when the document states no date (已完成, 未载明日期):"
        " done on or before the entry's date.",
    )
    increment: Number | None = about(
        None, description="The step typed (update canteens +20); value holds the figure it made."
    )
    correction: Flag = about(False, description="true when this entry fixes an earlier wrong figure.")
    expected: dt.date | None = about(
        None, description="The office's own expected completion date (预计…前完成)."
    )
    by: Words | None = about(None, description="Who recorded it: a person or section.")
    note: Words | None = None
    evidence: Words | None = about(
        None, description="Where the proof (佐证材料) is kept (the first reference)."
    )
    evidence_refs: tuple[EvidenceRef, ...] | None = about(
        None, description="Every reference, each path with its SHA-256; written when a path or several."
    )
    recorded: Stamp = about(description="When the tool wrote the entry, with its UTC offset.")

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Callable[[Any], Any]) -> Any:
        """The class's schema, then `_one_figure` on the whole entry (a model validator's place)."""
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(_one_figure, handler(source))

    @property
    def is_note(self) -> bool:
        """Progress in words only (进展情况): no figure, no workflow step."""
        return self.kind is None and self.value is None and self.percent is None and self.done is None

    @property
    def sort_key(self) -> tuple[dt.date, dt.datetime]:
        return (self.date, self.recorded)


def _one_figure(entry: ProgressEntry) -> ProgressEntry:
    """A figure (value, percent or done), a note, or a workflow step: never two figures at once."""
    figures = (entry.value is not None) + (entry.percent is not None) + (entry.done is not None)
    if figures > 1:
        raise ValueError(_("an entry gives one of value, percent or done, not two"))
    if figures == 0 and entry.kind is None and not entry.note:
        raise ValueError(_("an entry gives a value, percent or done, or else a note"))
    if entry.increment is not None and entry.value is None:
        raise ValueError(_("an increment goes with the value it made"))
    acts_on = entry.kind in ("review", "withdraw")
    if acts_on != (entry.of_date is not None and entry.of_recorded is not None):
        raise ValueError(_("a review or withdraw entry names the entry it acts on: of_date and of_recorded"))
    if (entry.kind == "review") != (entry.verdict in REVIEW_VERDICTS):
        raise ValueError(_("a review entry gives a verdict, accepted or rejected; no other entry does"))
    if entry.verdict in OFFICE_VERDICTS and entry.kind is not None:
        raise ValueError(_("an office's verdict (ahead, on_track, slow, stalled) goes on a figure or a note"))
    if (entry.kind == "extend") != (entry.due is not None) or (entry.due is not None and figures):
        raise ValueError(
            _("an extend entry gives the new due date and no figure; no other entry gives a due")
        )
    if entry.undated and entry.done is not True:
        raise ValueError(_("undated goes only with done: true"))
    return entry


T = TypeVar("T")


def _itself(item: Any) -> Any:
    return item


def in_force_order(items: Iterable[T], entry_of: Callable[[T], "ProgressEntry"] = _itself) -> list[T]:
    """Entries by date, and within a date the one in force last.

    The log's order means nothing, and clocks of two offices disagree, so
    within one date no order of recording counts: the figure in force is the
    highest uncorrected one, unless the date has a correction, which wins
    (the latest recorded of them).  Before them come entries with no figure.
    So "the value on day D" is the last entry dated on or before D, and a
    cumulative figure drops only from one date to a later one.  The rule is
    per series: a caller passes one target's or one part's entries, never a mix.

    The status engine keeps the same rule in one pass over a sorted history
    (`status.inforce.points`, several times faster on a long log than this sort);
    tests/test_status_v2.py holds the two to the same figures.
    """

    def rank(item: T) -> float:
        entry = entry_of(item)
        if entry.correction:
            return math.inf
        return -math.inf if entry.value is None else float(entry.value)

    by_time = sorted(items, key=lambda item: entry_of(item).recorded)
    return sorted(
        sorted(by_time, key=rank), key=lambda item: entry_of(item).date
    )  # stable: the last key leads


@functools.cache
def _entries_schema() -> Any:
    """The core schema of `list[ProgressEntry]` as Pydantic builds it, kept between runs."""
    from zibo_rectify import schemacache

    def build() -> Any:
        from pydantic import TypeAdapter

        return TypeAdapter(list[ProgressEntry]).core_schema

    # What it names: the classes and their checks, all of them rectify's own.
    checks = [ProgressEntry, EvidenceRef, _one_figure, text_check, percent_range, figure]
    names = schemacache.Names(checks)
    return schemacache.schema("entries", build, names)


@functools.cache
def _batch_validator() -> Any:
    from pydantic_core import SchemaValidator

    return SchemaValidator(_entries_schema())


@functools.cache
def _entry_validator() -> Any:
    """What `ProgressEntry(...)` checks, from the kept schema: it is the class's own schema."""
    from pydantic_core import SchemaValidator

    return SchemaValidator(_within(ProgressEntry))


@functools.cache
def _entry_serializer() -> Any:
    from pydantic_core import SchemaSerializer

    return SchemaSerializer(_within(ProgressEntry))


def _within(cls: type) -> Any:
    """The schema of `cls` inside the entries' schema, which is the class's own (a test holds them
    equal): a list's items, or the dataclass node of an evidence reference."""
    schema = _entries_schema()
    if cls is ProgressEntry:
        return schema["items_schema"]

    def found(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("type") == "dataclass" and node.get("cls") is cls:
                return node
            nodes = list(node.values())
        else:
            nodes = node if isinstance(node, list) else []
        return next((hit for hit in map(found, nodes) if hit is not None), None)

    return found(schema)


def new_entry(**fields: Any) -> ProgressEntry:
    """The entry of these fields, checked as `ProgressEntry(**fields)` is, without building Pydantic's
    validator at this start (a tenth of `rectify update`, schemacache says why)."""
    entry: ProgressEntry = _entry_validator().validate_python(fields)
    return entry


def changed(entry: ProgressEntry, **changes: Any) -> ProgressEntry:
    """`dataclasses.replace` for entries, checked as `new_entry` is."""
    return new_entry(**{f.name: getattr(entry, f.name) for f in dataclasses.fields(entry)} | changes)


def new_evidence_ref(ref: str, sha256: str | None) -> EvidenceRef:
    """An evidence reference, checked as `EvidenceRef(...)` is, by its schema within the entries'."""
    made: EvidenceRef = _evidence_validator().validate_python({"ref": ref, "sha256": sha256})
    return made


@functools.cache
def _evidence_validator() -> Any:
    from pydantic_core import SchemaValidator

    return SchemaValidator(_within(EvidenceRef))


def entry_data(entry: ProgressEntry) -> dict[str, Any]:
    """The entry's fields as JSON values (dates as text), in field order."""
    data: dict[str, Any] = _entry_serializer().to_python(entry, mode="json")
    return data


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
