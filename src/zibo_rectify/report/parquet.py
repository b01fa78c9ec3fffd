"""The jsonl export's rows as one Parquet file (pyarrow, the optional `parquet` extra)."""

from __future__ import annotations

import io

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _
from zibo_rectify.present.model import Report
from zibo_rectify.report import jsonl


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
    table = pa.Table.from_pylist(jsonl.records(report, what))
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()
