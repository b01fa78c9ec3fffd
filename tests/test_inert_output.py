"""Plan and log text cannot drive the reader's terminal: escapes, controls, bidi overrides and markup
print as visible text in `status`, `log`, `check` and `update`, and `--json` stays valid JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PLAN_ID

# Sets the clipboard (OSC 52), rings the bell, clears the screen, an 8-bit CSI,
# rich markup and a hyperlink, HTML, and a right-to-left override that would
# show "evil.exe" as "exe.live".
HOSTILE = (
    "\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x9b31m[bold red]boom[/bold red]"
    "[link=https://evil.example]x[/link]<script>alert(1)</script>\u202eexe.live\u2066"
)
VISIBLE = [
    "\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2J\\x9b31m",
    "[bold red]boom[/bold red][link=https://evil.example]x[/link]<script>alert(1)</script>",
    "\\u202eexe.live\\u2066",
]
RAW = ["\x1b", "\x07", "\x9b", "\u202e", "\u2066"]
WIDE = {"COLUMNS": "1000"}


def assert_inert(text: str) -> None:
    for char in RAW:
        assert char not in text, f"raw {char!r} reached the terminal"


@pytest.fixture
def hostile_plan(plans_dir: Path) -> Path:
    """The shipped plan with its title, a problem title, a name, a unit and an owner made hostile."""
    plan = plans_dir / f"{PLAN_ID}.yaml"
    quoted = json.dumps(HOSTILE)  # JSON escapes are valid YAML double-quoted escapes
    text = plan.read_text(encoding="utf-8")
    for old, new in [
        ("title: 市民政局2022年被评议部门重点问题整改方案", f"title: {quoted}"),
        ("    title: 社区居家养老服务资源有效供给不足的问题", f"    title: {quoted}"),
        (
            "      - {role: lead, title: 责任科室, name: 养老服务科}\n\n",
            f"      - {{role: lead, name: {quoted}}}\n\n",
        ),
        ("        name: 长者食堂\n", f"        name: {quoted}\n"),
        ("        unit: 家\n", f"        unit: {json.dumps('家' + HOSTILE)}\n"),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    plan.write_text(text, encoding="utf-8")
    return plan


def test_status_prints_plan_text_inert(run, hostile_plan):
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0

    result = run("status", "--as-of", "2022-08-01", env=WIDE)

    assert result.code == 0, result.err
    assert_inert(result.out + result.err)
    for piece in VISIBLE:
        assert piece in result.out


def test_status_json_holds_the_text_exactly_and_stays_inert(run, hostile_plan):
    assert run("update", "canteens", "95", "--date", "2022-07-31").code == 0

    result = run("status", "--as-of", "2022-08-01", "--json")

    assert result.code == 0, result.err
    assert_inert(result.out)
    status = result.json()
    assert status["title"] == HOSTILE
    canteens = next(t for t in status["targets"] if t["id"] == "canteens")
    assert canteens["name"] == HOSTILE
    assert canteens["unit"] == "家" + HOSTILE
    assert canteens["owner"] == HOSTILE


def test_update_log_and_log_json_keep_notes_inert(run, hostile_plan):
    recorded = run(
        "update", "canteens", "95", "--date", "2022-07-31", "--note", HOSTILE, "--by", HOSTILE, env=WIDE
    )
    assert recorded.code == 0, recorded.err
    assert_inert(recorded.out)
    assert VISIBLE[0] in recorded.out  # the unit, quoted in the confirmation

    text = run("log", env=WIDE)
    assert text.code == 0, text.err
    assert_inert(text.out)
    for piece in VISIBLE:
        assert piece in text.out

    as_json = run("log", "--json")
    assert as_json.code == 0
    assert_inert(as_json.out)
    [entry] = as_json.json()
    assert entry["note"] == HOSTILE and entry["by"] == HOSTILE


def test_the_log_file_itself_shows_nothing_hidden(run, plans_dir):
    assert run("update", "canteens", "95", "--date", "2022-07-31", "--note", HOSTILE).code == 0
    last = (plans_dir / f"{PLAN_ID}.progress.yaml").read_text(encoding="utf-8").splitlines()[-1]
    assert_inert(last)
    assert "\\u001b]52;c;" in last and "\\u202e" in last


def test_check_echoes_hostile_lines_inert(run, plans_dir):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    stamp = '"recorded": "2022-08-01T09:00:00+08:00"'
    raw_line = f'- {{"date": "2022-07-31", "target": "canteens", "value": 1, "note": "{HOSTILE}", {stamp}}}'
    unknown = json.dumps({"date": "2022-07-31", "target": HOSTILE, "value": 1})
    log.write_text(f"{raw_line}\n- {unknown[:-1]}, {stamp}}}\n", encoding="utf-8")

    text = run("check", env=WIDE)
    assert text.code == 1
    assert_inert(text.out)
    assert f":1:{raw_line.index(chr(27)) + 1}: error: the file holds U+001B" in text.out
    assert "[bold red]boom[/bold red]" in text.out  # the echoed source line, markup shown as written

    as_json = run("check", "--format", "json")
    assert as_json.code == 1
    assert_inert(as_json.out)
    found = as_json.json()
    assert [d["line"] for d in found] == [1, 2]
    assert VISIBLE[1] in found[1]["message"]


def test_an_error_that_quotes_what_the_user_typed_is_inert(run):
    result = run("update", HOSTILE.replace("/", ""), "5", "--date", "2022-07-31")
    assert result.code == 2
    assert_inert(result.err)
    assert "there is no target" in result.err


def test_check_quotes_a_hostile_plan_inert(run, plans_dir):
    plan = plans_dir / f"{PLAN_ID}.yaml"
    text = plan.read_text(encoding="utf-8")
    quoted = json.dumps(HOSTILE)
    text = text.replace("        goal: 300\n", f"        goal: {quoted}\n        {quoted}: 1\n", 1)
    plan.write_text(text, encoding="utf-8")

    result = run("check", env=WIDE)
    assert result.code == 1
    assert_inert(result.out)
    assert f"unknown field 'problems[1].targets[5].{VISIBLE[0]}" in result.out

    as_json = run("check", "--format", "json")
    assert_inert(as_json.out)
    assert {d["code"] for d in as_json.json()} == {"unknown-field", "bad-value"}


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("&<>\"'\\`*_{}[]#!|~-+ \n\t\x1b\u202e甲a1")) | st.text())
def test_markdown_escapes_any_text_as_html_then_markup_escaping_did(value: str) -> None:
    """The Markdown writer skips both escapes for a cell that holds nothing either changes."""
    import html
    import re

    from zibo_rectify.report.md import escape
    from zibo_rectify.safetext import inert

    markup = re.compile(r"([\\`*_{}\[\]#!|~]|^[-+])")
    assert escape(value) == markup.sub(r"\\\1", html.escape(inert(value), quote=True))
