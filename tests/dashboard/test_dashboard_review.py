"""AppTest for the monthly review page (月度例会): empty, targets-only and county-demo databases; the
figures shown are the engine's; the month, unit and language change them; the pack downloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app_pages import run
from streamlit.testing.v1 import AppTest

from cli.main import main as tracker_main
from conftest import use_db
from engine.status import compute_status, summaries
from store.db import connection

PAGE = "views/review.py"


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def county_totals(db: Path, day: dt.date, unit: str | None = None) -> dict:
    with connection(db, read_only=True) as con:
        return summaries(compute_status(con, day, unit))[1]


def wan(yuan: float) -> str:
    return f"{round(yuan / 10000, 2):,.2f}"


def test_empty_database_says_what_to_load(monkeypatch, tmp_path):
    db = use_db(monkeypatch, tmp_path / "tracker.duckdb")
    with connection(db):
        pass  # the schema only
    at = run(PAGE)
    assert "数据库中还没有项目" in at.info[0].value
    assert not at.download_button


def test_targets_only(monkeypatch, db_path, sample_txt):
    use_db(monkeypatch, db_path)
    assert tracker_main(["load", "targets", str(sample_txt), "--db", str(db_path)]) == 0
    at = run(PAGE, {"month": "2025-03"})
    assert at.title[0].value == "月度例会"
    shown = metrics(at)
    assert shown["已支出（万元）"] == "0.00" and shown["本月支出（万元）"] == "0.00"
    assert shown["预算（万元）"] == "10.00"
    lagging = next(d.value for d in at.dataframe if "节点结果" in d.value.columns)
    assert len(lagging) == 2 and set(lagging["节点结果"]) == {"✗ 未达成"}


def test_county_month_end_figures(county):
    at = run(PAGE)
    # default: the month of the last record (30 November)
    assert at.selectbox(key="review_month").value == "2025-11"
    assert at.query_params["month"] in ("2025-11", ["2025-11"])
    nov = county_totals(county, dt.date(2025, 11, 30))
    oct_ = county_totals(county, dt.date(2025, 10, 31))
    shown = metrics(at)
    assert shown["已支出（万元）"] == wan(nov["spent_yuan"])
    assert shown["本月支出（万元）"] == wan(nov["spent_yuan"] - oct_["spent_yuan"])
    assert shown["执行率"] == f"{nov['execution_pct']:.1f}%"
    assert shown["计划进度"] == f"{nov['plan_pct']:.1f}%"
    # the cards count the combined state, and say so; the over-budget count beside them
    assert shown["综合 ▲红"] == str(nov["red"])
    assert shown["综合 ●绿"] == str(nov["green"])
    assert shown["超预算项目"] == str(nov["warning_over"])
    assert any("综合状态由支出预警和绩效指标合成" in c.value for c in at.caption)
    headings = [s.value for s in at.subheader]
    assert headings[:7] == [
        "一、本月概况",
        "二、各单位执行情况",
        "三、状态变化的项目（与上月末相比）",
        "四、超预算与滞后项目（超预算在前，滞后按节点差额排序）",
        "五、本月未达成的支出节点",
        "六、下月到期的支出节点",
        "七、有风险的绩效指标（红、黄）",
    ]
    assert len(at.get("plotly_chart")) == 2  # the S-curve and the lagging chart


def test_changing_the_month_changes_the_figures(county):
    at = run(PAGE)
    november = metrics(at)
    at.selectbox(key="review_month").select("2025-06").run()
    assert not at.exception
    june = metrics(at)
    assert june != november
    jun = county_totals(county, dt.date(2025, 6, 30))
    assert june["已支出（万元）"] == wan(jun["spent_yuan"])
    assert at.query_params["month"] in ("2025-06", ["2025-06"])
    # June has missed checkpoints (6月底) with the engine's shortfall, in 万元
    missed = next(
        d.value for d in at.dataframe if {"节点", "节点差额（万元）"} <= set(d.value.columns)
    )
    assert set(missed["节点"]) == {"6月底"}


def test_deep_link_and_unit(county):
    at = run(PAGE, {"month": "2025-08", "unit": "712001"})
    assert at.selectbox(key="review_month").value == "2025-08"
    aug = county_totals(county, dt.date(2025, 8, 31), "712001")
    assert metrics(at)["已支出（万元）"] == wan(aug["spent_yuan"])
    assert aug["projects"] == 2


def test_english(county):
    at = run(PAGE, {"lang": "en", "month": "2025-06"})
    assert at.title[0].value == "Monthly review"
    assert "Spent this month (10k yuan)" in metrics(at)
    assert at.subheader[0].value == "1. The month at a glance"
    assert [b.label for b in at.download_button][:2] == [
        "Download Excel workbook",
        "Download HTML (printable)",
    ]


def test_download_buttons(county):
    at = run(PAGE, {"month": "2025-06"})
    labels = [b.label for b in at.download_button]
    assert labels == [
        "下载 Excel 工作簿",
        "下载 HTML（可打印）",
        "下载 PDF",
    ]  # Chromium is installed


def test_without_chromium_says_so(county, monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_CHROMIUM", str(tmp_path / "no-such-browser"))
    at = run(PAGE, {"month": "2025-06"})
    assert [b.label for b in at.download_button] == ["下载 Excel 工作簿", "下载 HTML（可打印）"]
    assert any("没有 Chromium" in c.value for c in at.caption)
