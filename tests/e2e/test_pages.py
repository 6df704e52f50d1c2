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
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 CSV").first.click()
    saved = OUTPUT / "lagging.csv"
    download.value.save_as(saved)
    text = saved.read_text("utf-8-sig")
    assert text.splitlines()[0].startswith("项目编码,项目名称")
    page.screenshot(path=str(OUTPUT / "lagging.png"), full_page=True)
