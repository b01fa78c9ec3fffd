"""Shared test helpers: a copy of the shipped plans, and the installed `rectify` run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "plans"
PLAN_ID = "zibo-minzheng-2022"
SHARED = ROOT.parent / "shared"

# The property tests draw the same examples every run, so a landing cannot fail on an example nobody
# has seen; RECTIFY_TEST_SEARCH=1 draws new ones each run to search further (a failure prints its seed).
# Neither depends on how busy the machine is: no deadline, no health check on speed.
SPEED_CHECKS = [HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large]
settings.register_profile("same-examples", derandomize=True, database=None, deadline=None,
                          suppress_health_check=SPEED_CHECKS)  # fmt: skip
settings.register_profile("search", deadline=None, suppress_health_check=SPEED_CHECKS)
settings.load_profile("search" if os.environ.get("RECTIFY_TEST_SEARCH") else "same-examples")


def rectify_command() -> list[str]:
    installed = shutil.which("rectify", path=str(Path(sys.executable).parent))
    return [installed] if installed else [sys.executable, "-m", "zibo_rectify"]


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def without_late(diagnostics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """check's findings but late-entry (补录), which a test that records today about 2022 gets
    on every entry and is not about."""
    return [d for d in diagnostics if d["code"] != "late-entry"]


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own plan cache, so none reads another's entries or the user's."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("RECTIFY_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def plans_dir(tmp_path: Path) -> Path:
    """A fresh copy of the shipped plans folder, with its empty log."""
    folder = tmp_path / "plans"
    shutil.copytree(SHIPPED, folder)
    return folder


@pytest.fixture
def run(plans_dir: Path):  # type: ignore[no-untyped-def]
    """Run the installed `rectify` in a subprocess against the copied plans folder."""

    def runner(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
        full_env = {
            **os.environ,
            "RECTIFY_PLANS": str(plans_dir),
            "NO_COLOR": "1",
            "COLUMNS": "200",
        }
        full_env.pop("RECTIFY_LANG", None)
        full_env.update(env or {})
        done = subprocess.run(
            [*rectify_command(), *args],
            capture_output=True,
            text=True,
            env=full_env,
            cwd=cwd or plans_dir.parent,
            timeout=60,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return runner


@pytest.fixture
def cli(plans_dir: Path):  # type: ignore[no-untyped-def]
    """Run `rectify` in-process through Typer's CliRunner (fast, for most CLI tests)."""
    from zibo_rectify.cli import app

    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        full_env = {
            "RECTIFY_PLANS": str(plans_dir),
            "NO_COLOR": "1",
            "COLUMNS": "200",
            **(env or {}),
        }
        result = runner.invoke(app, list(args), env=full_env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


def fork_rectify(plans_dir: Path, *args: str) -> int:
    """Run `rectify ARGS` in a forked child of this process and return its pid.

    The child is a real process, with its own locks and its own death, but it
    skips the interpreter's start-up, so a test can start hundreds and kill
    them at any point of their short lives.  Its output goes to /dev/null.
    """
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        sys.stdout = sys.stderr = open(devnull, "w", closefd=False)  # not pytest's capture files
        os.environ["RECTIFY_PLANS"] = str(plans_dir)
        sys.argv = ["rectify", *args]
        from zibo_rectify.cli import main

        main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    finally:
        os._exit(code)


def exit_code(pid: int, wait: bool = True) -> int | None:
    """The child's exit code (negative: the signal that killed it), or None while it runs."""
    done, status = os.waitpid(pid, 0 if wait else os.WNOHANG)
    return os.waitstatus_to_exitcode(status) if done else None


def target(status: dict[str, Any], target_id: str) -> dict[str, Any]:
    return next(t for t in status["targets"] if t["id"] == target_id)


def at_a_terminal(args: list[str], env: dict[str, str], answer: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `rectify ARGS` with a terminal for its input and its stderr, on which
    `answer` is typed; stderr comes back as the terminal showed it (the answer echoed), unstyled."""
    import pty

    main, terminal = pty.openpty()
    try:
        os.write(main, answer.encode() + b"\n")
        done = subprocess.run(
            [*rectify_command(), *args],
            stdin=terminal,
            stderr=terminal,
            stdout=subprocess.PIPE,
            env=env,
            timeout=60,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the terminal's other side is closed and all it held was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
    import re

    said = re.sub(r"\x1b\[[0-9;]*m", "", shown.decode().replace("\r\n", "\n"))  # as read, without bold
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), said)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every diagnostic the command line prints, in order, with its code (which no user reads),
    for a command run in-process."""
    from zibo_rectify.render import diagnostic

    found: list[Any] = []
    real = diagnostic.diagnostic_text

    def recording(diagnostic: Any, *args: Any, **kwargs: Any) -> Any:
        found.append(diagnostic)
        return real(diagnostic, *args, **kwargs)

    monkeypatch.setattr(diagnostic, "diagnostic_text", recording)
    return found


@pytest.fixture
def read_only() -> Any:
    """A context that makes a folder one the tests' user may not write in, yielding the reason the
    system gives.  Root writes through permissions, so as root the folder is made immutable."""
    import contextlib
    import errno

    @contextlib.contextmanager
    def folder(path: Path) -> Any:
        if os.geteuid() != 0:
            path.chmod(0o555)
            try:
                yield os.strerror(errno.EACCES)
            finally:
                path.chmod(0o755)
            return
        if shutil.which("chattr") is None:
            pytest.skip("needs chattr to make a folder read-only for root")
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield os.strerror(errno.EPERM)
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)

    return folder
