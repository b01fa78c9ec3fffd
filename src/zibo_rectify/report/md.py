"""The report as Markdown: the summary, a table per problem, and the lists of what to watch."""

from __future__ import annotations

import html
import re

from zibo_rectify.i18n import _
from zibo_rectify.present import stated, text
from zibo_rectify.present.model import PlanReport, Report
from zibo_rectify.safetext import inert

_MARKUP = re.compile(r"([\\`*_{}\[\]#!|~]|^[-+])")
# What either escape would change, less a leading - or + (tested apart: an alternation in the
# pattern makes every cell's search three times slower).
_SPECIAL = re.compile(r"[&<>\"'\\`*_{}\[\]#!|~]")
PROBLEM_COLUMN = 1  # the problem is the table's heading, not a column


def escape(value: object) -> str:
    """Plan or log text as inert Markdown: HTML escaped, Markdown's punctuation backslashed, one line.

    Most cells hold none of the characters either escape changes, and are found so in one scan."""
    plain = inert(value)
    if _SPECIAL.search(plain) is None and not plain.startswith(("-", "+")):
        return plain
    return _MARKUP.sub(r"\\\1", html.escape(plain, quote=True))


def _row(cells: list[text.Cell]) -> str:
    return "| " + " | ".join(map(escape, map(text.cell_text, cells))) + " |"


def _table(headers: tuple[str, ...], rows: list[list[text.Cell]]) -> list[str]:
    return [_row([_(h) for h in headers]), "|" + " --- |" * len(headers), *(_row(r) for r in rows), ""]


def render(report: Report) -> bytes:
    out: list[str] = []
    if len(report.plans) > 1:
        out += ["# " + escape(_("Overview")), ""]
        out += _table(text.OVERVIEW_COLUMNS, [text.plan_line_cells(p) for p in report.overview])
        out += _table(text.UNIT_COLUMNS, [text.unit_cells(u) for u in report.units])
    for plan in report.plans:
        out += [f"# {escape(text.title_line(plan))}", ""]
        number = stated.document_line(plan)
        out += [escape(number), ""] if number else []
        out += [escape(s) for s in text.summary_sentences(plan.summary, plan.document_type)]
        out += [escape(s) for s in stated.overall_sentences(plan)]
        out.append("")
        out += since(plan)
        columns = text.LEDGER_COLUMNS[:PROBLEM_COLUMN] + text.LEDGER_COLUMNS[PROBLEM_COLUMN + 1 :]
        for problem in plan.problems:
            out += [f"## {escape(problem.number)} {escape(problem.title)}".replace("##  ", "## "), ""]
            rollup = text.rollup_label(problem.rollup)
            out += [escape(_("State of rectification: {state}").format(state=rollup)), ""]
            rows = [c[:PROBLEM_COLUMN] + c[PROBLEM_COLUMN + 1 :] for __, c in text.problem_rows(problem)]
            if rows:
                out += _table(columns, rows)
        out += lists(plan)
    while out and not out[-1]:
        out.pop()
    out += ["", "---", "", escape(text.basis_sentence(report))]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def since(plan: PlanReport) -> list[str]:
    """The section "since the last report" (--since), each kind of change a list of its own."""
    if plan.since is None:
        return []
    out = [f"## {escape(text.since_heading(plan.since))}", ""]
    sections = text.since_sections(plan)
    for heading, items in sections:
        out += [f"### {escape(heading)}", ""]
        out += [f"- {escape(i)}" for i in items]
        out.append("")
    if not sections:
        out += [escape(_("Nothing changed in the period.")), ""]
    return out


def lists(plan: PlanReport) -> list[str]:
    out: list[str] = []
    for heading, items in text.watch_lists(plan):
        out += [f"### {escape(heading)}", ""]
        out += [f"- {escape(i)}" for i in items] or [escape(_("None.")), ""]
        out.append("")
    return out
