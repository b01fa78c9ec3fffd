"""`rectify import`: a draft plan from the ledgers (台账) offices keep, and the shipped plan's own
ledger read back into the same targets, owners and deadlines."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import SHIPPED, Result
from ledgers import audit, inspection, livelihood
from zibo_rectify import plans, workspace
from zibo_rectify.sheets.ledger_import import deadline, figure_in


def rectify(plans_dir: Path, *args: str) -> Result:
    from zibo_rectify.cli import app

    env = {"RECTIFY_PLANS": str(plans_dir), "NO_COLOR": "1", "COLUMNS": "200"}
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def plan_of(path: Path) -> Any:
    return workspace.load(next(f for f in plans.plan_files(path.parent) if f.path == path)).plan


def entries_of(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line[2:]) for line in lines if line.startswith("- {")]


def facts(plan: Any) -> list[tuple[Any, ...]]:
    """What a ledger says of each item: name, kind, goal, unit, due date, leads, milestones."""
    found = []
    for problem, t in plan.all_targets():
        task = t.kind.value == "task"
        leads = sorted(o.name for o in plan.owners_of(problem, t) if o.role.value in ("lead", "co_lead"))
        found.append(
            (
                t.name,
                "task" if task else t.kind.value,
                None if task else t.goal,
                None if task else t.unit,
                plan.target_due(t, problem),
                leads,
                [(m.by, m.value) for m in t.milestones],
            )
        )
    return found


def test_an_inspection_ledger_with_a_title_merged_problems_and_a_kept_up_row(tmp_path):
    inspection(tmp_path / "台账.xlsx")
    out = tmp_path / "plans" / "xuncha-2018.yaml"
    done = rectify(tmp_path / "plans", "import", str(tmp_path / "台账.xlsx"), "-o", str(out))
    assert done.code == 0, done.out + done.err
    plan = plan_of(out)
    assert plan.title == "区委第三巡察组反馈问题整改落实台账" and plan.document.as_of == dt.date(2018, 9, 30)
    assert [p.title for p in plan.problems] == ["党组会议议事规则执行不严", "专项资金拨付不及时"]
    assert facts(plan) == [
        ("修订《党组会议议事规则》", "task", None, None, dt.date(2018, 7, 31), ["办公室"], []),
        ("建立议题台账，逐月核查", "task", None, None, None, ["办公室", "组织科"], []),
        ("拨付滞留专项资金120万元", "amount", 120, "万元", dt.date(2018, 12, 31), ["计划财务科"], []),
    ]
    kept_up = plan.problems[0].targets[1]
    assert kept_up.ongoing and [o.name for o in kept_up.owners if o.role.value == "person"] == ["李四"]
    log = entries_of(out.with_name("xuncha-2018.progress.yaml"))
    assert [(e["target"], e.get("done"), e.get("percent"), e["note"], e["date"]) for e in log] == [
        ("item-1", True, None, "已完成", "2018-09-30"),
        ("item-2", None, 80, "80%(台账已建，核查进度滞后)", "2018-09-30"),
        ("item-3", None, None, "已拨付96万元", "2018-09-30"),
    ]
    assert "备注 '涉及3个项目'" in done.out  # what could not be mapped is listed
    assert rectify(tmp_path / "plans", "check").code == 0


def test_a_progress_table_with_a_two_row_header_and_figures_in_the_words(tmp_path):
    livelihood(tmp_path / "进度表.xlsx")
    out = tmp_path / "plans" / "minsheng-2023.yaml"
    done = rectify(tmp_path / "plans", "import", str(tmp_path / "进度表.xlsx"), "-o", str(out))
    assert done.code == 0, done.out
    plan = plan_of(out)
    assert facts(plan) == [
        ("建设四好农村路", "quantity", 55, "公里", dt.date(2023, 6, 30), ["市交通运输局"], []),
        ("新建城市社区长者食堂", "count", 30, "家", dt.date(2023, 10, 31), ["市民政局"], []),
        ("改造提升老旧小区", "count", 120, "个", dt.date(2023, 12, 31), ["市住房和城乡建设局"], []),
    ]
    roads = plan.problems[0].targets[0]
    assert [(o.role.value, o.name) for o in roads.owners] == [
        ("lead", "市交通运输局"),
        ("supporting", "各区县政府"),
    ]
    log = entries_of(out.with_name("minsheng-2023.progress.yaml"))
    assert (log[0]["target"], log[0].get("percent"), log[0]["note"]) == ("item-1", 80, "80%（进度滞后）")
    assert (log[2]["target"], log[2].get("value")) == ("item-3", 120)
    assert "no 截至 day" in done.out  # the day its progress is recorded on is said


def test_an_audit_list_leaves_what_it_cannot_read_to_fill_and_check_points_at_it(tmp_path):
    audit(tmp_path / "清单.xlsx")
    out = tmp_path / "plans" / "audit-2019.yaml"
    done = rectify(tmp_path / "plans", "import", str(tmp_path / "清单.xlsx"), "-o", str(out))
    assert done.code == 1
    assert "column 3 '整改建议' is not read" in done.out
    assert "row 4: the deadline '立行立改' is not read; fill in due" in done.out
    line = next(
        n for n, text in enumerate(out.read_text(encoding="utf-8").splitlines(), 1) if 'due: "待填写"' in text
    )
    assert f"audit-2019.yaml:{line}:" in done.out and "待填写" in done.out
    fixed = out.read_text(encoding="utf-8").replace('due: "待填写"', "due: 2019-01-31")
    out.write_text(fixed, encoding="utf-8")
    plan = plan_of(out)
    assert facts(plan)[0] == (
        "盘活闲置专项资金1,200万元",
        "amount",
        1200,
        "万元",
        dt.date(2019, 3, 31),
        ["财政局"],
        [],
    )
    assert facts(plan)[2][4:6] == (dt.date(2019, 6, 30), ["办公室", "审计科"])
    assert [p.title for p in plan.problems] == ["专项资金闲置", "政府信息未按规定公开", "内部控制制度不健全"]
    assert rectify(tmp_path / "plans", "check").code == 0


def test_the_shipped_plans_own_ledger_imports_back_into_the_same_plan(tmp_path):
    folder = tmp_path / "plans"
    shutil.copytree(SHIPPED, folder)
    ledger = tmp_path / "整改台账.xlsx"
    assert rectify(folder, "report", "--format", "xlsx", "--as-of", "2022-11-01", "-o", str(ledger)).code == 0
    out = tmp_path / "back" / "round-trip.yaml"
    done = rectify(folder, "import", str(ledger), "-o", str(out))
    assert done.code == 0, done.out
    shipped = plan_of(folder / "zibo-minzheng-2022.yaml")
    assert facts(plan_of(out)) == facts(shipped)


@pytest.mark.parametrize(
    ("text", "due", "ongoing"),
    [
        ("2018年7月底", dt.date(2018, 7, 31), False),
        ("6月底前", dt.date(2022, 6, 30), False),
        ("2022年6月底前完成初步整改，12月底前全面完成", dt.date(2022, 12, 31), False),
        ("长期坚持", None, True),
        ("2022年底前完成，长期坚持", dt.date(2022, 12, 31), True),
        ("2023年第三季度", dt.date(2023, 9, 30), False),
        ("2022.8.15", dt.date(2022, 8, 15), False),
    ],
)
def test_deadlines_as_offices_write_them(text, due, ongoing):
    assert deadline(text, 2022)[:2] == (due, ongoing)


def test_figures_with_units_and_their_direction():
    assert figure_in("建设四好农村路55公里")[:3] == (55, "公里", "quantity")
    assert figure_in("PM2.5浓度控制在35微克以内") is None  # a unit it does not know: a task to fill by hand
    assert figure_in("劣V类水体比例控制在5%以内")[1:] == ("%", "rate", "at_most")
    assert figure_in("新建长者食堂不少于1,200家")[:4] == (1200, "家", "count", "at_least")


def test_a_file_that_exists_is_never_overwritten_and_a_bad_id_is_refused(tmp_path):
    inspection(tmp_path / "台账.xlsx")
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "xuncha.yaml").write_text("# mine\n", encoding="utf-8")
    refused = rectify(folder, "import", str(tmp_path / "台账.xlsx"), "-o", str(folder / "xuncha.yaml"))
    assert refused.code == 2 and (folder / "xuncha.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert rectify(folder, "import", str(tmp_path / "台账.xlsx"), "-o", str(folder / "巡察.yaml")).code == 2
    missing = rectify(folder, "import", str(tmp_path / "none.xlsx"), "-o", str(folder / "a.yaml"))
    assert missing.code == 2 and "none.xlsx" in missing.err
