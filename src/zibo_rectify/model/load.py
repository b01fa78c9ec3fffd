"""Load a plan file into a validated `Plan`, or every problem in it placed at its line.

Pydantic checks each field; the rules across fields (`model.rules`) run on what
passed, and a Pydantic error becomes a message a person can act on
(`pydantic_diagnostic`, used by the log's reader too).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from zibo_rectify.errors import Diagnostic, ExitCode, RectifyError
from zibo_rectify.i18n import N_, _
from zibo_rectify.plans import PLAN_MAX_BYTES, PLAN_MAX_NODES, PlanFile

if TYPE_CHECKING:
    from pathlib import Path

    from zibo_rectify import yamlio
    from zibo_rectify.model.plan import Plan


def read_plan_document(path: Path, raw: bytes | None = None, placed: bool = True) -> yamlio.Document:
    """The plan file parsed, with positions unless `placed` is False; `raw` is its bytes when
    they were read already."""
    from zibo_rectify import yamlio

    name = str(path)
    text = yamlio.read_text(path, PLAN_MAX_BYTES) if raw is None else yamlio.decode(raw, name)
    return yamlio.parse(text, name, max_nodes=PLAN_MAX_NODES, placed=placed)


def load_plan(plan_file: PlanFile, use_cache: bool = True, raw: bytes | None = None) -> Plan:
    """A validated `Plan`, or a RectifyError listing every problem in the file; `raw` is the
    file's bytes from elsewhere (as committed at --known-at), read instead of the file.

    A plan that was valid before, with the same bytes, comes from the cache;
    the bytes hashed for the cache key are the bytes parsed, so what is stored
    under a key is always what those bytes mean.  `check`, the CI gate, passes
    `use_cache=False`: it validates every plan from its file, so an entry
    planted in a cache it did not write can never make it pass.
    """
    from zibo_rectify import yamlio
    from zibo_rectify.model import cache as plancache

    try:
        if raw is None:
            raw = yamlio.read_bytes(plan_file.path, PLAN_MAX_BYTES)  # refuses links, devices, huge files
        elif len(raw) > PLAN_MAX_BYTES:
            raise yamlio.too_large(plan_file.path, PLAN_MAX_BYTES)
    except FileNotFoundError:  # the reader says so in its own words
        return validate_plan(read_plan_document(plan_file.path), plan_file.plan_id)
    entry = plancache.key(raw, plan_file.plan_id)
    plan = plancache.load(entry) if use_cache else None
    if plan is None:
        plan = _validated(plan_file, raw)
        plancache.store(entry, plan)
    return plan


def _validated(plan_file: PlanFile, raw: bytes) -> Plan:
    """The plan read without positions, which a valid plan never needs (a sixth of reading its
    YAML); one with any problem is read again with them, and its problems are the ones reported."""
    from zibo_rectify import yamlio

    try:
        return validate_plan(read_plan_document(plan_file.path, raw, placed=False), plan_file.plan_id)
    except (RectifyError, yamlio.Unplaced):
        return validate_plan(read_plan_document(plan_file.path, raw), plan_file.plan_id)


def validate_plan(doc: yamlio.Document, file_stem: str | None) -> Plan:
    """Schema errors and whole-plan findings together, so one run shows every problem.

    When some problems or targets fail the schema, the plan is validated again
    without them, and the cross-checks run on what is left: a typo in one
    target does not hide a duplicate id in another.
    """
    from pydantic_core import ValidationError

    from zibo_rectify.model import rules
    from zibo_rectify.model.plan import Plan, validate

    if not isinstance(doc.data, dict):
        raise RectifyError(
            doc.diagnostic((), "not-a-plan", _("a plan file must be a YAML mapping (id:, title:, …)"), None),
            exit_code=ExitCode.PROBLEMS,
        )
    diagnostics: list[Diagnostic] = []
    data, kept = doc.data, _Kept()
    plan = None
    for _attempt in range(8):
        try:
            plan = validate(Plan, data)
            break
        except ValidationError as err:
            errors = err.errors()
            diagnostics.extend(pydantic_diagnostic(doc, e, Plan, kept.original) for e in errors)
            # An unknown key goes on its own, so the checks across fields still see its item.
            unknown = [tuple(e["loc"]) for e in errors if e["type"] in _UNKNOWN_KEY]
            wrong = [tuple(e["loc"]) for e in errors if e["type"] not in _UNKNOWN_KEY]
            aside = {loc[0] for loc in wrong if loc and loc[0] in _SET_ASIDE}
            items = {_list_item(loc) for loc in wrong if not loc or loc[0] not in aside}
            if None in items:
                break
            data = kept.without(_without_keys(data, unknown), items)  # type: ignore[arg-type]
            data = {**data, **{key: _SET_ASIDE[key] for key in aside}}
    written = _written_ids(doc.data)
    diagnostics.extend(_duplicate_ids(doc, written))
    diagnostics.extend(
        doc.diagnostic(
            path,
            "placeholder",
            _("{placeholder} is still here: this value is rectify init's placeholder").format(
                placeholder=rules.PLACEHOLDER
            ),
            _("write the document's words in its place, or delete the line"),
        )
        for path in (rules.placeholders(doc.data) if _may_hold(doc, rules.PLACEHOLDER) else ())
    )
    if plan is not None:
        findings = rules.plan_problems(plan, data, file_stem, _raw_target_ids(written))
        findings += rules.plan_findings(plan)
        diagnostics.extend(
            doc.diagnostic(kept.original(path), code, message, fix) for path, code, message, fix in findings
        )
    if diagnostics:
        unique = sorted(dict.fromkeys(diagnostics), key=lambda d: (d.line or 0, d.column or 0))
        raise RectifyError(*unique, exit_code=ExitCode.PROBLEMS)
    assert plan is not None  # every try that made no plan added a diagnostic
    return plan


def _may_hold(doc: yamlio.Document, words: str) -> bool:
    """Whether a value of the file may hold `words`.  A YAML value holds a character its file does
    not spell out only through a backslash escape, so a file with neither the words nor a
    backslash holds them nowhere, and its values need not be searched one by one (a seventh of
    checking a valid plan)."""
    text = "\n".join(doc.lines)
    return words in text or "\\" in text


def _duplicate_ids(doc: yamlio.Document, written: list[WrittenId]) -> list[Diagnostic]:
    """Problem and target ids used twice, read from the file as written (valid items or not).

    Only an id written more than once is looked up by line: an alias repeats an id on the
    line of its anchor, which is no second use.
    """
    found = []
    seen: dict[tuple[str, str], int] = {}
    times = Counter((what, ident) for __, what, ident in written)
    for path, what, ident in written:
        if times[what, ident] == 1:
            continue
        line = doc.where(path)[0]
        first = seen.setdefault((what, ident), line)
        if first != line:
            found.append(
                doc.diagnostic(
                    path,
                    f"duplicate-{what}-id",
                    (
                        _("the problem id {id!r} is used twice: first at line {first}")
                        if what == "problem"
                        else _("the target id {id!r} is used twice: first at line {first}")
                    ).format(id=ident, first=first),
                    _("ids must be unique within a plan"),
                )
            )
    return found


WrittenId = tuple[tuple[Any, ...], str, str]  # (path, "problem" or "target", the id)


def _written_ids(data: Any) -> list[WrittenId]:
    problems = data.get("problems") if isinstance(data, dict) else None
    out: list[WrittenId] = []
    plan_targets = data.get("targets") if isinstance(data, dict) else None
    for t_index, target in enumerate(plan_targets if isinstance(plan_targets, list) else []):
        if isinstance(target, dict) and isinstance(target.get("id"), str):
            out.append((("targets", t_index, "id"), "target", target["id"]))
    for p_index, problem in enumerate(problems if isinstance(problems, list) else []):
        if not isinstance(problem, dict):
            continue
        if isinstance(problem.get("id"), str):
            out.append((("problems", p_index, "id"), "problem", problem["id"]))
        targets = problem.get("targets")
        for t_index, target in enumerate(targets if isinstance(targets, list) else []):
            if isinstance(target, dict) and isinstance(target.get("id"), str):
                out.append((("problems", p_index, "targets", t_index, "id"), "target", target["id"]))
    return out


def _raw_target_ids(written: list[WrittenId]) -> set[str]:
    """Target ids as written, including targets the schema rejected (they are reported already)."""
    return {ident for __, what, ident in written if what == "target"}


def _list_item(loc: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The path of the innermost list item (a problem, target, milestone …) an error sits in.

    An index past a union branch (the 0 of a [low, high] goal) is inside a
    value, not an item of a list of models, so the search starts before it.
    """
    branch = next((i for i in range(len(loc)) if _is_union_branch(loc, i)), len(loc))
    loc = loc[:branch]
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            return tuple(loc[:end])
    return None


def _without_keys(data: Any, paths: list[tuple[Any, ...]]) -> Any:
    """A copy of the data without the keys at `paths` (paths into the data as it is)."""
    if not paths:
        return data
    import copy

    data = copy.deepcopy(data)
    for path in paths:
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
    return data


class _Kept:
    """Index maps for list items dropped from the data, to place findings on the original lines."""

    def __init__(self) -> None:
        self.maps: dict[tuple[Any, ...], list[int]] = {}

    def without(self, data: Any, items: set[tuple[Any, ...]]) -> Any:
        import copy

        data = copy.deepcopy(data)
        # Deepest first, and within a list the highest index first, so each index still points at its item.
        for item in sorted(items, key=lambda path: (len(path), path[-1]), reverse=True):
            *parent_path, index = item
            parent = data
            for part in parent_path:
                parent = parent[part]
            key = tuple(parent_path)
            original = self.maps.setdefault(key, list(range(len(parent))))
            del parent[index]
            del original[index]
        return data

    def original(self, path: tuple[Any, ...]) -> tuple[Any, ...]:
        out: list[Any] = []
        for i, part in enumerate(path):
            mapping = self.maps.get(tuple(path[:i]))
            out.append(
                mapping[part]
                if isinstance(part, int) and mapping is not None and part < len(mapping)
                else part
            )
        return tuple(out)


def pydantic_diagnostic(
    doc: yamlio.Document,
    error: Any,
    root: type,
    place: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None = None,
) -> Diagnostic:
    """A Pydantic error as a message a person can act on, placed at its line.

    `place` maps the error's path to the path in the file, where items were dropped.
    """
    raw = tuple(error["loc"])
    loc = tuple(part for i, part in enumerate(raw) if not _is_union_branch(raw, i))
    if place is not None:
        loc = place(loc)
    path = loc
    where = _dotted(loc)
    kind = error["type"]
    if kind in _UNKNOWN_KEY:
        field = str(loc[-1])
        allowed = _allowed_fields(root, loc[:-1])
        from zibo_rectify.synonyms import meant

        synonym = meant(field, allowed)
        close = [synonym] if synonym else difflib.get_close_matches(field, allowed, n=1)
        fix = doc.quote_the_value(path) or (
            _("did you mean {name!r}?").format(name=close[0])
            if close
            else _("allowed here: {fields}").format(fields=", ".join(allowed))
        )
        return doc.diagnostic(path, "unknown-field", _("unknown field {field!r}").format(field=where), fix)
    if kind == "missing":
        return doc.diagnostic(
            path,
            "missing-field",
            _("the field {field!r} is missing").format(field=where),
            _("add {key}:").format(key=loc[-1]),
        )
    message = error["msg"].removeprefix("Value error, ")
    given = error.get("input")
    if kind in _DATE_ERRORS and isinstance(given, str):
        from zibo_rectify.typed import no_such_day  # only for a plan with a bad date

        numbers = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-\d{1,2}\s*", given)
        reason = no_such_day(int(numbers[1]), int(numbers[2])) if numbers else message.rpartition(", ")[2]
        message = _("{value!r} is not a real date ({reason})").format(value=given, reason=reason)
    elif kind in _MESSAGES:
        context = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, str | int | float)}
        expected = context.get("expected")
        if isinstance(expected, str):  # Pydantic's "'a', 'b' or 'c'", in our words
            context["expected"] = expected.replace(" or ", _(" or "))
        message = _(_MESSAGES[kind]).format(**context, value=given, what=_what(given))
    return doc.diagnostic(path, "bad-value", where + _(": ") + message, _fix_for(kind, error))


# Pydantic's messages for the errors a plan or log can hold, in words the catalog translates.
_MESSAGES = {
    "string_pattern_mismatch": N_("{value!r} is not an id"),
    "model_type": N_("expected a mapping (key: value, …), not {what}"),
    "dict_type": N_("expected a mapping (key: value, …), not {what}"),
    "dataclass_type": N_("expected a mapping (key: value, …), not {what}"),
    "model_attributes_type": N_("expected a mapping (key: value, …), not {what}"),
    "string_type": N_("expected text, not {what}"),
    "int_type": N_("expected a whole number, not {what}"),
    "int_parsing": N_("expected a whole number, not {value!r}"),
    "int_from_float": N_("expected a whole number, not {value!r}"),
    "float_type": N_("expected a number, not {what}"),
    "float_parsing": N_("expected a number, not {value!r}"),
    "bool_type": N_("expected true or false, not {what}"),
    "bool_parsing": N_("expected true or false, not {value!r}"),
    "list_type": N_("expected a list, not {what}"),
    "literal_error": N_("expected {expected}, not {value!r}"),
    "enum": N_("{value!r} is not one of the choices"),
    "greater_than_equal": N_("must be at least {ge}, not {value!r}"),
    "string_too_short": N_("must not be empty"),
    "string_too_long": N_("is longer than {max_length} characters"),
    "datetime_type": N_("expected a date and time with its UTC offset, like 2022-07-28T16:02:11+08:00"),
    "datetime_parsing": N_("expected a date and time with its UTC offset, like 2022-07-28T16:02:11+08:00"),
    "datetime_from_date_parsing": N_(
        "expected a date and time with its UTC offset, like 2022-07-28T16:02:11+08:00"
    ),
    "timezone_aware": N_("the time needs its UTC offset, like 2022-07-28T16:02:11+08:00"),
}
_UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")  # a model's, a dataclass's
# Fields of the plan itself that no check across fields reads: one that fails the schema is
# reported and stands in as this (a text as "—", a set of rules as none), and the checks run.
_SET_ASIDE: dict[str, Any] = {
    "title": "—",
    "issuer": "—",
    "document": None,
    "review": None,
    "signoff": None,
    "warnings": None,
    "late_entry_days": 30,
}


_DATE_ERRORS = ("date_from_datetime_parsing", "date_parsing", "date_type", "datetime_from_date_parsing")


def _what(value: Any) -> str:
    """A value's kind in a reader's words."""
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, dict):
        return _("a mapping")
    return _("a list") if isinstance(value, list) else _("text") if isinstance(value, str) else _("a date")


def _fix_for(kind: str, error: Any) -> str | None:
    if kind == "string_pattern_mismatch":
        return _("ids are lowercase letters, digits and single hyphens, like elder-canteens")
    if kind in _DATE_ERRORS:
        return _("write dates as YYYY-MM-DD")
    if kind == "date_from_datetime_inexact":
        return _("write the date without a time: YYYY-MM-DD")
    if kind == "enum":
        choices = str(error.get("ctx", {}).get("expected", ""))
        return _("use one of: {choices}").format(choices=choices.replace(" or ", _(" or ")))
    return None


UNION_FIELDS = ("goal", "value")  # fields whose type is a union (a figure, or [low, high])


def _is_union_branch(loc: tuple[Any, ...], index: int) -> bool:
    """Whether loc[index] is the union member Pydantic tried ("float", "tuple[float, float]").

    Only the part right after a union-typed field is one: anywhere else a name
    like "float" or "[" is a key someone wrote.
    """
    return index > 0 and isinstance(loc[index], str) and loc[index - 1] in UNION_FIELDS


def _dotted(loc: tuple[Any, ...]) -> str:
    """Where in the plan a field is: `problems[0].targets[2].kind` in English, and in Chinese as
    an office says it, 第1个问题第3项任务的 kind."""
    from zibo_rectify.i18n import language

    if language() == "zh":
        return _spoken(loc)
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or _("(top level)")


# A list of the plan and how one of its items is named in running text.
_ITEMS = {
    "problems": N_("problem {number}"),
    "targets": N_("target {number}"),
    "milestones": N_("milestone {number}"),
    "measures": N_("measure {number}"),
    "windows": N_("window {number}"),
    "owners": N_("owner {number}"),
    "parts": N_("part {number}"),
}


def _spoken(loc: tuple[Any, ...]) -> str:
    items, keys = [], []
    index = 0
    while index < len(loc):
        part = loc[index]
        following = loc[index + 1] if index + 1 < len(loc) else None
        if part in _ITEMS and isinstance(following, int):
            items.append(_(_ITEMS[part]).format(number=following + 1))
            index += 2
            continue
        keys.append(f"[{part}]" if isinstance(part, int) else str(part))
        index += 1
    place, key = "".join(items), ".".join(keys).replace(".[", "[")
    if place and key:
        return _("{place}'s {key}").format(place=place, key=key)
    return place or key or _("(top level)")


def _allowed_fields(root: type, loc: tuple[Any, ...]) -> list[str]:
    """The field names of the plan (or entry) class at `loc` inside `root`, for did-you-mean."""
    import typing

    fields = _field_types(root)
    for part in loc:
        if isinstance(part, int):
            continue
        if part not in fields:
            return []
        inner = [_field_types(t) for t in (fields[part], *typing.get_args(fields[part]))]
        fields = next((found for found in reversed(inner) if found), {})
        if not fields:
            return []
    return list(fields)


def _field_types(cls: Any) -> dict[str, Any]:
    """{name: type} of a plan class (a Pydantic model) or an entry class (a dataclass); else empty."""
    import dataclasses

    from pydantic import BaseModel

    if isinstance(cls, type) and issubclass(cls, BaseModel):
        return {name: field.annotation for name, field in cls.model_fields.items()}
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        return {field.name: field.type for field in dataclasses.fields(cls)}
    return {}
