"""The status table on screens of every width from 60 to 200, in both languages: every target's
name whole and first, every state whole, nothing wider than the screen, nothing cut."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterator

import pytest
from rich.cells import cell_len

from conftest import rectify_command
from zibo_rectify import i18n
from zibo_rectify.i18n import DOMAIN, LOCALE_DIR
from zibo_rectify.present.labels import STATE_LABEL
from zibo_rectify.status import State

DAY = "2022-08-01"
NOTE = "✗ 120 家 by 07-31: had 95 家"  # canteens missed its July milestone
NOTE_ZH = "✗ 7月31日前达到120家：实际为95家"
CHINESE = gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"])
HEADER = {"en": "Target", "zh": "任务"}


@pytest.fixture
def with_canteens(cli):  # type: ignore[no-untyped-def]
    assert cli("update", "canteens", "95", "--date", "2022-07-20").code == 0
    return cli


@pytest.fixture
def speaking() -> Iterator[object]:
    """Switch the interface language for in-process runs, and back to English after."""
    yield i18n.use
    i18n.use("en")


def label(state: State, lang: str) -> str:
    return STATE_LABEL[state] if lang == "en" else CHINESE.gettext(STATE_LABEL[state])


def prefix(line: str, cells: int) -> str:
    """The part of a line that fills its first `cells` cells."""
    out = ""
    for char in line:
        if cell_len(out + char) > cells:
            break
        out += char
    return out


def name_column(out: str, lang: str) -> list[str]:
    """Per table, everything printed in its first column (the names), joined without spaces."""
    tables, lines = [], out.splitlines()
    for i, line in enumerate(lines):
        if line.split()[:1] != [HEADER[lang]]:
            continue
        second = re.search(r"\S+\s{2,}(\S)", line)
        width = cell_len(line[: second.start(1)]) - 1 if second else cell_len(line)
        body = []
        for row in lines[i + 2 :]:
            if not row.strip():
                break
            body.append(prefix(row, width).strip())
        tables.append("".join(body).replace(" ", ""))
    return tables


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_width_from_60_to_200_shows_each_name_whole_and_first_and_each_state(
    with_canteens, speaking, lang: str
) -> None:
    cli = with_canteens
    targets = cli("status", "--as-of", DAY, "--json").json()["targets"]
    names = [t["name"].replace(" ", "") for t in targets]
    states = Counter(State(t["state"]) for t in targets)
    speaking(lang)  # type: ignore[operator]
    for width in range(60, 201):
        result = cli("status", "--as-of", DAY, env={"COLUMNS": str(width)})
        assert result.code == 0, (width, result.err)
        lines = result.out.splitlines()
        assert max(cell_len(line) for line in lines) <= width, width
        assert all(line == line.rstrip() for line in lines), width
        shown = "".join(name_column(result.out, lang))
        position = 0
        for name in names:  # each name whole, in plan order, in the first column
            found = shown.find(name, position)
            assert found >= 0, (width, name, shown)
            position = found + len(name)
        seen = Counter(
            state
            for line in lines
            for state in State
            if re.search(
                rf"\d{{4}}-\d\d-\d\d   {re.escape(label(state, lang))}( \d+ days?|\d+天)?(  |$)", line
            )
        )
        assert seen == states, width
        note = NOTE if lang == "en" else NOTE_ZH  # whole, though it may wrap in its column
        assert re.sub(r"\s+", "", note) in re.sub(r"\s+", "", result.out), width


def test_a_wide_screen_shows_names_ids_and_notes_in_one_row(with_canteens) -> None:
    out = with_canteens("status", "--as-of", DAY, env={"COLUMNS": "200"}).out
    canteens = next(line for line in out.splitlines() if line.startswith(" 长者食堂 "))
    assert canteens.split()[:2] == ["长者食堂", "canteens"] and NOTE in canteens
    assert out.count("Milestones and notes") == 2  # a column header in each problem's table


def test_on_a_narrow_screen_the_ids_give_way_and_the_notes_go_under_the_table(with_canteens) -> None:
    out = with_canteens("status", "--as-of", DAY, env={"COLUMNS": "80"}).out
    canteens = next(line for line in out.splitlines() if line.startswith(" 长者食堂 "))
    assert "canteens" not in canteens and NOTE not in canteens
    assert canteens.split()[1:] == ["███░░░░░░░", "31%", "95", "/", "≥300", "家", "2022-12-31", "behind"]
    # the notes of canteens, under its problem's table
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  长者食堂 "))
    assert lines[at].split(maxsplit=1) == ["长者食堂", NOTE + " · 240 家 by 10-31"]
    assert any(line.startswith("lead: 养老服务科; ") for line in lines[at + 1 :][:4])


def test_ids_come_back_under_the_names_when_asked(with_canteens) -> None:
    out = with_canteens("status", "--as-of", DAY, "--ids", env={"COLUMNS": "80"}).out
    lines = out.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith(" 长者食堂 "))
    assert lines[row + 1].split() == ["canteens"]


def test_piped_output_has_no_line_longer_than_columns_and_no_trailing_space(plans_dir) -> None:
    command = " ".join(rectify_command()) + f" status --as-of {DAY} | cat"
    for width in ("72", "133"):
        env = {**os.environ, "COLUMNS": width, "NO_COLOR": "1", "RECTIFY_PLANS": str(plans_dir)}
        done = subprocess.run(command, shell=True, capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines and max(cell_len(line) for line in lines) <= int(width)
        assert not [line for line in lines if line != line.rstrip()]


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
    assert "extreme-poverty-rules" not in tables  # the ids gave way; the names stay, wrapped


def test_what_falls_due_says_deadline_for_a_task_and_milestone_for_a_figure(with_canteens) -> None:
    out = with_canteens("status", "--as-of", "2022-10-05", env={"COLUMNS": "200"}).out
    due = out.partition("Due in the next 30 days:")[2].splitlines()
    assert any("(beds-acceptance)" in line and line.endswith("  deadline") for line in due)
    assert any("(canteens)" in line and line.endswith("  milestone 240 家") for line in due)
