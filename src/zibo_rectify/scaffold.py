"""`rectify init`: a new plan to fill in, its empty log, and the git setting that lets logs merge."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from pathlib import Path

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import _
from zibo_rectify.model import SLUG_PATTERN
from zibo_rectify.plans import LOG_SUFFIX
from zibo_rectify.safetext import inert, json_dumps

MAX_ID_LENGTH = 80  # as the plan schema's id: a file name every file system takes

_HEAD = """\
# yaml-language-server: $schema=../schema/plan.schema.json
#
# {title}
# {shape}
# Replace every 待填写 with the document's own words (rectify check lists each one
# left, at its line), delete what the document does not say, then run `rectify check`.
# Progress is never written here: `rectify update` appends it to {plan_id}{log_suffix}.

schema_version: 2
id: {plan_id}                     # the file name without .yaml
title: {title_yaml}
issuer: 待填写（发文单位）            # the issuing office; delete the line if the document names none
document: {{number: 待填写（文号）, issued: {start}}}
period: {{start: {start}, end: {end}}}
"""

SKELETONS = {
    "plan": """\
# owners named once for the whole plan; problems and targets inherit them
owners:
  - {{role: lead, title: 牵头单位, name: 待填写}}

problems:
  - id: problem-1
    number: "1"                      # 序号, as written
    title: 待填写（问题）
    manifestations: 待填写（主要表现）
    goal: 待填写（整改目标）
    measures:                        # 整改措施
      - number: 1
        title: 待填写（措施标题）
        text: 待填写（措施原文）
    windows: []                      # 完成时限: {{start, due, text, targets: [ids]}}
    targets:
      # kind: count | amount | quantity | rate | task | change | indicator
      # comparison: at_least | at_most | exactly | range | kept_at | more_than | less_than | about
      - id: first-task
        name: 待填写（任务）
        kind: task
        measure: 1
        due: {end}
      # - id: canteens
      #   name: 长者食堂
      #   kind: count
      #   unit: 家
      #   goal: 300
      #   due: {end}
      #   milestones:
      #     - {{by: {mid}, value: 120}}
""",
    "list": """\
# the labels the list uses in its 类别 column; a row with any other label fails check
categories: [立行立改, 分阶段整改, 持续整改]
owners:
  - {{role: group, title: 整改工作领导小组, name: 待填写}}

# one row per problem (整改清单): 序号, 类别, 问题, 整改措施, 责任单位, 完成时限
problems:
  - id: row-1
    number: "1"
    category: 立行立改
    title: 待填写（问题）
    measures:
      - {{number: 1, text: 待填写（整改措施）}}
    owners:
      - {{role: lead, title: 责任单位, name: 待填写}}
    targets:
      - {{id: row-1-done, name: 待填写（整改事项）, kind: task, measure: 1, due: {mid}}}
  - id: row-2
    number: "2"
    category: 持续整改
    title: 待填写（问题）
    measures:
      - {{number: 1, text: 待填写（整改措施）}}
    owners:
      - {{role: lead, title: 责任单位, name: 待填写}}
    targets:
      - {{id: row-2-kept, name: 待填写（整改事项）, kind: task, measure: 1, ongoing: true, due: none}}
""",
    "breakdown": """\
# a target split across parts (任务分解): the value is the sum of the parts' values
targets:
  - id: first-target
    number: "1"
    name: 待填写（目标）
    kind: count
    unit: 待填写（单位）
    goal: 300
    owners:
      - {{role: lead, title: 牵头单位, name: 待填写}}
      - {{role: co_lead, title: 责任单位, name: 待填写}}
    parts:                           # the part goals add up to the goal
      - {{id: part-1, name: 待填写（区县或单位）, goal: 100}}
      - {{id: part-2, name: 待填写（区县或单位）, goal: 100}}
      - {{id: part-3, name: 待填写（区县或单位）, goal: 100}}
""",
}
KINDS = tuple(SKELETONS)
SHAPES = {
    "plan": "A rectification plan (整改方案): problems, their measures, schedule and targets.",
    "list": "A rectification list (整改清单): one row per problem, with its 序号 and 类别.",
    "breakdown": "A breakdown (任务分解): a target split across districts or units, each with its goal.",
}

LOG_HEADER = """\
# Progress log of {plan_id} (整改进度记录).
# Written by `rectify update` and `rectify done`: one entry per line, appended, never rewritten.
# To fix a wrong figure, record the right one with --correction; do not edit lines.
"""


def init_plan(
    folder: Path, plan_id: str, title: str | None, today: dt.date, kind: str = "plan"
) -> list[Path]:
    """Write the skeleton plan of a kind (plan, list, breakdown) and an empty log; add union merges."""
    if kind not in SKELETONS:
        raise usage_error(
            "bad-kind",
            _("--kind {kind!r} is not a kind of skeleton").format(kind=kind),
            _("use one of: {kinds}").format(kinds=", ".join(KINDS)),
        )
    if not re.fullmatch(SLUG_PATTERN, plan_id) or len(plan_id) > MAX_ID_LENGTH:
        raise usage_error(
            "bad-plan-id",
            _("{plan!r} is not a plan id").format(plan=plan_id),
            _(
                "use lowercase letters, digits and single hyphens, at most {count} of them,"
                " e.g. zibo-minzheng-2023"
            ).format(count=MAX_ID_LENGTH),
        )
    try:
        (title or "").encode("utf-8")
    except UnicodeEncodeError:
        raise usage_error(
            "bad-text",
            _("--title holds bytes that are not UTF-8 text"),
            _("type the title again in a UTF-8 terminal"),
        ) from None
    try:
        return _write_plan(folder, plan_id, title, today, kind)
    except OSError as err:
        raise usage_error(
            "cannot-write",
            _("cannot write the new plan in {folder}: {reason}").format(folder=folder, reason=err.strerror),
            _("check that the folder is writable and the disk has room; nothing was written"),
        ) from None


def _write_plan(folder: Path, plan_id: str, title: str | None, today: dt.date, kind: str) -> list[Path]:
    plan_path = folder / f"{plan_id}.yaml"
    log_path = folder / f"{plan_id}{LOG_SUFFIX}"
    for path in (plan_path, log_path):
        if path.exists():
            raise usage_error(
                "plan-exists",
                _("{path} already exists").format(path=path),
                _("choose another id, or edit that file"),
            )
    folder.mkdir(parents=True, exist_ok=True)
    year = today.year
    shown_title = title or f"{plan_id} 整改方案"
    fields = {
        "plan_id": plan_id,
        "title": inert(shown_title),  # a comment ends at any line break YAML counts (CR, NEL, U+2028)
        "title_yaml": json_dumps(shown_title, yaml_too=True),
        "shape": SHAPES[kind],
        "start": dt.date(year, 1, 1),
        "end": dt.date(year, 12, 31),
        "mid": dt.date(year, 6, 30),
        "log_suffix": LOG_SUFFIX,
    }
    _write_new(plan_path, (_HEAD + "\n" + SKELETONS[kind]).format(**fields))
    try:
        _write_new(log_path, LOG_HEADER.format(plan_id=plan_id))
        schemas = write_schemas(folder.resolve().parent / "schema")
        attributes = add_union_merge(folder)
    except OSError:
        for path in (plan_path, log_path):
            with contextlib.suppress(OSError):
                path.unlink()  # whole or not at all: a plan without its log is not left behind
        raise
    return [plan_path, log_path, *schemas, attributes]


def write_schemas(folder: Path) -> list[Path]:
    """The JSON Schemas the skeleton's first line points at, where they are missing: an editor
    then completes and checks the plan as it is typed."""
    from zibo_rectify.schema import dumps, log_schema, plan_schema

    written = []
    for name, make in (("plan.schema.json", plan_schema), ("progress.schema.json", log_schema)):
        path = folder / name
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            _write_new(path, dumps(make()))
            written.append(path)
    return written


def add_union_merge(folder: Path) -> Path:
    """Add `<folder>/*.progress.yaml merge=union` to .gitattributes beside the folder, once."""
    attributes = folder.resolve().parent / ".gitattributes"
    line = f"{folder.resolve().name}/*{LOG_SUFFIX} merge=union"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if line in (row.strip() for row in existing.splitlines()):
        return attributes
    prefix = "" if not existing or existing.endswith("\n") else "\n"
    with attributes.open("a", encoding="utf-8") as handle:
        handle.write(f"{prefix}{line}\n")
    return attributes


def _write_new(path: Path, text: str) -> None:
    """Create a file that must not exist yet, whole or not at all."""
    temp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with temp.open("x", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temp, path)  # fails if the file appeared meanwhile: never overwrite
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()  # never left behind, whatever failed
