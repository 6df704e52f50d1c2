"""The leadership and audit pages in a real headless Chromium on the county demo. Each picture
(test-output/e2e/<name>.png) is asserted for what it shows: the figures on its metric cards, worked
out here from the store's own rows with plain SQL (sums of payments and budgets, never the
engine's answers), its headings, and its charts with their titles and legends."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import table_rows
from loaders.demo import CASES
from tests.e2e.conftest import OUTPUT
from tests.e2e.screen import charts, headings, metric, metrics, shoot, wan

pytestmark = pytest.mark.e2e
P1 = "13043425P00450110058B"  # 2025年基层团组织经费
P2 = "13043425P00437410002E"  # 2025年特困生救助金
AS_OF = "2025-11-30"  # the demo's last day: the pages' default date
S_CURVE = ["计划进度", "序时进度", "累计执行率"]
PROJECT_S_CURVE = [*S_CURVE, "支出节点", "年底预测"]
PROJECT_CHARTS = [
    "累计支出进度（占调整后预算）",
    "每月支出（万元）",
    "定量指标：实际值占目标值的比例（灰线：按时间进度应达）",
]


def spent(db: Path, through: str, project: str | None = None, since: str = "2025-01-01") -> Decimal:
    """The payments from `since` through `through` (of `project`, or of all projects), in yuan."""
    where = " AND project_code = ?" if project else ""
    return table_rows(
        db,
        "SELECT coalesce(sum(amount_yuan), 0) FROM spending WHERE pay_date BETWEEN ? AND ?" + where,
        [since, through, *([project] if project else [])],
    )[0][0]


def budget(db: Path, through: str, project: str | None = None) -> Decimal:
    """The budgets as published plus the adjustments made through `through`, in yuan."""
    only = " AND project_code = ?" if project else ""
    params = [project] if project else []
    return table_rows(
        db,
        "SELECT (SELECT sum(budget_yuan) FROM projects WHERE true" + only + ")"
        " + (SELECT coalesce(sum(amount_yuan), 0) FROM budget_adjustments WHERE adj_date <= ?"
        + only
        + ")",
        [*params, through, *params],
    )[0][0]


def name(db: Path, project: str) -> str:
    return table_rows(db, "SELECT name FROM projects WHERE project_code = ?", [project])[0][0]


def test_overview_click_through_to_a_project(app_url, demo_db, page):
    page.goto(app_url)
    page.get_by_role("heading", name="各单位执行情况").wait_for()
    shoot(page, "overview")
    assert headings(page) == ["预算执行总览", "支出预警（项目数）", "各单位执行情况"]
    assert page.get_by_text("演示数据").first.is_visible()
    shown = metrics(page)
    total, paid = budget(demo_db, AS_OF), spent(demo_db, AS_OF)
    assert shown["预算（万元）"] == wan(total)  # 62 budgets + 85万 in July − 40万 in September
    assert shown["已支出（万元）"] == wan(paid)  # every payment of 2025 through 30 November
    assert shown["执行率"] == f"{paid / total:.1%}"
    codes = [code for (code,) in table_rows(demo_db, "SELECT project_code FROM projects")]
    over = [c for c in codes if spent(demo_db, AS_OF, c) > budget(demo_db, AS_OF, c)]
    assert over == CASES["over_budget"] and shown["✖ 超预算"] == "1"
    statuses = ("✖ 超预算", "▲ 红（预警）", "◆ 黄（关注）", "● 绿（正常）")
    assert sum(int(shown[s]) for s in statuses) == len(codes)  # each project has one status
    gap, s_curve, units = charts(page)
    assert [c["svgs"] > 0 for c in (gap, s_curve, units)] == [True] * 3  # all three drawn
    assert gap["title"] == "各项目执行率与计划进度（按差距排序）"
    assert gap["legend"] == ["✖ 超预算", "● 绿（正常）", "◆ 黄（关注）", "▲ 红（预警）", "计划进度"]
    # one bar per project, named with the last six characters of its code; first on the axis
    # the project over budget, its bar labelled spent ÷ budget
    assert sorted(tick[-6:] for tick in gap["ticks"]) == sorted(code[-6:] for code in codes)
    (first,) = over
    assert gap["ticks"][0].endswith(first[-6:])
    ratio = spent(demo_db, AS_OF, first) / budget(demo_db, AS_OF, first)
    assert gap["labels"][0] == f"✖ 超预算 {ratio:.1%}"
    assert (s_curve["title"], s_curve["legend"]) == ("累计支出与计划（S 曲线）", S_CURVE)
    assert units["title"] == "各单位执行率与计划进度" and units["legend"][-1] == "计划进度"
    assert set(units["legend"][:-1]) <= set(statuses)

    # click the gap chart's first bar: the project over budget
    bar = page.locator(".js-plotly-plot").first.locator("g.point path").first
    bar.click(force=True)
    page.wait_for_url(re.compile(rf"/project\?project={first}"))
    page.get_by_role("heading", name="追赶计划").wait_for()
    shoot(page, "overview-click-project")
    assert headings(page)[0] == name(demo_db, first)
    assert metric(page, "已支出（万元）") == wan(spent(demo_db, AS_OF, first))
    assert metric(page, "调整后预算（万元）") == wan(budget(demo_db, AS_OF, first))
    assert [c["title"] for c in charts(page)] == PROJECT_CHARTS


def test_project_page_date_and_project(app_url, demo_db, page):
    page.goto(f"{app_url}/project?project={P1}&date=2025-09-30")
    page.get_by_role("heading", name="2025年基层团组织经费").wait_for()
    page.get_by_text("累计支出进度（占调整后预算）").first.wait_for()
    september = metric(page, "已支出（万元）")
    assert september == wan(spent(demo_db, "2025-09-30", P1))
    # the date field's year, month and day segments, typed as a user would
    year = page.locator("[data-testid=stDateInputField] [role=spinbutton]").first
    year.click()
    page.keyboard.type("20250331")
    page.get_by_role("heading", name="2025年基层团组织经费").click()  # leaving the field commits it
    page.wait_for_function(
        "v => [...document.querySelectorAll('[data-testid=stMetric]')].some("
        "m => m.innerText.includes('已支出') && !m.innerText.includes(v))",
        arg=september,
    )
    assert "date=2025-03-31" in page.url
    shoot(page, "project-march")
    march, whole = spent(demo_db, "2025-03-31", P1), budget(demo_db, "2025-03-31", P1)
    shown = metrics(page)
    assert shown["调整后预算（万元）"] == wan(whole)  # 5万元, no adjustment
    assert shown["已支出（万元）"] == wan(march)
    assert shown["执行率"] == f"{march / whole:.1%}"
    payments = table_rows(
        demo_db,
        "SELECT count(*) FROM spending WHERE project_code = ? AND pay_date <= '2025-03-31'",
        [P1],
    )[0][0]
    page.get_by_text(f"{payments} 笔，合计 {march:,.2f} 元").first.wait_for()
    s_curve, monthly, indicators = charts(page)
    assert [c["title"] for c in (s_curve, monthly, indicators)] == PROJECT_CHARTS
    assert s_curve["legend"] == PROJECT_S_CURVE
    months = table_rows(  # one bar per month with payments, labelled in 万元
        demo_db,
        "SELECT sum(amount_yuan) FROM spending WHERE project_code = ? AND pay_date <= '2025-03-31'"
        " GROUP BY month(pay_date) ORDER BY month(pay_date)",
        [P1],
    )
    assert monthly["labels"] == [wan(total) for (total,) in months]
    # another project from the sidebar
    box = page.get_by_role("combobox", name=re.compile("项目")).last
    box.click()
    box.fill(P2)
    page.get_by_role("option", name=re.compile(P2)).click()
    page.get_by_role("heading", name="2025年特困生救助金").wait_for()
    page.get_by_role("heading", name="受益对象").wait_for()
    assert "project=13043425P00437410002E" in page.url
    shoot(page, "project-roster")
    aided = table_rows(
        demo_db,
        "SELECT count(*), count(DISTINCT person_key) FROM beneficiaries"
        " WHERE project_code = ? AND aid_date <= '2025-03-31'",
        [P2],
    )[0]
    shown = metrics(page)
    assert (shown["受助记录"], shown["受助人数（去重）"]) == tuple(map(str, aided))
    assert shown["已支出（万元）"] == wan(spent(demo_db, "2025-03-31", P2))
    assert [c["title"] for c in charts(page)] == PROJECT_CHARTS


def test_lagging_page(app_url, page):
    page.goto(f"{app_url}/lagging?date=2025-09-30")
    page.get_by_role("heading", name="滞后预警与审计").wait_for()
    summary = page.get_by_text(re.compile(r"\d+ 个项目滞后")).first
    page.get_by_role("heading", name="目标设置问题（全部项目）").wait_for()
    page.get_by_role("heading", name="记录异常").wait_for()
    page.get_by_role("button", name="下载 Excel").nth(1).wait_for()
    button = page.locator(".st-key-lagging_csv").get_by_role("button", name="下载 CSV")
    with page.expect_download() as download:
        button.click()  # the list's own button: a rerun may redraw the page's buttons in any order
    assert download.value.suggested_filename.startswith("lagging-2025-09-30")
    saved = OUTPUT / "lagging.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(saved.read_text("utf-8-sig").splitlines()))
    assert list(rows[0])[:2] == ["项目编码", "项目名称"]
    shoot(page, "lagging")
    # the sentence above the list counts the list's rows and adds up their gaps (each row's gap
    # is rounded to 0.01万元 in the file: the total may differ by half a cent of 万元 per row)
    count, total = re.match(r"(\d+) 个项目滞后，共差 ([\d,.]+) 万元", summary.inner_text()).groups()
    assert int(count) == len(rows)
    gap = sum(Decimal(row["节点差额（万元）"]) for row in rows)
    assert abs(Decimal(total.replace(",", "")) - gap) <= Decimal("0.005") * len(rows)
    listed = {row["项目编码"] for row in rows}
    assert set(CASES["lagging"]) <= listed and not set(CASES["on_plan"]) & listed
    assert charts(page) == []  # a page of tables
    assert headings(page)[:2] == ["滞后预警与审计", "滞后项目（按差额排序）"]


def test_monthly_review_and_its_pack(app_url, demo_db, page):
    page.goto(f"{app_url}/review?month=2025-06")
    page.get_by_role("heading", name="月度例会").wait_for()
    page.get_by_text("2025年6月").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    shoot(page, "review")
    end = "2025-06-30"
    total, paid = budget(demo_db, end), spent(demo_db, end)
    shown = metrics(page)
    assert shown["预算（万元）"] == wan(total)  # the adjustments came in July and September
    assert shown["已支出（万元）"] == wan(paid)
    assert shown["本月支出（万元）"] == wan(spent(demo_db, end, since="2025-06-01"))
    assert shown["执行率"] == f"{paid / total:.1%}"
    sections = [h for h in headings(page) if re.match("[一二三四五六七八九]、", h)]
    assert [s[0] for s in sections] == list("一二三四五六七八九")
    s_curve, lagging = charts(page)
    assert (s_curve["title"], s_curve["legend"]) == ("累计支出与计划（S 曲线）", S_CURVE)
    assert lagging["title"] == "滞后项目：执行率与计划进度（差距最大的 20 个）"
    assert lagging["legend"][-1] == "计划进度" and 0 < len(lagging["ticks"]) <= 20
    with page.expect_download() as html:
        page.get_by_role("button", name="下载 HTML（可打印）").click()
    saved = OUTPUT / "pack.html"
    html.value.save_as(saved)
    text = saved.read_text("utf-8")
    assert "月度例会" in text and "@page" in text and "Plotly" in text
    with page.expect_download() as xlsx:
        page.get_by_role("button", name="下载 Excel 工作簿").click()
    workbook = OUTPUT / "pack.xlsx"
    xlsx.value.save_as(workbook)
    assert workbook.read_bytes()[:2] == b"PK"


def test_import_upload_dry_run_then_confirm(fresh_app_url, demo_db, page, tmp_path):
    from records_files import spending_row, write_csv

    upload = write_csv(  # a title line and a 单位 line, the header, two payments
        tmp_path / "六月补录.csv",
        [
            spending_row("2025-06-20", P1, "1234.56", "E2E-0001"),
            spending_row("2025-06-21", "13043425P99999999999X", "10", "E2E-0002"),
        ],
    )
    page.goto(f"{fresh_app_url}/import")
    page.get_by_role("heading", name="数据导入").first.wait_for()
    kind = page.get_by_role("combobox", name=re.compile("导入内容"))
    kind.click()
    page.get_by_role("option", name="支出明细").click()
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_text("试运行预览（尚未写入）").first.wait_for()
    page.get_by_text("六月补录.csv · 可以导入").first.wait_for()
    page.get_by_text("不存入的行及原因").first.wait_for()  # the unknown project's row, in a grid
    shoot(page, "import-preview")
    # the lines besides the header: the two above it skipped, the payment of P1 stored, the one
    # on an unknown project code refused: 2 + 1 + 1 = 4
    assert metrics(page) == {"总行数": "4", "存入": "1", "重复": "0", "拒收": "1", "跳过": "2"}
    assert charts(page) == []
    page.get_by_role("button", name=re.compile("确认导入")).click()
    done = page.get_by_text(re.compile(r"已导入，批次 \d+")).first
    done.wait_for()
    shoot(page, "import-done")
    db = tmp_path / "tracker.duckdb"  # the copy the dashboard serves (fresh_app_url)
    ((load_id, loaded, rejected),) = table_rows(
        db,
        "SELECT load_id, rows_loaded, rows_rejected FROM imports WHERE file_name = ?",
        ["六月补录.csv"],
    )
    assert (loaded, rejected) == (1, 1)
    assert re.search(rf"批次 {load_id}\b", done.inner_text())
    # the new record is on the project's page at once
    page.goto(f"{fresh_app_url}/project?project={P1}&date=2025-06-30")
    page.get_by_role("heading", name="2025年基层团组织经费").wait_for()
    search = page.get_by_role("textbox", name="搜索凭证号、收款人或摘要")
    search.fill("E2E-0001")
    search.press("Enter")
    page.get_by_text("1 笔，合计 1,234.56 元").first.wait_for()
    shoot(page, "import-shows-on-project")
    before = spent(demo_db, "2025-06-30", P1)  # the demo's payments, then + 1,234.56
    assert metric(page, "已支出（万元）") == wan(before + Decimal("1234.56"))


def test_monitoring_form_fill_save_and_export(fresh_app_url, demo_db, page):
    page.goto(f"{fresh_app_url}/monitoring?project={P1}&date=2025-07-31")  # the view's date: 1—7月
    page.get_by_role("heading", name="绩效监控情况表").wait_for()
    main = page.get_by_test_id("stMain")
    main.get_by_text("▲ 预计难以完成").first.wait_for()
    paid, whole = spent(demo_db, "2025-07-31", P1), budget(demo_db, "2025-07-31", P1)
    assert metric(page, "执行率") == f"{paid / whole:.1%}" == "39.6%"  # 19,800 ÷ 50,000
    # every line (the budget line and seven indicators): a likelihood and an explanation
    lines = main.get_by_role("radiogroup")
    assert lines.count() == 8
    for i in range(lines.count()):
        lines.nth(i).get_by_text("有可能", exact=True).click()
    explanations = main.get_by_role("textbox", name=re.compile("原因说明"))
    assert explanations.count() == 8
    for i in range(explanations.count()):
        explanations.nth(i).fill(f"第{i}行：浏览器测试填写的原因说明")
    main.get_by_role("textbox", name="填报人").fill("浏览器测试")
    shoot(page, "monitoring-filled")
    shown = metrics(page)
    assert (shown["调整后预算（万元）"], shown["已支出（万元）"]) == (wan(whole), wan(paid))
    assert headings(page)[:2] == ["绩效监控情况表", "2025年基层团组织经费"]
    assert charts(page) == []  # the form: lines and fields
    main.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("已保存（第 1 号保存）").first.wait_for()
    page.get_by_text(re.compile("最近一次保存：浏览器测试")).first.wait_for()
    shoot(page, "monitoring-saved")
    assert main.get_by_role("textbox", name="填报人").input_value() == "浏览器测试"
    assert metric(page, "执行率") == "39.6%"
    for fmt in ("xlsx", "docx"):
        with page.expect_download() as download:
            page.get_by_role("button", name=f"本项目 .{fmt}").click()
        saved = OUTPUT / f"monitoring.{fmt}"
        download.value.save_as(saved)
        assert saved.read_bytes()[:2] == b"PK"
        assert download.value.suggested_filename.endswith(f".{fmt}")
    # the export carries what was just saved
    import openpyxl

    workbook = openpyxl.load_workbook(OUTPUT / "monitoring.xlsx")
    cells = {str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row}
    assert "第1行：浏览器测试填写的原因说明" in cells
