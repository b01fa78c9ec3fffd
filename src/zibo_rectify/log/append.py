"""Appending to a progress log: one whole line under an exclusive lock, fsynced, never torn."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zibo_rectify import yamlio
from zibo_rectify.errors import Diagnostic, ExitCode, RectifyError, usage_error
from zibo_rectify.i18n import _
from zibo_rectify.log.entry import LOG_MAX_BYTES, ProgressEntry, entry_line
from zibo_rectify.log.read import parse_log

REPLACED_TRIES = 5  # a log replaced under us this often in a row is being rewritten: give up, say so
LOCK_TIMEOUT_SECONDS = 30.0


def stamp() -> dt.datetime:
    """Now, to the second, with the local UTC offset; in UTC when TZ names no usable zone.

    RECTIFY_RECORDED_AT (for tests only: an ISO time with its offset) is the stamp instead, so a
    test of what was known when never depends on how fast the clock runs.
    """
    fixed = os.environ.get("RECTIFY_RECORDED_AT")
    if fixed:
        return _fixed_stamp(fixed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return now.astimezone()
    except (ValueError, OverflowError, OSError):  # TZ=XXX+25:59: an offset no clock has
        return now


def _fixed_stamp(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise usage_error(
            "bad-recorded-at",
            _("RECTIFY_RECORDED_AT={value!r} is not a time with its UTC offset").format(value=text),
            _("it is for tests: set it like 2022-10-05T10:00:00+08:00, or unset it"),
        )
    return moment.replace(microsecond=0)


def append_entry(
    path: Path, make: Callable[[list[ProgressEntry]], ProgressEntry], target: str | None = None
) -> ProgressEntry:
    """Append the entry `make` builds from the current entries, under an exclusive lock.

    `make` sees the log as it is while the lock is held, so a check such as
    "a cumulative figure never drops" cannot miss an entry another process just
    wrote; given a `target`, it sees that target's entries only.  The entry's
    `recorded` is stamped then, under the lock, so the order of stamps is the
    order of appends.  The log is read before the lock is taken; under it only
    what was appended since is read, when the file is the same (device, inode,
    size at least, the same last bytes).  The line is written whole and fsynced;
    on a failed write the file is cut back to its old length.  After the
    write the path must still name the file written (a `git checkout` or `mv`
    may have replaced it meanwhile); if not, the entry goes into the file now
    at the path, so nothing is acknowledged that is not in the log at its path.
    """
    created = not os.path.lexists(path)
    if created:
        make([])  # refuse bad input before creating the file
    seen = _Snapshot.take(path, target)
    written: ProgressEntry | None = None
    for _attempt in range(REPLACED_TRIES):
        fd = _open_for_append(path)
        with os.fdopen(fd, "r+b", buffering=0) as handle:
            _lock(fd, path)
            if not _still_at(path, fd):
                seen = None
                continue  # replaced while we waited (a git checkout renames files): lock the new one
            current, size, ends_clean = _current(handle, path, target, seen)
            if written is not None and written in current:
                return written  # the file that replaced ours was copied from it, our line and all
            entry = dataclasses.replace(make(current), recorded=stamp())
            line = entry_line(entry) + "\n"
            if not ends_clean:
                line = "\n" + line  # never glue onto a torn line
            _write(fd, path, size, line.encode("utf-8"))
            if _still_at(path, fd):
                if created:
                    _sync_folder(path.parent)
                return entry
            written, seen = entry, None  # replaced while we held the lock: write it again, there
    raise RectifyError(
        Diagnostic(
            "log-replaced",
            _("the log was replaced {count} times while rectify wrote to it; nothing was recorded").format(
                count=REPLACED_TRIES
            ),
            str(path),
            fix=_("wait until the checkout, pull or copy that rewrites it has finished, then record again"),
        ),
        exit_code=ExitCode.USAGE,
    )


@dataclass
class _Snapshot:
    """The log as read before the lock: which file, how long, its last bytes, the entries `make` needs."""

    device: int
    inode: int
    size: int
    tail: bytes
    entries: list[ProgressEntry]

    @classmethod
    def take(cls, path: Path, target: str | None) -> _Snapshot | None:
        import stat

        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return None  # missing, a link, unreadable: the locked reading says what is wrong
        facts = os.fstat(fd)
        if not stat.S_ISREG(facts.st_mode):
            os.close(fd)
            return None
        with os.fdopen(fd, "rb") as handle:
            raw = yamlio.read_at_most(handle, LOG_MAX_BYTES)
        if len(raw) > LOG_MAX_BYTES or (raw and not raw.endswith(b"\n")):
            return None
        try:
            entries = _entries(raw, path, target)
        except RectifyError:
            return None
        return cls(facts.st_dev, facts.st_ino, len(raw), raw[-4096:], entries)


def _entries(raw: bytes, path: Path, target: str | None) -> list[ProgressEntry]:
    entries = parse_log(raw, path).entries
    return [e for e in entries if e.target == target] if target else entries


def _current(
    handle: Any, path: Path, target: str | None, seen: _Snapshot | None
) -> tuple[list[ProgressEntry], int, bool]:
    """Under the lock: the entries, the file's size, and whether it ends with a line break."""
    facts = os.fstat(handle.fileno())
    if (
        seen is not None
        and (facts.st_dev, facts.st_ino) == (seen.device, seen.inode)
        and facts.st_size >= seen.size
    ):
        handle.seek(seen.size - len(seen.tail))
        if handle.read(len(seen.tail)) == seen.tail:
            grown = yamlio.read_at_most(handle, LOG_MAX_BYTES - seen.size)
            size = seen.size + len(grown)
            if size <= LOG_MAX_BYTES and (not grown or grown.endswith(b"\n")):
                try:
                    return seen.entries + _entries(grown, path, target), size, True
                except RectifyError:
                    pass  # read whole below, which says what is wrong
    handle.seek(0)
    raw = yamlio.read_at_most(handle, LOG_MAX_BYTES)
    try:
        if len(raw) > LOG_MAX_BYTES:
            raise yamlio.too_large(path, LOG_MAX_BYTES)
        current = _entries(raw, path, target)
    except RectifyError as err:  # a log that cannot be read at all is not appended to
        raise RectifyError(*err.diagnostics, exit_code=ExitCode.USAGE) from None
    return current, len(raw), not raw or raw.endswith((b"\n", b"\r"))


def _lock_timeout() -> float:
    text = os.environ.get("RECTIFY_LOCK_TIMEOUT", "").strip()
    if not text:
        return LOCK_TIMEOUT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86400:
        raise RectifyError(
            Diagnostic(
                "bad-lock-timeout",
                _("RECTIFY_LOCK_TIMEOUT={value!r} is not a number of seconds").format(value=text),
                fix=_("set it to the seconds to wait for the log's lock, e.g. 30, or unset it"),
            ),
            exit_code=ExitCode.USAGE,
        )
    return seconds


def _lock(fd: int, path: Path) -> None:
    """Take the exclusive lock, waiting at most RECTIFY_LOCK_TIMEOUT seconds (default 30).

    A writer stopped while it holds the lock (SIGSTOP, a hung NFS client, a
    closed laptop lid) would otherwise block every other writer forever.
    """
    import fcntl
    import time

    timeout = _lock_timeout()
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        left = deadline - time.monotonic()
        if left <= 0:
            raise _lock_held(path, fd, timeout)
        time.sleep(min(pause, left))
        pause = min(pause * 2, 0.1)


def lock_holders(fd: int) -> list[int]:
    """The ids of processes holding a flock on the open file, as /proc/locks tells (Linux, this machine)."""
    facts = os.fstat(fd)
    inode = f"{os.major(facts.st_dev):02x}:{os.minor(facts.st_dev):02x}:{facts.st_ino}"
    holders = []
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            for row in locks:
                fields = row.split()
                if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == inode and fields[4].isdigit():
                    holders.append(int(fields[4]))
    except OSError:
        return []
    return holders


def _describe(pid: int) -> str:
    """`process 1234 (user zhang: rectify update canteens 5)`, as much of it as can be read."""
    import pwd

    details = []
    try:
        uid = os.stat(f"/proc/{pid}").st_uid
        details.append(_("user {name}").format(name=pwd.getpwuid(uid).pw_name))
    except (OSError, KeyError):
        pass
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            words = cmdline.read(400).split(b"\0")
        details.append(" ".join(w.decode("utf-8", "replace") for w in words if w))
    except OSError:
        pass
    shown = _("process {pid}").format(pid=pid)
    return f"{shown} ({': '.join(details)})" if details else shown


def _lock_held(path: Path, fd: int, timeout: float) -> RectifyError:
    from zibo_rectify.safetext import inert

    holders = [pid for pid in lock_holders(fd) if pid != os.getpid()]
    who = (
        ", ".join(inert(_describe(pid)) for pid in holders)
        if holders
        else _("another process (which one cannot be known here: perhaps on another machine)")
    )
    fix = (
        _(
            "if it is stopped or hung, resume it (kill -CONT {pid}) or end it, then record again;"
            " RECTIFY_LOCK_TIMEOUT sets how many seconds to wait"
        ).format(pid=holders[0])
        if holders
        else _("wait for the other writer to finish, then record again; RECTIFY_LOCK_TIMEOUT sets the wait")
    )
    return RectifyError(
        Diagnostic(
            "log-locked",
            _("the log is locked by {who}; gave up after {seconds} s, nothing was recorded").format(
                who=who, seconds=f"{timeout:g}"
            ),
            str(path),
            fix=fix,
        ),
        exit_code=ExitCode.USAGE,
    )


def _open_for_append(path: Path) -> int:
    """The log opened to read and append; a link, a device or a pipe is refused."""
    import errno
    import stat

    flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise yamlio.symlink_error(path) from None
        raise _write_error(path, err, restored=True) from None
    facts = os.fstat(fd)
    if not stat.S_ISREG(facts.st_mode):
        os.close(fd)
        raise yamlio.not_a_file(path)
    if facts.st_nlink > 1:  # another name, perhaps outside the repository, would change too
        os.close(fd)
        raise RectifyError(
            Diagnostic(
                "hard-link",
                _(
                    "this log has {count} names (hard links); appending would change the other files too"
                ).format(count=facts.st_nlink),
                str(path),
                fix=_(
                    "replace it with a copy of its own (cp LOG LOG.new && mv LOG.new LOG), then record again"
                ),
            ),
            exit_code=ExitCode.USAGE,
        )
    return fd


def _still_at(path: Path, fd: int) -> bool:
    try:
        named = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _write(fd: int, path: Path, old_size: int, data: bytes) -> None:
    """Write `data` at the end and fsync it, or cut the file back to `old_size` and say why not."""
    try:
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.fsync(fd)
    except OSError as err:
        try:
            os.ftruncate(fd, old_size)
        except OSError:
            raise _write_error(path, err, restored=False) from None
        raise _write_error(path, err, restored=True) from None


def _sync_folder(folder: Path) -> None:
    """A new log's name is durable only once its folder is synced."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the entry itself is synced
    finally:
        os.close(fd)


def _write_error(path: Path, err: OSError, restored: bool) -> RectifyError:
    fix = (
        _("check that the folder is writable and the disk has room; nothing was recorded")
        if restored
        else _(
            "the log may now end with a cut-off line (rectify check shows it): delete that line,"
            " free some room, and record the figure again"
        )
    )
    message = _("cannot write to the log: {reason}").format(reason=err.strerror)
    return RectifyError(
        Diagnostic("cannot-write", message, str(path), fix=fix),
        exit_code=ExitCode.USAGE,
    )
