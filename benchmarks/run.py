"""Time `rectify` as people run it, whole processes, and hold it to its speed budgets.

    python benchmarks/run.py                     # most of an hour on 2 cores
    python benchmarks/run.py --rounds 3          # a quicker, noisier look
    python benchmarks/run.py --plans 0           # without the 1,000-plan figures (minutes)
    python benchmarks/run.py --results benchmarks/RESULTS.md
    python benchmarks/run.py --million           # also show and the xlsx report of 1,000,000 entries

Run it with the Python of the environment `rectify` is installed in.  It
makes its own data in a temporary folder, runs every command once to warm up
(which also writes the bytecode), then runs all of them in turn, round after
round, so that a slow spell of the machine falls on all alike.  Every run must
exit as expected (a refused command would time the wrong work), and `update`
finds its log as made before each run, so each run appends one entry to a log
of the stated size.  Times are medians, of wall time and of CPU time (user and
system, which other work on a shared machine moves less); peak memory is the
largest resident size of the process (from wait4).  Budgets are ratios between figures of the
same run, never absolute times, which move with the machine; only the hostile
logs of issue 23 have absolute ones (check and status each under 10 s and
500 MB).  The 1,000-plan commands and the hostile logs take seconds a run and
have rounds of their own (--many-rounds); the 1,000-plan peer is
benchmarks/latest.py, which only reads the same logs with `json`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
PLAN_FILE = "zibo-minzheng-2022.yaml"
LOG_FILE = "zibo-minzheng-2022.progress.yaml"
LOG_SIZES = (100, 100_000)  # as data.py makes them
MILLION = 1_000_000  # the entries of the log that show and the xlsx report read with --million
MB = 1_000_000

EMPTY_TYPER = '''\
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    """Do nothing: the cost of Typer itself."""


if __name__ == "__main__":
    app()
'''

# What rich alone costs the status view: a Typer command that prints two tables of the
# shipped plan's shape (21 target rows, the same seven columns, box and width), every row
# with its whole Chinese name, a milestone and a note, and three part rows, from made-up
# rows, with no plan, log or model behind them.
RICH_TABLES = '''\
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    """Print tables of the status view's size with rich, and do nothing else."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(width=160, highlight=False, soft_wrap=False, emoji=False)
    for title, rows in (("第一个问题", 15), ("第二个问题", 6)):
        table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
        for header in ("Target", "Name", "Progress", "Value / goal", "Due", "State"):
            table.add_column(header, no_wrap=header != "Name", max_width=30 if header == "Name" else None)
        table.add_column("Milestones and notes", overflow="fold", min_width=24)
        for n in range(rows):
            table.add_row(
                f"target-{n:02d}",
                "修订出台《淄博市最低生活保障办法》",
                "█████░░░░░  50%",
                "150 / 300 家",
                "2022-12-31",
                "behind",
                "✓ 60 by 06-30 · ✗ 120 by 07-31: had 95\\n+30/month to reach 300 by 12-31"
                "\\n2022-10-20 第3次报送:新建长者食堂30家",
            )
        for part in ("张店区", "淄川区", "博山区") if rows < 10 else ():
            table.add_row("", "  " + part, "███░░░░░░░  30%", "30 / 100 家", "2022-12-31", "behind", "")
        console.print(table)


if __name__ == "__main__":
    app()
'''


@dataclass
class Command:
    """One command line to time, with what it should exit with."""

    key: str
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    expect: int = 0
    rounds: int = 1_000  # fewer for a slow peer measured only for information
    restore: Path | None = None  # a file the command changes, put back before each run
    fresh: Path | None = None  # a folder removed before each run: the plan cache, for a cold run
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user and system seconds, which load moves less
    peak_kib: int = 0
    _pristine: bytes | None = field(default=None, init=False, repr=False)

    def prepare(self) -> None:
        """Put back the file an earlier run changed, so that every run does the same work."""
        if self.fresh is not None:
            shutil.rmtree(self.fresh, ignore_errors=True)
        if self.restore is None:
            return
        if self._pristine is None:
            self._pristine = self.restore.read_bytes()
        self.restore.write_bytes(self._pristine)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def peak_mb(self) -> float:
        return self.peak_kib * 1024 / MB


class Launcher:
    """launch.py, a small process that starts each command and reports its time and peak memory."""

    def __init__(self, env: dict[str, str], errors: Path) -> None:
        self.env = env
        self.errors = str(errors)
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", str(HERE / "launch.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, command: Command) -> tuple[float, float, int]:
        """(wall seconds, CPU seconds, peak resident KiB) of one run, which must exit as the command
        expects."""
        assert self.process.stdin is not None and self.process.stdout is not None
        command.prepare()
        request = [command.argv, {**self.env, **command.env}, self.errors]
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        elapsed, cpu, peak, code = json.loads(self.process.stdout.readline())
        if code != command.expect:
            sys.exit(
                f"{' '.join(command.argv)} exited {code}, expected {command.expect}:\n"
                + Path(self.errors).read_text(errors="replace")
            )
        return elapsed, cpu, peak

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def measure(commands: list[Command], rounds: int, env: dict[str, str], scratch: Path) -> None:
    errors = scratch / "stderr.txt"
    launcher = Launcher(env, errors)
    try:
        for command in commands:  # warm-up
            if command.fresh is None:  # a cold run is cold whenever it comes
                launcher.run(command)
        for done in range(rounds):
            for command in commands:
                if done >= command.rounds:
                    continue
                elapsed, cpu, peak = launcher.run(command)
                command.times.append(elapsed)
                command.cpu.append(cpu)
                command.peak_kib = max(command.peak_kib, peak)
            print(f"  round {done + 1}/{rounds}", file=sys.stderr, end="\r", flush=True)
        print(file=sys.stderr)
    finally:
        launcher.close()


def versions() -> list[str]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    libyaml = subprocess.run(
        [sys.executable, "-c", "import yaml; print('yes' if yaml.__with_libyaml__ else 'no')"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    return [
        f"machine     {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}",
        f"python      {platform.python_version()} ({platform.python_implementation()})",
        "libraries   "
        + ", ".join(f"{n} {version(n)}" for n in ("typer", "pydantic", "pydantic-core", "rich", "PyYAML"))
        + f"; libyaml {libyaml}",
        f"rectify     {version('zibo-rectify')}; check-jsonschema {version('check-jsonschema')}",
    ]


def build(
    scratch: Path, say: Callable[[str], None], thousand: int, many_rounds: int, million: bool
) -> list[Command]:
    rectify = str(BIN / "rectify")
    python = sys.executable
    say(
        "making data: the shipped plan, logs of 100 and 100,000 entries, three hostile logs,"
        f" {thousand:,} plans × 40 targets with 2,000 entries a plan and with 60"
        + (f"; a log of {MILLION:,} entries" if million else "")
    )
    started = time.perf_counter()
    subprocess.run(
        [python, str(HERE / "data.py"), str(scratch), str(thousand), str(MILLION if million else 0)],
        check=True,
    )
    say(f"  made in {time.perf_counter() - started:.1f} s")
    folders = {p.name: p / "plans" for p in scratch.iterdir() if (p / "plans").is_dir()}
    empty = scratch / "empty_typer.py"
    empty.write_text(EMPTY_TYPER, encoding="utf-8")
    tables = scratch / "rich_tables.py"
    tables.write_text(RICH_TABLES, encoding="utf-8")

    commands = [
        Command("floor", "python -I -c pass", [python, "-I", "-c", "pass"]),
        Command("typer", "empty Typer command", [python, str(empty)]),
        Command("rich", "Typer command printing rich tables only", [python, str(tables)]),
    ]
    sizes = [("shipped", "shipped (empty log)")] + [(f"log{s}", f"{s:,} entries") for s in LOG_SIZES]
    for name, label in sizes:
        plans = str(folders[name])
        commands += [
            Command(f"status/{name}", f"status            {label}", [rectify, "--plans", plans, "status"]),
            Command(
                f"json/{name}",
                f"status --json     {label}",
                [rectify, "--plans", plans, "status", "--json"],
            ),
            Command(f"check/{name}", f"check             {label}", [rectify, "check", plans]),
            Command(
                f"update/{name}",
                f"update            {label}",
                [
                    rectify,
                    "--plans",
                    str(folders[f"update-{name}"]),
                    "update",
                    "canteens",
                    "300",
                    "--date",
                    "2022-12-31",
                    "--note",
                    "基准测试",
                ],
                restore=folders[f"update-{name}"] / LOG_FILE,
            ),
        ]
    # Hostile logs (issue 23 item 6): each must finish check and status in 10 s and 500 MB.
    for name, label, check_exit, status_exit in (
        ("markers", "100,000 conflict-marker lines", 1, 2),
        ("note", "a note of 5,000,000 characters", 0, 0),
        ("empty", "1,000,000 lines - {}", 1, 0),
    ):
        plans = str(folders[name])
        commands += [
            Command(
                f"check/{name}",
                f"check   {label}",
                [rectify, "check", plans],
                expect=check_exit,
                rounds=many_rounds,
            ),
            Command(
                f"status/{name}",
                f"status  {label}",
                [rectify, "--plans", plans, "status"],
                expect=status_exit,
                rounds=many_rounds,
            ),
        ]
    # warnings far past the plan's period once replayed the log at every month end since 2022.
    commands.append(
        Command(
            "warnings/log5000",
            "warnings --as-of 2999-12-31, 5,000 entries",
            [rectify, "--plans", str(folders["log5000"]), "warnings", "--as-of", "2999-12-31"],
            rounds=many_rounds,
        )
    )
    if million:  # issue 23: show and the xlsx report of a 1,000,000-entry log, for their time and peak
        plans = str(folders["log1000000"])
        commands += [
            Command(
                "show/log1000000",
                "show canteens, 1,000,000 entries",
                [rectify, "--plans", plans, "show", "canteens"],
                rounds=1,
            ),
            Command(
                "xlsx/log1000000",
                "report --format xlsx, 1,000,000 entries",
                [
                    rectify,
                    "--plans",
                    plans,
                    "report",
                    "--format",
                    "xlsx",
                    "-o",
                    str(scratch / "million.xlsx"),
                ],
                rounds=1,
            ),
        ]
    if thousand:
        commands += thousand_commands(folders["thousand"], scratch, thousand, many_rounds, "2,000 entries")
        commands += thousand_commands(folders["thousand-few"], scratch, thousand, many_rounds, "60 entries")
    return commands


def thousand_commands(folder: Path, scratch: Path, plans: int, rounds: int, entries: str) -> list[Command]:
    """The issue's scale: the peer script, the many-plan md report, status --json warm and cold."""
    rectify = str(BIN / "rectify")
    label = f"{plans:,} plans × {entries}"
    cold = scratch / "cold-cache"
    name = folder.parent.name
    commands = [
        Command(
            f"peer/{name}",
            f"latest.py (json)  {label}",
            [sys.executable, str(HERE / "latest.py"), str(folder)],
        ),
        Command(
            f"report/{name}",
            f"report --format md {label}",
            [rectify, "--plans", str(folder), "report", "--format", "md", "-o", str(scratch / f"{name}.md")],
        ),
        Command(
            f"json/{name}",
            f"status --json     {label}",
            [rectify, "--plans", str(folder), "status", "--json"],
        ),
        Command(
            f"cold/{name}",
            f"status --json, cold cache {label}",
            [rectify, "--plans", str(folder), "status", "--json"],
            env={"XDG_CACHE_HOME": str(cold)},
            fresh=cold,
        ),
    ]
    for command in commands:
        command.rounds = rounds
    return commands


@dataclass
class Budget:
    text: str
    ratio: float | None
    limit: float
    extra: tuple[float, float] | None = None  # (measured, limit) of a second condition
    best: float | None = (
        None  # the same ratio of the fastest runs: what is left when no other work interferes
    )
    cpu: float | None = None  # the same figure from CPU times, which other work moves less

    @property
    def met(self) -> bool | None:
        if self.ratio is None:
            return None
        return self.ratio <= self.limit and (self.extra is None or self.extra[0] <= self.extra[1])


def budgets(by: dict[str, Command]) -> list[Budget]:
    def ratio(a: str, b: str) -> float | None:
        return by[a].median / by[b].median if a in by and b in by else None

    def cpu(a: str, b: str) -> float | None:
        return by[a].median_cpu / by[b].median_cpu if a in by and b in by else None

    def best(a: str, b: str) -> float | None:
        return by[a].best / by[b].best if a in by and b in by else None

    def peak(*keys: str) -> tuple[float, float]:
        return (max((by[k].peak_mb for k in keys if k in by), default=0.0), 400.0)

    def start_up(text: str, a: str, b: str, limit: float) -> Budget:
        """A start-up budget: the verdict on medians, the fastest runs' ratio beside it."""
        return Budget(text, ratio(a, b), limit, best=best(a, b), cpu=cpu(a, b))

    found = [
        start_up("status, shipped plan ÷ empty Typer command", "status/shipped", "typer", 1.6),
        start_up("status --json, shipped plan ÷ empty Typer command", "json/shipped", "typer", 1.6),
        start_up("update, shipped plan ÷ empty Typer command", "update/shipped", "typer", 1.6),
    ]
    for name, label, md_limit in (("thousand", "50 a target", 3.0), ("thousand-few", "1–2 a target", 5.0)):
        found += [
            Budget(
                f"1,000 plans, {label}: status --json ÷ latest.py; peak MB",
                ratio(f"json/{name}", f"peer/{name}"),
                5.0,
                peak(f"json/{name}", f"cold/{name}"),
                cpu=cpu(f"json/{name}", f"peer/{name}"),
            ),
            Budget(
                f"1,000 plans, {label}: md report ÷ latest.py; peak MB",
                ratio(f"report/{name}", f"peer/{name}"),
                md_limit,
                peak(f"report/{name}"),
                cpu=cpu(f"report/{name}", f"peer/{name}"),
            ),
            Budget(
                f"1,000 plans, {label}: cold cache ÷ warm, status --json",
                ratio(f"cold/{name}", f"json/{name}"),
                2.0,
                cpu=cpu(f"cold/{name}", f"json/{name}"),
            ),
        ]
    for name in ("markers", "note", "empty", "log5000"):
        for command in ("check", "status", "warnings"):
            key = f"{command}/{name}"
            if key in by:
                found.append(
                    Budget(
                        f"{by[key].label.strip()}: seconds; peak MB",
                        by[key].median,
                        10.0,
                        (by[key].peak_mb, 500.0),
                        cpu=by[key].median_cpu,
                    )
                )
    return found


def table(commands: list[Command]) -> list[str]:
    floor = next(c for c in commands if c.key == "floor").median
    typer = next(c for c in commands if c.key == "typer").median
    lines = [
        f"{'command':<56} {'median':>9} {'cpu':>9} {'peak':>8} {'× floor':>8} {'× Typer':>8}",
        "-" * 103,
    ]
    for c in commands:
        label = c.label if len(c.times) > 1 else f"{c.label} (1 run)"
        lines.append(
            f"{label:<56} {c.median * 1000:>6.0f} ms {c.median_cpu * 1000:>6.0f} ms {c.peak_mb:>5.0f} MB"
            f" {c.median / floor:>8.2f} {c.median / typer:>8.2f}"
        )
    return lines


def budget_lines(found: list[Budget]) -> list[str]:
    lines = [f"{'budget':<50} {'ratio':>7} {'limit':>7}  verdict", "-" * 96]
    for b in found:
        if b.ratio is None:
            lines.append(f"{b.text:<50} {'—':>7} {b.limit:>7.2f}  not measured")
            continue
        shown = f"{b.ratio:>7.2f} {b.limit:>7.2f}"
        if b.extra is not None:
            shown += f"  (peak {b.extra[0]:.0f} MB, limit {b.extra[1]:.0f})"
        verdict = "met" if b.met else "NOT MET"
        if b.best is not None:
            verdict += f"  (fastest runs: {b.best:.2f})"
        if b.cpu is not None:
            verdict += f"  (CPU: {b.cpu:.2f}, {'met' if b.cpu <= b.limit else 'NOT MET'})"
        lines.append(f"{b.text:<50} {shown}  {verdict}")
    met = sum(b.met is True for b in found)
    lines.append(f"{met} of {len(found)} budgets met (verdicts on medians)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9, help="timed runs of each command (default 9)")
    parser.add_argument(
        "--plans", type=int, default=1000, help="plans of the many-plan figures (default 1000; 0: none)"
    )
    parser.add_argument(
        "--many-rounds", type=int, default=3, help="timed runs of each many-plan command (default 3)"
    )
    parser.add_argument("--results", type=Path, help="also write the output as Markdown to this file")
    parser.add_argument(
        "--million",
        action="store_true",
        help="also time show and the xlsx report of a 1,000,000-entry log (minutes, GBs)",
    )
    args = parser.parse_args()
    if not (BIN / "rectify").exists():
        sys.exit(
            f"no rectify next to {sys.executable}: install the project first (pip install -e '.[bench]')"
        )

    out: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    for line in versions():
        say(line)
    say(load_average("at the start"))
    with tempfile.TemporaryDirectory(prefix="rectify-bench-") as tmp:
        scratch = Path(tmp)
        commands = build(scratch, say, args.plans, min(args.many_rounds, args.rounds), args.million)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("RECTIFY_", "PYTHON")) and key not in ("COLUMNS", "XDG_CACHE_HOME")
        }
        env |= {"NO_COLOR": "1", "XDG_CACHE_HOME": str(scratch / "cache"), "RECTIFY_BY": "基准测试"}
        say(f"timing {len(commands)} commands, {args.rounds} rounds after a warm-up")
        measure(commands, args.rounds, env, scratch)
        imports = import_costs(scratch / "shipped" / "plans", env)
    say(load_average("at the end"))
    say()
    for line in table(commands):
        say(line)
    say()
    by = {c.key: c for c in commands}
    found = budgets(by)
    for line in budget_lines(found):
        say(line)
    typer = by["typer"]
    say(
        f"the empty Typer command itself: {typer.median * 1000:.0f} ms (median wall),"
        f" {typer.median_cpu * 1000:.0f} ms CPU, fastest {typer.best * 1000:.0f} ms"
    )
    rich_alone = by["rich"].median / by["typer"].median
    say(f"for scale: rich printing tables of the status view's size, and nothing else, is {rich_alone:.2f}×")
    say("the empty Typer command, before any plan is read.")
    say(imports)
    if args.results:
        write_results(args.results, out, args.rounds, min(args.many_rounds, args.rounds), args.plans)
    return 0 if all(b.met for b in found) else 1


def load_average(when: str) -> str:
    """The machine's load (`uptime`'s three figures): the other work that ran beside the timing."""
    one, five, fifteen = os.getloadavg()
    return f"load average {when}: {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"


def import_costs(plans: Path, env: dict[str, str], runs: int = 5) -> str:
    """What importing rectify's own modules costs a start of `status --json` on the shipped plan,
    module by module as `python -X importtime` reports it (each module's best of `runs`): the part
    of a start that is neither Typer's nor rich's."""
    best: dict[str, int] = {}
    for _ in range(runs):
        done = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                str(BIN / "rectify"),
                "--plans",
                str(plans),
                "status",
                "--json",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        for line in done.stderr.splitlines():
            fields = line.removeprefix("import time:").split("|")
            name = fields[-1].strip() if len(fields) == 3 else ""
            if name.startswith("zibo_rectify") and fields[0].strip().isdigit():
                best[name] = min(best.get(name, 10**9), int(fields[0]))
    largest = sorted(best.items(), key=lambda item: -item[1])[:6]
    shown = ", ".join(f"{name.removeprefix('zibo_rectify.')} {us / 1000:.1f}" for name, us in largest)
    return (
        f"rectify's own modules take {sum(best.values()) / 1000:.0f} ms to import for status --json"
        f" ({len(best)} modules, best of {runs}; largest, in ms: {shown})."
    )


def write_results(path: Path, lines: list[str], rounds: int, many_rounds: int, plans: int) -> None:
    body = "\n".join(lines)
    path.write_text(
        "# Benchmark results\n\n"
        f"One run of `python benchmarks/run.py --rounds {rounds} --many-rounds {many_rounds}"
        f" --plans {plans}` on {time.strftime('%Y-%m-%d')}: {rounds} timed rounds of each command"
        f" after a warm-up, {many_rounds} of each {plans:,}-plan command."
        " Medians of whole-process wall times; peak memory is the largest resident size;"
        " budgets are ratios within this run.\n\n"
        f"```\n{body}\n```\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
