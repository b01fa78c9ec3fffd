"""The status table on screens of every common width, in both languages: nothing cut, nothing lost."""

from __future__ import annotations

import gettext
import re
from collections import Counter

import pytest
from rich.cells import cell_len

from zibo_rectify.i18n import DOMAIN, LOCALE_DIR
from zibo_rectify.render import STATE_LABEL
from zibo_rectify.status import State

DAY = "2022-08-01"
NOTE = "✗ 120 by 07-31: had 95"  # canteens missed its July milestone
NOTE_ZH = "✗ 07-31 前达到 120：实际为 95"
CHINESE = gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"])


@pytest.fixture
def with_canteens(run):  # type: ignore[no-untyped-def]
    assert run("update", "canteens", "95", "--date", "2022-07-20").code == 0
    return run


def rows_by_target(out: str, ids: list[str]) -> dict[str, str]:
    """Each target's table row: the line that starts with its id."""
    rows = {}
    for line in out.splitlines():
        first = line.split(maxsplit=1)[0] if line.strip() else ""
        if first in ids and first not in rows:
            rows[first] = line
    return rows


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [80, 100, 120, 160, 200])
def test_every_row_fits_the_screen_and_shows_its_whole_state(with_canteens, width: int, lang: str) -> None:
    run = with_canteens
    states = {t["id"]: State(t["state"]) for t in run("status", "--as-of", DAY, "--json").json()["targets"]}
    result = run("--lang", lang, "status", "--as-of", DAY, env={"COLUMNS": str(width)})
    assert result.code == 0
    assert max(cell_len(line) for line in result.out.splitlines()) <= width
    rows = rows_by_target(result.out, list(states))
    assert rows.keys() == states.keys()
    for target, state in states.items():
        label = STATE_LABEL[state] if lang == "en" else CHINESE.gettext(STATE_LABEL[state])
        assert f"  {label}" in rows[target], (target, rows[target])
    assert (NOTE if lang == "en" else NOTE_ZH) in result.out


def test_a_wide_screen_shows_names_and_notes_in_the_table(with_canteens) -> None:
    out = with_canteens("status", "--as-of", DAY, env={"COLUMNS": "200"}).out
    canteens = rows_by_target(out, ["canteens"])["canteens"]
    assert "长者食堂" in canteens and NOTE in canteens
    assert out.count("Milestones and notes") == 2  # a column header in each problem's table


def test_a_narrow_screen_puts_the_notes_under_the_table(with_canteens) -> None:
    out = with_canteens("status", "--as-of", DAY, env={"COLUMNS": "80"}).out
    canteens = rows_by_target(out, ["canteens"])["canteens"]
    assert "长者食堂" not in canteens and "░" not in canteens and NOTE not in canteens
    assert canteens.split()[1:] == ["95", "/", "300", "家", "2022-12-31", "behind"]
    lines = [line.rstrip() for line in out.splitlines()]
    notes = len(lines) - 1 - lines[::-1].index(" Milestones and notes")  # under the second table
    at = next(i for i in range(notes + 1, len(lines)) if lines[i].split()[:1] == ["canteens"])
    assert lines[at].split(maxsplit=1) == ["canteens", NOTE + " · 240 by 10-31"]
    assert "lead: 养老服务科" in lines[at + 1 :][:3]


def test_a_very_narrow_screen_folds_the_ids_and_keeps_every_state(with_canteens) -> None:
    run = with_canteens
    states = Counter(t["state"] for t in run("status", "--as-of", DAY, "--json").json()["targets"])
    out = run("status", "--as-of", DAY, env={"COLUMNS": "60"}).out
    assert max(cell_len(line) for line in out.splitlines()) <= 60
    shown = Counter(
        state.value
        for line in out.splitlines()
        for state in State
        if re.search(rf"\d{{4}}-\d\d-\d\d   {STATE_LABEL[state]}( \d+ days?)? *$", line)
    )
    assert shown == states
    tables = out.partition("Workflow (")[0]  # the warnings listed after the tables name ids in full
    assert "extreme-poverty-rules" not in tables and " extreme-pove" in tables  # an id folded onto more lines
