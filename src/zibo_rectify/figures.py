"""Figures as running text writes them (3,000 张, 61.5%, 120家 in Chinese), without rich:
`status --json`, warnings and the report's sentences need them and no table."""

from __future__ import annotations

from zibo_rectify.i18n import language


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
