"""The Chinese interface is complete: every marked message has Chinese, and status reads in Chinese."""

from __future__ import annotations

import gettext
import re
import string

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import PLAN_ID, ROOT
from zibo_rectify import i18n

PACKAGE = ROOT / "src" / "zibo_rectify"
PO = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "rectify.po"
MO = PO.with_suffix(".mo")


KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def source_messages() -> set[str | tuple[str, ...]]:
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS)
    return {message for _file, _line, message, _comments, _context in found}


def catalog() -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    with PO.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def fields(text: str | tuple[str, ...]) -> set[str]:
    texts = text if isinstance(text, tuple) else (text,)
    return {name for t in texts for _, name, _, _ in string.Formatter().parse(t) if name is not None}


def translated(msgstr: str | tuple[str, ...] | None) -> bool:
    return bool(msgstr) and all(msgstr if isinstance(msgstr, tuple) else (msgstr,))


def test_every_message_in_the_code_has_chinese_and_the_catalog_has_nothing_else():
    messages, zh = source_messages(), catalog()
    assert sorted(map(str, (m for m in messages if not translated(zh.get(m))))) == []
    assert sorted(map(str, set(zh) - messages)) == []


def test_translations_keep_every_placeholder():
    for msgid, msgstr in catalog().items():
        assert fields(msgid) == fields(msgstr), msgid


def test_the_compiled_catalog_matches_the_source_catalog():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in catalog().items():
        if isinstance(msgid, tuple):
            assert isinstance(msgstr, tuple)
            assert [compiled.ngettext(msgid[0], msgid[1], n) for n in (1, 2)] == [msgstr[0], msgstr[0]]
        else:
            assert compiled.gettext(msgid) == msgstr


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["status", "--lang", "zh"], {}, "zh"),
        (["--lang=en", "status"], {"LANG": "zh_CN.UTF-8"}, "en"),
        ([], {"RECTIFY_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
        ([], {"LANG": "zh_CN.UTF-8"}, "zh"),
        ([], {"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ([], {}, "en"),
    ],
)
def test_the_language_comes_from_the_flag_then_the_environment_then_the_locale(argv, env, expected):
    assert i18n.choose(argv, env) == expected


STATES_ZH = [
    "未开始",
    "按序时推进",
    "滞后",
    "逾期",
    "未达标",
    "无数据",
]  # no figures past the first month: 未达标


def english_words(text: str, allowed: set[str]) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]", text) if w not in allowed]


def test_status_in_chinese_has_no_english_words_but_the_ids(run, plans_dir):
    run("update", "canteens", "95", "--date", "2022-07-31")
    result = run("status", "--as-of", "2022-08-01", env={"LANG": "zh_CN.UTF-8"})
    assert result.code == 0, result.err
    import yaml

    plan = yaml.safe_load((plans_dir / f"{PLAN_ID}.yaml").read_text(encoding="utf-8"))
    ids = {PLAN_ID} | {t["id"] for p in plan["problems"] for t in p["targets"]}
    ids |= {part for i in ids for part in i.split("-")}
    assert english_words(result.out, ids) == []
    for header in ("目标", "编号", "进度", "当前值 / 目标值", "完成时限", "状态", "阶段目标与说明"):
        assert header in result.out
    for state in STATES_ZH:
        assert state in result.out
    assert "完成率 0%" in result.out
    assert "✗ 7月31日前达到120家：实际为95家" in result.out


def test_english_when_asked_even_on_a_chinese_machine(run):
    result = run("--lang", "en", "status", "--as-of", "2022-08-01", env={"LANG": "zh_CN.UTF-8"})
    assert result.code == 0
    assert "Value / goal" in result.out and "overdue" in result.out
    assert re.search(r"[\u4e00-\u9fff]", result.out.replace("整改", ""))  # plan text stays as written
    assert "逾期" not in result.out and "按序时推进" not in result.out


def test_chinese_table_rows_line_up(run):
    from rich.cells import cell_len

    result = run("status", "--as-of", "2022-08-01", env={"LANG": "zh_CN.UTF-8", "COLUMNS": "160"})
    rows = [line for line in result.out.splitlines() if " 20" in line and "  " in line and "─" not in line]
    assert rows
    widths = {cell_len(line.rstrip()) for line in result.out.splitlines() if "─" in line}
    assert len(widths) >= 1 and max(widths) <= 160
    for line in rows:
        assert cell_len(line) <= 160


def test_errors_in_chinese(run):
    result = run("update", "canteenz", "120", "--date", "2022-08-01", env={"RECTIFY_LANG": "zh"})
    assert result.code == 2
    assert result.err.startswith("错误：")
    assert "您是不是要输入 canteens？" in result.err


def test_check_speaks_chinese_too(run, tmp_path):
    plan = tmp_path / "dup.yaml"
    plan.write_text("schema_version: 1\nid: dup\ntitle: 甲\ntitle: 乙\n", encoding="utf-8")
    result = run("check", str(plan), env={"RECTIFY_LANG": "zh"})
    assert result.code == 1
    assert "错误：键 'title' 出现了两次：第一次在第 3 行，又在第 4 行" in result.out
    assert "修改建议：请只保留一个；YAML 会悄悄只取最后一个" in result.out
    assert "发现 1 个问题（共检查 1 个文件）。" in result.out
