"""What every terminal view shares: plan text made inert in a rich `Text`, the state colours, the
progress bar, running lines laid out at the console's width.

Plan and log text is shown as written, but never as markup or escape codes:
everything from a file passes through `inert` into a `Text` (rich reads markup
such as `[link=…]` only in plain strings), so a note holding an escape sequence
or markup prints as visible characters and cannot drive the terminal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console, JustifyMethod, OverflowMethod
from rich.containers import Lines
from rich.text import Text

from zibo_rectify import loglines
from zibo_rectify.safetext import inert
from zibo_rectify.screen import console as console

STATE_STYLE = {
    "not_started": "dim",
    "no_data": "magenta",
    "on_track": "green",
    "behind": "yellow",
    "overdue": "bold red",
    "done": "bold green",
    "met": "bold green",
    "not_met": "red",
}
ROLLUP_STYLE = {"rectified": "bold green", "partly": "yellow", "in_progress": "", "overdue": "bold red"}
BAR_WIDTH = 10


class Prose(Text):
    """Text that rich wraps by the rules of Chinese line breaking (no line starts with 、 or 》),
    where rich alone would cut a Chinese line at any character."""

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        shown = folded(self, width) if not no_wrap else self
        return Text.wrap(
            shown, console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap
        )


def cell(text: object, style: str = "") -> Text:
    """Text from a file, or anything that quotes it, as inert terminal text (never markup)."""
    return Prose(inert(text), style=style)


def bar(fraction: float) -> str:
    """Whole cells done, rounded down: only a goal reached fills the bar."""
    filled = min(math.floor(max(0.0, fraction) * BAR_WIDTH + 1e-9), BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def print_lines(out: Console, lines: Sequence[Text], plain: bool) -> None:
    """Lines of running text: each laid out by rich, or, in a listing too long for it, by loglines."""
    if plain:
        loglines.write(out, "".join(loglines.wrap(line.plain, out.width) for line in lines))
    else:
        for line in lines:
            out.print(folded(line, out.width))


def folded(line: Text, width: int) -> Text:
    """A line too wide for the screen, broken where `loglines.wrap` breaks it (after a space, never
    before 、 or 》), in its own styles; rich alone would cut a Chinese line anywhere."""
    if all(cell_len(one) <= width for one in line.plain.split("\n")):
        return line
    pieces, cursor = [], 0
    for part in loglines.wrap(line.plain, width).split("\n")[:-1]:
        start = line.plain.find(part, cursor)
        if start < 0:  # the text was not laid out as it is written (a tab): rich lays it out
            return line
        pieces.append(line[start : start + len(part)])
        cursor = start + len(part)
    return Text("\n", style=line.style).join(pieces)


def print_listing(out: Console, lines: Iterable[str]) -> None:
    """A listing's plain lines (due, warnings, pending, changes) at the console's width, laid out
    as `print_lines` lays out a long listing (rich would measure each line); a long line wraps
    under its own indent."""
    text = []
    for line in lines:
        line = inert(line)
        body = line.lstrip(" ")
        indent = " " * (len(line) - len(body))
        text += [
            indent + part + "\n" if part else "\n"
            for part in loglines.wrap(body, out.width - len(indent)).split("\n")[:-1]
        ]
    loglines.write(out, "".join(text))
