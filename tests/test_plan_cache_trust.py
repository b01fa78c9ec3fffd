"""The plan cache is trusted only where only the user can write, and check never trusts it."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from conftest import PLAN_ID
from zibo_rectify.model import cache as plancache

# The plan cache.


def forged_entry(plans_dir: Path, own_cache: Path) -> bytes:
    """An invalid plan file, and under its cache key a pickle of a valid plan with a forged title."""
    from zibo_rectify import model, plans

    plan_path = plans_dir / f"{PLAN_ID}.yaml"
    forged = model.load_plan(plans.PlanFile(plan_path)).model_copy(update={"title": "FORGED"})
    invalid = plan_path.read_bytes().replace(b"schema_version: 1", b"schema_version: 1\nbogus: 1")
    plan_path.write_bytes(invalid)
    folder = plancache.folder()
    assert folder is not None
    (folder / f"{plancache.key(invalid, PLAN_ID)}.pickle").write_bytes(pickle.dumps(forged))
    return invalid


def test_check_never_trusts_a_cache_entry(cli, plans_dir, own_cache):
    forged_entry(plans_dir, own_cache)
    check = cli("check", "--format", "json")
    assert check.code == 1 and [d["code"] for d in check.json()] == ["unknown-field"]


def test_a_cache_folder_that_is_a_link_is_not_used_nor_pruned(cli, plans_dir, tmp_path, monkeypatch):
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


def test_relative_xdg_and_empty_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert plancache.folder() == tmp_path / ".cache" / "rectify" / "plans"
    monkeypatch.setenv("HOME", "")
    assert plancache.folder() is None
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert plancache.folder() is None


def test_a_cache_writable_by_others_is_not_used(monkeypatch, tmp_path):
    (tmp_path / "rectify" / "plans").mkdir(parents=True)
    os.chmod(tmp_path / "rectify" / "plans", 0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert plancache.folder() is None
