"""The program's own output streams: what happens when they cannot be written.

`rectify status | head -1` closes the pipe early; `> /dev/full` fails every
write; `>&-` leaves no stdout at all; PYTHONIOENCODING=ascii cannot encode
Chinese; COLUMNS=0 asks for tables no column wide.  None of these is a bug
in rectify or a problem in the files, so none may end in a traceback or in
exit 1, which `check` keeps for problems found.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, TextIO

from zibo_rectify.errors import ExitCode
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
