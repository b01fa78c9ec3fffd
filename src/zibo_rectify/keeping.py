"""What a command builds up and keeps to its end, kept out of the garbage collector's walks.

Python's collector walks every object it tracks at each full collection, and
runs one each time the objects it tracks have grown by a quarter.  A command
over a thousand plans builds up what it keeps (the plans, a report's rows), so
the collector walked all that was built before again and again: 15 % of the CPU
time of `status --json` and of the md report over 1,000 plans
(docs/performance.md).  Inside `kept_to_the_end`, `keep()` freezes what is
alive now (`gc.freeze`); leaving it gives everything back to the collector, so a
process that goes on (a test run) keeps nothing it later drops.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def kept_to_the_end() -> Iterator[Callable[[], None]]:
    """A block that builds what the command keeps; call `keep()` after each piece is built."""
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
