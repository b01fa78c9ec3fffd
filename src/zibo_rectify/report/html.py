"""The report as one self-contained HTML page: summary, ledger, and an inline SVG chart per numeric target.

The page asks for nothing: no script, no font, no image from any file or host
(a Content-Security-Policy of `default-src 'none'` says so to the browser), so
it opens the same offline.  Every piece of plan and log text is escaped.  It
prints on A4, landscape.
"""

from __future__ import annotations

from html import escape

from zibo_rectify.figures import figure
from zibo_rectify.i18n import _, language, long_date
from zibo_rectify.present import phrase, stated, text
from zibo_rectify.present.model import PlanReport, Report, TargetRow
from zibo_rectify.report import bulletin
from zibo_rectify.report.chart import Chart, chart
from zibo_rectify.safetext import inert

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
@page { size: A4 landscape; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       margin: 2em; color: #222; font-size: 14px; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.5em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
th, td { border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #eee; }
td.state-overdue { background: #f4b6b6; } td.state-behind, td.state-not_met { background: #fce4a8; }
td.state-done, td.state-met { background: #c9e7c2; } td.state-no_data { background: #e6e6e6; }
td.state-not_started { background: #dce9f7; }
td.warning-red { background: #f4b6b6; } td.warning-yellow { background: #fce4a8; }
td.warning-blue { background: #cfe2f7; }
tr.measure td { background: #f6f6f6; color: #555; font-size: 0.9em; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; }
figure { margin: 0; break-inside: avoid; } figcaption { font-size: 0.9em; }
svg text { font-size: 10px; fill: #444; }
.summary p { margin: 0.3em 0; }
svg.burnup { max-width: 100%; height: auto; }
.cards { display: none; } td.date { white-space: nowrap; }
.card { border: 1px solid #bbb; border-left-width: 6px; border-radius: 4px; padding: 0.5em 0.7em;
        margin: 0.6em 0; break-inside: avoid; }
.card h3 { font-size: 1em; margin: 0 0 0.3em; }
.card dl { display: grid; grid-template-columns: auto 1fr; gap: 0.15em 0.8em; margin: 0; }
.card dt { color: #666; } .card dd { margin: 0; overflow-wrap: anywhere; }
.card.state-overdue { border-left-color: #d9534f; }
.card.state-behind, .card.state-not_met { border-left-color: #e0a800; }
.card.state-done, .card.state-met { border-left-color: #4cae4c; }
.card.state-not_started { border-left-color: #5b9bd5; } .card.state-no_data { border-left-color: #999; }
@media (max-width: 599px) {
  body { margin: 0.8em; }
  h1 { font-size: 1.3em; }
  table.ledger { display: none; }
  .cards { display: block; }
  table { table-layout: fixed; } th, td { overflow-wrap: anywhere; }
}
@media print { body { margin: 0; font-size: 10pt; } tr, figure { break-inside: avoid; }
               .cards { display: none; } table.ledger { display: table; } }
"""
WIDTH, HEIGHT, PAD = 360, 180, 34


def render(report: Report) -> bytes:
    lang = "zh-CN" if language() == "zh" else "en"
    title = report.plans[0].title if len(report.plans) == 1 else _("Overview")
    body: list[str] = []
    if len(report.plans) > 1:
        body.append("<h1>" + escape(_("Overview")) + "</h1>")
        body.append(_table(text.OVERVIEW_COLUMNS, [text.plan_line_cells(p) for p in report.overview]))
        body.append(_table(text.UNIT_COLUMNS, [text.unit_cells(u) for u in report.units]))
    for plan in report.plans:
        body += _plan(plan)
    body.append("<p>" + escape(text.basis_sentence(report)) + "</p>")
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
    return page.encode("utf-8")


def _cell(value: text.Cell) -> str:
    return escape(inert(text.cell_text(value)))


def _table(headers: tuple[str, ...], rows: list[list[text.Cell]]) -> str:
    head = "".join(f"<th>{escape(_(h))}</th>" for h in headers)
    cells = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>"


# The problem is each table's heading and the measure a row above its targets, not columns.
SHOWN = [i for i, h in enumerate(text.LEDGER_COLUMNS) if h not in ("Problem", "Measure")]
DATE_COLUMNS = [text.LEDGER_COLUMNS.index(h) for h in ("Deadline", "Done on", "Last update")]


def _plan(plan: PlanReport) -> list[str]:
    out = [f"<h1>{escape(text.title_line(plan))}</h1>"]
    number = stated.document_line(plan)
    out += [f'<p class="number">{escape(number)}</p>'] if number else []
    out.append('<div class="summary">')
    out += [f"<p>{escape(s)}</p>" for s in text.summary_sentences(plan.summary, plan.document_type)]
    out += [f"<p>{escape(s)}</p>" for s in stated.overall_sentences(plan)]
    out.append("</div>")
    out += _since(plan)
    figures = [f for f in (_figure(t, plan) for t in plan.targets) if f]
    if figures:
        out.append("<h2>" + escape(_("Progress of the figures")) + "</h2>")
        out.append('<div class="charts">' + "".join(figures) + "</div>")
    state_col = text.LEDGER_COLUMNS.index("Completion state")
    warning_col = text.LEDGER_COLUMNS.index("Warning")
    head = "".join(f"<th>{escape(_(text.LEDGER_COLUMNS[i]))}</th>" for i in SHOWN)
    for problem in plan.problems:
        rollup = text.rollup_label(problem.rollup)
        out.append(f"<h2>{escape(problem.number)} {escape(problem.title)} · {escape(rollup)}</h2>")
        rows = []
        measure: str | None = None
        for target, cells in text.problem_rows(problem):
            if target is not None and target.measure != measure:
                measure = target.measure
                if measure:
                    rows.append(
                        f'<tr class="measure"><td colspan="{len(SHOWN)}">{escape(inert(measure))}</td></tr>'
                    )
            tds = []
            for c in SHOWN:
                css = ' class="date"' if c in DATE_COLUMNS else ""
                if target and c == state_col:
                    css = f' class="state-{target.state}"'
                if target and c == warning_col and target.warning:
                    css = f' class="warning-{target.warning}"'
                tds.append(f"<td{css}>{_cell(cells[c])}</td>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        if rows:
            out.append(
                f'<table class="ledger"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            )
            out.append('<div class="cards">' + "".join(_card(t, plan) for t in problem.targets) + "</div>")
    for heading, items in text.watch_lists(plan):
        out.append(f"<h2>{escape(heading)}</h2>")
        lines = "".join(f"<li>{escape(inert(i))}</li>" for i in items)
        out.append(f"<ul>{lines}</ul>" if items else "<p>" + escape(_("None.")) + "</p>")
    return out


def _deadline(t: TargetRow) -> str:
    if t.due is None:
        return phrase.no_due(t)
    return phrase.extended_due(t.due, t.original_due, t.years) if t.original_due else long_date(t.due)


def _card(t: TargetRow, plan: PlanReport) -> str:
    """A target on a phone: name, state, value against goal, due, owner and the latest note."""
    fields = [
        (_("Completion state"), bulletin.completion_words(t, plan)),
        (_("Progress so far"), bulletin.figure_words(t)),
        (_("Goal"), bulletin.goal_words(t, plan)),
        (_("Deadline"), _deadline(t)),
        (_("Responsible units"), bulletin.units_words(t)),
        (_("Latest note"), t.last_note or ""),
    ]
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(inert(v))}</dd>" for k, v in fields if v)
    name = escape(inert(f"{t.number} {t.name}"))
    state = escape(t.state or "indicator")
    return f'<article class="card state-{state}"><h3>{name}</h3><dl>{rows}</dl></article>'


def _since(plan: PlanReport) -> list[str]:
    """The section "since the last report" (--since), each kind of change a list of its own."""
    if plan.since is None:
        return []
    out = [
        '<section class="since">',
        f"<h2>{escape(text.since_heading(plan.since))}</h2>",
    ]
    sections = text.since_sections(plan)
    for heading, items in sections:
        out.append(f"<h3>{escape(heading)}</h3>")
        out.append("<ul>" + "".join(f"<li>{escape(inert(i))}</li>" for i in items) + "</ul>")
    if not sections:
        out.append("<p>" + escape(_("Nothing changed in the period.")) + "</p>")
    out.append("</section>")
    return out


def _figure(t: TargetRow, plan: PlanReport) -> str:
    frame = chart(t, plan.as_of)
    if frame is None:
        return ""
    caption = f"{t.number} {t.name} · {phrase.value_against_goal(t)}"
    return f"<figure>{svg(frame, caption)}<figcaption>{escape(inert(caption))}</figcaption></figure>"


PART_COLOURS = ("#8e44ad", "#16a085", "#d35400", "#2c3e50", "#7f8c8d")


def svg(frame: Chart, label: str) -> str:
    """A burn-up chart: the planned path dashed, recorded figures as a stepped line with dots,
    milestones as diamonds (green reached, red missed), the day asked as a vertical line."""

    def px(day: object, value: float) -> tuple[float, float]:
        x = PAD + frame.x(day) * (WIDTH - PAD - 10)  # type: ignore[arg-type]
        y = HEIGHT - PAD + 14 - frame.y(value) * (HEIGHT - PAD - 4)
        return round(x, 1), round(y, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(inert(label))}" class="burnup">'
    ]
    x0, y0 = px(frame.first, 0)
    x1, y1 = px(frame.last, frame.top)
    parts.append(
        f'<rect x="{x0}" y="{y1}" width="{x1 - x0}" height="{y0 - y1}" fill="#fafafa" stroke="#999"/>'
    )
    parts.append(f'<text x="{x0}" y="{y0 + 12}">{frame.first:%Y-%m-%d}</text>')
    parts.append(f'<text x="{x1}" y="{y0 + 12}" text-anchor="end">{frame.last:%Y-%m-%d}</text>')
    parts.append(f'<text x="{x0 - 3}" y="{y0}" text-anchor="end">0</text>')
    if frame.goal is not None:
        gx, gy = px(frame.first, frame.goal)
        parts.append(f'<line x1="{x0}" y1="{gy}" x2="{x1}" y2="{gy}" stroke="#bbb" stroke-dasharray="2 3"/>')
        parts.append(
            f'<text x="{x0 - 3}" y="{gy + 3}" text-anchor="end">{escape(text.number(frame.goal))}</text>'
        )
    if frame.planned:
        points = " ".join("{},{}".format(*px(d, v)) for d, v in frame.planned)
        parts.append(
            f'<polyline class="planned" points="{points}" fill="none" stroke="#4a7ebb"'
            ' stroke-dasharray="5 3"/>'
        )
    if frame.recorded:
        # From the baseline at the start for cumulative figures; a level starts at its first figure.
        first = (frame.first, frame.planned[0][1]) if frame.planned else frame.recorded[0]
        steps: list[tuple[float, float]] = [px(*first)]
        for day, value in frame.recorded:
            steps.append((px(day, value)[0], steps[-1][1]))
            steps.append(px(day, value))
        steps.append((px(frame.as_of, 0)[0], steps[-1][1]))
        line = " ".join(f"{x},{y}" for x, y in steps)
        parts.append(
            f'<polyline class="recorded" points="{line}" fill="none" stroke="#c0392b" stroke-width="2"/>'
        )
        for day, value in frame.recorded:
            cx, cy = px(day, value)
            title = escape(phrase.point_title(day, value, frame.unit))
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="#c0392b"><title>{title}</title></circle>')
    for n, (part_name, part_points) in enumerate(frame.parts):  # each part's own line, under the sum
        colour = PART_COLOURS[n % len(PART_COLOURS)]
        line = " ".join("{},{}".format(*px(d, v)) for d, v in part_points)
        parts.append(
            f'<polyline class="part" points="{line}" fill="none" stroke="{colour}" stroke-width="1"/>'
        )
        for day, value in part_points:
            cx, cy = px(day, value)
            title = escape(f"{inert(part_name)} {phrase.point_title(day, value, frame.unit)}")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="2" fill="{colour}"><title>{title}</title></circle>')
    for m in frame.milestones:
        mx, my = px(m.by, m.value)
        wanted = escape(
            _("{value} by {date}").format(value=figure(m.value, frame.unit), date=long_date(m.by))
        )
        colour = "#27ae60" if m.reached else "#c0392b" if m.reached is False else "#888"
        parts.append(
            f'<path class="milestone" d="M{mx},{my - 5} L{mx + 5},{my} L{mx},{my + 5} L{mx - 5},{my} Z" '
            f'fill="{colour}"><title>{wanted}</title></path>'
        )
    ax, __ = px(frame.as_of, 0)
    parts.append(f'<line x1="{ax}" y1="{y1}" x2="{ax}" y2="{y0}" stroke="#666" stroke-dasharray="1 2"/>')
    parts.append("</svg>")
    return "".join(parts)
