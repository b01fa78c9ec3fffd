"""Read YAML safely and remember where every value came from (the one module that knows YAML).

PyYAML alone keeps the last of two duplicate keys, builds whatever an alias bomb
asks for and forgets line numbers once it has built Python objects.  Here the C
parser composes a node tree and a small walker builds plain data from it,
refusing what a plan or log never needs and recording each value's position.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zibo_rectify.errors import Diagnostic, ExitCode, RectifyError

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]

MAX_DEPTH = 40
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)


@dataclass
class Document:
    """A YAML file read into plain data, with the 1-based (line, column) of each value."""

    file: str
    data: Any
    lines: list[str]
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: PathKey) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor the file spells out."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found:
                return found
        return (1, 1)

    def diagnostic(self, path: PathKey, code: str, message: str, fix: str | None) -> Diagnostic:
        line, column = self.where(path)
        return self.diagnostic_at(line, column, code, message, fix)

    def diagnostic_at(self, line: int, column: int, code: str, message: str, fix: str | None) -> Diagnostic:
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        return Diagnostic(code, message, self.file, line, column, fix, source)


def read_text(path: Path, max_bytes: int) -> str:
    """The file's text as UTF-8, or a diagnostic that says why it cannot be read."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _unreadable(
                name,
                "file-too-large",
                f"the file is {size:,} bytes; rectify reads files up to {max_bytes:,} bytes",
                "split it, or check that it is the file you meant",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _unreadable(name, "no-such-file", "there is no such file", None) from None
    except IsADirectoryError:
        raise _unreadable(name, "is-a-directory", "this is a folder, not a file", None) from None
    except OSError as err:
        raise _unreadable(name, "cannot-read", f"cannot read the file: {err.strerror}", None) from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped); other encodings get a message that names them."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _unreadable(
            name, "not-utf8", "the file is UTF-16, not UTF-8", "re-save it with the encoding UTF-8"
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
            fix = "re-save it with the encoding UTF-8"
        else:
            looks_like = "; it looks like GBK/GB18030, which Chinese Windows programs often save"
            fix = (
                f"re-save it as UTF-8, for example: iconv -f GB18030 -t UTF-8 '{name}' > utf8.yaml"
                " and replace the file with utf8.yaml (in Notepad: Save As, encoding UTF-8)"
            )
        raise RectifyError(
            Diagnostic(
                "not-utf8",
                f"the file is not UTF-8 (byte 0x{raw[err.start]:02x}){looks_like}",
                name,
                line,
                column,
                fix,
            ),
            exit_code=ExitCode.USAGE,
        ) from None


def parse(text: str, name: str, *, max_nodes: int, allow_aliases: bool = True) -> Document:
    """Build plain data from YAML text, or raise every problem found as diagnostics."""
    doc = Document(name, None, text.splitlines())
    markers = [
        doc.diagnostic_at(
            text.count("\n", 0, m.start()) + 1,
            1,
            "conflict-marker",
            f"a git merge conflict marker ({m.group(1)}) is left in the file",
            "finish the merge: keep the lines you want, then delete the <<<<<<<, ======= and >>>>>>> lines",
        )
        for m in _CONFLICT_MARKER.finditer(text)
    ]
    if markers:
        raise RectifyError(*markers, exit_code=ExitCode.PROBLEMS)
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.data = _Builder(loader, doc, max_nodes, allow_aliases).build(node, (), 0)
    except yaml.MarkedYAMLError as err:
        raise RectifyError(_syntax_diagnostic(doc, err), exit_code=ExitCode.PROBLEMS) from None
    except yaml.YAMLError as err:  # a reader error: a character YAML does not allow
        raise RectifyError(_reader_diagnostic(doc, text, err), exit_code=ExitCode.PROBLEMS) from None
    finally:
        loader.dispose()
    return doc


class _Refused(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


class _Builder:
    """Walks a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, loader: Any, doc: Document, max_nodes: int, allow_aliases: bool) -> None:
        self.loader = loader
        self.doc = doc
        self.budget = max_nodes
        self.allow_aliases = allow_aliases
        self.seen: set[int] = set()

    def refuse(self, node: yaml.Node, code: str, message: str, fix: str | None) -> _Refused:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        return _Refused(self.doc.diagnostic_at(line, column, code, message, fix))

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        try:
            return self._build(node, path, depth)
        except _Refused as refused:
            raise RectifyError(refused.diagnostic, exit_code=ExitCode.PROBLEMS) from None

    def _build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self.refuse(
                node,
                "too-many-nodes",
                "the file expands to more values than rectify reads (anchors and aliases"
                " repeated over and over, or a file far larger than a plan)",
                "write the values out instead of repeating aliases",
            )
        if depth > MAX_DEPTH:
            raise self.refuse(node, "too-deep", f"values are nested more than {MAX_DEPTH} levels deep", None)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if not self.allow_aliases and not isinstance(node, yaml.ScalarNode):
            if id(node) in self.seen:
                raise self.refuse(
                    node,
                    "alias",
                    "anchors and aliases (&name, *name) are not allowed here",
                    "write the value out in full",
                )
            self.seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            self._expect_tag(node, f"{_TAG}seq")
            items = []
            for index, item in enumerate(node.value):
                here = (*path, index)
                self.doc.positions[here] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(self._build(item, here, depth + 1))
            return items
        self._expect_tag(node, f"{_TAG}map")
        mapping: dict[Any, Any] = {}
        key_lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                raise self.refuse(
                    key_node,
                    "merge-key",
                    "merge keys (<<) are not supported",
                    "write the keys out in full",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.refuse(
                    key_node, "bad-key", "a key must be plain text, not a list or mapping", None
                )
            key = self._scalar(key_node)
            if not isinstance(key, str):
                raise self.refuse(
                    key_node,
                    "bad-key",
                    f"the key {key_node.value} is read by YAML as {type(key).__name__} {key!r}, not as text",
                    f'quote it: "{key_node.value}":',
                )
            line = key_node.start_mark.line + 1
            if key in key_lines:
                raise self.refuse(
                    key_node,
                    "duplicate-key",
                    f"the key {key!r} appears twice: first at line {key_lines[key]}, again at line {line}",
                    "keep one of them; YAML would silently use only the last",
                )
            key_lines[key] = line
            here = (*path, key)
            self.doc.positions[here] = (line, key_node.start_mark.column + 1)
            mapping[key] = self._build(value_node, here, depth + 1)
        return mapping

    def _expect_tag(self, node: yaml.Node, tag: str) -> None:
        if node.tag != tag:
            raise self._tag_refusal(node)

    def _tag_refusal(self, node: yaml.Node) -> _Refused:
        shown = node.tag.replace(_TAG, "!!")
        return self.refuse(
            node,
            "tag",
            f"the tag {shown} is not allowed: plans and logs hold plain data only",
            "remove the tag",
        )

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self._tag_refusal(node)
        if node.tag == f"{_TAG}timestamp":
            return self._timestamp(node)
        return self.loader.construct_object(node)

    def _timestamp(self, node: yaml.ScalarNode) -> dt.date | dt.datetime:
        try:
            value: dt.date | dt.datetime = self.loader.construct_yaml_timestamp(node)
        except ValueError:
            raise self.refuse(
                node,
                "bad-date",
                f"{node.value} is not a real date",
                "check the day and month (dates are written YYYY-MM-DD)",
            ) from None
        return value


def _syntax_diagnostic(doc: Document, err: yaml.MarkedYAMLError) -> Diagnostic:
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = err.problem or "invalid YAML"
    context = err.context or ""
    source = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    if "\t" in source[: column + 1] and "cannot start any token" in problem:
        return doc.diagnostic_at(
            line,
            column,
            "tab",
            "a tab character is used here; YAML indents with spaces only",
            "replace the tab with spaces",
        )
    if "quoted scalar" in context and err.context_mark is not None:
        start = err.context_mark
        return doc.diagnostic_at(
            start.line + 1,
            start.column + 1,
            "unclosed-quote",
            "a quoted string starts here and is never closed",
            "add the closing quote",
        )
    if "expected a single document" in context:
        return doc.diagnostic_at(
            line, column, "many-documents", "the file holds more than one YAML document", None
        )
    message = f"{context} {problem}".strip() if context else problem
    return doc.diagnostic_at(
        line, column, "yaml-syntax", f"not valid YAML: {message}", "check the YAML syntax here"
    )


def _reader_diagnostic(doc: Document, text: str, err: yaml.YAMLError) -> Diagnostic:
    position = getattr(err, "position", 0)
    position = position if isinstance(position, int) and 0 <= position <= len(text) else 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = getattr(err, "character", None)
    if isinstance(character, str) and character:
        character = ord(character)
    shown = f"U+{character:04X}" if isinstance(character, int) else "a character"
    return doc.diagnostic_at(
        line,
        column,
        "control-character",
        f"the file holds {shown}, a control character YAML does not allow",
        "delete it, or write it as an escape inside a double-quoted string",
    )


def _unreadable(name: str, code: str, message: str, fix: str | None) -> RectifyError:
    return RectifyError(Diagnostic(code, message, name, fix=fix), exit_code=ExitCode.USAGE)
