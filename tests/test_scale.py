"""Many plans and long logs: what is held in memory, and how a long log is laid out.

No test here times anything: they count what is built and kept.
"""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from zibo_rectify import jsonview, loglines
from zibo_rectify.log import ProgressEntry, entry_line
from zibo_rectify.render.log import log_table, print_log
from zibo_rectify.render.table import print_status
from zibo_rectify.safetext import json_dumps

TZ = dt.timezone(dt.timedelta(hours=8))


def entries(count: int) -> list[tuple[str, ProgressEntry, int, str]]:
    rows = []
    for n in range(count):
        day = dt.date(2022, 5, 1) + dt.timedelta(days=n % 200)
        entry = ProgressEntry(
            date=day,
            target=("canteens", "beds", "low-income-rules")[n % 3],
            value=None if n % 3 == 2 else 10 + n,
            done=True if n % 3 == 2 else None,
            by=("养老服务科", "社会救助科", "办公室")[n % 3],
            note=f"第{n}次报送" if n % 2 else None,
            evidence=f"淄民发〔2022〕{n % 97}号" if n % 5 == 0 else None,
            recorded=dt.datetime.combine(day, dt.time(9), TZ) + dt.timedelta(seconds=n),
        )
        rows.append(("zibo-minzheng-2022", entry, n + 2, "superseded" if n % 7 == 0 else ""))
    return rows


def printed(width: int, draw: Any) -> str:
    out = Console(width=width, highlight=False, soft_wrap=False, emoji=False)
    with out.capture() as captured:
        draw(out)
    return "".join(line.rstrip() + "\n" for line in captured.get().splitlines())


def test_a_long_log_is_plain_lines_with_the_tables_columns_and_text() -> None:
    rows = entries(loglines.PLAIN_ROWS + 50)
    plain = printed(200, lambda out: print_log(out, rows, show_plan=True))
    table = printed(200, lambda out: out.print(log_table(rows, True, 200)))
    assert plain == table  # where every cell fits, the lines are the table's, character for character


@pytest.fixture
def rows_built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A 1 for each row added to a rich Table from now on."""
    built: list[int] = []
    original = Table.add_row

    def counted(self: Any, *cells: Any, **options: Any) -> None:
        built.append(1)
        original(self, *cells, **options)

    monkeypatch.setattr(Table, "add_row", counted)
    return built


def test_a_long_log_builds_no_rich_table(rows_built: list[int]) -> None:
    built = rows_built
    printed(160, lambda out: print_log(out, entries(loglines.PLAIN_ROWS + 1), show_plan=False))
    assert built == []
    printed(160, lambda out: print_log(out, entries(loglines.PLAIN_ROWS), show_plan=False))
    assert len(built) == loglines.PLAIN_ROWS  # a short log is still the table


@pytest.mark.parametrize("width", [60, 72, 80, 100, 140])
def test_a_long_log_fits_the_screen_and_keeps_dates_whole(width: int) -> None:
    rows = entries(loglines.PLAIN_ROWS + 10)
    text = printed(width, lambda out: print_log(out, rows, show_plan=False))
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert all(line == line.rstrip() for line in lines)
    dates = [line.split()[1] for line in lines[3:] if line[:2].strip().isdigit()]
    assert len(dates) == len(rows)
    assert dates == [str(e.date) for __, e, __, __ in rows]


def test_a_wrapped_cell_keeps_all_its_text() -> None:
    header, rows = ["Line", "Note"], [["2", "第一行很长的备注" * 6], ["3", "short"]]
    text = loglines.lines(header, rows, [True, False], 30)
    assert max(cell_len(line) for line in text.splitlines()) <= 30
    assert (
        "".join(line[8:] for line in text.splitlines()[3:-1] if line)
        .replace(" ", "")
        .startswith("第一行很长的备注" * 6)
    )


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_printed_a_value_at_a_time_is_the_json_of_the_list(count: int) -> None:
    values = [
        {"plan": f"p{n}", "title": "长者食堂\u202e\x1b[2J", "targets": [{"id": "a", "v": [1, 2.5]}], "x": {}}
        for n in range(count)
    ]
    for single in (False, True) if count == 1 else (False,):
        printed: list[str] = []
        writer = jsonview.JsonWriter(single, printed.append)
        for value in values:
            writer.add(value)
            assert len(printed) == writer.count  # printed at once, not held
        writer.close()
        assert b"".join(printed).decode("utf-8") == jsonview.dumps(values[0] if single else values) + "\n"


def test_json_escapes_line_by_line_as_it_did_character_by_character() -> None:
    data = {"a": "ok\u2028\u202e\x7f", "b": ["\U000f0000", "换\n行 😀"], "c": "plain"}
    text = json_dumps(data, indent=2)
    assert json.loads(text) == data
    assert "\\u2028" in text and "\\u202e" in text and "\\u007f" in text and "\\udb80\\udc00" in text
    assert "换\\n行 😀" in text
    assert json_dumps(data, yaml_too=True).count("\U000f0000") == 1


def many_plans(folder: Path, plans: int, per_plan: int) -> None:
    folder.mkdir()
    for n in range(plans):
        plan_id = f"plan-{n:02d}"
        (folder / f"{plan_id}.yaml").write_text(
            f"schema_version: 1\nid: {plan_id}\ntitle: 第{n}号方案\nissuer: 某局\n"
            "period: {start: 2023-01-01, end: 2024-12-31}\n"
            "owners:\n  - {role: lead, name: 综合科}\n"
            "problems:\n  - id: problem-1\n    title: 问题\n    targets:\n"
            + "".join(
                f"      - {{id: t{t}, name: 指标{t}, kind: count, unit: 家, goal: 300}}\n" for t in range(4)
            ),
            encoding="utf-8",
        )
        with (folder / f"{plan_id}.progress.yaml").open("w", encoding="utf-8") as log:
            for i in range(per_plan):
                day = dt.date(2023, 1, 1) + dt.timedelta(days=i % 600)
                entry = ProgressEntry(
                    date=day,
                    target=f"t{i % 4}",
                    value=i // 4,
                    by="综合科",
                    note=f"第{i}次报送，按月调度",
                    recorded=dt.datetime.combine(day, dt.time(9), TZ) + dt.timedelta(seconds=i),
                )
                log.write(entry_line(entry) + "\n")


def peak_of(cli: Any, folder: Path, *args: str) -> int:
    tracemalloc.start()
    try:
        done = cli("--plans", str(folder), *args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert done.code == 0, done.err


@pytest.mark.parametrize("command", [("status", "--json", "--as-of", "2024-01-01"), ("report",)])
def test_many_plans_hold_one_log_at_a_time(cli: Any, tmp_path: Path, command: tuple[str, ...]) -> None:
    per_plan = 1500
    many_plans(tmp_path / "two", 2, per_plan)
    many_plans(tmp_path / "twelve", 12, per_plan)
    args = (*command, "--as-of", "2024-01-01") if command == ("report",) else command
    for folder in ("two", "twelve"):  # the first run of each fills the plan cache
        peak_of(cli, tmp_path / folder, *args)
    two = peak_of(cli, tmp_path / "two", *args)
    twelve = peak_of(cli, tmp_path / "twelve", *args)
    # Holding every plan's log (or every plan's dicts) until the end costs 350-550 KB a plan
    # here; keeping only each plan's output about 25 KB.
    assert (twelve - two) / 10 < 150_000


def test_a_report_that_shows_no_history_keeps_no_figures_for_charts(tmp_path: Path) -> None:
    from zibo_rectify.present.build import build_report
    from zibo_rectify.report import make

    many_plans(tmp_path / "two", 2, 200)
    for history in (True, False):  # md, csv and docx show no history; html and xlsx do
        sources = make.chosen_plans(tmp_path / "two", [], lambda left_out: None)
        report = build_report(make.inputs(sources, None, "en"), dt.date(2024, 1, 1), "en", history=history)
        rows = [t for plan in report.plans for t in plan.targets]
        kept = sum(len(t.points) + len(t.judged.series if t.judged else ()) for t in rows)
        if history:
            assert kept > 0  # the charts' figures: the test would pass on an empty log
        else:
            assert kept == 0 and all(t.judged is None for t in rows)  # a thousand plans: 900 MB of them


def test_a_report_lets_go_of_each_plan_once_it_has_given_it(tmp_path: Path) -> None:
    """A thousand plans held to the end of a report were 140 MB of its peak."""
    from zibo_rectify.report import make

    many_plans(tmp_path / "three", 3, 10)
    sources = make.chosen_plans(tmp_path / "three", [], lambda left_out: None)
    given = [(source.plan.id, len(sources)) for source in make.inputs(sources, None, "en")]
    assert given == [("plan-00", 2), ("plan-01", 1), ("plan-02", 0)]


def test_what_a_command_keeps_is_kept_from_the_collector_until_it_ends(cli: Any, tmp_path: Path) -> None:
    """Plans and report rows are frozen out of the collector's walks while a command runs (over
    1,000 plans its walks were a third of `status --json`), and given back to it when the
    command ends: a process that goes on (this test run) must not keep what it drops."""
    import gc

    from zibo_rectify import plans, workspace
    from zibo_rectify.keeping import kept_to_the_end

    many_plans(tmp_path / "three", 3, 10)
    (tmp_path / "three" / "plan-01.yaml").write_text("id: plan-01\n", encoding="utf-8")  # left out
    with kept_to_the_end():
        loaded, left_out = workspace.load_each(plans.plan_files(tmp_path / "three"))
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    assert [one.plan.id for one in loaded] == ["plan-00", "plan-02"]
    assert [d.code for d in left_out][-1] == "plan-left-out"
    workspace.load_each(plans.plan_files(tmp_path / "three"))  # outside a command, nothing is frozen
    assert gc.get_freeze_count() == 0
    for command in (("status", "--json"), ("report", "--format", "md"), ("status", "--owner", "nobody")):
        cli("--plans", str(tmp_path / "three"), *command)
        assert gc.get_freeze_count() == 0, command


def shipped_statuses(copies: int) -> list[Any]:
    """The shipped plan judged with canteens behind its path, `copies` times: a folder's worth of rows."""
    from conftest import SHIPPED
    from zibo_rectify.model import load_plan
    from zibo_rectify.plans import plan_files
    from zibo_rectify.status import status_as_of

    plan = load_plan(plan_files(SHIPPED)[0], use_cache=False)
    recorded = dt.datetime(2022, 7, 20, 9, tzinfo=TZ)
    entry = ProgressEntry(
        date=recorded.date(), target="canteens", value=95, note="第3次报送", recorded=recorded
    )
    return [status_as_of(plan, [entry], dt.date(2022, 8, 1))] * copies


@pytest.mark.parametrize("width", [60, 80, 120, 200])
@pytest.mark.parametrize("ids", [False, True])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_long_status_listing_is_the_tables_text_line_for_line(width: int, ids: bool, lang: str) -> None:
    from zibo_rectify import i18n

    i18n.use(lang)
    try:
        rows = len(shipped_statuses(1)[0].targets)
        many = shipped_statuses(loglines.PLAIN_ROWS // rows + 1)
        plain = printed(width, lambda out: print_status(out, many, ids))
        one = printed(width, lambda out: print_status(out, many[:1], ids))  # rich's tables
    finally:
        i18n.use("en")
    assert plain.count("zibo-minzheng-2022  ·  ") == len(many)
    first = plain[: plain.index("\n\n市民政局", 10) + 1]
    assert first == one  # names wrapped, notes under the table or beside it: as rich lays them out


def test_a_long_status_listing_builds_no_rich_table(rows_built: list[int]) -> None:
    built = rows_built
    rows = len(shipped_statuses(1)[0].targets)
    printed(160, lambda out: print_status(out, shipped_statuses(loglines.PLAIN_ROWS // rows + 1)))
    assert built == []
    printed(160, lambda out: print_status(out, shipped_statuses(loglines.PLAIN_ROWS // rows)))
    assert len(built) == rows * (loglines.PLAIN_ROWS // rows)  # a short listing is still the tables


def name_column(text: str) -> str:
    """Everything printed in the tables' first column (the names), joined without spaces."""
    names, start = [], 0
    for line in text.splitlines():
        if line.startswith(" Target "):
            start = line.index("Progress") if "Progress" in line else line.index("Value")
        elif not line.strip() or not line.startswith(" ") or line.lstrip().startswith("─"):
            start = 0 if not line.strip() else start
        elif start:
            piece = ""
            for char in line:
                if cell_len(piece + char) > start:
                    break
                piece += char
            names.append(piece.replace(" ", ""))
    return "".join(names)


@pytest.mark.parametrize("width", [60, 72, 80, 100, 140])
def test_a_long_status_listing_fits_the_screen_and_keeps_names_and_states(width: int) -> None:
    many = shipped_statuses(loglines.PLAIN_ROWS // 21 + 1)
    text = printed(width, lambda out: print_status(out, many))
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert all(line == line.rstrip() for line in lines)
    names = "".join(t.target.name.replace(" ", "") for t in many[0].targets)
    assert name_column(text) == names * len(many)  # every name whole, in plan order, in every plan
    squeezed = text.replace(" ", "").replace("\n", "")
    assert squeezed.count("behind") + squeezed.count("overdue") >= len(many)
    assert squeezed.count("✗120家by07-31:had95家") == len(many)  # the missed milestone, wrapped or not


@pytest.mark.parametrize("width", [20, 33, 60, 72])
def test_running_text_in_a_long_listing_breaks_where_a_short_listing_breaks_it(width: int) -> None:
    """Plain lines (a long listing) and rich's (a short one) break a line in the same places: after a
    space as rich does, and by the rules of Chinese line breaking (never before ，or 、)."""
    from rich.text import Text

    from zibo_rectify.render.cells import print_lines

    for text in (
        "21 targets: 2 not started, 9 on track, 1 behind, 7 overdue, 2 not met · completion 0.0%",
        "  2022-08-31  对前期工作进行阶段性总结,查漏补缺,加快进度 (midterm-summary)  deadline",
        "averyveryverylongwordthatcannotfitinthelineatall and more",
    ):
        plain = printed(width, lambda out, text=text: print_lines(out, [Text(text)], plain=True))
        assert plain == printed(width, lambda out, text=text: print_lines(out, [Text(text)], plain=False))
        assert plain == loglines.wrap(text, width)
        assert not [line for line in plain.splitlines() if line[:1] in "，,、。"]


def test_the_overview_of_many_plans_is_plain_lines_with_the_tables_text(rows_built: list[int]) -> None:
    from zibo_rectify.render.overview import print_overview

    judged = shipped_statuses(1)[0]
    plans = [judged._replace(plan=judged.plan.model_copy(update={"id": f"p{n:03d}"})) for n in range(201)]
    plain = printed(160, lambda out: print_overview(out, plans))
    assert len(rows_built) == 2  # the two lead units are a table; the 201 plans are lines
    table = printed(160, lambda out: print_overview(out, plans[:200]))
    assert plain.splitlines()[:203] == table.splitlines()[:203]  # title, blank, header, rule, 200 rows
    assert plain.count("zibo") == 0 and plain.count(" p200 ") == 1


@pytest.mark.parametrize("width", [-3, 0, 1, 2, 5])
def test_a_screen_too_narrow_for_a_character_still_ends_and_keeps_every_character(width: int) -> None:
    text = "第1次报送 新建长者食堂30家 averyveryverylongword"
    lines = loglines.wrap(text, width).splitlines()
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(cell_len(line) <= max(width, 2) for line in lines)


def test_a_long_log_with_long_ids_on_a_narrow_screen_gives_its_columns_room_for_a_character() -> None:
    header = ["Line", "Date", "Target", "Value", "Note"]
    rows = [[str(n), "2022-05-01", "temporary-assistance-notice", "done", "第1次报送"] for n in range(3)]
    text = loglines.lines(header, rows, [True, True, True, False, False], 60)
    lines = text.splitlines()
    body = [line for line in lines[lines.index(" " + "─" * 57) + 1 :] if line]
    assert "".join(line[55:] for line in body).replace(" ", "") == "第1次报送" * 3
    assert max(cell_len(line) for line in body) <= 60


@given(
    st.lists(
        st.lists(st.text(alphabet="ab 第次\n", max_size=12), min_size=3, max_size=3), min_size=1, max_size=6
    ),
    st.integers(min_value=8, max_value=40),
)
def test_lines_laid_out_column_by_column_are_the_rows_laid_out_one_by_one(
    rows: list[list[str]], width: int
) -> None:
    header, fixed, right = ["Line", "Value", "Note"], [True, False, False], [True, False, False]
    text = loglines.lines(header, rows, fixed, width, right=right)
    table = [header, *rows]
    lengths = [[loglines._width(c) for c in row] for row in table]
    sizes = loglines.widths(lengths, fixed, width - 2)
    one_by_one = [loglines._line(row, n, sizes, right) for row, n in zip(table, lengths, strict=True)]
    rule = " " + "─" * (sum(sizes) + len(loglines.GAP) * 2)
    assert text == "\n".join(["", one_by_one[0], rule, *one_by_one[1:], ""]) + "\n"


def long_id_entries(count: int) -> list[tuple[str, ProgressEntry, int, str]]:
    """Entries of a target whose id leaves a narrow screen little room beside it."""
    return [(p, replace(e, target="temporary-assistance-notice"), n, m) for p, e, n, m in entries(count)]


@pytest.mark.parametrize("width", [60, 72, 80])
def test_on_a_narrow_screen_the_log_puts_value_and_note_under_the_target_in_both_layouts(width: int) -> None:
    rows = long_id_entries(loglines.PLAIN_ROWS + 10)
    plain = printed(width, lambda out: print_log(out, rows, show_plan=False))
    table = printed(width, lambda out: out.print(log_table(rows, False, width)))
    assert plain == table  # the long log's lines are the short log's table, line for line
    lines = plain.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert lines[1].split()[:3] == ["Line", "Date", "Target"]
    assert sum("temporary-assistance-notice" in line for line in lines) == len(rows)  # ids whole
    notes = [e.note for __, e, __, __ in rows if e.note]
    squeezed = plain.replace(" ", "")
    assert all(note in squeezed for note in notes)
    assert "第3次报送" in plain  # a note on one line, not a character a line
