"""Bad input: a clear one-line error naming the file, exit status 2, database unchanged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest

from builders import build_docx, build_xlsx, sample_document
from conftest import ROOT, snapshot, table_rows


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _garbage(path: Path) -> Path:
    import random

    rng = random.Random(42)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    return path


def _docx_without_form(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("关于召开全县共青团工作会议的通知")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "时间"
    table.cell(0, 1).text = "2025年3月5日"
    document.save(path)
    return path


def _truncated_xlsx(path: Path) -> Path:
    whole = build_xlsx(path.with_name("whole.xlsx"), sample_document()).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _table_without_code(path: Path) -> Path:
    path.write_text(
        "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n"
        "\t产出指标\n\t数量指标\n\t培训人数\n\t≥100人\n\n",
        encoding="utf-8",
    )
    return path


def _project_without_budget(path: Path) -> Path:
    path.write_text(
        "\t712001测试单位\n\t单位：万元\n\n\t项目编码\n\t13043425P00000000001A\n\t项目名称\n\t测试项目\n\n",
        encoding="utf-8",
    )
    return path


def _budget_not_a_number(path: Path) -> Path:
    path.write_text(
        "\t712001测试单位\n\t单位：万元\n\n\t项目编码\n\t13043425P00000000001A\n\t项目名称\n\t测试项目\n\n"
        "\t预算数\n\t五万\n\n",
        encoding="utf-8",
    )
    return path


BAD_FILES = {
    "empty.txt": (_empty, "文件是空的"),
    "empty.docx": (_empty, "文件是空的"),
    "garbage.txt": (_garbage, "不是文本文件"),
    "garbage.docx": (_garbage, "不是有效的 .docx 文件"),
    "notice.docx": (_docx_without_form, "未找到项目绩效目标表"),
    "truncated.xlsx": (_truncated_xlsx, "不是有效的 .xlsx 文件"),
    "no-code.txt": (_table_without_code, "没有「项目编码」"),
    "no-budget.txt": (_project_without_budget, "缺少「预算数」"),
    "budget-text.txt": (_budget_not_a_number, "预算数不是数字"),
    "old.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0 legacy") and p, "不支持旧版 .doc"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_refused_and_changes_nothing(name, tracker, sample_txt, tmp_path, db_path):
    make, expected = BAD_FILES[name]
    assert tracker("load", "targets", str(sample_txt))[0] == 0
    before = snapshot(db_path)
    path = tmp_path / name
    make(path)
    code, out, err = tracker("load", "targets", str(path))
    assert code == 2
    assert name in err and expected in err
    assert "Traceback" not in err + out
    assert snapshot(db_path) == before


def test_missing_file(tracker, tmp_path):
    code, _, err = tracker("load", "targets", str(tmp_path / "nowhere.txt"))
    assert code == 2 and "nowhere.txt" in err and "文件不存在" in err


def test_one_bad_file_among_good_ones_writes_nothing(tracker, sample_txt, tmp_path, db_path):
    bad = _table_without_code(tmp_path / "bad.txt")
    good = build_docx(tmp_path / "good.docx", sample_document())
    code, _, err = tracker("load", "targets", str(good), str(bad), str(sample_txt))
    assert code == 2 and "bad.txt" in err and "没有写入任何数据" in err
    assert table_rows(db_path, "SELECT count(*) FROM projects") == [(0,)]
    assert table_rows(db_path, "SELECT count(*) FROM imports") == [(0,)]


def test_duplicate_project_in_one_file(tracker, tmp_path):
    text = (ROOT / "data" / "samples" / "weixian-youth-league-2025-targets.txt").read_text("utf-8")
    path = tmp_path / "twice.txt"
    path.write_text(text.replace("13043425P00437410002E", "13043425P00450110058B"), "utf-8")
    code, _, err = tracker("load", "targets", str(path))
    assert code == 2 and "出现了两次" in err


def test_console_script_exits_2_without_traceback(tmp_path):
    """The real entry point, in a subprocess: exit status and stderr as a user sees them."""
    bad = _garbage(tmp_path / "garbage.txt")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli.main",
            "load",
            "targets",
            str(bad),
            "--db",
            str(tmp_path / "t.duckdb"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "garbage.txt" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # the reason, then "nothing written"
