"""Figures and dates as typed on the command line, refused fast and clearly or read as decided
(the table of forms is in test_typed.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PLAN_ID
from zibo_rectify.log import read as log_read

UPDATE = ("update", "canteens", "120", "--date", "2022-08-01")


def log_of(plans_dir: Path) -> Path:
    return plans_dir / f"{PLAN_ID}.progress.yaml"


def values(path: Path) -> list[float]:
    return [e.value for e in log_read.read_log(path).entries if e.target == "canteens"]  # type: ignore[misc]


# Figures; dates and clocks (the forms themselves are in test_typed.py).


@pytest.mark.parametrize(
    ("figure", "says"),
    [
        ("1e400", "beyond what a figure can be"),
        ("1e999", "beyond what a figure can be"),
        ("1e10000000", "beyond what a figure can be"),
        ("9e999999999999999999", "beyond what a figure can be"),
        ("1e-400", "smaller than any figure"),
        ("1,50", "a comma groups three digits"),
        ("1_000", "an underscore does not group digits"),
        ("150张", "is given in 张, but 长者食堂 (canteens) is counted in 家"),
    ],
)
def test_figures_refused_fast_and_clearly(cli, plans_dir, figure, says):
    result = cli("update", "canteens", figure, "--date", "2022-08-01")
    assert result.code == 2 and says in result.err
    assert not log_of(plans_dir).read_text(encoding="utf-8").count("- {")


@pytest.mark.parametrize(
    ("figure", "value"), [("１２０", 120), ("١٢٠", 120), ("1,500", 1500), ("150家", 150)]
)
def test_figures_accepted_as_decided(cli, plans_dir, figure, value):
    assert cli("update", "canteens", figure, "--date", "2022-08-01").code == 0
    assert values(log_of(plans_dir)) == [value]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("status", "--as-of", "9999-12-02"), "outside 1900–2999"),
        (("update", "canteens", "5", "--date", "20220605"), "if you meant 2022-06-05"),
        (("update", "canteens", "5", "--date", "2022-W23-1"), "2022/8/1"),
        (("update", "canteens", "5"), "no --date given and today"),
    ],
)
def test_dates_refused_with_the_forms_accepted(cli, args, says):
    result = cli(*args)
    assert result.code == 2 and says in result.err


def test_dates_as_people_type_them(cli, plans_dir):
    for typed in ("2022/8/1", "2022年8月2日", "8月3日"):
        assert cli("update", "canteens", "5", "--date", typed, "--note", typed).code == 0
    assert [e.date.isoformat() for e in log_read.read_log(log_of(plans_dir)).entries] == [
        "2022-08-01",
        "2022-08-02",
        "2022-08-03",
    ]


def test_a_time_zone_no_clock_has(run, plans_dir):
    result = run(*UPDATE, env={"TZ": "XXX+25:59"})
    assert result.code == 0, result.err
    (entry,) = log_read.read_log(log_of(plans_dir)).entries
    assert entry.recorded.utcoffset() is not None
