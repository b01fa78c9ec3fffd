"""Nothing recorded is lost: concurrent writers, processes killed at random points, writes cut short.

"Acknowledged" means `rectify update` exited 0: that entry must survive
whatever happens next.  A write cut short may leave one torn last line,
which check reports and status steps over.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PLAN_ID, exit_code, fork_rectify, rectify_command, without_late
from zibo_rectify.cli import app
from zibo_rectify.log import read_log

STAMP = '"recorded": "2022-07-01T09:00:00+08:00"'
BASE = (
    "# Progress log\n"
    f'- {{"date": "2022-06-30", "target": "canteens", "value": 60, "note": "第一批验收", {STAMP}}}\n'
    f'- {{"date": "2022-06-30", "target": "care-rate", "value": 58.5, {STAMP}}}\n'
)


def invoke(plans_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--plans", str(plans_dir), *args], env={"NO_COLOR": "1"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def problems(plans_dir: Path) -> list[tuple[int, str]]:
    code, out, _ = invoke(plans_dir, "check", "--format", "json")
    found = [(d["line"], d["code"]) for d in without_late(json.loads(out))]
    assert code == (1 if found else 0)
    return found


UPDATE = ("update", "canteens", "120", "--date", "2022-08-01", "--note")


def update_command(plans_dir: Path, note: str) -> tuple[list[str], dict[str, str]]:
    return [*rectify_command(), *UPDATE, note], {**os.environ, "RECTIFY_PLANS": str(plans_dir)}


def test_twenty_concurrent_updates_leave_twenty_whole_entries(plans_dir):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.write_text(BASE, encoding="utf-8")
    notes = [f"并发写入 {i}" for i in range(20)]

    commands = [update_command(plans_dir, note) for note in notes]
    processes = [subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL) for args, env in commands]
    codes = [p.wait(timeout=120) for p in processes]

    assert codes == [0] * 20
    assert problems(plans_dir) == []
    entries = read_log(log).entries
    assert len(entries) == 2 + 20
    assert sorted(e.note for e in entries[2:] if e.note) == sorted(notes)
    assert log.read_text(encoding="utf-8").startswith(BASE)


def test_a_write_cut_at_every_byte_loses_nothing_before_it(plans_dir):
    """The fault injected at every step of a write: the file ends after each byte of the new line."""
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.write_text(BASE, encoding="utf-8")
    assert invoke(plans_dir, "update", "canteens", "95", "--date", "2022-07-31", "--note", "第二批")[0] == 0
    line = log.read_bytes()[len(BASE.encode()) :]
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    torn_line = BASE.count("\n") + 1

    for cut in range(len(line) + 1):
        log.write_bytes(BASE.encode() + line[:cut])
        whole = cut >= len(line) - 1  # everything but the line break is a whole entry
        assert problems(plans_dir) == ([] if whole or cut == 0 else [(torn_line, "torn-line")]), cut

        code, out, err = invoke(plans_dir, "status", "--as-of", "2022-08-01", "--json")
        assert code == 0, err
        canteens = next(t for t in json.loads(out)["targets"] if t["id"] == "canteens")
        assert canteens["value"] == (95 if whole else 60), cut

        assert invoke(plans_dir, "update", "canteens", "130", "--date", "2022-08-15")[0] == 0
        after = log.read_bytes()
        assert after.startswith(BASE.encode() + line[:cut])
        values = [e.value for e in read_log(log).entries]
        assert values == ([60, 58.5, 95, 130] if whole else [60, 58.5, 130]), cut


@pytest.mark.parametrize(
    "trials",
    [200, pytest.param(1000, marks=pytest.mark.soak), pytest.param(2000, marks=pytest.mark.soak)],
)
def test_updates_killed_at_random_points_lose_nothing_acknowledged(plans_dir, trials):
    """200 updates (1,000 and 2,000 with `pytest -m soak`), three at a time, each SIGKILLed at a random
    point of its life unless it finished.

    The kill times spread over the whole life of an update, measured first on
    this machine, so they land in reading, checking, locking and writing.
    """
    rng = random.Random(20221031 + trials)
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.write_text(BASE, encoding="utf-8")
    checkpoints, at_once = 8, 3
    life = _typical_life(plans_dir, at_once)
    acknowledged: set[str] = set()
    killed = torn = 0
    for checkpoint in range(checkpoints):
        before = log.read_bytes()
        pending = [f"trial {checkpoint}-{i}" for i in range(trials // checkpoints)]
        running: list[tuple[str, int, float]] = []
        while pending or running:
            while pending and len(running) < at_once:
                note = pending.pop()
                pid = fork_rectify(plans_dir, *UPDATE, note)
                running.append((note, pid, time.monotonic() + rng.uniform(0.0, 1.0 * life)))
            time.sleep(life / 50)
            for item in list(running):
                note, pid, kill_at = item
                code = exit_code(pid, wait=False)
                if code is None and time.monotonic() < kill_at:
                    continue
                if code is None:
                    os.kill(pid, signal.SIGKILL)  # if it exited just now, its status says so
                    code = exit_code(pid)
                killed += code == -signal.SIGKILL
                if code == 0:
                    acknowledged.add(note)
                running.remove(item)

        after = log.read_bytes()
        assert after.startswith(before), "a line already in the log was changed"
        notes = {e.note for e in read_log(log).entries}
        assert acknowledged <= notes, acknowledged - notes
        found = problems(plans_dir)
        last = len(after.decode("utf-8", "replace").splitlines())
        assert found in ([], [(last, "torn-line")]), found
        assert invoke(plans_dir, "status", "--as-of", "2022-08-02")[0] == 0
        if found:  # what the fix says to do: delete the torn line
            torn += 1
            log.write_bytes(after[: after.rfind(b"\n") + 1])

    print(f"kill trials: {trials}, acknowledged: {len(acknowledged)}, killed: {killed}, torn lines: {torn}")
    assert len(acknowledged) + killed == trials
    assert len(acknowledged) > trials // 20 and killed > trials // 20  # the kills fell all over


def _typical_life(plans_dir: Path, at_once: int) -> float:
    """The median time an update takes here, `at_once` at a time as in the trials, unkilled
    (in a copy of the folder: these record nothing in the log under test)."""
    scratch = plans_dir.parent / "calibration"
    shutil.copytree(plans_dir, scratch)
    lives = []
    for round_ in range(3):
        start = time.monotonic()
        pids = [fork_rectify(scratch, *UPDATE, f"calibration {round_}-{i}") for i in range(at_once)]
        for pid in pids:
            assert exit_code(pid) == 0
            lives.append(time.monotonic() - start)
    return sorted(lives)[len(lives) // 2]
