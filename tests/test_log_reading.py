"""A damaged or hostile log: each bad line is reported at its number; it costs only itself."""

from __future__ import annotations

import json

import pytest

from conftest import PLAN_ID

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
