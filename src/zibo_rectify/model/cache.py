"""Validated plans kept between runs, so that a plan read before skips YAML and Pydantic.

An entry is found by a hash of the plan file's bytes, its name (the id must
equal it) and everything that decides whether bytes make a valid plan: the
modules of rectify itself (as Python tells them apart: name, size and time
of change) and the versions of Python, Pydantic and PyYAML.  Any change to
any of them is a new key, so an entry can be missing but never stale.  Only
plans that passed every check are stored, so `check` reports the same from a
cached plan as from the file: nothing.

The cache lives in the user's cache folder (`$XDG_CACHE_HOME/rectify`, else
`~/.cache/rectify`), not beside the plans: there is nothing to keep out of
git, and a cloned repository cannot bring entries with it.  It trusts an
entry because only the user can write there (a folder of theirs, not a link,
not writable by others); `check`, the CI gate, never reads it.  Entries are
pickles read by an unpickler that builds only the plan's own classes and
dates, so a file put there by someone else can at worst be ignored.  An entry
that cannot be read is ignored; a cache that cannot be written is not used.
`RECTIFY_NO_CACHE=1` turns the cache off.

An entry is the validated `Plan` itself, pickled through Pydantic's own
support for pickling models: unpickling gives back the object validation
made, field for field, so nothing in it skips a check the plan did not pass.
Storing its data and validating that again would build the plan validators
on every start (tens of milliseconds on one plan); it is the price the cache
exists to avoid, and it would buy nothing the key does not already promise.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
import pickle
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Any

from zibo_rectify.model import plan as model

FORMAT = b"rectify plan cache 1"
PRUNE_AFTER_DAYS = 30


def folder() -> Path | None:
    """Where plans are kept, or None when the cache is off or cannot be trusted.

    A relative XDG_CACHE_HOME is ignored, as the XDG spec says; without an
    absolute HOME there is no cache (never `/.cache`).  The folder and the
    `rectify` folder above it must be the user's own, not writable by others,
    and not links: entries are trusted only where nobody else can put one.
    """
    if os.environ.get("RECTIFY_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home) or home == "/":
            return None
        base = os.path.join(home, ".cache")
    where = Path(base) / "rectify" / "plans"
    return where if all(_own_folder(f) for f in (where.parent, where) if os.path.lexists(f)) else None


def _own_folder(path: Path) -> bool:
    """A real folder (not a link), owned by this user, that no one else may write to."""
    import stat

    try:
        facts = os.lstat(path)
    except OSError:
        return False
    return (
        stat.S_ISDIR(facts.st_mode)
        and facts.st_uid == os.geteuid()
        and not facts.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def key(data: bytes, plan_id: str) -> str:
    """The entry name for a plan file with these bytes and this name."""
    digest = hashlib.sha256(fingerprint())
    digest.update(plan_id.encode("utf-8", "surrogateescape") + b"\0")  # a name may hold any bytes
    digest.update(data)
    return digest.hexdigest()


@functools.cache
def fingerprint() -> bytes:
    """What decides validity besides the file: this code, Python, Pydantic and PyYAML as installed.

    Files are told apart by name, size and time of change: what Python itself trusts to know
    that its compiled bytecode still matches the source, so a change that escapes this escapes
    Python too.  The libraries are found, not imported: a start from the cache uses neither.
    """
    import importlib.util

    digest = hashlib.sha256(FORMAT)
    digest.update(f"{sys.version}\0".encode())
    package = Path(__file__).parent.parent  # all of rectify: model/, log/ and the rest decide validity
    folders = [package, *sorted(p for p in package.iterdir() if p.is_dir() and p.name != "__pycache__")]
    for library in ("pydantic", "pydantic_core", "yaml"):
        spec = importlib.util.find_spec(library)
        origin = spec.origin if spec is not None else None
        digest.update(f"{library}\0{origin is not None}\0".encode())  # installed or not
        if origin is not None:
            folders.append(Path(origin).parent)
    for where in folders:
        for entry in sorted(os.scandir(where), key=lambda e: e.name):
            if entry.is_file():
                facts = entry.stat()
                digest.update(f"{entry.name}\0{facts.st_size}\0{facts.st_mtime_ns}\0".encode())
    return digest.digest()


class _PlanUnpickler(pickle.Unpickler):
    """Builds dates and the classes the plan module defines, and refuses anything else a pickle may name.

    The classes are found by where they are defined, not listed: a class added to the plan
    format is cached like the rest, instead of turning every plan that uses it into a miss.
    """

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("datetime", "date"):
            return dt.date
        found = getattr(model, name, None) if module == model.__name__ else None
        if isinstance(found, type) and found.__module__ == module and issubclass(found, (model.Strict, Enum)):
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a plan")


def load(entry: str) -> model.Plan | None:
    """The plan stored under `entry`, or None when there is none or it cannot be read."""
    where = folder()
    if where is None:
        return None
    try:
        data = (where / f"{entry}.pickle").read_bytes()
        plan = _PlanUnpickler(io.BytesIO(data)).load()
    except Exception:  # missing, truncated or foreign: the plan is simply read again
        return None
    return plan if isinstance(plan, model.Plan) else None


def store(entry: str, plan: model.Plan) -> None:
    """Keep a plan that passed every check, whole (temp file, rename) or not at all."""
    import tempfile

    where = folder()
    if where is None:
        return
    data = pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not (_own_folder(where.parent) and _own_folder(where)):
            return  # made meanwhile by someone else, or a link: not a place to keep anything
        _prune(where)
        handle, temp = tempfile.mkstemp(dir=where, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, where / f"{entry}.pickle")
        except BaseException:
            os.unlink(temp)
            raise
    except OSError:
        return


@functools.cache
def _prune(where: Path) -> None:
    """Once a run that stores, drop entries not written for a month (old versions of edited plans)."""
    import stat

    cutoff = time.time() - PRUNE_AFTER_DAYS * 86400
    for old in os.scandir(where):  # entries, and temp files a crash left behind; nothing else
        try:
            facts = old.stat(follow_symlinks=False)
            if (
                old.name.endswith((".pickle", ".tmp"))
                and stat.S_ISREG(facts.st_mode)
                and facts.st_mtime < cutoff
            ):
                os.unlink(old.path)
        except OSError:
            pass
