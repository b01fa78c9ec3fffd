"""Figures and goals as running text writes them (3,000 张, 61.5%, 120家, 不低于60% in Chinese),
without rich: `status --json`, warnings, refusals and the report's sentences need them and no table."""

from __future__ import annotations

import math

from zibo_rectify.i18n import language

MINUS = "\u2212"  # −1.5%: a minus sign, not the hyphen a spreadsheet reads as a formula
LEVELS = ("rate", "change")  # a level in percent: 不低于/高于; a cumulative figure: 不少于/超过
NO_FIGURE = "—"  # a figure or goal there is none of


def fmt(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return "—"
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit:
        shown += unit if unit == "%" else f" {unit}"
    return shown


def figure(value: float | None, unit: str | None) -> str:
    """A figure in running text, as the language writes it: 120 家 in English, 120家 in Chinese."""
    return with_unit(fmt(value), unit) if value is not None else fmt(value)


def with_unit(shown: str, unit: str | None) -> str:
    """A figure and its unit as the language writes them: 300 家 in English text, 300家 in Chinese."""
    if not unit:
        return shown
    return shown + unit if unit == "%" or language() == "zh" else f"{shown} {unit}"


# The goal's direction in each language, by comparison: English marks, Chinese words; a level and
# a cumulative figure read differently in Chinese (不低于60%, 不少于300家).
MARK = {
    "at_least": ("≥", "不低于", "不少于"),
    "kept_at": ("≥", "不低于", "不低于"),
    "more_than": (">", "高于", "超过"),
    "at_most": ("≤", "不高于", "不超过"),
    "less_than": ("<", "低于", "少于"),
    "exactly": ("", "", ""),
    "about": ("≈", "", ""),
}


def number(value: float | None, whole: bool = False, up: bool = False) -> str:
    """A figure without its unit: 3,050, 61.3; a whole-number kind's figure rounded to a whole
    (`up`: a figure to reach, rounded up, so 116.5 家 reads 117)."""
    if value is None:
        return NO_FIGURE
    if whole and not float(value).is_integer():
        value = math.ceil(value - 1e-9) if up else round(value)
    return fmt(value).replace("-", MINUS)  # a sign, never a cell that a spreadsheet runs


def amount(value: float | None, unit: str | None, whole: bool = False, up: bool = False) -> str:
    """A figure with its unit, as the language writes it: 120 家 / 120家, 61.3%."""
    if value is None:
        return NO_FIGURE
    return with_unit(number(value, whole, up), unit)


def goal_phrase(
    comparison: str | None,
    goal: float | None,
    goal_high: float | None,
    unit: str | None,
    kind: str,
    of_name: str | None = None,
) -> str:
    """The goal with its direction: ≥60% / 不低于60%, <4.3% / 低于4.3%, 4–5 家 / 4—5家, ≈6.2% /
    6.2%左右, ≥ 全市平均水平 / 不低于全市平均水平; "—" when there is none."""
    zh = language() == "zh"
    if goal_high is not None and goal is not None:
        dash = "—" if zh else "–"
        return f"{number(goal)}{dash}{with_unit(number(goal_high), unit)}"
    mark, level_word, count_word = MARK.get(comparison or "at_least", MARK["at_least"])
    word = (level_word if kind in LEVELS else count_word) if zh else mark
    if of_name is not None:
        return f"{word}{of_name}" if zh else f"{word} {of_name}".strip()
    if goal is None:
        return NO_FIGURE
    shown = with_unit(number(goal), unit)
    if comparison == "about":
        return shown + "左右" if zh else "≈" + shown
    return word + shown
