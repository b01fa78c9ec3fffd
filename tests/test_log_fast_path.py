"""The log's fast path (tool lines validated in JSON batches) reads exactly what the careful reader reads.

The careful reader (each line on its own: JSON, else YAML) decides what any
line means; the batch reader may only reach the same entries, line numbers and
problems sooner.  Here both read every line shape the tool writes, the ways a
person edits one, the hostile corpus and arbitrary text, and the tool's lines
are also read as YAML, as a person's tools read them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from zibo_rectify import yamlio
from zibo_rectify.errors import RectifyError
from zibo_rectify.log import ProgressEntry, entry_line
from zibo_rectify.log import entry as log_entry
from zibo_rectify.log import read as log_read

CST = dt.timezone(dt.timedelta(hours=8))
OWN_SCHEMA = TypeAdapter(ProgressEntry)  # the class's own, built by Pydantic: not the kept one
HEADER = "# Progress log (整改进度记录)."
HOSTILE_LOGS = sorted((Path(__file__).parent / "hostile" / "logs").glob("*.progress.yaml"))


def both_ways(raw: bytes) -> Any:
    """The log as the fast path reads it, after checking that the careful reader reads the same."""
    path = Path("log.progress.yaml")

    def outcome(read: Callable[[bytes, Path], log_read.Log]) -> tuple[object, ...]:
        try:
            log = read(raw, path)
        except RectifyError as err:
            return ("refused", err.diagnostics)
        return (log.entries, log.lines, log.problems, log.source, log.size)

    fast = outcome(log_read.parse_log)
    assert fast == outcome(log_read._careful_log)
    return log_read.parse_log(raw, path) if fast[0] != "refused" else list(fast)


def by_yaml(text: str) -> list[ProgressEntry]:
    """The entries a YAML reader finds in a log of tool lines, read as one document."""
    doc = yamlio.parse(text, "log", max_nodes=100_000, allow_aliases=False)
    return [OWN_SCHEMA.validate_python(row) for row in doc.data or []]


def entry(**fields: object) -> ProgressEntry:
    base: dict[str, object] = {
        "date": dt.date(2022, 7, 28),
        "target": "canteens",
        "recorded": dt.datetime(2022, 7, 28, 16, 2, 11, tzinfo=CST),
    }
    return log_entry.new_entry(**(base | fields))


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
    """Fail if the reader turns to YAML: every line the tool writes must take the fast path."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a tool line was read as YAML")

    monkeypatch.setattr(yamlio, "parse", refuse)


def test_every_line_shape_the_tool_writes_takes_the_fast_path(no_yaml, monkeypatch):
    monkeypatch.setattr(log_read, "_entry", lambda *a: pytest.fail("a tool line was read on its own"))
    log = log_read.parse_log(lines_of(TOOL_WRITES).encode(), Path("log.progress.yaml"))
    assert (log.entries, log.problems) == (TOOL_WRITES, [])
    assert log.lines == list(range(2, 2 + len(TOOL_WRITES)))


def test_every_line_shape_the_tool_writes_reads_the_same_as_yaml():
    text = lines_of(TOOL_WRITES)
    assert both_ways(text.encode()).entries == TOOL_WRITES == by_yaml(text)


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
    log = both_ways(text.encode())
    assert (log.entries, log.lines, log.problems) == ([WRITTEN], [4], [])


def test_hand_edited_and_tool_lines_mixed_keep_their_order_and_line_numbers():
    lines = [entry_line(e) for e in TOOL_WRITES[:3]] + list(HAND_EDITED.values())[1:3]
    text = "\ufeff" + HEADER + "\r\n" + "\r\n".join(lines) + "\r\n"
    log = both_ways(text.encode())
    assert log.entries == [*TOOL_WRITES[:3], WRITTEN, WRITTEN]
    assert log.lines == [2, 3, 4, 5, 6]


def test_a_bad_line_inside_a_batch_costs_only_itself():
    good = [entry_line(entry(value=n)) for n in range(1, 6)]
    bad = entry_line(entry(value=1)).replace('"value": 1', '"value": "many"')
    duplicated = entry_line(entry(value=1)).replace('"value": 1', '"value": 1, "value": 2')
    log = both_ways(("\n".join([*good[:2], bad, *good[2:4], duplicated, good[4]]) + "\n").encode())
    assert [e.value for e in log.entries] == [1, 2, 3, 4, 5]
    assert [(p.line, p.code) for p in log.problems] == [(6, "duplicate-key"), (3, "bad-value")]


def test_two_entries_on_one_line_are_not_split_by_a_batch():
    two = entry_line(entry(value=1)) + ", " + entry_line(entry(value=2))[2:]
    log = both_ways(
        ("\n".join([entry_line(entry(value=0)), two, entry_line(entry(value=3))]) + "\n").encode()
    )
    assert [e.value for e in log.entries] == [0, 3]


def test_a_log_longer_than_a_batch_and_a_chunk(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(log_read, "CHUNK_BYTES", 1000)
    monkeypatch.setattr(log_read, "BATCH_LINES", 7)
    written = [entry(value=n, note="第" * (n % 5)) for n in range(100)]
    text = (
        HEADER
        + "\n"
        + "".join(entry_line(e) + "\n" + ("# 注释\n" if n % 13 == 0 else "") for n, e in enumerate(written))
    )
    assert both_ways(text.encode()).entries == written == by_yaml(text)


@pytest.mark.parametrize(
    "path", HOSTILE_LOGS, ids=[p.name.removesuffix(".progress.yaml") for p in HOSTILE_LOGS]
)
def test_each_hostile_log_reads_the_same_both_ways(path: Path):
    both_ways(path.read_bytes())


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
def test_any_entry_the_tool_writes_reads_back_the_same_every_way(value, note, by, day, minutes):
    recorded = dt.datetime.combine(day, dt.time(9, 30), dt.timezone(dt.timedelta(minutes=minutes)))
    written = entry(value=value, note=note, by=by, date=day, recorded=recorded)
    text = entry_line(written) + "\n"
    assert both_ways(text.encode()).entries == [written] == by_yaml(text)


line_parts = st.sampled_from(
    [entry_line(e) for e in TOOL_WRITES] + list(HAND_EDITED.values()) + ["", "# 注释", "- ", "-", "}", "- {"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(line_parts, st.text(max_size=3), st.integers(0, 200)), max_size=8),
    st.sampled_from(["\n", "\r\n"]),
)
def test_any_mix_of_lines_and_damage_reads_the_same_both_ways(parts, newline):
    """Lines cut, joined or sprinkled with any characters: the fast path never disagrees."""
    lines = [line[:cut] + noise + line[cut:] for line, noise, cut in parts]
    both_ways((newline.join(lines) + newline).encode("utf-8", "surrogatepass"))


def one_target_both_ways(raw: bytes, target: str) -> Any:
    """`target_entries` (what update reads), checked against the whole log's entries of that target."""
    path = Path("log.progress.yaml")

    def outcome(read: Callable[[], list[ProgressEntry]]) -> Any:
        try:
            return read()
        except RectifyError as err:
            return err.diagnostics

    every = outcome(lambda: [e for e in log_read._careful_log(raw, path).entries if e.target == target])
    assert outcome(lambda: log_read.target_entries(raw, path, target)) == every
    return every


ESCAPED = (
    '- {"date": "2022-07-29", "target": "\\u0063anteens", "value": 130,'
    ' "recorded": "2022-07-29T09:00:00+08:00"}'
)
YAML_ESCAPED = (
    '- {date: 2022-07-30, target: "\\x63anteens", value: 140, recorded: "2022-07-30T09:00:00+08:00"}'
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_the_entries_update_reads_are_those_of_the_whole_log(newline: str):
    lines = [
        HEADER,
        *(entry_line(e) for e in TOOL_WRITES),
        "# canteens: a comment that names the target",
        HAND_EDITED["reordered"],
        HAND_EDITED["unquoted"],
        HAND_EDITED["compact"],
        ESCAPED,
        YAML_ESCAPED,
        entry_line(entry(target="canteens-extra", value=1)),
        "",
    ]
    raw = newline.join(lines).encode("utf-8")
    assert [e.value for e in one_target_both_ways(raw, "canteens")][-5:] == [120, 120, 120, 130, 140]
    assert one_target_both_ways(raw, "low-income-rules") == [e for e in TOOL_WRITES if e.done]
    assert [e.value for e in one_target_both_ways(raw, "canteens-extra")] == [1]
    assert one_target_both_ways(raw, "beds") == []


@pytest.mark.parametrize(
    "odd",
    [
        "- {date: 2022-07-28, target: canteens,\n   value: 5, recorded: 2022-07-28T09:00:00+08:00}",
        HAND_EDITED["indented"],
        entry_line(entry(value=5)) + "\r" + entry_line(entry(value=6)),
        "\ufeff" + entry_line(entry(value=5)),
        "<<<<<<< HEAD",
        entry_line(entry(value=5))[:40],
    ],
    ids=["block", "indented", "lone-CR", "BOM", "conflict-marker", "cut"],
)
def test_an_unusual_log_is_read_whole_for_update_too(odd: str):
    raw = (entry_line(entry(value=1)) + "\n" + odd + "\n" + entry_line(entry(value=9)) + "\n").encode("utf-8")
    one_target_both_ways(raw, "canteens")
    one_target_both_ways(raw[:-1], "canteens")  # and without its last line break


def test_a_log_that_is_not_utf8_is_refused_by_update_as_by_status():
    raw = (
        (entry_line(entry(value=1)) + "\n# 备注\n")
        .encode("utf-8")
        .replace("备注".encode(), "备注".encode("gbk"))
    )
    [refused] = one_target_both_ways(raw, "canteens")
    assert (refused.code, refused.line) == ("not-utf8", 2)


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
    log = both_ways(("\n".join(lines) + "\n").encode())
    assert [e.value for e in log.entries] == [1, 2, 5]
    assert [p.line for p in log.problems] == [3, 4]


FIGURES = [
    *("true", "false", '"120"', "null", "0", "-0", "-0.0", "5.0", "1.5", "1e-7", "1E2", "-1", "100"),
    *("100.0", "100.00000000000001", "99.99999999999999999", "101", "1e15", "1000000000000000"),
    *("1000000000000001", "-1000000000000000", "-1000000000000001", "1e16", "1e999", "-1e999"),
    *("9007199254740993", "123456789012345678901234567890"),
]


STAMP = "2022-07-28T16:02:11+08:00"


def figure_line(field: str, figure: str) -> str:
    """A line as the tool writes its keys, with `figure` as the text of one of its figures."""
    figures = f'"value": 3, "increment": {figure}' if field == "increment" else f'"{field}": {figure}'
    line = f'- {{"date": "2022-07-28", "target": "t", {figures}, "recorded": "{STAMP}"}}'
    assert log_read._tool_line().fullmatch(line)  # so it goes to the batch
    return line


def same_types_both_ways(raw: bytes, field: str) -> None:
    """The same entries both ways, and the same type of figure in each (5.0 == 5, yet a count of
    5.0 is shown as 5.0)."""
    fast = both_ways(raw)
    careful = log_read._careful_log(raw, Path("log.progress.yaml"))
    assert [type(getattr(e, field)) for e in fast.entries] == [
        type(getattr(e, field)) for e in careful.entries
    ]


@pytest.mark.parametrize("field", ["value", "percent", "increment"])
@pytest.mark.parametrize("figure", FIGURES)
def test_a_figure_at_any_edge_reads_the_same_both_ways(field: str, figure: str):
    """The batch checks figures in pydantic-core, the entry's own schema in Python: the two agree
    on every edge (booleans, text, bounds, infinities, whole floats), entry for entry."""
    same_types_both_ways(f"{entry_line(entry(value=1))}\n{figure_line(field, figure)}\n".encode(), field)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["value", "percent", "increment"]),
    st.integers(-(10**16), 10**16) | st.floats(allow_nan=False, allow_infinity=False) | st.booleans(),
)
def test_any_number_in_a_figure_reads_the_same_both_ways(field: str, number: float):
    same_types_both_ways((figure_line(field, json.dumps(number)) + "\n").encode(), field)


def test_the_batch_runs_no_check_in_python_but_the_entrys_own():
    """Each check in Python is a call per line; the batch keeps only the entry's `_one_figure`."""
    left: list[object] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("function-"):
                left.append(node["function"]["function"])
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    fast = log_read._in_rust(log_entry._entries_schema())
    walk(fast)
    assert [getattr(f, "__name__", f) for f in left] == ["_one_figure"]
    assert log_read._json_batch() is not log_entry._batch_validator()


@pytest.mark.parametrize("text", ['"a\\ud800"', '"\\udc00x"', '"\\ud800\\u0041"', '"\\udbff\\udbff"'])
def test_a_lone_surrogate_escape_is_refused_by_the_batch_and_reported(text: str):
    """What `_text` refuses never reaches the batch's entries: its JSON reader refuses it first."""
    line = f'- {{"date": "2022-07-28", "target": "t", "note": {text}, "value": 1, "recorded": "{STAMP}"}}'
    log = both_ways((line + "\n").encode())
    assert log.entries == []
    assert [p.code for p in log.problems] == ["bad-value"]


# Every key a tool line may hold, with texts that make `_one_figure` pass or fail every way.
KEY_TEXTS: dict[str, list[str]] = {
    "part": ['"p1"', "null"],
    "kind": ['"review"', '"withdraw"', '"signoff"', "null"],
    "verdict": ['"accepted"', "null"],
    "of_date": ['"2022-07-01"', "null"],
    "of_recorded": [f'"{STAMP}"', "null"],
    "value": ["3", "2.5", "null", "true", '"3"'],
    "percent": ["40", "null", "101"],
    "done": ["true", "false", "null", "1"],
    "increment": ["2", "null"],
    "correction": ["true", "false"],
    "expected": ['"2022-12-31"'],
    "by": ['"养老服务科"'],
    "note": ['"第二批"', '""', "null"],
    "evidence": ['"淄民发〔2022〕12号"', "null"],
}


@st.composite
def tool_shaped_lines(draw: st.DrawFn) -> str:
    """A line in the tool's key order with any of its keys, each with any of its texts: what
    TOOL_LINE takes, whatever `_one_figure` and the schema make of it."""
    odds = {"kind": 8, "verdict": 8, "of_date": 8, "of_recorded": 8, "value": 2, "increment": 2}
    fields = [
        f'"{key}": {draw(st.sampled_from(texts))}'
        for key, texts in KEY_TEXTS.items()
        if draw(st.integers(1, odds.get(key, 3))) == 1
    ]
    line = ", ".join(['"date": "2022-07-28"', '"target": "t"', *fields, f'"recorded": "{STAMP}"'])
    assert log_read._tool_line().fullmatch("- {" + line + "}")
    return "- {" + line + "}"


@settings(max_examples=1000, deadline=None)
@given(st.lists(tool_shaped_lines(), min_size=1, max_size=12))
def test_tool_lines_of_any_keys_read_the_same_in_a_chunk_as_each_on_its_own(lines):
    """A chunk's run of figure lines skips `_one_figure`: only lines it passes are taken so."""
    both_ways(("\n".join(lines) + "\n").encode())


def test_figure_lines_are_validated_without_the_python_check(monkeypatch: pytest.MonkeyPatch):
    """Values, percents and done, with or without an increment, part, note or correction: the
    chunk's batch runs no Python per line; a note alone after them goes to the entries' own check."""
    written = [
        entry(value=120, by="养老服务科", note="第二批验收"),
        entry(value=130, increment=10, part="zhangdian"),
        entry(target="low-income-rules", done=True, evidence="淄民发〔2022〕12号"),
        entry(target="low-income-rules", percent=40, correction=True),
    ]
    text = "".join(entry_line(e) + "\n" for e in written)
    assert log_read._figure_run().fullmatch(text)
    calls: list[str] = []
    real = log_read._json_batch
    monkeypatch.setattr(log_read, "_json_batch", lambda: calls.append("checked") or real())
    assert log_read.parse_log(text.encode(), Path("log")).entries == written
    assert calls == []
    headed = both_ways(f"{HEADER}\n# 第二行\n{text}".encode())  # a header's comments, then the lines
    assert (headed.entries, headed.lines, calls) == (written, [3, 4, 5, 6], [])
    note = entry(note="材料已报送")
    log = log_read.parse_log((text + entry_line(note) + "\n").encode(), Path("log"))
    assert (log.entries, calls) == ([*written, note], ["checked"])


NOT_FIGURE_LINES = [
    '"value": null',
    '"done": null',
    '"percent": null, "note": "x"',
    '"value": 3, "percent": 40',
    '"value": 3, "done": true',
    '"percent": 40, "done": true',
    '"percent": 40, "increment": 2',
    '"done": true, "increment": 2',
    '"increment": 2',
    '"note": "材料已报送"',
    '"verdict": "accepted", "value": 3',
    '"kind": "signoff", "value": 3',
    '"of_date": "2022-07-01", "of_recorded": "2022-07-01T09:00:00+08:00", "value": 3',
]


@pytest.mark.parametrize("fields", NOT_FIGURE_LINES)
def test_a_line_figures_alone_do_not_vouch_for_goes_to_the_entrys_own_check(fields: str):
    """After a run of figure lines, a line that is not one (no figure, two, a null, a step's key,
    an increment of no value) is not taken as one, and reads as it reads on its own."""
    line = f'- {{"date": "2022-07-28", "target": "t", {fields}, "recorded": "{STAMP}"}}'
    assert log_read._tool_line().fullmatch(line) and not log_read._figure_run().fullmatch(line + "\n")
    both_ways((entry_line(entry(value=1)) + "\n" + line + "\n").encode())


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\ufeff", "\x7f", "\x9f", "\ufffe"])
def test_a_character_yaml_refuses_inside_a_tool_lines_string_keeps_its_chunk_off_the_fast_path(
    char: str,
) -> None:
    line = (
        f'- {{"date": "2022-07-28", "target": "t", "value": 3, "by": null, "note": "a{char}b",'
        f' "evidence": null, "recorded": "{STAMP}"}}'
    )
    assert not log_read._tool(log_read._tool_line(), line)
    assert not log_read._tool(log_read._tool_chunk(), f"{line}\n{line}\n")
    assert log_read._tool(log_read._tool_line(), line.replace(char, ""))
    both_ways(f"{HEADER}\n{line}\n{line.replace(char, '')}\n".encode())
