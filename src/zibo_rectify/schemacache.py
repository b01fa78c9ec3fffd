"""Pydantic core schemas kept between runs, so that a start which checks log entries builds none.

Building a schema imports Pydantic itself (most of a start: the plan's and the
entry's classes are plain dataclasses so that nothing else needs it) and its
plugin loader with `importlib.metadata`.  A schema is the same for as long as
rectify, Python and Pydantic are (`plancache.fingerprint`), so it is kept in
the user's cache (`rectify/schemas`, trusted as the plan cache is) and
validators are made from it by pydantic-core directly.

A core schema is plain data but for the Python objects it names: the entry
classes and their checks, all of them rectify's own.  Those are written by
their module and qualified name, and read back as the objects of that name in
modules already imported and allowed by the caller; the unpickler builds
nothing else.  A schema that names any other object is not kept, and a file
that cannot be read is built again and replaced."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import pickle
import sys
from collections.abc import Callable, Collection, Iterator
from typing import Any

from zibo_rectify.model import cache as plancache

_SCALARS = (str, int, float, bool, type(None))
_PLAIN = (*_SCALARS, dict, list, tuple)


class Names:
    """The Python objects a kept schema may name."""

    def __init__(self, objects: Collection[Any]) -> None:
        self.pairs = {_defined(o) for o in objects}

    def find(self, module: str, qualname: str) -> Any:
        """The object of this name, when allowed and its module is imported already; else None."""
        if (module, qualname) not in self.pairs or module not in sys.modules:
            return None
        found: Any = sys.modules[module]
        for part in qualname.split("."):
            found = getattr(found, part, None)
        return found if _defined(found) == (module, qualname) else None


def _defined(obj: Any) -> tuple[str, str] | None:
    """Where a class or function is defined (a bound method: its function), as (module, qualname)."""
    obj = getattr(obj, "__func__", obj)
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    return (module, qualname) if isinstance(module, str) and isinstance(qualname, str) else None


_reading = True


@contextlib.contextmanager
def unread() -> Iterator[None]:
    """Within, every schema is built and none kept is read: `check`, the CI gate, trusts no cache.

    A restored CI cache could hold a schema that takes what the entries' own refuses; a
    plan is never read from the cache by `check` for the same reason (`plans.load_plan`).
    """
    global _reading
    before, _reading = _reading, False
    try:
        yield
    finally:
        _reading = before


def schema(name: str, build: Callable[[], Any], names: Names) -> Any:
    """The core schema `build` returns, kept under `name`; the objects it names are among `names`."""
    where = plancache.folder("schemas")
    if where is None:
        return build()
    file = f"{name}-{hashlib.sha256(plancache.fingerprint() + name.encode()).hexdigest()}.pickle"
    if _reading:
        try:
            return _Unpickler(io.BytesIO((where / file).read_bytes()), names).load()
        except Exception:  # missing, truncated or foreign: the schema is simply built again
            pass
    built = build()
    data = _dumps(built, names)
    if data is not None and _dumps(_Unpickler(io.BytesIO(data), names).load(), names) == data:
        plancache.write(where, file, data)
    return built


class _Unnamed(Exception):
    """An object in a schema that cannot be found again by name."""


def _dumps(value: Any, names: Names) -> bytes | None:
    """The pickle of `value`, or None when it holds an object `names` cannot give again."""
    out = io.BytesIO()
    try:
        _Pickler(out, names).dump(value)
    except (_Unnamed, RecursionError):
        return None
    return out.getvalue()


class _Pickler(pickle.Pickler):
    """Writes plain data as pickle does, and every other object as its name (`_name`).

    Without a memo (`fast`), so that the bytes depend on the data alone, not on which of its
    equal strings are one object: a schema read back must pickle to the same bytes.
    """

    def __init__(self, out: io.BytesIO, names: Names) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True
        self.names = names

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) in _PLAIN:
            return None
        name = _name(obj, self.names)
        if name is None:
            raise _Unnamed(repr(obj))
        return name


class _Unpickler(pickle.Unpickler):
    """Reads plain data, and names as the objects `_name` wrote them for; refuses anything else."""

    def __init__(self, data: io.BytesIO, names: Names) -> None:
        super().__init__(data)
        self.names = names

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a schema")

    def persistent_load(self, pid: Any) -> Any:
        kind, module, qualname, keywords = pid
        found = self.names.find(module, qualname)
        plain = all(type(value) in _SCALARS for __, value in keywords)
        if found is None or kind not in ("object", "partial") or not plain:
            raise pickle.UnpicklingError(f"{module}.{qualname} is not part of a schema")
        return functools.partial(found, **dict(keywords)) if kind == "partial" else found


def _name(obj: Any, names: Names) -> tuple[str, str, str, tuple[Any, ...]] | None:
    """(kind, module, qualname, keywords) that `_Unpickler` turns back into `obj`, or None.

    A class or function is named where it is defined; a bound method (a class's
    check) by its function's name, which gives it bound to the class that name now
    finds; a partial by its function and keywords, when they are plain values and it
    has no arguments.
    """
    if isinstance(obj, functools.partial):
        inner = _name(obj.func, names)
        plain = all(type(v) in _SCALARS for v in obj.keywords.values())
        if inner is None or obj.args or not plain or inner[0] != "object":
            return None
        return ("partial", inner[1], inner[2], tuple(sorted(obj.keywords.items())))
    where = _defined(obj)
    found = None if where is None else names.find(*where)
    same = found is obj or (hasattr(obj, "__func__") and getattr(found, "__func__", None) is obj.__func__)
    return ("object", *where, ()) if same and where is not None else None
