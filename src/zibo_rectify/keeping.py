"""What a command builds up and keeps to its end, kept out of the garbage collector's walks.

Python's collector walks every object it tracks at each full collection, and
runs one each time the objects that outlived the younger collections have
grown by a quarter.  A command over a thousand plans keeps what it builds up
(the plans, a report's rows) while each plan's log comes and goes, so the
collector walked the plans again and again: over 1,000 plans of 2,000 entries,
45 full collections took 15 of the 43 s of `status --json` (docs/performance.md).
A command runs inside `kept_to_the_end` (the command line's boundary does it);
`keep()` freezes what is alive at that moment (`gc.freeze`) and the end of the
command gives everything back to the collector, so a process that goes on (a
test run) keeps nothing it later drops.  Outside a command `keep()` does nothing.
A process that ends with its command (the console script) keeps everything
instead (`keep_to_exit`): Python's teardown would walk it all once more.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_running = 0  # commands running (a command run by another, in tests, is inside the first)


@contextmanager
def kept_to_the_end() -> Iterator[None]:
    """A command's run: what `keep()` froze in it is given back to the collector when it ends."""
    global _running
    _running += 1
    try:
        yield
    finally:
        _running -= 1
        if not _running:
            gc.unfreeze()


def keep() -> None:
    """Keep what is alive now out of the collector's walks until the command ends; call it after
    building something the command keeps (a plan loaded, a plan's report made)."""
    if _running:
        gc.freeze()


def keep_to_exit() -> None:
    """The process ends now: keep everything out of the collector's walks as Python tears it down.

    Teardown runs full collections over all a start imported (Typer, Pydantic, rich, rectify):
    `status` spent 52 ms after its output was written, 11 ms with this.  Only the console script calls
    this, with its output flushed and its exit code known, and no rectify code runs after it.
    Objects still go as their last reference does; what is left in cycles goes with the process,
    as Python allows at any exit (it never promises to finalise what is alive then).
    """
    gc.freeze()
