"""JSON Schemas of the plan file and the log entry, made by Pydantic from their classes.

Editors (VS Code's YAML extension, via the `# yaml-language-server: $schema=`
line) use them to complete and validate while someone types a plan; the
repository ships them under `schema/`, kept equal to the models by a test.
"""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def plan_schema() -> dict[str, Any]:
    from pydantic import TypeAdapter

    from zibo_rectify.model import Plan

    schema = TypeAdapter(Plan).json_schema()
    return {
        "$schema": DRAFT,
        **schema,
        "title": "rectify plan (整改方案)",
    }


def log_schema() -> dict[str, Any]:
    from pydantic import TypeAdapter

    from zibo_rectify.log import PERCENT_HIGH, PERCENT_LOW, ProgressEntry

    entry = TypeAdapter(ProgressEntry).json_schema()
    # Pydantic writes the bounds of a union of numbers as keys of its own (ge, le) beside the
    # union: JSON Schema says them on each kind of number.
    number, null = entry["properties"]["percent"]["anyOf"]
    bounds = {"minimum": PERCENT_LOW, "maximum": PERCENT_HIGH}
    entry["properties"]["percent"]["anyOf"] = [*({**kind, **bounds} for kind in number["anyOf"]), null]
    # A figure (value, percent or done), a note, or a workflow step; never two figures at once.
    entry["anyOf"] = [_present(name) for name in ("value", "percent", "done", "note", "kind")]
    pairs = (("value", "percent"), ("value", "done"), ("percent", "done"))
    entry["not"] = {"anyOf": [{"allOf": [_present(a), _present(b)]} for a, b in pairs]}
    return {
        "$schema": DRAFT,
        "title": "rectify progress log (整改进度记录)",
        "description": "One entry per line, appended by rectify update, done and note.",
        "type": ["array", "null"],  # a log with only its header comments is empty
        "items": {"$ref": "#/$defs/ProgressEntry"},
        "$defs": {"ProgressEntry": entry},
    }


def _present(name: str) -> dict[str, Any]:
    """The field is there and not null."""
    return {"required": [name], "properties": {name: {"not": {"type": "null"}}}}


def dumps(schema: dict[str, Any]) -> str:
    from zibo_rectify.safetext import json_dumps

    return json_dumps(schema, indent=2) + "\n"
