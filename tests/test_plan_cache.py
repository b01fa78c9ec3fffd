"""The plan cache: a warm run skips YAML and Pydantic, and never serves a plan the file no longer says."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from conftest import PLAN_ID, target
from zibo_rectify import model, plans
from zibo_rectify.model import cache as plancache


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "rectify" / "plans").glob("*.pickle"))


def test_a_valid_plan_is_stored_once_and_served_unchanged(cli, plans_dir: Path, own_cache: Path):
    plan_file = plans.PlanFile(plans_dir / f"{PLAN_ID}.yaml")
    fresh = model.load_plan(plan_file)
    assert len(entries(own_cache)) == 1
    cached = model.load_plan(plan_file)
    assert cached == fresh and cached is not fresh
    assert cli("status", "--as-of", "2022-08-01", "--json").code == 0
    assert len(entries(own_cache)) == 1


def test_a_plan_using_every_part_of_the_format_is_served_from_the_cache(plans_dir: Path, own_cache: Path):
    """Events, tallies and related documents too: a class the unpickler did not know made a miss each run."""
    plan_path = plans_dir / f"{PLAN_ID}.yaml"
    extra = (
        "document:\n  number: 淄民发〔2022〕12号\n"
        "  related:\n    - {number: 淄巡反馈〔2022〕3号, relation: 反馈意见}\n"
        "events:\n  - {name: 巡察进驻, date: 2022-03-01}\n"
        "tallies:\n  - {what: 整改任务, total: 42, done: 3, rest: on_track}\n"
    )
    text = plan_path.read_text(encoding="utf-8").replace("schema_version: 1\n", "schema_version: 2\n")
    plan_path.write_text(text + extra, encoding="utf-8")
    plan_file = plans.PlanFile(plan_path)
    fresh = model.load_plan(plan_file)
    assert fresh.events and fresh.tallies and fresh.document and fresh.document.related
    [entry] = entries(own_cache)
    assert plancache.load(entry.stem) == fresh


def test_an_edited_plan_is_read_again(cli, plans_dir: Path):
    first = cli("status", "--as-of", "2022-08-01", "--json").json()
    assert target(first, "canteens")["goal"] == 300
    plan = plans_dir / f"{PLAN_ID}.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("goal: 300\n", "goal: 320\n"), encoding="utf-8")
    assert target(cli("status", "--as-of", "2022-08-01", "--json").json(), "canteens")["goal"] == 320


def test_a_plan_renamed_is_checked_against_its_new_name(cli, plans_dir: Path):
    assert cli("check").code == 0
    (plans_dir / f"{PLAN_ID}.yaml").rename(plans_dir / "renamed.yaml")
    result = cli("check", "--format", "json")
    assert result.code == 1
    assert "id-not-file-name" in {d["code"] for d in json.loads(result.out)}


def test_a_plan_with_problems_is_never_stored_and_reported_each_time(cli, plans_dir: Path, own_cache):
    plan = plans_dir / f"{PLAN_ID}.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("goal: 300\n", "goal: many\n"), encoding="utf-8")
    first = cli("check", "--format", "json")
    second = cli("check", "--format", "json")
    assert first.code == second.code == 1
    assert first.out == second.out and "bad-value" in first.out
    assert entries(own_cache) == []


def test_a_damaged_entry_is_ignored_and_replaced(cli, plans_dir: Path, own_cache: Path):
    assert cli("check").code == 0
    [entry] = entries(own_cache)
    entry.write_bytes(entry.read_bytes()[:100])
    assert cli("status", "--as-of", "2022-08-01").code == 0
    assert cli("check").code == 0
    assert plancache.load(entry.stem) is not None


class Planted:
    """Stands for any object a foreign pickle might try to build."""

    def __reduce__(self) -> tuple[object, ...]:
        return (print, ("this must never run",))


def test_an_entry_naming_anything_but_plan_classes_is_refused(plans_dir: Path, own_cache: Path, capsys):
    plan_file = plans.PlanFile(plans_dir / f"{PLAN_ID}.yaml")
    model.load_plan(plan_file)
    [entry] = entries(own_cache)
    entry.write_bytes(pickle.dumps(Planted()))
    assert plancache.load(entry.stem) is None
    assert "must never run" not in capsys.readouterr().out
    assert model.load_plan(plan_file).id == PLAN_ID


def test_the_cache_can_be_turned_off(cli, own_cache: Path, monkeypatch):
    monkeypatch.setenv("RECTIFY_NO_CACHE", "1")
    assert cli("status", "--as-of", "2022-08-01").code == 0
    assert not own_cache.exists()


def test_an_unwritable_cache_is_not_used(cli, tmp_path: Path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cli("status", "--as-of", "2022-08-01").code == 0
