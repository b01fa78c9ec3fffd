"""Hostile inputs cost work in proportion to their size: counted here, never timed.

A hundred thousand conflict markers once had each line number counted from the
start of the file, and a million junk lines each had its problem put into words;
`benchmarks/run.py` times the full sizes (check and status each under 10 s).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import PLAN_ID
from zibo_rectify import yamlio
from zibo_rectify.log import read as log_read

MARKERS = "<<<<<<< HEAD\n=======\n>>>>>>> theirs\n"


class CountingLineBreaks:
    """yamlio's line-break pattern, counting the characters it is asked to scan."""

    def __init__(self) -> None:
        self.real = yamlio.LINE_BREAK
        self.scanned = 0

    def findall(self, text: str, start: int = 0, end: int = 2**63) -> list[str]:
        self.scanned += min(end, len(text)) - start
        return self.real.findall(text, start, end)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.fixture
def line_breaks(monkeypatch: pytest.MonkeyPatch) -> CountingLineBreaks:
    counting = CountingLineBreaks()
    monkeypatch.setattr(yamlio, "LINE_BREAK", counting)
    return counting


@pytest.mark.parametrize("where", ["log", "plan"])
def test_conflict_markers_are_numbered_in_one_pass(cli, plans_dir: Path, line_breaks, where: str) -> None:
    text = MARKERS * 1000  # 3,000 markers
    path = plans_dir / (f"{PLAN_ID}.progress.yaml" if where == "log" else f"{PLAN_ID}.yaml")
    path.write_text(text, encoding="utf-8")
    result = cli("check", "--format", "json")
    assert result.code == 1
    lines = [d["line"] for d in result.json() if d["code"] == "conflict-marker"]
    assert lines[:4] == [1, 2, 3, 4]
    assert line_breaks.scanned <= 3 * len(text)  # each character once or so, not once per marker


def test_a_million_empty_entries_are_counted_past_the_first_thousand_problems(
    cli, plans_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zibo_rectify import model

    worded: list[int] = []
    real = model.pydantic_diagnostic

    def counted(*args: Any, **kwargs: Any) -> Any:
        worded.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(model, "pydantic_diagnostic", counted)
    (plans_dir / f"{PLAN_ID}.progress.yaml").write_text("- {}\n" * 5000, encoding="utf-8")
    result = cli("check", "--format", "json")
    assert result.code == 1
    listed = result.json()
    assert len(listed) == log_read.MAX_LISTED + 1 and listed[-1]["code"] == "more-problems"
    assert len(worded) <= log_read.MAX_LISTED + 3 * log_read.ROWS_AT_ONCE  # not one per line
    status = cli("status", "--json", "--as-of", "2022-08-01")
    assert status.code == 0


def test_a_line_of_junk_that_looks_like_an_entry_is_read_with_yaml_a_bounded_number_of_times(
    cli, plans_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses: list[str] = []
    real = yamlio.parse

    def counted(text: str, name: str, **options: Any) -> Any:
        parses.append(name)
        return real(text, name, **options)

    monkeypatch.setattr(yamlio, "parse", counted)
    junk = '- {"date": "2022-07-31", "value": [1, }\n'  # shaped like an entry; neither JSON nor YAML
    (plans_dir / f"{PLAN_ID}.progress.yaml").write_text(junk * 5000, encoding="utf-8")
    result = cli("check", "--format", "json")
    assert result.code == 1
    logs = [name for name in parses if name.endswith(".progress.yaml")]
    assert len(logs) <= log_read.MAX_LISTED + log_read.YAML_JUNK_LINES + 10


@pytest.mark.parametrize("command", [("log",), ("show", "canteens")])
def test_a_note_of_megabytes_is_shown_cut_with_its_length(
    cli, plans_dir: Path, command: tuple[str, ...]
) -> None:
    from zibo_rectify.safetext import SHOWN_MAX

    note = "长" * (SHOWN_MAX * 5)
    line = (
        '- {"date": "2022-07-01", "target": "canteens", "value": 10, "note": "'
        + note
        + '", "recorded": "2022-07-01T09:00:00+08:00"}\n'
    )
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.write_text(line, encoding="utf-8")
    result = cli(*command)
    assert result.code == 0
    said = " ".join(result.out.split())  # the note's column may wrap it beside a target's name
    assert f"({SHOWN_MAX * 5} characters in all; the log holds the whole text)" in said
    assert result.out.count("长") <= 2 * SHOWN_MAX  # shown cut (show has it twice): never whole
    assert log.read_text(encoding="utf-8") == line  # the log keeps every character


def test_warnings_centuries_ahead_replay_ten_years_of_month_ends_at_most(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zibo_rectify.workflow import levels

    judged: list[object] = []
    real = levels.status_on

    def counted(*args: Any, **kwargs: Any) -> Any:
        judged.append(args[2])
        assert len(judged) <= levels.MONTHS_REPLAYED + 1, "a replay per month end since the plan began"
        return real(*args, **kwargs)

    monkeypatch.setattr(levels, "status_on", counted)
    result = cli("warnings", "--json", "--as-of", "2999-12-31")
    assert result.code == 0
    warned = result.json()["warnings"]
    red = [w for w in warned if w["level"] == "red"]
    assert red and all(w["months_yellow_or_red"] == levels.MONTHS_REPLAYED for w in red)
    assert len(judged) == levels.MONTHS_REPLAYED + 1  # the day itself, then ten years of month ends
