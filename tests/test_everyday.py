"""Everyday use in both languages: options where people put them, Chinese throughout (Typer's own
words too), figures that look like slips, CI paths, completion, the pager and a first run."""

from __future__ import annotations

import json
import os
import pty
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import yaml

from conftest import PLAN_ID, ROOT, rectify_command
from zibo_rectify.cli import app
from zibo_rectify.schema import plan_schema

COMMANDS = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
ZH = {"RECTIFY_LANG": "zh"}
REPORTS = ("show", "report")  # their help names formats and libraries (docx, DuckDB): not checked here


def ascii_words(text: str, allowed: set[str]) -> list[str]:
    """The ASCII words of a text that are not ids, units, file names or command-line words."""
    text = re.sub(r"\S*/\S*", " ", text)  # paths and plan-id/target forms name files and ids
    words = re.findall(r"[A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9]", text)
    return sorted({w for w in words if w not in allowed and w.lower() not in allowed})


def vocabulary(plans_dir: Path) -> set[str]:
    """What may stay ASCII in Chinese output: the plan's ids, the command line's own words
    (command and option names, format and schema names, environment variables), file formats."""
    plan = yaml.safe_load((plans_dir / f"{PLAN_ID}.yaml").read_text(encoding="utf-8"))
    ids = {PLAN_ID} | {p["id"] for p in plan["problems"]}
    ids |= {t["id"] for p in plan["problems"] for t in p["targets"]}
    words = {
        "rectify",
        *COMMANDS,
        "help",
        "h",
        "zh",
        "en",
        "text",
        "json",
        "github",
        "plan",
        "log",
        "git",
        "shell",
    }
    group = typer.main.get_command(app)
    for command in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        for param in command.params:
            words |= {o.lstrip("-") for o in param.opts}
    words |= {"list", "breakdown"}  # the kinds of plan `init --kind` makes
    words |= {"md", "blue", "yellow", "red"}  # a format of `due`, the warning levels of --fail-on
    words |= {"RECTIFY_PLANS", "RECTIFY_LANG", "RECTIFY_BY", "RECTIFY_PAGER", "YAML", "JSON", "Schema"}
    words |= {"GitHub", "Actions", "union", "UTF-8", "YYYY-MM-DD", "plans", "yaml", "progress"}
    words |= {"xlsx"}  # the files form writes and collect reads
    ids |= {"zibo-minzheng-2023", "audit-2023"}  # the ids of the plans `init --help` makes
    return ids | {part for i in ids for part in i.split("-")} | words | file_words(plan_schema())


def file_words(schema: object) -> set[str]:
    """The words a plan file is written in: its keys and the values of its choices."""
    if isinstance(schema, dict):
        words = set(schema.get("properties", {})) | {v for v in schema.get("enum", []) if isinstance(v, str)}
        return words | {w for value in schema.values() for w in file_words(value)}
    if isinstance(schema, list):
        return {w for value in schema for w in file_words(value)}
    return set()


def test_no_english_in_chinese_status_log_check_update_errors_and_help(run, plans_dir, tmp_path):
    allowed = vocabulary(plans_dir)
    run("update", "canteens", "95", "--date", "2022-07-31", "--by", "养老服务科", "--note", "第一批验收")
    outputs = {
        "status": run("status", "--as-of", "2022-08-01", env=ZH),
        "log": run("log", env=ZH),
        "targets": run("targets", env=ZH),
    }
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "schema_version: 1\nid: broken\ntitle: 甲\nissuer: 乙\nperiod: {start: 2022-05-01, end: 2022-12-31}\n"
        "problems:\n  - id: p\n    title: 问题\n    targets:\n"
        "      - {id: a, name: 任务甲, kind: counts, goal: 3}\n"
        "      - {id: b, name: 任务乙, kind: task, deadline: 2022-06-30}\n"
        "      - {id: c, name: 任务丙, kind: count, goal: 5, milestones: [{by: 2023-01-31, value: 2}]}\n",
        encoding="utf-8",
    )
    outputs["check"] = run("check", str(broken), env=ZH)
    assert outputs["check"].code == 1
    for args in (
        ["update", "canteenz", "1"],
        ["update", "canteens", "abc"],
        ["update", "canteens", "1", "--date", "2022-13-01"],
        ["update", "canteens", "1", "--bogus"],
        ["update"],
        ["done", "canteens"],
        ["update", "care-rate", "130", "--date", "2022-08-01"],
        ["status", "--state", "later"],
        ["statsu"],
    ):
        result = run(*args, env=ZH)
        assert result.code == 2, (args, result.err)
        outputs[" ".join(args)] = result
        allowed |= {a.lstrip("-") for a in args if a.isascii()}  # what the user typed, quoted back
    for name in ["", *(c for c in COMMANDS if c not in REPORTS)]:
        outputs[f"{name} --help"] = run(*name.split(), "--help", env={**ZH, "COLUMNS": "120"})
    allowed |= set(re.findall(r"[A-Za-z][\w-]*", broken.read_text(encoding="utf-8")))  # its own words
    found = {what: ascii_words(r.out + r.err, allowed) for what, r in outputs.items()}
    assert {what: words for what, words in found.items() if words} == {}


def test_chinese_names_and_states_are_typed_like_ids(run):
    assert run("update", "长者食堂", "95", "--date", "2022-07-31").code == 0
    result = run("status", "--as-of", "2022-08-01", "--state", "滞后,逾期", "--json", env=ZH)
    assert result.code == 0, result.err
    assert {t["state"] for t in result.json()["targets"]} == {"behind", "overdue"}
    repeated = run("status", "--as-of", "2022-08-01", "--state", "behind", "--state", "overdue", "--json")
    ids = [(t["id"], t["state"]) for t in result.json()["targets"]]
    # compared by id and state: the warnings' reasons are written in the language asked for
    assert [(t["id"], t["state"]) for t in repeated.json()["targets"]] == ids


def test_global_options_work_after_the_command(run, plans_dir, tmp_path):
    chinese = run("status", "--as-of", "2022-08-01", "--lang", "zh")
    assert chinese.code == 0 and "完成率" in chinese.out
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("status", "--json", "--plans", str(plans_dir), env={"RECTIFY_PLANS": str(elsewhere)})
    assert result.code == 0 and result.json()["plan"] == PLAN_ID
    assert run("status", "--lang", "fr").code == 2


def test_owner_on_status_and_log_and_log_until_and_by(run):
    run("update", "canteens", "95", "--date", "2022-07-31", "--by", "甲")
    run("update", "canteens", "130", "--date", "2022-08-15", "--by", "乙")
    run("done", "low-income-rules", "--date", "2022-06-20", "--by", "甲")
    owned = run("status", "--as-of", "2022-08-01", "--owner", "养老服务科", "--json").json()
    assert {t["problem"] for t in owned["targets"]} == {"elderly-care"}
    supporting = run("status", "--owner", "市城市管理局", "--json").json()
    assert [t["id"] for t in supporting["targets"]] == ["facility-rules"]
    entries = run("log", "--owner", "养老服务科", "--json").json()
    assert [e["value"] for e in entries] == [95, 130]
    entries = run("log", "--until", "2022-07-31", "--by", "甲", "--json").json()
    assert [e["target"] for e in entries] == ["low-income-rules", "canteens"]


def test_problem_over_several_plans_applies_to_the_plans_that_have_it(run, plans_dir):
    other = (plans_dir / f"{PLAN_ID}.yaml").read_text(encoding="utf-8")
    other = other.replace("id: elderly-care", "id: elder-services").replace(
        f"id: {PLAN_ID}", "id: other-plan"
    )
    (plans_dir / "other-plan.yaml").write_text(other, encoding="utf-8")
    result = run("status", "--problem", "elderly-care", "--json")
    assert result.code == 0, result.err
    assert [(p["plan"], len(p["targets"])) for p in result.json()] == [(PLAN_ID, 6)]
    missing = run("status", "--problem", "nowhere")
    assert missing.code == 2 and "nowhere" in missing.err


def test_quiet_update_and_done_print_nothing_and_record(run, plans_dir):
    update = run("update", "canteens", "95", "--date", "2022-07-31", "--quiet")
    assert update.code == 0 and update.out == "" and update.err == ""
    done = run("done", "low-income-rules", "--date", "2022-06-20", "-q")
    assert done.code == 0 and done.out == "" and done.err == ""
    assert [e["target"] for e in run("log", "--json").json()] == ["low-income-rules", "canteens"]


def test_help_shows_no_python_types_and_dates_as_date(run):
    for name in COMMANDS:
        out = run(name, "--help", env={"COLUMNS": "120"}).out
        assert "<bool>" not in out and "<str>" not in out and "<" not in out, name
    status = run("status", "--help", env={"COLUMNS": "120"}).out
    assert re.search(r"--as-of\s+DATE", status)
    assert re.search(r"--as-of\s+日期", run("status", "--help", env={**ZH, "COLUMNS": "120"}).out)


def test_typer_and_click_speak_chinese(run):
    result = run("status", "--bogus", env=ZH)
    assert result.code == 2
    assert "用法：rectify status [选项] [方案]" in result.err
    assert "查看帮助：rectify status -h" in result.err and "错误" in result.err
    assert "没有选项 --bogus" in result.err
    missing = run("update", env=ZH)
    assert "缺少'任务'" in missing.err or "缺少 '任务'" in missing.err
    assert "显示本帮助并退出。" in run("--help", env=ZH).out


def test_a_rate_typed_as_a_fraction_is_recorded_with_a_warning(run):
    result = run("update", "care-rate", "0.58", "--date", "2022-08-01")
    assert result.code == 0
    assert "warning: 0.58 reads as 0.58%; did you mean 58%?" in result.err
    assert run("log", "--json").json()[0]["value"] == 0.58
    zh = run("update", "care-rate", "0.6", "--date", "2022-08-02", env=ZH)
    assert "警告：0.6 将记为 0.6%；您是不是要填 60%？" in zh.err


def test_a_rate_typed_as_a_fraction_is_asked_about_on_a_terminal(plans_dir):
    env = {**os.environ, "RECTIFY_PLANS": str(plans_dir), "NO_COLOR": "1"}
    command = [*rectify_command(), "update", "care-rate", "0.58", "--date", "2022-08-01"]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(command[0], command, env)
    seen = b""
    while b"[y/N]" not in seen:
        seen += os.read(fd, 1024)
    os.write(fd, b"n\n")
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    __, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2
    assert b"did you mean 58%?" in seen and b"nothing was recorded" in seen
    assert "care-rate" not in (plans_dir / f"{PLAN_ID}.progress.yaml").read_text(encoding="utf-8")


def test_figures_far_beyond_the_plan_are_recorded_with_a_warning(run):
    path = run("update", "canteens", "300", "--date", "2022-07-31")  # the path expects 120
    assert path.code == 0
    assert "300 is more than twice the planned figure for 2022-07-31 (120)" in path.err
    goal = run("update", "canteens", "460", "--date", "2022-12-31")  # the goal is 300
    assert goal.code == 0 and "460 is more than the goal (300) by over half" in goal.err
    plain = run("update", "beds", "1500", "--date", "2022-06-30")
    assert plain.code == 0 and plain.err == ""
    assert [e["value"] for e in run("log", "--json").json()] == [1500, 300, 460]


def test_github_annotations_name_files_relative_to_the_workspace(run, tmp_path):
    folder = tmp_path / "repo" / "plans"
    folder.mkdir(parents=True)
    plan = folder / "bad.yaml"
    plan.write_text("schema_version: 1\nid: bad\ntitle: 甲\n", encoding="utf-8")
    result = run("check", str(plan), "--format", "github", env={"GITHUB_WORKSPACE": str(tmp_path / "repo")})
    assert result.code == 1
    assert result.out.startswith("::error file=plans/bad.yaml,line=")
    here = run("check", "plans/bad.yaml", "--format", "github", cwd=tmp_path / "repo")
    assert "file=plans/bad.yaml," in here.out


def test_a_schema_error_and_a_cross_field_error_in_one_run(cli, tmp_path):
    plan = tmp_path / "two.yaml"
    plan.write_text(
        "schema_version: 1\nid: two\ntitle: 甲\nissuer: 乙\nperiod: {start: 2022-05-01, end: 2022-12-31}\n"
        "problems:\n  - id: p\n    title: 问题\n    targets:\n"
        "      - id: a\n        name: 任务甲\n        kind: count\n        goal: 10\n"
        "        deadline: 2022-09-30\n        due: 2022-08-31\n"
        "        milestones: [{by: 2022-10-31, value: 5}]\n",
        encoding="utf-8",
    )
    found = json.loads(cli("check", str(plan), "--format", "json").out)
    assert {(d["line"], d["code"]) for d in found} == {(14, "unknown-field"), (16, "milestone-after-due")}
    assert next(d["fix"] for d in found if d["code"] == "unknown-field") == "did you mean 'due'?"


@pytest.mark.parametrize(
    ("field", "codes"),
    [
        ("titel: 甲\n", {"unknown-field", "missing-field"}),  # the title misspelt: two errors of its own
        ("title: ''\n", {"bad-value"}),
        ("title: 甲\nissuer: ''\n", {"bad-value"}),
        ("title: 甲\ndocument: {issued: 2022/05/01}\n", {"bad-value"}),
        ("title: 甲\ndocument: {addressees: ['']}\n", {"bad-value"}),
        ("title: 甲\nwarnings: {blue_days: -1}\n", {"bad-value"}),
    ],
)
def test_an_error_in_the_plans_own_fields_leaves_the_checks_across_fields_to_run(cli, tmp_path, field, codes):
    plan = tmp_path / "two.yaml"
    plan.write_text(
        f"schema_version: 2\nid: two\n{field}period: {{start: 2022-05-01, end: 2022-12-31}}\n"
        "problems:\n  - id: p\n    title: 问题\n    targets:\n"
        "      - {id: a, name: 任务甲, kind: count, goal: 10, due: 2022-08-31,"
        " milestones: [{by: 2022-07-31, value: 50}]}\n",
        encoding="utf-8",
    )
    result = cli("check", str(plan), "--format", "json")
    assert result.code == 1
    found = {d["code"] for d in json.loads(result.out)}
    assert found - codes == {"milestone-above-goal"}, found
    assert codes <= found


@pytest.mark.parametrize(
    ("key", "meant"), [("deadline", "due"), ("owner", "owners"), ("完成时限", "due"), ("目标值", "goal")]
)
def test_misspelt_keys_get_the_key_they_mean(cli, tmp_path, key, meant):
    plan = tmp_path / "keys.yaml"
    plan.write_text(
        "schema_version: 1\nid: keys\ntitle: 甲\nissuer: 乙\nperiod: {start: 2022-05-01, end: 2022-12-31}\n"
        "problems:\n  - id: p\n    title: 问题\n    targets:\n"
        f"      - {{id: a, name: 甲, kind: task, {key}: x}}\n",
        encoding="utf-8",
    )
    found = json.loads(cli("check", str(plan), "--format", "json").out)
    assert [d["fix"] for d in found if d["code"] == "unknown-field"] == [f"did you mean {meant!r}?"]


def test_an_unclosed_quote_is_reported_where_it_opens(cli, tmp_path):
    plan = tmp_path / "quote.yaml"
    plan.write_text('schema_version: 1\nid: quote\ntitle: "甲\nissuer: 乙\nproblems: []\n', encoding="utf-8")
    found = json.loads(cli("check", str(plan), "--format", "json").out)
    assert [(d["line"], d["column"]) for d in found] == [(3, 8)]


def test_init_writes_the_schemas_its_skeleton_points_at(tmp_path):
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("RECTIFY_PLANS", None)
    done = subprocess.run(
        [*rectify_command(), "init", "new-plan"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    first = (tmp_path / "plans" / "new-plan.yaml").read_text(encoding="utf-8").splitlines()[0]
    target = (tmp_path / "plans" / first.partition("$schema=")[2]).resolve()
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "rectify plan (整改方案)"
    assert (tmp_path / "schema" / "progress.schema.json").exists()


def complete(plans_dir: Path, line: str) -> list[tuple[str, str]]:
    """What zsh is offered for the last word of `line`: (value, description) pairs."""
    env = {
        **os.environ,
        "RECTIFY_PLANS": str(plans_dir),
        "_RECTIFY_COMPLETE": "complete_zsh",
        "_TYPER_COMPLETE_ARGS": line,
    }
    done = subprocess.run(rectify_command(), env=env, capture_output=True, text=True, timeout=60)
    pairs = re.findall(r'"((?:[^"\\]|\\.)*)":"((?:[^"\\]|\\.)*)"', done.stdout)
    return [(value.replace("\\", ""), description.replace("\\", "")) for value, description in pairs]


def test_completion_offers_what_each_command_takes_with_names(plans_dir):
    done = dict(complete(plans_dir, "rectify done "))
    assert "low-income-rules" in done and "canteens" not in done
    assert done["low-income-rules"] == "修订出台《淄博市最低生活保障管理办法》"
    update = dict(complete(plans_dir, "rectify update "))
    assert {"canteens", "care-rate", "长者食堂"} <= set(update) and "low-income-rules" not in update
    assert [v for v, __ in complete(plans_dir, "rectify status --state be")] == ["behind"]
    assert ("at-risk", "at_risk") in complete(plans_dir, "rectify status --state at")
    assert [v for v, __ in complete(plans_dir, "rectify status --problem eld")] == ["elderly-care"]
    assert "养老服务科" in dict(complete(plans_dir, "rectify log --owner 养"))
    assert [v for v, __ in complete(plans_dir, "rectify check --format g")] == ["github"]


def test_long_output_on_a_terminal_goes_through_the_pager(plans_dir, tmp_path):
    import fcntl
    import struct
    import termios

    paged = tmp_path / "paged.txt"
    base = {**os.environ, "RECTIFY_PLANS": str(plans_dir), "NO_COLOR": "1", "TERM": "xterm"}
    base.pop("COLUMNS", None)
    pager = tmp_path / "pager.py"  # a pager that keeps what it was given
    pager.write_text(f"import sys\nopen({str(paged)!r}, 'w').write(sys.stdin.read())\n", encoding="utf-8")
    base["RECTIFY_PAGER"] = f"{shlex.quote(sys.executable)} {shlex.quote(str(pager))}"

    def on_terminal(*args: str) -> bytes:
        pid, fd = pty.fork()
        if pid == 0:  # a terminal of 20 lines, 100 columns
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 20, 100, 0, 0))
            command = [*rectify_command(), *args]
            os.execvpe(command[0], command, base)
        out = b""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.waitpid(pid, 0)
        return out

    on_terminal("status", "--as-of", "2022-08-01")
    assert "长者食堂" in paged.read_text(encoding="utf-8")
    paged.unlink()
    straight = on_terminal("status", "--as-of", "2022-08-01", "--no-pager")
    assert not paged.exists() and "长者食堂".encode() in straight


def test_the_readme_first_command_shows_a_plan_a_newcomer_can_read(run):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"&& \.venv/bin/(rectify status [^\n]*)", readme)
    assert first is not None
    args = shlex.split(first.group(1))[1:]
    result = run(*args, env={"RECTIFY_PLANS": "", "COLUMNS": "100"}, cwd=ROOT)
    assert result.code == 0, result.err
    assert "21 targets: 7 on track, 1 overdue, 11 done, 2 met · completion 61.9%" in result.out
    assert "11 done, 2 met" in readme and "61.9%" in readme
    log = (ROOT / "examples" / "first-run" / "zibo-minzheng-2022-sample.progress.yaml").read_text(
        encoding="utf-8"
    )
    assert "MADE-UP FIGURES" in log.splitlines()[0] and "虚构" in log.splitlines()[0]
    shipped = (ROOT / "plans" / f"{PLAN_ID}.progress.yaml").read_text(encoding="utf-8")
    assert all(line.startswith("#") for line in shipped.splitlines())  # the real log stays empty
    assert (
        run(
            "check",
            "examples/first-run/zibo-minzheng-2022-sample.yaml",
            "examples/first-run/zibo-minzheng-2022-sample.progress.yaml",
            cwd=ROOT,
        ).code
        == 0
    )


def test_targets_lists_what_a_user_types(run):
    rows = run("targets", "--kind", "rate", env={"COLUMNS": "120"}).out.splitlines()
    listed = [line.split() for line in rows if line.strip()[:1].isdigit()]
    assert listed == [
        ["1", "特困供养失能半失能人员集中供养率", "care-rate", "rate", "60%", "2022-12-31", "社会救助科"],
        ["2", "社区养老服务设施配建率", "facility-rate", "rate", "100%", "2022-12-31", "养老服务科"],
    ]
    tasks = run("targets", "--problem", "elderly-care", "--kind", "事项", env={"COLUMNS": "200"}).out
    assert "facility-rules" in tasks and "canteens" not in tasks and "low-income-rules" not in tasks
    assert run("targets", "--kind", "widgets").code == 2


@pytest.mark.parametrize("width", [60, 80, 120])
def test_log_fits_a_narrow_screen_with_its_dates_whole(run, width):
    run(
        "update",
        "canteens",
        "95",
        "--date",
        "2022-05-31",
        "--note",
        "第一批验收，共计九十五家，均已挂牌运营",
        "--by",
        "养老服务科",
    )
    run("done", "low-income-rules", "--date", "2022-06-20", "--evidence", "淄民发〔2022〕12号")
    from rich.cells import cell_len

    out = run("log", env={"COLUMNS": str(width)}).out
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert re.search(r"^ \d+ +2022-05-31 ", out, re.M) and re.search(r"^ \d+ +2022-06-20 ", out, re.M)
    assert "canteens" in out and "low-income-rules" in out


def test_a_day_without_a_year_takes_the_plans_year_in_every_date_option(run):
    """`8月1日` in --as-of, --since, --until and --expected as in --date: the plans lie in 2022."""
    assert run("update", "canteens", "95", "--date", "7月31日", "--expected", "12月1日").code == 0
    status = run("status", "--as-of", "8月1日", "--json")
    assert status.code == 0, status.err
    assert status.json()["as_of"] == "2022-08-01"
    log = run("log", "--since", "7月1日", "--until", "2022.12.31", "--json")
    assert log.code == 0, log.err
    assert [(e["date"], e["expected"]) for e in log.json()] == [("2022-07-31", "2022-12-01")]
    assert run("log", "--since", "8月1日", "--json").json() == []


def test_a_day_without_a_year_is_refused_when_the_plans_span_two_years(run, plans_dir):
    text = (plans_dir / f"{PLAN_ID}.yaml").read_text(encoding="utf-8")
    later = text.replace(f"id: {PLAN_ID}", "id: next-year").replace("2022-", "2023-")
    (plans_dir / "next-year.yaml").write_text(later, encoding="utf-8")
    assert run("status", "--as-of", "2023-08-01").code == 0  # the second plan loads
    refused = run("status", "--as-of", "8月1日")
    assert refused.code == 2
    assert "'8月1日' has no year, and no single plan year to take it from" in refused.err
    assert run("status", "--as-of", "2023年8月1日").code == 0


@pytest.mark.parametrize(
    ("typed", "selected"),
    [
        ("滞后,逾期", {"behind", "overdue"}),
        ("滞后，逾期、已完成", {"behind", "overdue", "done"}),
        ("behind --state overdue", {"behind", "overdue"}),
        ("落后", {"behind"}),
        ("落后于序时进度", {"behind"}),
        ("超期", {"overdue"}),
        ("Not-Started", {"not_started"}),
        ("未填报", {"no_data"}),
        ("逾期完成", {"late"}),
        ("late", {"late"}),
        ("超额完成", {"exceeded"}),
        ("数据陈旧,长期未更新", {"stale"}),
        ("有风险", {"at_risk"}),
    ],
)
def test_state_words_as_offices_write_them(typed, selected):
    from zibo_rectify.choices import parse_states

    assert parse_states(typed.split(" --state ")) == selected


@pytest.mark.parametrize("typed", ["缓慢", "no-data-yet", "逾期了"])
def test_a_word_that_is_no_state_is_refused_with_the_states(typed):
    from zibo_rectify.choices import parse_states
    from zibo_rectify.errors import RectifyError

    with pytest.raises(RectifyError) as refused:
        parse_states([typed])
    assert refused.value.diagnostics[0].code == "bad-state"


def test_a_flag_the_table_prints_is_typed_as_printed(run, plans_dir):
    """逾期完成 in the state column: `--state 逾期完成` lists those targets."""
    assert run("done", "low-income-rules", "--date", "2022-07-05").code == 0  # due 06-30
    late = run("status", "--as-of", "2022-08-01", "--state", "逾期完成", "--json", env=ZH)
    assert late.code == 0, late.err
    assert [t["id"] for t in late.json()["targets"]] == ["low-income-rules"]
    table = run("status", "--as-of", "2022-08-01", "--state", "逾期完成", env=ZH)
    assert "逾期完成" in table.out


def test_a_problem_is_named_by_its_title_as_by_its_id(run, plans_dir):
    plan = yaml.safe_load((plans_dir / f"{PLAN_ID}.yaml").read_text(encoding="utf-8"))
    title = next(p["title"] for p in plan["problems"] if p["id"] == "elderly-care")
    by_id = run("status", "--as-of", "2022-08-01", "--problem", "elderly-care", "--json")
    by_title = run("status", "--as-of", "2022-08-01", "--problem", title, "--json", env=ZH)
    assert by_title.code == 0, by_title.err
    ids = [t["id"] for t in by_id.json()["targets"]]
    assert len(ids) == 6 and [t["id"] for t in by_title.json()["targets"]] == ids
    listed = run("targets", "--problem", title).out
    assert "canteens" in listed and "low-income-rules" not in listed


LISTINGS = [
    ("status", "--as-of", "2022-09-30"),
    ("status", "--as-of", "2022-09-30", "--ids"),
    ("log",),
    ("targets",),
    ("show", "canteens", "--as-of", "2022-09-30"),
    ("due", "--as-of", "2022-09-30"),
    ("warnings", "--as-of", "2022-09-30"),
    ("changes", "--since", "2022-06-01", "--as-of", "2022-09-30"),
    ("pending",),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [60, 100])
def test_every_listing_fits_the_width_of_a_pipe(run, lang, width):
    """Off a terminal each line is at most COLUMNS cells, with no trailing space, in every command
    that lists: the example's log has overdue, late and owed targets, so every listing has rows."""
    from rich.cells import cell_len

    example = str(ROOT / "examples" / "first-run")
    for args in LISTINGS:
        result = run("--plans", example, *args, env={"COLUMNS": str(width), "RECTIFY_LANG": lang})
        assert result.code == 0, (args, result.err)
        lines = result.out.splitlines()
        assert lines, args
        too_wide = [line for line in lines if cell_len(line) > width or line.endswith(" ")]
        assert too_wide == [], args
        if args[0] == "warnings":  # a warning wrapped goes on under its indent, below the heading
            assert len(lines) > 2 and all(line.startswith("  ") for line in lines[1:]), lines
