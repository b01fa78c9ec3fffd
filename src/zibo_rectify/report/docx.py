"""The report as a Word/WPS document (通报, 进展情况报告) in the layout of GB/T 9704-2012.

A4, margins 37/35/28/26 mm, the title in 2号 小标宋 (22 pt), the body in 3号
仿宋 (16 pt) on a fixed 28 pt line, first-level headings in 黑体 and second-level
in 楷体, and the ledger as a table on landscape pages.  WPS reports missing
fonts (缺失字体) when a document names its fonts through the theme, so every
run names its East Asian font (`w:eastAsia`) itself, every theme font
reference is removed from the styles, and the font table gives each font a
fallback (`w:altName`) that every Chinese Windows and WPS has.

An office may bring its own template (`--template FILE`): a .docx with
docxtpl (Jinja) tags, filled from `context`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any, Protocol

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _, language, long_date
from zibo_rectify.present import text
from zibo_rectify.present.model import PlanReport, Report
from zibo_rectify.report import bulletin

# Layout values of GB/T 9704-2012; an office that differs brings its own template.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TITLE_PT, BODY_PT, TABLE_PT, LINE_PT, ANNEX_TITLE_PT = 22, 16, 10.5, 28, 18
TITLE_PER_LINE = 20  # 2号 characters on a line of the 156 mm 版心
CELL_MARGIN_TWIPS = 57  # 1 mm each side of a cell's text, not Word's 1.9 mm
CENTRED_COLUMNS = (0, 4, 7)  # 序号 and the dates
PLAN_WIDTHS = (50, 14, 14, 14, 14, 18, 32)  # mm of the 156 mm 版心: title, counts, rate, last entry
UNIT_WIDTHS = (46, 16, 16, 16, 16, 16, 30)
LATIN = "Times New Roman"
# East Asian fonts, each with the fallback named in the font table.
TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "方正小标宋简体", "仿宋", "黑体", "楷体"
FALLBACK = {TITLE_FONT: "宋体", BODY_FONT: "FangSong", HEADING_FONT: "SimHei", SUBHEADING_FONT: "KaiTi"}
CHINESE_NUMBERS = "一二三四五六七八九十"
_THEME_ATTRIBUTE = re.compile(rb'\s+w:(?:ascii|hAnsi|eastAsia|cs)[Tt]heme="[^"]*"')


def render(report: Report, template: Path | None = None) -> bytes:
    if template is not None:
        return _from_template(report, template)
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    doc: Any = Document()
    _plain_styles(doc)
    section = doc.sections[0]
    _page(section, Mm, landscape=False)
    _page_number(section)

    def paragraph(
        words: str, font: str, size: float, *, bold: bool = False, centre: bool = False, indent: bool = True
    ) -> Any:
        p = doc.add_paragraph()
        form = p.paragraph_format
        form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        form.line_spacing = Pt(LINE_PT if size <= BODY_PT else size + 8)
        form.space_before = form.space_after = Pt(0)
        if centre:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif indent:
            form.first_line_indent = Pt(BODY_PT * 2)
        if words:
            run_in(p, words, font, size, bold=bold)
        return p

    if len(report.plans) > 1:  # many plans: a row per plan, then per lead unit, first
        paragraph(_("Overview"), TITLE_FONT, TITLE_PT, centre=True)
        names = bulletin.plan_names(report)
        for headers, rows, widths in (  # plans by title (names first), then lead units
            (
                text.OVERVIEW_COLUMNS[1:],
                [[names[p.plan], *text.plan_line_cells(p)[2:]] for p in report.overview],
                PLAN_WIDTHS,
            ),
            (text.UNIT_COLUMNS, [text.unit_cells(u) for u in report.units], UNIT_WIDTHS),
        ):
            _table(doc, [_(h) for h in headers], rows, [Mm(w) for w in widths])
            paragraph("", BODY_FONT, BODY_PT)
        doc.add_page_break()
    for i, plan in enumerate(report.plans):
        if i:
            doc.add_page_break()
        _bulletin(doc, plan, paragraph)

    wide = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(wide, Mm, landscape=True)
    wide.orientation = WD_ORIENT.LANDSCAPE
    for i, plan in enumerate(report.plans):
        if i:
            doc.add_page_break()
        words = bulletin.bulletin(plan)
        paragraph(_(bulletin.ANNEX), HEADING_FONT, BODY_PT, indent=False)
        paragraph(words.annex_title, TITLE_FONT, ANNEX_TITLE_PT, centre=True)
        if len(report.plans) > 1:
            paragraph(plan.title, SUBHEADING_FONT, BODY_PT, centre=True)
        _annex(doc, plan)
    paragraph(bulletin.basis(report), BODY_FONT, TABLE_PT, indent=False)  # the last words: what it rests on
    _strip_theme_fonts(doc)
    out = io.BytesIO()
    doc.save(out)
    return same_bytes(out.getvalue())


def same_bytes(package: bytes) -> bytes:
    """The package with every member dated 1980-01-01: python-docx stamps each with the minute it
    was written, and a 通报 made again with --known-at must be the same file, byte for byte."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as copy:
        for member in source.infolist():
            fixed = zipfile.ZipInfo(member.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = member.compress_type
            fixed.external_attr = member.external_attr
            copy.writestr(fixed, source.read(member))
    return out.getvalue()


class Paragraph(Protocol):
    def __call__(
        self, words: str, font: str, size: float, *, bold: bool = ..., centre: bool = ..., indent: bool = ...
    ) -> Any: ...


def _bulletin(doc: Any, plan: PlanReport, paragraph: Paragraph) -> None:
    """One plan's 通报 in the order of GB/T 9704: title, 主送, body, 附件说明, 落款, 成文日期."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    words = bulletin.bulletin(plan)
    title = paragraph("", TITLE_FONT, TITLE_PT, centre=True)
    for n, line in enumerate(bulletin.title_lines(words.title, TITLE_PER_LINE)):
        run = run_in(title, "", TITLE_FONT, TITLE_PT)
        if n:
            run.add_break()
        run.add_text(text.neutral(line))
    paragraph("", BODY_FONT, BODY_PT)
    if words.addressees:
        paragraph(words.addressees, BODY_FONT, BODY_PT, indent=False)
    sections = [(s.heading, s.parts) for s in words.sections]
    if plan.since is not None:  # --since: 本期变化, a section after the overall progress
        sections.insert(1, (bulletin.since_heading(plan), _since(plan)))
    for n, (heading, parts) in enumerate(sections):
        paragraph(_chinese_number(n) + heading, HEADING_FONT, BODY_PT)
        for part in parts:
            if part.heading:
                paragraph(part.heading, SUBHEADING_FONT, BODY_PT)
            for said in part.paragraphs:
                paragraph(said, BODY_FONT, BODY_PT)
    paragraph("", BODY_FONT, BODY_PT)
    paragraph(words.annex_note, BODY_FONT, BODY_PT)
    paragraph("", BODY_FONT, BODY_PT)
    paragraph("", BODY_FONT, BODY_PT)
    date_right = 4 * BODY_PT  # 成文日期 右空四字
    centred = date_right + (_width(words.date) - _width(words.issuer or "")) * BODY_PT / 2
    signature: list[tuple[str | None, float]] = [
        (words.issuer, max(date_right, centred)),
        (words.date, date_right),
    ]
    for signed, right in signature:
        if signed:  # 署名 centred over the date, as GB/T 9704 places it
            p = paragraph(signed, BODY_FONT, BODY_PT, indent=False)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(right)


def _width(words: str) -> float:
    """Width in ems: a Chinese character one, a Latin letter or digit half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in words)


def _since(plan: PlanReport) -> list[bulletin.Part]:
    """The changes of the span, each kind under its heading, as sentences without marks."""
    sections = text.since_sections(plan)
    if not sections:
        return [bulletin.Part(None, [_("Nothing changed in the period.")])]
    return [
        bulletin.Part(bulletin.numbered(n, group), [bulletin.without_marks(item) for item in items])
        for n, (group, items) in enumerate(sections)
    ]


def run_in(paragraph: Any, words: str, font: str, size: float, bold: bool = False) -> Any:
    """A run that names its Latin and its East Asian font itself, never through the theme."""
    from docx.shared import Pt

    run = paragraph.add_run(text.neutral(words))
    run.font.size = Pt(size)
    run.font.bold = bold
    _name_fonts(run._element.get_or_add_rPr(), font)
    return run


def _name_fonts(rpr: Any, east_asian: str) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)


def _chinese_number(index: int) -> str:
    return f"{CHINESE_NUMBERS[index]}、" if language() == "zh" else f"{index + 1}. "


def _page(section: Any, mm: Any, landscape: bool) -> None:
    width, height = PAGE_MM
    section.page_width, section.page_height = (
        (mm(height), mm(width)) if landscape else (mm(width), mm(height))
    )
    top, bottom, left, right = (MARGINS_MM[k] for k in ("top", "bottom", "left", "right"))
    if landscape:  # the same margins, turned with the page: 天头 becomes the left edge
        top, bottom, left, right = left, right, top, bottom
    section.top_margin, section.bottom_margin = mm(top), mm(bottom)
    section.left_margin, section.right_margin = mm(left), mm(right)


def _page_number(section: Any) -> None:
    """The page number as GB/T 9704 prints it: "— 1 —", 4号 (14 pt) 宋体, centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run_in(footer, "— ", "宋体", 14)
    field = footer._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    number = run_in(footer, "1", "宋体", 14)
    footer._p.remove(number._element)
    field.append(number._element)
    footer._p.append(field)
    footer._p.append(run_in(footer, " —", "宋体", 14)._element)


def _annex(doc: Any, plan: PlanReport) -> None:
    """附件：整改台账 as a table made for A4 landscape: nine columns whose widths the file sets
    (a fixed layout, so Word, WPS and LibreOffice break lines alike), the header repeated on every
    page, each problem and each measure a row across the table, a target's row never split."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    widths = [Mm(w) for w in bulletin.annex_widths(plan)]
    headers = bulletin.annex_headers(plan)
    table = doc.add_table(rows=0, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_grid(table, widths)
    _row(table, headers, widths, HEADING_FONT, header=True)
    for row in bulletin.annex_rows(plan):
        if row.kind in ("problem", "measure"):
            font = HEADING_FONT if row.kind == "problem" else SUBHEADING_FONT
            _row(table, row.cells, widths, font, span=True, shade=row.kind == "problem")
        else:
            _row(table, row.cells, widths, BODY_FONT)


def _fixed_grid(table: Any, widths: list[Any]) -> None:
    """A fixed layout with the grid's widths and narrow cell margins written into the table."""
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    tbl_pr.append(layout)
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = tbl_pr.makeelement(qn("w:tblW"), {})
        tbl_pr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(w.twips for w in widths)))
    margins = tbl_pr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):
        margins.append(
            margins.makeelement(qn(f"w:{side}"), {qn("w:w"): str(CELL_MARGIN_TWIPS), qn("w:type"): "dxa"})
        )
    tbl_pr.append(margins)
    for column, w in zip(table.columns, widths, strict=True):
        column.width = w


def _row(
    table: Any,
    cells: list[str],
    widths: list[Any],
    font: str,
    *,
    header: bool = False,
    span: bool = False,
    shade: bool = False,
    centred: tuple[int, ...] = CENTRED_COLUMNS,
) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    row = table.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {}))
    if header:
        tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))  # repeats on every page
    for cell, w in zip(row.cells, widths, strict=True):
        cell.width = w
    targets = [row.cells[0].merge(row.cells[-1])] if span else row.cells
    for n, (cell, words) in enumerate(zip(targets, cells, strict=True)):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        if header or (not span and n in centred):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run_in(paragraph, words, font, TABLE_PT)
        if shade or header:
            tc_pr = cell._tc.get_or_add_tcPr()
            tc_pr.append(tc_pr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:fill"): "E7E6E6"}))


def _table(doc: Any, headers: list[str], rows: list[list[text.Cell]], widths: list[Any]) -> None:
    """A table of the overview in set widths, its header repeated on every page, dates in words."""
    from docx.enum.table import WD_TABLE_ALIGNMENT

    table = doc.add_table(rows=0, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_grid(table, widths)
    _row(table, headers, widths, HEADING_FONT, header=True)
    for cells in rows:
        said = [long_date(c) if isinstance(c, dt.date) else text.cell_text(c) for c in cells]
        _row(
            table, said, widths, BODY_FONT, centred=tuple(range(1, len(said)))
        )  # the name left, figures centred


def _plain_styles(doc: Any) -> None:
    """Styles that name their fonts, so text outside our runs (an empty cell) reads the same."""
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _name_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            _name_fonts(rpr, BODY_FONT)


def _strip_theme_fonts(doc: Any) -> None:
    """No theme font anywhere: attributes removed from every part, the theme's own typefaces
    rewritten to the fonts the document names, and each font given a fallback."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    for element in (doc.element, doc.styles.element):
        for fonts in element.iter(qn("w:rFonts")):
            for name in list(fonts.attrib):
                if name.endswith(("Theme", "theme")):
                    del fonts.attrib[name]
    for section in doc.sections:
        for fonts in section.footer._element.iter(qn("w:rFonts")):
            for name in list(fonts.attrib):
                if name.endswith(("Theme", "theme")):
                    del fonts.attrib[name]
    for part in doc.part.package.iter_parts():
        name = str(part.partname)
        if name.endswith("stylesWithEffects.xml"):
            part._blob = _THEME_ATTRIBUTE.sub(b"", part.blob)
        elif name.startswith("/word/theme/"):
            blob = re.sub(rb'<a:font script="[^"]*" typeface="[^"]*"/>', b"", part.blob)
            blob = re.sub(rb'<a:latin typeface="[^"]*"', f'<a:latin typeface="{LATIN}"'.encode(), blob)
            blob = re.sub(rb'<a:ea typeface="[^"]*"', f'<a:ea typeface="{BODY_FONT}"'.encode(), blob)
            part._blob = blob
    from docx.oxml import parse_xml
    from lxml import etree

    font_table = doc.part.part_related_by(RT.FONT_TABLE)  # a plain part: its bytes, parsed here
    root = parse_xml(font_table.blob)
    for font, fallback in FALLBACK.items():
        entry = root.makeelement(qn("w:font"), {qn("w:name"): font})
        entry.append(entry.makeelement(qn("w:altName"), {qn("w:val"): fallback}))
        entry.append(entry.makeelement(qn("w:charset"), {qn("w:val"): "86"}))
        root.append(entry)
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def context(report: Report) -> dict[str, Any]:
    """What a template sees: the report's words and figures, every text neutralised."""

    def plan(p: PlanReport) -> dict[str, Any]:
        keys = (
            "number",
            "problem",
            "measure",
            "task",
            "goal",
            "units",
            "persons",
            "due",
            "progress",
            "state",
            "done_on",
            "last_update",
            "evidence",
            "warning",
            "signoff",
        )
        problems = []
        for problem in p.problems:
            rows = [
                {k: text.neutral(text.cell_text(v)) for k, v in zip(keys, cells, strict=True)}
                for __, cells in text.problem_rows(problem)
            ]
            problems.append(
                {
                    "number": problem.number,
                    "title": text.neutral(problem.title),
                    "rollup": text.rollup_label(problem.rollup),
                    "rows": rows,
                }
            )
        return {
            "id": p.plan,
            "title": text.neutral(p.title),
            "as_of": p.as_of.isoformat(),
            "sentences": [text.neutral(s) for s in text.summary_sentences(p.summary, p.document_type)],
            "problems": problems,
            "rows": [r for problem in problems for r in problem["rows"]],
            "watch": [
                {"heading": h, "items": [text.neutral(i) for i in items]} for h, items in text.watch_lists(p)
            ],
            "since": None
            if p.since is None
            else {
                "heading": text.neutral(text.since_heading(p.since)),
                "sections": [
                    {"heading": h, "items": [text.neutral(i) for i in items]}
                    for h, items in text.since_sections(p)
                ],
            },
        }

    return {
        "as_of": report.as_of.isoformat(),
        "plans": [plan(p) for p in report.plans],
        "headers": [_(h) for h in text.LEDGER_COLUMNS],
    }


def _from_template(report: Report, template: Path) -> bytes:
    """An office's template filled in a sandbox: a template in a plans repository is data that
    whoever renders it (CI included) must not run as code."""
    from docxtpl import DocxTemplate
    from jinja2.exceptions import SecurityError

    try:
        document = DocxTemplate(str(template))
        document.render(context(report), jinja_env=_sandbox(), autoescape=True)
    except (SecurityError, _HiddenName) as err:
        raise usage_error(
            "unsafe-template",
            _("the template {path} tries what a template may not do ({what}): nothing was rendered").format(
                path=template, what=err
            ),
            _("a template only fills in the report's fields, e.g. {{ plans[0].title }}; remove that tag"),
        ) from None
    except Exception as err:  # not a .docx (zipfile, KeyError), or a misspelt tag
        raise usage_error(
            "bad-template",
            _("the template {path} cannot be used: {error}").format(path=template, error=err),
            _("give a .docx file with docxtpl tags, e.g. {{ plans[0].title }}"),
        ) from None
    out = io.BytesIO()
    document.save(out)
    return same_bytes(out.getvalue())


class _HiddenName(Exception):
    """A template's tag names something beginning with `_`: the way out of any sandbox."""


def _sandbox() -> Any:
    """Jinja's immutable sandbox, which also refuses, before rendering, any tag that names an
    attribute, variable or key beginning with `_` (cycler.__init__.__globals__ …)."""
    from collections.abc import Iterator

    from jinja2.ext import Extension
    from jinja2.lexer import TOKEN_NAME, TOKEN_STRING, Token, TokenStream
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class NoHiddenNames(Extension):
        def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
            for token in stream:
                if token.type in (TOKEN_NAME, TOKEN_STRING) and _HIDDEN.fullmatch(str(token.value)):
                    raise _HiddenName(token.value)
                yield token

    return ImmutableSandboxedEnvironment(extensions=[NoHiddenNames])


_HIDDEN = re.compile(r"_\w+")
