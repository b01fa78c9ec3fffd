"""`check` on reviews (审核) as branches merged leave them: a figure accepted on one branch and sent
back on the other is an error at the later review; a review of a figure its plan does not require
reviewed changes nothing, and says so."""

from __future__ import annotations

import json
import re

from conftest import PLAN_ID

LOG = f"{PLAN_ID}.progress.yaml"
FIGURE = {"date": "2022-07-28", "target": "canteens", "value": 95, "recorded": "2022-07-28T10:00:00+08:00"}


def review(verdict: str, recorded: str) -> dict[str, object]:
    return {
        "date": "2022-07-29",
        "target": "canteens",
        "kind": "review",
        "verdict": verdict,
        "of_date": "2022-07-28",
        "of_recorded": "2022-07-28T10:00:00+08:00",
        "by": "督查科",
        "recorded": recorded,
    }


def write(plans_dir, *entries: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    lines = ["- " + json.dumps(e, ensure_ascii=False) + "\n" for e in entries]
    (plans_dir / LOG).write_text("".join(lines), encoding="utf-8")


def findings(result) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    said = result.out + result.err
    return [(int(n), kind) for n, kind in re.findall(rf"{re.escape(LOG)}:(\d+):1: (error|warning):", said)]


def test_an_accept_and_a_reject_of_one_figure_are_an_error_at_the_later(run, plans_dir):
    plan = plans_dir / f"{PLAN_ID}.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("schema_version: 1\n", "schema_version: 2\nreview: required\n", 1), encoding="utf-8"
    )
    write(
        plans_dir,
        FIGURE,
        review("accepted", "2022-07-29T09:00:00+08:00"),
        review("rejected", "2022-07-29T09:00:05+08:00"),
    )
    result = run("check")
    assert result.code == 1
    assert findings(result) == [(3, "error")]
    assert "this review says rejected of a figure that line 2 says accepted of" in " ".join(
        result.out.split()
    )


def test_a_review_on_a_plan_that_requires_none_is_a_warning(run, plans_dir):
    write(plans_dir, FIGURE, review("rejected", "2022-07-29T09:00:00+08:00"))
    result = run("check")
    assert result.code == 0
    assert findings(result) == [(2, "warning")]
    assert "figures of canteens need no review: this review changes nothing" in " ".join(result.out.split())
    marks = [row["mark"] for row in json.loads(run("log", "canteens", "--json").out)]
    assert marks == ["counts", "step"]  # the figure is not marked rejected: the review is ignored everywhere
