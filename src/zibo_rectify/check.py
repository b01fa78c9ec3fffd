"""`rectify check`: every problem in a set of plan and log files, in one run, with positions."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from zibo_rectify import model, plans
from zibo_rectify.errors import ERROR, WARNING, Diagnostic, ExitCode, RectifyError
from zibo_rectify.i18n import _
from zibo_rectify.log import (
    EntryRules,
    Log,
    ProgressEntry,
    in_force,
    read_log,
)
from zibo_rectify.model import Plan, targets_by_name


@dataclass
class CheckResult:
    files: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    exit_code: ExitCode = ExitCode.OK

    def add(self, diagnostics: list[Diagnostic], exit_code: ExitCode) -> None:
        if diagnostics:
            self.diagnostics.extend(diagnostics)
            if not all(d.severity == WARNING for d in diagnostics):
                self.exit_code = max(self.exit_code, exit_code)


def files_to_check(paths: list[Path]) -> tuple[list[Path], list[Diagnostic], list[Diagnostic]]:
    """Plan and log files named, or found in the folders named; what cannot be read (a link out of
    the repository, a missing file), and the folders named like plans, which are findings.

    In a folder, every `*.yaml` is a plan or a log, except dotfiles and
    folders.  A folder that holds a `plans/` folder is a plans repository:
    its plans folder is checked too, and of its own YAML only logs and files
    that are plans (a top-level `schema_version:` key), not the other YAML a
    repository keeps (`.pre-commit-hooks.yaml`, `mkdocs.yaml`, CI files).  A
    file named on the command line is always checked.  Nothing is read
    through a link that leads out of the repository.
    """
    files: list[Path] = []
    problems: list[Diagnostic] = []
    findings: list[Diagnostic] = []
    for path in paths:
        if path.is_dir() and path.suffix == ".yaml":  # named on the command line as a plan or a log
            findings.append(_folder_named_as_plan(path))
        elif path.is_dir():
            root = plans.repository_of(path)
            repository = (path / "plans").is_dir()
            for folder in (path, path / "plans") if repository else (path,):
                leaves = plans.outside(folder, root)
                if leaves:
                    problems.append(leaves)
                    continue
                plan_paths = [f.path for f in plans.plan_files(folder)]
                findings.extend(_folders_named_as_plans(folder))
                if repository and folder == path:
                    plan_paths = [p for p in plan_paths if _looks_like_plan(p)]
                files.extend(plan_paths)
                files.extend(p for p in sorted(folder.glob("[!.]*" + plans.LOG_SUFFIX)) if not p.is_dir())
        elif os.path.lexists(path):
            leaves = plans.outside(path.parent, plans.repository_of(path.parent))
            if leaves:
                problems.append(leaves)
                continue
            files.append(path)
        else:
            problems.append(Diagnostic("no-such-file", _("there is no such file or folder"), str(path)))
    return list(dict.fromkeys(files)), problems, findings


def _folders_named_as_plans(folder: Path) -> list[Diagnostic]:
    """A folder named like a plan or a log (`other.yaml/`), which no command reads: said, not
    skipped in silence, so a plan put one level too deep is not missed."""
    return [_folder_named_as_plan(path) for path in sorted(folder.glob("[!.]*.yaml")) if path.is_dir()]


def _folder_named_as_plan(path: Path) -> Diagnostic:
    return Diagnostic(
        "folder-named-as-plan",
        _("this is a folder, not a plan or a log: no command reads it"),
        str(path),
        fix=_("move the plan file out of it, or rename the folder so its name does not end in .yaml"),
    )


def _looks_like_plan(path: Path) -> bool:
    """A plan has a log beside it or a top-level schema_version key; a file that cannot be read is
    checked, so that check says why."""
    import re

    from zibo_rectify import yamlio

    if plans.PlanFile(path).log_path.exists():
        return True
    try:
        raw = yamlio.read_bytes(path, plans.PLAN_MAX_BYTES)
    except (RectifyError, OSError):
        return True
    return re.search(rb"^schema_version\s*:", raw, re.MULTILINE) is not None


def check_paths(paths: list[Path], fail_on: str | None = None) -> CheckResult:
    """Every problem of the files; with `fail_on` (blue, yellow, red), targets at that warning level too.

    Nothing kept between runs is read: plans are validated from their files, so a planted
    cache cannot make `check` pass.
    """
    result = CheckResult()
    files, refused, findings = files_to_check(paths)
    result.add(refused, ExitCode.USAGE)
    result.add(findings, ExitCode.PROBLEMS)
    result.files = files
    plan_paths = [f for f in files if not f.name.endswith(plans.LOG_SUFFIX)]
    log_paths = [f for f in files if f.name.endswith(plans.LOG_SUFFIX)]
    loaded: dict[Path, Plan | None] = {}
    for path in plan_paths:
        loaded[path] = _check_plan(path, result)
    for path in log_paths:
        plan_path = path.with_name(path.name.removesuffix(plans.LOG_SUFFIX) + ".yaml")
        if plan_path not in loaded:
            loaded[plan_path] = _check_plan(plan_path, None) if plan_path.exists() else None
            if not plan_path.exists():
                result.add(
                    [
                        Diagnostic(
                            "log-without-plan",
                            _("this log has no plan: {plan} does not exist").format(plan=plan_path.name),
                            str(path),
                            fix=_("rename the log after its plan, or add the plan"),
                        )
                    ],
                    ExitCode.PROBLEMS,
                )
        _check_log(path, loaded[plan_path], result, fail_on)
    return result


def _check_plan(path: Path, result: CheckResult | None) -> Plan | None:
    try:
        plan: Plan = model.load_plan(plans.PlanFile(path), use_cache=False)
    except RectifyError as err:
        if result is not None:
            result.add(err.diagnostics, err.exit_code)
        return None
    if result is not None:
        result.add(plan_warnings(path, plan), ExitCode.OK)
    return plan


def plan_warnings(path: Path, plan: Plan) -> list[Diagnostic]:
    """What a valid plan says that a reader should look at again, placed at its lines.

    A valid plan may come from the cache, without positions: the file is read
    again only when there is a warning to place.
    """
    from zibo_rectify.model import plan_warnings as findings

    found = findings(plan)
    if not found:
        return []
    doc = model.read_plan_document(path)
    return [doc.diagnostic(*finding)._replace(severity=WARNING) for finding in found]


def _check_log(path: Path, plan: Plan | None, result: CheckResult, fail_on: str | None) -> None:
    try:
        log = read_log(path)
    except RectifyError as err:
        result.add(err.diagnostics, err.exit_code)
        return
    found = log.problems
    if plan is not None:
        from zibo_rectify.workflow.checks import workflow_problems

        found = found + log_problems(plan, log) + workflow_problems(plan, log, fail_on)
    result.add(sorted(found, key=lambda d: d.line or 0), ExitCode.PROBLEMS)


def log_problems(plan: Plan, log: Log, unfit: set[int] | None = None) -> list[Diagnostic]:
    """What is wrong with readable entries against their plan: each on its own line.

    The lines of entries that cannot be figures of their plan's targets go into `unfit`.
    """
    name = str(log.path)
    source = log.source
    found: list[Diagnostic] = []

    def report(line: int, code: str, message: str, fix: str | None, severity: str = ERROR) -> None:
        text = source[line - 1] if 0 < line <= len(source) else None
        found.append(Diagnostic(code, message, name, line, 1, fix, text, severity))

    names = targets_by_name(plan)
    rules = EntryRules(plan, names)
    series: dict[tuple[str, str | None], list[tuple[ProgressEntry, int]]] = defaultdict(list)
    for entry, line in zip(log.entries, log.lines, strict=True):
        problems = rules.problems(entry)
        for code, message, fix in problems:
            report(line, code, message, fix)
        if problems and unfit is not None:
            unfit.add(line)
        series[entry.target, entry.part].append((entry, line))  # each part of a target its own series
    repeats = [(line, first) for rows in series.values() for line, first in _repeats(rows)]
    for line, first in sorted(repeats):
        report(
            line,
            "duplicate-entry",
            _("this entry repeats line {line}").format(line=first),
            _("delete one of the two lines"),
            WARNING,
        )
    from zibo_rectify.workflow.ledger import judge

    # Withdrawn and rejected figures never count; only a log with workflow steps has any.
    live = set(judge(plan, log.entries).live(log.entries)) if any(e.kind for e in log.entries) else None
    for (target_id, part), rows in series.items():
        target = names.get(target_id)
        if len(rows) < 2 or target is None or not target.kind.cumulative:  # a drop needs two figures
            continue
        # Judged between dates only, on the figure in force on each: two figures of one date
        # (two offices, two clocks, a union merge) never make a drop.
        counted = [row for row in rows if row[0].value is not None and (live is None or row[0] in live)]
        if _never_drops([entry for entry, __ in counted]):
            continue
        line_of = {id(entry): line for entry, line in counted}
        previous: ProgressEntry | None = None
        for entry in in_force(entry for entry, __ in counted):
            line = line_of[id(entry)]
            if (
                previous is not None
                and previous.value is not None
                and entry.value is not None
                and entry.value < previous.value
                and not entry.correction
            ):
                report(
                    line,
                    "value-decreases",
                    _(
                        "{target} drops from {previous} ({date}) to {value} without being marked a correction"
                    ).format(
                        target=target_id + (f"/{part}" if part else ""),
                        previous=f"{previous.value:g}",
                        date=previous.date,
                        value=f"{entry.value:g}",
                    ),
                    _('a lower figure that fixes a wrong one needs "correction": true'),
                )
            previous = entry
    return found


def _repeats(rows: list[tuple[ProgressEntry, int]]) -> list[tuple[int, int]]:
    """(line, the line of the first equal entry) for each entry of a series equal to an earlier one.

    Equal in every field is a line twice, as a bad merge leaves it.  Equal entries share their
    series, date and recorded instant, so entries are compared whole only in a series with a
    date twice, and there only with those of an instant seen before: a whole entry takes four
    times as long to hash as its stamp (whose hash the stamp keeps), and a long log has
    thousands of entries a date, each of its own second."""
    if len({entry.date for entry, __ in rows}) == len(rows):
        return []
    instants: dict[tuple[dt.date, dt.datetime], tuple[ProgressEntry, int]] = {}  # the first of each
    seen: dict[ProgressEntry, int] = {}
    found = []
    for entry, line in rows:
        before, at = instants.setdefault((entry.date, entry.recorded), (entry, line))
        if at != line:
            seen.setdefault(before, at)
            first = seen.setdefault(entry, line)
            if first != line:
                found.append((line, first))
    return found


def _never_drops(entries: list[ProgressEntry]) -> bool:
    """Whether figures in the log's order, none a correction, rise with their dates, never falling:
    then the figure in force on a date (the highest of that date) is at most the lowest of any
    later date, so none drops, and the series needs no sorting to show it."""
    previous: ProgressEntry | None = None
    for entry in entries:
        if entry.correction:
            return False
        if previous is not None and (entry.date < previous.date or entry.value < previous.value):  # type: ignore[operator]
            return False
        previous = entry
    return True
