"""Appending to the log: a write that fails is one message, exit 2, and the log as it was; the plan is
never opened for writing; a link, a pipe or a log swapped while waiting for the lock is handled."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PLAN_ID, rectify_command

STAMP = '"recorded": "2022-08-01T09:00:00+08:00"'
EXISTING = f'- {{"date": "2022-07-31", "target": "canteens", "value": 95, {STAMP}}}\n'
UPDATE = ("update", "canteens", "120", "--date", "2022-08-01", "--note", "第二批验收")


def fail_opening(monkeypatch, log: Path, code: int) -> None:
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path) == log and flags & os.O_RDWR:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


def fill_disk_after(monkeypatch, allowed: int) -> None:
    """The next write stops after `allowed` bytes and the one after it finds the disk full."""
    state = {"left": allowed}
    real_write = os.write

    def fake_write(fd: int, data: bytes) -> int:
        if state["left"] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = real_write(fd, bytes(data[: state["left"]]))
        state["left"] -= written
        return written

    monkeypatch.setattr(os, "write", fake_write)


def fail_fsync(monkeypatch) -> None:
    def fake_fsync(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", fake_fsync)


FAULTS = {
    "read-only folder, no log yet": (
        lambda mp, log: fail_opening(mp, log, errno.EACCES),
        "Permission denied",
    ),
    "read-only log file": (lambda mp, log: fail_opening(mp, log, errno.EACCES), "Permission denied"),
    "read-only file system": (lambda mp, log: fail_opening(mp, log, errno.EROFS), "Read-only file system"),
    "disk full mid-line": (lambda mp, log: fill_disk_after(mp, 40), "No space left on device"),
    "disk full at once": (lambda mp, log: fill_disk_after(mp, 0), "No space left on device"),
    "fsync fails": (lambda mp, log: fail_fsync(mp), "Input/output error"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_failed_write_is_one_message_exit_2_and_the_log_unchanged(
    cli, plans_dir, monkeypatch, shown, fault
):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    if fault.startswith("read-only folder"):
        log.unlink()
    else:
        log.write_text(EXISTING, encoding="utf-8")
    before = log.read_bytes() if log.exists() else None
    inject, strerror = FAULTS[fault]
    inject(monkeypatch, log)

    result = cli(*UPDATE)
    monkeypatch.undo()

    assert result.code == 2
    assert result.err.count("error:") == 1, result.err
    assert f"{log}: error: cannot write to the log: {strerror}" in result.err
    assert [d.code for d in shown] == ["cannot-write"]
    assert "nothing was recorded" in result.err
    assert (log.read_bytes() if log.exists() else None) == before


def test_when_the_file_cannot_even_be_cut_back_the_message_says_so(cli, plans_dir, monkeypatch):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.write_text(EXISTING, encoding="utf-8")
    fill_disk_after(monkeypatch, 40)

    def fake_ftruncate(fd: int, size: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "ftruncate", fake_ftruncate)
    result = cli(*UPDATE)
    monkeypatch.undo()

    assert result.code == 2
    assert "may now end with a cut-off line" in result.err
    assert log.read_bytes().startswith(EXISTING.encode())
    checked = cli("check")
    assert checked.code == 1 and ":2:1: error: the last line is cut off" in checked.out
    assert cli("status").code == 0


def test_a_read_only_folder_for_real(run, plans_dir, read_only):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.unlink()
    with read_only(plans_dir) as reason:
        result = run(*UPDATE)
    assert result.code == 2
    assert f"cannot write to the log: {reason}" in result.err
    assert not log.exists()


# Each open of the plan, with how it was opened, while a command runs in this process.
PLAN_OPENS: list[tuple[str, object, int]] = []
WATCHING: list[Path] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and WATCHING and args[0] is not None and str(args[0]) == str(WATCHING[0]):
        mode, flags = args[1], args[2]
        PLAN_OPENS.append((event, mode, flags if isinstance(flags, int) else 0))


sys.addaudithook(_audit)


def test_the_plan_is_never_opened_for_writing(cli, plans_dir):
    plan = plans_dir / f"{PLAN_ID}.yaml"
    WATCHING.append(plan)
    try:
        assert cli(*UPDATE).code == 0
        assert cli("done", "low-income-rules", "--date", "2022-06-20").code == 0
        for command in (("status",), ("log",), ("check",), ("status", "--json")):
            assert cli(*command).code == 0
    finally:
        WATCHING.clear()
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    assert len(PLAN_OPENS) >= 6  # the hook saw each of the six commands read the plan
    for _, mode, flags in PLAN_OPENS:
        assert not (flags & writing), flags
        assert not (isinstance(mode, str) and set(mode) & set("wax+")), mode


@pytest.mark.parametrize(
    ("kind", "says"),
    [("link", "this is a symbolic link"), ("pipe", "this is a device or a pipe, not a file")],
)
def test_a_log_that_is_not_a_regular_file_is_not_written(cli, plans_dir, tmp_path, kind, says):
    """A link committed to the repository could point at ~/.bashrc; a pipe would hang the update."""
    elsewhere = tmp_path / "bashrc"
    elsewhere.write_text("export PATH=/usr/bin\n", encoding="utf-8")
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.unlink()
    if kind == "link":
        log.symlink_to(elsewhere)
    else:
        os.mkfifo(log)

    result = cli(*UPDATE)

    assert result.code == 2
    assert says in result.err
    assert elsewhere.read_text(encoding="utf-8") == "export PATH=/usr/bin\n"


def test_text_that_is_not_utf8_is_refused(run, plans_dir):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    before = log.read_bytes()
    result = run("update", "canteens", "120", "--date", "2022-08-01", "--note", "ok\udcff")
    assert result.code == 2
    assert "--note holds \\udcff, which is not a character" in result.err
    assert log.read_bytes() == before


def _opened_for_writing(pid: int, path: Path) -> bool:
    """Whether `pid` holds `path` open for writing, as update does from the moment it asks for the
    lock (it asks again and again, without blocking, so /proc/locks shows no waiter)."""
    inode = path.stat().st_ino
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if fd.stat().st_ino != inode:
                continue
            flags = Path(f"/proc/{pid}/fdinfo/{fd.name}").read_text().split("flags:")[1].split()[0]
        except (OSError, IndexError):
            continue
        if int(flags, 8) & os.O_ACCMODE != os.O_RDONLY:
            return True
    return False


@pytest.mark.skipif(not Path("/proc/self/fdinfo").exists(), reason="needs Linux /proc")
def test_a_log_replaced_while_waiting_for_the_lock_gets_the_entry(plans_dir):
    """git checkout writes a new file and renames it over the old one; the entry must go to the new one."""
    import fcntl

    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.write_text(EXISTING, encoding="utf-8")
    env = {**os.environ, "RECTIFY_PLANS": str(plans_dir)}
    with log.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        update = subprocess.Popen([*rectify_command(), *UPDATE], env=env, stdout=subprocess.PIPE)
        while not _opened_for_writing(update.pid, log):  # it then asks for the lock we hold
            assert update.poll() is None, "update ended without waiting for the lock"
            time.sleep(0.01)
        replacement = plans_dir / "checkout.tmp"
        replacement.write_text(EXISTING + EXISTING.replace("95", "100"), encoding="utf-8")
        os.replace(replacement, log)
    assert update.wait(timeout=30) == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and "第二批验收" in lines[2]
