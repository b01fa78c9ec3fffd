"""A damaged or hostile log: each bad line is reported at its number; it costs only itself."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PLAN_ID
from zibo_rectify import yamlio
from zibo_rectify.errors import RectifyError
from zibo_rectify.log import ProgressEntry, entry_line
from zibo_rectify.log import read as log_read

STAMP = '"recorded": "2022-08-01T09:00:00+08:00"'
JULY = f'- {{"date": "2022-07-31", "target": "canteens", "value": 95, {STAMP}}}'
AUGUST = f'- {{"date": "2022-08-15", "target": "canteens", "value": 130, {STAMP}}}'


def write_log(plans_dir, text: str) -> None:
    (plans_dir / f"{PLAN_ID}.progress.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "column", "code", "says"),
    [
        (
            f'- {{"date": "2022-07-31", "target": "canteens", "value": 5, "value": 500, {STAMP}}}',
            60,
            "duplicate-key",
            "the key 'value' appears twice on line 2",
        ),
        (  # a key given twice with a space before its colon
            f'- {{"date": "2022-07-31", "target": "canteens", "value": 5, "value" : 500, {STAMP}}}',
            60,
            "duplicate-key",
            "the key 'value' appears twice on line 2",
        ),
        (  # a key given twice on a line whose text holds a quote and a colon, as a key ends
            f'- {{"date": "2022-07-31", "target": "canteens", "value": 5, "note": "称\\": 好", "value": 500,'
            f" {STAMP}}}",
            78,
            "duplicate-key",
            "the key 'value' appears twice on line 2",
        ),
        (
            f'- {{"date": "2022-07-31", "target": "canteens", "value": 5,'
            f' "evidence_refs": [{{"ref": "a", "ref": "b"}}], {STAMP}}}',
            91,
            "duplicate-key",
            "the key 'ref' appears twice on line 2",
        ),
        (
            f'- {{"date": "2022-02-30", "target": "canteens", "value": 5, {STAMP}}}',
            1,
            "bad-value",
            "date: '2022-02-30' is not a real date",
        ),
        (
            "- {date: 2022-02-30, target: canteens, value: 5, recorded: 2022-08-01T09:00:00+08:00}",
            10,
            "bad-date",
            "2022-02-30 is not a real date",
        ),
        (
            "- !!python/object/apply:os.system ['echo owned']",
            3,
            "tag",
            "the tag !!python/object/apply:os.system",
        ),
        (
            "- {date: 2022-07-31, target: canteens, value: 5, note: &a [x, x], by: *a, recorded: 2022-08-01}",
            56,
            "alias",
            "anchors and aliases",
        ),
        (f'- {{"date": "2022-07-31", "target": "canteens", "value": NaN, {STAMP}}}', 1, "bad-value", "NaN"),
        (
            '- {"date": "2022-07-31", "target": "canteens", "value": 5, "recorded": "2022-08-01T09:00:00"}',
            1,
            "bad-value",
            "recorded: the time needs its UTC offset, like 2022-07-28T16:02:11+08:00",
        ),
        (
            f'- {{"date": "2022-07-31", "target": "canteens", "value": 5, "note": "\\udcff", {STAMP}}}',
            1,
            "bad-value",
            "note: holds \\udcff, which is not a character",
        ),
        (
            f'- {{"date": "2022-07-31", "target": "canteens", "note": {"[" * 3000}{"]" * 3000}, {STAMP}}}',
            1054,
            "too-deep",
            "nested too deeply",
        ),
        ("this line is not an entry", 1, "not-an-entry", "this line is not a log entry"),
        (
            JULY.replace("}", ', "by": "\x9b31m科室"}'),
            109,
            "control-character",
            "U+009B, a control character",
        ),
        (
            JULY.replace("}", ', "by": "\ufeff科室"}'),
            109,
            "stray-bom",
            "a byte order mark (U+FEFF) past its start",
        ),
        ("  - {date: 2022-07-31, date: 2022-08-01}", 24, "duplicate-key", "the key 'date' appears twice"),
        ("- 95", 1, "bad-value", "expected a mapping (key: value, …), not a number"),
    ],
)
def test_a_bad_line_is_reported_at_its_number_and_costs_only_itself(cli, plans_dir, line, column, code, says):
    write_log(plans_dir, f"{JULY}\n{line}\n{AUGUST}\n")

    result = cli("check", "--format", "json")

    assert result.code == 1
    [found] = json.loads(result.out)
    assert (found["line"], found["column"], found["code"]) == (2, column, code)
    assert says in found["message"]
    status = cli("log", "--json")
    assert status.code == 0
    assert [e["line"] for e in json.loads(status.out)] == [1, 3]
    assert "1 log line with problems" in status.err


def test_a_torn_last_line_is_flagged_and_status_goes_on(cli, plans_dir):
    write_log(plans_dir, f"# log\n{JULY}\n{AUGUST[:40]}")

    checked = cli("check")
    assert checked.code == 1
    assert f"{PLAN_ID}.progress.yaml:3:1: error: the last line is cut off" in checked.out

    status = cli("status", "--as-of", "2022-09-01", "--json")
    assert status.code == 0
    assert next(t for t in json.loads(status.out)["targets"] if t["id"] == "canteens")["value"] == 95
    assert ":3:1: warning: the last line is cut off" in status.err


def test_an_update_after_a_torn_line_starts_a_line_of_its_own(cli, plans_dir):
    write_log(plans_dir, f"{JULY}\n{AUGUST[:40]}")
    assert cli("update", "canteens", "140", "--date", "2022-08-20").code == 0
    lines = (plans_dir / f"{PLAN_ID}.progress.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == [JULY, AUGUST[:40]]
    assert [e["value"] for e in json.loads(cli("log", "--json").out)] == [95, 140]


def test_a_merge_conflict_in_a_log_keeps_both_sides_readable(cli, plans_dir):
    write_log(plans_dir, f"<<<<<<< HEAD\n{JULY}\n=======\n{AUGUST}\n>>>>>>> office-b\n")

    checked = cli("check", "--format", "json")
    assert checked.code == 1
    assert [(d["line"], d["code"]) for d in json.loads(checked.out)] == [
        (1, "conflict-marker"),
        (3, "conflict-marker"),
        (5, "conflict-marker"),
    ]
    logged = cli("log", "--json")
    assert logged.code == 0
    assert [e["value"] for e in json.loads(logged.out)] == [95, 130]
    assert "3 log lines with problems" in logged.err


def test_a_log_that_cannot_be_read_at_all_stops_status_with_exit_2(cli, plans_dir):
    write_log(plans_dir, "date: 2022-07-31\ntarget: canteens\n")
    result = cli("status")
    assert result.code == 2
    assert "error: a progress log is a list of entries, one per line" in result.err


def test_entries_that_differ_only_in_their_note_are_not_duplicates(cli, plans_dir):
    first, second = (JULY.replace("}", f', "note": "{note}"}}') for note in "ab")
    write_log(plans_dir, f"{first}\n{second}\n{first}\n")
    found = json.loads(cli("check", "--format", "json").out)
    assert [(d["line"], d["code"], d["message"]) for d in found] == [
        (3, "duplicate-entry", "this entry repeats line 1")
    ]


def test_status_warns_about_and_leaves_out_entries_that_do_not_fit_the_plan(cli, plans_dir):
    rate = f'- {{"date": "2022-07-31", "target": "care-rate", "value": 61, {STAMP}}}'
    write_log(plans_dir, f"{rate}\n{rate.replace('61', '130')}\n{JULY.replace('canteens', 'canteenz')}\n")

    result = cli("status", "--as-of", "2022-08-01", "--json")

    assert result.code == 0
    care = next(t for t in json.loads(result.out)["targets"] if t["id"] == "care-rate")
    assert care["value"] == 61
    assert ":2:1: warning: care-rate is a percentage: 130 is over 100" in result.err
    assert ":3:1: warning: the plan has no target 'canteenz'" in result.err
    assert "2 log lines with problems" in result.err


def test_an_unknown_key_that_looks_like_a_type_name_is_reported(cli, plans_dir):
    write_log(
        plans_dir,
        f'- {{"date": "2022-07-31", "target": "canteens", "value": 5, "[evidence": null, {STAMP}}}\n',
    )
    result = cli("check", "--format", "json")
    assert result.code == 1
    [found] = json.loads(result.out)
    assert (found["line"], found["code"], found["message"]) == (
        1,
        "unknown-field",
        "unknown field '[evidence'",
    )


# Reading lines: the tool's own, a person's edits, and damage.  `read` is the one reader.

CST = dt.timezone(dt.timedelta(hours=8))
HEADER = "# Progress log (整改进度记录)."


def read(raw: bytes) -> log_read.Log:
    return log_read.parse_log(raw, Path("log.progress.yaml"))


def read_in_arrays_of(size: int, raw: bytes, monkeypatch: pytest.MonkeyPatch) -> Any:
    """What a log reads as when read (and checked) `size` lines at a time: entries, lines, problems."""
    with monkeypatch.context() as patched:
        patched.setattr(log_read, "ROWS_AT_ONCE", size)
        try:
            log = read(raw)
        except RectifyError as err:
            return err.diagnostics
        return (log.entries, log.lines, log.problems)


def by_yaml(text: str) -> list[ProgressEntry]:
    """The entries a YAML reader finds in a log of tool lines, read as one document."""
    doc = yamlio.parse(text, "log", max_nodes=100_000, allow_aliases=False)
    return [ProgressEntry(**row) for row in doc.data or []]


def entry(**fields: object) -> ProgressEntry:
    base: dict[str, object] = {
        "date": dt.date(2022, 7, 28),
        "target": "canteens",
        "recorded": dt.datetime(2022, 7, 28, 16, 2, 11, tzinfo=CST),
    }
    return ProgressEntry(**(base | fields))


TOOL_WRITES = [
    entry(value=120, by="养老服务科", note="第二批验收"),
    entry(value=61.5),
    entry(value=3.0e-7, note="a tiny rate"),
    entry(value=1.5e11, note="a huge amount"),
    entry(value=5e-324),
    entry(value=0, correction=True, note="重复计数"),
    entry(value=10**12),
    entry(target="low-income-rules", done=True, evidence="淄民发〔2022〕12号"),
    entry(value=1, note='quotes " and \\ backslashes, a colon: and # hash, {braces} [brackets]'),
    entry(value=1, note='a quote then a colon, as a key ends: 他说": 好', evidence='{"id": 1}'),
    entry(
        value=1,
        note="line\nbreaks\r\nand\ttabs, NEL\x85, LS\u2028 PS\u2029, BOM\ufeff, DEL\x7f, \x00, \u202e",
    ),
    entry(value=1, note="emoji 🏮, 𠀀, a wide space\u3000and a no-break\xa0one"),
    entry(value=1, by="", note=" spaces around "),
    entry(value=1, recorded=dt.datetime(2022, 7, 28, 8, 2, 11, 500, tzinfo=dt.UTC)),
]


def lines_of(entries: list[ProgressEntry]) -> str:
    return HEADER + "\n" + "".join(entry_line(e) + "\n" for e in entries)


@pytest.fixture
def no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the reader turns to YAML: every line the tool writes is read as JSON."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a tool line was read as YAML")

    monkeypatch.setattr(yamlio, "parse", refuse)


def test_every_line_shape_the_tool_writes_is_read_in_one_array_without_yaml(no_yaml, monkeypatch):
    monkeypatch.setattr(log_read, "_entry", lambda *a: pytest.fail("a tool line was read on its own"))
    log = read(lines_of(TOOL_WRITES).encode())
    assert (log.entries, log.problems) == (TOOL_WRITES, [])
    assert log.lines == list(range(2, 2 + len(TOOL_WRITES)))


def test_every_line_shape_the_tool_writes_reads_the_same_as_yaml():
    text = lines_of(TOOL_WRITES)
    assert read(text.encode()).entries == TOOL_WRITES == by_yaml(text)


WRITTEN = entry(value=120, by="养老服务科", note="第二批验收")
HAND_EDITED = {
    "reordered": '- {"recorded": "2022-07-28T16:02:11+08:00", "note": "第二批验收", "value": 120,'
    ' "by": "养老服务科", "target": "canteens", "date": "2022-07-28"}',
    "unquoted": "- {date: 2022-07-28, target: canteens, value: 120, by: 养老服务科, note: 第二批验收,"
    " recorded: 2022-07-28T16:02:11+08:00}",
    "quoted-commented": "-   { 'date' : '2022-07-28' , target: 'canteens', value: 120, by: '养老服务科',"
    " note: '第二批验收', recorded: '2022-07-28T16:02:11+08:00' }   # 核对过",
    "indented": '  - {"date": "2022-07-28", "target": "canteens", "value": 120, "by": "养老服务科",'
    ' "note": "第二批验收", "recorded": "2022-07-28T16:02:11+08:00"}   ',
    "compact": '- {"date":"2022-07-28","target":"canteens","value":120,"by":"养老服务科","note":"第二批验收",'
    '"recorded":"2022-07-28T16:02:11+08:00"}',
    "tool": entry_line(WRITTEN),
}


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("line", HAND_EDITED.values(), ids=HAND_EDITED.keys())
def test_a_hand_edited_line_reads_as_the_tool_wrote_it(line: str, newline: str):
    text = newline.join([HEADER, "", "# a comment line", line, ""])
    log = read(text.encode())
    assert (log.entries, log.lines, log.problems) == ([WRITTEN], [4], [])


def test_hand_edited_and_tool_lines_mixed_keep_their_order_and_line_numbers():
    lines = [entry_line(e) for e in TOOL_WRITES[:3]] + list(HAND_EDITED.values())[1:3]
    text = "\ufeff" + HEADER + "\r\n" + "\r\n".join(lines) + "\r\n"
    log = read(text.encode())
    assert log.entries == [*TOOL_WRITES[:3], WRITTEN, WRITTEN]
    assert log.lines == [2, 3, 4, 5, 6]


def test_a_bad_line_among_the_tools_costs_only_itself():
    good = [entry_line(entry(value=n)) for n in range(1, 6)]
    bad = entry_line(entry(value=1)).replace('"value": 1', '"value": "many"')
    duplicated = entry_line(entry(value=1)).replace('"value": 1', '"value": 1, "value": 2')
    log = read(("\n".join([*good[:2], bad, *good[2:4], duplicated, good[4]]) + "\n").encode())
    assert [e.value for e in log.entries] == [1, 2, 3, 4, 5]
    assert [(p.line, p.code) for p in log.problems] == [(6, "duplicate-key"), (3, "bad-value")]


def test_two_entries_on_one_line_are_not_split_by_the_array():
    two = entry_line(entry(value=1)) + ", " + entry_line(entry(value=2))[2:]
    log = read(("\n".join([entry_line(entry(value=0)), two, entry_line(entry(value=3))]) + "\n").encode())
    assert [e.value for e in log.entries] == [0, 3]


def test_a_log_longer_than_an_array(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(log_read, "ROWS_AT_ONCE", 7)
    written = [entry(value=n, note="第" * (n % 5)) for n in range(100)]
    text = (
        HEADER
        + "\n"
        + "".join(entry_line(e) + "\n" + ("# 注释\n" if n % 13 == 0 else "") for n, e in enumerate(written))
    )
    assert read(text.encode()).entries == written == by_yaml(text)


# Within the BMP: an unprintable character beyond it is written as a JSON surrogate pair,
# which no YAML reader accepts (the JSON readers agree on it; see test_each_hostile_log...).
notes = st.none() | st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"]), max_size=40)
values = st.integers(min_value=0, max_value=10**12) | st.floats(min_value=0, max_value=1e12, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    value=values,
    note=notes,
    by=notes,
    day=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
    minutes=st.integers(-14 * 60, 14 * 60),
)
def test_any_entry_the_tool_writes_reads_back_the_same_as_json_and_as_yaml(value, note, by, day, minutes):
    recorded = dt.datetime.combine(day, dt.time(9, 30), dt.timezone(dt.timedelta(minutes=minutes)))
    written = entry(value=value, note=note, by=by, date=day, recorded=recorded)
    text = entry_line(written) + "\n"
    assert read(text.encode()).entries == [written] == by_yaml(text)


TWICE = [  # a key given twice: refused however it is spelled, among any other lines
    entry_line(entry(value=1)).replace('"value": 1', '"value": 1, "value" : 2'),
    entry_line(entry(value=1, note='他说": 好')).replace('"value": 1', '"value": 1, "value": 2'),
]
line_parts = st.sampled_from(
    [entry_line(e) for e in TOOL_WRITES]
    + list(HAND_EDITED.values())
    + TWICE
    + ["", "# 注释", "- ", "-", "}", "- {"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(line_parts, st.text(max_size=3), st.integers(0, 200)), max_size=8),
    st.sampled_from(["\n", "\r\n"]),
)
def test_any_mix_of_lines_and_damage_reads_the_same_in_one_array_as_line_by_line(parts, newline):
    """Lines cut, joined or sprinkled with any characters: a damaged line costs only itself, so
    reading the lines together means what reading them one at a time means."""
    lines = [line[:cut] + noise + line[cut:] for line, noise, cut in parts]
    raw = (newline.join(lines) + newline).encode("utf-8", "surrogatepass")
    with pytest.MonkeyPatch.context() as patched:
        assert read_in_arrays_of(1000, raw, patched) == read_in_arrays_of(1, raw, patched)


ESCAPED = (
    '- {"date": "2022-07-29", "target": "\\u0063anteens", "value": 130,'
    ' "recorded": "2022-07-29T09:00:00+08:00"}'
)


def test_a_log_that_is_not_utf8_is_refused_at_its_line():
    raw = (
        (entry_line(entry(value=1)) + "\n# 备注\n")
        .encode("utf-8")
        .replace("备注".encode(), "备注".encode("gbk"))
    )
    with pytest.raises(RectifyError) as refused:
        read(raw)
    assert [(d.code, d.line) for d in refused.value.diagnostics] == [("not-utf8", 2)]


def test_update_sees_an_entry_that_spells_its_target_with_an_escape(cli, plans_dir: Path):
    log = plans_dir / "zibo-minzheng-2022.progress.yaml"
    log.write_text(log.read_text(encoding="utf-8") + ESCAPED + "\n", encoding="utf-8")
    result = cli("update", "canteens", "100", "--date", "2022-07-30")
    assert result.code == 2
    assert "canteens was 130 on 2022-07-29" in result.err


def test_a_bad_entry_in_a_chunk_of_tool_lines_costs_only_itself():
    lines = [entry_line(entry(value=n)) for n in range(1, 6)]
    lines[2] = lines[2].replace(
        '"date": "2022-07-28"', '"date": "2022-02-30"'
    )  # still shaped as the tool writes
    lines[3] = lines[3].replace('"value": 4', '"value": 1e999')
    log = read(("\n".join(lines) + "\n").encode())
    assert [e.value for e in log.entries] == [1, 2, 5]
    assert [p.line for p in log.problems] == [3, 4]


TOOL_STAMP = "2022-07-28T16:02:11+08:00"


@pytest.mark.parametrize("text", ['"a\\ud800"', '"\\udc00x"', '"\\ud800\\u0041"', '"\\udbff\\udbff"'])
def test_a_lone_surrogate_escape_is_refused_and_reported(text: str):
    line = (
        f'- {{"date": "2022-07-28", "target": "t", "note": {text}, "value": 1, "recorded": "{TOOL_STAMP}"}}'
    )
    log = read((line + "\n").encode())
    assert log.entries == []
    assert [p.code for p in log.problems] == ["bad-value"]


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\ufeff", "\x7f", "\x9f", "\ufffe"])
def test_a_character_yaml_refuses_inside_a_tool_lines_string_costs_only_its_line(char: str) -> None:
    line = (
        f'- {{"date": "2022-07-28", "target": "t", "value": 3, "by": null, "note": "a{char}b",'
        f' "evidence": null, "recorded": "{TOOL_STAMP}"}}'
    )
    log = read(f"{HEADER}\n{line}\n{line.replace(char, '')}\n".encode())
    assert [e.note for e in log.entries] == ["ab"]
    assert [p.line for p in log.problems] == [2]


def test_every_character_yaml_refuses_is_one_a_printable_line_cannot_hold() -> None:
    # The reader tells a line free of them by str.isprintable before it asks the pattern.
    printable = "".join(char for char in map(chr, range(0x110000)) if char.isprintable())
    assert yamlio.FORBIDDEN.search(printable) is None
