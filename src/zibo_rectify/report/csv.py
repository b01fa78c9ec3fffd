"""The ledger (整改台账) as CSV: UTF-8 with a BOM, so Excel and WPS read the Chinese; row for row the
ledger sheet of the xlsx."""

from __future__ import annotations

import csv
import io

from zibo_rectify.present import text
from zibo_rectify.present.model import Report


def render(report: Report) -> bytes:
    headers, rows = text.ledger_table(report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for __, cells in rows:
        writer.writerow([text.neutral(text.cell_data(c)) for c in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
