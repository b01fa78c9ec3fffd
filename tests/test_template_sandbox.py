"""`report --template` fills an office's .docx as data: a tag that reaches for Python (an attribute
beginning with `_`, a method that changes a value) is refused before anything runs or is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

PAYLOAD = "{{ cycler.__init__.__globals__.os.system('touch {marker}') }}"


def _template(folder: Path, *paragraphs: str) -> Path:
    path = folder / "模板.docx"
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


@pytest.mark.parametrize(
    "tag",
    [
        PAYLOAD,
        "{{ cycler['__init__'] }}",
        "{{ (cycler | attr('_' ~ '_init__')) }}",
        "{% if false %}{{ lipsum.__globals__ }}{% endif %}",  # refused though it would never run
        "{{ plans.append(1) }}",  # the sandbox is immutable: a template changes nothing
    ],
)
def test_a_template_that_reaches_for_code_is_refused_and_runs_nothing(run, tmp_path, tag):
    marker = tmp_path / "ran"
    out = tmp_path / "out.docx"
    template = _template(tmp_path, "{{ plans[0].title }}", tag.replace("{marker}", str(marker)))
    result = run("report", "--lang", "en", "--format", "docx", "--template", str(template), "-o", str(out))
    assert result.code == 2
    assert "tries what a template may not do" in " ".join(result.err.split())
    assert "internal error" not in result.err
    assert not marker.exists() and not out.exists()


def test_a_plain_template_still_renders_in_the_sandbox(run, tmp_path):
    out = tmp_path / "out.docx"
    template = _template(tmp_path, "{% for p in plans %}{{ p.title }} {{ p.as_of }}{% endfor %}")
    assert run("report", "--format", "docx", "--template", str(template), "-o", str(out)).code == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "市民政局2022年被评议部门重点问题整改方案" in text
