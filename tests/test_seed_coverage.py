"""The shipped plan says everything the source document says: every section, sentence, number and date.

The test reads the forum copy of the plan in ../shared/seeds/ (the text between
the title and the closing copyright line) and the shipped YAML, and checks each
section of the document against the field that encodes it.
"""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import PLAN_ID, SHARED, SHIPPED

SEED = SHARED / "seeds" / "000_1eccdea9bcb24049.txt"
TITLE = "市民政局2022年被评议部门重点问题整改方案"
NUMERALS = "一二三四五六七八九十"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="the seed document is in ../shared/")


def seed_paragraphs() -> list[str]:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    start = lines.index(TITLE) + 1  # the title alone on its line, after the forum header
    end = next(i for i, line in enumerate(lines) if line.startswith("文章转载网络"))
    return [line for line in lines[start:end] if line]


def seed_problems() -> list[dict]:
    """The document split into problems and their sections, as a reader would split it."""
    problems: list[dict] = []
    section = None
    for paragraph in seed_paragraphs():
        if re.match(rf"^[{NUMERALS}]、", paragraph):
            problems.append({"title": paragraph[2:], "measures": [], "windows": [], "owners": []})
            continue
        heading = re.match(r"^[((]([一二三四])[))](.+)$", paragraph)
        if heading:
            section = heading.group(2)
            continue
        current = problems[-1]
        if paragraph.startswith("主要表现在:"):
            current["manifestations"] = paragraph.removeprefix("主要表现在:")
        elif section == "整改目标":
            current["goal"] = paragraph
        elif section in ("整改措施", "完成时限"):
            body = re.sub(r"^\d+\.", "", paragraph)
            current["measures" if section == "整改措施" else "windows"].append(body)
        elif section == "责任分工":
            label, _, name = paragraph.partition(":")
            current["owners"].append((label, name))
    return problems


@pytest.fixture(scope="module")
def plan() -> dict:
    return yaml.safe_load((SHIPPED / f"{PLAN_ID}.yaml").read_text(encoding="utf-8"))


def test_the_title_and_both_problems(plan):
    assert plan["title"] == TITLE
    assert [p["title"] for p in plan["problems"]] == [p["title"] for p in seed_problems()]


def test_every_section_of_every_problem_verbatim(plan):
    for encoded, source in zip(plan["problems"], seed_problems(), strict=True):
        assert encoded["manifestations"] == source["manifestations"]
        assert encoded["goal"] == source["goal"]
        assert [m["text"] for m in encoded["measures"]] == source["measures"]
        assert [m["title"] + "。" for m in encoded["measures"]] == [
            m.split("。")[0] + "。" for m in source["measures"]
        ]
        assert [w["text"] for w in encoded["windows"]] == source["windows"]
        assert [(o["title"], o["name"]) for o in encoded["owners"]] == source["owners"]


def test_all_seven_measures(plan):
    # The document numbers four measures under problem one and three under problem two.
    assert [len(p["measures"]) for p in plan["problems"]] == [4, 3]


def test_every_number_and_date_in_the_document_is_in_the_plan():
    text = (SHIPPED / f"{PLAN_ID}.yaml").read_text(encoding="utf-8")
    body = "\n".join(seed_paragraphs())
    numbers = set(re.findall(r"\d+", body))
    assert {"120", "240", "300", "3000", "60", "100", "24"} <= numbers
    missing = sorted(n for n in numbers if n not in text)
    assert missing == []
    for window in re.findall(r"\d+月?—\d+月份?", body):
        assert window in text


def test_each_window_item_is_a_task_milestone_or_goal(plan):
    """Each window names the targets it sets, and their dates fall inside it."""
    for problem in plan["problems"]:
        targets = {t["id"]: t for t in problem["targets"]}
        for window in problem["windows"]:
            assert window["targets"], window["text"]
            for ref in window["targets"]:
                target = targets[ref]
                dates = [target.get("due")] + [m["by"] for m in target.get("milestones", [])]
                assert window["due"] in dates or target["kind"] == "rate", (ref, window["text"])


def test_the_numeric_targets_of_the_plan(plan):
    targets = {t["id"]: t for p in plan["problems"] for t in p["targets"]}
    canteens = targets["canteens"]
    assert (canteens["kind"], canteens["goal"], str(canteens["due"])) == ("count", 300, "2022-12-31")
    assert [(str(m["by"]), m["value"]) for m in canteens["milestones"]] == [
        ("2022-07-31", 120),
        ("2022-10-31", 240),
    ]
    beds = targets["beds"]
    assert (beds["kind"], beds["goal"], str(beds["due"])) == ("count", 3000, "2022-07-31")
    assert str(targets["beds-acceptance"]["due"]) == "2022-10-31"
    care = targets["care-rate"]
    assert (care["kind"], care["goal"], care["comparison"]) == ("rate", 60, "kept_at")  # 不低于: a floor kept
    facility = targets["facility-rate"]
    assert (facility["kind"], facility["goal"], facility["comparison"]) == ("rate", 100, "kept_at")
    for policy in ("low-income-rules", "extreme-poverty-rules", "temporary-assistance-notice"):
        assert str(targets[policy]["due"]) == "2022-06-30"
    assert str(targets["facility-rules"]["due"]) == "2022-07-31"
    supporting = [o["name"] for o in targets["facility-rules"]["owners"] if o["role"] == "supporting"]
    assert supporting == ["市自然资源和规划局", "市住房和城乡建设局", "市城市管理局"]


def test_every_document_named_in_the_plan_is_a_target(plan):
    body = "\n".join(seed_paragraphs())
    names = " ".join(t["name"] for p in plan["problems"] for t in p["targets"])
    for document in set(re.findall(r"《[^》]+》", body)):
        assert document in names, document
