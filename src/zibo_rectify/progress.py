"""The progress log: read its entries, and append one under a lock.

A log holds one entry per line, a YAML flow mapping that is also a JSON object,
so the program reads lines as JSON and falls back to YAML only for lines a
person edited.  The tool only ever appends: a wrong figure is fixed by a later
entry marked as a correction.

A log may hold years of entries, so reading is built for a hundred thousand:
lines exactly as the tool writes them go to pydantic-core in batches, as JSON,
with the garbage collector paused.  Every other line, and every line of a
batch that fails, is read on its own (JSON, else YAML); a log with anything
unusual (no final line break, a line that is not an entry, bytes that are not
UTF-8) is read line by line throughout.  That careful reading decides what
every line means; batches only reach the same entries sooner.
"""

# No `from __future__ import annotations`: Pydantic reads the annotations of these dataclasses.

import codecs
import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from zibo_rectify import yamlio
from zibo_rectify.checked import STRICT, Checked, about
from zibo_rectify.errors import Diagnostic, ExitCode, RectifyError, usage_error
from zibo_rectify.i18n import _
from zibo_rectify.model import MAX_FIGURE, figure
from zibo_rectify.safetext import json_dumps

LOG_MAX_BYTES = 512 * 1024 * 1024
LOG_MAX_NODES = 50_000_000
CHUNK_BYTES = 1 << 16  # the log is decoded and split a chunk at a time
BATCH_LINES = 4096
MAX_LISTED = 1000  # problems of one log given in full; past that they are counted, not kept
YAML_JUNK_LINES = 100  # lines that cannot be entries read with YAML, for its precise message
FIELD_ORDER = (
    "date",
    "target",
    "part",
    "kind",
    "verdict",
    "of_date",
    "of_recorded",
    "value",
    "percent",
    "done",
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
EntryKind = Literal["signoff", "reopen", "review", "withdraw"]
Verdict = Literal["accepted", "rejected"]


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
        description="Absent for figures and notes; signoff, reopen, review or withdraw for the workflow.",
    )
    verdict: Verdict | None = about(None, description="For a review: accepted, or rejected (退回).")
    of_date: dt.date | None = about(
        None, description="For a review or withdraw: the date of the entry it acts on."
    )
    of_recorded: Stamp | None = about(
        None, description="For a review or withdraw: the recorded stamp of the entry it acts on."
    )
    value: Number | None = about(
        None, description="The figure, for counts, amounts, quantities, rates, changes and indicators."
    )
    percent: Percent | None = about(None, description="A task's share done, 0 to 100 (当前进度).")
    done: Flag | None = about(None, description="true when a task is done.")
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
    if (entry.kind == "review") != (entry.verdict is not None):
        raise ValueError(_("a review entry gives a verdict, accepted or rejected; no other entry does"))
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


@dataclass
class Log:
    """What a log file holds: valid entries with their line numbers, and the lines it could not use."""

    path: Path
    entries: list[ProgressEntry] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    size: int = 0
    source: list[str] = field(default_factory=list)
    unlisted: int = 0  # problems past MAX_LISTED, counted only
    junk: int = 0  # lines read so far that could not be entries

    def report(self, found: Sequence[Diagnostic]) -> None:
        """Keep the first MAX_LISTED problems; count the rest, so ten million junk lines cost no memory."""
        room = MAX_LISTED - len(self.problems)
        self.problems.extend(found[: max(room, 0)])
        if len(found) > room:
            if not self.unlisted:
                first = found[max(room, 0)]
                self.problems.append(
                    Diagnostic(
                        "more-problems",
                        _(
                            "from this line on, problems are counted, not listed (the first {count} are)"
                        ).format(count=MAX_LISTED),
                        first.file,
                        first.line,
                        1,
                        _("fix the problems listed, then run rectify check again"),
                    )
                )
            self.unlisted += len(found) - max(room, 0)

    @property
    def saturated(self) -> bool:
        """Whether a line of junk now costs only a count."""
        return self.junk > YAML_JUNK_LINES and self.unlisted > 0

    def entry(self, line: str, number: int) -> Any:
        """The raw entry of a line `- …`.  A line that is not `- {…}` cannot be an entry: the first
        YAML_JUNK_LINES such lines are read with YAML, for its precise message; later ones are
        refused at once, which bounds what a log of ten million junk lines costs."""
        if not _ONE_LINE_MAPPING.match(line):
            self.junk += 1
            if self.junk > YAML_JUNK_LINES:
                raise RectifyError(_not_an_entry(str(self.path), number, line))
        return _entry(line, str(self.path), number)


def read_log(path: Path) -> Log:
    """Every readable entry of a log; a missing file is an empty log."""
    try:
        raw = yamlio.read_bytes(path, LOG_MAX_BYTES)
    except FileNotFoundError:
        return Log(path)
    return parse_log(raw, path)


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


def forget_schema() -> None:
    """Drop the entries' schema and every validator made from it, so the next entry read makes
    them again: `check` builds them itself, reading nothing kept (schemacache.unread)."""
    for made in (
        _entries_schema,
        _batch_validator,
        _entry_validator,
        _entry_serializer,
        _evidence_validator,
        _json_batch,
        _figure_batch,
    ):
        made.cache_clear()


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


@functools.cache
def _json_batch() -> Any:
    """The validator of a batch of tool lines as one JSON array: the entries' own schema with
    the checks it runs in Python done by pydantic-core instead, where JSON makes that exact.

    Each line of a batch that fails is read again on its own by the entries' own schema, which
    says why, so this one may refuse more than that one, never less, and must make the same
    entries of what it takes.  A Python call per field is most of a long log's reading time:

    - `text_check` (no lone surrogate) always passes on JSON, whose parser refuses one as bad JSON;
    - `figure` becomes a strict int or float within ±MAX_FIGURE (strict: no true, no "120";
      no NaN or infinity), which picks int or float exactly as its union does after it;
    - a bound the union takes in Python (a percent's 0 to 100) becomes a bound of each choice.

    Should a pydantic release shape its schema otherwise, so that some check in Python is
    left that is not the entry's own (`_one_figure`), the entries' own schema is used.
    """
    from pydantic_core import SchemaValidator

    fast = _in_rust(_entries_schema())
    return _batch_validator() if fast is None else SchemaValidator(fast)


@functools.cache
def _figure_batch() -> Any:
    """`_json_batch` without `_one_figure`, for lines that are all FIGURE_LINE.

    That check is a call into Python per line, a tenth of a long log's reading; a figure line
    passes it by its keys alone (FIGURE_LINE says why).
    """
    from pydantic_core import SchemaValidator

    fast = _in_rust(_entries_schema(), one_figure=False)
    return _json_batch() if fast is None else SchemaValidator(fast)


_NUMBER_UNION = {"type": "union", "choices": [{"type": "int"}, {"type": "float"}]}  # int | float


def _number(low: float, high: float) -> dict[str, Any]:
    """A strict int or float from `low` to `high`, finite, as pydantic-core checks it."""
    return {
        "type": "union",
        "choices": [
            {"type": "int", "strict": True, "ge": math.ceil(low), "le": math.floor(high)},
            {"type": "float", "strict": True, "allow_inf_nan": False, "ge": float(low), "le": float(high)},
        ],
    }


def _in_rust(schema: Any, one_figure: bool = True) -> Any:
    """`_json_batch`'s schema, or None when the schema holds a check in Python it does not know;
    without `_one_figure` (which stays in Python) when `one_figure` is False."""
    left: list[object] = []

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        kind = node.get("type")
        check = node["function"]["function"] if kind in ("function-before", "function-after") else None
        if kind == "function-after" and check is text_check:
            return walk(node["schema"])
        if kind == "function-after" and check is _one_figure and not one_figure:
            return walk(node["schema"])
        if kind == "function-before" and check is figure and node["schema"] == _NUMBER_UNION:
            return _number(-MAX_FIGURE, MAX_FIGURE)
        if kind == "function-after" and check is percent_range:
            inner = walk(node["schema"])
            if inner == _number(-MAX_FIGURE, MAX_FIGURE):
                return _number(PERCENT_LOW, PERCENT_HIGH)
        if check is not None and check is not _one_figure:
            left.append(check)
        return {key: walk(value) for key, value in node.items()}

    fast = walk(schema)
    return None if left else fast


def entry_data(entry: ProgressEntry) -> dict[str, Any]:
    """The entry's fields as JSON values (dates as text), in field order."""
    data: dict[str, Any] = _entry_serializer().to_python(entry, mode="json")
    return data


def parse_log(raw: bytes, path: Path) -> Log:
    """The entries of a log's bytes; each line that cannot be used becomes a problem at its number."""
    with collector_paused():
        return _BatchReader(raw, path).read() or _careful_log(raw, path)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while a log is read and checked.

    Entries hold no reference cycles, yet every collection walks all of them:
    with a hundred thousand alive, the collector alone doubles the time.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _careful_log(raw: bytes, path: Path) -> Log:
    """Every line read on its own: what decides the meaning of any log, however damaged."""
    text = _decode(raw, str(path))
    log = Log(path, size=len(raw), source=yamlio.split_lines(text))
    _validate(_rows(text, log), log)
    return log


# A line exactly as entry_line writes it: keys in order, each once, strings closed on the line;
# and (tested apart, `_tool`) no character the YAML reader refuses (yamlio.FORBIDDEN), which
# inside the pattern's strings would cost a start 10 ms to compile.  Values are pydantic's to check.
_PLAIN = '[^"\\\\\x00-\x1f]*+'
_STRING = f'"{_PLAIN}(?:\\\\.{_PLAIN})*+"'
_NUMBER = "[-+0-9.eE]++"
_SCALAR = f"(?:null|true|false|{_NUMBER}|{_STRING})"
# Every key between target and recorded is optional, each at most once and in FIELD_ORDER, as
# entry_line writes them; a field added to FIELD_ORDER is read by the fast path with no change here.
TOOL_LINE = (
    f'- \\{{"date": {_STRING}, "target": {_STRING}'
    + "".join(f'(?:, "{key}": {_SCALAR})?' for key in FIELD_ORDER[2:-1])
    + f', "recorded": {_STRING}\\}}'
)

# A tool line that gives one figure and is no workflow step, the most of any log: a value (with
# its increment or not), a percent or done, never null, and none of kind, verdict, of_date and
# of_recorded.  `_one_figure` passes every such line, so its batch is validated without it.
_STEP_KEYS = ("kind", "verdict", "of_date", "of_recorded")
_BEFORE = [key for key in FIELD_ORDER[2 : FIELD_ORDER.index("value")] if key not in _STEP_KEYS]
_AFTER = FIELD_ORDER[FIELD_ORDER.index("increment") + 1 : -1]
FIGURE_LINE = (
    f'- \\{{"date": {_STRING}, "target": {_STRING}'
    + "".join(f'(?:, "{key}": {_SCALAR})?' for key in _BEFORE)
    + f'(?:, "value": {_NUMBER}(?:, "increment": {_SCALAR})?|, "percent": {_NUMBER}|, "done": (?:true|false))'
    + "".join(f'(?:, "{key}": {_SCALAR})?' for key in _AFTER)
    + f', "recorded": {_STRING}\\}}'
)


@functools.cache
def _figure_run() -> re.Pattern[str]:
    """FIGURE_LINE lines, each ending in LF: `match` finds the run a chunk starts with."""
    return re.compile(f"(?:{FIGURE_LINE}\n)+")


@functools.cache
def _tool_line() -> re.Pattern[str]:
    """TOOL_LINE compiled, once a log has lines."""
    return re.compile(TOOL_LINE)


@functools.cache
def _tool_chunk() -> re.Pattern[str]:
    """Lines that are all TOOL_LINE, each ending in LF: one match for a whole chunk."""
    return re.compile(f"(?:{TOOL_LINE}\n)+")


def _tool(pattern: re.Pattern[str], text: str) -> bool:
    """Whether the text is what `pattern` (TOOL_LINE, or a chunk of them) matches, holding no
    character the YAML reader refuses."""
    return pattern.fullmatch(text) is not None and yamlio.FORBIDDEN.search(text) is None


class _BatchReader:
    """Reads a log whose every line is blank, a comment or an entry, ending in a line break.

    Tool lines are validated in batches, other entry lines on their own with
    the careful reader's functions; `read` gives None for any other log.
    """

    def __init__(self, raw: bytes, path: Path) -> None:
        self.raw = raw
        self.name = str(path)
        self.log = Log(path, size=len(raw))
        self.entry_problems = Log(path)  # entries the schema refuses, reported after lines holding none
        self.batch: list[tuple[int, str]] = []

    def read(self) -> Log | None:
        if self.raw and not self.raw.endswith((b"\n", b"\r")):
            return None  # perhaps a torn last line: the careful reader decides
        source = self.log.source
        try:
            for text in _decoded(self.raw):
                if self.log.saturated and "{" not in text and not _NOT_JUNK.search(text):
                    # Only junk, comments and blank lines, past the problems listed: counted in bulk.
                    count = text.count("\n")
                    self.log.unlisted += count - len(_NOT_DASH.findall(text))
                    source.extend([""] * count)
                    continue
                lines = yamlio.split_lines(text) if "\r" in text else text.split("\n")[:-1]
                first = len(source) + 1
                source.extend(lines)
                # The usual case, without a step per line: tool lines, perhaps after the header's comments.
                head = _COMMENT_LINES.match(text) if text[:1] == "#" and "\r" not in text else None
                skip = head.end() if head else 0
                if text[skip : skip + 3] == "- {":
                    skipped = text.count("\n", 0, skip)  # comments: no entry, no problem
                    if self.whole_chunk(first + skipped, lines[skipped:], text[skip:]):
                        continue
                for number, line in enumerate(lines, first):
                    if line[:3] == "- {" and _tool(_tool_line(), line):
                        self.batch.append((number, line))
                        if len(self.batch) == BATCH_LINES:
                            self.flush()
                    elif not self.other(number, line):
                        return None
        except UnicodeDecodeError:
            return None
        self.flush()
        self.log.report(self.entry_problems.problems)
        self.log.unlisted += self.entry_problems.unlisted
        return self.log

    def whole_chunk(self, first: int, lines: list[str], text: str) -> bool:
        """A chunk of tool lines only, validated at once (the text is the batch, "- " made ","):
        the figure lines it starts with without `_one_figure`, the rest with it.  False, and
        nothing read, for a chunk with any other line."""
        if yamlio.FORBIDDEN.search(text):
            return False  # a character the YAML reader refuses: the lines are read on their own
        run = _figure_run().match(text)
        end = run.end() if run else 0
        if end < len(text) and not _tool_chunk().fullmatch(text, end):
            return False
        self.flush()
        count = text.count("\n", 0, end)
        for start, stop, validator in ((0, count, _figure_batch), (count, len(lines), _json_batch)):
            if start < stop:
                part = text[:end] if start == 0 else text[end:]
                array = "[" + part[2:-1].replace("\n- ", "\n,") + "]"
                self.batch_of(range(first + start, first + stop), lines[start:stop], array, validator())
        return True

    def flush(self) -> None:
        """Validate the pending lines at once; if any fails, each is read on its own."""
        batch, self.batch = self.batch, []
        if batch:
            numbers, lines = zip(*batch, strict=True)
            # One JSON array, a line per element: a string cannot run on past its line.
            self.batch_of(numbers, lines, "[" + "\n,".join(line[2:] for line in lines) + "]")

    def batch_of(
        self, numbers: Sequence[int], lines: Sequence[str], array: str, validator: Any = None
    ) -> None:
        try:
            entries = (validator or _json_batch()).validate_json(array)
        except ValueError:  # pydantic's ValidationError, for bad JSON as for a bad entry
            entries = []
        if len(entries) != len(lines):
            for number, line in zip(numbers, lines, strict=True):
                self.entry_line(number, line)
            return
        self.log.entries.extend(entries)
        self.log.lines.extend(numbers)

    def other(self, number: int, line: str) -> bool:
        """A line that is not as the tool writes it; False when it is not an entry line at all."""
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            return True
        if not stripped.startswith("- "):
            return False
        if self.log.saturated and not _ONE_LINE_MAPPING.match(line):
            self.log.unlisted += 1  # only counted: no message is kept for it, nor its text
            self.log.source[number - 1] = ""
            return True
        self.flush()  # entries stay in the order of their lines
        self.entry_line(number, line)
        return True

    def entry_line(self, number: int, line: str) -> None:
        from pydantic_core import ValidationError

        try:
            row = self.log.entry(line, number)
        except RectifyError as err:
            self.log.report(err.diagnostics)
            return
        try:
            self.log.entries.append(_entry_validator().validate_python(row))
            self.log.lines.append(number)
        except ValidationError as err:
            self.entry_problems.report(_entry_diagnostics(err, self.name, number, line))


def _entry_diagnostics(err: Any, name: str, number: int, line: str | None) -> list[Diagnostic]:
    """Why a row is not an entry, at its line."""
    from zibo_rectify.plans import pydantic_diagnostic

    doc = yamlio.Document(name, None, [] if line is None else [line], first_line=number)
    doc.positions[()] = (number, 1)
    return [pydantic_diagnostic(doc, error, ProgressEntry) for error in err.errors()]


def target_entries(raw: bytes, path: Path, target: str) -> list[ProgressEntry]:
    """The entries of one target, as `parse_log` finds them, reading only lines that can hold one.

    What `update` needs, under the lock, from a log of any length.  A line can
    name a target (an id: lowercase letters, digits, hyphens) only by spelling
    it out or through an escape, which takes a backslash; and where every line
    is blank, a comment or `- {…}`, ends in a line break and is UTF-8, each
    line means what it means alone.  So there the other lines are not read;
    any other log is read whole, and refused when it cannot be.  Lines of junk
    (`- x`, ten million of them) are never looked at.
    """
    if not _plain_lines(raw):
        return [e for e in parse_log(raw, path).entries if e.target == target]
    needle = re.escape(target.encode("utf-8"))
    spots = re.compile(needle + rb"|\\" if b"\\" in raw else needle)  # the plain search when it can be
    picked: list[bytes] = []
    taken = 0  # the end of the last line picked
    for spot in spots.finditer(raw):
        if spot.start() < taken:
            continue
        start = raw.rfind(b"\n", 0, spot.start()) + 1
        taken = raw.find(b"\n", spot.start()) + 1
        picked.append(raw[start:taken])
    return [e for e in parse_log(b"".join(picked), path).entries if e.target == target]


# A line that does not start "- " or "#" may continue the line before (block style, a string
# spanning lines); where there is none, every line is read on its own by every reader.
_NOT_AN_ENTRY = re.compile(rb"\n(?!- |#|\r?\n|\Z)")


def _plain_lines(raw: bytes) -> bool:
    """Whether every line is blank, a comment or `- …`, ends in LF or CRLF, and the file is UTF-8."""
    if not raw.endswith(b"\n") or not raw.startswith((b"- ", b"#", b"\n", b"\r\n")):
        return False
    if _NOT_AN_ENTRY.search(raw) or b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return False
    try:
        for _chunk in _decoded(raw):  # checked a chunk at a time, never kept
            pass
    except UnicodeDecodeError:
        return False
    return True


def _decoded(raw: bytes) -> Iterator[str]:
    """The log's text (a BOM dropped) a chunk of whole lines at a time; UnicodeDecodeError if not UTF-8.

    Small chunks reuse the same memory and decode several times faster than
    the whole file; cut after a line break, their lines are the text's lines.
    """
    view = memoryview(raw)
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    while start < len(raw):
        end = raw.find(b"\n", start + CHUNK_BYTES)
        end = len(raw) if end < 0 else end + 1
        yield str(view[start:end], "utf-8")
        start = end


def _decode(raw: bytes, name: str) -> str:
    """The log's text.  A write cut short can end inside a character (a note in Chinese):
    that makes its line torn, not the whole file unreadable, even once later entries follow
    it.  So a line whose only fault is a character cut at its end loses that partial
    character, and is reported as a broken line like any other."""
    try:
        return yamlio.decode(raw, name)
    except RectifyError as err:
        unreadable = err
    lines = raw.split(b"\n")
    for index, line in enumerate(lines):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as cut:
            if cut.reason != "unexpected end of data":
                raise unreadable from None
            lines[index] = line[: cut.start]
    return yamlio.decode(b"\n".join(lines), name)


def _rows(text: str, log: Log) -> list[tuple[int, Any]]:
    """(line number, raw entry) for each entry: JSON first, YAML where JSON fails.

    A last line cut off by a crash is set aside and reported, so every line
    before it still counts.  A log a person rewrote in block style is read
    whole; if that fails and the tool's own lines are there, each line is
    read on its own, so a stray line or a merge conflict costs only itself.
    """
    doc = yamlio.Document(str(log.path), None, log.source)
    count = len(log.source)
    if text and not text.endswith(("\n", "\r")) and _is_torn(log.source[-1], doc, count):
        log.report(
            [
                doc.diagnostic_at(
                    count,
                    1,
                    "torn-line",
                    _("the last line is cut off, as a write that was interrupted leaves it"),
                    _("the entries before it are intact; delete this line and record that figure again"),
                )
            ]
        )
        count -= 1
    content = [
        (number, line, line.strip())
        for number, line in enumerate(log.source[:count], 1)
        if line.strip() and not line.strip().startswith("#")
    ]
    if any(not stripped.startswith("- ") for __, ___, stripped in content):
        try:
            return _whole_file("\n".join(log.source[:count]), doc.file)
        except RectifyError:
            if not any(stripped.startswith("- {") for __, ___, stripped in content):
                raise
    rows: list[tuple[int, Any]] = []
    for number, line, stripped in content:
        if stripped.startswith("- "):
            try:
                rows.append((number, log.entry(line, number)))
            except RectifyError as err:
                log.report(err.diagnostics)
            continue
        marker = yamlio.CONFLICT_MARKER.match(line)
        log.report(
            [
                yamlio.conflict_marker(doc, number, marker.group(1))
                if marker
                else _not_an_entry(doc.file, number, line)
            ]
        )
    return rows


_COMMENT_LINES = re.compile(r"(?:#[^\n]*\n)*")  # comments at the start of a chunk, as a log's header
_NOT_JUNK = re.compile(r"^(?!- |#|\n|\Z)", re.MULTILINE)  # a line that is not `- …`, a comment or blank
_NOT_DASH = re.compile(r"^(?:#.*)?\n", re.MULTILINE)  # comments and blank lines
_ONE_LINE_MAPPING = re.compile(r"\s*- \{.*\}\s*(?:#.*)?$")


def _not_an_entry(name: str, number: int, line: str) -> Diagnostic:
    return Diagnostic(
        "not-an-entry",
        _("this line is not a log entry"),
        name,
        number,
        1,
        _('each line is an entry, - {"date": …, "target": …}, or a comment starting with #'),
        line,
    )


def _entry(line: str, name: str, number: int) -> Any:
    """The raw entry of a line `- {…}`: as JSON, fast, else as YAML (a line a person wrote).

    JSON would take raw control characters that make the file invalid YAML;
    such a line goes to the YAML reader, which names them.
    """
    if not yamlio.FORBIDDEN.search(line):
        import json

        try:
            return json.loads(line.strip()[2:], object_pairs_hook=_unique_keys)
        except (ValueError, RecursionError):
            pass  # YAML reads JSON too, and says precisely what is wrong
    doc = yamlio.parse(line, name, max_nodes=1000, allow_aliases=False, first_line=number)
    if not isinstance(doc.data, list) or len(doc.data) != 1:
        raise RectifyError(
            doc.diagnostic_at(
                number, 1, "bad-entry", _("each line must hold one entry: - {date: …, target: …}"), None
            )
        )
    return doc.data[0]


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON keeps the last of two equal keys silently; refuse, and let YAML name them."""
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise ValueError("duplicate key")
    return mapping


def _is_torn(line: str, doc: yamlio.Document, number: int) -> bool:
    """A last line without its line break that starts an entry and is not a whole one."""
    if not line.strip().startswith("-"):
        return False
    try:
        return not isinstance(_entry(line, doc.file, number), dict)
    except RectifyError:
        return True


def _whole_file(text: str, name: str) -> list[tuple[int, Any]]:
    """A log a person rewrote in block style: read it whole, keeping line numbers."""
    doc = yamlio.parse(text, name, max_nodes=LOG_MAX_NODES, allow_aliases=False)
    if doc.data is None:
        return []
    if not isinstance(doc.data, list):
        raise RectifyError(
            doc.diagnostic((), "not-a-log", _("a progress log is a list of entries, one per line"), None),
            exit_code=ExitCode.PROBLEMS,
        )
    return [(doc.where((i,))[0], item) for i, item in enumerate(doc.data)]


def _validate(rows: list[tuple[int, Any]], log: Log) -> None:
    from pydantic_core import ValidationError

    try:
        log.entries = _batch_validator().validate_python([r for __, r in rows])
        log.lines = [n for n, __ in rows]
        return
    except ValidationError:
        pass
    for number, row in rows:
        try:
            log.entries.append(_entry_validator().validate_python(row))
            log.lines.append(number)
        except ValidationError as err:
            line = log.source[number - 1] if 0 < number <= len(log.source) else None
            log.report(_entry_diagnostics(err, str(log.path), number, line))


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


REPLACED_TRIES = 5  # a log replaced under us this often in a row is being rewritten: give up, say so
LOCK_TIMEOUT_SECONDS = 30.0


def stamp() -> dt.datetime:
    """Now, to the second, with the local UTC offset; in UTC when TZ names no usable zone.

    RECTIFY_RECORDED_AT (for tests only: an ISO time with its offset) is the stamp instead, so a
    test of what was known when never depends on how fast the clock runs.
    """
    fixed = os.environ.get("RECTIFY_RECORDED_AT")
    if fixed:
        return _fixed_stamp(fixed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return now.astimezone()
    except (ValueError, OverflowError, OSError):  # TZ=XXX+25:59: an offset no clock has
        return now


def _fixed_stamp(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise usage_error(
            "bad-recorded-at",
            _("RECTIFY_RECORDED_AT={value!r} is not a time with its UTC offset").format(value=text),
            _("it is for tests: set it like 2022-10-05T10:00:00+08:00, or unset it"),
        )
    return moment.replace(microsecond=0)


def append_entry(
    path: Path, make: Callable[[list[ProgressEntry]], ProgressEntry], target: str | None = None
) -> ProgressEntry:
    """Append the entry `make` builds from the current entries, under an exclusive lock.

    `make` sees the log as it is while the lock is held, so a check such as
    "a cumulative figure never drops" cannot miss an entry another process just
    wrote; given a `target`, it sees that target's entries only.  The entry's
    `recorded` is stamped then, under the lock, so the order of stamps is the
    order of appends.  The log is read before the lock is taken; under it only
    what was appended since is read, when the file is the same (device, inode,
    size at least, the same last bytes).  The line is written whole and fsynced;
    on a failed write the file is cut back to its old length.  After the
    write the path must still name the file written (a `git checkout` or `mv`
    may have replaced it meanwhile); if not, the entry goes into the file now
    at the path, so nothing is acknowledged that is not in the log at its path.
    """
    created = not os.path.lexists(path)
    if created:
        make([])  # refuse bad input before creating the file
    seen = _Snapshot.take(path, target)
    written: ProgressEntry | None = None
    for _attempt in range(REPLACED_TRIES):
        fd = _open_for_append(path)
        with os.fdopen(fd, "r+b", buffering=0) as handle:
            _lock(fd, path)
            if not _still_at(path, fd):
                seen = None
                continue  # replaced while we waited (a git checkout renames files): lock the new one
            current, size, ends_clean = _current(handle, path, target, seen)
            if written is not None and written in current:
                return written  # the file that replaced ours was copied from it, our line and all
            entry = changed(make(current), recorded=stamp())
            line = entry_line(entry) + "\n"
            if not ends_clean:
                line = "\n" + line  # never glue onto a torn line
            _write(fd, path, size, line.encode("utf-8"))
            if _still_at(path, fd):
                if created:
                    _sync_folder(path.parent)
                return entry
            written, seen = entry, None  # replaced while we held the lock: write it again, there
    raise RectifyError(
        Diagnostic(
            "log-replaced",
            _("the log was replaced {count} times while rectify wrote to it; nothing was recorded").format(
                count=REPLACED_TRIES
            ),
            str(path),
            fix=_("wait until the checkout, pull or copy that rewrites it has finished, then record again"),
        ),
        exit_code=ExitCode.USAGE,
    )


@dataclass
class _Snapshot:
    """The log as read before the lock: which file, how long, its last bytes, the entries `make` needs."""

    device: int
    inode: int
    size: int
    tail: bytes
    entries: list[ProgressEntry]

    @classmethod
    def take(cls, path: Path, target: str | None) -> "_Snapshot | None":
        import stat

        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return None  # missing, a link, unreadable: the locked reading says what is wrong
        facts = os.fstat(fd)
        if not stat.S_ISREG(facts.st_mode):
            os.close(fd)
            return None
        with os.fdopen(fd, "rb") as handle:
            raw = yamlio.read_at_most(handle, LOG_MAX_BYTES)
        if len(raw) > LOG_MAX_BYTES or (raw and not raw.endswith(b"\n")):
            return None
        try:
            entries = _entries(raw, path, target)
        except RectifyError:
            return None
        return cls(facts.st_dev, facts.st_ino, len(raw), raw[-4096:], entries)


def _entries(raw: bytes, path: Path, target: str | None) -> list[ProgressEntry]:
    return target_entries(raw, path, target) if target else parse_log(raw, path).entries


def _current(
    handle: Any, path: Path, target: str | None, seen: _Snapshot | None
) -> tuple[list[ProgressEntry], int, bool]:
    """Under the lock: the entries, the file's size, and whether it ends with a line break."""
    facts = os.fstat(handle.fileno())
    if (
        seen is not None
        and (facts.st_dev, facts.st_ino) == (seen.device, seen.inode)
        and facts.st_size >= seen.size
    ):
        handle.seek(seen.size - len(seen.tail))
        if handle.read(len(seen.tail)) == seen.tail:
            grown = yamlio.read_at_most(handle, LOG_MAX_BYTES - seen.size)
            size = seen.size + len(grown)
            if size <= LOG_MAX_BYTES and (not grown or grown.endswith(b"\n")):
                try:
                    return seen.entries + _entries(grown, path, target), size, True
                except RectifyError:
                    pass  # read whole below, which says what is wrong
    handle.seek(0)
    raw = yamlio.read_at_most(handle, LOG_MAX_BYTES)
    try:
        if len(raw) > LOG_MAX_BYTES:
            raise yamlio.too_large(path, LOG_MAX_BYTES)
        current = _entries(raw, path, target)
    except RectifyError as err:  # a log that cannot be read at all is not appended to
        raise RectifyError(*err.diagnostics, exit_code=ExitCode.USAGE) from None
    return current, len(raw), not raw or raw.endswith((b"\n", b"\r"))


def _lock_timeout() -> float:
    text = os.environ.get("RECTIFY_LOCK_TIMEOUT", "").strip()
    if not text:
        return LOCK_TIMEOUT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86400:
        raise RectifyError(
            Diagnostic(
                "bad-lock-timeout",
                _("RECTIFY_LOCK_TIMEOUT={value!r} is not a number of seconds").format(value=text),
                fix=_("set it to the seconds to wait for the log's lock, e.g. 30, or unset it"),
            ),
            exit_code=ExitCode.USAGE,
        )
    return seconds


def _lock(fd: int, path: Path) -> None:
    """Take the exclusive lock, waiting at most RECTIFY_LOCK_TIMEOUT seconds (default 30).

    A writer stopped while it holds the lock (SIGSTOP, a hung NFS client, a
    closed laptop lid) would otherwise block every other writer forever.
    """
    import fcntl
    import time

    timeout = _lock_timeout()
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        left = deadline - time.monotonic()
        if left <= 0:
            raise _lock_held(path, fd, timeout)
        time.sleep(min(pause, left))
        pause = min(pause * 2, 0.1)


def lock_holders(fd: int) -> list[int]:
    """The ids of processes holding a flock on the open file, as /proc/locks tells (Linux, this machine)."""
    facts = os.fstat(fd)
    inode = f"{os.major(facts.st_dev):02x}:{os.minor(facts.st_dev):02x}:{facts.st_ino}"
    holders = []
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            for row in locks:
                fields = row.split()
                if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == inode and fields[4].isdigit():
                    holders.append(int(fields[4]))
    except OSError:
        return []
    return holders


def _describe(pid: int) -> str:
    """`process 1234 (user zhang: rectify update canteens 5)`, as much of it as can be read."""
    import pwd

    details = []
    try:
        uid = os.stat(f"/proc/{pid}").st_uid
        details.append(_("user {name}").format(name=pwd.getpwuid(uid).pw_name))
    except (OSError, KeyError):
        pass
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            words = cmdline.read(400).split(b"\0")
        details.append(" ".join(w.decode("utf-8", "replace") for w in words if w))
    except OSError:
        pass
    shown = _("process {pid}").format(pid=pid)
    return f"{shown} ({': '.join(details)})" if details else shown


def _lock_held(path: Path, fd: int, timeout: float) -> RectifyError:
    from zibo_rectify.safetext import inert

    holders = [pid for pid in lock_holders(fd) if pid != os.getpid()]
    who = (
        ", ".join(inert(_describe(pid)) for pid in holders)
        if holders
        else _("another process (which one cannot be known here: perhaps on another machine)")
    )
    fix = (
        _(
            "if it is stopped or hung, resume it (kill -CONT {pid}) or end it, then record again;"
            " RECTIFY_LOCK_TIMEOUT sets how many seconds to wait"
        ).format(pid=holders[0])
        if holders
        else _("wait for the other writer to finish, then record again; RECTIFY_LOCK_TIMEOUT sets the wait")
    )
    return RectifyError(
        Diagnostic(
            "log-locked",
            _("the log is locked by {who}; gave up after {seconds} s, nothing was recorded").format(
                who=who, seconds=f"{timeout:g}"
            ),
            str(path),
            fix=fix,
        ),
        exit_code=ExitCode.USAGE,
    )


def _open_for_append(path: Path) -> int:
    """The log opened to read and append; a link, a device or a pipe is refused."""
    import errno
    import stat

    flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise yamlio.symlink_error(path) from None
        raise _write_error(path, err, restored=True) from None
    facts = os.fstat(fd)
    if not stat.S_ISREG(facts.st_mode):
        os.close(fd)
        raise yamlio.not_a_file(path)
    if facts.st_nlink > 1:  # another name, perhaps outside the repository, would change too
        os.close(fd)
        raise RectifyError(
            Diagnostic(
                "hard-link",
                _(
                    "this log has {count} names (hard links); appending would change the other files too"
                ).format(count=facts.st_nlink),
                str(path),
                fix=_(
                    "replace it with a copy of its own (cp LOG LOG.new && mv LOG.new LOG), then record again"
                ),
            ),
            exit_code=ExitCode.USAGE,
        )
    return fd


def _still_at(path: Path, fd: int) -> bool:
    try:
        named = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _write(fd: int, path: Path, old_size: int, data: bytes) -> None:
    """Write `data` at the end and fsync it, or cut the file back to `old_size` and say why not."""
    try:
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.fsync(fd)
    except OSError as err:
        try:
            os.ftruncate(fd, old_size)
        except OSError:
            raise _write_error(path, err, restored=False) from None
        raise _write_error(path, err, restored=True) from None


def _sync_folder(folder: Path) -> None:
    """A new log's name is durable only once its folder is synced."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the entry itself is synced
    finally:
        os.close(fd)


def _write_error(path: Path, err: OSError, restored: bool) -> RectifyError:
    fix = (
        _("check that the folder is writable and the disk has room; nothing was recorded")
        if restored
        else _(
            "the log may now end with a cut-off line (rectify check shows it): delete that line,"
            " free some room, and record the figure again"
        )
    )
    message = _("cannot write to the log: {reason}").format(reason=err.strerror)
    return RectifyError(
        Diagnostic("cannot-write", message, str(path), fix=fix),
        exit_code=ExitCode.USAGE,
    )
