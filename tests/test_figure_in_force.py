"""Nothing is acknowledged that would not count: a figure that another figure of its day outweighs
at once (a lower one beside a higher, any beside a correction, a correction beside one stamped by
a clock that runs ahead) is refused when typed, saying which figure counts and what to do."""

from __future__ import annotations

import datetime as dt
import json

from conftest import PLAN_ID

LOG = f"{PLAN_ID}.progress.yaml"


def said(result) -> str:  # type: ignore[no-untyped-def]
    return " ".join((result.out + result.err).split())


def test_a_correction_outweighed_by_one_from_a_clock_an_hour_ahead_is_refused_with_a_way_out(run, plans_dir):
    ahead = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).replace(microsecond=0).isoformat()
    fields = {"date": "2022-07-28", "target": "canteens", "value": 90, "correction": True, "by": "张店区"}
    (plans_dir / LOG).write_text("- " + json.dumps({**fields, "recorded": ahead}, ensure_ascii=False) + "\n")
    before = (plans_dir / LOG).read_bytes()
    result = run("update", "canteens", "80", "--date", "2022-07-28", "--correction")
    assert result.code == 2
    assert "Recorded" not in result.out
    assert "a correction recorded at" in said(result) and "later than this computer's clock" in said(result)
    assert (plans_dir / LOG).read_bytes() == before
    assert run("retract", "1", "--reason", "时钟快了一小时", "--yes").code == 0
    assert run("update", "canteens", "80", "--date", "2022-07-28", "--correction").code == 0
    rows = json.loads(run("log", "canteens", "--json").out)
    assert {r["value"]: r["mark"] for r in rows if r["kind"] is None} == {90: "withdrawn", 80: "counts"}


def test_a_lower_rate_of_the_same_day_is_refused_unless_it_is_a_correction(run):
    assert run("update", "care-rate", "60", "--date", "2022-07-28").code == 0
    refused = run("update", "care-rate", "50", "--date", "2022-07-28")
    assert refused.code == 2
    assert "the highest figure of a day counts" in said(refused) and "--correction" in said(refused)
    assert run("update", "care-rate", "50", "--date", "2022-07-28", "--correction").code == 0
    beside = run("update", "care-rate", "55", "--date", "2022-07-28")
    assert beside.code == 2 and "is a correction, which counts over every other figure" in said(beside)
    rows = json.loads(run("log", "care-rate", "--json").out)
    assert [(r["value"], r["mark"]) for r in rows] == [(60, "superseded"), (50, "counts")]
