"""Every plan in examples/ passes check, and its status reads as a reader of that document expects.

Each example is in the shape of a kind of document (a 巡察整改清单, a 任务分解, a
民生实事 progress table, a three-year plan, a river-chief plan, a school's
整改报告).  What today's status engine judges is pinned as it is; what needs
status version 2 (parts summed, new comparisons, goals of other figures,
last_note, expected, repeats) is pinned in the tests marked `needs status v2`,
which run once `status --json` has the fields they read.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import ROOT, target

EXAMPLES = ROOT / "examples"
PLANS = sorted(p.stem for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".progress.yaml"))
MINE = [
    "farmland-water-2023-2025",
    "minsheng-shishi-2023",
    "river-chief-2023",
    "school-zhenggai-2023",
    "xuncha-qingdan-2023",
    "zhangdian-canteens-2023",
]


def test_rectify_check_examples_exits_0_through_the_installed_command(run):
    result = run("check", str(EXAMPLES))

    assert result.code == 0, result.out
    assert "no problems" in result.out


def test_every_example_says_format_2_and_names_its_schema():
    assert set(MINE) <= set(PLANS)
    for plan_id in MINE:
        text = (EXAMPLES / f"{plan_id}.yaml").read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../schema/plan.schema.json\n")
        assert "\nschema_version: 2\n" in text
        assert (EXAMPLES / f"{plan_id}.progress.yaml").exists()


@pytest.fixture
def status(cli):  # type: ignore[no-untyped-def]
    def shown(plan_id: str, as_of: str) -> dict[str, Any]:
        result = cli("status", plan_id, "--as-of", as_of, "--json", env={"RECTIFY_PLANS": str(EXAMPLES)})
        assert result.code == 0, result.err
        data: dict[str, Any] = json.loads(result.out)
        return data

    return shown


def v2(row: dict[str, Any], *fields: str) -> dict[str, Any]:
    """The row, with the fields of status v2 a test reads: a field that disappeared fails the test."""
    missing = [f for f in fields if f not in row]
    assert not missing, f"status --json lost {', '.join(missing)}"
    return row


def says(value: Any, text: str) -> bool:
    """Whether a JSON value (a string or an object, whichever shape status v2 gives) holds the text."""
    return text in json.dumps(value, ensure_ascii=False)


# 巡察整改清单 ------------------------------------------------------------------


def test_xuncha_list(status):
    s = status("xuncha-qingdan-2023", "2023-10-15")
    assert target(s, "meeting-rules")["state"] == "done"
    funds = target(s, "funds-paid")
    assert (funds["value"], funds["state"]) == (610, "behind")  # below 序时进度 (668 by 10-15)
    assert funds["milestones"][0] == {"by": "2023-06-30", "value": 400, "reached": True, "value_then": 430}
    talks = target(s, "integrity-talks")
    assert (talks["value"], talks["due"], talks["state"]) == (42, None, "on_track")  # due: none, never late
    assert target(s, "funds-recovered")["value"] == 36.5


def test_xuncha_list_v2(status):
    s = status("xuncha-qingdan-2023", "2023-10-15")
    talks = v2(target(s, "integrity-talks"), "last_note")
    assert says(talks["last_note"], "三季度谈话已覆盖全体中层干部")
    # A quarterly check: the third quarter's is done; the fourth's is open and not late.
    assert v2(target(s, "contract-review"), "flags")["state"] == "on_track"
    assert says(v2(target(s, "funds-paid"), "expected")["expected"], "2023-11-30")


# 任务分解 ----------------------------------------------------------------------


def test_breakdown_by_district(status):
    s = status("zhangdian-canteens-2023", "2023-08-31")
    canteens = target(s, "canteens")
    assert (canteens["goal"], canteens["unit"]) == (300, "家")
    after = status("zhangdian-canteens-2023", "2024-01-15")
    assert target(after, "meal-coverage")["state"] == "not_met"  # 淄川区 55%, 博山区 48%: below 60%


def test_breakdown_by_district_v2(status):
    s = status("zhangdian-canteens-2023", "2023-08-31")
    canteens = v2(target(s, "canteens"), "parts")
    assert canteens["value"] == 130  # 60 + 50 + 20
    parts = {p["id"]: p for p in canteens["parts"]}
    assert {k: (p["value"], p["goal"]) for k, p in parts.items()} == {
        "zhangdian": (60, 100),
        "zichuan": (50, 120),
        "boshan": (20, 80),
    }
    assert {k: p["state"] for k, p in parts.items()} == {
        "zhangdian": "on_track",
        "zichuan": "behind",
        "boshan": "behind",  # 马站未开工
    }
    assert canteens["state"] == "behind"  # 130 against 序时进度 156
    assert canteens["milestones"][0] == {"by": "2023-07-31", "value": 120, "reached": True, "value_then": 130}
    assert says(canteens["last_note"], "全市第二批选址已报市政府")
    coverage = target(s, "meal-coverage")
    assert coverage["state"] == "on_track"  # a rate for the year's end, judged on its path until then
    assert [p["state"] for p in coverage["parts"]] == ["met", "on_track", "on_track"]


# 民生实事 ----------------------------------------------------------------------


def test_livelihood_projects_table(status):
    s = status("minsheng-shishi-2023", "2023-09-30")
    routes = target(s, "bus-routes")
    assert (routes["value"], routes["state"]) == (14, "behind")
    assert target(s, "school-canteens")["done"] is False
    assert target(s, "free-checkups")["unit"] == "万人"


def test_livelihood_projects_table_v2(status):
    s = status("minsheng-shishi-2023", "2023-09-30")
    checkups = v2(target(s, "free-checkups"), "parts")
    assert checkups["value"] == 8.3  # 4.1万人 in 张店区 + 4.2万人 in 临淄区
    canteens = v2(target(s, "school-canteens"), "expected")
    assert canteens["state"] == "behind"  # 80% on 09-30, below the path to 100% on 10-31
    assert says(canteens["expected"], "2023-10-20")


# 三年行动方案 ------------------------------------------------------------------


def test_three_year_plan_in_yi_yuan_with_phases(status):
    s = status("farmland-water-2023-2025", "2025-01-15")
    money = target(s, "total-investment")
    assert (money["value"], money["unit"], money["state"]) == (7.1, "亿元", "behind")
    assert [(m["by"], m["reached"], m["value_then"]) for m in money["milestones"]] == [
        ("2023-12-31", True, 3.8),
        ("2024-12-31", False, 7.1),
    ]
    wells = target(s, "wells")
    assert (wells["value"], wells["due"], wells["state"]) == (7.4, "2023-12-31", "overdue")  # 短期攻坚 ended
    assert target(s, "ditches")["due"] == "2025-06-30"  # 中期推进's end
    assert target(s, "upkeep-review")["due"] is None  # 长期坚持: no end
    assert target(s, "investment-growth")["value"] == -1.5


def test_three_year_plan_v2(status):
    s = status("farmland-water-2023-2025", "2024-01-15")
    growth = v2(target(s, "investment-growth"), "flags")
    assert growth["value"] == 6  # about 6.2, tolerance 0.5
    assert growth["comparison"] == "about"


# 河长制 ------------------------------------------------------------------------


def test_river_chief_plan(status):
    s = status("river-chief-2023", "2023-12-31")
    good = target(s, "good-water-ratio")
    assert (good["value"], good["state"]) == (97.9, "met")  # 到年底达到97.8%
    assert target(s, "poor-water-ratio")["value"] == 3.57
    assert target(s, "county-good-water")["goal"] == {"of": "city-good-water"}
    assert target(s, "four-disorders")["state"] == "met"


def test_river_chief_plan_v2(status):
    s = status("river-chief-2023", "2023-12-31")
    assert v2(target(s, "poor-water-ratio"), "flags")["state"] == "met"  # 3.57 is below 4.3
    assert v2(target(s, "county-good-water"), "flags")["state"] == "met"  # 95.0 against the city's 94.6
    assert v2(target(s, "patrols"), "flags")["state"] != "done"  # 200 is not more than 200


# 学校整改报告 ------------------------------------------------------------------


def test_school_report(status):
    s = status("school-zhenggai-2023", "2024-03-15")
    assert target(s, "homework-rules")["state"] == "done"
    assert target(s, "lab-renovation")["state"] == "overdue"  # 80% on 12-20; due 12-31
    checks = target(s, "safety-checks")
    # Confirmed again on 2024-03-01, after the plan's end and before until: kept up, not stale.
    assert (checks["state"], checks["stale"], checks["last_entry"]) == ("met", False, "2024-03-01")


def test_school_report_v2(status):
    s = status("school-zhenggai-2023", "2024-01-10")
    lab = v2(target(s, "lab-renovation"), "expected")
    assert says(lab["expected"], "2024-01-20")
    assert lab["state"] == "overdue"
