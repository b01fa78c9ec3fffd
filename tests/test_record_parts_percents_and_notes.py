"""Entries beyond a plain figure, through the command line: parts, percents, steps, notes,
expected dates, and targets typed by name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT

EXAMPLES = ROOT / "examples"


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    return folder


@pytest.fixture
def ex(cli, examples: Path):  # type: ignore[no-untyped-def]
    """rectify run in-process against a copy of examples/."""
    return lambda *args: cli(*args, env={"RECTIFY_PLANS": str(examples)})


def logged(ex, target: str) -> list[dict]:
    result = ex("log", target, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_a_breakdown_is_recorded_by_part_name_and_the_whole_is_refused(ex):
    first = ex("update", "canteens", "70", "--part", "张店区", "--date", "2023-08-31")
    second = ex("update", "长者食堂", "55", "--part", "zichuan", "--date", "2023-08-31")
    whole = ex("update", "canteens", "150", "--date", "2023-08-31")

    assert first.code == 0 and "(canteens) [张店区] = 70 家 on 2023-08-31" in first.out
    assert second.code == 0
    assert whole.code == 2
    assert "canteens is the sum of its parts: a figure belongs to one of them" in whole.err
    assert "zhangdian (张店区), zichuan (淄川区), boshan (博山区)" in whole.err
    entries = [e for e in logged(ex, "canteens") if e["date"] == "2023-08-31"]
    assert [(e["part"], e["value"]) for e in entries] == [("zhangdian", 70), ("zichuan", 55)]


def test_a_part_that_is_not_there_gets_did_you_mean(ex):
    typo = ex("update", "canteens", "70", "--part", "zhangdain", "--date", "2023-08-31")
    other = ex("update", "canteens", "70", "--part", "桓台县", "--date", "2023-08-31")
    none = ex("update", "bus-routes", "15", "--part", "张店区", "--date", "2023-10-01")

    assert typo.code == 2 and "did you mean zhangdian?" in typo.err
    assert other.code == 2 and "canteens has no part '桓台县'" in other.err and "boshan (博山区)" in other.err
    assert none.code == 2 and "bus-routes is not split into parts" in none.err


def test_each_part_is_its_own_series_for_the_never_down_rule(ex):
    # 张店区 had 60 on 07-31; 淄川区 had 50: a lower figure for another part is no drop.
    assert ex("update", "canteens", "52", "--part", "淄川区", "--date", "2023-08-31").code == 0
    drop = ex("update", "canteens", "58", "--part", "张店区", "--date", "2023-08-31")
    assert drop.code == 2 and "canteens/zhangdian was 60 on 2023-07-31" in drop.err


def test_a_step_stores_the_figure_it_makes_and_the_step(ex):
    result = ex("update", "canteens", "+20", "--part", "张店区", "--date", "2023-08-31")

    assert result.code == 0 and "= 80 家 (+20)" in result.out
    last = logged(ex, "canteens")[-1]
    assert (last["part"], last["value"], last["increment"]) == ("zhangdian", 80, 20)
    assert ex("update", "bus-routes", "+3", "--date", "2023-10-31").code == 0
    assert logged(ex, "bus-routes")[-1]["value"] == 17


def test_a_task_takes_its_share_done_in_percent_and_an_expected_date(ex):
    result = ex("update", "lab-renovation", "90%", "--date", "2023-12-28", "--expected", "2024-01-15")
    plain = ex("update", "lab-renovation", "90", "--date", "2023-12-28")
    over = ex("update", "lab-renovation", "120%", "--date", "2023-12-28")
    on_count = ex("update", "bus-routes", "80%", "--date", "2023-12-28")

    assert result.code == 0 and "(lab-renovation) = 90% done on 2023-12-28" in result.out
    last = logged(ex, "lab-renovation")[-1]
    assert (last["percent"], last["expected"], last.get("value")) == (90, "2024-01-15", None)
    assert plain.code == 2 and "80%" in plain.err
    early = ex("update", "lab-renovation", "95%", "--date", "2023-12-28", "--expected", "2023-12-01")
    assert early.code == 2 and "the expected completion date 2023-12-01 is before" in early.err
    assert ex("update", "lab-renovation", "95%", "--expected", "soon").code == 2
    assert over.code == 2 and "0% to 100%" in over.err
    assert on_count.code == 0 and "(bus-routes) = 80% of the goal, the figure not given" in on_count.out


def test_the_log_shows_parts_percents_steps_and_expected_dates(ex):
    assert ex("update", "canteens", "+20", "--part", "张店区", "--date", "2023-08-31").code == 0
    canteens = ex("log", "canteens").out
    lab = ex("log", "lab-renovation").out

    assert "canteens/zhangdian   80 (+20)" in canteens
    assert "canteens/boshan" in canteens and "马站未开工" in canteens
    assert "80%" in lab and "expected by 2024-01-20" in lab


def test_a_step_starts_from_the_baseline_for_a_target_and_from_nothing_for_a_part(ex, examples):
    def edit(name: str, change) -> None:  # type: ignore[no-untyped-def]
        path = examples / name
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    def without(word: str):  # type: ignore[no-untyped-def]
        return lambda text: "".join(line for line in text.splitlines(True) if word not in line)

    edit(
        "minsheng-shishi-2023.yaml", lambda t: t.replace("    goal: 20\n", "    goal: 20\n    baseline: 5\n")
    )
    edit("minsheng-shishi-2023.progress.yaml", without("bus-routes"))
    edit(
        "zhangdian-canteens-2023.yaml",
        lambda t: t.replace("    roll_up: sum\n", "    roll_up: sum\n    baseline: 30\n"),
    )
    edit("zhangdian-canteens-2023.progress.yaml", without("boshan"))

    assert ex("update", "bus-routes", "+3", "--date", "2023-10-31").code == 0
    assert ex("update", "canteens", "+5", "--part", "博山区", "--date", "2023-10-31").code == 0

    assert logged(ex, "bus-routes")[-1]["value"] == 8  # baseline 5 + 3
    assert logged(ex, "canteens")[-1]["value"] == 5  # the baseline is the whole target's, not 博山区's


def test_a_count_in_a_scaled_unit_takes_decimals_other_counts_stay_whole(ex):
    wells = ex("update", "wells", "8.3", "--date", "2024-06-30")
    routes = ex("update", "bus-routes", "15.5", "--date", "2023-10-31")

    assert wells.code == 0 and "(wells) = 8.3 万口" in wells.out
    assert routes.code == 2 and "bus-routes counts whole 条: 15.5 is not whole" in routes.err


def test_a_note_is_recorded_with_no_figure(ex):
    result = ex("note", "canteens", "马站未开工", "--part", "博山区", "--date", "2023-09-01")
    empty = ex("note", "canteens", "  ", "--date", "2023-09-01")

    assert result.code == 0 and "Recorded a note on 长者食堂 (canteens) [博山区] on 2023-09-01" in result.out
    last = logged(ex, "canteens")[-1]
    assert last["note"] == "马站未开工" and last["part"] == "boshan"
    assert "value" not in last or last["value"] is None
    assert empty.code == 2


def test_an_ongoing_task_is_confirmed_again_after_the_plan_ends_up_to_until(ex):
    # safety-checks: done 2023-11-28 and 2024-03-01 in the example; plan ends 2024-01-31, until 2024-08-31.
    again = ex("done", "safety-checks", "--date", "2024-06-30", "--note", "期末复核")
    late = ex("done", "safety-checks", "--date", "2024-09-01")
    once = ex("done", "homework-rules", "--date", "2023-11-01")

    assert again.code == 0
    assert [e["date"] for e in logged(ex, "safety-checks")] == ["2023-11-28", "2024-03-01", "2024-06-30"]
    assert late.code == 2 and "the time safety-checks is kept up" in late.err
    assert once.code == 2 and "already marked done" in once.err


def test_names_work_in_every_command(ex):
    assert ex("log", "长者食堂", "--json").code == 0
    assert ex("done", "校园安全隐患排查", "--date", "2024-05-01").code == 0
    assert ex("note", "城市社区助餐服务覆盖率", "已报送", "--date", "2023-10-01").code == 0
    typo = ex("update", "长者食", "5", "--date", "2023-10-01")
    assert typo.code == 2 and "did you mean 长者食堂?" in typo.err


def test_a_name_two_targets_share_is_refused_with_their_ids(ex, examples):
    plan = examples / "minsheng-shishi-2023.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("新开通优化城乡公交线路", "改造提升农村中小学食堂")
    )

    result = ex("note", "改造提升农村中小学食堂", "开工", "--date", "2023-10-01")

    assert result.code == 2
    assert "more than one target: school-canteens, bus-routes" in result.err
    assert ex("note", "bus-routes", "开工", "--date", "2023-10-01").code == 0


def test_a_negative_change_is_typed_without_dashes_through_the_installed_command(run, examples):
    env = {"RECTIFY_PLANS": str(examples)}
    result = run("update", "investment-growth", "-1.5", "--date", "2024-06-30", env=env)
    after = run("update", "investment-growth", "--date", "2024-07-31", "-2", env=env)
    count = run("update", "bus-routes", "-3", "--date", "2023-10-31", env=env)

    assert result.code == 0, result.err
    assert "(investment-growth) = -1.5% on 2024-06-30" in result.out
    assert after.code == 0, after.err
    assert count.code == 2 and "cannot be negative" in count.err
    values = [e["value"] for e in json.loads(run("log", "investment-growth", "--json", env=env).out)]
    assert values == [6, -1.5, -2, -1.5]  # by date: the example has -1.5 on 2024-12-31
