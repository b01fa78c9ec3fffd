"""Read YAML safely and remember where every value came from (the one module that knows YAML).

PyYAML alone keeps the last of two duplicate keys, builds whatever an alias bomb
asks for and forgets line numbers once it has built Python objects.  Here a
small builder makes plain data from the C parser's events, refusing what a
plan or log never needs and recording each value's position.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from zibo_rectify.errors import Diagnostic, ExitCode, RectifyError
from zibo_rectify.i18n import _

if TYPE_CHECKING:  # PyYAML is imported when YAML is parsed, not by every command that reads a file
    import yaml


@functools.cache
def _loader() -> type[yaml.SafeLoader]:
    """libyaml's C parser by name (yaml.safe_load is the pure-Python one, ten times slower)."""
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


PathKey = tuple[str | int, ...]

MAX_DEPTH = 40
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_STR = f"{_TAG}str"
MAX_MARKERS = 1000  # conflict markers listed; the rest are counted
CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)
# Characters YAML refuses (controls, lone surrogates), the line breaks YAML counts that
# editors may not show (NEL, U+2028, U+2029: positions would disagree), and a byte order
# mark past the start (two files pasted together), which YAML reads as part of a key.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Numbers as a person writes them: a whole number without leading zeros (YAML 1.1 reads 012
# as octal 10), and a decimal fraction, perhaps with an exponent.
_WHOLE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_NONZERO = re.compile("[1-9]")
INF = float("inf")


def split_lines(text: str) -> list[str]:
    """The lines of a text as editors and YAML number them (LF, CRLF or CR; not U+2028 or form feed)."""
    # Without a CR, splitting at LF is the same split, at a quarter of the cost on a long log.
    lines = text.split("\n") if "\r" not in text else LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@dataclass
class Document:
    """A YAML file read into plain data, with the 1-based (line, column) of each value."""

    file: str
    data: Any
    lines: list[str]
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    first_line: int = 1  # the number of lines[0] (a log line is parsed on its own)
    # Keys with no value after a comma in {…}: most likely the rest of the value before them,
    # cut off by the comma (name: 张店区, 淄川区); each with that value quoted, to show.
    cut_off: dict[PathKey, str] = field(default_factory=dict)
    # False: read without positions or cut-off values, which only a diagnostic needs; a valid
    # plan needs none, so it is read this way first (`model.load`), and `where` refuses.
    placed: bool = True

    def quote_the_value(self, path: PathKey) -> str | None:
        """The fix for a key that a comma cut off the value before it, if it is one."""
        quoted = self.cut_off.get(path)
        return None if quoted is None else quote_hint(quoted)

    def where(self, path: PathKey) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor the file spells out."""
        if not self.placed:
            raise Unplaced(self.file)
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found:
                return found
        return (1, 1)

    def diagnostic(self, path: PathKey, code: str, message: str, fix: str | None) -> Diagnostic:
        line, column = self.where(path)
        return self.diagnostic_at(line, column, code, message, fix)

    def diagnostic_at(self, line: int, column: int, code: str, message: str, fix: str | None) -> Diagnostic:
        index = line - self.first_line
        source = self.lines[index] if 0 <= index < len(self.lines) else None
        return Diagnostic(code, message, self.file, line, column, fix, source)


class Unplaced(Exception):
    """A diagnostic was asked of a document read without positions: read it again with them."""


def read_text(path: Path, max_bytes: int) -> str:
    """The file's text as UTF-8, or a diagnostic that says why it cannot be read."""
    try:
        raw = read_bytes(path, max_bytes)
    except FileNotFoundError:
        raise _unreadable(str(path), "no-such-file", _("there is no such file"), None) from None
    return decode(raw, str(path))


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; FileNotFoundError when there is none.

    A symbolic link is refused rather than followed: a link committed to the
    repository could point at any file on the machine that runs CI, and the
    diagnostics would echo its lines into a public log.  A device or a pipe
    would never end, so only regular files are read, and never past the bound.
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise
    except OSError as err:
        raise _open_error(path, err) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):  # checked before fdopen, which refuses a folder with an OSError
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise _unreadable(name, "is-a-directory", _("this is a folder, not a file"), None)
        raise not_a_file(path)
    with os.fdopen(fd, "rb") as handle:
        try:
            raw = read_at_most(handle, max_bytes)
        except OSError as err:
            raise _unreadable(
                name, "cannot-read", _("cannot read the file: {reason}").format(reason=err.strerror), None
            ) from None
    if len(raw) > max_bytes:
        raise too_large(path, max_bytes)
    return raw


GROWN_CHUNK = 1024 * 1024  # what read_at_most asks for at a time past the size the file had


def read_at_most(handle: BinaryIO, max_bytes: int) -> bytes:
    """The rest of an open file, or its first `max_bytes` + 1 bytes when it is longer than the bound.

    One read of the file's size, and more only if it grew meanwhile: a single
    read of `max_bytes` + 1 would set aside that much memory first, which for
    the log's bound of 512 MB costs more than reading a 20 MB log.
    """
    size = os.fstat(handle.fileno()).st_size
    chunks: list[bytes] = []
    total = 0
    ask = min(size, max_bytes) + 1
    while total <= max_bytes:
        chunk = handle.read(min(ask, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        ask = GROWN_CHUNK
    return b"".join(chunks)  # a single chunk comes back as itself, not copied


def too_large(path: Path, max_bytes: int) -> RectifyError:
    return _unreadable(
        str(path),
        "file-too-large",
        _("the file is larger than {size} bytes, the most rectify reads").format(size=f"{max_bytes:,}"),
        _("split it, or check that it is the file you meant"),
    )


def not_a_file(path: Path) -> RectifyError:
    return _unreadable(str(path), "not-a-file", _("this is a device or a pipe, not a file"), None)


def _open_error(path: Path, err: OSError) -> RectifyError:
    import errno

    if err.errno == errno.ELOOP and path.is_symlink():
        return symlink_error(path)
    return _unreadable(
        str(path), "cannot-read", _("cannot read the file: {reason}").format(reason=err.strerror), None
    )


def symlink_error(path: Path) -> RectifyError:
    """Plans and logs are regular files: a link could point anywhere on the machine."""
    return _unreadable(
        str(path),
        "symbolic-link",
        _("this is a symbolic link; rectify reads and writes plans and logs only as regular files"),
        _("put the file itself here instead of a link to it"),
    )


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped); other encodings get a message that names them."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _unreadable(
            name, "not-utf8", _("the file is UTF-16, not UTF-8"), _("re-save it with the encoding UTF-8")
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            looks_like = ""
            fix = _("re-save it with the encoding UTF-8")
        else:
            looks_like = _("; it looks like GBK/GB18030, which Chinese Windows programs often save")
            fix = _(
                "re-save it as UTF-8, for example: iconv -f GB18030 -t UTF-8 '{name}' > utf8.yaml"
                " and replace the file with utf8.yaml (in Notepad: Save As, encoding UTF-8)"
            ).format(name=name)
        raise RectifyError(
            Diagnostic(
                "not-utf8",
                _("the file is not UTF-8 (byte 0x{byte}){looks_like}").format(
                    byte=f"{raw[err.start]:02x}", looks_like=looks_like
                ),
                name,
                line,
                column,
                fix,
            ),
            exit_code=ExitCode.USAGE,
        ) from None


def parse(
    text: str,
    name: str,
    *,
    max_nodes: int,
    allow_aliases: bool = True,
    first_line: int = 1,
    placed: bool = True,
) -> Document:
    """Build plain data from YAML text, or raise every problem found as diagnostics.

    `first_line` is the number of the text's first line in its file, for a
    log line parsed on its own; `placed=False` reads no positions (Document.placed).
    """
    doc = Document(name, None, split_lines(text), first_line=first_line, placed=placed)
    # A marker holds seven <, = or > in a row, which nearly no file does: those are found five
    # times faster than the pattern can search a plan's lines from their starts.
    marked = "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text
    found = list(CONFLICT_MARKER.finditer(text)) if marked else []
    lines = lines_of(text, [m.start() for m in found[: MAX_MARKERS + 1]], first_line)
    markers = [conflict_marker(doc, line, m.group(1)) for line, m in zip(lines, found, strict=False)]
    if len(found) > MAX_MARKERS:  # the rest counted: a file of a million markers is one mistake
        markers[MAX_MARKERS:] = [
            doc.diagnostic_at(
                lines[MAX_MARKERS],
                1,
                "more-problems",
                _("{count} more conflict markers from this line on; the first {listed} are listed").format(
                    count=len(found) - MAX_MARKERS, listed=MAX_MARKERS
                ),
                _finish_the_merge(),
            )
        ]
    if markers:
        raise RectifyError(*markers, exit_code=ExitCode.PROBLEMS)
    forbidden = FORBIDDEN.search(text)
    if forbidden:
        from zibo_rectify.yamlsyntax import forbidden_character

        raise RectifyError(forbidden_character(doc, text, forbidden.start()), exit_code=ExitCode.PROBLEMS)
    import yaml

    loader = _loader()(text)
    try:
        doc.data = _Builder(loader, doc, max_nodes, allow_aliases).build()
    except yaml.MarkedYAMLError as err:
        from zibo_rectify.yamlsyntax import syntax_diagnostic

        raise RectifyError(syntax_diagnostic(doc, err), exit_code=ExitCode.PROBLEMS) from None
    except yaml.YAMLError as err:  # not expected past the checks above; still a message, not a crash
        diagnostic = doc.diagnostic_at(
            first_line, 1, "yaml-syntax", _("not valid YAML: {problem}").format(problem=err), None
        )
        raise RectifyError(diagnostic, exit_code=ExitCode.PROBLEMS) from None
    except RecursionError:  # the pure-Python parser, where libyaml is missing, recurses per level
        diagnostic = doc.diagnostic_at(first_line, 1, "too-deep", _("values are nested too deeply"), None)
        raise RectifyError(diagnostic, exit_code=ExitCode.PROBLEMS) from None
    finally:
        loader.dispose()
    return doc


def conflict_marker(doc: Document, line: int, marker: str) -> Diagnostic:
    return doc.diagnostic_at(
        line,
        1,
        "conflict-marker",
        _("a git merge conflict marker ({marker}) is left in the file").format(marker=marker),
        _finish_the_merge(),
    )


def _finish_the_merge() -> str:
    return _("finish the merge: keep the lines you want, then delete the <<<<<<<, ======= and >>>>>>> lines")


def lines_of(text: str, offsets: list[int], first_line: int) -> list[int]:
    """The line numbers of ascending offsets, counting each line break once (not from the
    start for each: a hundred thousand conflict markers would take minutes)."""
    lines: list[int] = []
    line, counted = first_line, 0
    for offset in offsets:
        line += len(LINE_BREAK.findall(text, counted, offset))
        counted = offset
        lines.append(line)
    return lines


class _Refused(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


class _Builder:
    """Builds dicts, lists and scalars from the document's events as the parser makes them.

    Each value is counted, placed and checked as it is built, and its events are
    dropped at once: composing PyYAML's node tree first, and walking it, took
    twice as long.  The events of an anchored value are kept, so each alias
    builds it again, as if written out where it is used.  What PyYAML's composer
    checks (one document, an alias only after its anchor, no anchor twice) is
    checked here, in its words, and a YAML error anywhere in the file is
    reported before any value is refused, as when the tree came first.
    """

    def __init__(self, loader: Any, doc: Document, max_nodes: int, allow_aliases: bool) -> None:
        import yaml

        self.yaml: Any = yaml  # its event classes compared by identity, each event as Any
        self.loader = loader
        self.get_event = loader.get_event
        self.doc = doc
        self.budget = max_nodes
        self.allow_aliases = allow_aliases
        self.tags: dict[tuple[type, str | None, Any], str] = {}  # each spelling's resolved tag
        # Each spelling's value (tag as written, text, plain or quoted): a plan says id:, name: and
        # the same dates and numbers forty times over, so each is made and checked once.
        self.scalars: dict[tuple[str | None, str, tuple[bool, bool]], Any] = {}
        self.keys: dict[tuple[str | None, str, tuple[bool, bool]], str] = {}  # likewise each key's
        self.seen: set[int] = set()  # the anchored collections built, where aliases are refused
        self.anchored: dict[str, list[Any]] = {}  # each anchor's events, as far as read
        self.recording: list[list[Any]] = []  # those of the anchored collections being read
        self.replaying: list[Iterator[Any]] = []  # those of the aliases being built
        self.constructors = {  # SafeConstructor's readers of a scalar's text; a str is the text itself
            f"{_TAG}int": loader.construct_yaml_int,
            f"{_TAG}float": loader.construct_yaml_float,
            f"{_TAG}bool": loader.construct_yaml_bool,
            f"{_TAG}null": loader.construct_yaml_null,
        }

    def build(self) -> Any:
        """The document's data, None for an empty file."""
        yaml, loader = self.yaml, self.loader
        loader.get_event()  # the stream's start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # the document's start
        root = self.next()
        try:
            data = self._build(root, (), 0)
        except _Refused as refused:  # a YAML error later in the file is reported instead
            while not loader.check_event(yaml.DocumentEndEvent):
                self.next()
            self._end(root)
            raise RectifyError(refused.diagnostic, exit_code=ExitCode.PROBLEMS) from None
        self._end(root)
        return data

    def _end(self, root: Any) -> None:
        self.loader.get_event()  # the document's end
        if not self.loader.check_event(self.yaml.StreamEndEvent):
            raise self.yaml.composer.ComposerError(
                "expected a single document in the stream",
                root.start_mark,
                "but found another document",
                self.loader.peek_event().start_mark,
            )

    def next(self) -> Any:
        """The next event: of the alias being built, else the parser's, checked and recorded."""
        if self.replaying:
            return next(self.replaying[-1])
        event = self.get_event()
        if self.recording:
            for events in self.recording:
                events.append(event)
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            return event
        if type(event) is self.yaml.AliasEvent:
            if anchor not in self.anchored:
                raise self.yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)
        elif anchor in self.anchored:
            first = self.anchored[anchor][0].start_mark
            raise self.yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence", first, "second occurrence", event.start_mark
            )
        else:
            self.anchored[anchor] = [event]
            if type(event) is not self.yaml.ScalarEvent:  # recorded until the collection ends
                self.recording.append(self.anchored[anchor])
        return event

    def node(self, event: Any) -> Any:
        """The event that starts the value: the anchor's, for an alias."""
        return self.anchored[event.anchor][0] if type(event) is self.yaml.AliasEvent else event

    def tag(self, node: Any) -> str:
        """The node's tag as written, else as PyYAML's resolver reads it: once a spelling, as a
        plan says id:, name: and goal: forty times over (the resolver was a third of the reading)."""
        yaml = self.yaml
        if node.tag is not None and node.tag != "!":
            return str(node.tag)
        if type(node) is yaml.ScalarEvent:
            kind, value = yaml.ScalarNode, node.value
        elif type(node) is yaml.SequenceStartEvent:
            kind, value = yaml.SequenceNode, None
        else:
            kind, value = yaml.MappingNode, None
        spelling = (kind, value, node.implicit)
        tag = self.tags.get(spelling)
        if tag is None:
            tag = self.tags[spelling] = str(self.loader.resolve(kind, value, node.implicit))
        return tag

    def _build(self, node: Any, path: PathKey, depth: int) -> Any:
        yaml = self.yaml
        if type(node) is yaml.AliasEvent:
            self.replaying.append(iter(self.anchored[node.anchor]))
            try:
                return self._build(self.next(), path, depth)
            finally:
                self.replaying.pop()
        self.budget -= 1
        if self.budget < 0:
            raise self.refuse(
                node,
                "too-many-nodes",
                _(
                    "the file expands to more values than rectify reads (anchors and aliases"
                    " repeated over and over, or a file far larger than a plan)"
                ),
                _("write the values out instead of repeating aliases"),
            )
        if depth > MAX_DEPTH:
            raise self.refuse(
                node,
                "too-deep",
                _("values are nested more than {depth} levels deep").format(depth=MAX_DEPTH),
                None,
            )
        if type(node) is yaml.ScalarEvent:
            spelling = (node.tag, node.value, node.implicit)
            try:
                return self.scalars[spelling]
            except KeyError:
                tag = self.tag(node)
                value = node.value if tag == _STR else self._number_as_written(node, self._scalar(node, tag))
                self.scalars[spelling] = value
                return value
        if node.anchor is not None:
            if not self.allow_aliases and id(node) in self.seen:
                raise self.refuse(
                    node,
                    "alias",
                    _("anchors and aliases (&name, *name) are not allowed here"),
                    _("write the value out in full"),
                )
            self.seen.add(id(node))
        recorded = node.anchor is not None and not self.replaying
        value = self._collection(node, path, depth)
        if recorded:  # the anchored collection is read whole
            self.recording.pop()
        return value

    def _collection(self, node: Any, path: PathKey, depth: int) -> list[Any] | dict[str, Any]:
        yaml, positions, placed = self.yaml, self.doc.positions, self.doc.placed
        tag = self.tag(node)
        if type(node) is yaml.SequenceStartEvent:
            if tag != f"{_TAG}seq":
                raise self._tag_refusal(node, tag)
            items: list[Any] = []
            while type(item := self.next()) is not yaml.SequenceEndEvent:
                here = (*path, len(items)) if placed else path  # a path serves only a position
                if placed:
                    mark = self.node(item).start_mark
                    positions[here] = (mark.line + self.doc.first_line, mark.column + 1)
                items.append(self._build(item, here, depth + 1))
            return items
        if tag != f"{_TAG}map":
            raise self._tag_refusal(node, tag)
        mapping: dict[str, Any] = {}
        cut: tuple[str, list[str]] | None = None  # key: value of the last pair, the valueless keys after
        keys, scalar_event = self.keys, yaml.ScalarEvent
        while type(key_event := self.next()) is not yaml.MappingEndEvent:
            key_node = self.node(key_event)
            key = None
            if type(key_node) is scalar_event:  # a key read before: most keys of a plan
                key = keys.get((key_node.tag, key_node.value, key_node.implicit))
            if key is None:
                key = self._key(key_node)
            value_event = self.next()
            if not placed:
                if key in mapping:  # its message names the first line: read again with positions
                    raise Unplaced(self.doc.file)
                mapping[key] = self._build(value_event, path, depth + 1)
                continue
            here = (*path, key)
            if node.flow_style:
                value_node = self.node(value_event)
                if not self._empty(value_node):
                    scalar = type(value_node) is scalar_event
                    cut = (f"{key_node.value}: ", [value_node.value]) if scalar else None
                elif cut is not None:  # name: 张店区, 淄川区 — 淄川区 was meant as the value's
                    cut[1].append(key)
                    self.doc.cut_off[here] = cut[0] + '"' + ", ".join(cut[1]) + '"'
            line = key_node.start_mark.line + self.doc.first_line
            if key in mapping:
                first = positions[here][0]
                where = (
                    _("the key {key!r} appears twice on line {line}")
                    if first == line
                    else _("the key {key!r} appears twice: first at line {first}, again at line {line}")
                )
                raise self.refuse(
                    key_node,
                    "duplicate-key",
                    where.format(key=key, line=line, first=first),
                    self.doc.quote_the_value(here)
                    or _("keep one of them; YAML would silently use only the last"),
                )
            positions[here] = (line, key_node.start_mark.column + 1)
            mapping[key] = self._build(value_event, here, depth + 1)
        return mapping

    def _key(self, node: Any) -> str:
        """A key not read before (`_collection` looks in `keys` first), kept there once checked: a
        key is plain text, not a merge key (<<), not a list, not a number."""
        if type(node) is not self.yaml.ScalarEvent:
            if self.tag(node) == f"{_TAG}merge":
                raise self._merge_refusal(node)
            raise self.refuse(node, "bad-key", _("a key must be plain text, not a list or mapping"), None)
        tag = self.tag(node)
        if tag == f"{_TAG}merge":
            raise self._merge_refusal(node)
        key = self._scalar(node, tag)
        if not isinstance(key, str):
            raise self.refuse(
                node,
                "bad-key",
                _("the key {key} is read by YAML as {type} {value!r}, not as text").format(
                    key=node.value, type=type(key).__name__, value=key
                ),
                _('quote it: "{key}":').format(key=node.value),
            )
        self.keys[node.tag, node.value, node.implicit] = key
        return key

    def _merge_refusal(self, node: Any) -> _Refused:
        return self.refuse(
            node, "merge-key", _("merge keys (<<) are not supported"), _("write the keys out in full")
        )

    def refuse(self, node: Any, code: str, message: str, fix: str | None) -> _Refused:
        line, column = node.start_mark.line + self.doc.first_line, node.start_mark.column + 1
        return _Refused(self.doc.diagnostic_at(line, column, code, message, fix))

    def _empty(self, node: Any) -> bool:
        """A value YAML made up: a key with nothing after it (not even a colon)."""
        return (
            type(node) is self.yaml.ScalarEvent
            and node.start_mark.index == node.end_mark.index
            and self.tag(node) == f"{_TAG}null"
        )

    def _tag_refusal(self, node: Any, tag: str) -> _Refused:
        return self.refuse(
            node,
            "tag",
            _("the tag {tag} is not allowed: plans and logs hold plain data only").format(
                tag=tag.replace(_TAG, "!!")
            ),
            _("remove the tag"),
        )

    def _scalar(self, event: Any, tag: str) -> Any:
        if tag not in _SCALAR_TAGS:
            raise self._tag_refusal(event, tag)
        if tag == _STR:
            return event.value
        node = self.yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        if tag == f"{_TAG}timestamp":
            return self._timestamp(node)
        try:
            return self.constructors[tag](node)
        except ValueError:  # an integer of thousands of digits: Python refuses to convert it
            if len(node.value) < 1000:
                raise self._bad_tagged(node) from None  # !!int "0x"
            raise self.refuse(
                node, "bad-number", _("this number has too many digits to be a figure"), None
            ) from None
        except (KeyError, IndexError, TypeError, AttributeError, ArithmeticError):
            raise self._bad_tagged(node) from None  # !!bool "x", !!int "": a tag its text does not fit

    def _number_as_written(self, node: yaml.ScalarNode, value: Any) -> Any:
        """A number is a decimal number as a person writes it: what YAML 1.1 reads as a number
        from other spellings (0x12C, 0o14, 012, 5:00 in base 60, 1_000) is refused, and so is
        a figure too small to be told from 0 (0.1e-4000), rather than taken as another value."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value
        text = node.value.strip()
        if isinstance(value, float) and (value != value or value in (INF, -INF)):
            return value  # .nan, .inf: the figure's own check says why neither is a figure
        pattern = _WHOLE if isinstance(value, int) else _DECIMAL
        if not pattern.fullmatch(text):
            raise self.refuse(
                node,
                "not-a-decimal",
                _("{text} is read by YAML as {value}: a number here is written in decimals").format(
                    text=text, value=value
                ),
                _("write it as a decimal number, like 300 or 61.5, or in quotes if it is text"),
            )
        if value == 0 and _NONZERO.search(text.partition("e")[0].partition("E")[0]):
            raise self.refuse(
                node,
                "number-too-small",
                _("{text} is too small to be told from 0: YAML reads it as 0").format(text=text),
                _("write the figure as a decimal number, like 0.5"),
            )
        return value

    def _bad_tagged(self, node: yaml.ScalarNode) -> _Refused:
        return self.refuse(
            node,
            "bad-tagged-value",
            _("{value!r} is not a value of the tag {tag}").format(
                value=node.value, tag=node.tag.replace(_TAG, "!!")
            ),
            _("remove the tag, or write a value it takes"),
        )

    def _timestamp(self, node: yaml.ScalarNode) -> dt.date | dt.datetime:
        try:
            value: dt.date | dt.datetime = self.loader.construct_yaml_timestamp(node)
        except (KeyError, IndexError, TypeError, AttributeError, ArithmeticError):
            raise self._bad_tagged(node) from None  # !!timestamp "garbage"
        except ValueError:
            raise self.refuse(
                node,
                "bad-date",
                _("{date} is not a real date").format(date=node.value),
                _("check the day and month (dates are written YYYY-MM-DD)"),
            ) from None
        return value


def quote_hint(quoted: str) -> str:
    return _("a comma ends a value inside {{…}}: quote the value, as {quoted}").format(quoted=quoted)


def _unreadable(name: str, code: str, message: str, fix: str | None) -> RectifyError:
    return RectifyError(Diagnostic(code, message, name, fix=fix), exit_code=ExitCode.USAGE)
