"""The leadership and audit pages in a real headless Chromium on the county demo."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import OUTPUT

pytestmark = pytest.mark.e2e
P1 = "13043425P00450110058B"


def metric(page, label: str) -> str:
    """The value of the st.metric labelled `label`."""
    box = page.locator("[data-testid=stMetric]").filter(has_text=label).first
    return box.locator("[data-testid=stMetricValue]").inner_text()


def test_overview_click_through_to_a_project(app_url, page):
    page.goto(app_url)
    page.get_by_role("heading", name="预算执行总览").wait_for(timeout=60_000)
    page.get_by_text("各项目执行率与计划进度").first.wait_for()
    page.get_by_text("累计支出与计划（S 曲线）").first.wait_for()
    assert page.get_by_text("演示数据").first.is_visible()
    assert re.fullmatch(r"[\d,]+\.\d\d", metric(page, "已支出（万元）"))
    page.get_by_role("heading", name="各单位执行情况").wait_for()
    page.screenshot(path=str(OUTPUT / "overview.png"), full_page=True)

    # click the top bar of the gap chart (the project furthest behind plan)
    bar = page.locator(".js-plotly-plot").first.locator("g.point path").first
    bar.click(force=True)
    page.wait_for_url(re.compile(r"/project\?project=13043425P"), timeout=60_000)
    page.get_by_text("累计支出进度（占调整后预算）").first.wait_for(timeout=60_000)
    page.get_by_role("heading", name="追赶计划").wait_for()
    page.screenshot(path=str(OUTPUT / "overview-click-project.png"), full_page=True)


def test_project_page_date_and_project(app_url, page):
    page.goto(f"{app_url}/project?project={P1}&date=2025-09-30")
    page.get_by_role("heading", name="2025年基层团组织经费").wait_for(timeout=60_000)
    page.get_by_text("累计支出进度（占调整后预算）").first.wait_for()
    september = metric(page, "已支出（万元）")
    # a new as-of date, typed as a user would
    # the date field's year, month and day segments, typed as a user would
    year = page.locator("[data-testid=stDateInputField] [role=spinbutton]").first
    year.click()
    page.keyboard.type("20250331")
    page.get_by_role("heading", name="2025年基层团组织经费").click()  # leaving the field commits it
    page.wait_for_function(
        "v => [...document.querySelectorAll('[data-testid=stMetric]')].some("
        "m => m.innerText.includes('已支出') && !m.innerText.includes(v))",
        arg=september,
        timeout=30_000,
    )
    assert "date=2025-03-31" in page.url
    page.screenshot(path=str(OUTPUT / "project-march.png"), full_page=True)
    # another project from the sidebar
    box = page.get_by_role("combobox", name=re.compile("项目")).last
    box.click()
    box.fill("13043425P00437410002E")
    page.get_by_role("option", name=re.compile("13043425P00437410002E")).click()
    page.get_by_role("heading", name="2025年特困生救助金").wait_for(timeout=30_000)
    page.get_by_role("heading", name="受益对象").wait_for()
    assert "project=13043425P00437410002E" in page.url
    page.screenshot(path=str(OUTPUT / "project-roster.png"), full_page=True)


def test_lagging_page(app_url, page):
    page.goto(f"{app_url}/lagging?date=2025-09-30")
    page.get_by_role("heading", name="滞后预警与审计").wait_for(timeout=60_000)
    page.get_by_text(re.compile(r"\d+ 个项目滞后")).first.wait_for()
    page.get_by_role("heading", name="目标设置问题（全部项目）").wait_for()
    page.get_by_role("heading", name="记录异常").wait_for()
    page.get_by_role("button", name="下载 Excel").nth(1).wait_for()
    button = page.locator(".st-key-lagging_csv").get_by_role("button", name="下载 CSV")
    with page.expect_download() as download:
        button.click()  # the list's own button: a rerun may redraw the page's buttons in any order
    assert download.value.suggested_filename.startswith("lagging-2025-09-30")
    saved = OUTPUT / "lagging.csv"
    download.value.save_as(saved)
    text = saved.read_text("utf-8-sig")
    assert text.splitlines()[0].startswith("项目编码,项目名称")
    page.screenshot(path=str(OUTPUT / "lagging.png"), full_page=True)


def test_monthly_review_and_its_pack(app_url, page):
    page.goto(f"{app_url}/review?month=2025-06")
    page.get_by_role("heading", name="月度例会").wait_for(timeout=60_000)
    page.get_by_text("2025年6月").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    page.screenshot(path=str(OUTPUT / "review.png"), full_page=True)
    with page.expect_download(timeout=60_000) as html:
        page.get_by_role("button", name="下载 HTML（可打印）").click()
    saved = OUTPUT / "pack.html"
    html.value.save_as(saved)
    text = saved.read_text("utf-8")
    assert "月度例会" in text and "@page" in text and "Plotly" in text
    with page.expect_download(timeout=60_000) as xlsx:
        page.get_by_role("button", name="下载 Excel 工作簿").click()
    workbook = OUTPUT / "pack.xlsx"
    xlsx.value.save_as(workbook)
    assert workbook.read_bytes()[:2] == b"PK"


def test_import_upload_dry_run_then_confirm(fresh_app_url, page, tmp_path):
    from records_files import spending_row, write_csv

    upload = write_csv(
        tmp_path / "六月补录.csv",
        [
            spending_row("2025-06-20", P1, "1234.56", "E2E-0001"),
            spending_row("2025-06-21", "13043425P99999999999X", "10", "E2E-0002"),
        ],
    )
    page.goto(f"{fresh_app_url}/import")
    page.get_by_role("heading", name="数据导入").first.wait_for(timeout=60_000)
    kind = page.get_by_role("combobox", name=re.compile("导入内容"))
    kind.click()
    page.get_by_role("option", name="支出明细").click()
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_text("试运行预览（尚未写入）").first.wait_for(timeout=60_000)
    page.get_by_text("六月补录.csv · 可以导入").first.wait_for()
    page.get_by_text("不存入的行及原因").first.wait_for()  # the unknown project's row, in a grid
    page.screenshot(path=str(OUTPUT / "import-preview.png"), full_page=True)
    page.get_by_role("button", name=re.compile("确认导入")).click()
    page.get_by_text(re.compile("已导入，批次")).first.wait_for(timeout=60_000)
    page.screenshot(path=str(OUTPUT / "import-done.png"), full_page=True)
    # the new record is on the project's page at once
    page.goto(f"{fresh_app_url}/project?project={P1}&date=2025-06-30")
    page.get_by_role("heading", name="2025年基层团组织经费").wait_for(timeout=60_000)
    search = page.get_by_role("textbox", name="搜索凭证号、收款人或摘要")
    search.fill("E2E-0001")
    search.press("Enter")
    page.get_by_text("1 笔，合计 1,234.56 元").first.wait_for(timeout=30_000)
    page.screenshot(path=str(OUTPUT / "import-shows-on-project.png"), full_page=True)


def test_monitoring_form_fill_save_and_export(fresh_app_url, page):
    page.goto(f"{fresh_app_url}/monitoring?project={P1}&date=2025-07-31")  # the view's date: 1—7月
    page.get_by_role("heading", name="绩效监控情况表").wait_for(timeout=60_000)
    main = page.get_by_test_id("stMain")
    main.get_by_text("▲ 预计难以完成").first.wait_for()
    assert metric(page, "执行率") == "39.6%"
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
    page.screenshot(path=str(OUTPUT / "monitoring-filled.png"), full_page=True)
    main.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("已保存（第 1 号保存）").first.wait_for(timeout=60_000)
    page.get_by_text(re.compile("最近一次保存：浏览器测试")).first.wait_for()
    page.screenshot(path=str(OUTPUT / "monitoring-saved.png"), full_page=True)
    for fmt in ("xlsx", "docx"):
        with page.expect_download(timeout=60_000) as download:
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
