"""Reading a progress log: every entry with its line number, and every line it could not use.

A log may hold years of entries, so reading is built for a hundred thousand:
lines exactly as the tool writes them go to pydantic-core in batches, as JSON,
with the garbage collector paused.  Every other line, and every line of a
batch that fails, is read on its own (JSON, else YAML); a log with anything
unusual (no final line break, a line that is not an entry, bytes that are not
UTF-8) is read line by line throughout.  That careful reading decides what
every line means; batches only reach the same entries sooner.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import gc
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zibo_rectify import yamlio
from zibo_rectify.errors import Diagnostic, ExitCode, RectifyError
from zibo_rectify.i18n import _
from zibo_rectify.log import entry
from zibo_rectify.log.entry import (
    FIELD_ORDER,
    LOG_MAX_BYTES,
    PERCENT_HIGH,
    PERCENT_LOW,
    ProgressEntry,
    _batch_validator,
    _entries_schema,
    _entry_validator,
    _one_figure,
    percent_range,
    text_check,
)
from zibo_rectify.model.plan import MAX_FIGURE, figure

LOG_MAX_NODES = 50_000_000
CHUNK_BYTES = 1 << 16  # the log is decoded and split a chunk at a time
BATCH_LINES = 4096
MAX_LISTED = 1000  # problems of one log given in full; past that they are counted, not kept
YAML_JUNK_LINES = 100  # lines that cannot be entries read with YAML, for its precise message


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


def forget_schema() -> None:
    """Drop the entries' schema and every validator made from it, so the next entry read makes
    them again: `check` builds them itself, reading nothing kept (schemacache.unread)."""
    for made in (
        entry._entries_schema,
        entry._batch_validator,
        entry._entry_validator,
        entry._entry_serializer,
        entry._evidence_validator,
        _json_batch,
        _figure_batch,
    ):
        made.cache_clear()


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
# its increment or not), a percent or done, never null, and none of kind, verdict, of_date,
# of_recorded and due.  `_one_figure` passes every such line, so its batch is validated without it.
_STEP_KEYS = ("kind", "verdict", "of_date", "of_recorded", "due")
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
    from zibo_rectify.model.load import pydantic_diagnostic

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
