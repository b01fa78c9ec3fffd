"""The source stays a size a maintainer can read: one module, one job, none over 700 lines."""

from __future__ import annotations

from conftest import ROOT

LONGEST = 700


def test_no_module_is_over_700_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in (ROOT / "src").rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST
    }
    assert long == {}
