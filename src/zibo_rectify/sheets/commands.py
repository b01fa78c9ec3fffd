"""The bodies of `rectify form`, `collect` and `import`: the command line only parses and prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zibo_rectify.errors import Diagnostic, RectifyError, usage_error
from zibo_rectify.i18n import _, speaking


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


def import_ledger(ledger: Path, sheet: str | None, output: Path) -> tuple[list[str], bool]:
    """Write the draft plan and its log from the ledger; the lines to print: what was written,
    what could not be read, and what `check` says of the draft."""
    import re

    from zibo_rectify import scaffold
    from zibo_rectify.check import check_paths
    from zibo_rectify.model.plan import SLUG_PATTERN
    from zibo_rectify.plans import LOG_SUFFIX
    from zibo_rectify.sheets import ledger_import

    plan_id = output.name.removesuffix(".yaml")
    if not output.name.endswith(".yaml") or not re.match(SLUG_PATTERN, plan_id):
        raise usage_error(
            "bad-plan-file",
            _("-o {path}: a plan is written to ID.yaml, ID in lowercase letters, digits and -").format(
                path=output
            ),
            _("e.g. -o plans/xuncha-2023.yaml"),
        )
    log_path = output.with_name(plan_id + LOG_SUFFIX)
    for path in (output, log_path):
        if path.exists():
            raise usage_error(
                "plan-exists",
                _("{path} already exists").format(path=path),
                _("choose another id, or edit that file"),
            )
    read = ledger_import.read_ledger(ledger, sheet)
    made = ledger_import.draft(read, plan_id, ledger.stem, dt.date.today())
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        scaffold.write_new(output, made.yaml)
        kept = _entries_that_fit(output, made.entries)
        scaffold.write_new(
            log_path,
            scaffold.LOG_HEADER.format(plan_id=plan_id)
            + "".join(line + "\n" for line in ledger_import.log_lines(kept)),
        )
    except OSError as err:
        raise usage_error(
            "cannot-write",
            _("cannot write {path}: {error}").format(path=output, error=err.strerror or err),
            _("check that the folder is writable and the disk has room"),
        ) from None
    lines = [
        _("Wrote {path}: {count} items").format(path=output, count=made.targets),
        _("Wrote {path}: {count} entries from the progress columns").format(path=log_path, count=len(kept)),
    ]
    lines += [_("  not mapped: {what}").format(what=what) for what in made.unread]
    checked = check_paths([output, log_path])
    if checked.diagnostics:
        from zibo_rectify.render.diagnostic import diagnostic_text

        lines.append(_("rectify check says what to fill:"))
        lines += [str(diagnostic_text(d)) for d in checked.diagnostics]
    else:
        lines.append(_("rectify check finds no problem in the draft"))
    return lines, not checked.exit_code


def _entries_that_fit(plan_path: Path, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries as the plan takes them: a figure the plan refuses (or a plan that does not load
    yet, its 待填写 left) is kept as the words only."""
    from pydantic import ValidationError

    from zibo_rectify import plans, workspace
    from zibo_rectify.log import EntryRules, ProgressEntry, stamp

    try:
        plan = workspace.load(next(f for f in plans.plan_files(plan_path.parent) if f.path == plan_path)).plan
    except (RectifyError, StopIteration):
        plan = None
    rules = EntryRules(plan) if plan is not None else None  # a sheet's rows, checked as a log's are
    kept = []
    for fields in entries:
        try:
            entry = ProgressEntry(recorded=stamp(), **fields)
            refused = rules is None or bool(rules.problems(entry))
        except ValidationError:  # a share over 100%: the words are kept
            refused = True
        if refused:
            fields = {k: v for k, v in fields.items() if k in ("target", "date", "note")}
        if len(fields) > 2:  # a target and a date, and something to say
            kept.append(fields)
    return kept
