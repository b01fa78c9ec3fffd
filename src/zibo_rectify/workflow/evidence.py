"""Evidence (佐证材料): a path in the plans repository (recorded with its SHA-256), a URL or a 文号."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from zibo_rectify.errors import Diagnostic, usage_error
from zibo_rectify.i18n import _
from zibo_rectify.log import EvidenceRef, Log, ProgressEntry

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_FILE_LIKE = re.compile(r"[/\\]|\.[A-Za-z0-9]{1,5}$")


def repository_root(plans_folder: Path) -> Path:
    """The git work tree holding the plans folder; the folder above it when there is none."""
    folder = plans_folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder.parent


def looks_like_path(text: str) -> bool:
    """Written like a file name: a folder separator or an extension, and no URL scheme."""
    return not _URL.match(text) and bool(_FILE_LIKE.search(text))


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _inside(path: Path, root: Path) -> Path | None:
    """The path relative to the repository, or None when it (or a link in it) leads outside."""
    try:
        return path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return None


def references(
    texts: Iterable[str], root: Path, cwd: Path, warn: Callable[[str], None] | None = None
) -> tuple[EvidenceRef, ...]:
    """The references typed after --evidence, each kept as typed.

    One that names an existing file is a path: it must lie inside the
    repository (no ../, no absolute path or link leading out), and is recorded
    relative to it with its SHA-256.  Anything else is text (a URL, a 文号); text
    written like a path that names no file is kept too, with a warning.
    """
    refs = []
    for text in texts:
        typed = Path(text) if text and not _URL.match(text) else None
        candidates = [] if typed is None else [typed] if typed.is_absolute() else [cwd / typed, root / typed]
        found = next((c for c in candidates if _is_file(c)), None)
        if found is None:
            if warn is not None and looks_like_path(text):
                warn(
                    _("--evidence {path} names no file in the plans repository; it is kept as text").format(
                        path=text
                    )
                )
            refs.append(EvidenceRef(ref=text))
            continue
        inside = _inside(found, root)
        if inside is None:
            raise usage_error(
                "evidence-outside",
                _("--evidence {path} is outside the plans repository {root}").format(path=text, root=root),
                _("copy the file into the repository (e.g. docs/) and name it there"),
            )
        try:
            digest = sha256_of(found)
        except OSError as err:
            raise usage_error(
                "evidence-unreadable",
                _("--evidence {path} cannot be read: {reason}").format(path=text, reason=err.strerror),
                _("give a file you may read, or the document's number instead"),
            ) from None
        refs.append(EvidenceRef(ref=inside.as_posix(), sha256=digest))
    return tuple(refs)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL: not a file
        return False


def _hash_now(path: Path) -> str | None:
    """The file's SHA-256 now; None when there is no file to read there (missing, a folder, a
    name longer than the system allows, unreadable)."""
    try:
        return sha256_of(path) if path.is_file() else None
    except (OSError, ValueError):
        return None


def all_refs(entry: ProgressEntry) -> tuple[EvidenceRef, ...]:
    if entry.evidence_refs:
        return entry.evidence_refs
    return (EvidenceRef(ref=entry.evidence),) if entry.evidence else ()


def evidence_problems(log: Log, root: Path) -> list[Diagnostic]:
    """Every evidence file recorded with a hash that is missing, outside, or changed since."""
    found: list[Diagnostic] = []
    hashes: dict[Path, str | None] = {}
    for entry, line in zip(log.entries, log.lines, strict=True):
        for ref in entry.evidence_refs or ():
            if ref.sha256 is None:
                continue
            text = log.source[line - 1] if 0 < line <= len(log.source) else None

            def report(code: str, message: str, fix: str) -> None:
                found.append(Diagnostic(code, message, str(log.path), line, 1, fix, text))  # noqa: B023

            relative = Path(ref.ref)
            if relative.is_absolute() or ".." in relative.parts or _inside(root / relative, root) is None:
                report(
                    "evidence-outside",
                    _("the evidence {path} is outside the plans repository").format(path=ref.ref),
                    _("keep evidence files inside the repository and record the entry again"),
                )
                continue
            path = root / relative
            if path not in hashes:
                hashes[path] = _hash_now(path)
            now = hashes[path]
            if now is None:
                report(
                    "evidence-missing",
                    _("the evidence file {path} is missing (recorded with SHA-256 {sha256})").format(
                        path=ref.ref, sha256=ref.sha256
                    ),
                    _("restore the file from git (git log -- {path} shows its history)").format(path=ref.ref),
                )
            elif now != ref.sha256:
                report(
                    "evidence-changed",
                    _(
                        "the evidence file {path} changed since it was recorded (SHA-256 {sha256}, now {now})"
                    ).format(path=ref.ref, sha256=ref.sha256, now=now),
                    _("restore the recorded version from git, or record the entry again with the new file"),
                )
    return found
