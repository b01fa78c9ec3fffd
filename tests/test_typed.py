"""Dates and figures as people type them on the command line: a table of what is read and what refused."""

from __future__ import annotations

import datetime as dt

import pytest

from zibo_rectify.errors import RectifyError
from zibo_rectify.typed import day, default_day, figure, needs_year

TODAY = dt.date(2026, 12, 1)

FIGURES = [
    # typed, value, sign, unit
    ("120", 120, "", ""),
    ("１２０", 120, "", ""),  # full-width, from a Chinese input method
    ("١٢٠", 120, "", ""),  # Arabic-Indic digits: digits of any script are the digits they are
    ("１２０．５", 120.5, "", ""),
    ("1,500", 1500, "", ""),
    ("1,234,567.5", 1234567.5, "", ""),
    ("150家", 150, "", "家"),
    ("150 家", 150, "", "家"),
    ("61%", 61, "", "%"),
    ("+20", 20, "+", ""),  # the sign is kept: increments and changes are judged by the kind
    ("-1.5", -1.5, "-", ""),
    ("1.2e3", 1200, "", ""),
    ("1e15", 10**15, "", ""),
    ("0.000001", 0.000001, "", ""),
]


@pytest.mark.parametrize(("typed", "value", "sign", "unit"), FIGURES)
def test_figures_read(typed, value, sign, unit):
    got = figure(typed)
    assert (got.value, got.sign, got.unit) == (value, sign, unit)
    assert type(got.value) is type(value)


REFUSED_FIGURES = [
    ("1,50", "bad-grouping"),
    ("12,34,567", "bad-grouping"),
    ("1_000", "bad-grouping"),
    ("1e400", "figure-out-of-range"),
    ("9e999999999999999999", "figure-out-of-range"),
    ("1e10000000", "figure-out-of-range"),
    ("1234567890123456", "figure-out-of-range"),
    ("1e16", "figure-out-of-range"),
    ("1e-400", "figure-too-small"),
    ("0.0000001", "figure-too-small"),
    ("nan", "not-a-number"),
    ("inf", "not-a-number"),
    ("1.2.3", "not-a-number"),
    ("1e", "not-a-number"),
    ("", "not-a-number"),
    ("abc", "not-a-number"),
    ("0x10", "not-a-number"),
]


@pytest.mark.parametrize(("typed", "code"), REFUSED_FIGURES)
def test_figures_refused(typed, code):
    with pytest.raises(RectifyError) as refused:
        figure(typed)
    assert refused.value.diagnostics[0].code == code
    assert refused.value.diagnostics[0].fix


DATES = [
    ("2022-08-01", (2022, 2022), dt.date(2022, 8, 1)),
    ("2022-8-1", None, dt.date(2022, 8, 1)),
    ("2022/8/1", None, dt.date(2022, 8, 1)),
    ("2022.8.1", None, dt.date(2022, 8, 1)),
    ("2022．08．01", None, dt.date(2022, 8, 1)),
    ("2022年8月1日", None, dt.date(2022, 8, 1)),
    ("2022年8月1号", None, dt.date(2022, 8, 1)),
    ("8月1日", (2022, 2022), dt.date(2022, 8, 1)),
    ("２０２２-０８-０１", None, dt.date(2022, 8, 1)),
    ("today", None, TODAY),
    ("今天", None, TODAY),
    ("Yesterday", None, TODAY - dt.timedelta(days=1)),
    ("昨天", None, TODAY - dt.timedelta(days=1)),
]


@pytest.mark.parametrize(("typed", "years", "meant"), DATES)
def test_dates_read(typed, years, meant):
    assert day(typed, "--date", TODAY, years) == meant


REFUSED_DATES = [
    ("20220605", None, "if you meant 2022-06-05"),
    ("2022-W23-1", None, "write dates as one of"),
    ("22-8-1", None, "write dates as one of"),
    ("8/1/2022", None, "write dates as one of"),
    ("2022-8/1", None, "write dates as one of"),
    ("2022.8-1", None, "write dates as one of"),
    ("8月1日", None, "no single plan year"),
    ("8月1日", (2022, 2023), "no single plan year"),
    ("9999-12-02", None, "outside 1900–2999"),
    ("2022-02-30", None, "not a real date"),
]


@pytest.mark.parametrize(
    ("typed", "needs"),
    [
        ("8月1日", True),
        ("８月１日", True),
        ("8 月 1 号", True),
        ("2022年8月1日", False),
        ("2022.8.1", False),
        ("今天", False),
    ],
)
def test_a_day_without_a_year_is_told_apart(typed, needs):
    assert needs_year(typed) is needs


@pytest.mark.parametrize(("typed", "years", "says"), REFUSED_DATES)
def test_dates_refused(typed, years, says):
    with pytest.raises(RectifyError) as refused:
        day(typed, "--date", TODAY, years)
    diagnostic = refused.value.diagnostics[0]
    assert says in diagnostic.message + (diagnostic.fix or "")


def test_no_date_outside_the_plan_period_says_so():
    start, end = dt.date(2022, 5, 1), dt.date(2022, 12, 31)
    assert default_day(dt.date(2022, 8, 1), start, end) == dt.date(2022, 8, 1)
    with pytest.raises(RectifyError) as late:
        default_day(TODAY, start, end)
    assert late.value.diagnostics[0].message == (
        "no --date given and today (2026-12-01) is after the plan's end (2022-12-31); add --date 2022-…"
    )
    with pytest.raises(RectifyError) as early:
        default_day(dt.date(2022, 1, 1), start, end)
    assert "before the plan's start" in early.value.diagnostics[0].message
