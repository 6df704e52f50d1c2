"""The dashboard in a real headless Chromium: what a newcomer sees after `make run`. Each picture
(test-output/e2e/<name>.png) is asserted for what it shows: the figures on its metric cards
(worked out from the store's rows with plain SQL), its headings and its chart."""

from __future__ import annotations

import re

import pytest

from conftest import table_rows
from tests.e2e.screen import charts, headings, metrics, shoot, wan

pytestmark = pytest.mark.e2e
P1 = "13043425P00450110058B"  # 2025年基层团组织经费
P2 = "13043425P00437410002E"  # 2025年特困生救助金


def store_figures(db) -> tuple[str, str, str]:
    """(projects, their budgets in 万元, target-quality findings) as the cards show them."""
    ((projects, budgets),) = table_rows(db, "SELECT count(*), sum(budget_yuan) FROM projects")
    findings = table_rows(db, "SELECT count(*) FROM target_findings WHERE severity = 'warning'")
    return str(projects), wan(budgets), str(findings[0][0])


def test_targets_page_shows_both_sample_projects(app_url, demo_db, page):
    page.goto(f"{app_url}/targets?project={P2}")
    page.get_by_role("heading", name="项目绩效目标").wait_for()
    page.get_by_text("2025年特困生救助金").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    page.get_by_text("演示数据").first.wait_for()
    shoot(page, "targets-default")
    shown = metrics(page)
    assert (shown["项目"], shown["预算总额（万元）"], shown["目标质量提示"]) == store_figures(
        demo_db
    )
    # the sample's 特困生救助金: 5万元 of fiscal funds, 其他资金 left blank
    assert (shown["预算数（元）"], shown["其中：财政资金（元）"]) == ("50,000.00", "50,000.00")
    assert shown["其他资金（元）"] == "—"
    assert headings(page)[:4] == ["项目绩效目标", "2025年特困生救助金", "绩效指标", "目标质量提示"]
    # its plan as published: 30 / 30 / 100 and a blank 12月底, carried from 10月底
    (plan,) = charts(page)
    assert plan["svgs"] > 0 and plan["title"] == "累计支出计划"
    assert plan["legend"] == ["累计支出计划", "已公布", "空白，沿用上期"]

    # choose the other project in the selectbox, as a user would
    box = page.get_by_role("combobox", name="项目", exact=True).last  # not the links form's
    box.click()
    box.fill(P1)  # the list is long: type to filter, as a user would
    page.get_by_role("option", name=re.compile(P1)).click()
    page.get_by_role("heading", name="2025年基层团组织经费").wait_for()
    assert f"project={P1}" in page.url
    page.get_by_text("该项目没有目标质量提示").wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    shoot(page, "targets-project")
    shown = metrics(page)
    assert (shown["项目"], shown["预算总额（万元）"], shown["目标质量提示"]) == store_figures(
        demo_db
    )
    assert shown["预算数（元）"] == "50,000.00"  # the sample's 团组织经费: 5万元
    assert headings(page)[1] == "2025年基层团组织经费"
    (plan,) = charts(page)
    assert plan["svgs"] > 0 and plan["title"] == "累计支出计划"


def test_deep_link_in_english(app_url, demo_db, page):
    page.goto(f"{app_url}/targets?project={P1}&lang=en")
    page.get_by_role("heading", name="Project performance targets").wait_for()
    page.get_by_role("heading", name="2025年基层团组织经费").wait_for()
    page.get_by_role("heading", name="Target-quality findings").wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_function("document.querySelectorAll('[data-testid=stDataFrame]').length >= 3")
    page.get_by_text("No findings for this project.").wait_for()
    shoot(page, "targets-english")
    shown = metrics(page)
    figures = (shown["Projects"], shown["Total budget (10k yuan)"], shown["Findings"])
    assert figures == store_figures(demo_db)
    assert shown["Budget (yuan)"] == "50,000.00"
    assert headings(page)[:4] == [
        "Project performance targets",
        "2025年基层团组织经费",
        "Performance indicators",
        "Target-quality findings",
    ]
    (plan,) = charts(page)
    assert plan["svgs"] > 0 and plan["title"] == "Cumulative spending plan"
    assert plan["legend"] == ["Cumulative spending plan", "published", "blank, carried"]
