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

# No `from __future__ import annotations`: Pydantic would eval every annotation string at each start.

import codecs
import contextlib
import datetime as dt
import functools
import gc
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    TypeAdapter,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass as pydantic_dataclass

from zibo_rectify import yamlio
from zibo_rectify.errors import Diagnostic, ExitCode, RectifyError
from zibo_rectify.i18n import _
from zibo_rectify.model import figure
from zibo_rectify.safetext import json_dumps

LOG_MAX_BYTES = 512 * 1024 * 1024
LOG_MAX_NODES = 50_000_000
CHUNK_BYTES = 1 << 16  # the log is decoded and split a chunk at a time
BATCH_LINES = 4096
FIELD_ORDER = (
    "date",
    "target",
    "part",
    "kind",
    "value",
    "percent",
    "done",
    "increment",
    "correction",
    "expected",
    "by",
    "note",
    "evidence",
    "recorded",
)
# Written only when set, so a format-1 entry is written as it always was.
OMITTED_WHEN_EMPTY = ("part", "kind", "value", "percent", "done", "increment", "expected")


Number = Annotated[int | float, BeforeValidator(figure)]
Percent = Annotated[int | float, BeforeValidator(figure), Field(ge=0, le=100)]
EntryKind = Literal["signoff", "reopen", "review"]


# A slotted dataclass rather than a model: a log of years holds a hundred thousand
# entries, and each takes a fifth of a model instance's memory.
@pydantic_dataclass(
    frozen=True,
    slots=True,
    kw_only=True,
    config=ConfigDict(extra="forbid", allow_inf_nan=False, defer_build=True),
)
class ProgressEntry:
    """One line of the log (进度记录): a figure or a completed task, as of a date."""

    date: dt.date = Field(description="The day the figure is true of.")
    target: str = Field(min_length=1, description="A target id of the plan.")
    part: str | None = Field(None, description="The part of the target (任务分解) the figure belongs to.")
    kind: EntryKind | None = Field(
        None, description="Absent for figures and notes; signoff, reopen or review for the workflow."
    )
    value: Number | None = Field(
        None, description="The figure, for counts, amounts, quantities, rates, changes and indicators."
    )
    percent: Percent | None = Field(None, description="A task's share done, 0 to 100 (当前进度).")
    done: StrictBool | None = Field(None, description="true when a task is done.")
    increment: Number | None = Field(
        None, description="The step typed (update canteens +20); value holds the figure it made."
    )
    correction: StrictBool = Field(False, description="true when this entry fixes an earlier wrong figure.")
    expected: dt.date | None = Field(
        None, description="The office's own expected completion date (预计…前完成)."
    )
    by: str | None = Field(None, description="Who recorded it: a person or section.")
    note: str | None = Field(None)  # Field, as the others: a bare default would reorder the schema
    evidence: str | None = Field(None, description="Where the proof (佐证材料) is kept.")
    recorded: AwareDatetime = Field(description="When the tool wrote the entry, with its UTC offset.")

    @field_validator("target", "part", "by", "note", "evidence")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        """A lone surrogate (from a \\ud800 escape, or bytes that were not UTF-8) is not text."""
        try:
            (value or "").encode("utf-8")
        except UnicodeEncodeError as err:
            bad = ord(err.object[err.start])
            raise ValueError(
                _("holds {char}, which is not a character: the text was not UTF-8").format(
                    char=f"\\u{bad:04x}"
                )
            ) from None
        return value

    @model_validator(mode="after")
    def _one_figure(self) -> "ProgressEntry":
        """A figure (value, percent or done), a note, or a workflow step: never two figures at once."""
        figures = sum(f is not None for f in (self.value, self.percent, self.done))
        if figures > 1:
            raise ValueError(_("an entry gives one of value, percent or done, not two"))
        if figures == 0 and self.kind is None and not self.note:
            raise ValueError(_("an entry gives a value, percent or done, or else a note"))
        if self.increment is not None and self.value is None:
            raise ValueError(_("an increment goes with the value it made"))
        return self

    @property
    def is_note(self) -> bool:
        """Progress in words only (进展情况): no figure, no workflow step."""
        return self.kind is None and self.value is None and self.percent is None and self.done is None

    @property
    def sort_key(self) -> tuple[dt.date, dt.datetime]:
        return (self.date, self.recorded)


@dataclass
class Log:
    """What a log file holds: valid entries with their line numbers, and the lines it could not use."""

    path: Path
    entries: list[ProgressEntry] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    size: int = 0
    source: list[str] = field(default_factory=list)


def read_log(path: Path) -> Log:
    """Every readable entry of a log; a missing file is an empty log."""
    try:
        raw = yamlio.read_bytes(path, LOG_MAX_BYTES)
    except FileNotFoundError:
        return Log(path)
    return parse_log(raw, path)


@functools.cache
def entry_adapter() -> TypeAdapter[ProgressEntry]:
    return TypeAdapter(ProgressEntry)


@functools.cache
def _batch_adapter() -> TypeAdapter[list[ProgressEntry]]:
    return TypeAdapter(list[ProgressEntry])


def entry_data(entry: ProgressEntry) -> dict[str, Any]:
    """The entry's fields as JSON values (dates as text), in field order."""
    data: dict[str, Any] = entry_adapter().dump_python(entry, mode="json")
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


# A line exactly as entry_line writes it: keys in order, each once, strings closed on the line,
# no character the YAML reader refuses (yamlio.FORBIDDEN).  Values are pydantic's to check.
_PLAIN = '[^"\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]*+'
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


@functools.cache
def _tool_line() -> re.Pattern[str]:
    """TOOL_LINE compiled, once a log has lines (compiling it costs 2 ms)."""
    return re.compile(TOOL_LINE)


@functools.cache
def _tool_chunk() -> re.Pattern[str]:
    """Lines that are all TOOL_LINE, each ending in LF: one match for a whole chunk."""
    return re.compile(f"(?:{TOOL_LINE}\n)+")


class _BatchReader:
    """Reads a log whose every line is blank, a comment or an entry, ending in a line break.

    Tool lines are validated in batches, other entry lines on their own with
    the careful reader's functions; `read` gives None for any other log.
    """

    def __init__(self, raw: bytes, path: Path) -> None:
        self.raw = raw
        self.name = str(path)
        self.log = Log(path, size=len(raw))
        self.line_problems: list[Diagnostic] = []  # lines that hold no entry, in order
        self.entry_problems: list[Diagnostic] = []  # entries the schema refuses, reported after those
        self.batch: list[tuple[int, str]] = []

    def read(self) -> Log | None:
        if self.raw and not self.raw.endswith((b"\n", b"\r")):
            return None  # perhaps a torn last line: the careful reader decides
        source = self.log.source
        try:
            for text in _decoded(self.raw):
                lines = yamlio.split_lines(text) if "\r" in text else text.split("\n")[:-1]
                first = len(source) + 1
                source.extend(lines)
                if text[:3] == "- {" and _tool_chunk().fullmatch(text):
                    self.whole_chunk(first, lines, text)  # the usual case, without a step per line
                    continue
                for number, line in enumerate(lines, first):
                    if line[:3] == "- {" and _tool_line().fullmatch(line):
                        self.batch.append((number, line))
                        if len(self.batch) == BATCH_LINES:
                            self.flush()
                    elif not self.other(number, line):
                        return None
        except UnicodeDecodeError:
            return None
        self.flush()
        self.log.problems = self.line_problems + self.entry_problems
        return self.log

    def whole_chunk(self, first: int, lines: list[str], text: str) -> None:
        """A chunk of tool lines only, validated at once: the text is the batch, "- " made ","."""
        self.flush()
        self.batch_of(range(first, first + len(lines)), lines, "[" + text[2:-1].replace("\n- ", "\n,") + "]")

    def flush(self) -> None:
        """Validate the pending lines at once; if any fails, each is read on its own."""
        batch, self.batch = self.batch, []
        if batch:
            numbers, lines = zip(*batch, strict=True)
            # One JSON array, a line per element: a string cannot run on past its line.
            self.batch_of(numbers, lines, "[" + "\n,".join(line[2:] for line in lines) + "]")

    def batch_of(self, numbers: Sequence[int], lines: Sequence[str], array: str) -> None:
        try:
            entries = _batch_adapter().validate_json(array)
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
        self.flush()  # entries stay in the order of their lines
        self.entry_line(number, line)
        return True

    def entry_line(self, number: int, line: str) -> None:
        from pydantic import ValidationError

        try:
            row = _entry(line, self.name, number)
        except RectifyError as err:
            self.line_problems.extend(err.diagnostics)
            return
        try:
            self.log.entries.append(entry_adapter().validate_python(row))
            self.log.lines.append(number)
        except ValidationError as err:
            self.entry_problems.extend(_entry_diagnostics(err, self.name, number, line))


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
    any other log is read whole, and refused when it cannot be.
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


_NOT_AN_ENTRY = re.compile(rb"\n(?!- \{|#|\r?\n|\Z)")


def _plain_lines(raw: bytes) -> bool:
    """Whether every line is blank, a comment or `- {…}`, ends in LF or CRLF, and the file is UTF-8."""
    if not raw.endswith(b"\n") or not raw.startswith((b"- {", b"#", b"\n", b"\r\n")):
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
        log.problems.append(
            doc.diagnostic_at(
                count,
                1,
                "torn-line",
                _("the last line is cut off, as a write that was interrupted leaves it"),
                _("the entries before it are intact; delete this line and record that figure again"),
            )
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
                rows.append((number, _entry(line, doc.file, number)))
            except RectifyError as err:
                log.problems.extend(err.diagnostics)
            continue
        marker = yamlio.CONFLICT_MARKER.match(line)
        log.problems.append(
            yamlio.conflict_marker(doc, number, marker.group(1))
            if marker
            else doc.diagnostic_at(
                number,
                1,
                "not-an-entry",
                _("this line is not a log entry"),
                _('each line is an entry, - {"date": …, "target": …}, or a comment starting with #'),
            )
        )
    return rows


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
    from pydantic import ValidationError

    try:
        log.entries = _batch_adapter().validate_python([r for __, r in rows])
        log.lines = [n for n, __ in rows]
        return
    except ValidationError:
        pass
    for number, row in rows:
        try:
            log.entries.append(entry_adapter().validate_python(row))
            log.lines.append(number)
        except ValidationError as err:
            line = log.source[number - 1] if 0 < number <= len(log.source) else None
            log.problems.extend(_entry_diagnostics(err, str(log.path), number, line))


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


def append_entry(
    path: Path, make: Callable[[list[ProgressEntry]], ProgressEntry], target: str | None = None
) -> ProgressEntry:
    """Append the entry `make` builds from the current entries, under an exclusive lock.

    `make` sees the log as it is while the lock is held, so a check such as
    "a cumulative figure never drops" cannot miss an entry another process just
    wrote; given a `target`, it sees that target's entries only.  The line is
    written whole and fsynced; on a failed write the file is cut back to its
    old length, so nothing that was there is changed.
    """
    import fcntl

    created = not path.exists()
    if created:
        make([])  # refuse bad input before creating the file
    while True:
        fd = _open_for_append(path)
        with os.fdopen(fd, "r+b", buffering=0) as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            if not _still_at(path, fd):
                continue  # replaced while we waited (a git checkout renames files): lock the new one
            raw = yamlio.read_at_most(handle, LOG_MAX_BYTES)
            try:
                if len(raw) > LOG_MAX_BYTES:
                    raise yamlio.too_large(path, LOG_MAX_BYTES)
                current = target_entries(raw, path, target) if target else parse_log(raw, path).entries
            except RectifyError as err:  # a log that cannot be read at all is not appended to
                raise RectifyError(*err.diagnostics, exit_code=ExitCode.USAGE) from None
            entry = make(current)
            line = entry_line(entry) + "\n"
            if raw and not raw.endswith((b"\n", b"\r")):
                line = "\n" + line  # never glue onto a torn line
            _write(fd, path, len(raw), line.encode("utf-8"))
        if created:
            _sync_folder(path.parent)
        return entry


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
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise yamlio.not_a_file(path)
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
