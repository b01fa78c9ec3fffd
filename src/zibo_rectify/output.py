"""The program's output: its own streams when they cannot be written, and the files a user names.

`rectify status | head -1` closes the pipe early; `> /dev/full` fails every
write; `>&-` leaves no stdout at all; PYTHONIOENCODING=ascii cannot encode
Chinese; COLUMNS=0 asks for tables no column wide.  None of these is a bug
in rectify or a problem in the files, so none may end in a traceback or in
exit 1, which `check` keeps for problems found.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import Any, TextIO

from zibo_rectify.errors import ExitCode, usage_error
from zibo_rectify.i18n import _


class Guarded:
    """A text stream that records the first failed write and drops what follows, instead of raising."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        closed = OSError(errno.EBADF, _("standard output is closed"))
        self.error: OSError | None = None if stream is not None else closed

    def write(self, text: str) -> int:
        if self.error is None and self.stream is not None:
            try:
                return self.stream.write(text)
            except OSError as err:
                self.error = err
        return len(text)

    def flush(self) -> None:
        if self.error is None and self.stream is not None:
            try:
                self.stream.flush()
            except OSError as err:
                self.error = err

    def write_bytes(self, data: bytes) -> None:
        """Bytes as they are (a report), after the text written so far; a failure is kept like a write's."""
        self.flush()
        if self.error is None and self.stream is not None:
            try:
                self.stream.buffer.write(data)
            except OSError as err:
                self.error = err

    def isatty(self) -> bool:
        return self.error is None and self.stream is not None and self.stream.isatty()

    def __getattr__(self, name: str) -> Any:  # encoding, errors, fileno …, as the stream has them
        if self.stream is None:
            if name == "fileno":
                raise OSError(errno.EBADF, "closed")
            return {"encoding": "utf-8", "errors": "strict"}.get(name)
        return getattr(self.stream, name)

    @staticmethod
    def finish(out: Guarded, code: Any, done: str | None) -> int:
        """The exit code, once the output is flushed; a failed write is said on stderr."""
        out.flush()
        status: int = code if isinstance(code, int) else 0 if code is None else int(ExitCode.USAGE)
        err = out.error
        if err is None or err.errno == errno.EPIPE:  # the reader has what it wanted: not a failure
            return status
        reason = err.strerror or str(err)
        if done is not None and status == 0:  # what the command did is done: say so, do not claim failure
            message = _("rectify: the output could not be written ({reason}), but this was done: {done}")
            _say(message.format(reason=reason, done=done))
            return status
        _say(_("rectify: the output could not be written: {reason}").format(reason=reason))
        return int(ExitCode.USAGE)


def _say(text: str) -> None:
    try:
        print(text, file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):
        pass  # stderr is gone too: the exit code is all that is left


def prepare() -> Guarded:
    """Make stdout and stderr safe to write, whatever the shell gave, and COLUMNS usable."""
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name)
        if value is not None and not (value.isdigit() and int(value) > 0):
            del os.environ[name]  # COLUMNS=0 would make every table no column wide: judge the width
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    out = Guarded(sys.stdout)
    sys.stdout = out
    return out


def print_bytes(data: bytes) -> None:
    """Bytes to standard output; a failed write is said at exit, as for text (Guarded)."""
    out = sys.stdout
    if isinstance(out, Guarded):
        out.write_bytes(data)
    else:
        out.flush()
        out.buffer.write(data)


def write_file(path: Path, data: bytes, plans_folder: Path | None) -> None:
    """Write `data` to the file a user named (`-o`), whole or not at all.

    Only a regular file is created or replaced, in a folder that exists: a
    device, a FIFO, a folder or a symbolic link at the path is refused, and
    so are the plans' own files (a plan, a log, anything of `.git`), which
    a report must never replace.  The bytes go to a temporary file beside
    it, are synced, and take its name by a rename, so a reader never sees
    half a file; an existing file keeps its mode (and owner, where allowed);
    a new one follows the umask.
    """
    where = Path(os.path.abspath(path))
    _refuse_unwritable(path, where, plans_folder)
    try:
        facts: os.stat_result | None = os.lstat(where)
    except FileNotFoundError:
        facts = None
    except OSError as err:
        raise _cannot_write(path, err) from None
    import secrets

    temp = where.parent / f".rectify-{secrets.token_hex(8)}.tmp"  # short: any name up to 255 bytes fits
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)  # the umask applies
        try:
            with os.fdopen(fd, "wb") as out:
                if facts is not None:
                    _keep_mode_and_owner(out.fileno(), facts)
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, where)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError as err:
        raise _cannot_write(path, err) from None


def _refuse_unwritable(path: Path, where: Path, plans_folder: Path | None) -> None:
    """Refuse what `write_file` must not replace, saying what it is."""
    if os.path.islink(where):
        raise usage_error(
            "output-is-a-link",
            _("{path} is a symbolic link (to {target}): rectify does not write through links").format(
                path=path, target=os.path.realpath(where)
            ),
            _("give the path of a regular file, or remove the link first"),
        )
    if os.path.lexists(where) and not stat.S_ISREG(os.lstat(where).st_mode):
        raise usage_error(
            "output-not-a-file",
            _(
                "{path} is not a regular file (a folder, a device or a pipe): rectify will not replace it"
            ).format(path=path),
            _("give the name of a file to write, e.g. -o report.html"),
        )
    if not os.path.isdir(where.parent):
        raise usage_error(
            "output-no-folder",
            _("there is no folder {folder} to write {name} in").format(folder=where.parent, name=where.name),
            _("create the folder first, or choose one that exists"),
        )
    real = Path(os.path.realpath(where.parent)) / where.name
    if _plans_own(real, plans_folder):
        raise usage_error(
            "output-is-plans-file",
            _("{path} is a plan, a log or part of .git: rectify never writes output over them").format(
                path=path
            ),
            _("write the report elsewhere, e.g. -o report.html"),
        )


def _plans_own(real: Path, plans_folder: Path | None) -> bool:
    """A log, anything of a `.git`, or a plan: YAML in the plans folder, beside its log, or with
    a top-level `schema_version` key."""
    from zibo_rectify.plans import LOG_SUFFIX

    name = real.name
    if ".git" in real.parts or name.endswith(LOG_SUFFIX):
        return True
    if not name.endswith((".yaml", ".yml")):
        return False
    if plans_folder is not None and real.parent == Path(os.path.realpath(plans_folder)):
        return True
    if real.with_name(name.rsplit(".", 1)[0] + LOG_SUFFIX).exists():
        return True
    try:
        with open(real, "rb") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return False
    import re

    return re.search(rb"^schema_version\s*:", head, re.MULTILINE) is not None


def _keep_mode_and_owner(fd: int, facts: os.stat_result) -> None:
    os.fchmod(fd, stat.S_IMODE(facts.st_mode))
    if (facts.st_uid, facts.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, facts.st_uid, facts.st_gid)
        except OSError:
            pass  # only root may give a file away: it stays the writer's, with the old mode


def _cannot_write(path: Path, err: OSError) -> Exception:
    fix = (
        _("choose a shorter name: a file name holds at most 255 bytes (85 Chinese characters)")
        if err.errno == errno.ENAMETOOLONG
        else _("choose a folder you may write to with -o")
    )
    return usage_error(
        "cannot-write", _("cannot write {path}: {error}").format(path=path, error=err.strerror or err), fix
    )
