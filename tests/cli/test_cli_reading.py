"""The command line as people read it (issue 12): `tracker status` fits 120 columns with project
names and words in the chosen language, an over-budget project says so, dates are accepted as
people type them, findings are never cut, `score` scores every project, `report` warns about a
month without records and refuses a folder that does not exist."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest

from cli.main import main as tracker_main
from cli.textable import display_width, wrap_text
from conftest import ROOT
from engine.status import compute_status
from presentation.findings_text import finding_message
from store.db import connection

OVER = "13043425P00429450052G"  # 城乡困难群众临时救助: 108% of its budget by November
OVER_NAME = "城乡困难群众临时救助"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def cli(capsys, county_demo):
    """`tracker …` in-process on the county demo: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = tracker_main([*args, "--db", str(county_demo)])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def widest(text: str) -> int:
    return max(display_width(line) for line in text.splitlines())


def column(out: str, header: str) -> list[str]:
    """The text of one column of a terminal table, a cell per row (wrapped lines joined), read
    by display position under `header`."""
    lines = out.splitlines()
    head = lines[0]
    start = display_width(head[: head.index(header)])
    cells: list[str] = []
    for line in lines[2:]:
        if not line.strip():
            break  # the blank line above the totals
        out_line, used = "", 0
        for ch in line:
            if used >= start:
                out_line += ch
            used += display_width(ch)
        rest = out_line.split("  ")[0] if header != head.split()[-1] else out_line
        rest = rest.strip()
        if line.startswith(" "):  # a wrapped line: it continues the cell above
            if rest and cells[-1][-1:].isascii() and rest[0].isascii():
                rest = " " + rest  # English was broken at a space
            cells[-1] += rest
        else:
            cells.append(rest)
    return cells


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_status_fits_120_columns_with_names_in_the_chosen_language(cli, county_demo, lang):
    code, out, err = cli("status", "--as-of", "2025-11-28", "--lang", lang)
    assert code == 0, err
    assert widest(out) <= 120
    with connection(county_demo, read_only=True) as con:
        projects = compute_status(con, dt.date(2025, 11, 28)).projects
    names = column(out, "项目名称" if lang == "zh" else "Project name")
    assert names == list(projects["name"])  # every name, whole (a long one wraps)
    states = set(column(out, "综合状态" if lang == "zh" else "State"))
    if lang == "zh":
        assert states <= {"▲ 红", "◆ 黄", "● 绿", "■ 蓝", "○ 未到节点"}
        assert "执行率" in out.splitlines()[0]
    else:
        assert states <= {"▲ red", "◆ yellow", "● green", "■ blue", "○ not due"}
        assert not CJK.search(out.splitlines()[0])  # headers in English
        assert "As of 2025-11-28, 62 projects" in out
    red = int((projects["colour"] == "red").sum())
    assert (f"红 {red}" if lang == "zh" else f"red {red}") in out.splitlines()[-1]


@pytest.mark.parametrize(("lang", "word"), [("zh", "✖ 超预算"), ("en", "✖ over")])
def test_status_flags_a_project_over_budget(cli, lang, word):
    code, out, _ = cli("status", "--project", OVER, "--lang", lang)
    assert code == 0
    assert OVER_NAME in out
    assert column(out, "支出预警" if lang == "zh" else "Warning") == [word]
    spent = column(out, "执行率" if lang == "zh" else "Spent")[0]
    assert float(spent.rstrip("%")) > 100
    assert ("超预算 1 个" if lang == "zh" else "over budget 1") in out
    code, out, _ = cli("status", "--format", "json")
    over = next(r for r in json.loads(out) if r["project_code"] == OVER)
    assert over["warning"] == "over" and over["forecast_pct"] == 100.0


def test_the_language_comes_from_the_environment_too(cli, monkeypatch):
    monkeypatch.setenv("TRACKER_LANG", "en")
    assert "Project name" in cli("status", "--project", OVER)[1]
    assert "项目名称" in cli("status", "--project", OVER, "--lang", "zh")[1]


@pytest.mark.parametrize(
    "typed", ["2025-9-30", "2025/09/30", "20250930", "2025.9.30", "2025年9月30日"]
)
def test_dates_as_people_type_them(cli, typed):
    expected = cli("status", "--as-of", "2025-09-30")[1]
    code, out, err = cli("status", "--as-of", typed)
    assert code == 0, err
    assert out == expected and "截至 2025-09-30" in out


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2025-02-30", "2025-02-30 不是有效日期"),
        ("2025-13-01", "2025-13-01 不是有效日期"),
        ("昨天", "日期 昨天 格式不对"),
        ("2025-09", "日期 2025-09 格式不对"),
    ],
)
def test_a_date_that_does_not_exist_is_named(cli, typed, message):
    code, out, err = cli("status", "--as-of", typed)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    code, _, err = cli(
        "form", "evaluation", "--unit", "712001", "--as-of", typed, "--out", "x.xlsx"
    )
    assert code == 2 and message in err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_findings_are_never_cut(cli, county_demo, lang):
    code, out, _ = cli("findings", "--lang", lang)
    assert code == 0
    assert "…" not in out and widest(out) <= 120
    code, raw, _ = cli("findings", "--format", "json")
    findings = json.loads(raw)
    messages = column(out, "说明" if lang == "zh" else "Message")
    # the JSON keeps the stored (Chinese) text; the table reads it in the chosen language, and in
    # English every message of the demo is one the patterns know (none left as stored)
    shown = [finding_message(f["message"], lang) for f in findings]
    assert [m.replace(" ", "") for m in messages] == [m.replace(" ", "") for m in shown]
    if lang == "en":
        assert all(m != f["message"] for m, f in zip(shown, findings, strict=True))
    rules = " ".join(column(out, "规则" if lang == "zh" else "Rule"))
    assert "_" not in rules  # words, not rule codes
    assert ("方向疑误" if lang == "zh" else "direction looks wrong") in rules


def test_score_scores_every_project_by_default(cli, county_demo):
    code, out, err = cli("score", "--as-of", "2025-11-30")
    assert code == 0, err
    with connection(county_demo, read_only=True) as con:
        projects = compute_status(con, dt.date(2025, 11, 30)).projects
    assert column(out, "项目编码") == list(projects["project_code"])
    assert widest(out) <= 120
    code, raw, _ = cli("score", "--as-of", "2025-11-30", "--format", "json")
    everyone = {r["project_code"]: r for r in json.loads(raw)}
    assert set(everyone) == set(projects["project_code"])
    code, raw, _ = cli("score", "--as-of", "2025-11-30", "--project", OVER, "--format", "json")
    one = json.loads(raw)
    assert one["total"] == everyone[OVER]["total"]  # the same score either way
    totals = dict(zip(column(out, "项目编码"), column(out, "总分"), strict=True))
    assert float(totals[OVER]) == pytest.approx(one["total"], abs=0.01)
    code, out, _ = cli("score", "--unit", "712001", "--lang", "en")
    assert code == 0 and len(column(out, "Project code")) == 2 and "Grade" in out


def test_score_of_one_project_in_english(cli):
    code, out, _ = cli("score", "--project", OVER, "--as-of", "2025-11-30", "--lang", "en")
    assert code == 0
    assert "self-evaluation (as of 2025-11-30)" in out and "Budget execution" in out
    assert re.search(r"Score \d+\.\d\d, grade (excellent|good|fair|poor)", out)
    assert "None" not in out and "nan" not in out


def test_report_warns_about_a_month_without_records(cli, tmp_path):
    out_file = tmp_path / "pack.html"
    code, _out, err = cli("report", "--month", "2024-05", "--out", str(out_file))
    assert code == 0 and out_file.exists()
    assert "2024年5月 没有任何记录" in err and "数据截至 2025-11-30" in err
    code, _, err = cli("report", "--month", "2025-6", "--out", str(tmp_path / "june.html"))
    assert code == 0 and "没有任何记录" not in err  # June has records; 2025-6 is June


def test_report_refuses_a_folder_that_does_not_exist(cli, tmp_path):
    missing = tmp_path / "no-such-folder" / "pack.html"
    code, _, err = cli("report", "--month", "2025-06", "--out", str(missing))
    assert code == 2 and "输出文件夹" in err and "不存在" in err
    assert not missing.parent.exists()


def test_a_closed_pipe_ends_a_table_quietly(county_demo):
    status = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "status", "--db", str(county_demo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert status.stdout is not None and status.stderr is not None
    assert len(status.stdout.read(100)) == 100
    status.stdout.close()
    assert status.stderr.read().decode() == ""
    assert status.wait(timeout=60) == 0


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("指标「预算控制数」目标值 720,000.00 元高于项目预算 450,000.00 元", 20),
        ("资金支出计划不是逐期累计递增：6月底 60% > 9月底 50%", 12),
        ("timeliness indicator without a date", 10),
        ("13043425P00429450052G", 8),  # longer than a line: split, nothing lost
    ],
)
def test_wrapping_keeps_every_character_and_every_number(text, width):
    lines = wrap_text(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[:1] in "，。）」%" for line in lines)
    for number in re.findall(r"[\d,.]+\d", text):
        if len(number) <= width:
            assert any(number in line for line in lines), number
