"""Every code the source can report is in docs/codes.md and named by a test that triggers it, and
the page names no code the source has lost.  Only a check that nothing is forgotten: the tests
that trigger each code and pin its message are the tables it points to."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

SOURCE = ROOT / "src" / "zibo_rectify"
KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
# Kebab-case strings of the source that are not codes: a role, a verdict, a git command, an
# encoding, a date format; and words that precede a message without being a code.
NOT_CODES = {"co-lead", "on-track", "rev-parse", "utf-8", "yyyy-mm-dd", "text", "json", "github", "decimal"}
# Codes the source builds from a part: what each can become.
BUILT = {
    "duplicate-{}-id": {"duplicate-problem-id", "duplicate-target-id"},
    "warning-{}": {"warning-blue", "warning-yellow", "warning-red"},
}


def _is_message(node: ast.AST) -> bool:
    """A message to a user: _("…"), _("…").format(…), or a variable holding one."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_message(node.func.value)
    if isinstance(node, ast.BinOp):
        return _is_message(node.left) or _is_message(node.right)
    return isinstance(node, ast.Name) and node.id in ("message", "where")


def source_codes() -> dict[str, set[str]]:
    """Each code, with the modules that report it: every kebab-case string, and every one-word
    string that comes right before a message."""
    found: dict[str, set[str]] = {}
    for path in SOURCE.rglob("*.py"):
        module = path.relative_to(SOURCE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEBAB.fullmatch(node.value):
                found.setdefault(node.value, set()).add(module)
            if isinstance(node, ast.JoinedStr):
                shape = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
                for code in BUILT.get(shape, ()):
                    found.setdefault(code, set()).add(module)
            items = (
                node.args if isinstance(node, ast.Call) else node.elts if isinstance(node, ast.Tuple) else []
            )
            for first, then in zip(items, items[1:], strict=False):
                if (
                    isinstance(first, ast.Constant)
                    and isinstance(first.value, str)
                    and re.fullmatch("[a-z]+", first.value)
                    and _is_message(then)
                ):
                    found.setdefault(first.value, set()).add(module)
    return {code: modules for code, modules in found.items() if code not in NOT_CODES}


def documented_codes() -> set[str]:
    page = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    return {
        code for row in re.findall(r"^\| (.+?) \|", page, re.M) for code in re.findall(r"`([a-z0-9-]+)`", row)
    }


def test_the_source_finds_the_codes_it_is_known_to_report():
    """The scan itself works: codes of each form, and no word that is not one."""
    codes = source_codes()
    assert {"late-entry", "ambiguous-entry", "tab", "confirm", "warning-red", "duplicate-target-id"} <= set(
        codes
    )
    assert not NOT_CODES & set(codes)
    assert len(codes) > 150


def test_every_code_is_documented_and_every_documented_code_exists():
    codes, documented = set(source_codes()), documented_codes()
    assert sorted(codes - documented) == [], "codes the source reports that docs/codes.md does not list"
    assert sorted(documented - codes) == [], "codes docs/codes.md lists that the source no longer has"


def test_every_code_is_named_by_a_test():
    tests = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (ROOT / "tests").glob("test_*.py")
        if path.name != Path(__file__).name
    )
    untested = [
        code for code in sorted(source_codes()) if not re.search(rf"[\"']{re.escape(code)}[\"']", tests)
    ]
    assert untested == [], "codes no test triggers and names"
