"""What a user types on the command line: dates and figures given as arguments and options.

People type dates and figures the way their office writes them (`2022/8/1`,
`8月1日`, `1,500`, `150家`, full-width digits from a Chinese input method),
and make typos that look like numbers (`1,50`).  Each form below is either
read as what it clearly means or refused with the forms that are accepted;
nothing is guessed.  Sign rules are not decided here: a figure keeps the sign
typed (`+20` for an increment, `-1.5` for a change) and the kind checks judge it.
"""

# No `from __future__ import annotations`: NamedTuple would compile every annotation string at each start.

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from zibo_rectify.errors import RectifyError, usage_error
from zibo_rectify.i18n import _

MAX_FIGURE = 10**15  # as a plan's figures: beyond it a figure is a typo, not a count
SMALLEST_FIGURE = Decimal("1e-6")  # a non-zero figure smaller than this is a typo too
MAX_DIGITS = 15  # significant digits a figure keeps exactly (a float holds 15)
FIRST_YEAR, LAST_YEAR = 1900, 2999

# Full-width and other look-alike punctuation a Chinese input method types.
_PUNCTUATION = str.maketrans(
    {"\uff0e": ".", "\uff0c": ",", "\u3001": ",", "\uff0b": "+", "\uff0d": "-", "\u2212": "-", "\uff05": "%"}
)
_FIGURE = re.compile(
    r"(?P<sign>[+-]?)(?P<whole>[0-9][0-9,_]*)?(?:\.(?P<fraction>[0-9]+))?"
    r"(?:[eE](?P<exponent>[+-]?[0-9]+))?(?P<unit>.*)",
    re.DOTALL,
)
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


class Figure(NamedTuple):
    """A figure as typed: its value (sign applied), the sign typed ("" when none) and any unit after it."""

    value: int | float
    sign: str
    unit: str
    text: str


def _ascii_digits(text: str) -> str:
    """Digits of any script as ASCII digits (１２０ and ١٢٠ are 120), full-width punctuation as ASCII."""
    out = []
    for char in text.translate(_PUNCTUATION):
        digit = unicodedata.decimal(char, None) if not char.isascii() else None
        out.append(str(digit) if digit is not None else char)
    return "".join(out)


def _clean(text: str) -> str:
    return _ascii_digits(text).strip().replace("\u3000", " ").strip()


def figure(text: str, what: str | None = None) -> Figure:
    """The figure in `text`, or a usage error that says what is wrong and what to type.

    Accepted: digits of any script, a decimal point, thousands grouped by commas
    (`1,500`), an exponent up to e±15 (`1.2e3`), a sign, and a unit after the
    number (`150家`, `61%`), which the caller compares with the target's.
    """
    what = what or _("VALUE")  # the argument's name, as --help shows it
    cleaned = _clean(text)
    fix = _("give the figure as digits, e.g. 120, 1500 or 61.5")
    match = _FIGURE.fullmatch(cleaned)
    whole, fraction, exponent = (
        (match.group(g) for g in ("whole", "fraction", "exponent")) if match else ("",) * 3
    )
    if not match or not (whole or fraction) or (whole or "").startswith((",", "_")):
        raise usage_error(
            "not-a-number", _("{what} {text!r} is not a number").format(what=what, text=text), fix
        )
    if whole and "_" in whole:
        raise usage_error(
            "bad-grouping",
            _("{what} {text!r}: an underscore does not group digits in a figure").format(
                what=what, text=text
            ),
            _("write {plain} without it").format(plain=whole.replace("_", "").replace(",", "")),
        )
    if whole and "," in whole and not _GROUPED.fullmatch(whole):
        raise usage_error(
            "bad-grouping",
            _("{what} {text!r}: a comma groups three digits (1,500); here it looks like a typo").format(
                what=what, text=text
            ),
            _("type the figure without commas, e.g. {plain}, or with a decimal point").format(
                plain=whole.replace(",", "")
            ),
        )
    unit = match.group("unit").strip()
    if unit[:1] and unit[0] in ".,_+-eE" or any(char in "0123456789" for char in unit):
        raise usage_error(
            "not-a-number", _("{what} {text!r} is not a number").format(what=what, text=text), fix
        )
    digits = (whole or "").replace(",", "") + (fraction or "")
    if len(digits.strip("0")) > MAX_DIGITS:
        raise _out_of_range(what, text)
    if exponent is not None and len(exponent.lstrip("+-0")) > 2:  # never build 1e10000000
        raise _too_small(what, text) if exponent.startswith("-") else _out_of_range(what, text)
    number = Decimal(
        f"{match.group('sign')}{(whole or '0').replace(',', '')}.{fraction or '0'}e{exponent or 0}"
    )
    magnitude = abs(number)
    if magnitude > MAX_FIGURE:
        raise _out_of_range(what, text)
    if magnitude and magnitude < SMALLEST_FIGURE:
        raise _too_small(what, text)
    value: int | float = int(number) if number == number.to_integral_value() else float(number)
    return Figure(value, match.group("sign"), unit, text)


def _too_small(what: str, text: str) -> RectifyError:
    return usage_error(
        "figure-too-small",
        _("{what} {text!r} is smaller than any figure rectify records (0.000001)").format(
            what=what, text=text
        ),
        _("check the exponent; give the figure as digits, e.g. 0.5"),
    )


def _out_of_range(what: str, text: str) -> RectifyError:
    return usage_error(
        "figure-out-of-range",
        _("{what} {text!r} is beyond what a figure can be (at most 10^15, 15 significant digits)").format(
            what=what, text=text
        ),
        _("check the figure for a typo"),
    )


ACCEPTED_DATES = (
    "2022-08-01, 2022-8-1, 2022/8/1, 2022.8.1, 2022年8月1日, 8月1日, today, yesterday, 今天, 昨天"
)
_ISO_LIKE = re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})")
_CHINESE = re.compile(r"(?:(?P<y>[0-9]{4}) *年)? *(?P<m>[0-9]{1,2}) *月 *(?P<d>[0-9]{1,2}) *[日号]?")
_WORDS = {"today": 0, "今天": 0, "今日": 0, "yesterday": 1, "昨天": 1, "昨日": 1}


def needs_year(text: str) -> bool:
    """Whether `text` is a day of a year it does not name (`8月1日`), which takes the plan's."""
    match = _CHINESE.fullmatch(_clean(text).lower())
    return match is not None and match.group("y") is None


def day(text: str, option: str, today: dt.date, years: tuple[int, int] | None = None) -> dt.date:
    """The day in `text`, as people type dates; `years` is the plan's first and last year, if known.

    A date without a year (`8月1日`) takes the plan's year, and is refused
    when no plan is known or the plan spans several years.  Forms that could
    mean two things (`20220605`, week dates, two-digit years) are refused.
    """
    cleaned = _clean(text).lower()
    if cleaned in _WORDS:
        return today - dt.timedelta(days=_WORDS[cleaned])
    match = _ISO_LIKE.fullmatch(cleaned) or _CHINESE.fullmatch(cleaned)
    if match is None:
        forms = _("write dates as one of: {forms}").format(forms=ACCEPTED_DATES)
        if re.fullmatch("[0-9]{8}", cleaned):  # 20220605: a date, or a figure typed in the wrong place
            forms = _("if you meant {day}, type it so; {forms}").format(
                day=f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}", forms=forms
            )
        raise usage_error(
            "bad-date",
            _("{option} {value!r} is not a date rectify reads").format(option=option, value=text),
            forms,
        )
    year_text = match.group("y")
    if year_text is None:
        if years is None or years[0] != years[1]:
            raise usage_error(
                "date-without-year",
                _("{option} {value!r} has no year, and no single plan year to take it from").format(
                    option=option, value=text
                ),
                _("add the year, e.g. {year}年{value}").format(year=today.year, value=cleaned),
            )
        year_text = str(years[0])
    year, month, day_of_month = int(year_text), int(match.group("m")), int(match.group("d"))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise usage_error(
            "bad-date",
            _("{option} {value!r}: the year {year} is outside {first}–{last}").format(
                option=option, value=text, year=year, first=FIRST_YEAR, last=LAST_YEAR
            ),
            _("check the year"),
        )
    try:
        return dt.date(year, month, day_of_month)
    except ValueError:
        raise usage_error(
            "bad-date",
            _("{option} {value!r} is not a real date ({reason})").format(
                option=option, value=text, reason=no_such_day(year, month)
            ),
            _("check the day and month"),
        ) from None


def no_such_day(year: int, month: int) -> str:
    """Why a year, month and day name no day, in the user's language (Python's own reason is English)."""
    if not 1 <= month <= 12:
        return _("there is no month {month}").format(month=month)
    days = calendar.monthrange(year, month)[1]
    return _("{year}-{month:02d} has {days} days").format(year=year, month=month, days=days)


def default_day(today: dt.date, start: dt.date, end: dt.date) -> dt.date:
    """Today, as the day of an entry given without --date, unless today is outside the plan period."""
    if start <= today <= end:
        return today
    where = (
        _("no --date given and today ({today}) is after the plan's end ({end}); add --date {year}-…")
        if today > end
        else _(
            "no --date given and today ({today}) is before the plan's start ({start}); add --date {year}-…"
        )
    )
    year = end.year if today > end else start.year
    raise usage_error(
        "no-date",
        where.format(today=today, start=start, end=end, year=year),
        _("give the day the figure is true of, e.g. --date {end}").format(end=min(end, today)),
    )
