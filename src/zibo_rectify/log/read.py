"""Reading a progress log: every entry with its line number, and every line it could not use.

One reader for every log.  Lines `- {…}` are read together as one JSON array
and checked by Pydantic as one list, which is what a log of years costs least
as; a line JSON cannot read (one a person edited) is read on its own with
YAML, and an entry that fails its checks is reported at its line.  A log a
person rewrote in block style is read whole with YAML.  Every step is linear
in the log's size, and problems past MAX_LISTED are counted, not kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zibo_rectify import yamlio
from zibo_rectify.errors import Diagnostic, ExitCode, RectifyError
from zibo_rectify.i18n import _
from zibo_rectify.log.entry import LOG_MAX_BYTES, ProgressEntry, entries_adapter

LOG_MAX_NODES = 50_000_000
MAX_LISTED = 1000  # problems of one log given in full; past that they are counted, not kept
YAML_JUNK_LINES = 100  # lines that cannot be entries read with YAML, for its precise message
# A log holding a line that is neither `- …` nor a comment is read whole as YAML (a person
# rewrote it in block style) only up to this size: past it, each line is read on its own.
WHOLE_FILE_MAX_BYTES = 4 * 1024 * 1024
ROWS_AT_ONCE = 1000  # lines read as one JSON array, rows checked in one call


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
    def full(self) -> bool:
        """Whether problems are now only counted, so a caller need not put one into words."""
        return self.unlisted > 0

    @property
    def saturated(self) -> bool:
        """Whether a line JSON cannot read now costs only a count: past the problems listed, and
        after YAML_JUNK_LINES lines that were no entry at all."""
        return self.junk > YAML_JUNK_LINES and self.full

    def entry(self, line: str, number: int) -> Any:
        """The raw entry of a line `- …`.  A line that is not `- {…}` cannot be an entry: the first
        YAML_JUNK_LINES such lines are read with YAML, for its precise message; later ones are
        refused at once, which bounds what a log of ten million junk lines costs."""
        if not _ONE_LINE_MAPPING.match(line):
            self.junk += 1
            if self.junk > YAML_JUNK_LINES:
                raise RectifyError(_not_an_entry(str(self.path), number, line))
        try:
            return _entry(line, str(self.path), number)
        except RectifyError:
            self.junk += 1
            raise


def read_log(path: Path) -> Log:
    """Every readable entry of a log; a missing file is an empty log."""
    try:
        raw = yamlio.read_bytes(path, LOG_MAX_BYTES)
    except FileNotFoundError:
        return Log(path)
    return parse_log(raw, path)


def parse_log(raw: bytes, path: Path) -> Log:
    """The entries of a log's bytes; each line that cannot be used becomes a problem at its number."""
    text = _decode(raw, str(path))
    log = Log(path, size=len(raw), source=yamlio.split_lines(text))
    _check(*_rows(text, log), log)
    return log


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


def _rows(text: str, log: Log) -> tuple[list[int], list[Any]]:
    """The line numbers of the entries, and each one's raw entry, in line order.

    A last line cut off by a crash is set aside and reported, so every line
    before it still counts.  A log a person rewrote in block style is read
    whole; if that fails and the tool's own lines are there, each line is
    read on its own, so a stray line or a merge conflict costs only itself.
    Lists of numbers and of entries, not of pairs: a million lines make no
    million tuples for the garbage collector to walk.
    """
    doc = yamlio.Document(str(log.path), None, log.source)
    source = log.source
    count = len(source)
    if text and not text.endswith(("\n", "\r")) and _is_torn(source[-1], doc, count):
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
    stripped = [line.strip() for line in source[:count]]  # each line stripped once: logs are long
    numbers = [n for n, line in enumerate(stripped, 1) if line and line[0] != "#"]
    lines = [stripped[n - 1] for n in numbers]
    if not all(line.startswith("- ") for line in lines):
        if len(text) <= WHOLE_FILE_MAX_BYTES:
            try:
                whole = _whole_file("\n".join(source[:count]), doc.file)
                return [n for n, __ in whole], [row for __, row in whole]
            except RectifyError:
                if not any(line.startswith("- {") for line in lines):
                    raise
    if all(map(_json_shaped, lines)):
        shaped = numbers
    else:
        shaped = [n for n, line in zip(numbers, lines, strict=True) if _json_shaped(line)]
        lines = [stripped[n - 1] for n in shaped]
    values, unread = _read_as_json(lines)
    if len(shaped) == len(numbers) and not unread:
        return numbers, values
    read = {n: value for n, value in zip(shaped, values, strict=True) if value is not _UNREAD}
    kept: list[int] = []
    rows: list[Any] = []
    for number in numbers:
        line = source[number - 1]
        if number in read:
            kept.append(number)
            rows.append(read[number])
        elif line.strip().startswith("- "):
            if log.saturated:
                log.unlisted += 1  # past the problems listed, a line JSON cannot read is only counted
                continue
            try:
                rows.append(log.entry(line, number))
                kept.append(number)
            except RectifyError as err:
                log.report(err.diagnostics)
        elif log.full:
            log.unlisted += 1
        else:
            marker = yamlio.CONFLICT_MARKER.match(line)
            log.report(
                [
                    yamlio.conflict_marker(doc, number, marker.group(1))
                    if marker
                    else _not_an_entry(doc.file, number, line)
                ]
            )
    return kept, rows


_ONE_LINE_MAPPING = re.compile(r"\s*- \{.*\}\s*(?:#.*)?$")  # perhaps with a comment after it


def _json_shaped(stripped: str) -> bool:
    return stripped.startswith("- {") and stripped.endswith("}")


_UNREAD = object()  # a line JSON could not read


def _read_as_json(lines: list[str]) -> tuple[list[Any], bool]:
    """The mapping of each line `- {…}` JSON reads, or _UNREAD; ROWS_AT_ONCE lines an array; and
    whether any line is _UNREAD.

    An array that fails is read again a line at a time, so a line JSON cannot read (one a
    person edited, a key given twice, a character the YAML reader refuses, which JSON
    would take) is left out, for YAML to read or refuse, and costs only itself.
    """
    read: list[Any] = []
    unread = False
    for start in range(0, len(lines), ROWS_AT_ONCE):
        chunk = lines[start : start + ROWS_AT_ONCE]
        together = _json_array(chunk)
        if together is not None:
            read.extend(together)
            continue
        for line in chunk:
            alone = _json_array([line])
            read.append(_UNREAD if alone is None else alone[0])
            unread = unread or alone is None
    return read, unread


def _json_array(lines: list[str]) -> list[Any] | None:
    """The mappings of lines `- {…}`, one JSON array, or None when JSON cannot read each as one."""
    array = "[" + ",".join([line[2:] for line in lines]) + "]"
    if _forbidden(array):
        return None
    try:
        data = json.loads(array, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError):
        return None
    # `- {"a": 1}, {"b": 2}` is two elements of the array: then each line is read on its own.
    return data if len(data) == len(lines) else None


def _forbidden(text: str) -> bool:
    """Whether the text holds a character YAML refuses (`yamlio.FORBIDDEN`).  Each of them is one
    that str.isprintable refuses too, and it tells printable text, nearly every line, three times
    faster than the pattern can."""
    return not text.isprintable() and yamlio.FORBIDDEN.search(text) is not None


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


def _check(numbers: list[int], rows: list[Any], log: Log) -> None:
    """Make the entries, ROWS_AT_ONCE rows a call; a row that fails is reported at its line, and the
    others of its call are made again without it."""
    for start in range(0, len(rows), ROWS_AT_ONCE):
        chunk = rows[start : start + ROWS_AT_ONCE]
        lines = numbers[start : start + ROWS_AT_ONCE]
        adapter = entries_adapter()  # made for the first row: an empty log builds no validator
        try:
            entries = adapter.validate_python(chunk)
        except ValidationError as err:
            if log.full:  # only counted: which rows failed, and how many problems
                brief = err.errors(include_url=False, include_context=False, include_input=False)
                log.unlisted += len(brief)
                failed = {int(error["loc"][0]) for error in brief}
            else:
                failed = _report(err, lines, log)
            chunk = [row for index, row in enumerate(chunk) if index not in failed]
            lines = [number for index, number in enumerate(lines) if index not in failed]
            entries = adapter.validate_python(chunk)
        log.entries.extend(entries)
        log.lines.extend(lines)


def _report(err: ValidationError, lines: list[int], log: Log) -> set[int]:
    """Each failed row's problems at its line; the indices of the rows that failed."""
    failed: dict[int, list[Any]] = {}
    for error in err.errors(include_url=False):
        index, *loc = error["loc"]
        failed.setdefault(int(index), []).append({**error, "loc": tuple(loc)})
    for index, errors in failed.items():
        if log.full:
            log.unlisted += len(errors)
        else:
            log.report(_entry_diagnostics(errors, str(log.path), lines[index], log.source))
    return set(failed)


def _entry_diagnostics(errors: list[Any], name: str, number: int, source: list[str]) -> list[Diagnostic]:
    """Why a row is not an entry, at its line."""
    from zibo_rectify.model import pydantic_diagnostic

    line = source[number - 1] if 0 < number <= len(source) else None
    doc = yamlio.Document(name, None, [] if line is None else [line], first_line=number)
    doc.positions[()] = (number, 1)
    return [pydantic_diagnostic(doc, error, ProgressEntry) for error in errors]


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
    """The raw entry of a line `- {…}`: as JSON, else as YAML (a line a person wrote).

    JSON would take raw control characters that make the file invalid YAML;
    such a line goes to the YAML reader, which names them.
    """
    if not _forbidden(line):
        try:
            return json.loads(line.strip()[2:], object_pairs_hook=_unique_keys)
        except (ValueError, RecursionError):
            pass  # YAML reads JSON too, and says precisely what is wrong
    doc = yamlio.parse(line, name, max_nodes=1000, allow_aliases=False, first_line=number)
    # A line `- …` is a list of one; anything else (a torn last line, `-5`) is returned as it is,
    # and is then no entry.
    return doc.data[0] if isinstance(doc.data, list) and len(doc.data) == 1 else doc.data


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
