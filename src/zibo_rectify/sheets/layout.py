"""What a 填报表 holds and where: its columns, the words of its lists, and the hidden sheet's keys.

`form` writes by these names and `collect` finds them again by their titles, in
either language, so a column moved or a row re-sorted by another office suite
still reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import N_, _, speaking

# (key, title): the form's columns in order.  The first six are filled by rectify and locked.
COLUMNS = (
    ("number", N_("No.")),
    ("task", N_("Task or part")),
    ("goal", N_("Goal")),
    ("due", N_("Deadline")),
    ("current", N_("Figure in force")),
    ("owed", N_("Owed now")),
    ("value", N_("Figure this period")),
    ("done", N_("Completion")),
    ("progress", N_("Progress in words")),
    ("verdict", N_("Self-assessment")),
    ("expected", N_("Expected completion")),
    ("evidence", N_("Evidence")),
    ("by", N_("Filled in by")),
    ("date", N_("Date filled in")),
)
FILLED = ("value", "done", "progress", "verdict", "expected", "evidence", "by", "date")
DONE_WORDS = (N_("done"), N_("under way"))  # 完成情况: the first marks a task done
UNIT_LABEL = N_("Reporting unit")
AS_OF_LABEL = N_("As of")

HIDDEN_SHEET = "rectify"  # plan, target and part ids of each row, and the form's as-of day
HIDDEN_HEADER = ("number", "task", "plan", "target", "part")
FORM_MARK = "rectify form 1"


def titles(language: str) -> dict[str, str]:
    """Each column's title in `language`, by key."""
    with speaking(language):
        return {key: _(title) for key, title in COLUMNS}


def words(choices: tuple[str, ...], language: str) -> list[str]:
    with speaking(language):
        return [_(w) for w in choices]


def verdict_words(language: str) -> list[str]:
    """自评's list: the office's verdicts as `--verdict` names them (提前, 按序时, 推进缓慢, 严重滞后)."""
    from zibo_rectify.present.labels import VERDICT_LABEL, verdict_label

    with speaking(language):
        return [verdict_label(v) for v in VERDICT_LABEL]


def open_workbook(path: Path) -> Any:
    """The workbook at `path`, its formulas' values read; anything but an xlsx is refused (exit 2)."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as err:
        raise usage_error(
            "not-a-workbook",
            _("{file} cannot be read as an xlsx workbook: {error}").format(file=path, error=err),
            _("save it as .xlsx (Excel, WPS and LibreOffice all can), then give it again"),
        ) from None
