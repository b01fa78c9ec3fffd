"""The golden reports: each example's and the first-run sample's Markdown and CSV report, as reviewed.

Regenerate them after a deliberate change with

    python tests/golden/make.py

and review their diff like code; `tests/test_golden.py` holds every report to its file.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FORMATS = ("md", "csv")
DAYS = {  # a day inside each plan's span, where its log has something to say
    "farmland-water-2023-2025": "2024-12-31",
    "minsheng-shishi-2023": "2023-09-30",
    "river-chief-2023": "2023-12-20",
    "school-zhenggai-2023": "2023-12-31",
    "xuncha-qingdan-2023": "2023-10-10",
    "zhangdian-canteens-2023": "2023-09-30",
    "zibo-minzheng-2022-sample": "2022-09-30",
}


def plans() -> Iterator[Path]:
    for folder in (ROOT / "examples", ROOT / "examples" / "first-run"):
        for plan in sorted(folder.glob("*.yaml")):
            if not plan.name.endswith(".progress.yaml"):
                yield plan


def name(plan_id: str, fmt: str) -> str:
    return f"{plan_id}.{DAYS[plan_id]}.{fmt}"


def outputs() -> Iterator[tuple[str, bytes]]:
    """Each golden file's name and the bytes `rectify report` writes for it now, run on a copy of
    the plan outside any git repository (a report names no commit there)."""
    from typer.testing import CliRunner

    from zibo_rectify.cli import app

    runner = CliRunner()
    for plan in plans():
        plan_id = plan.stem
        with tempfile.TemporaryDirectory() as folder:
            shutil.copy(plan, folder)
            log = plan.with_name(plan_id + ".progress.yaml")
            if log.exists():
                shutil.copy(log, folder)
            for fmt in FORMATS:
                out = Path(folder) / f"report.{fmt}"
                args = ["--lang", "zh", "report", plan_id, "--plans", folder, "--as-of", DAYS[plan_id]]
                done = runner.invoke(app, [*args, "--format", fmt, "-o", str(out)], env={"NO_COLOR": "1"})
                if done.exit_code != 0:
                    raise RuntimeError(f"{plan_id} {fmt}: {done.output}")
                yield name(plan_id, fmt), out.read_bytes()


def main() -> None:
    for file, made in outputs():
        (HERE / file).write_bytes(made)
        print(file, file=sys.stderr)


if __name__ == "__main__":
    main()
