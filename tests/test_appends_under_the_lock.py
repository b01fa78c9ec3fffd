"""Appends under the log's lock: a log replaced while update holds or waits for the lock,
writers whose clocks disagree, a stopped lock holder, and how much of the log is read under it.

No test waits on the clock: a lock holder says when it holds the lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from conftest import PLAN_ID, without_late
from zibo_rectify.log import append as log_append
from zibo_rectify.log import read as log_read

STAMP = '"recorded": "2022-07-01T09:00:00+08:00"'
BASE = f'- {{"date": "2022-06-30", "target": "canteens", "value": 60, {STAMP}}}\n'
UPDATE = ("update", "canteens", "120", "--date", "2022-08-01")


def log_of(plans_dir: Path) -> Path:
    return plans_dir / f"{PLAN_ID}.progress.yaml"


def values(path: Path) -> list[float]:
    return [e.value for e in log_read.read_log(path).entries if e.target == "canteens"]  # type: ignore[misc]


# An acknowledged entry lands nowhere: the log replaced while update holds the lock.


def replace_after_write(monkeypatch, log: Path, times: int, with_our_line: bool = False) -> list[int]:
    """After each of the first `times` writes (and fsync), the log is replaced, as git checkout does."""
    real_write = log_append._write
    done = [0]

    def write_then_replace(fd, path, old_size, data):  # type: ignore[no-untyped-def]
        real_write(fd, path, old_size, data)
        if done[0] < times:
            done[0] += 1
            copy = log.with_name("checkout.tmp")
            copy.write_bytes(log.read_bytes() if with_our_line else BASE.encode())
            os.replace(copy, log)

    monkeypatch.setattr(log_append, "_write", write_then_replace)
    return done


def test_log_replaced_while_the_lock_is_held_gets_the_entry(cli, plans_dir, monkeypatch):
    log = log_of(plans_dir)
    log.write_text(BASE, encoding="utf-8")
    replace_after_write(monkeypatch, log, times=1)
    result = cli(*UPDATE)
    assert result.code == 0, result.err
    assert values(log) == [60, 120]  # in the file now at the path, once


def test_a_replacement_that_copied_our_line_is_not_written_twice(cli, plans_dir, monkeypatch):
    log = log_of(plans_dir)
    log.write_text(BASE, encoding="utf-8")
    replace_after_write(monkeypatch, log, times=1, with_our_line=True)
    assert cli(*UPDATE).code == 0
    assert values(log) == [60, 120]


def test_a_log_replaced_every_time_is_exit_2_never_acknowledged(cli, plans_dir, monkeypatch):
    log = log_of(plans_dir)
    log.write_text(BASE, encoding="utf-8")
    replace_after_write(monkeypatch, log, times=100)
    result = cli(*UPDATE)
    assert result.code == 2
    assert "replaced 5 times" in result.err and "nothing was recorded" in result.err
    assert "Recorded" not in result.out
    assert values(log) == [60]


# Two acknowledged updates leave a log check rejects: stamped before the lock, clocks that disagree.


def test_a_writer_that_waited_for_the_lock_leaves_a_log_check_accepts(cli, plans_dir, monkeypatch):
    """While `update canteens 20` waits for the lock, an office whose clock runs an hour fast records 10
    for the same day.  Both are accepted, and check accepts the log: one date never makes a drop."""
    log = log_of(plans_dir)
    log.write_text(BASE, encoding="utf-8")
    real_flock = fcntl.flock
    state = {"first": True}

    def flock(fd, operation):  # type: ignore[no-untyped-def]
        if state["first"] and operation & fcntl.LOCK_EX:
            state["first"] = False
            with log.open("a", encoding="utf-8") as other:
                other.write(
                    '- {"date": "2022-08-01", "target": "canteens", "value": 100,'
                    ' "recorded": "2099-01-01T00:00:00+08:00"}\n'
                )
        return real_flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", flock)
    assert cli("update", "canteens", "110", "--date", "2022-08-01").code == 0
    monkeypatch.setattr(fcntl, "flock", real_flock)
    check = cli("check", "--format", "json")
    assert (check.code, without_late(json.loads(check.out))) == (0, [])
    status = cli("status", "--as-of", "2022-08-02", "--json").json()
    assert next(t for t in status["targets"] if t["id"] == "canteens")["value"] == 110  # the highest


def test_recorded_is_stamped_under_the_lock(cli, plans_dir, monkeypatch):
    moments = []
    real_lock = log_append._lock

    def lock(fd, path):  # type: ignore[no-untyped-def]
        real_lock(fd, path)
        moments.append(log_append.stamp())

    monkeypatch.setattr(log_append, "_lock", lock)
    assert cli(*UPDATE).code == 0
    (entry,) = log_read.read_log(log_of(plans_dir)).entries
    assert entry.recorded >= moments[0]


SAME_DAY = [
    '- {"date": "2022-08-01", "target": "canteens", "value": 20, "recorded": "2022-08-01T10:00:00+08:00"}',
    '- {"date": "2022-08-01", "target": "canteens", "value": 10, "recorded": "2022-08-01T11:00:00+08:00"}',
]


def test_union_merge_of_two_valid_logs_is_valid_and_the_highest_is_in_force(cli, plans_dir):
    log = log_of(plans_dir)
    for lines in ([SAME_DAY[0]], [SAME_DAY[1]], SAME_DAY, SAME_DAY[::-1]):
        log.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert cli("check").code == 0, lines
    status = cli("status", "--as-of", "2022-08-02", "--json").json()
    assert next(t for t in status["targets"] if t["id"] == "canteens")["value"] == 20


def test_a_correction_of_the_date_wins_and_drops_between_dates_are_still_found(cli, plans_dir):
    log = log_of(plans_dir)
    correction = (
        '- {"date": "2022-08-01", "target": "canteens", "value": 15, "correction": true,'
        ' "recorded": "2022-08-01T09:00:00+08:00"}'
    )
    later = (
        '- {"date": "2022-08-05", "target": "canteens", "value": 12, "recorded": "2022-08-01T09:00:00+08:00"}'
    )
    log.write_text("\n".join([*SAME_DAY, correction]) + "\n", encoding="utf-8")
    status = cli("status", "--as-of", "2022-08-02", "--json").json()
    assert next(t for t in status["targets"] if t["id"] == "canteens")["value"] == 15
    log.write_text("\n".join([*SAME_DAY, correction, later]) + "\n", encoding="utf-8")
    found = cli("check", "--format", "json").json()
    assert [(d["line"], d["code"]) for d in found] == [(4, "value-decreases")]
    # update follows the same rule: below the figure in force on its date is a drop
    assert "cannot go down to 14" in cli("update", "canteens", "14", "--date", "2022-08-02").err


# A writer stopped while holding the lock blocks every other writer forever.


def test_a_stopped_lock_holder_makes_update_give_up_and_name_it(run, plans_dir):
    log = log_of(plans_dir)
    log.write_text(BASE, encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"f = open({str(log)!r}, 'a')\n"
            "fcntl.flock(f, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(600)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"  # an event, not a sleep
        os.kill(holder.pid, signal.SIGSTOP)
        result = run(*UPDATE, env={"RECTIFY_LOCK_TIMEOUT": "0.5"})
        assert result.code == 2
        assert f"process {holder.pid}" in result.err and f"kill -CONT {holder.pid}" in result.err
        assert "nothing was recorded" in result.err and "Traceback" not in result.err
        assert log.read_text(encoding="utf-8") == BASE
        bad = run(*UPDATE, env={"RECTIFY_LOCK_TIMEOUT": "soon"})
        assert bad.code == 2 and "RECTIFY_LOCK_TIMEOUT" in bad.err
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()


# A log of junk lines.


def test_junk_lines_cost_a_bounded_amount_of_work(cli, plans_dir, monkeypatch):
    from zibo_rectify import yamlio

    log = log_of(plans_dir)
    log.write_text(BASE + "- x\n" * 100_000, encoding="utf-8")
    parses = []
    real_parse = yamlio.parse

    def counted(text, name, **options):  # type: ignore[no-untyped-def]
        if name.endswith(".progress.yaml"):
            parses.append(1)
        return real_parse(text, name, **options)

    monkeypatch.setattr(yamlio, "parse", counted)
    assert cli(*UPDATE).code == 0
    assert len(parses) <= log_read.YAML_JUNK_LINES + 10  # junk past the first lines: only counted
    parses.clear()
    check = cli("check", "--format", "json")
    assert check.code == 1
    assert len(parses) <= log_read.YAML_JUNK_LINES + 10
    listed = without_late(check.json())
    assert len(listed) == log_read.MAX_LISTED + 1 and listed[-1]["code"] == "more-problems"
    status = cli("status", "--as-of", "2022-08-02", "--json")
    assert status.code == 0 and status.err.count("warning:") <= 20
    assert next(t for t in status.json()["targets"] if t["id"] == "canteens")["value"] == 120


def test_the_log_is_read_before_the_lock_and_only_its_growth_under_it(cli, plans_dir, monkeypatch):
    log = log_of(plans_dir)
    log.write_text(BASE * 3, encoding="utf-8")
    read: list[int] = []  # bytes parsed, before the lock and under it
    real_entries, real_lock = log_append._entries, log_append._lock

    def entries(raw, path, target):  # type: ignore[no-untyped-def]
        read.append(len(raw))
        return real_entries(raw, path, target)

    def lock(fd, path):  # type: ignore[no-untyped-def]
        with log.open("a", encoding="utf-8") as other:  # another writer, just before our lock
            other.write(BASE.replace("60", "70"))
        real_lock(fd, path)

    monkeypatch.setattr(log_append, "_entries", entries)
    monkeypatch.setattr(log_append, "_lock", lock)
    result = cli("update", "canteens", "65", "--date", "2022-06-30")
    assert result.code == 2 and "was 70" in result.err  # the growth was read, and judged
    assert read == [len(BASE) * 3, len(BASE)]
