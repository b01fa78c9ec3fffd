"""A check's finding on the terminal: where, what, the line with a caret, the fix."""

from __future__ import annotations

import unicodedata

from rich.text import Text

from zibo_rectify.errors import Diagnostic
from zibo_rectify.i18n import _
from zibo_rectify.safetext import inert
from zibo_rectify.screen import console as console

SOURCE_WIDTH = 120  # a hostile file may hold one line of megabytes: show the part around the spot


def diagnostic_text(d: Diagnostic, warning: bool = False) -> Text:
    """`path:line:col: error: message`, the line with a caret under the column, then the fix."""
    where = ":".join(str(p) for p in (d.file, d.line, d.column) if p is not None)
    text = Text()
    if where:
        text.append(inert(where) + ": ", style="bold")
    text.append((_("warning") if warning else _("error")) + _(": "), style="bold red")
    text.append(inert(d.message))
    if d.source_line is not None and d.line is not None:
        gutter = f"{d.line:>5} | "
        column = max((d.column or 1) - 1, 0)
        start = max(0, min(column - SOURCE_WIDTH // 2, len(d.source_line) - SOURCE_WIDTH))
        end = start + SOURCE_WIDTH
        before = "…" if start else ""
        after = "…" if end < len(d.source_line) else ""
        text.append(f"\n{gutter}{before}{inert(d.source_line[start:end])}{after}")
        prefix = before + inert(d.source_line[start:column])
        pad = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in prefix)
        text.append("\n" + " " * (len(gutter) - 2) + "| " + " " * pad + "^", style="red")
    if d.fix:
        text.append("\n  " + _("fix: "), style="bold")
        text.append(inert(d.fix))
    return text
