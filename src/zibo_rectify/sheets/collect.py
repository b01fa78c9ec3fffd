"""`rectify collect`: read the 填报表 units send back and record each row that passes the rules.

A returned file may have been saved again by WPS or LibreOffice: its rows
re-sorted, its hidden sheet lost.  Rows are known by the ids on the hidden
sheet, else by 序号 and name against the plans; anything ambiguous is refused.
Each row goes through exactly what `update`, `done` and `note` run
(`record.update_figure`, `record.done_figure`, `typed.day`, `record.record`
under the log's lock); the file itself is kept under `returns/` as the
evidence, with its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from zibo_rectify import i18n, workspace
from zibo_rectify.errors import RectifyError, usage_error
from zibo_rectify.i18n import _, speaking
from zibo_rectify.model import Part, Problem, Target
from zibo_rectify.sheets import form
from zibo_rectify.sheets.layout import (
    AS_OF_LABEL,
    DONE_WORDS,
    FORM_MARK,
    HIDDEN_SHEET,
    UNIT_LABEL,
    open_workbook,
    titles,
    verdict_words,
    words,
)

LANGUAGES = ("zh", "en")
RECORDED, UNCHANGED, REFUSED = "recorded", "unchanged", "refused"


class Outcome(NamedTuple):
    """What became of one row of a returned form."""

    row: int  # where it stands in the returned sheet
    label: str  # 序号 and name, as the sheet shows them
    result: str  # RECORDED, UNCHANGED or REFUSED
    message: str  # what was recorded, or why not
    fix: str | None = None
    written: str = ""  # what the unit wrote, for the sheet sent back
    code: str | None = None  # why it was refused, as check and every refusal name it


class Receipt(NamedTuple):
    file: Path
    unit: str | None
    evidence: str  # the copy under returns/, relative to the repository
    sha256: str
    outcomes: list[Outcome]
    sent_back: Path | None  # <file>-退回.xlsx, when a row was refused

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)


class Sheet(NamedTuple):
    """A returned form as read: its unit and day, the ids the hidden sheet kept, and its rows."""

    unit: str | None
    as_of: dt.date | None
    ids: dict[tuple[str, str], list[tuple[str, str, str]]] | None  # (序号, 任务): [(plan, target, part)]
    rows: list[tuple[int, dict[str, Any]]]  # (row in the sheet, {column key: cell})
    language: str


def read_sheet(path: Path) -> Sheet:
    """The returned form at `path`; a file that is no form of rectify's is refused (exit 2)."""
    book = open_workbook(path)
    for sheet in book.worksheets:
        if sheet.title == HIDDEN_SHEET:
            continue
        found = _header(sheet)
        if found is None:
            continue
        at, columns, language = found
        unit, as_of = _meta(sheet, at, language)
        hidden = _hidden(book)
        if hidden is not None:
            unit, as_of = hidden[0] or unit, hidden[1] or as_of
        rows = []
        for number in range(at + 1, sheet.max_row + 1):
            cells = {key: sheet.cell(number, column) for key, column in columns.items()}
            if _text(cells["task"]):
                rows.append((number, cells))
        return Sheet(unit, as_of, hidden[2] if hidden else None, rows, language)
    raise usage_error(
        "not-a-form",
        _("{file} holds no rectify form: no sheet has the columns {columns}").format(
            file=path, columns=_("、").join(titles(i18n.language())[k] for k in ("number", "task", "value"))
        ),
        _("collect the forms made by rectify form, filled in and sent back"),
    )


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _header(sheet: Any) -> tuple[int, dict[str, int], str] | None:
    """The header row, each column's key by its title, and the form's language."""
    for language in LANGUAGES:
        by_title = {_squeezed(title): key for key, title in titles(language).items()}
        for number in range(1, min(sheet.max_row, 30) + 1):
            columns = {}
            for cell in sheet[number]:
                key = by_title.get(_squeezed(str(cell.value))) if cell.value is not None else None
                if key is not None:
                    columns[key] = cell.column
            if {"number", "task", "value"} <= set(columns):
                return number, columns, language
    return None


def _meta(sheet: Any, header: int, language: str) -> tuple[str | None, dt.date | None]:
    """The unit and the as-of day the form shows above its header."""
    with speaking(language):
        labels = {_squeezed(_(UNIT_LABEL)): "unit", _squeezed(_(AS_OF_LABEL)): "as_of"}
    found: dict[str, Any] = {}
    for row in sheet.iter_rows(min_row=1, max_row=header - 1):
        cells = [c for c in row if c.value is not None]
        for here, after in zip(cells, cells[1:], strict=False):
            key = labels.get(_squeezed(str(here.value)))
            if key is not None:
                found[key] = after.value
    as_of = found.get("as_of")
    day = as_of.date() if isinstance(as_of, dt.datetime) else as_of if isinstance(as_of, dt.date) else None
    unit = found.get("unit")
    return (str(unit) if unit is not None else None), day


def _hidden(
    book: Any,
) -> tuple[str | None, dt.date | None, dict[tuple[str, str], list[tuple[str, str, str]]]] | None:
    """What the hidden sheet kept, when it is still there and is rectify's."""
    if HIDDEN_SHEET not in book.sheetnames:
        return None
    rows = [[c for c in row] for row in book[HIDDEN_SHEET].iter_rows(values_only=True)]
    if not rows or not rows[0] or rows[0][0] != FORM_MARK:
        return None
    facts = {str(r[0]): r[1] for r in rows[1:3] if len(r) > 1}
    try:
        as_of = dt.date.fromisoformat(str(facts.get("as_of")))
    except ValueError:
        as_of = None
    ids: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for r in rows[4:]:
        if len(r) >= 5 and r[1] is not None:
            ids.setdefault((_plain(r[0]), _plain(r[1])), []).append((str(r[2]), str(r[3]), _plain(r[4])))
    unit = facts.get("unit")
    return (str(unit) if unit is not None else None), as_of, ids


def _plain(value: Any) -> str:
    """A cell as text, a whole number without its .0 (WPS may turn the text 2 into the number 2)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _text(cell: Any) -> str | None:
    """What a unit wrote in a cell, as text `update` reads: 262, 80% for a cell in percent, 1,200."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        number = Decimal(repr(value))
        percent = "%" in (cell.number_format or "")
        if percent:
            number *= 100
        shown = format(number.normalize(), "f")
        return shown + ("%" if percent else "")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _day(cell: Any, title: str, years: tuple[int, int]) -> dt.date | None:
    """A date cell, or a date as offices write it (2022.10.28, 10月28日), read as `--date` reads it."""
    from zibo_rectify.typed import day

    value = cell.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(cell)
    return None if text is None else day(text, title, dt.date.today(), years)


class Collected(NamedTuple):
    """The plans a collect works on, each row of every unit's form, and where returns are kept."""

    plans: dict[str, workspace.LoadedPlan]
    rows: list[tuple[str, form.FormRow]]
    returns: Path
    root: Path


def prepare(folder: Path) -> Collected:
    from zibo_rectify import plans
    from zibo_rectify.workflow.evidence import repository_root

    loaded, _left_out = workspace.load_each(plans.plan_files(folder))
    rows = form.every_row(form.loaded_sources(loaded), dt.date.today())[0]
    root = repository_root(folder)
    beside = folder.resolve().parent
    returns = (
        beside / "returns"
        if beside.is_relative_to(root) and beside != folder.resolve()
        else folder / "returns"
    )
    return Collected({one.plan.id: one for one in loaded}, rows, returns, root)


def collect(path: Path, where: Collected, dry_run: bool) -> Receipt:
    """Record what the returned form at `path` says, row by row; say what became of each."""
    from zibo_rectify.workflow.evidence import sha256_of

    sheet = read_sheet(path)
    sha = sha256_of(path)
    copy = where.returns / f"{path.stem}-{sha[:12]}{path.suffix.lower() or '.xlsx'}"
    evidence = copy.resolve().relative_to(where.root.resolve()).as_posix()
    kept_before = copy.exists()
    if not dry_run and not kept_before:
        from zibo_rectify.output import write_file

        where.returns.mkdir(parents=True, exist_ok=True)
        write_file(copy, path.read_bytes(), None)
    outcomes: list[Outcome] = []
    seen: set[tuple[str, str, str]] = set()
    with speaking(sheet.language):
        for number, cells in sheet.rows:
            outcomes.append(_one_row(number, cells, sheet, where, seen, evidence, dry_run))
    refused = [o for o in outcomes if o.result == REFUSED]
    if not dry_run and not kept_before and not any(o.result == RECORDED for o in outcomes):
        copy.unlink()  # nothing rests on it: keep no copy
    sent_back = None
    if refused and not dry_run:
        with speaking(sheet.language):
            sent_back = path.with_name(_("{stem}-sent-back.xlsx").format(stem=path.stem))
            from zibo_rectify.output import write_file

            write_file(sent_back, _sent_back(sheet.unit, path.name, refused), None)
    return Receipt(path, sheet.unit, evidence, sha, outcomes, sent_back)


def _one_row(
    number: int,
    cells: dict[str, Any],
    sheet: Sheet,
    where: Collected,
    seen: set[tuple[str, str, str]],
    evidence_file: str,
    dry_run: bool,
) -> Outcome:
    label = " ".join(filter(None, (_text(cells["number"]), _text(cells["task"]))))
    written = " · ".join(
        t for key in ("value", "done", "progress", "verdict") if key in cells and (t := _text(cells[key]))
    )
    try:
        plan_id, target, part, problem = _which(cells, sheet, where)
        if (plan_id, target.id, part.id if part else "") in seen:
            raise usage_error("row-twice", _("the sheet holds this row twice"), _("keep one of the two rows"))
        seen.add((plan_id, target.id, part.id if part else ""))
        entry, loaded = _record_row(
            cells, sheet, where.plans[plan_id], problem, target, part, evidence_file, dry_run
        )
    except RectifyError as err:
        first = err.diagnostics[0]
        if first.code == "already-recorded":
            return Outcome(number, label, UNCHANGED, _("already recorded"), written=written)
        return Outcome(number, label, REFUSED, first.message, first.fix, written, first.code)
    if entry is None:
        return Outcome(number, label, UNCHANGED, _("nothing filled in"), written=written)
    from zibo_rectify.record import confirmation

    said = confirmation(target, part, entry, loaded.file.log_path)
    return Outcome(number, label, RECORDED, said, written=written)


def _which(
    cells: dict[str, Any], sheet: Sheet, where: Collected
) -> tuple[str, Target, Part | None, Problem | None]:
    """The plan, target and part of a row: by the hidden sheet's ids, else by 序号 and name."""
    key = (_plain(cells["number"].value), _plain(cells["task"].value))
    if sheet.ids is not None and key in sheet.ids:
        candidates = sheet.ids[key]
    else:
        candidates = [
            (row.plan, row.target.id, row.part.id if row.part else "")
            for unit, row in where.rows
            if (row.number, row.task) == key and (sheet.unit is None or unit == sheet.unit)
        ]
        candidates = list(dict.fromkeys(candidates))
    if len(candidates) != 1:
        message = (
            _("no plan has an item {number} named {name}")
            if not candidates
            else _("{number} {name} names more than one item of the plans")
        )
        raise usage_error(
            "unknown-row" if not candidates else "ambiguous-row",
            message.format(number=key[0], name=key[1]),
            _("keep 序号 and the name as the form gave them, or send a new form from rectify form"),
        )
    plan_id, target_id, part_id = candidates[0]
    loaded = where.plans.get(plan_id)
    found = (
        None
        if loaded is None
        else next(((p, t) for p, t in loaded.plan.all_targets() if t.id == target_id), None)
    )
    if found is None:
        raise usage_error(
            "unknown-row",
            _("the plan no longer has the item {id} of this row").format(id=f"{plan_id}/{target_id}"),
            _("send the unit a new form from rectify form"),
        )
    problem, target = found
    part = next((p for p in target.parts if p.id == part_id), None) if part_id else None
    if part_id and part is None:
        raise usage_error(
            "unknown-row",
            _("{target} no longer has the part {part}").format(target=target.id, part=part_id),
            _("send the unit a new form from rectify form"),
        )
    return plan_id, target, part, problem


def _record_row(
    cells: dict[str, Any],
    sheet: Sheet,
    loaded: workspace.LoadedPlan,
    problem: Problem | None,
    target: Target,
    part: Part | None,
    evidence_file: str,
    dry_run: bool,
) -> tuple[Any, workspace.LoadedPlan]:
    """The entry recorded for one row (None when the row says nothing new), through `record`."""
    from zibo_rectify import record

    heading = titles(sheet.language)
    value = _text(cells["value"]) if "value" in cells else None
    done = _text(cells["done"]) if "done" in cells else None
    progress = _text(cells["progress"]) if "progress" in cells else None
    verdict = _text(cells["verdict"]) if "verdict" in cells else None
    period = loaded.plan.period
    years = (period.start.year, period.end.year)
    expected = _day(cells["expected"], heading["expected"], years) if "expected" in cells else None
    if value is None and done is None and progress is None and verdict is None and expected is None:
        return None, loaded
    finished = done is not None and done in {words(DONE_WORDS, lang)[0] for lang in LANGUAGES}
    if done is not None and not finished and done not in _all(DONE_WORDS):
        raise usage_error(
            "bad-choice",
            _("{column} {value!r} is not one of: {choices}").format(
                column=heading["done"], value=done, choices=_("、").join(words(DONE_WORDS, sheet.language))
            ),
            _("choose from the cell's list"),
        )
    if verdict is not None:
        from zibo_rectify.choices import parse_verdict

        try:
            verdict = parse_verdict(verdict)
        except RectifyError:
            raise usage_error(
                "bad-choice",
                _("{column} {value!r} is not one of: {choices}").format(
                    column=heading["verdict"],
                    value=verdict,
                    choices=_("、").join(verdict_words(sheet.language)),
                ),
                _("choose from the cell's list"),
            ) from None
    figure: dict[str, Any] = {}
    if finished:
        figure = record.done_figure(target)
    elif value is not None:
        figure = record.update_figure(target, value)
    day = _day(cells["date"], heading["date"], years) if "date" in cells else None
    if day is None:
        day = sheet.as_of
    if day is None:
        raise usage_error(
            "no-date",
            _("{column} is empty and the form's own day is lost").format(column=heading["date"]),
            _("fill in {column}, e.g. 2022-10-28").format(column=heading["date"]),
        )
    by = _text(cells["by"]) if "by" in cells else None
    refs = [evidence_file] + ([text] if "evidence" in cells and (text := _text(cells["evidence"])) else [])
    ignore: Callable[[str], None] = lambda message: None  # noqa: E731 - a path kept as text is fine here
    found = workspace.FoundTarget(loaded, problem, target)
    request = record.Request(
        None, note=progress, by=by or sheet.unit, evidence=refs, expected=expected, part=part, verdict=verdict
    )
    return record.record(found, figure, request, day, ignore, dry_run=dry_run), loaded


def _all(choices: tuple[str, ...]) -> set[str]:
    return {w for lang in LANGUAGES for w in words(choices, lang)}


def _sent_back(unit: str | None, name: str, refused: list[Outcome]) -> bytes:
    """The sheet sent back to the unit (退回): each refused row, what it said, why and how to fix it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from zibo_rectify.present.text import neutral

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Rows sent back")
    sheet.append(
        [_("{file}: these rows were not recorded; correct them and send the form again").format(file=name)]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Reporting unit"), unit or "—"])
    sheet.append(
        [_("Row"), _("Item"), _("What was written"), _("Why it was refused"), _("How to correct it")]
    )
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for o in refused:
        sheet.append([o.row, neutral(o.label), neutral(o.written), o.message, o.fix or ""])
    for letter, width in zip("ABCDE", (6, 36, 24, 50, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def receipt_lines(receipt: Receipt, dry_run: bool) -> list[str]:
    """The receipt of one file: counts, then a line per row recorded or refused."""
    head = _("{file}: {recorded} recorded, {unchanged} unchanged, {refused} refused").format(
        file=receipt.file,
        recorded=receipt.count(RECORDED),
        unchanged=receipt.count(UNCHANGED),
        refused=receipt.count(REFUSED),
    )
    if dry_run:
        head += _(" (dry run: nothing recorded)")
    lines = [head]
    if receipt.count(RECORDED) and not dry_run:
        lines.append(_("  kept as {path} (SHA-256 {sha})").format(path=receipt.evidence, sha=receipt.sha256))
    for o in receipt.outcomes:
        if o.result == RECORDED:
            lines.append(_("  row {row} {item}: {what}").format(row=o.row, item=o.label, what=o.message))
        elif o.result == REFUSED:
            reason = o.message + (_(" (fix: {fix})").format(fix=o.fix) if o.fix else "")
            lines.append(
                _("  row {row} {item}: refused: {reason}").format(row=o.row, item=o.label, reason=reason)
            )
    if receipt.sent_back is not None:
        lines.append(
            _("  the refused rows are in {path}, to send back to the unit").format(path=receipt.sent_back)
        )
    return lines
