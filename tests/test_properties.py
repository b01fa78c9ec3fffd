"""Properties over generated input: nothing crashes check, status or log; what is appended is what is read
back; concurrent writers never lose or merge an entry."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import PLAN_ID, SHIPPED, exit_code, fork_rectify
from zibo_rectify.cli import app
from zibo_rectify.log import read_log

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PLAN = {
    "schema_version": 1,
    "id": "mini",
    "title": "测试方案",
    "issuer": "测试局",
    "period": {"start": dt.date(2022, 5, 1), "end": dt.date(2022, 12, 31)},
    "problems": [
        {
            "id": "p1",
            "title": "问题一",
            "targets": [
                {
                    "id": "canteens",
                    "name": "长者食堂",
                    "kind": "count",
                    "goal": 300,
                    "milestones": [{"by": dt.date(2022, 7, 31), "value": 120}],
                }
            ],
        }
    ],
}


@contextmanager
def plans_folder() -> Iterator[Path]:
    """A fresh copy of the shipped plans (hypothesis runs many examples in one test call)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plans"
        shutil.copytree(SHIPPED, folder)
        yield folder


def invoke(folder: Path, *args: str) -> tuple[int, str]:
    """Run rectify in-process; an exception (a traceback for a user) fails the test."""
    result = CliRunner().invoke(app, ["--plans", str(folder), *args], env={"NO_COLOR": "1"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def read_everything(folder: Path) -> None:
    """check, status and log on a folder: each exits 0, 1 or 2, and its JSON is valid JSON."""
    code, out = invoke(folder, "check", "--format", "json")
    assert code in (0, 1, 2)
    json.loads(out)
    for command in (["status", "--as-of", "2022-08-01", "--json"], ["log", "--json"], ["status"], ["log"]):
        code, out = invoke(folder, *command)
        assert code in (0, 2)
        if code == 0 and "--json" in command:
            json.loads(out)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**300, max_value=10**400)
    | st.floats()
    | st.text(max_size=30)
    | st.dates()
    | st.datetimes()
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
raw_files = st.binary(max_size=3000) | st.text(max_size=3000).map(
    lambda t: t.encode("utf-8", "surrogatepass")
)


def _dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass")


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _leaves(value, (*path, key))] + [path]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in _leaves(value, (*path, i))] + [path]
    return [path]


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _replaced(data[path[0]], path[1:], value)
    return copy


@SETTINGS
@given(raw=raw_files)
def test_any_bytes_as_a_plan_or_a_log_never_crash(raw: bytes) -> None:
    with plans_folder() as folder:
        (folder / "mini.yaml").write_bytes(raw)
        code, _ = invoke(folder, "check", str(folder / "mini.yaml"))
        assert code in (1, 2)
        (folder / "mini.yaml").unlink()
        (folder / f"{PLAN_ID}.progress.yaml").write_bytes(raw)
        read_everything(folder)


@SETTINGS
@given(document=documents)
def test_any_yaml_document_as_a_plan_or_a_log_never_crashes(document: Any) -> None:
    with plans_folder() as folder:
        (folder / "mini.yaml").write_bytes(_dump(document))
        (folder / f"{PLAN_ID}.progress.yaml").write_bytes(_dump(document))
        read_everything(folder)


@SETTINGS
@given(data=st.data(), value=documents)
def test_a_valid_plan_with_any_one_value_replaced_never_crashes(data: st.DataObject, value: Any) -> None:
    path = data.draw(st.sampled_from(_leaves(PLAN)))
    with plans_folder() as folder:
        (folder / "mini.yaml").write_bytes(_dump(_replaced(PLAN, path, value)))
        read_everything(folder)


entry_values = st.fixed_dictionaries(
    {"date": st.dates().map(str) | scalars, "target": st.sampled_from(["canteens", "care-rate"]) | scalars},
    optional={
        "value": st.integers(-5, 400) | scalars,
        "done": scalars,
        "correction": scalars,
        "note": scalars,
        "recorded": st.just("2022-08-01T09:00:00+08:00") | scalars,
        "extra": scalars,
    },
)


@SETTINGS
@given(entries=st.lists(entry_values, max_size=12), yaml_lines=st.booleans())
def test_any_log_lines_never_crash(entries: list[dict[str, Any]], yaml_lines: bool) -> None:
    def line(entry: dict[str, Any]) -> str:
        if yaml_lines:
            return (
                "- " + yaml.safe_dump(entry, default_flow_style=True, width=10**6, allow_unicode=True).strip()
            )
        return "- " + json.dumps(entry, default=str, ensure_ascii=False)

    with plans_folder() as folder:
        text = "".join(line(e) + "\n" for e in entries)
        (folder / f"{PLAN_ID}.progress.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
        read_everything(folder)


texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
steps = st.lists(
    st.tuples(
        st.sampled_from(["canteens", "care-rate", "low-income-rules"]),
        st.integers(0, 50),  # a count's increase; a rate is this plus a fraction
        st.integers(0, 99),
        st.dates(dt.date(2022, 5, 1), dt.date(2022, 12, 31)),
        texts,
        st.none() | texts.filter(bool),
        st.none() | texts,
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=15, deadline=None)
@given(steps=steps)
def test_what_is_appended_is_what_log_json_returns(steps: list[tuple[Any, ...]]) -> None:
    """Any sequence of valid updates round-trips: `log --json` gives back each field as recorded."""
    expected = []
    count = 0
    done = False
    for target, step, hundredths, day, note, by, evidence in sorted(steps, key=lambda s: s[3]):
        if target == "canteens":
            count += step
            value: Any = count
        elif target == "care-rate":
            value = round(min(step + hundredths / 100, 100), 2)
        elif done:
            continue
        else:
            done, value = True, None
        if any(
            e["date"] == str(day)
            and e["target"] == target
            and e["value"] == value
            and (e["note"], e["by"], e["evidence"]) == (note, by, evidence)
            for e in expected
        ):
            continue  # the same record typed twice is refused, not written again
        expected.append(
            {
                "date": str(day),
                "target": target,
                "value": value,
                "done": True if value is None else None,
                "note": note,
                "by": by,
                "evidence": evidence,
            }
        )

    with plans_folder() as folder:
        for want in expected:
            command = (
                ["done", want["target"]] if want["done"] else ["update", want["target"], str(want["value"])]
            )
            options = [f"--date={want['date']}", f"--note={want['note']}"]
            options += [f"--by={want['by']}"] * (want["by"] is not None)
            options += [f"--evidence={want['evidence']}"] * (want["evidence"] is not None)
            code, out = invoke(folder, *command, *options)
            assert code == 0, out
        code, out = invoke(folder, "log", "--json")
        assert code == 0
        fields = ("date", "target", "value", "done", "note", "by", "evidence")
        assert [{k: e[k] for k in fields} for e in json.loads(out)] == expected
        code, out = invoke(folder, "check", "--format", "json")
        # the same update twice in one second is the same line twice, which check points out
        assert {d["code"] for d in json.loads(out)} <= {
            "duplicate-entry",
            "late-entry",
        }  # typed today about 2022


@settings(max_examples=10, deadline=None)
@given(notes=st.lists(texts, min_size=2, max_size=12, unique=True))
def test_concurrent_writers_never_lose_or_merge_entries(notes: list[str]) -> None:
    """Each note written by its own process, all at once: each arrives once, on a line of its own."""
    with plans_folder() as folder:
        pids = [
            fork_rectify(folder, "update", "canteens", "7", "--date=2022-08-01", f"--note={n}") for n in notes
        ]
        assert [exit_code(pid) for pid in pids] == [0] * len(notes)
        log = read_log(folder / f"{PLAN_ID}.progress.yaml")
        assert log.problems == []
        assert sorted(e.note or "" for e in log.entries) == sorted(notes)
        assert invoke(folder, "check")[0] == 0
