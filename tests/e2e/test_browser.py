"""The dashboard in a real headless Chromium: what a newcomer sees after `make run`."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import OUTPUT

pytestmark = pytest.mark.e2e


def test_targets_page_shows_both_sample_projects(app_url, page):
    page.goto(f"{app_url}/targets?project=13043425P00437410002E")
    page.get_by_role("heading", name="项目绩效目标").wait_for(timeout=60_000)
    page.get_by_text("2025年特困生救助金").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.get_by_text("演示数据").first.is_visible()
    page.screenshot(path=str(OUTPUT / "targets-default.png"), full_page=True)

    # choose the other project in the selectbox, as a user would
    box = page.get_by_role("combobox", name="项目", exact=True).last  # not the links form's
    box.click()
    box.fill("13043425P00450110058B")  # the list is long: type to filter, as a user would
    page.get_by_role("option", name=re.compile("13043425P00450110058B")).click()
    page.get_by_role("heading", name="2025年基层团组织经费").wait_for()
    assert "project=13043425P00450110058B" in page.url
    page.get_by_text("该项目没有目标质量提示").wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    page.screenshot(path=str(OUTPUT / "targets-project.png"), full_page=True)


def test_deep_link_in_english(app_url, page):
    page.goto(f"{app_url}/targets?project=13043425P00450110058B&lang=en")
    page.get_by_role("heading", name="Project performance targets").wait_for(timeout=60_000)
    page.get_by_role("heading", name="2025年基层团组织经费").wait_for()
    page.get_by_role("heading", name="Target-quality findings").wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_function("document.querySelectorAll('[data-testid=stDataFrame]').length >= 3")
    assert page.get_by_text("No findings for this project.").is_visible()
    page.screenshot(path=str(OUTPUT / "targets-english.png"), full_page=True)
