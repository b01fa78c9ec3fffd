"""Every hostile file is refused cleanly: exit 1 or 2, a message naming the file (and its line where it
has one), no traceback, and no hang.

The corpus is tests/hostile/: plans/ holds one plan per case, logs/ one log per
case (each is checked beside a copy of the shipped plan).  Cases too large or
too odd to commit (a file past the size bound, links, a pipe) are made here.
The sample files in ../shared/testdata/bad/ are run too, when present.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from conftest import PLAN_ID, ROOT, SHARED, SHIPPED, rectify_command
from zibo_rectify.cli import app
from zibo_rectify.plans import PLAN_MAX_BYTES

HOSTILE = Path(__file__).parent / "hostile"
CORPUS_PLANS = sorted((HOSTILE / "plans").glob("*.yaml"))
CORPUS_LOGS = sorted((HOSTILE / "logs").glob("*.progress.yaml"))
SAMPLES = sorted((SHARED / "testdata" / "bad").glob("*.yaml"))
# A guard against a hang or a bomb (which runs for minutes and takes gigabytes), not a speed budget:
# CI runs on a loaded machine, so the bound is far above what any case takes on a quiet one.
SECONDS_PER_FILE = 60
# Whole-file refusals that have no line to point at.
NO_LINE = {"not-utf8", "file-too-large", "symbolic-link", "not-a-file"}


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "plan" or "log"
    make: Callable[[Path], Path]  # writes the case into a folder, returns the hostile file


def _copy(source: Path) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        return Path(shutil.copy(source, folder / source.name))

    return make


def _as_log(source: Path) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        shutil.copy(SHIPPED / f"{PLAN_ID}.yaml", folder)
        return Path(shutil.copy(source, folder / f"{PLAN_ID}.progress.yaml"))

    return make


def _written(name: str, data: Callable[[], bytes]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data())
        return path

    return make


def _link(name: str, to: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.symlink_to(to)
        return path

    return make


def _pipe(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path


def _log_link(folder: Path) -> Path:
    shutil.copy(SHIPPED / f"{PLAN_ID}.yaml", folder)
    return _link(f"{PLAN_ID}.progress.yaml", "/etc/shadow")(folder)


def _garbage_log(folder: Path) -> Path:
    shutil.copy(SHIPPED / f"{PLAN_ID}.yaml", folder)
    return _written(f"{PLAN_ID}.progress.yaml", lambda: b"- {" * 350_000)(folder)


GENERATED = [
    Case(
        "larger-than-the-bound", "plan", _written("big.yaml", lambda: b"# pad\n" * (PLAN_MAX_BYTES // 6 + 1))
    ),
    Case("one-line-of-3-mb", "plan", _written("wide.yaml", lambda: b"title: " + b"x" * 3_000_000 + b"\n\t")),
    Case("link-to-etc-passwd", "plan", _link("passwd.yaml", "/etc/passwd")),
    Case("link-to-dev-zero", "plan", _link("zero.yaml", "/dev/zero")),
    Case("link-to-dev-urandom", "plan", _link("urandom.yaml", "/dev/urandom")),
    Case("named-pipe", "plan", _pipe),
    Case("log-linked-to-etc-shadow", "log", _log_link),
    Case("log-of-one-garbage-megabyte", "log", _garbage_log),
]
CASES = (
    [Case(p.stem, "plan", _copy(p)) for p in CORPUS_PLANS]
    + [Case(p.name, "log", _as_log(p)) for p in CORPUS_LOGS]
    + [Case(f"shared/{p.name}", "plan", _copy(p)) for p in SAMPLES]
    + GENERATED
)


class TookTooLong(Exception):
    pass


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """A hard bound on one case: SIGALRM interrupts it (a hang or a bomb) instead of letting it run."""

    def expire(signum: int, frame: object) -> None:
        raise TookTooLong(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the test fails with it
    return result.exit_code, result.stdout, result.stderr


def _problems(case: Case, folder: Path) -> list[str]:
    """What is wrong with how `rectify check` (and, for a log, status) treats one hostile file."""
    hostile = case.make(folder)
    with deadline(SECONDS_PER_FILE):
        code, out, _ = _invoke("check", str(hostile), "--format", "json")
        _, text, _ = _invoke("check", str(hostile))
        status = _invoke("--plans", str(folder), "status") if case.kind == "log" else None
    wrong = []
    if code not in (1, 2):
        wrong.append(f"check exited {code}")
    mine = [d for d in json.loads(out) if d["file"] == str(hostile)]
    if not mine:
        wrong.append("no message names the file")
    elif not any(d["line"] for d in mine) and not {d["code"] for d in mine} & NO_LINE:
        wrong.append(f"no line given: {mine}")
    if f"{hostile}:" not in text:
        wrong.append("the text output does not name the file")
    if status is not None and (status[0] not in (0, 2) or f"{hostile}:" not in status[2]):
        wrong.append(f"status exited {status[0]} without naming the file: {status[2][:300]}")
    return wrong


def test_every_hostile_file_is_refused_cleanly(tmp_path):
    assert len(CORPUS_PLANS) + len(CORPUS_LOGS) >= 40
    failures = {}
    for index, case in enumerate(CASES):
        folder = tmp_path / str(index)
        folder.mkdir()
        wrong = _problems(case, folder)
        if wrong:
            failures[case.name] = wrong
    print(f"hostile files tried: {len(CASES)}")
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_the_installed_rectify_refuses_the_whole_corpus_without_a_traceback(tmp_path):
    """One run of the real program over every committed file: each is named, none crashes it."""
    folders = []
    for index, source in enumerate(CORPUS_LOGS):
        folder = tmp_path / str(index)
        folder.mkdir()
        _as_log(source)(folder)
        folders.append(str(folder))
    files = [str(p) for p in CORPUS_PLANS + SAMPLES]
    done = subprocess.run(
        [*rectify_command(), "check", "--format", "json", *files, *folders],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (1, 2)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    named = {d["file"] for d in json.loads(done.stdout)}
    assert set(files) <= named
    assert {str(Path(f) / f"{PLAN_ID}.progress.yaml") for f in folders} <= named


def test_the_reliability_notes_state_the_counts():
    readme = " ".join((ROOT / "docs" / "reliability.md").read_text(encoding="utf-8").split())
    assert f"holds {len(CORPUS_PLANS) + len(CORPUS_LOGS)} hostile files" in readme
    assert f"({len(CORPUS_PLANS)} plans, {len(CORPUS_LOGS)} logs)" in readme
    assert f"{len(GENERATED)} cases made on the fly" in readme
    if SAMPLES:
        assert f"the {len(SAMPLES)} samples" in readme and f"{len(CASES)} files, each" in readme
