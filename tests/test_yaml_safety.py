"""Reading YAML safely, end to end through `rectify check`: each refusal names its cause and its spot."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from conftest import PLAN_ID
from zibo_rectify import yamlio
from zibo_rectify.errors import RectifyError
from zibo_rectify.model import load_plan
from zibo_rectify.plans import PLAN_MAX_BYTES, PlanFile
from zibo_rectify.yamlio import GROWN_CHUNK, read_at_most

MINIMAL = """\
schema_version: 1
id: mini
title: 测试方案
issuer: 测试局
period: {start: 2022-05-01, end: 2022-12-31}
problems:
  - id: p1
    title: 问题一
    targets:
      - {id: canteens, name: 长者食堂, kind: count, unit: 家, goal: 300}
"""


def check_json(cli, path: Path) -> tuple[int, list[dict]]:
    result = cli("check", str(path), "--format", "json")
    return result.code, json.loads(result.out)


def test_a_bom_and_crlf_line_ends_are_accepted(cli, run, plans_dir):
    plan = plans_dir / f"{PLAN_ID}.yaml"
    text = plan.read_text(encoding="utf-8").replace("\n", "\r\n")
    plan.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    log = plans_dir / f"{PLAN_ID}.progress.yaml"
    entry = (
        '- {"date": "2022-07-31", "target": "canteens", "value": 95, "recorded": "2022-08-01T09:00:00+08:00"}'
    )
    log.write_bytes(codecs.BOM_UTF8 + f"# log\r\n{entry}\r\n".encode())

    assert cli("check").code == 0
    assert run("update", "canteens", "120", "--date", "2022-08-02").code == 0
    assert [e["value"] for e in run("log", "--json").json()] == [95, 120]
    assert run("check").code == 0


@pytest.mark.parametrize(
    ("old", "new", "spot", "says"),
    [
        (
            "title: 测试方案",
            "title: 测试\x07方案",
            (3, 10, "control-character"),
            "U+0007, a control character",
        ),
        ("issuer: 测试局", "issuer: 测试\u2028局", (4, 11, "line-separator"), "U+2028, a line break"),
        ("title: 测试方案", 'title: "C:\\new\\plan"', (3, 15, "bad-escape"), "an escape YAML does not know"),
        ("title: 测试方案", 'title: "测试方案', (3, 8, "unclosed-quote"), "never closed"),
        ("goal: 300", "goal: " + "9" * 5000, (10, 64, "bad-number"), "too many digits"),
        ("  - id: p1", "\t- id: p1", (7, 1, "tab"), "a tab character"),
        ("issuer: 测试局", "<<<<<<< HEAD", (4, 1, "conflict-marker"), "conflict marker (<<<<<<<)"),
        ("issuer: 测试局", "=======", (4, 1, "conflict-marker"), "conflict marker (=======)"),
        ("issuer: 测试局", ">>>>>>> theirs", (4, 1, "conflict-marker"), "conflict marker (>>>>>>>)"),
        (
            "issuer: 测试局",
            "\ufeffissuer: 测试局",
            (4, 1, "stray-bom"),
            "byte order mark (U+FEFF) past its start",
        ),
        (
            "problems:",
            "source: " + "[" * 5000 + "]" * 5000 + "\nproblems:",
            (6, 1008, "too-deep"),
            "too deeply",
        ),
        ("issuer: 测试局", "issuer: *nobody", (4, 9, "yaml-syntax"), "found undefined alias"),
        (
            "issuer: 测试局",
            "issuer: &who 测试局\nsource: &who 又一个",
            (5, 9, "yaml-syntax"),
            "found duplicate anchor",
        ),
        ("problems:", "source: &loop [1, *loop]\nproblems:", (6, 16, "too-deep"), "more than 40 levels deep"),
    ],
)
def test_a_refusal_names_its_cause_at_its_spot(cli, tmp_path, old, new, spot, says):
    plan = tmp_path / "mini.yaml"
    plan.write_text(MINIMAL.replace(old, new), encoding="utf-8")
    code, [found] = check_json(cli, plan)
    assert code == 1
    assert (found["line"], found["column"], found["code"]) == spot
    assert says in found["message"]


def test_a_yaml_error_anywhere_is_reported_rather_than_a_value_refused_before_it(cli, tmp_path):
    plan = tmp_path / "mini.yaml"
    plan.write_text(
        MINIMAL.replace("issuer: 测试局", "issuer: 测试局\nissuer: 又一个") + "  - [\n", encoding="utf-8"
    )
    code, [found] = check_json(cli, plan)
    assert code == 1
    assert (found["line"], found["column"], found["code"]) == (13, 1, "yaml-syntax")


def test_an_alias_reads_as_its_anchored_value_written_out(cli, tmp_path):
    plan = tmp_path / "mini.yaml"
    plan.write_text(
        MINIMAL.replace("name: 长者食堂,", "name: 长者食堂, aliases: &also [食堂],").replace(
            "goal: 300}",
            "goal: 300}\n      - {id: beds, name: 床位, aliases: *also, kind: count, unit: 张, goal: 9}",
        ),
        encoding="utf-8",
    )
    result = cli("check", str(plan), "--format", "json")
    assert [(d["code"], d["line"]) for d in result.json()] == [("duplicate-alias", 11)]
    read = yamlio.parse(plan.read_text(encoding="utf-8"), str(plan), max_nodes=100)
    assert read.data["problems"][0]["targets"][1]["aliases"] == ["食堂"]
    assert read.where(("problems", 0, "targets", 1, "aliases", 0)) == (10, 52)


def test_a_file_over_the_size_bound_is_refused_unread(cli, tmp_path):
    plan = tmp_path / "mini.yaml"
    plan.write_text(MINIMAL + "# padding\n" * (PLAN_MAX_BYTES // 10), encoding="utf-8")
    code, [found] = check_json(cli, plan)
    assert (code, found["code"]) == (2, "file-too-large")
    assert f"larger than {PLAN_MAX_BYTES:,} bytes" in found["message"]


class GrowingFile(io.BytesIO):
    """A file that grows while it is read: fstat gives the size of `stale`, reads give all of `data`."""

    def __init__(self, stale: Path, data: bytes) -> None:
        super().__init__(data)
        self.stale = stale.open("rb")

    def fileno(self) -> int:
        return self.stale.fileno()


@pytest.mark.parametrize("bound", [10, GROWN_CHUNK, 3 * GROWN_CHUNK])
def test_reading_stops_at_the_bound_or_the_end_even_when_the_file_grew(tmp_path, bound):
    stale = tmp_path / "log.yaml"
    stale.write_bytes(b"- {}\n")
    data = bytes(range(256)) * (2 * GROWN_CHUNK // 256 + 3)
    with GrowingFile(stale, data) as grown:
        assert read_at_most(grown, bound) == data[: bound + 1]
    with stale.open("rb") as same:
        assert read_at_most(same, bound) == b"- {}\n"


def test_a_huge_integer_is_refused_not_crashed_on(cli, tmp_path):
    plan = tmp_path / "mini.yaml"
    plan.write_text(MINIMAL.replace("goal: 300", "goal: " + "9" * 5000), encoding="utf-8")
    code, [found] = check_json(cli, plan)
    assert (code, found["line"], found["code"]) == (1, 10, "bad-number")


@pytest.mark.parametrize("points_at", ["/etc/passwd", "/dev/zero", "inside"])
def test_a_plan_or_log_that_is_a_symbolic_link_is_refused(cli, plans_dir, points_at):
    """A link committed to a repository must not make CI echo a file from elsewhere on the machine."""
    shipped = plans_dir / f"{PLAN_ID}.yaml"
    target = shipped if points_at == "inside" else Path(points_at)
    link = plans_dir / "linked.yaml"
    link.symlink_to(target)
    log_link = plans_dir / f"{PLAN_ID}.progress.yaml"
    log_link.unlink()
    log_link.symlink_to(target)

    code, found = check_json(cli, plans_dir)

    assert code == 2
    assert {(Path(d["file"]).name, d["code"]) for d in found} == {
        ("linked.yaml", "symbolic-link"),
        (f"{PLAN_ID}.progress.yaml", "symbolic-link"),
    }


def test_a_pipe_is_refused_without_waiting_for_a_writer(cli, tmp_path):
    fifo = tmp_path / "mini.yaml"
    os.mkfifo(fifo)
    code, [found] = check_json(cli, fifo)
    assert (code, found["code"]) == (2, "not-a-file")


TARGET = "{id: canteens, name: 长者食堂, kind: count, unit: 家, goal: 300}"


@pytest.mark.parametrize(
    ("old", "new", "spot", "says"),
    [
        (
            TARGET,
            TARGET.replace("300", ".nan"),
            (10, "bad-value"),
            "goal: NaN (not a number) is not a figure",
        ),
        (TARGET, TARGET.replace("300", "-.inf"), (10, "bad-value"), "goal: an infinity is not a figure"),
        (TARGET, TARGET.replace("300", "1.0e+999"), (10, "bad-value"), "an infinity is not a figure"),
        (TARGET, TARGET.replace("300", "1" + "0" * 400), (10, "bad-value"), "at most 10^15"),
        (
            TARGET,
            TARGET.replace("300", "[.nan, 5], comparison: range"),
            (10, "bad-value"),
            "goal: NaN (not a number) is not a figure",
        ),
        (
            TARGET,
            TARGET.replace("}", ", milestones: [{by: 2022-07-31, value: .inf}]}"),
            (10, "bad-value"),
            "milestones[0].value: an infinity is not a figure",
        ),
        (TARGET, TARGET.replace("}", ", baseline: .NaN}"), (10, "bad-value"), "baseline: NaN"),
        ("start: 2022-05-01", "start: 2022-02-30", (5, "bad-date"), "2022-02-30 is not a real date"),
        (
            "start: 2022-05-01",
            'start: "2022-02-30"',
            (5, "bad-value"),
            "'2022-02-30' is not a real date (2022-02 has 28 days)",
        ),
        ("start: 2022-05-01", "start: 2022-05-01 10:30:00", (5, "bad-value"), "zero time"),
        (
            "start: 2022-05-01, end: 2022-12-31",
            "start: 2022-12-31, end: 2022-05-01",
            (5, "reversed-period"),
            "",
        ),
        ("id: mini", "id: ../../etc/passwd", (2, "bad-value"), "'../../etc/passwd' is not an id"),
        ("id: mini", "id: /etc/cron.d/job", (2, "bad-value"), "'/etc/cron.d/job' is not an id"),
    ],
)
def test_values_a_plan_cannot_hold(cli, tmp_path, old, new, spot, says):
    plan = tmp_path / "mini.yaml"
    assert old in MINIMAL
    plan.write_text(MINIMAL.replace(old, new), encoding="utf-8")
    code, found = check_json(cli, plan)
    assert code == 1
    assert (found[0]["line"], found[0]["code"]) == spot
    assert says in found[0]["message"]


def test_the_largest_figures_do_not_overflow_status(cli, plans_dir):
    plan = plans_dir / "mini.yaml"
    big = TARGET.replace("300", "1000000000000000").replace(
        "}", ", milestones: [{by: 2022-06-01, value: 1.0e+15}]}"
    )
    plan.write_text(MINIMAL.replace(TARGET, big), encoding="utf-8")
    log = plans_dir / "mini.progress.yaml"
    entry = '{"date": "2022-05-02", "target": "canteens", "value": 1, "recorded": "2022-05-02T09:00:00Z"}'
    log.write_text(f"- {entry}\n", encoding="utf-8")
    assert cli("check").code == 0
    assert cli("status", "mini", "--as-of", "2022-12-31").code == 0
    assert cli("status", "mini", "--as-of", "2022-05-03", "--json").code == 0


def test_one_text_plain_quoted_or_tagged_is_read_each_time_as_written():
    # Each spelling is made into a value once a file: the same text as a key, plain, quoted or
    # tagged must still give each its own value, and a key read as a number is refused where it is.
    text = 'a: "1"\nb: 1\n"1": x\nc: [yes, "yes", !!str yes, 2022-05-01, "2022-05-01", 1]\n'
    doc = yamlio.parse(text, "t.yaml", max_nodes=100)
    day = dt.date(2022, 5, 1)
    assert doc.data == {"a": "1", "b": 1, "1": "x", "c": [True, "yes", "yes", day, "2022-05-01", 1]}
    assert type(doc.data["b"]) is int and doc.positions[("c", 2)] == (4, 17)
    with pytest.raises(RectifyError) as refused:
        yamlio.parse('"1": x\n1: y\n', "t.yaml", max_nodes=100)
    assert [(d.code, d.line, d.column) for d in refused.value.diagnostics] == [("bad-key", 2, 1)]


def test_a_plan_is_read_without_positions_until_a_problem_needs_them(tmp_path):
    # A valid plan needs no positions, so it is read first without them; a problem only its
    # lines can tell (an id written twice, not by an alias) has its place all the same.
    unplaced = yamlio.parse(MINIMAL, "mini.yaml", max_nodes=100, placed=False)
    assert unplaced.data == yamlio.parse(MINIMAL, "mini.yaml", max_nodes=100).data
    assert not unplaced.positions
    with pytest.raises(yamlio.Unplaced):
        unplaced.where(("problems", 0))
    plan = tmp_path / "mini.yaml"
    plan.write_text(MINIMAL + "      - {id: canteens, name: 又一个, kind: count, unit: 家, goal: 9}\n")
    with pytest.raises(RectifyError) as refused:
        load_plan(PlanFile(plan))
    assert [(d.code, d.line, d.column) for d in refused.value.diagnostics] == [
        ("duplicate-target-id", 11, 10)
    ]
