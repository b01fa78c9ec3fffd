"""A long listing as plain aligned lines: a table's columns and cells, without building a rich Table.

Rich lays a table out cell by cell; for the thousands of rows of a long log
or of a folder of plans that costs a hundred times what the lines themselves
do.  Past PLAIN_ROWS rows `rectify log` and `rectify status` print this
instead: the same header, rule and columns, each column as wide as its widest
cell (a cell may hold several lines), the foldable ones (a log's plan, value,
by, note and evidence; the status' notes) narrowed and wrapped onto the next
line when the screen is too narrow; the date and the other short columns are
never split, and no line ends in spaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len, chop_cells
from rich.console import Console

PLAIN_ROWS = 200  # more rows than any screen holds: past this a log is lines, not a rich table
GAP = "   "  # between columns, as the table's box and padding leave it


def widths(lengths: Sequence[Sequence[int]], fixed: Sequence[bool], room: int) -> list[int]:
    """Each column's width: its widest cell, the foldable ones capped alike until the row fits."""
    natural = [max((row[i] for row in lengths), default=0) for i in range(len(fixed))]
    room -= len(GAP) * (len(natural) - 1)
    if sum(natural) <= room:
        return natural
    steady = sum(w for w, keep in zip(natural, fixed, strict=True) if keep)
    low, high = min(2, max(natural)), max(natural)  # two cells at least: a Chinese character fits
    while low < high:  # the largest cap that fits
        cap = (low + high + 1) // 2
        used = steady + sum(min(w, cap) for w, keep in zip(natural, fixed, strict=True) if not keep)
        low, high = (cap, high) if used <= room else (low, cap - 1)
    return [w if keep else min(w, low) for w, keep in zip(natural, fixed, strict=True)]


def lines(
    header: Sequence[str] | None,
    rows: Sequence[Sequence[str]],
    fixed: Sequence[bool],
    width: int,
    least: Sequence[int] = (),
    right: Sequence[bool] = (),
) -> str:
    """The table as text: a blank line, the header and a rule (unless `header` is None), a line or
    more per row, a blank line.  `least` widens columns to line up with other tables; the columns
    `right` marks (figures) are aligned to the right."""
    table = [header, *rows] if header is not None else list(rows)
    if not table:
        return "\n"
    columns = list(zip(*table, strict=True))
    measured = [_widths(list(cells)) for cells in columns]
    lengths = list(zip(*measured, strict=True))
    sizes = widths([*lengths, least] if least else lengths, fixed, width - 2)  # a space at either edge
    rightward = list(right) or [False] * len(sizes)
    # Column by column, each cell padded to its column; the rows a cell of which is too wide or
    # has several lines are laid out again one by one.
    padded = [
        [" " * (w - n) + c for c, n in zip(cells, ns, strict=True)]
        if r
        else [c + " " * (w - n) for c, n in zip(cells, ns, strict=True)]
        for cells, ns, w, r in zip(columns, measured, sizes, rightward, strict=True)
    ]
    out = [(" " + GAP.join(cells)).rstrip() for cells in zip(*padded, strict=True)]
    again: set[int] = set()  # each such row once, however many of its cells are too wide
    for cells, ns, w in zip(columns, measured, sizes, strict=True):
        several = "\n" in "".join(cells)
        if several or max(ns) > w:
            again.update(k for k, (c, n) in enumerate(zip(cells, ns, strict=True)) if n > w or "\n" in c)
    for k in again:
        out[k] = _line(table[k], lengths[k], sizes, rightward)
    if header is not None:
        out.insert(1, " " + "─" * (sum(sizes) + len(GAP) * (len(sizes) - 1)))
    return "\n".join(["", *out, ""]) + "\n"


def widest(cells: list[str]) -> int:
    """The width on screen of the widest of the cells (of its widest line)."""
    return max(_widths(cells), default=0)


def _widths(cells: list[str]) -> list[int]:
    """The cells' widths on screen; a column of ASCII only (the usual case) measured at once."""
    joined = "".join(cells)
    if joined.isascii() and "\n" not in joined:
        return list(map(len, cells))
    return [_width(c) for c in cells]


def _width(text: str) -> int:
    if "\n" in text:  # a cell of several lines is as wide as its widest
        return max(_width(line) for line in text.split("\n"))
    return len(text) if text.isascii() else cell_len(text)


def _line(cells: Sequence[str], lengths: Sequence[int], sizes: Sequence[int], right: Sequence[bool]) -> str:
    if all(n <= w for n, w in zip(lengths, sizes, strict=True)) and not any("\n" in c for c in cells):
        padded = (
            " " * (w - n) + c if r else c + " " * (w - n)
            for c, n, w, r in zip(cells, lengths, sizes, right, strict=True)
        )
        return (" " + GAP.join(padded)).rstrip()
    parts = [_chopped(c, w) for c, w in zip(cells, sizes, strict=True)]
    return "\n".join(
        (
            " "
            + GAP.join(
                _pad(p[n] if n < len(p) else "", w, r) for p, w, r in zip(parts, sizes, right, strict=True)
            )
        ).rstrip()
        for n in range(max(len(p) for p in parts))
    )


def wrap(text: str, width: int) -> str:
    """Running text (a title, a summary line) in lines at most `width` cells wide, broken after a
    space where it can be, as rich breaks it, and cut where a word is longer than the line, by the
    rules of Chinese line breaking (禁则)."""
    width = max(width, 1)  # a screen too narrow for anything still shows every character
    out = []
    for paragraph in text.split("\n"):
        if _width(paragraph) <= width:  # the usual case: the line fits as it is
            out.append(paragraph.rstrip())
            continue
        line = ""
        for word in filter(None, re.split(r"(?<= )", paragraph)):  # each word keeps its spaces after it
            if line and _width((line + word).rstrip()) > width:
                out.append(line.rstrip())
                line = word.lstrip() if line.strip() else word
            else:
                line += word
            while _width(line.rstrip()) > width and len(line.rstrip()) > 1:
                head, line = _cut(line, width)
                out.append(head.rstrip())
        out.append(line.rstrip())
    return "\n".join(out) + "\n"


# Chinese line breaking (禁则): no line starts with closing punctuation, none ends with opening.
NO_LINE_START = "、。，．,.；;：:！!？?）)」』】〕》〉’”…—%％"
NO_LINE_END = "（(「『【〔《〈‘“"


def _cut(text: str, width: int) -> tuple[str, str]:
    """The first `width` cells of a text and the rest; a character wider than `width` (a Chinese
    one in a column of one cell) is a line of its own rather than none: every cut moves on.  A cut
    that would start the next line with 、 or 。 (or end this one with 《) takes a character down
    with it, as Chinese typesetting does."""
    head, *rest = chop_cells(text, width)
    if not head:
        return text[0], text[1:]
    tail = "".join(rest)
    while len(head) > 1 and ((tail[:1] and tail[0] in NO_LINE_START) or head[-1] in NO_LINE_END):
        head, tail = head[:-1], head[-1] + tail
    return head, tail


def _chopped(text: str, width: int) -> list[str]:
    """A cell's lines at most `width` cells wide: its own lines, each wrapped as rich wraps a cell."""
    return wrap(text, width).split("\n")[:-1]


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space


def write(out: Console, text: str) -> None:
    """Text laid out already, into the console's output as it stands (a pager, a capture, a pipe):
    rich measures nothing of it, which for thousands of lines is most of the time."""
    if out.is_dumb_terminal:  # where rich writes no control segments: printed the usual way
        out.print(text, end="", markup=False, highlight=False, soft_wrap=True)
        return
    from rich.control import Control
    from rich.segment import Segment

    raw = Control()
    raw.segment = Segment(text)  # a plain segment: written as it is, on a terminal or not
    out.control(raw)
