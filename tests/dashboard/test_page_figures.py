"""The figures a reader sees on the overview and project pages, against values worked out by hand
for a small store of four projects (never against the engine's own output): the headline and
warning cards, the units table, a project's cards, catch-up box, checkpoint marks, monthly bars,
indicators and score preview. The lagging page's ranking is in test_page_figures_lagging.py.

The store (`build_store`, loaded by the real loaders) and the arithmetic every test relies on:

    fiscal year 2025 (365 days); as-of 2025-07-31 = day 212 (31+28+31+30+31+30+31)
    every project: 预算数 100,000.00 元 (10.00 万元); plan 3月底 30%, 6月底 60%, 10月底 100%
        (12月底 100% by default)
    序时进度 = 212 / 365 = 58.08% → 58.1%
    plan at 07-31 = 60 + (100 − 60) × 31 / 123 (06-30 → 07-31 is 31 of the 123 days to 10-31)
        = 60 + 10.08 = 70.08% → 70.1%
    next checkpoint 2025-10-31, days left = 31 (Aug) + 30 (Sep) + 31 (Oct) = 92
    forecast window: the month end nearest 90 days back (07-31 − 90 d = 05-02 → 04-30), 92 days;
        153 days from 07-31 to 12-31 (31+30+31+30+31)
    indicators: months elapsed = 212 / 365 × 12 = 6.9699

    甲 A (712001 示例县团委): paid 03-15 20,000 · 05-20 10,000 · 07-10 5,000 · 07-20 −2,000 (冲销);
        追加 +20,000 on 07-15 → budget 120,000 (12.00), spent 33,000 (3.30), 执行率 27.5%,
        r = 27.5 / 70.08 = 39.2 < 60 → ▲ 红; 03-31 short 30,000 − 20,000 = 10,000 (1.00),
        06-30 short 60,000 − 30,000 = 30,000 (3.00; the budget then is 100,000, the 追加 is later)
    乙 B (712001): paid 03-25 30,000 · 06-10 15,000 · 07-15 5,000 → 50,000, 50.0%,
        r = 50 / 70.08 = 71.3 → ◆ 黄; 03-31 met (30,000 = 30%), 06-30 short 60,000 − 45,000 = 15,000
    丙 C (712002 示例县教育局): paid 03-31 30,000 · 06-30 30,000: exactly on plan at both checkpoints,
        60.0%, r = 60 / 70.08 = 85.6 → ● 绿
    丁 D (712002): paid 03-31 30,000 · 06-30 29,999.99: one cent short at 06-30 → missed,
        shortfall 0.01 元 (shown <0.01 万元); 执行率 59.99999% (shown 60.0%), ● 绿
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_pages import OVERVIEW, run
from streamlit.testing.v1 import AppTest

import records_files
from cli.main import main as tracker_main
from conftest import plotly_values, use_db

PROJECT_PAGE = "views/project.py"
DAY = "2025-07-31"
A, B, C, D = (f"13043425P0000000010{i}A" for i in range(1, 5))
RED, YELLOW, GREEN, BLUE = "▲ 红（预警）", "◆ 黄（关注）", "● 绿（正常）", "■ 蓝（超额完成）"
TARGETS_HEADER = (
    "单位编码,单位名称,项目编码,项目名称,金额单位,预算数,3月底,6月底,10月底,"
    "一级指标,二级指标,三级指标,指标值"
)


def build_store(folder: Path) -> Path:
    """The four projects of the module docstring, loaded by the CLI's real loaders from files
    written here: targets (template CSV, amounts in 元), spending, one adjustment, indicator
    actuals."""
    db = folder / "tracker.duckdb"
    unit1, unit2 = "712001,示例县团委", "712002,示例县教育局"
    plan = "元,100000.00,30%,60%,100%"
    indicators = [
        f"{unit1},{A},甲项目,{plan},产出指标,数量指标,培训场次,≥12次",
        f"{unit1},{A},甲项目,{plan},产出指标,质量指标,培训合格率,≥90%",
        f"{unit1},{A},甲项目,{plan},产出指标,成本指标,项目成本,≤10万元",
        f"{unit1},{A},甲项目,{plan},满意度指标,服务对象满意度指标,参训人员满意度,≥90%",
        f"{unit1},{B},乙项目,{plan},产出指标,数量指标,宣讲场次,≥5场",
        f"{unit2},{C},丙项目,{plan},产出指标,数量指标,资助学校数,≥10个",
        f"{unit2},{D},丁项目,{plan},产出指标,质量指标,验收合格率,≥95%",
    ]
    (folder / "targets.csv").write_text("\n".join([TARGETS_HEADER, *indicators, ""]), "utf-8")
    payments = [
        ("2025-03-15", A, "20000.00", "A1"),
        ("2025-05-20", A, "10000.00", "A2"),
        ("2025-07-10", A, "5000.00", "A3"),
        ("2025-07-20", A, "-2000.00", "A4"),  # a reversal (冲销)
        ("2025-03-25", B, "30000.00", "B1"),
        ("2025-06-10", B, "15000.00", "B2"),
        ("2025-07-15", B, "5000.00", "B3"),
        ("2025-03-31", C, "30000.00", "C1"),
        ("2025-06-30", C, "30000.00", "C2"),
        ("2025-03-31", D, "30000.00", "D1"),
        ("2025-06-30", D, "29999.99", "D2"),  # one cent short of 60% at 06-30
    ]
    rows = [records_files.spending_row(*payment) for payment in payments]
    records_files.write_csv(folder / "spending.csv", rows)
    (folder / "adjustments.csv").write_text(
        f"项目编码,调整日期,调整金额,文号\n{A},2025-07-15,20000.00,示财预〔2025〕7号\n", "utf-8"
    )
    (folder / "actuals.csv").write_text(
        "项目编码,指标序号,截至日期,实际值\n"
        f"{A},1,2025-07-20,6次\n{A},2,2025-07-20,45%\n{C},1,2025-07-20,8个\n{D},1,2025-07-20,70%\n",
        "utf-8",
    )
    for kind in ("targets", "spending", "adjustments", "actuals"):
        assert tracker_main(["load", kind, str(folder / f"{kind}.csv"), "--db", str(db)]) == 0
    return db


@pytest.fixture(scope="module")
def figures_db(tmp_path_factory) -> Path:
    """The store, built once for the module: the pages only read it."""
    return build_store(tmp_path_factory.mktemp("page-figures"))


@pytest.fixture
def figures(monkeypatch, figures_db) -> Path:
    """The dashboard (AppTest) pointed at the store, with empty caches."""
    return use_db(monkeypatch, figures_db)


def cards(at: AppTest) -> list[tuple[str, str]]:
    """Every metric card as (label, value), in page order."""
    return [(m.label, m.value) for m in at.metric]


def table(at: AppTest, *headers: str) -> list[list[str]]:
    """The rows of the one table (the frame given to st.dataframe) whose headers start with
    `headers`, as lists of the texts shown."""
    (frame,) = [
        f.value for f in at.dataframe if list(f.value.columns[: len(headers)]) == list(headers)
    ]
    return frame.astype(str).values.tolist()


def trace(at: AppTest, name: str) -> dict:
    """The first plotly trace called `name` on the page."""
    for chart in at.get("plotly_chart"):
        for data in json.loads(chart.proto.spec)["data"]:
            if data.get("name") == name:
                return data
    raise AssertionError(f"no trace {name}")


# -- the overview --------------------------------------------------------------------------------
def test_overview_headline_cards_and_warning_counts(figures):
    at = run(OVERVIEW, {"date": DAY})
    assert cards(at) == [
        ("预算（万元）", "42.00"),  # 120,000 (甲, with its 追加) + 3 × 100,000 = 420,000
        ("已支出（万元）", "20.30"),  # 33,000 + 50,000 + 60,000 + 59,999.99 = 202,999.99
        ("执行率", "48.3%"),  # 202,999.99 / 420,000 = 48.33%
        ("序时进度", "58.1%"),  # 212 / 365
        # the spending warning of each project (not the combined state)
        ("✖ 超预算", "0"),
        (RED, "1"),  # 甲, r = 39.2
        (YELLOW, "1"),  # 乙, r = 71.3
        (GREEN, "2"),  # 丙 and 丁, r = 85.6
    ]
    # beside 执行率, the plan: every project's is 70.08%, so the budget-weighted plan is too
    assert at.metric[2].delta == "计划 70.1%"
    assert any(
        c.value == "全县：截至 2025-07-31 执行率 48.3%，没有去年同期的数据。" for c in at.caption
    )


def test_overview_units_table(figures):
    at = run(OVERVIEW, {"date": DAY})
    assert table(at, "单位编码", "单位名称") == [
        # 712001: 120,000 + 100,000 = 22.00; 33,000 + 50,000 = 8.30; 83,000 / 220,000 = 37.7%;
        # r = 37.7 / 70.08 = 53.8 → red; combined: 甲 red and 乙 red (a yellow warning is not ok)
        ["712001", "示例县团委", "2", "22.00", "8.30", "37.7%", "70.1%", "—", "—", RED, "2", "0", "0"],
        # 712002: 20.00; 119,999.99 → 12.00; 59.999995% → 60.0%; r = 85.6 → green;
        # combined: 丁 yellow (its 验收合格率 is yellow), 丙 green (blue is not a weak colour)
        ["712002", "示例县教育局", "2", "20.00", "12.00", "60.0%", "70.1%", "—", "—", GREEN, "0", "1", "1"],
    ]  # fmt: skip


# -- the project page: 甲, lagging --------------------------------------------------------------
def test_project_cards_of_a_lagging_project(figures):
    at = run(PROJECT_PAGE, {"project": A, "date": DAY})
    assert at.title[0].value == "甲项目"
    assert cards(at)[:13] == [
        ("年初预算（万元）", "10.00"),
        ("预算调整（万元）", "2.00"),  # 追加 20,000 on 07-15
        ("调整后预算（万元）", "12.00"),
        ("已支出（万元）", "3.30"),  # 20,000 + 10,000 + 5,000 − 2,000 (the reversal counts)
        ("执行率", "27.5%"),  # 33,000 / 120,000: the adjusted budget is the denominator
        ("综合状态", RED),  # the spending warning is red → the combined state is red
        ("支出预警", RED),  # r = 27.5 / 70.08 × 100 = 39.2 < 60
        ("序时进度", "58.1%"),
        # recent = 10,000 + 5,000 − 2,000 = 13,000 over 92 days, 153 days to go:
        # 33,000 + 13,000 × 153 / 92 = 54,619.57; / 120,000 = 45.5%
        ("年底预测执行率", "45.5%"),
        # the catch-up box: to 10-31's 100% of the current budget
        ("下一支出节点", "2025-10-31 · 100%"),
        ("还需支出（万元）", "8.70"),  # 120,000 − 33,000 = 87,000
        ("剩余天数", "92"),
        ("日均需支出（元）", "945.65"),  # 87,000 / 92 = 945.652
    ]
    assert at.metric[4].delta == "计划 70.1%"
    captions = [c.value for c in at.caption]
    assert "项目编码 13043425P00000000101A · 示例县团委 · 2025 年度 · 截至 2025-07-31" in captions
    assert "支出预警为 ▲ 红（预警） → 综合状态 ▲红" in captions
    assert "上一节点：2025-06-30 · ✗ 未达成" in captions
    assert "4 笔，合计 33,000.00 元" in captions  # the records behind 已支出
    assert not at.info, "甲 will not spend its budget out early"


def test_project_checkpoints_and_monthly_spending(figures):
    at = run(PROJECT_PAGE, {"project": A, "date": DAY})
    marks = trace(at, "支出节点")
    assert marks["text"] == [
        "30% ✗ 未达成，差 1.00 万元",  # 30% of 100,000 = 30,000; 20,000 spent by 03-31
        "60% ✗ 未达成，差 3.00 万元",  # 60,000 against 30,000 by 06-30 (budget then 100,000)
        "100% 待到期",  # 10-31
        "100% 待到期",  # 12-31 (the default)
    ]
    bars = trace(at, "万元")
    assert list(bars["x"]) == ["3月", "5月", "7月"]
    # 20,000; 10,000; 5,000 − 2,000 = 3,000 (the reversal nets in its month)
    assert bars["text"] == ["2.00", "1.00", "0.30"]
    assert plotly_values(bars["y"]) == pytest.approx([2.0, 1.0, 0.3])
    assert table(at, "调整日期", "金额（元）") == [
        ["2025-07-15", "20,000.00", "示财预〔2025〕7号", "—"]
    ]


def test_project_indicators_and_score_preview(figures):
    at = run(PROJECT_PAGE, {"project": A, "date": DAY})
    assert table(at, "序号", "三级指标") == [
        # a count, pro-rated: expected 12 × 6.9699 / 12 = 6.97; 6 / 6.9699 = 86.1% → green
        ["1", "培训场次", "≥12次", "6次", "6.97次", "86.1", GREEN, "—"],
        # a rate, not pro-rated: 45 / 90 = 50.0% → red (< 60)
        ["2", "培训合格率", "≥90%", "45.0%", "90.0%", "50.0", RED, "—"],
        # a cost limit: the project's spending 33,000 within 100,000 → green; 33,000 / 100,000
        ["3", "项目成本", "≤10万元", "3.30万元", "10.00万元", "33.0", GREEN, "—"],
        # nothing reported: no colour, and why
        ["4", "参训人员满意度", "≥90%", "—", "90.0%", "—", "—", "尚无实际值"],
    ]
    # the preview: no 效益 indicator, so 10 + 50 + 10 = 70 points rescaled to 100:
    # execution 10 / 70 × 100 = 14.2857; each 产出 50 / 70 × 100 / 3 = 23.81; 满意度 14.29
    # execution 27.5% × 14.2857 = 3.93; 6 / 12 × 23.81 = 11.90; 45 / 90 × 23.81 = 11.90;
    # the cost within its limit 23.81; the unreported satisfaction 0
    # total 3.9286 + 11.9048 + 11.9048 + 23.8095 = 51.55 → 差 (< 60)
    assert cards(at)[13:] == [
        ("总分", "51.55"),
        ("等级", "差"),
        ("预算执行率得分", "3.93 / 14.29"),
    ]
    assert table(at, "序号", "类别") == [
        ["1", "产出", "培训场次", "≥12次", "6次", "—", "23.81", "11.9", "实际 6 未达目标 12"],
        ["2", "产出", "培训合格率", "≥90%", "45.0%", "—", "23.81", "11.9", "实际 45 未达目标 90"],
        ["3", "产出", "项目成本", "≤10万元", "3.30万元", "—", "23.81", "23.81", "—"],
        ["4", "满意度", "参训人员满意度", "≥90%", "—", "—", "14.29", "0", "尚无实际值"],
    ]


# -- the project page: 丙 exactly on plan, 丁 one cent short --------------------------------------
def test_project_exactly_on_plan(figures):
    at = run(PROJECT_PAGE, {"project": C, "date": DAY})
    assert cards(at)[:13] == [
        ("年初预算（万元）", "10.00"),
        ("预算调整（万元）", "0.00"),
        ("调整后预算（万元）", "10.00"),
        ("已支出（万元）", "6.00"),
        ("执行率", "60.0%"),
        ("综合状态", GREEN),  # budget ok, and its one indicator is blue (not red or yellow)
        ("支出预警", GREEN),  # r = 60 / 70.08 = 85.6 ≥ 80
        ("序时进度", "58.1%"),
        # 60,000 + 30,000 (recent, 06-30) × 153 / 92 = 109,891 → capped at 100%
        ("年底预测执行率", "100.0%"),
        ("下一支出节点", "2025-10-31 · 100%"),
        ("还需支出（万元）", "4.00"),  # 100,000 − 60,000
        ("剩余天数", "92"),
        ("日均需支出（元）", "434.78"),  # 40,000 / 92 = 434.783
    ]
    captions = [c.value for c in at.caption]
    assert "上一节点：2025-06-30 · ✓ 达成" in captions  # 60,000 = 60% of 100,000: met
    assert "支出正常，指标无红、黄 → 综合状态 ●绿" in captions
    # 40,000 left at 30,000 / 92 a day: 122.7 → 123 days after 07-31 = 2025-12-01
    assert [i.value for i in at.info] == ["按近期进度，2025-12-01 将支出完毕"]
    assert trace(at, "支出节点")["text"] == [
        "30% ✓ 达成",
        "60% ✓ 达成",
        "100% 待到期",
        "100% 待到期",
    ]
    # expected 10 × 6.9699 / 12 = 5.81; 8 / 5.8082 = 137.7% ≥ 120 → blue
    assert table(at, "序号", "三级指标") == [
        ["1", "资助学校数", "≥10个", "8个", "5.81个", "137.7", BLUE, "超额完成，目标可能偏低"]
    ]
    # score: one 产出 indicator, 10 + 50 = 60 → execution 16.6667, 产出 83.33;
    # 60% × 16.6667 = 10.00; 8 / 10 × 83.33 = 66.67; total 76.67 → 中 (60..<80)
    assert cards(at)[13:] == [
        ("总分", "76.67"),
        ("等级", "中"),
        ("预算执行率得分", "10.00 / 16.67"),
    ]


def test_project_one_cent_short_of_a_checkpoint(figures):
    at = run(PROJECT_PAGE, {"project": D, "date": DAY})
    shown = dict(cards(at))
    # 59,999.99 reads as 6.00 万元 and 60.0%, like 丙's: the checkpoint result tells them apart
    assert (shown["已支出（万元）"], shown["执行率"]) == ("6.00", "60.0%")
    assert shown["支出预警"] == GREEN  # r = 59.99999 / 70.08 = 85.6
    assert shown["综合状态"] == YELLOW  # budget ok, but 验收合格率 is yellow
    assert shown["还需支出（万元）"] == "4.00"  # 100,000 − 59,999.99 = 40,000.01
    assert shown["日均需支出（元）"] == "434.78"  # 40,000.01 / 92 = 434.783
    captions = [c.value for c in at.caption]
    assert "上一节点：2025-06-30 · ✗ 未达成" in captions
    assert "支出正常，但指标 验收合格率 为红或黄 → 综合状态 ◆黄" in captions
    # 60,000 − 59,999.99 = 0.01 元 = 0.000001 万元 → 0.00
    assert trace(at, "支出节点")["text"] == [
        "30% ✓ 达成",
        "60% ✗ 未达成，差 <0.01 万元",
        "100% 待到期",
        "100% 待到期",
    ]
    # a rate: 70 / 95 = 73.7% → yellow (60..<80)
    assert table(at, "序号", "三级指标") == [
        ["1", "验收合格率", "≥95%", "70.0%", "95.0%", "73.7", YELLOW, "—"]
    ]
    # score: 59.99999% × 16.6667 = 10.00; 70 / 95 × 83.33 = 61.40; total 71.40 → 中
    assert cards(at)[13:] == [
        ("总分", "71.40"),
        ("等级", "中"),
        ("预算执行率得分", "10.00 / 16.67"),
    ]
