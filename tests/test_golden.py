"""Every example's Markdown and CSV report is the reviewed one (tests/golden/; regenerate with
`python tests/golden/make.py` after a deliberate change and review the diff)."""

from __future__ import annotations

from golden.make import HERE, outputs


def test_every_example_report_is_the_reviewed_one():
    made = dict(outputs())
    assert len(made) == 14
    for file, content in made.items():
        assert content == (HERE / file).read_bytes(), f"{file} differs: run python tests/golden/make.py"
