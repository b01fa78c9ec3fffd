"""Every JSON rectify prints is byte for byte what `json.dumps(indent=2)` prints, written faster.

Python's JSON encoder runs in C only without an indent; rectify writes indented
JSON with pydantic-core's encoder and falls back to json.dumps where the two
would differ.  These tests hold the bytes equal on generated values and count
which encoder did the work; none times anything.
"""

from __future__ import annotations

import json
import math
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import PLAN_ID
from zibo_rectify.safetext import encode_json, json_dumps, json_number, json_utf8

FLOATS_THAT_DIFFER = [1e16, 1e-05, 1.5e-07, 9.9999e-05, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, -0.0]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(FLOATS_THAT_DIFFER)
    | st.text()
    | st.text(alphabet='长者食堂 \\"/\x00\x1f\x7f\u2028\u202e\U0001f600e+-0123456789.')
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)


def reference(value: Any, indent: int | None) -> bytes:
    """json.dumps's text in UTF-8; a lone surrogate it keeps as Python's "surrogatepass" encodes it."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=500)
@given(json_values)
@example([])
@example({})
@example({"a": [], "b": {}, "c": [[]], "d": [{}]})
@example(FLOATS_THAT_DIFFER)
@example({"note": "长者食堂 1e-05 0.0000 NaN Infinity", "value": 120})
@example(["\ud800", "lone surrogate"])
def test_indented_json_is_json_dumps_byte_for_byte(value: Any) -> None:
    assert encode_json(value, 2) == reference(value, 2)
    assert encode_json(value) == reference(value, None)


@settings(max_examples=300)
@given(json_values)
@example({"note": "长者食堂\u2028\u202e\x7f", "other": ["ok", "\U000f0000 😀", "\xa0\u3000"]})
@example(["\ud800", "lone surrogate"])
def test_written_json_is_the_encoders_unless_a_character_is_unsafe(value: Any) -> None:
    """Only the characters outside printable ASCII are looked at (in UTF-8), not the whole text:
    the text is the encoder's as it is when none is unsafe, and otherwise those are escaped,
    which leaves every value unchanged."""

    def inert(text: str) -> bool:  # printable, or a space (U+00A0, U+3000 …), but for the line breaks
        return all(c.isprintable() or unicodedata.category(c) == "Zs" for c in text if c != "\n")

    for indent in (2, None):
        text = json_dumps(value, indent)
        assert json_utf8(value, indent) == text.encode("utf-8")
        assert inert(text)
        assert json.loads(text) == value
        plain = reference(value, indent).decode("utf-8", "surrogatepass")
        assert (text == plain) == inert(plain)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, {"a": [1, math.nan]}])
def test_nan_and_infinity_are_refused_as_json_dumps_refuses_them(value: Any) -> None:
    with pytest.raises(ValueError):
        encode_json(value, 2)


def test_a_float_that_pydantic_writes_otherwise_goes_to_json_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_json_dumps(monkeypatch)
    assert json_dumps({"value": 1.5e-05}, indent=2) == '{\n  "value": 1.5e-05\n}'
    assert calls == [2]
    written = json_dumps({"value": 1.5, "note": "长者食堂"}, indent=2)
    assert written == '{\n  "value": 1.5,\n  "note": "长者食堂"\n}'
    assert calls == [2]  # the second was written without it
    written = json_dumps({"value": 1.5, "note": "Infinite Nights"}, indent=2)  # capitals, not the words
    assert written == '{\n  "value": 1.5,\n  "note": "Infinite Nights"\n}'
    assert calls == [2]
    assert json_dumps({"note": "NaN or Infinity"}, indent=2) == '{\n  "note": "NaN or Infinity"\n}'
    assert calls == [2, 2]


def count_json_dumps(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The indent of every call of json.dumps from now on."""
    calls: list[int | None] = []
    real = json.dumps

    def counted(value: Any, **options: Any) -> str:
        calls.append(options.get("indent"))
        return real(value, **options)

    monkeypatch.setattr(json, "dumps", counted)
    return calls


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--json", "--as-of", "2022-09-30"],
        ["status", "--json-array", "--as-of", "2022-09-30"],
        ["warnings", "--json", "--as-of", "2022-09-30"],
        ["due", "--json", "--as-of", "2022-09-30"],
        ["log", "--json"],
        ["check", "--format", "json"],
    ],
)
def test_the_json_views_never_use_the_pure_python_encoder(
    cli, plans_dir: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    assert (plans_dir / f"{PLAN_ID}.progress.yaml").exists()
    calls = count_json_dumps(monkeypatch)
    result = cli(*args)
    assert result.code in (0, 1)
    assert result.json() is not None
    assert [indent for indent in calls if indent is not None] == []


@given(
    st.none()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats()
    | st.sampled_from(FLOATS_THAT_DIFFER)
)
@example(120.0)
@example(0.1 + 0.2)
@example(156.92000000000002)
@example(2.9999999999)
def test_a_figure_is_written_rounded_to_nine_places_and_whole_as_an_integer(value: float | None) -> None:
    """A whole figure is not rounded at all (it has nothing to lose, and rounding is slow): the
    same figures come out as when every figure was rounded."""
    if value is None:
        assert json_number(value) is None
        return
    rounded = round(float(value), 9)
    expected = int(rounded) if rounded.is_integer() else rounded
    assert repr(json_number(value)) == repr(expected)
