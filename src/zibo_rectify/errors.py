"""Errors as data: every problem a user can cause, with where it is and how to fix it."""

# No `from __future__ import annotations`: NamedTuple would compile every annotation string at each start.

from enum import IntEnum
from typing import NamedTuple


class ExitCode(IntEnum):
    """What `rectify` returns to the shell."""

    OK = 0
    PROBLEMS = 1  # `check` found something wrong in a plan or log
    USAGE = 2  # bad arguments, or input that cannot be read at all


ERROR = "error"
WARNING = "warning"


class Diagnostic(NamedTuple):  # a NamedTuple: immutable, and cheaper to define than a dataclass
    """One problem found in a file or in the user's request.

    `code` is a stable kebab-case name for machines (`--format json`);
    `line` and `column` are 1-based, as editors count them.  A `warning` is
    shown and reported but lets `check` pass (exit 0).
    """

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    fix: str | None = None
    source_line: str | None = None
    severity: str = ERROR  # ERROR or WARNING

    def at(self, file: str | None, line: int | None, column: int | None) -> "Diagnostic":
        """The same problem, placed in a file."""
        return self._replace(file=file, line=line, column=column)


class RectifyError(Exception):
    """Raised by domain code; the CLI prints its diagnostics and exits with its code."""

    def __init__(self, *diagnostics: Diagnostic, exit_code: ExitCode = ExitCode.USAGE) -> None:
        super().__init__(diagnostics[0].message if diagnostics else "")
        self.diagnostics = list(diagnostics)
        self.exit_code = exit_code


def usage_error(code: str, message: str, fix: str | None = None) -> RectifyError:
    """A mistake in what the user typed: exit 2 with one sentence and a fix."""
    return RectifyError(Diagnostic(code, message, fix=fix), exit_code=ExitCode.USAGE)


def refused_path(err: OSError) -> RectifyError:
    """A path the system refused (a name past 255 bytes, a loop of links, no permission), as a
    user's mistake; an OSError that names no file is a bug, and is raised again."""
    if err.filename is None:
        raise err
    from zibo_rectify.i18n import _

    return usage_error(
        "path-refused",
        _("{path}: {reason}").format(path=err.filename, reason=err.strerror or err),
        _("check the path: each name in it is at most 255 bytes, and you must be allowed to read it"),
    )
