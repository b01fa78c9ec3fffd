"""The plans a command works on: loading them with their logs, and finding a target by name."""

# No `from __future__ import annotations`: NamedTuple would compile every annotation string at each start.

from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from zibo_rectify import knownat, model, plans
from zibo_rectify.errors import Diagnostic, ExitCode, RectifyError, usage_error
from zibo_rectify.i18n import _
from zibo_rectify.keeping import keep
from zibo_rectify.log import Log, read_log
from zibo_rectify.model import Part, Plan, Problem, Target, part_list, parts_by_name, suggest, targets_by_name


class LoadedPlan(NamedTuple):
    file: plans.PlanFile
    plan: Plan


class FoundTarget(NamedTuple):
    loaded: LoadedPlan
    problem: Problem | None
    target: Target
    left_out: list[Diagnostic] = []  # plans that could not be searched, as load_each gives them


def load(plan_file: plans.PlanFile) -> LoadedPlan:
    """A plan ready to use, as committed at --known-at when one is given; a plan with problems
    cannot be used (exit 2: run check)."""
    try:
        return LoadedPlan(plan_file, model.load_plan(plan_file, raw=knownat.plan_bytes(plan_file.path)))
    except RectifyError as err:
        raise RectifyError(*err.diagnostics, exit_code=ExitCode.USAGE) from None


def load_each(files: list[plans.PlanFile]) -> tuple[list[LoadedPlan], list[Diagnostic]]:
    """The plans that load, and for each that does not a warning naming it and its first problem.

    Plans are independent: one with problems must not stop the others (`check`
    still fails on it).  When none loads, its problems are the error.

    The plans stay to the end of the command: kept out of the collector's walks as
    they load (`keeping`).
    """
    loaded: list[LoadedPlan] = []
    left_out: list[Diagnostic] = []
    failures: list[RectifyError] = []
    for plan_file in files:
        try:
            loaded.append(load(plan_file))
        except RectifyError as err:
            failures.append(err)
            left_out.extend(err.diagnostics[:1])
            left_out.append(
                Diagnostic(
                    "plan-left-out",
                    _("this plan has problems and is left out; the other plans are shown"),
                    str(plan_file.path),
                    fix=_("rectify check {path} lists them").format(path=plan_file.path),
                )
            )
        keep()
    if failures and not loaded:
        raise RectifyError(*(d for err in failures for d in err.diagnostics), exit_code=ExitCode.USAGE)
    return loaded, left_out


def load_log(loaded: LoadedPlan) -> Log:
    """The plan's log as status and log use it, as it stood at --known-at when one is given
    (the one place the reading commands' entries pass through): every problem check would report is in its
    problems, and entries that cannot be figures of their plan's targets (an unknown target, a
    rate of 130, a count marked done) are left out.  A log that cannot be read at all exits 2."""
    from zibo_rectify.check import log_problems

    try:
        log = knownat.as_known(read_log(loaded.file.log_path))
    except RectifyError as err:
        raise RectifyError(*err.diagnostics, exit_code=ExitCode.USAGE) from None
    unfit: set[int] = set()
    problems = log_problems(loaded.plan, log, unfit)
    problems = sorted(log.problems + problems, key=lambda d: d.line or 0)
    if not unfit:  # the usual case: nothing to leave out, no copies of a long log
        return replace(log, problems=problems)
    kept = [(e, n) for e, n in zip(log.entries, log.lines, strict=True) if n not in unfit]
    return replace(log, entries=[e for e, __ in kept], lines=[n for __, n in kept], problems=problems)


def find_target(folder: Path, name: str) -> FoundTarget:
    """A target by id, alias or name (长者食堂), or `plan-id/target`; a typo gets "did you mean"."""
    plan_id, __, target_name = name.rpartition("/")
    files = plans.choose_plan(folder, plan_id or None)
    matches: list[FoundTarget] = []
    known: list[str] = []
    every, left_out = load_each(files)
    for loaded in every:
        names = targets_by_name(loaded.plan)
        known.extend(names)
        target = names.get(target_name)
        if target is not None and target_name not in (target.id, *target.aliases):
            named = [t.id for __, t in loaded.plan.all_targets() if t.name == target_name]
            if len(named) > 1:  # a name two targets share says neither: ask for the id
                raise usage_error(
                    "ambiguous-target",
                    _("{target!r} is the name of more than one target: {options}").format(
                        target=target_name, options=", ".join(named)
                    ),
                    _("type the target's id"),
                )
        if target is not None:
            problem = next(p for p, t in loaded.plan.all_targets() if t is target)
            matches.append(FoundTarget(loaded, problem, target, left_out))
    if len(matches) == 1:
        return matches[0]
    if matches:
        options = ", ".join(f"{m.loaded.plan.id}/{m.target.id}" for m in matches)
        raise usage_error(
            "ambiguous-target",
            _("{target!r} names a target in more than one plan: {options}").format(
                target=target_name, options=options
            ),
            _("name one as plan-id/target"),
        )
    where = _("plan {plan}").format(plan=plan_id) if plan_id else _("any plan")
    fix = suggest(target_name, known) or _("rectify status lists the targets")
    if left_out:
        fix += _("; it may be in a plan left out for its problems (rectify check lists them)")
    raise RectifyError(
        *left_out,
        Diagnostic(
            "unknown-target",
            _("there is no target {target!r} in {where}").format(target=target_name, where=where),
            fix=fix,
        ),
        exit_code=ExitCode.USAGE,
    )


def find_part(target: Target, name: str) -> Part:
    """A part of the target by id, alias or name (张店区); a typo gets "did you mean"."""
    names = parts_by_name(target)
    part = names.get(name)
    if part is not None:
        return part
    if not target.parts:
        raise usage_error(
            "unknown-part",
            _("{target} is not split into parts, so it has no part {part!r}").format(
                target=target.id, part=name
            ),
            _("record the figure for the whole target, without --part"),
        )
    raise usage_error(
        "unknown-part",
        _("{target} has no part {part!r}").format(target=target.id, part=name),
        suggest(name, names) or _("its parts: {parts}").format(parts=part_list(target)),
    )
