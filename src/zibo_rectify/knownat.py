"""What was known at a time (`--known-at T`): the entries recorded by then, the plan as committed then.

Every entry carries two times: the day it is about (`date`) and when it was
written (`recorded`).  A 通报 issued on a day must read the same when made
again after corrections, withdrawals and extensions typed since.  Each of
those is an entry of its own, so leaving out every entry recorded after T
leaves out every step taken after T as well: one filter, where a log's
entries become the engine's input (`workspace.load_log`), and the plan read
from the last commit at or before T (`workspace.load`).

The CLI sets T once per command (`choose`); every reading of plans and logs
below consults it, so no command can forget it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _

if TYPE_CHECKING:
    from zibo_rectify.log import Log

# The offices rectify serves write their plans in China Standard Time: a date typed for
# --known-at means the end of that day there, and a report's basis is said in it.
PLAN_ZONE = dt.timezone(dt.timedelta(hours=8))
_TIME = re.compile(r"\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}")
GIT_TIMEOUT_SECONDS = 10


class KnownAt(NamedTuple):
    """The cut-off: entries recorded at or before `moment` count."""

    moment: dt.datetime  # aware
    typed: str


_typed: str | None = None
_parsed: KnownAt | None = None
_said_current: set[Path] = set()


def choose(typed: str | None) -> None:
    """The --known-at of this command as typed (None: everything recorded counts); read when first used."""
    global _typed, _parsed
    _typed, _parsed = typed, None
    _said_current.clear()


def chosen() -> KnownAt | None:
    """The cut-off in force, parsed; a usage error for a time rectify cannot read."""
    global _parsed
    if _typed is None:
        return None
    if _parsed is None:
        _parsed = KnownAt(parse(_typed), _typed)
    return _parsed


def parse(text: str, today: dt.date | None = None) -> dt.datetime:
    """An ISO time (without an offset: UTC+8), or a date meaning the end of that day in UTC+8."""
    moment = typed_time(
        text,
        "--known-at",
        "bad-known-at",
        _("write a time as 2022-10-05T10:00:00+08:00, or a date for the end of that day (UTC+8)"),
    )
    if moment is not None:
        return moment
    from zibo_rectify.typed import day

    return end_of_day(day(text.strip(), "--known-at", today or dt.date.today()))


def typed_time(text: str, option: str, code: str, hint: str) -> dt.datetime | None:
    """The time typed for `option` (without an offset: UTC+8); None when `text` is no time (a date)."""
    cleaned = text.strip()
    if not _TIME.match(cleaned):
        return None
    try:
        moment = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise usage_error(
            code,
            _("{option} {value!r} is not a time rectify reads").format(option=option, value=text),
            hint,
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=PLAN_ZONE)


class Since(NamedTuple):
    """`--since T`: what the last report knew, and its day.

    Entries recorded after `known` are new, whatever day they are about; states and warning
    levels move from `day` as known then to the report's day as known now, and the deadlines and
    milestones after `day` fell due in between."""

    known: dt.datetime  # aware: the last moment the last report knew of
    day: dt.date  # the last report's day
    from_date: bool  # a date was typed, meaning from the start of that day

    @classmethod
    def of_date(cls, first: dt.date) -> Since:
        """A date: what was recorded from the start of that day (UTC+8) on, days from it on."""
        before = first - dt.timedelta(days=1)
        return cls(end_of_day(before), before, True)

    @classmethod
    def of_time(cls, moment: dt.datetime) -> Since:
        """A time (a report's basis line): what was recorded after it."""
        return cls(moment, moment.astimezone(PLAN_ZONE).date(), False)

    @property
    def first(self) -> dt.date:
        """The first day a heading names: the date typed, or the time's own day."""
        return self.day + dt.timedelta(days=1) if self.from_date else self.day


def end_of_day(day: dt.date) -> dt.datetime:
    """The last second of a day in UTC+8: what a date means as a time of recording."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), PLAN_ZONE)


def shown(moment: dt.datetime) -> str:
    """A time of recording as a report states it, in UTC+8 and typeable back as --known-at."""
    return moment.astimezone(PLAN_ZONE).isoformat(sep=" ", timespec="seconds")


def as_known(log: Log) -> Log:
    """The log as it stood at the cut-off: its entries recorded by then (all of them without one)."""
    cut = chosen()
    if cut is None:
        return log
    kept = [(e, n) for e, n in zip(log.entries, log.lines, strict=True) if e.recorded <= cut.moment]
    if len(kept) == len(log.entries):
        return log
    return replace(log, entries=[e for e, __ in kept], lines=[n for __, n in kept])


def commit(folder: Path) -> tuple[str, dt.datetime] | None:
    """The plans' commit a reading rests on, with its time: the last at or before the cut-off,
    else HEAD; None outside git."""
    cut = chosen()
    last = ["-1", f"--before={cut.moment.isoformat()}"] if cut else ["-1", "HEAD"]
    found = _git(folder, "log", *last, "--format=%H %cI")
    words = found.decode("ascii", "replace").split() if found is not None else []
    if len(words) != 2 or len(words[0]) != 40:
        return None
    return words[0], dt.datetime.fromisoformat(words[1])


def plan_bytes(path: Path) -> bytes | None:
    """The plan file as committed at the cut-off; None without a cut-off, and (said once on
    stderr) the current file when the folder is not in git or the plan was not committed then."""
    cut = chosen()
    if cut is None:
        return None
    at = commit(path.parent)
    found = _git(path.parent, "show", f"{at[0]}:./{path.name}") if at is not None else None
    if found is None:
        _say_current(path, cut)
    return found


def _say_current(path: Path, cut: KnownAt) -> None:
    if path in _said_current:
        return
    _said_current.add(path)
    where = (
        _("{plan} was not committed by then")
        if _git(path.parent, "rev-parse", "HEAD") is not None
        else _("{plan} is not in a git repository")
    ).format(plan=path.name)
    line = _("note: --known-at {time}: {where}, so the current plan is read").format(
        time=shown(cut.moment), where=where
    )
    sys.stderr.write(line + "\n")


def _git(folder: Path, *args: str) -> bytes | None:
    """What git prints for `args` run in `folder`, or None when it fails or git is missing."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
