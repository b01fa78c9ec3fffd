"""From the command line's words to a report's bytes: which plans, which day, which language, which format."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from zibo_rectify import i18n, knownat, plans, workspace
from zibo_rectify.errors import Diagnostic, usage_error
from zibo_rectify.i18n import _
from zibo_rectify.present.model import PlanInput, Report, build_report
from zibo_rectify.status.filters import EVERY_TARGET, Scope
from zibo_rectify.workflow.changes import check_span

TEXT_FORMATS = ("md", "html", "csv", "jsonl")
WITH_HISTORY = ("html", "xlsx", "jsonl", "parquet")  # charts, the history sheet, --what entries
FORMATS = ("md", "html", "csv", "xlsx", "docx", "jsonl", "parquet")
WHAT = ("targets", "entries", "changes")


def check_options(
    output_format: str, what: str, template: Path | None, day: dt.date, since: knownat.Since | None = None
) -> None:
    if output_format not in FORMATS:
        raise usage_error(
            "bad-format",
            _("--format {format!r} is not a format").format(format=output_format),
            _("use one of: {formats}").format(formats=", ".join(FORMATS)),
        )
    if what not in WHAT:
        raise usage_error(
            "bad-what",
            _("--what {what!r} is neither targets, entries nor changes").format(what=what),
            _(
                "use --what targets (a row per target), --what entries (a row per log entry)"
                " or, with --since, --what changes (a row per change)"
            ),
        )
    if since is not None:
        check_span(since, day)
    if what == "changes" and since is None:
        raise usage_error(
            "changes-need-since",
            _("--what changes lists what changed since a day, and no --since was given"),
            _("add --since with the day of the last report, e.g. --since 2022-10-01"),
        )
    if what != "targets" and output_format not in ("jsonl", "parquet"):
        raise usage_error(
            "what-needs-export",
            _("--what {what} goes with --format jsonl or parquet").format(what=what),
            _("use --format jsonl --what {what}; the xlsx has them in a sheet of their own").format(
                what=what
            ),
        )
    if template is not None and output_format not in ("docx", "xlsx"):
        raise usage_error(
            "template-needs-docx",
            _("--template goes with --format docx or --format xlsx"),
            _("add --format docx (a .docx template) or --format xlsx (an office's own 台账)"),
        )
    if template is not None and not template.is_file():
        raise usage_error(
            "no-template",
            _("there is no template file {path}").format(path=template),
            _("give a .docx file, or an .xlsx file with --format xlsx"),
        )


def repository_commit(folder: Path) -> str | None:
    """The commit of the git repository that holds the plans folder (the last at or before
    --known-at, when one is given), if it is one and git is here."""
    found = knownat.commit(folder)
    return found[0] if found is not None else None


def chosen_plans(
    folder: Path, plan_ids: list[str], warn: Callable[[list[Diagnostic]], None]
) -> list[workspace.LoadedPlan]:
    """The named plans (every plan when none is named) that load, in the folder's order; one that
    does not load is left out with a warning, so one plan with problems does not stop the others."""
    files = (
        [f for plan_id in plan_ids for f in plans.choose_plan(folder, plan_id)]
        if plan_ids
        else (plans.choose_plan(folder, None))
    )
    loaded, left_out = workspace.load_each(files)
    warn(left_out)
    return loaded


def inputs(
    loaded: list[workspace.LoadedPlan], commit: tuple[str, dt.datetime] | None, interface: str
) -> Iterator[PlanInput]:
    """Each plan with its log, read as the report comes to it: one log in memory at a time.
    Each plan is taken out of `loaded` as it is given, so once its report is made it is let
    go (a thousand plans held 140 MB to the end).  A log that cannot be read is said in the
    interface's language, not the report's."""
    loaded.reverse()
    while loaded:
        plan = loaded.pop()
        report_language = i18n.language()
        i18n.use(interface)
        try:
            log = workspace.load_log(plan)
        finally:
            i18n.use(report_language)
        yield PlanInput(plan.plan, log.entries, log.lines, *(commit or (None, None)))
        del plan, log


def owner_names(sources: list[workspace.LoadedPlan]) -> list[str]:
    """Every unit that owns a target of the plans, in order."""
    return sorted({o.name for s in sources for p, t in s.plan.all_targets() for o in s.plan.owners_of(p, t)})


def language(option: str | None, sources: Sequence[workspace.LoadedPlan]) -> str:
    """The report's language: --lang, else RECTIFY_LANG, else Chinese for a plan written in Chinese,
    else the interface's."""
    chosen = option or os.environ.get("RECTIFY_LANG")
    if chosen:
        if chosen.lower()[:2] not in i18n.LANGUAGES:
            raise usage_error(
                "bad-lang", _("--lang {lang!r} is not a language").format(lang=chosen), _("use zh or en")
            )
        return i18n.normalize(chosen)
    if any(_chinese(s.plan.title) for s in sources):
        return "zh"
    return i18n.language()


def _chinese(words: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in words)


def produce(
    folder: Path,
    plan_ids: list[str],
    day: dt.date,
    output_format: str,
    *,
    lang: str | None = None,
    owner: str | None = None,
    template: Path | None = None,
    what: str = "targets",
    since: knownat.Since | None = None,
    warn: Callable[[list[Diagnostic]], None] = lambda left_out: None,
    scope: Scope = EVERY_TARGET,
) -> bytes:
    """The report's bytes, every word in the report's language (the interface's is kept); with
    `since`, each format adds the section "since the last report"."""
    check_options(output_format, what, template, day, since)
    sources = chosen_plans(folder, plan_ids, warn)
    scope.checked(s.plan for s in sources)
    chosen = language(lang, sources)
    before = i18n.language()
    i18n.use(chosen)
    units = owner_names(sources) if owner is not None else []  # for the error that names them
    try:
        logs = inputs(sources, knownat.commit(folder), before)
        report = build(units, logs, day, chosen, owner, since, output_format in WITH_HISTORY, scope)
        return render(report, output_format, what, template)
    finally:
        i18n.use(before)


def build(
    units: list[str],
    logs: Iterable[PlanInput],
    day: dt.date,
    chosen: str,
    owner: str | None,
    since: knownat.Since | None = None,
    history: bool = True,
    scope: Scope = EVERY_TARGET,
) -> Report:
    report = build_report(logs, day, chosen, owner, since, history, scope)
    if owner is not None and not any(p.shown for p in report.plans):
        raise usage_error(
            "unknown-owner",
            _("no target names {owner} among its owners").format(owner=owner),
            _("owners: {names}").format(names=", ".join(units)) if units else None,
        )
    return report


def render(report: Report, output_format: str, what: str = "targets", template: Path | None = None) -> bytes:
    if output_format == "md":
        from zibo_rectify.report import md

        return md.render(report)
    if output_format == "html":
        from zibo_rectify.report import html

        return html.render(report)
    if output_format == "csv":
        from zibo_rectify.report import csv

        return csv.render(report)
    if output_format == "xlsx":
        from zibo_rectify.report import xlsx

        if template is not None:  # an office's own 台账: its sheet, its header, our rows
            from zibo_rectify.report import xlsx_template

            return xlsx_template.render(report, template)
        return xlsx.render(report)
    if output_format == "docx":
        from zibo_rectify.report import docx

        return docx.render(report, template)
    if output_format == "jsonl":
        from zibo_rectify.report import jsonl

        return jsonl.render(report, what)
    from zibo_rectify.report import parquet

    return parquet.render(report, what)


def write(data: bytes, output: Path | None, output_format: str, plans_folder: Path) -> None:
    """The report to the file `output` (output.write_file: never a plan, a log or a link), or
    to standard output; a binary format is not printed on a terminal."""
    from zibo_rectify import output as out

    if output is not None:
        out.write_file(output, data, plans_folder)
        return
    if output_format not in TEXT_FORMATS and sys.stdout.isatty():
        raise usage_error(
            "binary-to-terminal",
            _("a {format} report is a file, not text for the terminal").format(format=output_format),
            _("add -o FILE, e.g. -o report.{format}").format(format=output_format),
        )
    out.print_bytes(data)
