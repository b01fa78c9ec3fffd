"""Where output goes: a console as wide as the screen, plain lines off a terminal, a pager for
long output on one.

Off a terminal (a pipe, a file, CI) lines are as wide as COLUMNS, else the terminal the user sits
at (stderr's), else 160, and carry no trailing spaces.  On a terminal, output longer than the
screen goes through a pager, as git's and gh's does: RECTIFY_PAGER, else PAGER, else `less`
(with LESS=FRX unless LESS is set, so a page that fits is simply printed); `--no-pager`, or an
empty RECTIFY_PAGER, prints straight out.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

FALLBACK_WIDTH = 160


def width_off_terminal() -> int:
    """COLUMNS, else the width of the terminal stderr or stdin is on, else FALLBACK_WIDTH."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.stderr, sys.stdin):
        try:
            if stream.isatty():
                return os.get_terminal_size(stream.fileno()).columns or FALLBACK_WIDTH
        except (OSError, ValueError, AttributeError):
            continue
    return FALLBACK_WIDTH


def console(stderr: bool = False) -> Console:
    """A console that is as wide as the screen, and colourless off a terminal or with NO_COLOR."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else width_off_terminal()
    return Console(file=stream, width=width, highlight=False, soft_wrap=False, emoji=False)


def pager_command() -> str | None:
    """The pager to run, a shell command as git runs it, or None when paging is off or the
    pager's program does not exist."""
    import shlex
    import shutil

    chosen = os.environ.get("RECTIFY_PAGER")
    if chosen is None:
        chosen = os.environ.get("PAGER") or "less"
    try:
        words = shlex.split(chosen)
    except ValueError:
        return None
    if not words or words == ["cat"] or shutil.which(words[0]) is None:
        return None
    return chosen


@contextmanager
def paged(use_pager: bool = True) -> Iterator[Console]:
    """A console whose output is written when the block ends: through a pager when it is longer
    than the terminal, as plain lines without trailing spaces when stdout is not a terminal."""
    out = console()
    with out.capture() as captured:
        yield out
    text = captured.get()
    if not out.is_terminal:
        sys.stdout.write("".join(line.rstrip() + "\n" for line in text.splitlines()))
        return
    command = pager_command() if use_pager else None
    if command is None or text.count("\n") < out.height:
        sys.stdout.write(text)
        return
    import subprocess

    sys.stdout.flush()
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(text)
        return
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        pager.stdin.close()
    except BrokenPipeError:  # the reader quit the pager before the end: nothing more to show
        pass
    pager.wait()
