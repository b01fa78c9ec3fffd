"""The terminal: status tables and listings laid out from the presentation model (present/)."""

from zibo_rectify.render.cells import STATE_STYLE, cell, console, print_lines, print_listing
from zibo_rectify.render.diagnostic import diagnostic_text
from zibo_rectify.render.log import log_table, print_log
from zibo_rectify.render.table import is_long, print_status
from zibo_rectify.render.targets import print_targets

__all__ = [
    "STATE_STYLE",
    "cell",
    "console",
    "diagnostic_text",
    "is_long",
    "log_table",
    "print_lines",
    "print_listing",
    "print_log",
    "print_status",
    "print_targets",
]
