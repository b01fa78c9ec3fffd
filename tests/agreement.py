"""Whether every view of a plan says what `status --json` says: value, goal and its direction, state,
flags and 完成率, read off each view as a reader meets it (a table row, a sheet's cells, a page).

The expected words are written out here from the documented JSON, independently of how rectify
phrases them, so a view that drops a direction or a flag, or counts 完成率 its own way, fails.
"""

from __future__ import annotations

import csv
import html as html_module
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

MARK = {
    "at_least": "≥",
    "kept_at": "≥",
    "more_than": ">",
    "at_most": "≤",
    "less_than": "<",
    "exactly": "",
    "about": "≈",
}
STATE = {
    "not_started": "not started",
    "no_data": "no data",
    "on_track": "on track",
    "behind": "behind",
    "overdue": "overdue",
    "done": "done",
    "met": "met",
    "not_met": "not met",
}
FLAG = {"exceeded": "exceeded", "overshoot": "over the goal", "stale": "not updated for long"}
VIEWS = ("table", "show", "md", "csv", "xlsx", "docx", "html", "jsonl")


def figure(value: float) -> str:
    """A figure as every view prints it: 3,050, 61.3, −1.5 (a minus sign)."""
    rounded = round(float(value), 9)
    text = f"{rounded:,.0f}" if rounded.is_integer() else f"{rounded:,.2f}".rstrip("0").rstrip(".")
    return text.replace("-", "\u2212")


def with_unit(text: str, unit: str | None) -> str:
    return text if not unit else text + unit if unit == "%" else f"{text} {unit}"


def goal_words(t: dict[str, Any], names: dict[str, str]) -> str | None:
    """The goal with its direction, in English: ≥60%, <4.3%, 4–5 家, ≈6.2%, ≥ 全市平均水平."""
    goal = t["goal"]
    if t["kind"] in ("task", "indicator") or goal is None:
        return None
    if isinstance(goal, dict):
        return f"{MARK[t['comparison']]} {names[goal['of']]}".strip()
    if isinstance(goal, list):
        return f"{figure(goal[0])}–{with_unit(figure(goal[1]), t['unit'])}"
    return MARK[t["comparison"]] + with_unit(figure(goal), t["unit"])


def state_words(t: dict[str, Any]) -> str | None:
    """The state as each view names it; an overdue one by its days in the table, so only 'overdue'."""
    return STATE[t["state"]] if t["state"] else None


@dataclass
class Views:
    """What each view printed for one plan on one day."""

    status: dict[str, Any]
    table: str
    show: dict[str, str]
    md: str
    csv: list[list[str]]
    xlsx: list[list[str]]
    docx: str
    html: str
    jsonl: list[dict[str, Any]]
    problems: list[str] = field(default_factory=list)


def run(app: Any, args: list[str]) -> str:
    done = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "250"})
    if done.exception and not isinstance(done.exception, SystemExit):
        raise done.exception
    assert done.exit_code == 0, (args, done.output)
    return done.stdout


def views(folder: Path, plan_id: str, day: str, out: Path, which: tuple[str, ...] = VIEWS) -> Views:
    """Every view of the plan on `day`, in English, as a user runs them."""
    import json

    from zibo_rectify.cli import app

    base = ["--lang", "en"]
    where = ["--plans", str(folder), "--as-of", day]
    status = json.loads(run(app, [*base, "status", plan_id, *where, "--json"]))
    table = run(app, [*base, "status", plan_id, *where]) if "table" in which else ""
    show = (
        {t["id"]: run(app, [*base, "show", f"{plan_id}/{t['id']}", *where]) for t in status["targets"]}
        if "show" in which
        else {}
    )
    files: dict[str, Path] = {}
    for fmt in ("md", "csv", "xlsx", "docx", "html", "jsonl"):
        if fmt in which:
            files[fmt] = out / f"{plan_id}.{day}.{fmt}"
            run(app, [*base, "report", plan_id, *where, "--format", fmt, "-o", str(files[fmt])])
    read = {fmt: path.read_bytes() for fmt, path in files.items()}
    return Views(
        status=status,
        table=table,
        show=show,
        md=_rendered_md(read["md"].decode()) if "md" in read else "",
        csv=list(csv.reader(io.StringIO(read["csv"].decode("utf-8-sig")))) if "csv" in read else [],
        xlsx=_sheet(files["xlsx"]) if "xlsx" in files else [],
        docx=_docx(files["docx"]) if "docx" in files else "",
        html=html_module.unescape(re.sub(r"<[^>]+>", " ", read["html"].decode())) if "html" in read else "",
        jsonl=[json.loads(line) for line in read["jsonl"].decode().splitlines()] if "jsonl" in read else [],
    )


def _rendered_md(text: str) -> str:
    """Markdown as a reader sees it rendered: entities and backslash escapes undone."""
    return html_module.unescape(re.sub(r"\\(.)", r"\1", text))


def _sheet(path: Path) -> list[list[str]]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    return [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]


def _cell(value: Any) -> str:
    """A cell as its reader compares it: a typed number as a figure (−6, whatever sign Excel draws)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return figure(value)
    return str(value)


def _docx(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [" | ".join(c.text for c in row.cells) for table in doc.tables for row in table.rows]
    return "\n".join(parts)


def _row(rows: list[list[str]], name: str) -> str:
    """The ledger row of a target, by its name in a cell of its own."""
    found = [row for row in rows if name in row]
    assert found, f"no row for {name}"
    return " | ".join(found[0])


def _table_block(table: str, name: str, names: list[str]) -> str:
    """A target's row in the status table and its notes under it, up to the next target's row."""
    lines = table.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f" {name} "))
    end = next(
        (i for i in range(at + 1, len(lines)) if any(lines[i].startswith(f" {n} ") for n in names)),
        len(lines),
    )
    return "\n".join(lines[at:end])


def disagreements(v: Views, names: dict[str, str]) -> list[str]:
    """Every place a view says other than `status --json`; empty when all agree."""
    found: list[str] = []
    summary = v.status["summary"]
    ratio = f"{summary['completion']:.1%}".replace(".0%", "%")
    counted = v.status["summary"]["total"] - v.status["summary"]["indicators"]
    if counted:
        if v.table and f"completion {ratio}" not in v.table:
            found.append(f"table: completion is not {ratio}")
        for view, text in (("md", v.md), ("docx", v.docx), ("html", v.html)):
            if text and f"completion rate {ratio}" not in text:
                found.append(f"{view}: completion rate is not {ratio}")
    target_names = [t["name"] for t in v.status["targets"]]
    by_id = {r["id"]: r for r in v.jsonl}
    for t in v.status["targets"]:
        name = t["name"]
        rows = {
            "table": _table_block(v.table, name, target_names) if v.table else None,
            "show": v.show.get(t["id"]),
            "md": next((line for line in v.md.splitlines() if f"| {name} |" in line), None) if v.md else None,
            "csv": _row(v.csv, name) if v.csv else None,
            "xlsx": _row(v.xlsx, name) if v.xlsx else None,
        }
        goal = goal_words(t, names)
        state = state_words(t)
        for view, row in rows.items():
            if row is None:
                continue
            if goal is not None and goal not in row:
                found.append(f"{view}: {name}: goal {goal!r} missing")
            if state is not None and state not in row:
                found.append(f"{view}: {name}: state {state!r} missing")
            if t["kind"] not in ("task",) and t["value"] is not None and figure(t["value"]) not in row:
                found.append(f"{view}: {name}: value {figure(t['value'])} missing")
            if t["kind"] == "task" and t["percent"] is not None and t["state"] not in ("done", "met"):
                if f"{figure(t['percent'])}%" not in row and view != "table":
                    found.append(f"{view}: {name}: share {figure(t['percent'])}% missing")
            for flag, words in FLAG.items():
                if flag in t["flags"] and words not in row:
                    found.append(f"{view}: {name}: flag {words!r} missing")
            flagged = {*t["flags"], *(f for part in t["parts"] for f in part["flags"])}
            for flag, words in FLAG.items():
                if flag not in flagged and flag != "stale" and re.search(rf"\b{re.escape(words)}\b", row):
                    found.append(f"{view}: {name}: says {words!r} without the flag")
        for view, text in (("docx", v.docx), ("html", v.html)):
            if text and state is not None and state not in text:
                found.append(f"{view}: {name}: state {state!r} missing")
            if text and goal is not None and goal not in text:
                found.append(f"{view}: {name}: goal {goal!r} missing")
        if v.jsonl:
            row = by_id[t["id"]]
            for key, value in t.items():
                if row.get(key) != value and key not in ("pending",):
                    found.append(f"jsonl: {name}: {key} {row.get(key)!r} != {value!r}")
    return found
