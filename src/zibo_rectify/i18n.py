"""The interface language: English (the source strings) or Chinese, through gettext catalogs.

The language is chosen once per process, before the command line is built,
because help texts are part of it: `--lang zh|en`, else RECTIFY_LANG, else the
locale (LC_ALL, LC_MESSAGES, LANG).  Messages are marked `_("…")` and their
Chinese lives in `locale/zh_CN/LC_MESSAGES/rectify.po` (compiled to `.mo`);
a test fails when a marked message has no Chinese.  Plan text is never
translated: it is shown as written.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "rectify"
LANGUAGES = ("en", "zh")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def choose(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """`--lang` on the command line, else RECTIFY_LANG, else the locale; English by default."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return normalize(argv[index + 1])
        if arg.startswith("--lang="):
            return normalize(arg.partition("=")[2])
    if environ.get("RECTIFY_LANG"):
        return normalize(environ["RECTIFY_LANG"])
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return normalize(environ[name])
    return "en"


def normalize(value: str) -> str:
    return "zh" if value.lower().startswith("zh") else "en"


def use(language: str) -> None:
    """Switch every later `_()` to `language` ("en" or "zh")."""
    global _translation, _language
    _language = normalize(language)
    _translation = catalog(_language)


@functools.cache
def catalog(language: str) -> gettext.NullTranslations:
    """The language's messages ("en" or "zh"), read once: a report over many plans switches
    language twice a plan (its logs' problems are said in the interface's), and
    gettext.translation looks for the file and copies its catalog at each call."""
    if language == "zh":
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"])
    return gettext.NullTranslations()


def language() -> str:
    return _language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Every `_()` inside the block in `language`; the language before it after."""
    before = _language
    use(language)
    try:
        yield
    finally:
        use(before)


def _(message: str) -> str:
    """The message in the interface language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for `count`, in the interface language."""
    return _translation.ngettext(singular, plural, count)


def translate_help_panels() -> None:
    """Typer's own help headings ("Options", "Arguments", "Commands") in the interface language."""
    if _language == "en":
        return
    from typer import rich_utils

    rich_utils.OPTIONS_PANEL_TITLE = _("Options")
    rich_utils.ARGUMENTS_PANEL_TITLE = _("Arguments")
    rich_utils.COMMANDS_PANEL_TITLE = _("Commands")
    rich_utils.ERRORS_PANEL_TITLE = _("Error")
    rich_utils.DEFAULT_STRING = _("[default: {}]")
    rich_utils.REQUIRED_LONG_STRING = _("[required]")


def N_(message: str) -> str:
    """Mark a message for the catalog where it is defined; `_()` translates it where it is shown."""
    return message


KIND_LABEL = {
    "count": N_("count"),
    "amount": N_("amount"),
    "quantity": N_("quantity"),
    "rate": N_("rate"),
    "task": N_("task"),
    "change": N_("change"),
    "indicator": N_("indicator"),
}


def kind_label(kind: str) -> str:
    """A target's kind in the interface language (计数, 金额 …); a kind not listed as itself."""
    return _(KIND_LABEL[kind]) if kind in KIND_LABEL else kind


# A workflow step, by its kind and a review's verdict, as the log stores them.
STEP_LABEL = {
    "signoff": N_("signoff"),
    "reopen": N_("reopen"),
    "review": N_("review"),
    "withdraw": N_("withdraw"),
    "accepted": N_("accepted"),
    "rejected": N_("rejected"),
}


def step_label(word: str) -> str:
    """A workflow step or verdict in the interface language (销号, 审核, 通过 …)."""
    return _(STEP_LABEL[word]) if word in STEP_LABEL else word


def month_day(day: object) -> str:
    """A day of the plan's year in running text: 7月31日 in Chinese, 07-31 in English."""
    if _language == "zh":
        return f"{day.month}月{day.day}日"  # type: ignore[attr-defined]
    return f"{day:%m-%d}"


def extended(due: str, original: str) -> str:
    """A due date moved by an extension (延期) beside the plan's own: 9月30日（原定8月31日，已延期）."""
    return _("{due} (was {original}, extended)").format(due=due, original=original)


def short_date(day: object, years: bool) -> str:
    """A date in a line or a reason: 7月31日 / 07-31, with its year when the plan spans years."""
    return long_date(day) if years else month_day(day)


def extended_due(due: object, original: object, years: bool) -> str:
    """A due date an extension (延期) moved, beside the plan's own, as every view but data says it:
    9月30日（原定8月31日，已延期）, 09-30 (was 08-31, extended); with the year when the plan spans years."""
    return extended(short_date(due, years), short_date(original, years))


def long_date(day: object) -> str:
    """A date in running text: 2022年7月31日 in Chinese, 2022-07-31 in English."""
    if _language == "zh":
        return f"{day.year}年{day.month}月{day.day}日"  # type: ignore[attr-defined]
    return str(day)
