"""The HTML report in a real browser: headless Chromium, over the DevTools protocol."""

from __future__ import annotations

import re

import pytest

from browser import chromium, visit
from test_report import DAY, record_scenario

pytestmark = pytest.mark.skipif(
    chromium() is None, reason="Chromium is not installed (apt-get install chromium); .ci/run installs it"
)

CHARTS = """JSON.stringify({
  charts: document.querySelectorAll('svg.burnup').length,
  recorded: [...document.querySelectorAll('polyline.recorded')].map(p => p.points.numberOfItems),
  planned: [...document.querySelectorAll('polyline.planned')].map(p => p.points.numberOfItems),
  milestones: document.querySelectorAll('svg .milestone').length,
  sizes: [...document.querySelectorAll('svg.burnup')].map(s => s.getBoundingClientRect().width > 100 &&
                                                               s.getBoundingClientRect().height > 50),
  rows: document.querySelectorAll('tbody tr:not(.measure)').length,
  text: document.body.innerText.includes('250/300家'),
})"""


def test_the_html_report_opens_offline_without_errors_with_its_charts(cli, tmp_path):
    import json

    record_scenario(cli)
    page = tmp_path / "report.html"
    assert cli("report", "--as-of", DAY, "--format", "html", "-o", str(page)).code == 0
    seen = visit(page, CHARTS, tmp_path / "profile")
    assert seen.console_errors == []
    assert seen.requests == []
    found = json.loads(seen.found)
    assert found["charts"] == 4  # canteens, beds, the care rate and the facility rate
    assert found["planned"] == [2, 4]  # beds: start, goal; canteens: start, two milestones, goal
    assert max(found["recorded"]) >= 5 and found["milestones"] == 2
    assert all(found["sizes"]) and found["text"] and found["rows"] == 21
    assert seen.screenshot.startswith(b"\x89PNG")
    (tmp_path / "report.png").write_bytes(seen.screenshot)
    assert len(seen.screenshot) > 20_000  # a page with tables and charts, not a blank one
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", seen.pdf)
    assert boxes and {(round(float(w)), round(float(h))) for w, h in boxes} == {(842, 595)}  # A4 landscape


def test_the_browser_check_sees_a_request_and_an_error(tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text('<img src="http://127.0.0.1:9/x.png"><script>console.error("boom")</script>', "utf-8")
    seen = visit(page, "1", tmp_path / "profile")
    assert "http://127.0.0.1:9/x.png" in seen.requests
    assert any("boom" in e for e in seen.console_errors)
