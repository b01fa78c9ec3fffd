"""What a progress chart shows, in a frame: recorded figures against the planned path, milestones
marked.  The page's SVG and the terminal's characters both draw from this."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from zibo_rectify.report.model import MilestoneRow, TargetRow


class Chart(NamedTuple):
    first: dt.date
    last: dt.date
    top: float  # the value at the top of the frame
    goal: float | None
    planned: list[tuple[dt.date, float]]
    recorded: list[tuple[dt.date, float]]
    milestones: list[MilestoneRow]
    as_of: dt.date
    unit: str | None = None  # the target's, for the points' titles

    def x(self, day: dt.date) -> float:
        """Where a day falls across the frame, 0 to 1."""
        span = (self.last - self.first).days or 1
        return min(max((day - self.first).days / span, 0.0), 1.0)

    def y(self, value: float) -> float:
        """Where a value falls up the frame, 0 to 1."""
        return min(max(value / self.top, 0.0), 1.0) if self.top else 0.0


def chart(t: TargetRow, as_of: dt.date) -> Chart | None:
    """The chart of a numeric target with a goal; None for tasks and goal-less figures."""
    if t.kind == "task" or t.goal is None:
        return None
    recorded = t.recorded
    days = [t.start, as_of, *(d for d, __ in recorded), *(d for d, __ in t.path)]
    if t.due:
        days.append(t.due)
    values = [t.goal_high or t.goal, *(v for __, v in recorded), *(m.value for m in t.milestones)]
    top = max(values) * 1.1 or 1.0
    return Chart(min(days), max(days), top, t.goal, t.path, recorded, t.milestones, as_of, t.unit)


def path_at(points: list[tuple[dt.date, float]], day: dt.date) -> float | None:
    """Where a line through `points` stands on `day` (for drawing: the model holds the figures)."""
    if not points or day < points[0][0]:
        return None
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        if day <= d1:
            span = (d1 - d0).days
            return v1 if span <= 0 else v0 + (v1 - v0) * (day - d0).days / span
    return points[-1][1]


def in_force(points: list[tuple[dt.date, float]], day: dt.date) -> float | None:
    """The recorded figure in force on `day`: the latest dated on or before it."""
    value = None
    for d, v in points:
        if d > day:
            break
        value = v
    return value


def text_chart(frame: Chart, width: int = 60, height: int = 12) -> list[str]:
    """The chart in characters: · planned path, ● recorded, ◆ milestone reached, ✗ missed."""
    grid = [[" "] * width for __ in range(height)]
    span = max((frame.last - frame.first).days, 1)

    def row(value: float) -> int:
        return height - 1 - round(frame.y(value) * (height - 1))

    for col in range(width):
        day = frame.first + dt.timedelta(days=round(col * span / (width - 1)))
        planned = path_at(frame.planned, day)
        if planned is not None:
            grid[row(planned)][col] = "·"
        recorded = in_force(frame.recorded, day) if day <= frame.as_of else None
        if recorded is not None:
            grid[row(recorded)][col] = "●"
    for m in frame.milestones:
        col = round(frame.x(m.by) * (width - 1))
        grid[row(m.value)][col] = "◆" if m.reached else "✗" if m.reached is False else "◇"
    top = f"{frame.top:,.0f}"
    label_width = len(top)
    lines = []
    for i, cells in enumerate(grid):
        label = top if i == 0 else "0".rjust(label_width) if i == height - 1 else ""
        lines.append(f"{label:>{label_width}} ┤" + "".join(cells))
    lines.append(" " * label_width + " └" + "─" * width)
    first, last = frame.first.isoformat(), frame.last.isoformat()
    lines.append(" " * (label_width + 2) + first + last.rjust(width - len(first)))
    return lines
