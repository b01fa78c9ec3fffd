"""The office's own word: verdicts, undated completions, shares of a count, completions after the plan."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import target

COUNTIES = ["张店区", "淄川区", "博山区", "临淄区", "周村区"]
COUNTY_IDS = ["zhangdian", "zichuan", "boshan", "linzi", "zhoucun"]


def plans_of(cli, folder: Path, plans: dict[str, str]):  # type: ignore[no-untyped-def]
    """rectify against a folder holding these plans (file name: text)."""
    folder.mkdir()
    for name, text in plans.items():
        (folder / name).write_text(text, encoding="utf-8")
    return lambda *args: cli(*args, env={"RECTIFY_PLANS": str(folder)})


def minsheng_plan() -> str:
    """Ten 民生实事, each split across five counties with a goal of 20 each."""
    lines = [
        "schema_version: 2",
        "id: minsheng",
        "title: 2023年县级民生实事",
        "period: {start: 2023-01-01, end: 2023-12-31}",
        "targets:",
    ]
    for item in range(1, 11):
        lines += [
            f"  - id: item{item}",
            f'    number: "{item}"',
            f"    name: 民生实事{item}",
            "    kind: count",
            "    unit: 个",
            "    goal: 100",
            "    parts:",
        ]
        lines += [
            f"      - {{id: {cid}, name: {name}, goal: 20, owners: [{{role: lead, name: {name}政府}}]}}"
            for cid, name in zip(COUNTY_IDS, COUNTIES, strict=True)
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def minsheng(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    run = plans_of(cli, tmp_path / "minsheng", {"minsheng.yaml": minsheng_plan()})
    # Every county on its path at the end of June: 10 of 20 each.
    for item in range(1, 11):
        for cid in COUNTY_IDS:
            assert run("update", f"item{item}", "10", "--part", cid, "--date", "2023-06-30").code == 0
    return run


def status_json(run, day: str) -> dict:  # type: ignore[no-untyped-def]
    result = run("status", "--as-of", day, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_the_offices_slow_verdict_on_items_and_parts_is_never_read_on_track(minsheng):
    for item in ("item1", "item2", "item3"):
        said = minsheng(
            "note", item, "推进缓慢，部分项目未开工", "--date", "2023-06-30", "--verdict", "推进缓慢"
        )
        assert said.code == 0, said.err
    for item, county in (("item4", "博山区"), ("item5", "临淄区"), ("item6", "zhoucun")):
        said = minsheng(
            "note", item, "进度滞后", "--part", county, "--date", "2023-06-30", "--verdict", "slow"
        )
        assert said.code == 0, said.err

    status = status_json(minsheng, "2023-06-30")

    for item in ("item1", "item2", "item3"):
        row = target(status, item)
        assert (row["state"], row["verdict"], row["figures_state"]) == ("behind", "slow", "on_track")
        assert row["verdict_date"] == "2023-06-30"
    marked = {("item4", "boshan"), ("item5", "linzi"), ("item6", "zhoucun")}
    for item, county in marked:
        part = next(p for p in target(status, item)["parts"] if p["id"] == county)
        assert (part["state"], part["verdict"], part["figures_state"]) == ("behind", "slow", "on_track")
    # What the office did not mark stays as the figures say.
    assert target(status, "item7")["state"] == "on_track" and target(status, "item7")["verdict"] is None
    assert all(p["state"] == "on_track" for p in target(status, "item4")["parts"] if p["id"] != "boshan")

    text = minsheng("status", "--as-of", "2023-06-30").out
    assert "office: progressing slowly; figures: on track" in text
    warned = minsheng("warnings", "--as-of", "2023-06-30", "--json")
    levels = {w["target"]: w for w in json.loads(warned.out)["warnings"]}
    assert levels["item1"]["level"] == "yellow"
    assert "progressing slowly" in levels["item1"]["reason"] and "on track" in levels["item1"]["reason"]


def test_an_office_saying_better_than_the_figures_is_flagged_and_both_are_shown(minsheng):
    # By the end of September a county should have 15 of 20; item8's are still at 10.
    said = minsheng("note", "item8", "按序时推进", "--date", "2023-09-30", "--verdict", "按序时")
    assert said.code == 0, said.err

    row = target(status_json(minsheng, "2023-09-30"), "item8")

    assert (row["state"], row["verdict"]) == ("behind", "on_track")
    assert "verdict_differs" in row["flags"]
    warned = json.loads(minsheng("warnings", "--as-of", "2023-09-30", "--json").out)["warnings"]
    reason = next(w["reason"] for w in warned if w["target"] == "item8")
    assert "behind the planned path" in reason and "on schedule, better than the figures: behind" in reason
    report = minsheng("report", "--as-of", "2023-09-30", "--format", "md", "--lang", "en").out
    assert "office: on schedule, better than the figures: behind" in report
    assert minsheng("status", "--as-of", "2023-09-30", "--state", "verdict_differs", "--json").code == 0


def test_a_verdict_is_typed_in_either_language_and_a_wrong_one_is_refused(minsheng):
    assert minsheng("note", "item9", "提前完成一半", "--date", "2023-07-01", "--verdict", "提前").code == 0
    assert target(status_json(minsheng, "2023-07-02"), "item9")["verdict"] == "ahead"
    wrong = minsheng("note", "item9", "不知", "--date", "2023-07-02", "--verdict", "很好")
    assert wrong.code == 2 and "--verdict '很好' is not a verdict" in wrong.err
    assert "progressing slowly (slow)" in wrong.err


def test_done_undated_is_done_on_or_before_its_day_and_never_late_before_due(cli, run, plans_dir):
    result = cli("done", "care-opinion", "--undated", "--date", "2022-09-30")

    assert result.code == 0, result.err
    assert "as done, no date stated: on or before 2022-09-30" in result.out
    line = (plans_dir / "zibo-minzheng-2022.progress.yaml").read_text(encoding="utf-8").splitlines()[-1]
    assert '"done": true, "undated": true' in line
    row = target(json.loads(cli("status", "--as-of", "2022-10-01", "--json").out), "care-opinion")
    assert (row["state"], row["done_undated"], row["late_by_days"]) == ("done", True, None)
    assert "late" not in row["flags"]
    zh = run("status", "--as-of", "2022-10-01", "--lang", "zh").out
    assert "已完成（未载明日期）" in zh


def test_undated_goes_only_with_done(cli, plans_dir):
    log = plans_dir / "zibo-minzheng-2022.progress.yaml"
    log.write_text(
        log.read_text(encoding="utf-8")
        + '- {"date": "2022-09-30", "target": "canteens", "value": 100, "undated": true,'
        ' "recorded": "2022-09-30T10:00:00+08:00"}\n',
        encoding="utf-8",
    )
    found = cli("check", "--format", "json")
    assert found.code == 1 and "undated goes only with done: true" in found.out


def test_a_task_finished_after_the_plans_end_is_a_late_completion(cli, run):
    result = cli("done", "care-opinion", "--date", "2023-01-10")

    assert result.code == 0, result.err
    row = target(json.loads(cli("status", "--as-of", "2023-01-15", "--json").out), "care-opinion")
    assert (row["state"], row["done_on"], row["late_by_days"]) == ("done", "2023-01-10", 10)
    assert (
        "逾期完成（超期10天）" in run("report", "--as-of", "2023-01-15", "--format", "md", "--lang", "zh").out
    )
    assert "逾期完成" in run("status", "--as-of", "2023-01-15", "--lang", "zh").out


def test_an_entry_after_the_plans_end_is_refused_for_what_was_finished_and_before_its_start(cli):
    assert cli("done", "care-opinion", "--date", "2022-12-20").code == 0
    assert cli("update", "canteens", "300", "--date", "2022-12-30").code == 0

    after = cli("update", "canteens", "310", "--date", "2023-01-10")
    before = cli("update", "canteens", "10", "--date", "2022-04-30")

    assert after.code == 2 and "was finished when the plan ended on 2022-12-31" in after.err
    assert before.code == 2 and "outside the plan period" in before.err


def test_a_share_of_a_count_is_judged_on_its_path_and_its_figure_stays_unknown(cli):
    # canteens: 300 by 12-31, 120 by 07-31 and 240 by 10-31; on 10-31 the path asks 80%.
    assert cli("update", "canteens", "70%", "--date", "2022-10-31").code == 0
    behind = target(json.loads(cli("status", "--as-of", "2022-10-31", "--json").out), "canteens")
    assert cli("update", "canteens", "85%", "--date", "2022-11-01").code == 0
    ahead = target(json.loads(cli("status", "--as-of", "2022-11-01", "--json").out), "canteens")

    assert (behind["state"], behind["value"], behind["percent"]) == ("behind", None, 70)
    assert (ahead["state"], ahead["value"], ahead["percent"]) == ("on_track", None, 85)
    assert "no_data" not in ahead["flags"]


@pytest.fixture
def zhangdian(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """rectify against a copy of the zhangdian breakdown example (三区 parts, each with its unit)."""
    import shutil

    from conftest import ROOT

    folder = tmp_path / "zhangdian"
    folder.mkdir()
    for name in ("zhangdian-canteens-2023.yaml", "zhangdian-canteens-2023.progress.yaml"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    return lambda *args: cli(*args, env={"RECTIFY_PLANS": str(folder)})


def test_a_parts_unit_is_an_owner_for_owner_filters(zhangdian):
    status = json.loads(zhangdian("status", "--owner", "张店区民政局", "--as-of", "2023-08-05", "--json").out)
    report = zhangdian(
        "report", "--owner", "张店区民政局", "--as-of", "2023-08-05", "--format", "md", "--lang", "en"
    )

    assert [t["id"] for t in status["targets"]] == ["canteens"]
    assert report.code == 0 and "长者食堂" in report.out and "城市社区助餐服务覆盖率" not in report.out


def test_due_chases_the_unit_of_a_silent_part(zhangdian):
    # 张店区 and 淄川区 reported on 07-31; 博山区 last on 05-31: the city's figure hid it.
    result = zhangdian("due", "--as-of", "2023-08-05", "--lang", "en")  # a Chinese plan: zh by default
    owed = json.loads(zhangdian("due", "--as-of", "2023-08-05", "--json").out)["owed"]

    assert "Nothing is owed" not in result.out
    assert (
        "博山区民政局\n  长者食堂 (canteens) [博山区]: late: nothing for 2023-07-01 to 2023-07-31"
        in result.out
    )
    assert [(o["unit"], o["part"], o["last_figure"]) for o in owed] == [
        ("博山区民政局", "boshan", "2023-05-31")
    ]


def test_the_ledgers_part_rows_carry_their_unit_and_due_date(zhangdian):
    report = zhangdian("report", "--as-of", "2023-08-05", "--format", "md", "--lang", "en").out

    assert "| 　博山区 | ≥80 家 | lead: 博山区民政局 |  | 2023-11-30 | 20 家 | behind |" in report
    assert "| 　张店区 | ≥100 家 | lead: 张店区民政局 |  | 2023-12-31 | 60 家 | on track |" in report


@pytest.fixture
def reviewed_parts(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The zhangdian breakdown with review required: a district's figure waits for the office."""
    from conftest import ROOT

    plan = (ROOT / "examples" / "zhangdian-canteens-2023.yaml").read_text(encoding="utf-8")
    reviewed = plan.replace("schema_version: 2\n", "schema_version: 2\nreview: required\n", 1)
    return plans_of(cli, tmp_path / "reviewed", {"zhangdian-canteens-2023.yaml": reviewed})


def test_pending_and_review_name_the_part_a_figure_is_about(reviewed_parts):
    run = reviewed_parts
    assert run("update", "canteens", "30", "--part", "博山区", "--date", "2023-08-01").code == 0

    waiting = run("pending", "--lang", "en")
    rows = json.loads(run("pending", "--json").out)
    reviewed = run("review", "canteens", "--accept", "--by", "督查科", "--date", "2023-08-02", "--lang", "en")

    assert "2023-08-01 长者食堂 (canteens) [博山区] 30 家" in waiting.out
    assert [(r["target"], r["part"], r["value"]) for r in rows] == [("canteens", "boshan", 30)]
    assert reviewed.code == 0
    assert "Reviewed 长者食堂 (canteens) [博山区] of" in reviewed.out


JUDGED = """\
schema_version: 2
id: judged
title: 判断
period: {start: 2023-01-01, end: 2023-12-31}
targets:
  - {id: keep, name: 长期坚持, kind: task, ongoing: true, due: none}
  - {id: about, name: 左右, kind: rate, unit: "%", goal: 50, comparison: about, due: 2023-12-31}
  - {id: spent, name: 追缴资金, kind: indicator, unit: 万元}
  - {id: kept-task, name: 持续, kind: task, ongoing: true, due: 2023-03-31}
  - {id: window, name: 窗口, kind: task, start: 2023-06-01, due: 2023-06-30}
  - id: coverage
    name: 覆盖率
    kind: rate
    unit: "%"
    goal: 60
    roll_up: each
    parts:
      - {id: a, name: 甲区}
      - {id: b, name: 乙区}
"""


@pytest.fixture
def judged(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    return plans_of(cli, tmp_path / "judged", {"judged.yaml": JUDGED})


def warned(run, day: str) -> dict:  # type: ignore[no-untyped-def]
    return {w["target"]: w for w in json.loads(run("warnings", "--as-of", day, "--json").out)["warnings"]}


def test_an_ongoing_task_with_no_deadline_is_not_failed_in_the_plans_first_days(judged):
    row = target(status_json(judged, "2023-01-03"), "keep")

    assert row["state"] == "no_data"
    assert "keep" not in warned(judged, "2023-01-03")


def test_an_about_goal_by_a_date_is_on_its_path_until_then(judged):
    assert judged("update", "about", "20", "--date", "2023-05-01").code == 0

    assert target(status_json(judged, "2023-05-01"), "about")["state"] == "on_track"
    assert target(status_json(judged, "2023-12-31"), "about")["state"] == "not_met"


def test_an_indicator_has_no_due_date_and_no_warning(judged):
    row = target(status_json(judged, "2023-12-28"), "spent")

    assert (row["state"], row["due"]) == (None, None)
    assert "spent" not in warned(judged, "2023-12-28")


def test_an_ongoing_task_first_done_after_its_due_date_is_a_late_completion(judged):
    assert judged("done", "kept-task", "--date", "2023-04-15").code == 0

    row = target(status_json(judged, "2023-05-01"), "kept-task")

    assert (row["state"], row["done_on"], row["late_by_days"]) == ("met", "2023-04-15", 15)
    assert "late" in row["flags"]


def test_a_task_marked_done_before_its_window_opens_is_recorded_with_a_warning(judged):
    result = judged("done", "window", "--date", "2023-05-20")

    assert result.code == 0
    assert "窗口 (window) is marked done on 2023-05-20, before its window opens on 2023-06-01" in result.err


def test_a_target_judged_on_each_part_refuses_a_figure_of_its_own(judged):
    whole = judged("update", "coverage", "57", "--date", "2023-05-01")

    assert whole.code == 2 and "judged on each of its parts: a figure belongs to one of them" in whole.err
    assert "a (甲区), b (乙区)" in whole.err
    assert judged("note", "coverage", "全市推进中", "--date", "2023-05-01").code == 0


def test_check_flags_a_figure_of_its_own_already_in_the_log_of_a_target_judged_on_each_part(
    judged, tmp_path: Path
):
    log = tmp_path / "judged" / "judged.progress.yaml"
    figure = {
        "date": "2023-05-01",
        "target": "coverage",
        "value": 3.57,
        "recorded": "2023-05-01T10:00:00+08:00",
    }
    log.write_text("- " + json.dumps(figure) + "\n", encoding="utf-8")

    found = judged("check", "--format", "json")
    shown = judged("show", "coverage", "--as-of", "2023-05-02", "--lang", "en")

    assert found.code == 1
    assert [(d["line"], d["code"]) for d in json.loads(found.out)] == [(1, "part-needed")]
    assert "3.57" not in shown.out and "unusable ones left out" in shown.err


STRUCTURED = """\
schema_version: 2
id: structured
title: 巡察整改清单
document: {number: 区巡反馈〔2023〕3号}
period: {start: 2023-01-01, end: 2023-12-31}
categories: [立行立改, 分阶段整改]
phases:
  - {id: short, name: 短期攻坚, end: 2023-06-30}
  - {id: long, name: 长期坚持}
problems:
  - id: p1
    number: (一)
    title: 制度不健全
    targets:
      - {id: rules, number: "1", name: 建立制度, kind: task, category: 立行立改, phase: short}
      - {id: training, name: 开展培训, kind: task, category: 分阶段整改, phase: long}
"""


@pytest.fixture
def structured(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    return plans_of(cli, tmp_path / "structured", {"structured.yaml": STRUCTURED})


def test_categories_and_phases_are_shown_and_filter_the_views(structured):
    status = status_json(structured, "2023-03-01")
    shown = structured("status", "--as-of", "2023-03-01").out
    quick = json.loads(structured("status", "--as-of", "2023-03-01", "--category", "立行立改", "--json").out)
    kept_up = json.loads(structured("status", "--as-of", "2023-03-01", "--phase", "长期坚持", "--json").out)
    assert structured("done", "rules", "--date", "2023-02-01").code == 0
    logged = json.loads(structured("log", "--phase", "short", "--json").out)
    none = json.loads(structured("log", "--phase", "long", "--json").out)
    typo = structured("status", "--category", "立刻整改")

    assert [(t["id"], t["category"], t["phase"]) for t in status["targets"]] == [
        ("rules", ["立行立改"], "short"),
        ("training", ["分阶段整改"], "long"),
    ]
    assert "立行立改 · 短期攻坚" in shown and "分阶段整改 · 长期坚持" in shown
    assert [t["id"] for t in quick["targets"]] == ["rules"]
    assert [t["id"] for t in kept_up["targets"]] == ["training"]
    assert [e["target"] for e in logged] == ["rules"] and none == []
    assert typo.code == 2 and "categories: 分阶段整改, 立行立改" in typo.err


FILTERED = """\
schema_version: 2
id: filtered
title: 巡察整改清单
review: required
period: {start: 2023-01-01, end: 2023-12-31}
categories: [立行立改, 分阶段整改]
phases:
  - {id: short, name: 短期攻坚, end: 2023-06-30}
  - {id: long, name: 长期坚持}
problems:
  - id: p1
    title: 制度不健全
    targets:
      - {id: rules, name: 建立制度, kind: count, unit: 项, goal: 10, due: 2023-06-30, cadence: monthly,
         category: 立行立改, phase: short}
      - {id: training, name: 开展培训, kind: count, unit: 次, goal: 12, due: 2023-06-30, cadence: monthly,
         category: 分阶段整改, phase: long}
"""


@pytest.fixture
def filtered(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Two targets, one per category and phase, each with a figure awaiting review, behind on 06-25."""
    run = plans_of(cli, tmp_path / "filtered", {"filtered.yaml": FILTERED})
    for name in ("rules", "training"):
        assert run("update", name, "1", "--date", "2023-02-01").code == 0
    return run


def _named(out: str) -> list[str]:
    return [n for n, name in (("rules", "建立制度"), ("training", "开展培训")) if name in out]


def _jsonl_ids(out: str) -> list[str]:
    return [row["id"] for row in map(json.loads, out.splitlines()) if row.get("id") in ("rules", "training")]


# Each view, and how to read the targets it shows from what it prints.
VIEWS = {
    "status": (["status", "--json"], lambda out: [t["id"] for t in json.loads(out)["targets"]]),
    "log": (["log", "--json"], lambda out: [e["target"] for e in json.loads(out)]),
    "due": (["due", "--json"], lambda out: [o["target"] for o in json.loads(out)["owed"]]),
    "warnings": (["warnings", "--json"], lambda out: [w["target"] for w in json.loads(out)["warnings"]]),
    "changes": (
        ["changes", "--since", "2023-01-15", "--json"],
        lambda out: sorted({e["target"] for key in ("entries", "states") for e in json.loads(out)[key]}),
    ),
    "changes-text": (["changes", "--since", "2023-01-15", "--lang", "en"], _named),
    "pending": (["pending", "--json"], lambda out: [p["target"] for p in json.loads(out)]),
    "report": (["report", "--format", "jsonl"], _jsonl_ids),
    "report-md": (["report", "--format", "md", "--lang", "en"], _named),
    "targets": (["targets"], _named),
}
AS_OF = {"status", "due", "warnings", "changes", "changes-text", "report", "report-md"}


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_category_and_phase_filter_every_view(filtered, view):
    args, shown = VIEWS[view]
    args = [*args, "--as-of", "2023-06-25"] if view in AS_OF else args

    everything = filtered(*args)
    quick = filtered(*args, "--category", "立行立改")
    kept_up = filtered(*args, "--phase", "长期坚持")
    typo = filtered(*args, "--phase", "长期")

    assert everything.code == quick.code == kept_up.code == 0, (quick.err, kept_up.err)
    assert shown(everything.out) == ["rules", "training"]
    assert shown(quick.out) == ["rules"]
    assert shown(kept_up.out) == ["training"]
    assert typo.code == 2 and "phases: short (短期攻坚), long (长期坚持)" in typo.err


def test_show_refuses_a_target_outside_the_category_or_phase_asked_for(filtered):
    kept = filtered("show", "rules", "--category", "立行立改", "--as-of", "2023-06-25", "--lang", "en")
    other = filtered("show", "rules", "--phase", "long", "--lang", "en")
    typo = filtered("show", "rules", "--category", "立刻整改")

    assert kept.code == 0 and "建立制度" in kept.out
    assert other.code == 2 and "rules is not in the category or phase asked for" in other.err
    assert typo.code == 2 and "categories: 分阶段整改, 立行立改" in typo.err


def test_a_target_numbered_by_the_document_does_not_number_its_siblings_under_the_problem(structured):
    rows = [
        json.loads(line)
        for line in structured("report", "--as-of", "2023-03-01", "--format", "jsonl").out.splitlines()
        if '"id": "training"' in line or '"id": "rules"' in line
    ]

    assert [(r["id"], r["number"]) for r in rows if "number" in r][:2] == [("rules", "1"), ("training", "2")]
    # a jsonl row is the target's status --json record: its categories as a list, its phase by id
    assert rows[0]["category"] == ["立行立改"] and rows[0]["phase"] == "short"


NUMBERED = """\
schema_version: 2
id: numbered
title: 巡察反馈问题整改方案
period: {start: 2023-01-01, end: 2023-12-31}
problems:
  - id: ledger
    title: 台账不全
    targets:
      - {id: book, number: "1", name: 建立台账, kind: task, due: 2023-06-30}
      - {id: files, name: 整理档案, kind: task, due: 2023-06-30}
  - id: p3
    number: 问题3
    title: 制度执行不严
    targets:
      - {id: rules, name: 建立制度, kind: task, due: 2023-06-30}
  - id: p7
    number: 问题7
    title: 资金管理不规范
    targets:
      - {id: funds, name: 清理资金, kind: task, due: 2023-06-30}
"""


def test_the_docx_keeps_the_numbers_the_plan_gives_its_problems_and_targets(cli, tmp_path: Path):
    import docx

    run = plans_of(cli, tmp_path / "numbered", {"numbered.yaml": NUMBERED})
    written = tmp_path / "通报.docx"
    assert (
        run("report", "--format", "docx", "--as-of", "2023-05-01", "--lang", "zh", "-o", str(written)).code
        == 0
    )

    document = docx.Document(str(written))
    paragraphs = [p.text for p in document.paragraphs]
    section = paragraphs[paragraphs.index("二、各问题整改情况") + 1 : paragraphs.index("三、存在的问题")]
    numbers = [row.cells[0].text for row in document.tables[0].rows[1:]]

    assert section[::2] == ["（一）台账不全", "问题3 制度执行不严", "问题7 资金管理不规范"]
    assert numbers[:3] == ["1 台账不全（正在整改）", "1", "2"]  # the first problem's own "1": not 1.2
    assert numbers[3:5] == ["问题3 制度执行不严（正在整改）", "问题3.1"]


def test_the_documents_number_heads_the_report(structured):
    md = structured("report", "--as-of", "2023-03-01", "--format", "md", "--lang", "en").out
    html = structured("report", "--as-of", "2023-03-01", "--format", "html", "--lang", "en").out

    assert md.splitlines()[2] == "Document No. 区巡反馈〔2023〕3号"
    assert '<p class="number">Document No. 区巡反馈〔2023〕3号</p>' in html


WHAT_DOCUMENTS_STATE = """\
schema_version: 2
id: stated
title: 2023年民生实事项目推进情况公示
document:
  number: 示政办字〔2023〕21号
  issued: 2023-07-10
  released: 2023-07-14
  related:
    - {number: 示政发〔2023〕2号, title: 2023年民生实事项目实施方案, relation: 依据}
period: {start: 2023-01-01, end: 2023-12-31, stated: false}
events:
  - {name: 公示期, date: 2023-07-14, end: 2023-07-20}
tallies:
  - {what: 民生实事项目, total: 42, ahead: 3, on_track: 4, slow: 3, rest: on_track, as_of: 2023-06-30}
targets:
  - {id: pool, name: 建设游泳馆, kind: task, due: 2023-12-31, due_stated: false, expected_start: 2023-09-01}
"""


def test_what_a_document_states_without_a_target_is_kept_as_it_says_it(cli, tmp_path: Path):
    folder = tmp_path / "stated"
    folder.mkdir()
    plan = folder / "stated.yaml"
    plan.write_text(WHAT_DOCUMENTS_STATE, encoding="utf-8")
    run = lambda *args: cli(*args, env={"RECTIFY_PLANS": str(folder)})  # noqa: E731

    assert run("check").code == 0
    status = json.loads(run("status", "--as-of", "2023-07-15", "--json").out)
    assert status["period_stated"] is False
    assert status["events"] == [{"name": "公示期", "date": "2023-07-14", "end": "2023-07-20"}]
    assert status["tallies"] == [
        {
            "what": "民生实事项目",
            "total": 42,
            "done": None,
            "ahead": 3,
            "on_track": 4,
            "slow": 3,
            "stalled": None,
            "rest": "on_track",
            "as_of": "2023-06-30",
        }
    ]
    pool = target(status, "pool")
    assert (pool["due"], pool["due_stated"], pool["expected_start"]) == ("2023-12-31", False, "2023-09-01")

    plan.write_text(WHAT_DOCUMENTS_STATE.replace("total: 42", "total: 8"), encoding="utf-8")
    found = json.loads(run("check", "--format", "json").out)
    assert [(d["line"], d["code"]) for d in found] == [(14, "tally-over-total")]
    assert found[0]["message"] == "the counts add up to 10, more than the total 8"


def test_counts_never_recorded_are_counted_as_such_in_the_summary(judged, run, tmp_path: Path):
    # 05-03: every target past its first period; the indicator and the tasks aside, some have nothing.
    status = status_json(judged, "2023-05-03")
    text = judged("status", "--as-of", "2023-05-03").out
    folder = {"RECTIFY_PLANS": str(tmp_path / "judged")}
    chinese = run("status", "--as-of", "2023-05-03", "--lang", "zh", env=folder).out

    unrecorded = [t["id"] for t in status["targets"] if t["state"] is not None and "no_data" in t["flags"]]
    assert status["summary"]["no_data"] == 0
    assert status["summary"]["unrecorded"] == len(unrecorded) > 0
    assert f"{len(unrecorded)} with nothing recorded" in text
    assert f"从未填报 {len(unrecorded)} 个" in chinese


def test_what_a_document_states_is_shown_where_a_reader_looks_for_it(cli, tmp_path: Path):
    import docx

    run = plans_of(cli, tmp_path / "stated", {"stated.yaml": WHAT_DOCUMENTS_STATE})
    shown = run("show", "pool", "--as-of", "2023-07-15", "--lang", "en").out
    table = run("status", "--as-of", "2023-07-15", "--lang", "en").out
    md = run("report", "--as-of", "2023-07-15", "--format", "md", "--lang", "zh").out
    written = tmp_path / "通报.docx"
    assert (
        run("report", "--as-of", "2023-07-15", "--format", "docx", "--lang", "zh", "-o", str(written)).code
        == 0
    )
    paragraphs = [p.text for p in docx.Document(str(written)).paragraphs]
    annex = [c.text for c in docx.Document(str(written)).tables[0].rows[2].cells]

    document = (
        "文号：示政办字〔2023〕21号；2023年7月14日发布；依据：示政发〔2023〕2号《2023年民生实事项目实施方案》"
    )
    count = (
        "据文件自述（截至2023年6月30日），民生实事项目共42项，提前3项、按序时4项、推进缓慢3项，其他按序时。"
    )
    assert "Document No. 示政办字〔2023〕21号; released 2023-07-14; 依据: 示政发〔2023〕2号《" in shown
    assert "period not stated in the document, read as 2023-01-01 to 2023-12-31" in shown
    assert "Events: 公示期 2023-07-14 to 2023-07-20" in shown
    assert "ahead of schedule 3, on schedule 4, progressing slowly 3, the rest on schedule." in shown
    assert "Deadline             2023-12-31 (read from the year)" in shown
    assert "on track; expected to start 2023-09-01" in shown
    assert re.search(r"2023-12-31 +on track\n +read from the year\n", table)  # the column's two lines
    assert md.splitlines()[2].startswith(document) and count in md
    assert "| 2023-12-31（据年度推定） | 未完成 | 按序时推进；预计2023年9月1日开始 |" in md
    overall = paragraphs[paragraphs.index("一、总体进展情况") + 1 : paragraphs.index("二、各项目推进情况")]
    assert overall[0].startswith(document) and overall[2].startswith(count)
    assert overall[2].endswith("过程节点：公示期 2023年7月14日至2023年7月20日。")
    assert annex[4:7] == ["12月31日（据年度推定）", "未报送进展", "按序时推进；预计2023年9月1日开始"]


UNCLOSED = """\
schema_version: 2
id: quotes
title: "巡察整改清单
period: {start: 2023-01-01, end: 2023-12-31}
targets:
  - id: rules
    number: "1"
    name: 建立制度
    kind: task
"""


def test_an_unclosed_quote_is_reported_where_it_opens_in_the_users_language(run, tmp_path: Path):
    folder = tmp_path / "quotes"
    folder.mkdir()
    (folder / "quotes.yaml").write_text(UNCLOSED, encoding="utf-8")
    place = {"RECTIFY_PLANS": str(folder)}

    found = json.loads(run("check", "--format", "json", env=place).out)
    chinese = run("check", "--lang", "zh", env=place)

    assert [(d["line"], d["column"], d["code"]) for d in found] == [(3, 8, "unclosed-quote")]
    assert found[0]["fix"] == "add the closing quote"
    assert "quotes.yaml:3:8: 错误：此处开始的引号字符串没有闭合" in chinese.out + chinese.err
    assert "while parsing" not in chinese.out + chinese.err


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        ("{id: a, name: 张店区, 淄川区}", "unknown-field"),
        ("{id: a, name: 张店区, 淄川区, 博山区, 淄川区}", "duplicate-key"),
    ],
)
def test_a_comma_inside_a_flow_mapping_says_to_quote_the_value(cli, tmp_path: Path, parts: str, code: str):
    plan = (
        "schema_version: 2\nid: comma\ntitle: 分解\nperiod: {start: 2023-01-01, end: 2023-12-31}\n"
        f"targets:\n  - id: split\n    name: 分解\n    kind: task\n    parts:\n      - {parts}\n"
    )
    run = plans_of(cli, tmp_path / "comma", {"comma.yaml": plan})

    found = json.loads(run("check", "--format", "json").out)

    assert [(d["line"], d["code"]) for d in found] == [(10, code)]
    assert found[0]["fix"].startswith("a comma ends a value inside {…}: quote the value, as name: ")
    assert found[0]["fix"].endswith(
        '"张店区, 淄川区"' if code == "unknown-field" else '"张店区, 淄川区, 博山区, 淄川区"'
    )
