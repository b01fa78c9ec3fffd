"""The bodies of `rectify form`, `collect` and `import`: the command line only parses and prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from zibo_rectify.errors import Diagnostic, RectifyError, usage_error
from zibo_rectify.i18n import _
from zibo_rectify.sheets.layout import speaking


def write_forms(
    folder: Path,
    plan_ids: list[str],
    owner: str | None,
    day: dt.date | None,
    output: str,
    lang: str | None,
    warn: Callable[[list[Diagnostic]], None],
) -> list[Path]:
    """Each unit's form, in the plans' language (Chinese for a plan written in Chinese); a plan that
    does not load is left out with a warning (`warn`)."""
    from zibo_rectify.report.make import chosen_plans, language
    from zibo_rectify.sheets import form

    sources = chosen_plans(folder, plan_ids, warn)
    target = Path(output)
    to_folder = output.endswith(("/", "\\")) or target.is_dir()
    if not to_folder and target.suffix.lower() != ".xlsx":
        raise usage_error(
            "not-xlsx",
            _("-o {path}: a form is an .xlsx file").format(path=output),
            _("name a file ending in .xlsx, or a folder ending in /"),
        )
    if to_folder:
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise usage_error(
                "cannot-write",
                _("cannot write {path}: {error}").format(path=output, error=err.strerror or err),
                _("choose a folder you may write to with -o"),
            ) from None
    with speaking(language(lang, sources)):
        chosen = form.forms(form.loaded_sources(sources), day or dt.date.today(), owner)
        return form.write_forms(chosen, target, to_folder)


def collect_files(folder: Path, files: list[Path], dry_run: bool) -> tuple[list[str], bool]:
    """The receipt of each file, and whether any row was refused.  A file that cannot be read is
    said in its receipt, and the others are still collected."""
    from zibo_rectify.sheets import collect

    where = collect.prepare(folder)
    lines: list[str] = []
    refused = False
    for path in files:
        try:
            receipt = collect.collect(path, where, dry_run)
        except RectifyError as err:
            first = err.diagnostics[0]
            lines.append(_("{file}: not collected: {reason}").format(file=path, reason=first.message))
            if first.fix:
                lines.append(_("  fix: {fix}").format(fix=first.fix))
            refused = True
            continue
        lines += collect.receipt_lines(receipt, dry_run)
        refused = refused or receipt.count(collect.REFUSED) > 0
    return lines, refused
