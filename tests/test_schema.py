"""The JSON Schemas editors and CI use agree with the models: same file, same verdicts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import PLAN_ID, ROOT
from zibo_rectify import yamlio
from zibo_rectify.errors import RectifyError
from zibo_rectify.model import validate_plan
from zibo_rectify.schema import dumps, log_schema, plan_schema


def plain(data: Any) -> Any:
    """YAML data as a JSON validator sees it (dates as ISO strings), as check-jsonschema does."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def schema_errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [e.message for e in validator.iter_errors(plain(data))]


def test_the_shipped_schemas_equal_the_models(cli):
    assert (ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8") == dumps(plan_schema())
    assert (ROOT / "schema" / "progress.schema.json").read_text(encoding="utf-8") == dumps(log_schema())
    result = cli("schema")
    assert result.code == 0 and result.out == dumps(plan_schema())
    assert cli("schema", "log").out == dumps(log_schema())
    assert cli("schema", "ledger").code == 2


def test_the_shipped_plan_names_its_schema_and_passes_it():
    text = (ROOT / "plans" / f"{PLAN_ID}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/plan.schema.json\n")
    assert schema_errors(plan_schema(), yaml.safe_load(text)) == []


GOOD = {
    "schema_version": 1,
    "id": "good",
    "title": "方案",
    "issuer": "局",
    "period": {"start": dt.date(2022, 1, 1), "end": dt.date(2022, 12, 31)},
    "problems": [
        {
            "id": "p1",
            "title": "问题",
            "targets": [{"id": "canteens", "name": "长者食堂", "kind": "count", "goal": 300}],
        }
    ],
}


def with_change(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    import copy

    data = copy.deepcopy(GOOD)
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    if value is KeyError:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return data


BAD_PLANS = {
    "unknown field": with_change(("colour",), "red"),
    "missing title": with_change(("title",), KeyError),
    "unknown kind": with_change(("problems", 0, "targets", 0, "kind"), "counter"),
    "id not a slug": with_change(("problems", 0, "targets", 0, "id"), "Elder Canteens"),
    "goal not a number": with_change(("problems", 0, "targets", 0, "goal"), "lots"),
    "schema version 3": with_change(("schema_version",), 3),
    "date not a date": with_change(("period", "start"), "next spring"),
    "milestone without value": with_change(
        ("problems", 0, "targets", 0, "milestones"), [{"by": "2022-06-30"}]
    ),
    "owner without role": with_change(("owners",), [{"name": "养老服务科"}]),
}


def model_rejects(data: dict[str, Any]) -> bool:
    doc = yamlio.Document("plan.yaml", data, [])
    try:
        validate_plan(doc, None)
    except RectifyError:
        return True
    return False


def test_the_good_plan_passes_both():
    assert not model_rejects(GOOD)
    assert schema_errors(plan_schema(), GOOD) == []


@pytest.mark.parametrize("case", BAD_PLANS)
def test_the_schema_rejects_what_the_models_reject(case):
    data = BAD_PLANS[case]
    assert model_rejects(data)
    assert schema_errors(plan_schema(), data) != []


def test_the_log_schema_takes_what_rectify_writes_and_refuses_both_value_and_done(run, plans_dir):
    assert run("update", "canteens", "95", "--date", "2022-07-31", "--note", "验收").code == 0
    assert run("done", "data-sharing", "--date", "2022-06-01").code == 0
    entries = yaml.safe_load((plans_dir / f"{PLAN_ID}.progress.yaml").read_text(encoding="utf-8"))
    assert len(entries) == 2
    assert schema_errors(log_schema(), entries) == []
    both = [{**entries[0], "done": True}]
    assert schema_errors(log_schema(), both) != []
    assert schema_errors(log_schema(), [{"date": "2022-07-31", "target": "canteens"}]) != []


def test_the_examples_pass_the_schemas():
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        schema = log_schema() if path.name.endswith(".progress.yaml") else plan_schema()
        assert schema_errors(schema, data) == [], path.name


def test_the_schemas_describe_the_format_2_fields_for_the_editor():
    defs = plan_schema()["$defs"]
    fields = {
        "Plan": ["document", "categories", "phases", "targets"],
        "Target": [
            "number",
            "category",
            "phase",
            "tolerance",
            "until",
            "cadence",
            "repeat",
            "parts",
            "roll_up",
        ],
        "Part": ["id", "name", "goal", "owners", "due"],
        "Phase": ["id", "name", "start", "end"],
        "Document": ["number", "issued", "source", "addressees", "as_of"],
    }
    plan = plan_schema()
    for model, names in fields.items():
        properties = plan["properties"] if model == "Plan" else defs[model]["properties"]
        for name in names:
            assert properties[name].get("description"), f"{model}.{name}"
    entry = log_schema()["$defs"]["ProgressEntry"]["properties"]
    for name in ("part", "percent", "expected", "increment", "kind"):
        assert entry[name].get("description"), name
    note = {
        "date": "2023-08-10",
        "target": "canteens",
        "note": "马站未开工",
        "recorded": "2023-08-10T17:00:00+08:00",
    }
    assert schema_errors(log_schema(), [note]) == []
    assert schema_errors(log_schema(), [{**note, "value": 3, "percent": 40}]) != []
