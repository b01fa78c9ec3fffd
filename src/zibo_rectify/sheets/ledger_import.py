"""`rectify import`: a draft format-2 plan from the 台账 an office already keeps.

The header row is found by its words (序号, 问题, 整改措施, 责任单位, 完成时限 …),
title rows above it give the plan's title and 截至 day, merged cells are read as
each cell of the range, figures with units become numeric targets (建设四好农村路
55公里 → 55 公里), 长期坚持 an ongoing item, deadlines as offices write them
(2018年7月底, 6月底前), and progress columns entries of the log (a percent as a
share, words as notes).  What could not be read is listed, and left as 待填写 where
the plan needs a value, so `check` points at each line to fill.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _
from zibo_rectify.model.rules import PLACEHOLDER
from zibo_rectify.sheets.layout import open_workbook

# Each column's role, by the words offices head it with; the longest word found in a title wins.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "问题编号", "项目编号", "序"),
    "problem": (
        "问题",
        "反馈问题",
        "存在问题",
        "问题摘要",
        "问题清单",
        "具体问题",
        "主要问题",
        "问题描述",
        "问题表现",
    ),
    "measure": ("整改措施", "具体措施", "工作措施", "整改举措", "措施"),
    "task": (
        "整改任务",
        "项目内容",
        "项目名称",
        "建设内容",
        "工作任务",
        "具体任务",
        "整改事项",
        "任务",
        "事项",
        "项目",
    ),
    "goal": ("整改目标", "目标任务", "年度目标", "建设目标", "目标"),
    "lead": ("牵头单位", "牵头部门", "牵头科室"),
    "owner": ("责任单位", "责任部门", "责任科室", "主责单位", "承办单位", "责任处室", "落实单位"),
    "supporting": ("配合单位", "协办单位", "配合部门", "参与单位"),
    "person": ("责任人", "具体责任人", "项目责任人", "联系人"),
    "leader": ("分管领导", "责任领导", "牵头领导"),
    "due": (
        "完成时限",
        "完成时间",
        "整改时限",
        "时限",
        "办结时限",
        "整改期限",
        "完成期限",
        "计划完成时间",
        "回复时限",
    ),
    "progress": (
        "整改进展",
        "进展情况",
        "当前进度",
        "推进情况",
        "目前进展",
        "当前进展",
        "工作进展",
        "进展",
        "进度",
    ),
    "state": ("完成情况", "整改情况", "是否完成", "整改结果", "完成状态"),
    "category": ("整改类别", "整改类型", "类别", "分类"),
    "remarks": ("备注",),
}
ITEM_COLUMNS = ("task", "measure", "problem")  # what names an item, in this order of preference

UNITS = {
    "rate": ("%", "％"),
    "amount": ("亿元", "万元", "元"),
    "quantity": (
        "万平方米",
        "平方米",
        "公里",
        "千米",
        "万亩",
        "亩",
        "公顷",
        "万吨",
        "吨",
        "亿立方米",
        "万立方米",
        "立方米",
        "米",
    ),
}
COUNT_UNITS = "家个张所处座条项人户名次辆台套间栋口块场批件宗起"
_UNIT = (
    "|".join(re.escape(u) for units in UNITS.values() for u in units)
    + "|万人次|人次|万人|万户|万口|["
    + COUNT_UNITS
    + "]"
)
_FIGURE = re.compile(
    r"(?P<before>不少于|不低于|不超过|控制在|超过|高于|低于|达到|≥|≤|>|<|=|约|近)?\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>" + _UNIT + r")"
    r"(?P<after>以上|以内|以下|左右)?"
)
_MILESTONE = re.compile(r"(\d{1,2})月(\d{1,2})日前达到(\d[\d,]*(?:\.\d+)?)")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
_AS_OF = re.compile(r"截[至止]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})?\s*日?")
_ONGOING = ("长期坚持", "长期", "持续推进", "常态化", "持续整改")
_QUARTERS = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


class Row(NamedTuple):
    at: int  # the row in the sheet
    cells: dict[str, str]  # role: text


class Ledger(NamedTuple):
    title: str | None
    as_of: dt.date | None
    rows: list[Row]
    unread: list[str]  # columns and rows that map to nothing


def _squeezed(text: str) -> str:
    return re.sub(r"[\s:：]+|（.*?）|\(.*?\)", "", text)


def role_of(title: str) -> str | None:
    """The role of a column by its title: an exact word first, else the longest word it holds."""
    word = _squeezed(title)
    for role, words in HEADER_WORDS.items():
        if word in words:
            return role
    found = [
        (len(w), role) for role, words in HEADER_WORDS.items() for w in words if len(w) > 1 and w in word
    ]
    return max(found)[1] if found else None


def _text(value: Any) -> str:
    """A cell as text: a date as ISO, a whole float without .0, the formula guard's ' taken off."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text[1:] if text.startswith("'") else text


def read_ledger(path: Path, sheet_name: str | None) -> Ledger:
    """The ledger's rows by role, its title and 截至 day, and what could not be read."""
    book = open_workbook(path)
    if sheet_name is not None and sheet_name not in book.sheetnames:
        raise usage_error(
            "unknown-sheet",
            _("{file} has no sheet {sheet!r}").format(file=path, sheet=sheet_name),
            _("its sheets: {names}").format(names=", ".join(book.sheetnames)),
        )
    sheets = [book[sheet_name]] if sheet_name is not None else book.worksheets
    for sheet in sheets:
        grid = _grid(sheet)
        header = _header(grid)
        if header is not None:
            return _ledger(grid, *header)
    raise usage_error(
        "no-header",
        _("{file} has no row headed like a ledger (序号, 问题, 整改措施, 责任单位, 完成时限 …)").format(
            file=path
        ),
        _("name the sheet with --sheet, or add a header row to the ledger"),
    )


def _grid(sheet: Any) -> list[list[str]]:
    """The sheet's text, each cell of a merged range holding the range's value."""
    rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(rows) else ""
        for r in range(merged.min_row, min(merged.max_row, len(rows)) + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if c <= len(rows[r - 1]):
                    rows[r - 1][c - 1] = value
    return rows


def _header(grid: list[list[str]]) -> tuple[int, dict[int, str]] | None:
    """The header row (0-based) and each column's role, from the first rows that hold three roles."""
    for at, row in enumerate(grid[:20]):
        roles: dict[int, str] = {}
        for column, cell in enumerate(row):
            role = role_of(cell) if cell and len(cell) <= 20 else None
            if role is not None and role not in roles.values():
                roles[column] = role
        if len(roles) >= 3 and any(r in roles.values() for r in ITEM_COLUMNS):
            below = grid[at + 1] if at + 1 < len(grid) else []
            under = {c: role_of(t) for c, t in enumerate(below) if t and len(t) <= 20}
            if (
                len([r for r in under.values() if r]) >= 2
            ):  # a second header row: 牵头单位 | 配合单位 under 责任单位
                roles.update({c: r for c, r in under.items() if r is not None})
                return at + 1, roles
            return at, roles
    return None


def _ledger(grid: list[list[str]], header: int, roles: dict[int, str]) -> Ledger:
    above = [cell for row in grid[:header] for cell in row if cell]
    title = next(
        (cell for cell in above if not cell.startswith(("（截至", "(截至", "截至", "填报", "单位"))), None
    )
    if title is not None:
        title = re.sub(r"[（(]截[至止].*?[）)]\s*$", "", title).strip() or None
    as_of = None
    for cell in above:
        found = _AS_OF.search(cell)
        if found:
            year, month, day = int(found[1]), int(found[2]), found[3]
            as_of = dt.date(year, month, int(day) if day else calendar.monthrange(year, month)[1])
            break
    unread = [
        _("column {column} {title!r} is not read").format(column=c + 1, title=t)
        for c, t in enumerate(grid[header])
        if t and c not in roles
    ]
    rows = []
    for at, row in enumerate(grid[header + 1 :], header + 2):
        cells = {role: row[c] for c, role in roles.items() if c < len(row) and row[c]}
        filled = [cell for cell in row if cell]
        if not filled:
            continue
        if len(set(filled)) == 1 and len(filled) > 1 or not any(cells.get(r) for r in ITEM_COLUMNS):
            if len(filled) == 1 and not filled[0].startswith(("注", "说明", "填表", "审核", "制表")):
                cells = {"heading": filled[0]}  # a row across the table: the problem below it
            elif len(set(filled)) == 1:
                cells = {"heading": filled[0]}
            else:
                unread.append(_("row {row} names no item: {text}").format(row=at, text=" ".join(filled)[:60]))
                continue
        rows.append(Row(at, cells))
    return Ledger(title, as_of, rows, unread)


class Figure(NamedTuple):
    value: float
    unit: str
    kind: str
    comparison: str


def figure_in(text: str) -> Figure | None:
    """The first figure with a unit in `text` (建设四好农村路55公里 → 55 公里), its kind and direction."""
    found = _FIGURE.search(text)
    if found is None:
        return None
    value = float(found["number"].replace(",", ""))
    unit = found["unit"].replace("％", "%")
    kind = next((k for k, units in UNITS.items() if unit in units), "count")
    if kind == "count" and not value.is_integer() and not re.match("[十百千万亿]", unit):
        kind = "quantity"
    before, after = found["before"] or "", found["after"] or ""
    if before in ("不超过", "控制在", "≤") or after in ("以内", "以下"):
        comparison = "at_most"
    elif before in ("低于", "<"):
        comparison = "less_than"
    elif before in ("超过", "高于", ">"):
        comparison = "more_than"
    elif before in ("约", "近") or after == "左右":
        comparison = "about"
    elif before == "=":
        comparison = "kept_at" if kind == "rate" else "exactly"
    else:
        comparison = "at_least"
    return Figure(value, unit, kind, comparison)


def deadline(text: str, year: int) -> tuple[dt.date | None, bool, bool]:
    """(due, ongoing, read) from a 完成时限 as offices write it; the last date named counts
    (2022年6月底前完成初步整改，12月底前全面完成 → 12-31); a date without a year takes `year`."""
    ongoing = any(word in text for word in _ONGOING)
    found: list[tuple[int, dt.date]] = []
    patterns = (
        r"(?:(\d{4})\s*[年\-./])?\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*[日号]?",
        r"(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月(?:底|末|份|中旬|上旬|下旬)?",
        r"(\d{4})\s*年\s*(?:底|末|内|年底)",
        r"(?:(\d{4})\s*年)?\s*(上|下)半年",
        r"(?:(\d{4})\s*年)?\s*第?([一二三四1-4])季度",
        r"(年底|年末)",
    )
    taken = text
    for n, pattern in enumerate(patterns):
        for match in re.finditer(pattern, taken):
            day = _date_of(n, match.groups(), year)
            if day is not None:
                found.append((match.start(), day))
        taken = re.sub(pattern, lambda m: " " * len(m.group(0)), taken)
    if not found:
        return None, ongoing, ongoing
    return max(found)[1], ongoing, True


def _date_of(pattern: int, groups: tuple[str | None, ...], year: int) -> dt.date | None:
    try:
        if pattern == 0:
            y, m, d = groups
            return dt.date(int(y) if y else year, int(m or 0), int(d or 0))
        if pattern == 1:
            y, m = groups
            y_, m_ = int(y) if y else year, int(m or 0)
            return dt.date(y_, m_, calendar.monthrange(y_, m_)[1])
        if pattern == 2:
            return dt.date(int(groups[0] or year), 12, 31)
        if pattern == 3:
            y_ = int(groups[0]) if groups[0] else year
            return dt.date(y_, 6, 30) if groups[1] == "上" else dt.date(y_, 12, 31)
        if pattern == 4:
            y_ = int(groups[0]) if groups[0] else year
            month = _QUARTERS[groups[1] or "4"]
            return dt.date(y_, month, calendar.monthrange(y_, month)[1])
        return dt.date(year, 12, 31)
    except (ValueError, KeyError):
        return None


_ROLE_LABELS = {
    "牵头": "lead",
    "责任": "co_lead",
    "共同牵头": "co_lead",
    "配合": "supporting",
    "协办": "supporting",
}
_LABELLED = re.compile(r"[（(](共同牵头|牵头|责任|配合|协办)[：:](.*?)[）)]")
_PERSON_ROLES = {"分管领导": "leader", "主要负责人": "head", "分管负责人": "deputy"}


def owners_in(cells: dict[str, str]) -> list[dict[str, str]]:
    """The owners a row names, each with its role: 牵头单位 lead, 责任单位 beside it co_lead (else
    lead), 配合单位 supporting, 责任人 persons; "牵头：A；配合：B、C" read by its labels."""
    found: list[dict[str, str]] = []
    lead_given = "lead" in cells
    for column, role in (
        ("lead", "lead"),
        ("owner", "co_lead" if lead_given else "lead"),
        ("supporting", "supporting"),
    ):
        text = cells.get(column, "")
        for label, names in _LABELLED.findall(text):  # 养老服务科（配合：市自然资源和规划局、…）
            found += [{"role": _ROLE_LABELS[label], "name": name} for name in _names(names)]
        for segment in re.split(r"[；;\n]", _LABELLED.sub("", text)):
            label, sep, names = segment.partition("：") if "：" in segment else segment.partition(":")
            said = _ROLE_LABELS.get(label.strip()) if sep else None
            for name in _names(names if said else segment):
                found.append({"role": said or role, "name": name})
    for column, default in (("leader", "leader"), ("person", "person")):
        for segment in re.split(r"[；;、，,\n]", cells.get(column, "")):
            words = segment.strip().rsplit(" ", 1)
            if not words[0]:
                continue
            title, name = (words[0], words[1]) if len(words) == 2 else (None, words[0])
            role = next((r for t, r in _PERSON_ROLES.items() if title and t in title), default)
            found.append({"role": role, "name": name, **({"title": title} if title else {})})
    unique = {(o["role"], o["name"]): o for o in found}
    return list(unique.values())


def _names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r"[、，,；;\s]+", text) if n.strip() and n.strip() not in ("—", "-")]


class Draft(NamedTuple):
    yaml: str
    entries: list[dict[str, Any]]  # each: target id and the fields of a log entry
    unread: list[str]
    targets: int
    start: dt.date
    end: dt.date


def draft(ledger: Ledger, plan_id: str, fallback_title: str, today: dt.date) -> Draft:
    """The plan's YAML text and the log entries its progress columns give."""
    year = _year(ledger, today)
    unread = list(ledger.unread)
    problems: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    dues: list[dt.date] = []
    heading: str | None = None
    targets = 0
    for row in ledger.rows:
        if "heading" in row.cells:
            heading = row.cells["heading"]
            continue
        cells = row.cells
        name = next(cells[r] for r in ITEM_COLUMNS if cells.get(r))
        problem_title = cells.get("problem") if cells.get("problem") and cells["problem"] != name else heading
        if not problems or problems[-1]["title"] != (problem_title or name) or problem_title is None:
            problems.append({"title": problem_title or name, "measures": [], "targets": []})
        problem = problems[-1]
        targets += 1
        target: dict[str, Any] = {
            "id": _target_id(cells.get("number"), targets),
            "name": " ".join(name.split()),
        }
        if cells.get("number"):
            target["number"] = cells["number"]
        goal_text = cells.get("goal") or name
        found = figure_in(goal_text)
        if found is not None and not (
            cells.get("goal") is None and found.kind == "rate" and "率" not in name
        ):
            target.update(kind=found.kind, unit=found.unit, goal=_number(found.value))
            if found.comparison != "at_least":
                target["comparison"] = found.comparison
        else:
            target["kind"] = "task"
        if cells.get("category"):
            target["category"] = cells["category"]
        due_text = cells.get("due", "")
        due, ongoing, read = deadline(due_text, year) if due_text else (None, False, False)
        if ongoing:
            target["ongoing"] = True
        if due is not None:
            target["due"] = due
            dues.append(due)
        elif not ongoing:
            target["due"] = PLACEHOLDER
            unread.append(
                _("row {row}: the deadline {text!r} is not read; fill in due").format(
                    row=row.at, text=due_text
                )
                if due_text
                else _("row {row}: no deadline; fill in due").format(row=row.at)
            )
        if due is not None and target.get("goal") is not None:
            marks = [
                {"by": dt.date(due.year, int(m), int(d)), "value": _number(float(v.replace(",", "")))}
                for m, d, v in _MILESTONE.findall(goal_text)
            ]
            if marks:
                target["milestones"] = marks
        if cells.get("measure") and cells.get("measure") != name:
            texts = [m["text"] for m in problem["measures"]]
            if cells["measure"] not in texts:
                problem["measures"].append({"number": len(texts) + 1, "text": cells["measure"]})
            target["measure"] = [m["text"] for m in problem["measures"]].index(cells["measure"]) + 1
        owners = owners_in(cells)
        if owners:
            target["owners"] = owners
        else:
            target["owners"] = [{"role": "lead", "name": PLACEHOLDER}]
            unread.append(_("row {row}: no unit named; fill in its owners").format(row=row.at))
        if cells.get("remarks"):
            unread.append(
                _("row {row}: 备注 {text!r} is kept nowhere").format(row=row.at, text=cells["remarks"])
            )
        entries += _progress(target, cells)
        problem["targets"].append(target)
    years = [d.year for d in dues] + [year] + ([ledger.as_of.year] if ledger.as_of else [])
    start = dt.date(min(years), 1, 1)
    end = max([*dues, dt.date(max(years), 12, 31)])
    day = ledger.as_of or min(today, end)
    if ledger.as_of is None and entries:
        unread.append(
            _(
                "the ledger names no 截至 day: its progress is recorded as of {date}; correct it if wrong"
            ).format(date=day)
        )
    title = ledger.title or fallback_title
    text = _yaml(plan_id, title, ledger.as_of, start, end, problems)
    dated = [{**e, "date": min(max(day, start), end)} for e in entries]
    return Draft(text, dated, unread, targets, start, end)


def _year(ledger: Ledger, today: dt.date) -> int:
    """The year a date written without one takes: the 截至 day's, else the one the ledger names most."""
    if ledger.as_of is not None:
        return ledger.as_of.year
    years = [
        int(y) for row in ledger.rows for y in re.findall(r"(20\d\d)\s*[年\-./]", row.cells.get("due", ""))
    ]
    return max(set(years), key=years.count) if years else today.year


def _target_id(number: str | None, index: int) -> str:
    slug = "-".join(re.findall(r"[0-9a-z]+", (number or "").lower()))
    return f"item-{slug}" if slug else f"item-{index}"


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


_DONE = re.compile(r"(已完成|完成|已整改|已整改到位|已办结|办结|是)")
_NOTHING = re.compile(
    r"(未报送进展|暂无数据|暂无进展|暂无|无|未完成|—|-|/)"
)  # words that say nothing happened


def _progress(target: dict[str, Any], cells: dict[str, str]) -> list[dict[str, Any]]:
    """The log entries a row's progress and completion columns give: done, a share, a figure, words;
    the plan decides later which it takes (a share on a count only where it allows one)."""
    found: list[dict[str, Any]] = []
    for column in ("state", "progress"):
        words = cells.get(column)
        if not words:
            continue
        if _NOTHING.fullmatch(words.strip()) or column == "state" and not _DONE.fullmatch(words.strip()):
            continue  # 完成情况 says done or not; what else it says is the ledger's own judgment
        if _DONE.fullmatch(words.strip()):
            if target["kind"] == "task" and not any(e.get("done") for e in found):
                found.append({"target": target["id"], "done": True, "note": words})
            continue
        share = _PERCENT.search(words)
        counted = re.match(r"\s*(\d[\d,]*(?:\.\d+)?)\s*/", words)
        entry: dict[str, Any] = {"target": target["id"], "note": words}
        if share and float(share[1]) <= 100:
            entry["value" if target["kind"] == "rate" else "percent"] = _number(float(share[1]))
        elif counted and target["kind"] != "task":
            entry["value"] = _number(float(counted[1].replace(",", "")))
        found.append(entry)
    return found


def _yaml(
    plan_id: str,
    title: str,
    as_of: dt.date | None,
    start: dt.date,
    end: dt.date,
    problems: list[dict[str, Any]],
) -> str:
    """The plan as YAML, each value written as JSON writes it (valid YAML, any text safe)."""
    lines = [
        "# A draft made by rectify import from a ledger: check every item against the document,",
        f"# fill in each {PLACEHOLDER} (rectify check lists them, at their lines), then delete this note.",
        "schema_version: 2",
        f"id: {plan_id}",
        f"title: {_v(title)}",
    ]
    if as_of is not None:
        lines.append(f"document: {{as_of: {as_of}}}")
    lines += [f"period: {{start: {start}, end: {end}}}", "problems:"]
    for n, problem in enumerate(problems, 1):
        lines += [f"  - id: problem-{n}", f"    title: {_v(problem['title'])}"]
        if problem["measures"]:
            lines.append("    measures:")
            lines += [f"      - {_flow(m)}" for m in problem["measures"]]
        lines.append("    targets:")
        for target in problem["targets"]:
            first = True
            for key, value in target.items():
                lines.append(f"      {'- ' if first else '  '}{key}: {_v(value)}")
                first = False
    return "\n".join(lines) + "\n"


def _v(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return (
            "[" + ", ".join(_v(v) for v in value) + "]"
            if all(not isinstance(v, dict) for v in value)
            else ("[" + ", ".join(_flow(v) for v in value) + "]")
        )
    if isinstance(value, dict):
        return _flow(value)
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_v(v)}" for k, v in mapping.items()) + "}"


def log_lines(entries: Iterable[dict[str, Any]]) -> list[str]:
    """The log's lines for the entries, each checked as any entry is."""
    from zibo_rectify.log import ProgressEntry, entry_line, stamp

    now = stamp()
    return [entry_line(ProgressEntry(recorded=now, by=None, **e)) for e in entries]
