"""Pydantic checks declared on plain dataclasses, made only when Pydantic builds a schema.

The plan's and the log's classes are standard dataclasses, so that a start which
takes its plan from the cache, and its entries through the kept schema
(`schemacache`), never imports Pydantic: that import is most of a start.  What
Pydantic checks is still written where each field is declared:

- bounds, patterns and descriptions in `dataclasses.field(metadata=...)`, where
  Pydantic reads the arguments of its own `Field`;
- what needs a Pydantic object (a validator, a strict type, a JSON Schema of
  its own) as `Checked(...)` in the annotation, which makes that object when
  Pydantic asks for the field's schema.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated, Any

# What every plan and log class tells Pydantic (read from the class, as its ConfigDict would be):
# an unknown key is an error, and so are NaN and the infinities.
STRICT: dict[str, Any] = {"extra": "forbid", "allow_inf_nan": False}


class Checked:
    """Annotation metadata that becomes Pydantic's own when a schema is built.

    Pydantic applies it in the order written: `before=f` (a `BeforeValidator`),
    bounds (`ge=0, le=100`: a `Field`), `after=f` (an `AfterValidator`) and
    `json_schema={...}` (`WithJsonSchema`).  `strict="AwareDatetime"` names a
    type of Pydantic's that stands for the annotated one.
    """

    __slots__ = ("strict", "steps")

    def __init__(self, *, strict: str | None = None, **steps: Any) -> None:
        self.strict = strict
        self.steps = steps

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        import pydantic

        made: list[Any] = []
        bounds: dict[str, Any] = {}
        for name, value in [*self.steps.items(), ("", None)]:
            if name in ("before", "after", "json_schema", "") and bounds:
                made.append(pydantic.Field(**bounds))
                bounds = {}
            if name == "before":
                made.append(pydantic.BeforeValidator(value))
            elif name == "after":
                made.append(pydantic.AfterValidator(value))
            elif name == "json_schema":
                made.append(pydantic.WithJsonSchema(value))
            elif name:
                bounds[name] = value
        base = getattr(pydantic, self.strict) if self.strict is not None else source
        return handler(Annotated[(base, *made)] if made else base)


def about(default: Any = dataclasses.MISSING, *, description: str | None = None, **bounds: Any) -> Any:
    """A dataclass field with the arguments of Pydantic's `Field` (description, bounds) as metadata.

    `default=list` gives each instance a list of its own (a default factory).
    """
    metadata = bounds if description is None else {"description": description, **bounds}
    if default is list:
        return dataclasses.field(default_factory=list, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)
