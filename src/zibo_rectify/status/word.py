"""The office's own word (提前 / 按序时 / 推进缓慢 / 严重滞后) weighed against the figures.

An office's verdict never makes a target look better than its figures say:
the state is the worse of the two.  When the office says better than the
figures, the state stays the figures' and the flag `verdict_differs` marks a
point to verify.  A target done or met stays so: a word on pace does not undo
what the figures show finished.
"""

from __future__ import annotations

from collections.abc import Sequence

from zibo_rectify.log import OFFICE_VERDICTS, ProgressEntry
from zibo_rectify.status.records import State

SLOW = ("slow", "stalled")  # 推进缓慢, 严重滞后: behind, whatever the figures say
GOOD = ("ahead", "on_track")  # 提前, 按序时
LAGGING = (State.BEHIND, State.OVERDUE, State.NOT_MET)  # what the figures say when they say worse
UNDER_WAY = (State.ON_TRACK, State.NO_DATA)  # what a slow verdict makes behind


def latest_verdict(history: Sequence[ProgressEntry], whole: bool = True) -> ProgressEntry | None:
    """The latest entry (by date, then recorded) that gives the office's verdict: of the whole
    target unless `history` is one part's (`whole` False), as `engine.due_in_force` reads it."""
    for entry in reversed(history):
        if entry.verdict in OFFICE_VERDICTS and not (whole and entry.part is not None):
            return entry
    return None


def weighed(state: State | None, verdict: str | None, unjudged: bool = False) -> tuple[State | None, bool]:
    """The state once the office's verdict is weighed in, and whether the office says better.

    `unjudged`: a state of None means the figures alone give none (a part with no goal of
    its own), not an indicator; a slow verdict then makes it behind.
    """
    if verdict is None or state is None and not (unjudged and verdict in SLOW):
        return state, False
    if verdict in SLOW and (state is None or state in UNDER_WAY):
        return State.BEHIND, False
    return state, verdict in GOOD and state in LAGGING


def undated_on(history: Sequence[ProgressEntry], done_on: object) -> bool:
    """Whether the done entry of `done_on` states no date of its own (已完成, 未载明日期)."""
    return any(e.undated and e.done and e.date == done_on for e in history)
