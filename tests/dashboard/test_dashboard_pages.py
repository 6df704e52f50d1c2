"""AppTest for the overview, project and lagging pages: empty, targets-only and county-demo
databases; the figures shown are the engine's; interactions change them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from app_pages import run
from streamlit.testing.v1 import AppTest

from cli.main import main as tracker_main
from conftest import plotly_values, table_rows, use_db
from engine.status import compute_status, lagging, summaries
from store.db import connection

PAGES = ["views/overview.py", "views/project.py", "views/lagging.py"]
P1 = "13043425P00450110058B"


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def engine(db: Path, day: dt.date, **scope):
    with connection(db, read_only=True) as con:
        return compute_status(con, day, **scope)


def wan(yuan: float) -> str:
    return f"{round(yuan / 10000, 2):,.2f}"


@pytest.mark.parametrize("page", PAGES)
def test_empty_database_says_what_to_load(monkeypatch, tmp_path, page):
    db = use_db(monkeypatch, tmp_path / "tracker.duckdb")
    with connection(db):
        pass  # the schema only
    at = run(page)
    assert "数据库中还没有项目" in at.info[0].value
    assert at.get("page_link"), "the empty state links the import page"


@pytest.mark.parametrize("page", PAGES)
def test_targets_only(monkeypatch, tmp_path, sample_txt, page):
    db = use_db(monkeypatch, tmp_path / "tracker.duckdb")
    assert tracker_main(["load", "targets", str(sample_txt), "--db", str(db)]) == 0
    at = run(page)
    assert at.title, "the page renders its title"
    if page == PAGES[0]:
        assert metrics(at)["已支出（万元）"] == "0.00"
        assert metrics(at)["预算（万元）"] == "10.00"


def test_overview_shows_the_engine_figures(county):
    day = dt.date(2025, 9, 30)
    at = run(PAGES[0], {"date": day.isoformat()})
    units, totals = summaries(engine(county, day))
    shown = metrics(at)
    assert shown["预算（万元）"] == wan(totals["budget_yuan"])
    assert shown["已支出（万元）"] == wan(totals["spent_yuan"])
    assert shown["执行率"] == f"{totals['execution_pct']:.1f}%"
    gap, curve = (json.loads(c.proto.spec) for c in at.get("plotly_chart")[:2])
    codes = {row[0] for trace in gap["data"] for row in trace.get("customdata", [])}
    assert len(codes) == totals["projects"]  # every county project is in the chart
    # one colour story: the counts beside the chart count the bars of each colour
    bars = {t["name"]: len(t["customdata"]) for t in gap["data"] if t["type"] == "bar"}
    for word, key in (
        ("▲ 红（预警）", "red"),
        ("◆ 黄（关注）", "yellow"),
        ("● 绿（正常）", "green"),
    ):
        assert shown[word] == str(totals[f"warning_{key}"]) == str(bars.get(word, 0))
    spent = [y for y in plotly_values(curve["data"][2]["y"]) if y is not None]
    assert len(spent) == 10  # 0% at the end of 2024, then the month ends January to September
    assert spent[-1] == pytest.approx(totals["execution_pct"])
    table = at.dataframe[0].value
    assert len(table) == len(units)
    assert table["执行率"].tolist() == [f"{v:.1f}%" for v in units["execution_pct"]]
    assert table["综合 ▲红"].tolist() == [str(v) for v in units["red"]]


def test_overview_date_and_unit_change_the_figures(county):
    at = run(PAGES[0], {"date": "2025-09-30"})
    before = metrics(at)["已支出（万元）"]
    at.date_input(key="view_as_of").set_value(dt.date(2025, 6, 30)).run()
    assert metrics(at)["已支出（万元）"] != before
    assert at.query_params["date"] in ("2025-06-30", ["2025-06-30"])
    unit = at.selectbox(key="view_unit").options[1]
    code = unit.split()[0]
    at.selectbox(key="view_unit").set_value(code).run()
    assert not at.exception
    _, totals = summaries(engine(county, dt.date(2025, 6, 30), unit=code))
    assert metrics(at)["预算（万元）"] == wan(totals["budget_yuan"])


def test_overview_in_english(county):
    at = run(PAGES[0], {"lang": "en"})
    assert at.title[0].value == "Budget execution overview"
    assert "Spent (10k yuan)" in metrics(at)


def test_project_page_deep_link(county):
    day = dt.date(2025, 9, 30)
    at = run(PAGES[1], {"project": P1, "date": day.isoformat()})
    assert at.title[0].value == "2025年基层团组织经费"
    row = engine(county, day, project=P1).projects.iloc[0]
    shown = metrics(at)
    assert shown["已支出（万元）"] == wan(row["spent"])
    assert shown["执行率"] == f"{row['execution_pct']:.1f}%"
    curve = json.loads(at.get("plotly_chart")[0].proto.spec)
    marks = [t for trace in curve["data"] for t in trace.get("text", []) if isinstance(t, str)]
    assert any("达成" in m for m in marks), marks  # 30 / 30 / 100 checkpoints, marked
    records = at.dataframe[-2].value if len(at.dataframe) > 1 else None
    stored = table_rows(
        county,
        "SELECT count(*) FROM spending WHERE project_code = ? AND pay_date <= ?",
        [P1, day],
    )[0][0]
    frames = [f.value for f in at.dataframe]
    assert any(len(f) == stored and "凭证号" in f.columns for f in frames), records
    assert at.get("download_button"), "the records are downloadable"
    assert any("绩效自评预览" in s.value for s in at.subheader)


def test_project_page_choosing_another_project(county):
    at = run(PAGES[1], {"project": P1})
    other = next(c for c in at.selectbox(key="project_pick").options if P1 not in c)
    code = other.split(" · ")[-1]
    at.selectbox(key="project_pick").set_value(code).run()
    assert not at.exception
    assert at.query_params["project"] in (code, [code])
    assert at.title[0].value != "2025年基层团组织经费"


def test_lagging_page_ranks_by_shortfall(county):
    day = dt.date(2025, 9, 30)
    at = run(PAGES[2], {"date": day.isoformat()})
    status = engine(county, day)
    expected = lagging(status)
    table = at.dataframe[0].value
    assert list(table["项目编码"]) == list(expected["project_code"])  # the engine's ranking
    assert not expected.empty and expected["warning"].eq("red").any()
    assert len(at.get("download_button")) >= 2
    # only the red budget warnings
    at.multiselect(key="lag_colours").set_value(["red"]).run()
    red = at.dataframe[0].value
    assert list(red["项目编码"]) == list(expected[expected["warning"].eq("red")]["project_code"])


def test_table_downloads_are_valid_workbooks(tmp_path):
    """The lagging page's .xlsx downloads: a real workbook, Chinese headers, header row frozen."""
    import openpyxl
    import pandas as pd

    from dashboard.ui import xlsx_bytes

    frame = pd.DataFrame(
        {"项目编码": [P1], "节点差额（万元）": [1.55], "上一节点": [dt.date(2025, 6, 30)]}
    )
    path = tmp_path / "lagging.xlsx"
    path.write_bytes(xlsx_bytes(frame, "滞后项目"))
    sheet = openpyxl.load_workbook(path)["滞后项目"]
    assert [c.value for c in sheet[1]] == list(frame.columns)
    assert sheet["A2"].value == P1 and sheet["B2"].value == 1.55
    assert sheet.freeze_panes == "A2"


def test_a_database_file_without_tables(monkeypatch, tmp_path):
    """A DuckDB file with no tables at all (not ours yet): the empty state, not an error."""
    import duckdb

    db = use_db(monkeypatch, tmp_path / "tracker.duckdb")
    duckdb.connect(str(db)).close()
    for page in PAGES:
        at = run(page)
        assert "数据库中还没有项目" in at.info[0].value
        assert not at.error


def test_project_without_purpose_or_goals(monkeypatch, tmp_path):
    """A template row without 资金用途 and 绩效目标: the pages show —, not nan or an error."""
    db = use_db(monkeypatch, tmp_path / "tracker.duckdb")
    template = tmp_path / "bare.csv"
    template.write_text(
        "单位编码,项目编码,项目名称,预算数,一级指标,二级指标,三级指标,指标值\n"
        "712001,13043425P00000000008Z,无目标说明项目,10,产出指标,数量指标,培训人数,≥10人\n",
        "utf-8",
    )
    assert tracker_main(["load", "targets", str(template), "--db", str(db)]) == 0
    for page in (PAGES[1], "views/targets.py"):
        at = run(page)
        shown = " ".join(m.value for m in at.markdown)
        assert "资金用途**：—" in shown and "nan" not in shown


def test_a_database_from_an_older_version_is_upgraded(monkeypatch, tmp_path, county_demo):
    """Tables added by later versions are missing: the pages add them (the schema is additive)
    and show the data, instead of an error."""
    import shutil

    import duckdb

    db = use_db(monkeypatch, tmp_path / "tracker.duckdb")
    shutil.copy(county_demo, db)
    with duckdb.connect(str(db)) as con:
        for table in ("survey_responses", "budget_adjustments", "monitoring_responses"):
            con.execute(f"DROP TABLE {table}")
    for page in PAGES:
        at = run(page)
        errors = [e.value for e in at.error if "超预算" not in e.value]  # a finding, not a failure
        assert not errors, errors
    assert table_rows(
        db, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'budget_adjustments'"
    ) == [(1,)]
