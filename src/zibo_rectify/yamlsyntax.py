"""A YAML parser's error in plain words, at the spot a person would fix it.

PyYAML reports where it gave up, in its own terms; a tab, a quote left open
lines earlier or an unknown escape are named here instead, as is a character
YAML refuses to read at all.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from zibo_rectify.errors import Diagnostic
from zibo_rectify.i18n import _

if TYPE_CHECKING:
    import yaml

    from zibo_rectify.yamlio import Document

_BLOCK_SCALAR = re.compile(r"(^|[:-]\s)[|>][-+0-9]*\s*(\s#.*)?$")  # a literal or folded scalar starts


def _open_quote(lines: list[str], last: int) -> tuple[int, int] | None:
    """Where (index, 0-based column) the first quoted string that runs past the end of its line
    opens, in lines[:last + 1]: in a plan, a quote left open, which YAML pairs with the next
    quote, reporting a puzzle lines later."""
    quote = ""  # the quote we are inside, if any
    opened = (0, 0)
    block = -1  # the indent a block scalar (| or >) lies deeper than; -1 outside one
    for index, line in enumerate(lines[: last + 1]):
        indent = len(line) - len(line.lstrip(" "))
        if block >= 0 and (indent > block or not line.strip()):
            continue
        block = -1
        column = 0
        while column < len(line):
            char = line[column]
            if quote == '"' and char == "\\":
                column += 2
                continue
            if quote and char == quote:
                if quote == "'" and line[column + 1 : column + 2] == "'":
                    column += 2
                    continue
                quote = ""
            elif not quote and char in "\"'" and (line[:column].rstrip()[-1:] or ":") in ":-[{,?":
                quote, opened = char, (index, column)
            elif not quote and char == "#" and (column == 0 or line[column - 1] in " \t"):
                break
            column += 1
        if quote:
            return opened
        if _BLOCK_SCALAR.search(line):
            block = indent
    return None


def syntax_diagnostic(doc: Document, err: yaml.MarkedYAMLError) -> Diagnostic:
    """A YAML error in plain words, at its spot; tabs, quotes and escapes are named."""
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + doc.first_line, mark.column + 1) if mark else (doc.first_line, 1)
    problem = err.problem or _("invalid YAML")
    context = err.context or ""
    index = line - doc.first_line
    source = doc.lines[index] if 0 <= index < len(doc.lines) else ""
    if "tab" in problem or ("\t" in source[: column + 1] and "cannot start any token" in problem):
        return doc.diagnostic_at(
            line,
            column,
            "tab",
            _("a tab character is used here; YAML indents with spaces only"),
            _("replace the tab with spaces"),
        )
    opened = _open_quote(doc.lines, index)
    if "quoted scalar" in context and err.context_mark is not None and "end of stream" in problem:
        opened = (err.context_mark.line, err.context_mark.column)
    elif opened is not None and opened[0] >= index:
        opened = None  # the error is on the quote's own line: PyYAML's spot is the right one
    if opened is not None:
        return doc.diagnostic_at(
            opened[0] + doc.first_line,
            opened[1] + 1,
            "unclosed-quote",
            _("a quoted string starts here and is never closed"),
            _("add the closing quote"),
        )
    if "escape" in problem:
        return doc.diagnostic_at(
            line,
            column,
            "bad-escape",
            _("a double-quoted string holds an escape YAML does not know ({escape})").format(
                escape=problem.removeprefix("found ")
            ),
            _("write a backslash as \\\\, or put the text in single quotes"),
        )
    if "nesting depth" in problem:
        return doc.diagnostic_at(line, column, "too-deep", _("values are nested too deeply"), None)
    if "expected a single document" in context:
        return doc.diagnostic_at(
            line, column, "many-documents", _("the file holds more than one YAML document"), None
        )
    message = f"{context} {problem}".strip() if context else problem
    return doc.diagnostic_at(
        line,
        column,
        "yaml-syntax",
        _("not valid YAML: {problem}").format(problem=message),
        _("check the YAML syntax here"),
    )


def forbidden_character(doc: Document, text: str, offset: int) -> Diagnostic:
    """A character YAML refuses (a control, a stray BOM, a line break editors hide), named at its
    line and column."""
    from zibo_rectify.yamlio import LINE_BREAK, lines_of

    line = lines_of(text, [offset], doc.first_line)[0]
    starts = [m.end() for m in LINE_BREAK.finditer(text, 0, offset)]
    column = offset - (starts[-1] if starts else 0) + 1
    code = ord(text[offset])
    if text[offset] in "\x85\u2028\u2029":
        return doc.diagnostic_at(
            line,
            column,
            "line-separator",
            _("the file holds {char}, a line break YAML counts though editors may show none").format(
                char=f"U+{code:04X}"
            ),
            _("replace it with an ordinary line break, or delete it"),
        )
    if code == 0xFEFF:
        return doc.diagnostic_at(
            line,
            column,
            "stray-bom",
            _(
                "the file holds a byte order mark (U+FEFF) past its start,"
                " as pasting two files together leaves"
            ),
            _("delete the invisible character at this column"),
        )
    what = _("half of a UTF-16 pair on its own") if 0xD800 <= code <= 0xDFFF else _("a control character")
    return doc.diagnostic_at(
        line,
        column,
        "control-character",
        _("the file holds {char}, {what}, which YAML does not allow").format(char=f"U+{code:04X}", what=what),
        _("delete it, or write it as an escape inside a double-quoted string"),
    )
