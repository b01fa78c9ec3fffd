"""The benchmark's data: the shipped plan with logs of any size, and a folder of many generated plans.

    python benchmarks/data.py FOLDER [PLANS [MILLION]]   # what run.py does, in a process of its own

It runs apart from run.py so that the timing process stays small: a child
process starts with its parent's memory counted in its peak.  Log lines are
written by `log.entry_line`, so they are exactly what `rectify update`
writes; figures only grow, rates stay within 0–100 and dates within the plan's
period, so every generated file passes `rectify check`.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

from zibo_rectify.log import ProgressEntry, entry_line
from zibo_rectify.model import Kind, Plan, load_plan
from zibo_rectify.plans import LOG_SUFFIX, PlanFile

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_PLAN = ROOT / "plans" / "zibo-minzheng-2022.yaml"
TZ = dt.timezone(dt.timedelta(hours=8))
LOG_HEADER = "# Progress log (整改进度记录), generated for the benchmark.\n"
SECTIONS = ("养老服务科", "社会救助科", "办公室", "规划财务科")


def shipped_folder(folder: Path, entries: int) -> Path:
    """`folder/plans/` holding the shipped plan and a log of `entries` entries (its own log for 0)."""
    plans = folder / "plans"
    plans.mkdir(parents=True)
    shutil.copy(SHIPPED_PLAN, plans)
    log = plans / (SHIPPED_PLAN.stem + LOG_SUFFIX)
    if entries == 0:
        shutil.copy(SHIPPED_PLAN.with_name(log.name), log)
    else:
        write_log(log, load_plan(PlanFile(plans / SHIPPED_PLAN.name)), entries)
    return plans


def write_log(path: Path, plan: Plan, entries: int) -> None:
    """`entries` entries spread evenly over the plan's period, round-robin over its targets."""
    targets = [t for _, t in plan.all_targets()]
    start, end = plan.period.start, plan.period.end
    span = (end - start).days
    per_target = -(-entries // len(targets))
    with path.open("w", encoding="utf-8") as out:
        out.write(LOG_HEADER)
        for i in range(entries):
            target = targets[i % len(targets)]
            step = i // len(targets) + 1
            day = start + dt.timedelta(days=i * span // entries)
            recorded = dt.datetime.combine(day, dt.time(9), TZ) + dt.timedelta(seconds=i)
            if target.kind is Kind.TASK:
                figure: dict[str, object] = {"done": True}
            elif target.kind is Kind.RATE:
                figure = {"value": 50 + i % 50}
            else:
                goal = target.goal[0] if isinstance(target.goal, tuple) else target.goal or 100
                value = goal * step / per_target
                figure = {"value": round(value) if target.kind is Kind.COUNT else round(value, 2)}
            entry = ProgressEntry(
                date=day,
                target=target.id,
                by=SECTIONS[i % len(SECTIONS)],
                note=f"第{step}次报送" if i % 3 else None,
                evidence=f"淄民发〔2022〕{i % 97 + 1}号" if i % 5 == 0 else None,
                recorded=recorded,
                **figure,  # type: ignore[arg-type]  # a value or done, as the kind takes
            )
            out.write(entry_line(entry) + "\n")


KINDS = (
    # kind, unit, goal, comparison
    (Kind.COUNT, "家", 300, "at_least"),
    (Kind.AMOUNT, "万元", 1200, "at_least"),
    (Kind.QUANTITY, "公里", 85.5, "at_least"),
    (Kind.RATE, "%", 60, "at_least"),
    (Kind.TASK, None, None, None),
)


def many_folder(folder: Path, plans: int, targets: int, entries: int) -> Path:
    """`folder/plans/` with `plans` generated plans of `targets` targets each, and their logs.

    The plans differ only in id and title, so their logs are alike: one is written, and copied.
    """
    out = folder / "plans"
    out.mkdir(parents=True)
    first_log: Path | None = None
    for n in range(1, plans + 1):
        path = out / f"plan-{n:03d}.yaml"
        path.write_text(plan_text(f"plan-{n:03d}", n, targets), encoding="utf-8")
        log = out / f"plan-{n:03d}{LOG_SUFFIX}"
        if first_log is None:
            write_log(log, load_plan(PlanFile(path)), entries)
            first_log = log
        else:
            shutil.copyfile(first_log, log)
    return out


def plan_text(plan_id: str, number: int, targets: int) -> str:
    """A two-year plan of four problems in the shipped plan's style (block YAML, verbatim text)."""
    problems = 4
    lines = [
        "# A plan generated for the benchmark (基准测试方案).",
        "schema_version: 1",
        f"id: {plan_id}",
        f"title: 第{number}号重点问题整改方案",
        "issuer: 某市某局",
        "period: {start: 2023-01-01, end: 2024-12-31}",
        "owners:",
        "  - {role: leader, title: 分管领导, name: X}",
        "  - {role: lead, title: 责任科室, name: 综合科}",
        "problems:",
    ]
    for p in range(1, problems + 1):
        ids = [f"p{p}-t{t:02d}" for t in range(1, targets // problems + 1)]
        lines += [
            f"  - id: problem-{p}",
            f"    title: 第{p}个问题：工作机制不健全、推进力度不够的问题",
            "    manifestations: >-",
            "      政策体系还不完善,工作机制还不健全,服务能力还比较薄弱,与群众多元化需求还有一定差距。",
            "    goal: >-",
            "      坚持问题导向,健全完善工作机制,切实提升服务能力,确保整改任务按期全面完成。",
            "    measures:",
        ]
        for m in (1, 2):
            lines += [
                f"      - number: {m}",
                f"        title: 措施{m}",
                "        text: >-",
                f"          第{m}项措施。完善制度,健全机制,加强督导,按月调度,确保各项任务落到实处。",
            ]
        lines += [
            "    windows:",
            "      - {start: 2023-01-01, due: 2023-06-30, text: '1—6月份,制定方案,明确分工。',"
            f" targets: [{', '.join(ids[:3])}]}}",
            "      - {start: 2023-07-01, due: 2024-12-31, text: '2023年7月至2024年底,全面完成整改任务。',"
            f" targets: [{', '.join(ids[3:])}]}}",
            "    owners:",
            f"      - {{role: lead, title: 责任科室, name: 第{p}科}}",
            "      - {role: supporting, name: 各区县}",
            "    targets:",
        ]
        for t, target_id in enumerate(ids):
            kind, unit, goal, comparison = KINDS[t % len(KINDS)]
            lines += [
                f"      - id: {target_id}",
                f"        name: 第{p}个问题的第{t + 1}项指标",
                f"        aliases: [指标{p}-{t + 1}]",
                f"        kind: {kind.value}",
                f"        measure: {t % 2 + 1}",
            ]
            if goal is None:  # a task
                lines.append("        due: 2023-06-30" if t < 3 else "        due: 2024-06-30")
                continue
            lines += [
                f"        unit: '{unit}'",
                f"        goal: {goal}",
                f"        comparison: {comparison}",
            ]
            if kind is not Kind.RATE:
                lines += [
                    "        milestones:",
                    f"          - {{by: 2023-06-30, value: {round(goal / 4)}}}",
                    f"          - {{by: 2023-12-31, value: {round(goal / 2)}}}",
                ]
    return "\n".join(lines) + "\n"


LOG_SIZES = (100, 100_000)
WARNINGS_LOG = 5_000  # warnings --as-of 2999-12-31 once judged this log at every month end since 2022
# The scale of issue 24: a thousand plans of 40 targets, with 50 entries a target and with 1–2.
THOUSAND_PLANS, THOUSAND_TARGETS, THOUSAND_ENTRIES, THOUSAND_FEW = 1_000, 40, 2_000, 60
# Hostile logs of issue 23 item 6, each beside the shipped plan.
HOSTILE_LOGS = {
    "markers": "<<<<<<< HEAD\n=======\n>>>>>>> theirs\n" * 33_334,  # 100,002 conflict-marker lines
    "note": "- "
    + json.dumps(
        {
            "date": "2022-07-01",
            "target": "canteens",
            "value": 10,
            "note": "长" * 5_000_000,
            "recorded": "2022-07-01T09:00:00+08:00",
        },
        ensure_ascii=False,
    )
    + "\n",  # one note of 5,000,000 characters
    "empty": "- {}\n" * 1_000_000,  # a million entries shaped like entries, with nothing in them
}


def hostile_folder(folder: Path, log: str) -> Path:
    plans = shipped_folder(folder, 0)
    (plans / (SHIPPED_PLAN.stem + LOG_SUFFIX)).write_text(log, encoding="utf-8")
    return plans


def make_all(scratch: Path, thousand: int = THOUSAND_PLANS, million: int = 0) -> None:
    """Every folder run.py times, by name: shipped, log100, log100000, their update- copies, the
    hostile logs (markers, note, empty), log5000 (for warnings), thousand and thousand-few
    (`thousand` plans; none for 0), and log1000000 when `million` is that size."""
    shipped_folder(scratch / "shipped", 0)
    for size in (*LOG_SIZES, WARNINGS_LOG, *((million,) if million else ())):
        shipped_folder(scratch / f"log{size}", size)
    # `update` appends, so it gets copies: the folders `status` reads stay as made.
    for name in ("shipped", *(f"log{size}" for size in LOG_SIZES)):
        shutil.copytree(scratch / name, scratch / f"update-{name}")
    for name, log in HOSTILE_LOGS.items():
        hostile_folder(scratch / name, log)
    if thousand:
        many_folder(scratch / "thousand", thousand, THOUSAND_TARGETS, THOUSAND_ENTRIES)
        many_folder(scratch / "thousand-few", thousand, THOUSAND_TARGETS, THOUSAND_FEW)


if __name__ == "__main__":
    make_all(
        Path(sys.argv[1]),
        int(sys.argv[2]) if len(sys.argv) > 2 else THOUSAND_PLANS,
        int(sys.argv[3]) if len(sys.argv) > 3 else 0,
    )
