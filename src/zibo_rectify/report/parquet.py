"""The jsonl export's rows as one Parquet file (pyarrow, the optional `parquet` extra)."""

from __future__ import annotations

import io
from typing import Any

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _
from zibo_rectify.present.model import Report
from zibo_rectify.report import jsonl


def columnar(row: dict[str, Any]) -> dict[str, Any]:
    """A jsonl row as a Parquet column holds it: one type a column.  A goal is a number, a range
    [low, high] or {of: ID} in JSON; here it is its low end (`goal_high` and `goal_of` say the rest),
    and so is each part's."""
    if "goal" not in row:
        return row
    shaped = {**row, "goal": _low(row["goal"])}
    if row.get("parts"):
        shaped["parts"] = [{**part, "goal": _low(part["goal"])} for part in row["parts"]]
    return shaped


def _low(goal: Any) -> Any:
    return goal[0] if isinstance(goal, list) else None if isinstance(goal, dict) else goal


def render(report: Report, what: str = "targets") -> bytes:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise usage_error(
            "no-pyarrow",
            _("--format parquet needs pyarrow, which is not installed"),
            _("install it with: pip install 'zibo-rectify[parquet]', or use --format jsonl"),
        ) from None
    table = pa.Table.from_pylist([columnar(row) for row in jsonl.records(report, what)])
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()
