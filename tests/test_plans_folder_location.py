"""Every command agrees on where the plans are: a plans folder that leads out of its git
repository through a link is refused for reading and writing alike, however it was named
(found, --plans, RECTIFY_PLANS), and check says what in the folder it does not read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PLAN_ID, SHIPPED, rectify_command

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def linked_repo(tmp_path: Path) -> Path:
    """A git repository whose committed `plans` is a link to a folder outside it."""
    shutil.copytree(SHIPPED, tmp_path / "elsewhere" / "plans")
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "plans").symlink_to(Path("..") / "elsewhere" / "plans")
    return repo


def rectify(cwd: Path, *args: str, plans: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "RECTIFY_PLANS"}
    env |= {"NO_COLOR": "1", "RECTIFY_LANG": "en"} | ({"RECTIFY_PLANS": plans} if plans else {})
    return subprocess.run([*rectify_command(), *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("how", ["found", "RECTIFY_PLANS", "RECTIFY_PLANS absolute", "--plans"])
@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("update", "canteens", "5", "--date", "2022-08-01"),
        ("note", "canteens", "马站未开工", "--date", "2022-08-01"),
        ("status",),
        ("report", "--format", "md"),
    ],
)
def test_a_plans_folder_linked_out_of_the_repository_is_refused_by_every_command(linked_repo, how, args):
    log = linked_repo.parent / "elsewhere" / "plans" / f"{PLAN_ID}.progress.yaml"
    before = log.read_bytes()
    plans = {"RECTIFY_PLANS": "plans", "RECTIFY_PLANS absolute": str(linked_repo / "plans")}.get(how)
    given = ("--plans", "plans") if how == "--plans" else ()
    done = rectify(linked_repo, *given, *args, plans=plans)
    assert done.returncode == 2, done.stdout
    assert "leads outside" in done.stderr and "through a symbolic link" in done.stderr
    assert log.read_bytes() == before  # nothing written outside the repository


def test_a_linked_plans_folder_named_outside_any_repository_is_the_users_own_choice(tmp_path):
    shutil.copytree(SHIPPED, tmp_path / "elsewhere" / "plans")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "plans").symlink_to(tmp_path / "elsewhere" / "plans")
    update = ("update", "canteens", "5", "--date", "2022-08-01")
    assert rectify(tmp_path / "work", *update, plans="plans").returncode == 0
    assert rectify(tmp_path / "work", "check", plans="plans").returncode == 0
    # Found by the search, the link must stay inside the folder it was found in, for both.
    assert rectify(tmp_path / "work", "check").returncode == 2
    assert rectify(tmp_path / "work", *update).returncode == 2


def test_check_names_a_folder_named_like_a_plan_or_a_log(plans_dir):
    (plans_dir / "other.yaml").mkdir()
    (plans_dir / "more.progress.yaml").mkdir()
    done = rectify(plans_dir.parent, "check", "--format", "json", plans=str(plans_dir))
    assert done.returncode == 1
    found = [(Path(d["file"]).name, d["code"]) for d in json.loads(done.stdout)]
    assert found == [("more.progress.yaml", "folder-named-as-plan"), ("other.yaml", "folder-named-as-plan")]
    text = rectify(plans_dir.parent, "check", plans=str(plans_dir))
    assert "other.yaml: error: this is a folder, not a plan or a log: no command reads it" in text.stdout


def test_the_refusal_of_a_plans_folder_linked_out_has_its_code(linked_repo, monkeypatch, shown):
    from typer.testing import CliRunner

    from zibo_rectify.cli import app

    monkeypatch.chdir(linked_repo)
    monkeypatch.delenv("RECTIFY_PLANS", raising=False)
    result = CliRunner().invoke(app, ["status"], env={"RECTIFY_LANG": "en", "NO_COLOR": "1"})

    assert result.exit_code == 2
    assert [d.code for d in shown] == ["outside-repository"]
    assert shown[0].message == (
        f"{linked_repo / 'plans'} leads outside {linked_repo} through a symbolic link"
        f" (to {linked_repo.parent / 'elsewhere' / 'plans'})"
    )


def test_check_names_a_folder_named_like_a_log_when_given_by_name(plans_dir):
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.unlink()
    log.mkdir()
    done = rectify(
        plans_dir.parent, "check", str(plans_dir / f"{PLAN_ID}.yaml"), str(log), "--format", "json"
    )
    assert done.returncode == 1
    assert [(Path(d["file"]).name, d["code"]) for d in json.loads(done.stdout)] == [
        (log.name, "folder-named-as-plan")
    ]
