"""The department's own goals tracked (issue 15): `tracker goals` with target, actual and colour;
progress loaded by the actuals loader (单位编码 + 目标序号) with rejected rows and undo; the stale
year as a target-quality finding; the goals in the meeting pack; a store loaded before goals
existed reads them once from the text it keeps. Real files through the real loaders."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import table_rows
from exports import meeting_pack
from store.db import connection, open_db

UNIT = "712001"
HEADER = ["单位编码", "目标序号", "截至日期", "实际值", "备注"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture
def sample(tracker, sample_txt) -> None:
    code, _, err = tracker("load", "targets", str(sample_txt))
    assert code == 0, err
    assert "部门整体目标第2条写的是 2022 年" in err  # the stale year, said at the load


@pytest.fixture
def progress(sample, tracker, tmp_path) -> Path:
    path = write_csv(
        tmp_path / "goals.csv",
        [
            HEADER,
            [UNIT, "2", "2025-06-30", "1期", "上半年办了一期"],  # 2
            [UNIT, "5", "2025-06-30", "3", ""],  # 3 a bare number in the goal's measure word
            [UNIT, "1", "2025-06-30", "部分达成", ""],  # 4 a qualitative goal's level
            [UNIT, "6", "2025-06-30", "部分达成", ""],  # 5 a level for a count: rejected
            [UNIT, "40", "2025-06-30", "3", ""],  # 6 no such goal
            ["712099", "1", "2025-06-30", "达成", ""],  # 7 a unit without goals
            [UNIT, "2", "2025-06-30", "2期", ""],  # 8 the same goal and date again
            [UNIT, "2", "2024-06-30", "1期", ""],  # 9 another year's goals: none
        ],
    )
    code, out, err = tracker("load", "actuals", str(path))
    assert code == 0, err
    assert "存入 3" in out and "拒收 4" in out and "重复 1" in out
    return path


def goals(tracker, *args: str) -> list[dict]:
    code, out, err = tracker("goals", "--unit", UNIT, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_goals_with_target_actual_and_colour(progress, tracker):
    found = {g["seq"]: g for g in goals(tracker, "--as-of", "2025-06-30")}
    assert len(found) == 10
    two = found[2]
    assert (two["value"], two["unit"], two["object"]) == (2, "期", "就业培训班")
    assert two["text"] == "计划2022年开展2期就业培训班。" and two["stale_year"] == 2022
    # 1 of 2 by the end of June: a count is pro-rated like an indicator (2 × 181/365 ≈ 0.99)
    assert two["actual"] == 1 and two["ratio_pct"] == pytest.approx(100.8, abs=0.1)
    assert two["colour"] == "green"
    assert found[5]["actual"] == 3 and found[5]["colour"] == "blue"  # 3 of ≈2.5: above
    assert found[1]["level"] == "部分达成" and found[1]["colour"] == "yellow"
    assert found[6]["actual"] is None and found[6]["reason"] == "no_actual"
    assert found[3]["kind"] == "qualitative" and found[3]["reason"] == "not_rated"
    later = {g["seq"]: g for g in goals(tracker, "--as-of", "2025-12-31")}
    assert later[2]["colour"] == "red"  # still 1 of 2 at the year end: 50%, below 60
    assert {"seq", "text", "value", "unit", "object", "actual", "colour"} <= set(later[2])


def test_goal_rows_are_checked_and_kept_with_reasons(progress, tracker, db_path):
    reasons = [r[0] for r in table_rows(
        db_path, "SELECT reason FROM rejected_rows WHERE load_id = 2 ORDER BY row_no"
    )]  # fmt: skip
    assert any("第5行" in r and "不符合" in r for r in reasons)
    assert any("第6行" in r and "没有第 40 条" in r for r in reasons)
    assert any("第7行" in r and "单位 712099 没有部门整体目标" in r for r in reasons)
    assert any("第8行" in r and "已在本文件第2行填报" in r for r in reasons)
    assert any("第9行" in r and "2024 年部门整体目标中没有第 2 条" in r for r in reasons)
    code, out, _ = tracker("load", "actuals", str(progress))
    assert code == 0 and "未做任何修改" in out  # the same file again changes nothing
    assert table_rows(db_path, "SELECT count(*) FROM goal_actuals") == [(3,)]
    assert tracker("undo", "2")[0] == 0
    assert table_rows(db_path, "SELECT count(*) FROM goal_actuals") == [(0,)]
    assert {g["seq"]: g["actual"] for g in goals(tracker)}[2] is None


def test_a_file_naming_goals_needs_the_unit(sample, tracker, tmp_path):
    path = write_csv(
        tmp_path / "no-unit.csv", [["目标序号", "截至日期", "实际值"], ["2", "2025-06-30", "1"]]
    )
    code, _, err = tracker("load", "actuals", str(path))
    assert code == 2 and "单位编码" in err


def test_the_stale_year_is_a_finding_with_the_others(sample, tracker):
    code, out, err = tracker("findings", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    stale = [f for f in found if f["rule"] == "stale_year"]
    assert len(stale) == 1
    assert stale[0]["project_code"] is None and stale[0]["indicator_seq"] == 2
    assert "2022" in stale[0]["message"] and "2025" in stale[0]["message"]
    assert any(f["rule"] == "direction_wrong" for f in found)  # beside the project findings
    code, out, _ = tracker("findings", "--project", "13043425P00437410002E", "--format", "json")
    assert "stale_year" not in out  # a project's own findings only


def test_the_goals_are_in_the_meeting_pack(progress, db_path, tmp_path):
    with connection(db_path, read_only=True) as con:
        pack = meeting_pack.build_pack(con, "2025-06", UNIT)
    assert pack.goals["seq"].tolist()[:2] == [1, 2]  # yellow first, then green
    html = Path(meeting_pack.write_pack(pack, tmp_path / "pack.html", "zh")).read_text("utf-8")
    assert "八、部门整体目标" in html and "就业培训班" in html and "≥2期" in html


def test_no_goals_is_said(tracker, db_path):
    code, _, err = tracker("goals", "--unit", UNIT)
    assert code == 2 and "Traceback" not in err


def test_a_store_loaded_before_goals_reads_them_once(sample, db_path):
    """An older store: units keep their text but no goals were read (and no migration ran)."""
    with connection(db_path) as con:
        con.execute("DELETE FROM unit_goals")
        con.execute("DELETE FROM unit_findings")
        con.execute("DELETE FROM tracker_meta WHERE name = 'migration:unit_goals_from_text'")
    con = open_db(db_path)  # a read-write open runs the migration
    con.close()
    assert table_rows(db_path, "SELECT count(*) FROM unit_goals") == [(10,)]
    assert table_rows(db_path, "SELECT rule FROM unit_findings") == [("stale_year",)]


def test_goal_year_falls_back_to_the_latest(progress, db_path):
    from engine.goals import unit_goals

    with connection(db_path, read_only=True) as con:
        frame = unit_goals(con, dt.date(2026, 3, 1), UNIT)
    assert set(frame["fiscal_year"]) == {2025} and len(frame) == 10
