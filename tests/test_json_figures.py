"""Every JSON view writes a figure by one rule (`safetext.json_number`): the same figure reads the
same in `status --json`, `changes --json`, `agenda --json`, `log --json` and the jsonl export."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PLAN_ID, ROOT, target

CANTEENS = "zhangdian-canteens-2023"  # canteens: three parts summed, a milestone of 120 by 2023-07-31


def canteens_in_ten_thousands(folder: Path) -> str:
    """A folder of the example plan alone, its canteens counted in 万人 so that a part's figure
    may hold decimals; the folder as --plans takes it."""
    text = (ROOT / "examples" / f"{CANTEENS}.yaml").read_text("utf-8")
    assert "    unit: 家\n" in text
    folder.mkdir()
    (folder / f"{CANTEENS}.yaml").write_text(text.replace("    unit: 家\n", "    unit: 万人\n", 1), "utf-8")
    return str(folder)


def test_a_sum_of_parts_reads_the_same_in_status_changes_and_the_export(cli, tmp_path: Path) -> None:
    plans = canteens_in_ten_thousands(tmp_path / "canteens")
    for part, figure, day in (("zhangdian", "40.1", "2023-07-01"), ("zichuan", "40.2", "2023-07-02")):
        recorded = cli(
            "--plans", plans, "update", "canteens", figure, "--part", part, "--date", day, "--by", "科"
        )
        assert recorded.code == 0, recorded.err
    assert 40.1 + 40.2 == 80.30000000000001  # what the float sum holds; no view may print it

    status = cli("--plans", plans, "status", "--as-of", "2023-08-15", "--json").json()
    canteens = target(status, "canteens")
    assert canteens["value"] == 80.3
    assert canteens["milestones"][0]["value_then"] == 80.3

    agenda = cli("--plans", plans, "agenda", "--as-of", "2023-07-01", "--json").json()
    assert [(i["what"], json.dumps(i["value"])) for i in agenda["items"]] == [("milestone", "120")]

    changes = cli(
        "--plans", plans, "changes", "--since", "2023-07-01", "--as-of", "2023-08-15", "--json"
    ).json()
    (milestone,) = changes["milestones"]
    assert (milestone["value"], milestone["reached"], milestone["value_then"]) == (120, False, 80.3)

    exported = cli(
        "--plans", plans, "report", "--format", "jsonl", "--what", "changes", "--since", "2023-07-01",
        "--as-of", "2023-08-15",
    )  # fmt: skip
    assert exported.code == 0, exported.err
    rows = [json.loads(line) for line in exported.out.splitlines()]
    assert [r["value_then"] for r in rows if r["kind"] == "milestone"] == [80.3]


def test_each_figure_of_an_entry_is_written_alike_in_the_log_view_and_the_export(
    cli, plans_dir: Path
) -> None:
    """Lines written by hand with 60.0, +20.0 and 40.0: value, increment and percent all read as whole."""
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    log.write_text(
        '- {"date": "2022-07-01", "target": "canteens", "value": 60.0, "increment": 20.0,'
        ' "correction": false, "by": "科", "note": null, "evidence": null,'
        ' "recorded": "2022-07-01T09:00:00+08:00"}\n'
        '- {"date": "2022-07-01", "target": "policy-training", "percent": 40.0, "correction": false,'
        ' "by": "科", "note": null, "evidence": null, "recorded": "2022-07-01T09:00:00+08:00"}\n',
        "utf-8",
    )
    shown = cli("log", "--json")
    assert shown.code == 0, shown.err
    figures = [[e["value"], e["increment"], e["percent"]] for e in shown.json()]
    assert [json.dumps(f) for f in figures] == ["[60, 20, null]", "[null, null, 40]"]

    exported = cli("report", "--format", "jsonl", "--what", "entries", "--as-of", "2022-08-01")
    rows = [json.loads(line) for line in exported.out.splitlines()]
    assert [json.dumps([r["value"], r["percent"]]) for r in rows] == ["[60, null]", "[null, 40]"]

    status = cli("status", "--as-of", "2022-08-01", "--json").json()
    shares = [target(status, "canteens")["value"], target(status, "policy-training")["percent"]]
    assert json.dumps(shares) == "[60, 40]"
