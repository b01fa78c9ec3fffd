"""Issue 14, the second attack: one test (or a few) per numbered item, named after it.

Each reproduces the break as a user or a careless colleague would hit it, and
asserts what they would check: the exit code, the bytes in the log, the line
named.  No test waits on the clock: a lock holder says when it holds the lock.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLAN_ID, rectify_command, without_late
from zibo_rectify.log import append as log_append
from zibo_rectify.log import read as log_read
from zibo_rectify.model import cache as plancache

STAMP = '"recorded": "2022-07-01T09:00:00+08:00"'
BASE = f'- {{"date": "2022-06-30", "target": "canteens", "value": 60, {STAMP}}}\n'
UPDATE = ("update", "canteens", "120", "--date", "2022-08-01")


def log_of(plans_dir: Path) -> Path:
    return plans_dir / f"{PLAN_ID}.progress.yaml"


def values(path: Path) -> list[float]:
    return [e.value for e in log_read.read_log(path).entries if e.target == "canteens"]  # type: ignore[misc]


# 1. An acknowledged entry lands nowhere: the log replaced while update holds the lock.


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


def test_item_1_log_replaced_while_the_lock_is_held_gets_the_entry(cli, plans_dir, monkeypatch):
    log = log_of(plans_dir)
    log.write_text(BASE, encoding="utf-8")
    replace_after_write(monkeypatch, log, times=1)
    result = cli(*UPDATE)
    assert result.code == 0, result.err
    assert values(log) == [60, 120]  # in the file now at the path, once


def test_item_1_a_replacement_that_copied_our_line_is_not_written_twice(cli, plans_dir, monkeypatch):
    log = log_of(plans_dir)
    log.write_text(BASE, encoding="utf-8")
    replace_after_write(monkeypatch, log, times=1, with_our_line=True)
    assert cli(*UPDATE).code == 0
    assert values(log) == [60, 120]


def test_item_1_a_log_replaced_every_time_is_exit_2_never_acknowledged(cli, plans_dir, monkeypatch):
    log = log_of(plans_dir)
    log.write_text(BASE, encoding="utf-8")
    replace_after_write(monkeypatch, log, times=100)
    result = cli(*UPDATE)
    assert result.code == 2
    assert "replaced 5 times" in result.err and "nothing was recorded" in result.err
    assert "Recorded" not in result.out
    assert values(log) == [60]


# 2. Two acknowledged updates leave a log check rejects: stamped before the lock, clocks that disagree.


def test_item_2_a_writer_that_waited_for_the_lock_leaves_a_log_check_accepts(cli, plans_dir, monkeypatch):
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


def test_item_2_recorded_is_stamped_under_the_lock(cli, plans_dir, monkeypatch):
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


def test_item_2_union_merge_of_two_valid_logs_is_valid_and_the_highest_is_in_force(cli, plans_dir):
    log = log_of(plans_dir)
    for lines in ([SAME_DAY[0]], [SAME_DAY[1]], SAME_DAY, SAME_DAY[::-1]):
        log.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert cli("check").code == 0, lines
    status = cli("status", "--as-of", "2022-08-02", "--json").json()
    assert next(t for t in status["targets"] if t["id"] == "canteens")["value"] == 20


def test_item_2_a_correction_of_the_date_wins_and_drops_between_dates_are_still_found(cli, plans_dir):
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


# 3. A writer stopped while holding the lock blocks every other writer forever.


def test_item_3_a_stopped_lock_holder_makes_update_give_up_and_name_it(run, plans_dir):
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


# 4. YAML tags on scalars.


@pytest.mark.parametrize(
    "tagged", ['!!bool "x"', '!!timestamp "garbage"', '!!int ""', '!!float ""', '!!int "0x"']
)
def test_item_4_a_tagged_scalar_in_a_plan_is_refused_at_its_line(cli, plans_dir, tagged):
    plan = plans_dir / f"{PLAN_ID}.yaml"
    text = plan.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("title:"))
    plan.write_text(
        "\n".join(f"title: {tagged}" if i == line else row for i, row in enumerate(text.splitlines(), 1))
        + "\n",
        encoding="utf-8",
    )
    check = cli("check", "--format", "json")
    assert check.code == 1
    assert [(d["line"], d["code"]) for d in check.json()] == [(line, "bad-tagged-value")]
    assert cli("status").code == 2


def test_item_4_a_tagged_log_line_costs_only_itself(cli, plans_dir):
    log = log_of(plans_dir)
    bad = f'- {{"date": !!timestamp "x", "target": "canteens", "value": 5, {STAMP}}}\n'
    log.write_text(BASE + bad, encoding="utf-8")
    assert [(d["line"], d["code"]) for d in cli("check", "--format", "json").json()] == [
        (2, "bad-tagged-value")
    ]
    status = cli("status", "--as-of", "2022-07-01", "--json")
    assert status.code == 0 and "progress.yaml:2:" in status.err
    assert next(t for t in status.json()["targets"] if t["id"] == "canteens")["value"] == 60
    assert cli("log", "--json").code == 0
    assert cli(*UPDATE).code == 0


# 5. File names.


def test_item_5_a_plan_named_with_a_byte_that_is_not_utf8(run, plans_dir):
    shutil.copy(plans_dir / f"{PLAN_ID}.yaml", os.fsencode(plans_dir) + b"/bad\xff.yaml")
    check = run("check")
    assert check.code == 1 and "bad\\udcff.yaml:" in check.out
    assert run("status").code == 0


def test_item_5_a_folder_named_like_a_plan_and_a_log_that_is_a_folder(cli, plans_dir):
    (plans_dir / "other.yaml").mkdir()
    assert cli("check").code == 0
    assert cli("status").code == 0
    log_of(plans_dir).unlink()
    log_of(plans_dir).mkdir()
    assert "this is a folder" in cli("check").out
    result = cli(*UPDATE)
    assert result.code == 2 and "Traceback" not in result.err


@pytest.mark.parametrize("plan_id", ["zz\n", "a" * 300, "zz\nother"])
def test_item_5_init_refuses_an_id_with_a_newline_or_too_long(cli, plans_dir, plan_id):
    before = sorted(os.listdir(plans_dir))
    result = cli("init", plan_id)
    assert result.code == 2 and "is not a plan id" in result.err
    assert sorted(os.listdir(plans_dir)) == before


# 6. Figures; 7. dates and clocks (the forms themselves are in test_typed.py).


@pytest.mark.parametrize(
    ("figure", "says"),
    [
        ("1e400", "beyond what a figure can be"),
        ("1e999", "beyond what a figure can be"),
        ("1e10000000", "beyond what a figure can be"),
        ("9e999999999999999999", "beyond what a figure can be"),
        ("1e-400", "smaller than any figure"),
        ("1,50", "a comma groups three digits"),
        ("1_000", "an underscore does not group digits"),
        ("150张", "is given in 张, but 长者食堂 (canteens) is counted in 家"),
    ],
)
def test_item_6_figures_refused_fast_and_clearly(cli, plans_dir, figure, says):
    result = cli("update", "canteens", figure, "--date", "2022-08-01")
    assert result.code == 2 and says in result.err
    assert not log_of(plans_dir).read_text(encoding="utf-8").count("- {")


@pytest.mark.parametrize(
    ("figure", "value"), [("１２０", 120), ("١٢٠", 120), ("1,500", 1500), ("150家", 150)]
)
def test_item_6_figures_accepted_as_decided(cli, plans_dir, figure, value):
    assert cli("update", "canteens", figure, "--date", "2022-08-01").code == 0
    assert values(log_of(plans_dir)) == [value]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("status", "--as-of", "9999-12-02"), "outside 1900–2999"),
        (("update", "canteens", "5", "--date", "20220605"), "if you meant 2022-06-05"),
        (("update", "canteens", "5", "--date", "2022-W23-1"), "2022/8/1"),
        (("update", "canteens", "5"), "no --date given and today"),
    ],
)
def test_item_7_dates_refused_with_the_forms_accepted(cli, args, says):
    result = cli(*args)
    assert result.code == 2 and says in result.err


def test_item_7_dates_as_people_type_them(cli, plans_dir):
    for typed in ("2022/8/1", "2022年8月2日", "8月3日"):
        assert cli("update", "canteens", "5", "--date", typed, "--note", typed).code == 0
    assert [e.date.isoformat() for e in log_read.read_log(log_of(plans_dir)).entries] == [
        "2022-08-01",
        "2022-08-02",
        "2022-08-03",
    ]


def test_item_7_a_time_zone_no_clock_has(run, plans_dir):
    result = run(*UPDATE, env={"TZ": "XXX+25:59"})
    assert result.code == 0, result.err
    (entry,) = log_read.read_log(log_of(plans_dir)).entries
    assert entry.recorded.utcoffset() is not None


# 8. Output.


def rectify(args: list[str], plans_dir: Path, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def,type-arg]
    env = {**os.environ, "RECTIFY_PLANS": str(plans_dir), "NO_COLOR": "1", **kwargs.pop("env", {})}
    kwargs.setdefault("capture_output", "stdout" not in kwargs)
    return subprocess.run([*rectify_command(), *args], env=env, timeout=60, **kwargs)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_item_8_update_to_a_full_disk_says_it_was_recorded(plans_dir):
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


def test_item_8_closed_stdout_ascii_columns_0_and_a_closed_pipe(plans_dir):
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


# 9. Environment.


def test_item_9_a_deleted_current_folder(plans_dir, tmp_path):
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


def test_item_9_init_in_a_folder_it_cannot_write_leaves_nothing(cli, plans_dir, monkeypatch):
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)  # what a read-only folder does, even to root
    before = sorted(os.listdir(plans_dir))
    result = cli("init", "zz")
    assert result.code == 2 and "Permission denied" in result.err
    assert sorted(os.listdir(plans_dir)) == before


def test_item_9_a_title_that_is_not_utf8_and_a_plans_folder_that_does_not_exist(plans_dir, tmp_path):
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


# 10. Links to folders, hard links.


@pytest.fixture
def linked_repository(tmp_path: Path, plans_dir: Path) -> tuple[Path, Path]:
    """A repository whose committed `plans` is a link to a folder elsewhere on the machine."""
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(plans_dir, elsewhere)
    log_of(elsewhere).write_text(BASE, encoding="utf-8")
    (repository / "plans").symlink_to(elsewhere)
    return repository, elsewhere


def in_folder(folder: Path, *args: str) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    env = {k: v for k, v in os.environ.items() if k != "RECTIFY_PLANS"}
    return subprocess.run(
        [*rectify_command(), *args], env={**env, "NO_COLOR": "1"}, capture_output=True, text=True, cwd=folder
    )


def test_item_10_a_committed_link_to_a_folder_is_neither_read_nor_written(linked_repository):
    repository, elsewhere = linked_repository
    for args in (["status"], list(UPDATE), ["log"], ["check"], ["check", "plans"], ["check", "."]):
        done = in_folder(repository, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "leads outside" in done.stdout + done.stderr, args
        assert "canteens" not in done.stdout, args  # nothing of the files there is printed
    assert log_of(elsewhere).read_text(encoding="utf-8") == BASE


def test_item_10_a_link_one_level_up(tmp_path, plans_dir):
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    (repository / "plans").symlink_to("..")
    done = in_folder(repository, "check", "plans")
    assert done.returncode == 2 and "leads outside" in done.stdout


def test_item_10_a_log_hard_linked_elsewhere_is_not_appended_to(cli, plans_dir, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(BASE, encoding="utf-8")
    log_of(plans_dir).unlink()
    os.link(outside, log_of(plans_dir))
    result = cli(*UPDATE)
    assert result.code == 2 and "hard links" in result.err
    assert outside.read_text(encoding="utf-8") == BASE


# 11. The plan cache.


def forged_entry(plans_dir: Path, own_cache: Path) -> bytes:
    """An invalid plan file, and under its cache key a pickle of a valid plan with a forged title."""
    from zibo_rectify import model, plans

    plan_path = plans_dir / f"{PLAN_ID}.yaml"
    forged = dataclasses.replace(model.load_plan(plans.PlanFile(plan_path)), title="FORGED")
    invalid = plan_path.read_bytes().replace(b"schema_version: 1", b"schema_version: 1\nbogus: 1")
    plan_path.write_bytes(invalid)
    folder = plancache.folder()
    assert folder is not None
    (folder / f"{plancache.key(invalid, PLAN_ID)}.pickle").write_bytes(pickle.dumps(forged))
    return invalid


def test_item_11_check_never_trusts_a_cache_entry(cli, plans_dir, own_cache):
    forged_entry(plans_dir, own_cache)
    check = cli("check", "--format", "json")
    assert check.code == 1 and [d["code"] for d in check.json()] == ["unknown-field"]


def test_item_11_a_cache_folder_that_is_a_link_is_not_used_nor_pruned(cli, plans_dir, tmp_path, monkeypatch):
    target = tmp_path / "precious"
    target.mkdir()
    old = target / "old-file"
    old.write_text("keep me", encoding="utf-8")
    os.utime(old, (0, 0))
    cache = tmp_path / "linked-cache"
    (cache / "rectify").mkdir(parents=True)
    (cache / "rectify" / "plans").symlink_to(target)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    assert plancache.folder() is None
    assert cli("status").code == 0
    assert old.read_text(encoding="utf-8") == "keep me" and os.listdir(target) == ["old-file"]


def test_item_11_relative_xdg_and_empty_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert plancache.folder() == tmp_path / ".cache" / "rectify" / "plans"
    monkeypatch.setenv("HOME", "")
    assert plancache.folder() is None
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert plancache.folder() is None


def test_item_11_a_cache_writable_by_others_is_not_used(monkeypatch, tmp_path):
    (tmp_path / "rectify" / "plans").mkdir(parents=True)
    os.chmod(tmp_path / "rectify" / "plans", 0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert plancache.folder() is None


# 12. Escape sequences in every output format.


def test_item_12_escapes_in_file_names_are_inert_in_every_format(cli, plans_dir):
    evil = plans_dir / "evil\x1b]52;c;ZXZpbA==\x07.progress.yaml"
    evil.write_text("- x\n", encoding="utf-8")
    for output in ("text", "json", "github"):
        result = cli("check", "--format", output)
        assert result.code == 1
        assert "\x1b" not in result.out + result.err and "\x07" not in result.out + result.err, output
        assert "\\x1b]52" in result.out.replace("\\u001b", "\\x1b"), output


# 13. A log of junk lines.


def test_item_13_junk_lines_cost_a_bounded_amount_of_work(cli, plans_dir, monkeypatch):
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
    assert parses == []  # update never reads the junk lines at all
    check = cli("check", "--format", "json")
    assert check.code == 1
    assert len(parses) <= log_read.YAML_JUNK_LINES + 10
    listed = without_late(check.json())
    assert len(listed) == log_read.MAX_LISTED + 1 and listed[-1]["code"] == "more-problems"
    status = cli("status", "--as-of", "2022-08-02", "--json")
    assert status.code == 0 and status.err.count("warning:") <= 20
    assert next(t for t in status.json()["targets"] if t["id"] == "canteens")["value"] == 120


def test_item_13_the_log_is_read_before_the_lock_and_only_its_growth_under_it(cli, plans_dir, monkeypatch):
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


# 14. One invalid plan in a folder of many.


def test_item_14_one_invalid_plan_does_not_block_the_others(cli, plans_dir):
    (plans_dir / "broken.yaml").write_text("schema_version: 1\nid: broken\n", encoding="utf-8")
    status = cli("status", "--as-of", "2022-08-01", "--json")
    assert status.code == 0 and "broken.yaml" in status.err and "left out" in status.err
    assert status.json()["plan"] == PLAN_ID
    assert cli(*UPDATE).code == 0
    assert cli("log").code == 0
    assert cli("check").code == 1
    assert cli("status", "broken").code == 2
    missing = cli("update", "nothing-like-it", "5", "--date", "2022-08-01")
    assert missing.code == 2 and "left out for its problems" in missing.err


# 15. What check looks at.


def test_item_15_check_dot_in_a_repository_reads_plans_not_other_yaml(plans_dir):
    repository = plans_dir.parent
    (repository / ".pre-commit-hooks.yaml").write_text("- id: rectify-check\n  entry: x\n", encoding="utf-8")
    (repository / "mkdocs.yaml").write_text("site_name: x\n", encoding="utf-8")
    (repository / "loose-plan.yaml").write_text("schema_version: 1\nid: loose-plan\n", encoding="utf-8")
    done = in_folder(repository, "check", ".")
    assert done.returncode == 1, done.stdout
    assert (
        "loose-plan.yaml" in done.stdout and "mkdocs" not in done.stdout and "pre-commit" not in done.stdout
    )
    assert "3 files checked" in done.stdout  # loose-plan, the shipped plan and its log
