"""Problem roll-up (整改情况): rectified, partly, in progress or overdue, from the problem's targets."""

from __future__ import annotations

from collections.abc import Sequence

from zibo_rectify.model import Plan
from zibo_rectify.status.records import FINISHED, ProblemStatus, Rollup, State, TargetStatus


def rollup(statuses: Sequence[TargetStatus]) -> Rollup:
    """overdue when any target is; rectified when every one is done or met; partly when some are."""
    counted = [t for t in statuses if t.counted]
    finished = sum(t.state in FINISHED for t in counted)
    if any(t.state is State.OVERDUE for t in counted):
        return Rollup.OVERDUE
    if counted and finished == len(counted):
        return Rollup.RECTIFIED
    return Rollup.PARTLY if finished else Rollup.IN_PROGRESS


def problem_statuses(plan: Plan, statuses: Sequence[TargetStatus]) -> list[ProblemStatus]:
    """Each problem of the plan, in plan order, rolled up from its targets' statuses."""
    by_problem: dict[str, list[TargetStatus]] = {problem.id: [] for problem in plan.problems}
    for status in statuses:
        if status.problem is not None:
            by_problem[status.problem.id].append(status)
    found = []
    for problem in plan.problems:
        mine = by_problem[problem.id]
        counted = [t for t in mine if t.counted]
        finished = sum(t.state in FINISHED for t in counted)
        found.append(ProblemStatus(problem, rollup(mine), len(counted), finished))
    return found
