"""`report -o` writes only a regular file it creates or replaces: never a plan, a log, .git, a
device, a pipe, a folder or through a link; an existing file keeps its mode.  Run through the
installed command, where these were broken."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import PLAN_ID, rectify_command

LOG = f"{PLAN_ID}.progress.yaml"


def test_a_report_onto_the_log_is_refused_and_the_log_stays_byte_identical(run, plans_dir):
    log = plans_dir / LOG
    log.write_text(
        '- {"date": "2022-07-31", "target": "canteens", "value": 95,'
        ' "recorded": "2022-07-31T10:00:00+08:00"}\n'
    )
    before = log.read_bytes()
    result = run("report", "--format", "html", "-o", f"plans/{LOG}")
    assert result.code == 2
    assert "is a plan, a log or part of .git" in result.err
    assert log.read_bytes() == before


@pytest.mark.parametrize("name", [f"{PLAN_ID}.yaml", "other.progress.yaml"])
def test_the_plan_and_any_log_are_refused(run, plans_dir, name):
    path = plans_dir / name
    before = path.read_bytes() if path.exists() else None
    assert run("report", "-o", str(path)).code == 2
    assert (path.read_bytes() if path.exists() else None) == before


def test_a_plan_outside_the_plans_folder_and_git_files_are_refused(run, tmp_path):
    (tmp_path / ".git").mkdir()
    head = tmp_path / ".git" / "HEAD"
    head.write_text("ref: refs/heads/main\n")
    elsewhere = tmp_path / "draft.yaml"
    elsewhere.write_text("schema_version: 2\nid: draft\n")
    for path in (head, elsewhere, tmp_path / ".git"):
        result = run("report", "-o", str(path))
        assert result.code == 2, path
    assert head.read_text() == "ref: refs/heads/main\n"
    assert elsewhere.read_text() == "schema_version: 2\nid: draft\n"


def test_a_fifo_a_device_and_a_folder_are_refused_and_left_as_they_were(run, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "out"
    folder.mkdir()
    for path in (fifo, Path(os.devnull), folder):
        result = run("report", "--format", "md", "-o", str(path))
        assert result.code == 2, path
        assert "not a regular file" in result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)
    assert folder.is_dir() and not any(folder.iterdir())


def test_a_link_to_a_file_outside_is_refused_saying_where_it_points(run, tmp_path):
    outside = tmp_path / "elsewhere" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text("keep me\n")
    link = tmp_path / "report.md"
    link.symlink_to(outside)
    result = run("report", "-o", str(link))
    assert result.code == 2
    assert "symbolic link" in result.err and str(outside) in result.err
    assert link.is_symlink() and os.readlink(link) == str(outside)
    assert outside.read_text() == "keep me\n"


def test_a_link_to_a_folder_cannot_lead_into_git(run, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]\n")
    (tmp_path / "g").symlink_to(tmp_path / ".git")
    assert run("report", "-o", "g/config").code == 2
    assert (tmp_path / ".git" / "config").read_text() == "[core]\n"


def _report_with_umask(tmp_path: Path, plans_dir: Path, mask: int, out: Path) -> int:
    env = {**os.environ, "RECTIFY_PLANS": str(plans_dir)}
    done = subprocess.run(
        [*rectify_command(), "report", "-o", str(out)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        preexec_fn=lambda: os.umask(mask),  # noqa: PLW1509 - the child's own umask, set before exec
        timeout=60,
    )
    return done.returncode


def test_an_existing_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path, plans_dir):
    kept = tmp_path / "kept.md"
    kept.write_text("old\n")
    kept.chmod(0o644)
    assert _report_with_umask(tmp_path, plans_dir, 0o077, kept) == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o644
    assert kept.read_text().startswith("#")
    new = tmp_path / "new.md"
    assert _report_with_umask(tmp_path, plans_dir, 0o027, new) == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_250_character_name_is_written_and_a_longer_one_says_why(run, tmp_path):
    long = tmp_path / ("r" * 247 + ".md")  # the temporary file beside it must fit the 255 bytes too
    assert len(long.name.encode()) == 250
    assert run("report", "-o", str(long)).code == 0
    assert long.read_text(encoding="utf-8").startswith("#")
    too_long = tmp_path / ("a" * 256)
    result = run("report", "-o", str(too_long))
    assert result.code == 2
    assert "255 bytes" in result.err and "internal error" not in result.err


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_a_full_disk_on_standard_output_says_the_output_could_not_be_written(plans_dir, fmt):
    env = {**os.environ, "RECTIFY_PLANS": str(plans_dir)}
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [*rectify_command(), "report", "--format", fmt],
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    err = done.stderr.decode()
    assert done.returncode == 2
    assert "the output could not be written" in err and "internal error" not in err
