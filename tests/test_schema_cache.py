"""The entries' core schema kept between runs: the same checks as Pydantic's own, and safe to read."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from conftest import without_late
from zibo_rectify import schemacache
from zibo_rectify.log import EvidenceRef, ProgressEntry
from zibo_rectify.log import entry as log_entry
from zibo_rectify.log import read as log_read

CST = dt.timezone(dt.timedelta(hours=8))
BASE: dict[str, Any] = {
    "date": dt.date(2022, 7, 28),
    "target": "canteens",
    "recorded": dt.datetime(2022, 7, 28, 16, 2, 11, tzinfo=CST),
}
SHA = "ab" * 32
STAMP = "2022-08-01T09:00:00+08:00"

# What `rectify update`, `done`, `note` and the workflow make, and what they must refuse.
CASES: list[dict[str, Any]] = [
    {"value": 120, "by": "养老服务科", "note": "第二批验收"},
    {"value": 61.5, "correction": True},
    {"value": 20, "increment": 20},
    {"percent": 40, "expected": dt.date(2022, 9, 30)},
    {"done": True, "evidence": "淄民发〔2022〕12号"},
    {"note": "进展情况：已完成选址"},
    {"kind": "signoff", "by": "局长", "evidence_refs": (EvidenceRef(ref="a.pdf", sha256=SHA),)},
    {"kind": "review", "verdict": "rejected", "of_date": BASE["date"], "of_recorded": BASE["recorded"]},
    {"part": "zhangdian", "value": 30},
    # refused
    {"value": 1, "percent": 2},
    {},
    {"increment": 3},
    {"percent": 101},
    {"value": float("nan")},
    {"value": True},
    {"value": "120"},
    {"note": "bytes that were not UTF-8: \udcff"},
    {"kind": "review", "of_date": dt.date(2022, 7, 1), "of_recorded": BASE["recorded"]},
    {"kind": "withdraw"},
    {"value": 1, "recorded": dt.datetime(2022, 7, 28, 16, 2, 11)},  # no UTC offset
    {"value": 1, "date": "2022-13-01"},
    {"value": 1, "evidence_refs": ({"ref": "a.pdf", "sha256": "not a hash"},)},
    {"value": 1, "colour": "red"},
]


def outcome(make: Any, fields: dict[str, Any]) -> object:
    try:
        return make(**fields)
    except ValidationError as err:
        return [(e["type"], e["loc"], e["msg"]) for e in err.errors()]


def by_pydantic(**fields: Any) -> ProgressEntry:
    """The entry Pydantic makes of these fields with a schema it builds now."""
    made: ProgressEntry = TypeAdapter(ProgressEntry).validate_python(fields)
    return made


@pytest.mark.parametrize("fields", CASES, ids=range(len(CASES)))
def test_an_entry_made_from_the_kept_schema_is_the_one_pydantic_makes(fields: dict[str, Any]):
    made = outcome(log_entry.new_entry, BASE | fields)
    assert made == outcome(by_pydantic, BASE | fields)
    if isinstance(made, ProgressEntry):
        assert type(made) is ProgressEntry
        assert log_entry.changed(made, note="改") == outcome(by_pydantic, {**BASE, **fields, "note": "改"})
        shown = log_entry.entry_data(made)
        assert shown == TypeAdapter(ProgressEntry).dump_python(made, mode="json")


@pytest.mark.parametrize("cls", [ProgressEntry, EvidenceRef])
def test_the_schemas_taken_from_the_entries_schema_are_the_classes_own(cls: type):
    own = TypeAdapter(cls).core_schema

    def shown(schema: Any) -> str:
        """Its repr without addresses: functions' and, in a plain dataclass's ref, the class's id."""
        return re.sub(r"( at 0x[0-9a-f]+|:[0-9]+(?='))", "", repr(schema))

    assert shown(log_entry._within(cls)) == shown(own)


def test_an_evidence_reference_is_checked_as_the_class_checks_it():
    assert log_entry.new_evidence_ref("a.pdf", SHA) == EvidenceRef(ref="a.pdf", sha256=SHA)
    with pytest.raises(ValidationError):
        log_entry.new_evidence_ref("a.pdf", "short")


def kept(cache: Path) -> list[Path]:
    return sorted((cache / "rectify" / "schemas").glob("*.pickle"))


def fresh_schema() -> Any:
    """The entries' schema as a new process finds it."""
    log_read.forget_schema()
    return log_entry._entries_schema()


def test_the_schema_is_kept_once_and_read_back_as_pydantic_built_it(own_cache: Path):
    built = fresh_schema()
    [file] = kept(own_cache)
    read = fresh_schema()
    assert read is not built
    classes = schemacache.Names([ProgressEntry, EvidenceRef, log_entry.figure])
    assert schemacache._dumps(read, classes) is None  # it names the checks too
    names = schemacache.Names(
        [
            ProgressEntry,
            EvidenceRef,
            log_entry._one_figure,
            log_entry.text_check,
            log_entry.percent_range,
            log_entry.figure,
        ]
    )
    assert schemacache._dumps(read, names) == schemacache._dumps(built, names) == file.read_bytes()
    assert kept(own_cache) == [file]


def test_a_damaged_schema_is_built_again_and_replaced(own_cache: Path):
    fresh_schema()
    [file] = kept(own_cache)
    whole = file.read_bytes()
    file.write_bytes(whole[: len(whole) // 2])
    assert fresh_schema()["type"] == "list"
    assert file.read_bytes() == whole


class Planted:
    """Stands for any object a foreign pickle might try to build."""

    def __reduce__(self) -> tuple[object, ...]:
        return (print, ("this must never run",))


def named(*pid: object) -> bytes:
    """A pickle of one object given by name, as `schemacache` writes them."""

    class Forger(pickle.Pickler):
        def persistent_id(self, obj: object) -> object:
            return pid if obj is Planted else None

    out = io.BytesIO()
    Forger(out).dump({"type": "list", "items_schema": Planted})
    return out.getvalue()


@pytest.mark.parametrize(
    "forged",
    [
        pickle.dumps({"type": "list", "items_schema": Planted()}),
        named("object", "os", "system", ()),  # a module not allowed
        named("object", "zibo_rectify.log.read", "os.system", ()),  # a module reached through one
        named("object", "zibo_rectify.log.read", "read_log", ()),  # a function not among the checks
        named("object", "pydantic._internal._validators", "os.system", ()),
        named("object", "pydantic._internal._validators", "Any", ()),  # not a function defined there
        named("call", "zibo_rectify.log.read", "ProgressEntry", ()),
        named("partial", "zibo_rectify.model.plan", "figure", (("value", ["a", "list"]),)),
    ],
)
def test_a_schema_file_naming_anything_else_is_refused_and_built_again(own_cache: Path, forged, capsys):
    fresh_schema()
    [file] = kept(own_cache)
    whole = file.read_bytes()
    file.write_bytes(forged)
    assert fresh_schema()["type"] == "list"
    assert "must never run" not in capsys.readouterr().out
    assert file.read_bytes() == whole


def test_a_schema_naming_an_object_that_cannot_be_found_by_name_is_not_kept(own_cache: Path):
    def build() -> dict[str, Any]:
        return {"type": "function-plain", "function": {"type": "no-info", "function": lambda v: v}}

    assert schemacache.schema("odd", build, schemacache.Names([build]))["type"] == "function-plain"
    assert kept(own_cache) == []
    bound = functools.partial(log_entry.figure, 1)  # a partial with arguments: not named
    assert schemacache._name(bound, schemacache.Names([log_entry.figure])) is None
    assert schemacache._name(log_read.read_log, schemacache.Names([log_entry.figure])) is None


def test_without_a_cache_the_schema_is_built_each_time(own_cache: Path, monkeypatch):
    monkeypatch.setenv("RECTIFY_NO_CACHE", "1")
    assert fresh_schema()["type"] == "list"
    assert not (own_cache / "rectify" / "schemas").exists()


def test_the_unpickler_reads_only_names_it_was_allowed():
    data = schemacache._dumps({"f": log_entry.figure}, schemacache.Names([log_entry.figure]))
    assert data is not None
    read = schemacache._Unpickler(io.BytesIO(data), schemacache.Names([log_entry.figure])).load()
    assert read == {"f": log_entry.figure}
    with pytest.raises(pickle.UnpicklingError):
        schemacache._Unpickler(io.BytesIO(data), schemacache.Names([log_read.read_log])).load()


def test_check_reads_no_kept_schema_so_a_planted_one_cannot_make_it_pass(cli, plans_dir: Path, own_cache):
    """As with plans, a restored CI cache must not decide what `check`, the CI gate, accepts."""
    log_read.forget_schema()  # as a fresh process starts
    assert cli("update", "canteens", "120", "--date", "2022-07-31").code == 0  # keeps the schema
    [file] = kept(own_cache)
    planted = pickle.dumps({"type": "list", "items_schema": {"type": "any"}})  # takes anything
    file.write_bytes(planted)
    log = plans_dir / "zibo-minzheng-2022.progress.yaml"
    with log.open("a", encoding="utf-8") as out:
        out.write(
            f'- {{"date": "2022-08-01", "target": "canteens", "percent": 500, "recorded": "{STAMP}"}}\n'
        )
    lines = len(log.read_text(encoding="utf-8").splitlines())
    log_read.forget_schema()  # as a fresh process starts
    result = cli("check", "--format", "json")
    assert result.code == 1
    assert [(d["line"], d["code"]) for d in without_late(json.loads(result.out))] == [(lines, "bad-value")]
    assert file.read_bytes() != planted  # built by check, and kept again in its place
