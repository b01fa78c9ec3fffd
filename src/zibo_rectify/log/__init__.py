"""The progress log: an entry (`entry`), one reader (`read`), one writer (`append`),
and what an entry may say about its plan (`rules`).

What other stages use is named here; the modules inside are this package's own.
"""

from zibo_rectify.log.append import append_entry, stamp
from zibo_rectify.log.entry import (
    OFFICE_VERDICTS,
    PERCENT_HIGH,
    PERCENT_LOW,
    EvidenceRef,
    ProgressEntry,
    Verdict,
    entry_data,
    entry_line,
    in_force,
    task_figure,
    value_figure,
)
from zibo_rectify.log.read import Log, parse_log, read_log
from zibo_rectify.log.rules import EntryRules, decrease_problem, entry_problems, value_problem

__all__ = [
    "PERCENT_HIGH",
    "PERCENT_LOW",
    "OFFICE_VERDICTS",
    "EntryRules",
    "EvidenceRef",
    "Log",
    "ProgressEntry",
    "Verdict",
    "append_entry",
    "decrease_problem",
    "entry_data",
    "entry_line",
    "entry_problems",
    "in_force",
    "parse_log",
    "read_log",
    "stamp",
    "task_figure",
    "value_figure",
    "value_problem",
]
