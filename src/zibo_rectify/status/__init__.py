"""The status engine: where each target stands on a day, judged as a supervising office judges it."""

from zibo_rectify.status.cadence import FIRST_PERIOD_DAYS, STALE_AFTER_DAYS
from zibo_rectify.status.engine import DUE_SOON_DAYS, status_as_of, target_status
from zibo_rectify.status.goals import satisfies as meets
from zibo_rectify.status.judges import planned_path
from zibo_rectify.status.path import DAYS_PER_MONTH
from zibo_rectify.status.problems import rollup
from zibo_rectify.status.records import (
    FILTERS,
    FINISHED,
    DueItem,
    Flag,
    MilestoneStatus,
    Need,
    PartStatus,
    PlanStatus,
    ProblemStatus,
    Rollup,
    State,
    TargetStatus,
)

__all__ = [
    "DAYS_PER_MONTH",
    "DUE_SOON_DAYS",
    "FILTERS",
    "FINISHED",
    "FIRST_PERIOD_DAYS",
    "STALE_AFTER_DAYS",
    "DueItem",
    "Flag",
    "MilestoneStatus",
    "Need",
    "PartStatus",
    "PlanStatus",
    "ProblemStatus",
    "Rollup",
    "State",
    "TargetStatus",
    "meets",
    "planned_path",
    "rollup",
    "status_as_of",
    "target_status",
]
