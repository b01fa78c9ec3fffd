"""The world around a command: output that cannot be written, a deleted current folder, a
folder that cannot be written, a title that is not UTF-8.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import PLAN_ID, rectify_command
from zibo_rectify.log import read as log_read

UPDATE = ("update", "canteens", "120", "--date", "2022-08-01")


def log_of(plans_dir: Path) -> Path:
    return plans_dir / f"{PLAN_ID}.progress.yaml"


def values(path: Path) -> list[float]:
    return [e.value for e in log_read.read_log(path).entries if e.target == "canteens"]  # type: ignore[misc]


# Output.


def rectify(args: list[str], plans_dir: Path, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def,type-arg]
    env = {**os.environ, "RECTIFY_PLANS": str(plans_dir), "NO_COLOR": "1", **kwargs.pop("env", {})}
    kwargs.setdefault("capture_output", "stdout" not in kwargs)
    return subprocess.run([*rectify_command(), *args], env=env, timeout=60, **kwargs)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_update_to_a_full_disk_says_it_was_recorded(plans_dir):
    def to_full_disk(*args: str) -> tuple[int, str]:
        with open("/dev/full", "w") as full:
            done = rectify(list(args), plans_dir, stdout=full, stderr=subprocess.PIPE, text=True)
        return done.returncode, done.stderr

    code, err = to_full_disk(*UPDATE)
    assert code == 0 and "but this was done: Recorded 长者食堂 (canteens) = 120" in err
    assert "internal error" not in err
    assert values(log_of(plans_dir)) == [120]
    code, err = to_full_disk("status")
    assert code == 2 and "could not be written" in err


def test_closed_stdout_ascii_columns_0_and_a_closed_pipe(plans_dir):
    closed = subprocess.run(
        [*rectify_command(), "status"],
        env={**os.environ, "RECTIFY_PLANS": str(plans_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    assert closed.returncode == 2 and "standard output is closed" in closed.stderr
    ascii_out = rectify(["status", "--as-of", "2022-08-01"], plans_dir, env={"PYTHONIOENCODING": "ascii"})
    assert ascii_out.returncode == 0 and b"\\u5e02" in ascii_out.stdout
    narrow = rectify(["status", "--as-of", "2022-08-01"], plans_dir, env={"COLUMNS": "0"})
    assert narrow.returncode == 0 and b"canteens" in narrow.stdout
    for args, code in ((["status"], 0), (["check", str(plans_dir / "nothing.yaml")], 2)):
        reader = subprocess.Popen(
            [*rectify_command(), *args],
            env={**os.environ, "RECTIFY_PLANS": str(plans_dir)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert reader.stdout is not None and reader.stderr is not None
        reader.stdout.close()  # the reader is gone before the first write, as `| head -0`
        err = reader.stderr.read()
        assert reader.wait(timeout=60) == code, err
        assert b"Traceback" not in err and b"internal error" not in err


# Environment.


def test_a_deleted_current_folder(plans_dir, tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    command = " ".join(f"'{part}'" for part in rectify_command())
    env = {k: v for k, v in os.environ.items() if k != "RECTIFY_PLANS"}
    for args in ("status", "init zz"):
        done = subprocess.run(
            ["sh", "-c", f"cd '{gone}' && rmdir '{gone}' && exec {command} {args}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2 and "the current folder no longer exists" in done.stderr, done.stderr
        gone.mkdir()


def test_init_in_a_folder_it_cannot_write_leaves_nothing(cli, plans_dir, monkeypatch):
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)  # what a read-only folder does, even to root
    before = sorted(os.listdir(plans_dir))
    result = cli("init", "zz")
    assert result.code == 2 and "Permission denied" in result.err
    assert sorted(os.listdir(plans_dir)) == before


def test_a_title_that_is_not_utf8_and_a_plans_folder_that_does_not_exist(plans_dir, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "RECTIFY_PLANS"}
    bad = subprocess.run(
        [*rectify_command(), "--plans", str(plans_dir), "init", "zz", "--title", os.fsdecode(b"\xff\xfe")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "not UTF-8" in bad.stderr
    assert not [n for n in os.listdir(plans_dir) if n.startswith(("zz", ".zz"))]
    missing = subprocess.run(
        [*rectify_command(), "--plans", "/nonexistent", "init", "zz"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert missing.returncode == 2 and "/nonexistent does not exist" in missing.stderr
    assert not (tmp_path / "plans" / "zz.yaml").exists()
