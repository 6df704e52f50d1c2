"""One story on every page, in a real Chromium at 1440 px (issue 12): the as-of date, the unit and
the language a reader chose survive changing page; every page in both languages is readable (no
None / nan, no horizontal scrolling), shows its title, its metric cards and its charts, and is
photographed into test-output/pages/<page>-<lang>.png for the next reader."""

from __future__ import annotations

import re

import pytest

from conftest import table_rows
from tests.e2e.conftest import HANG_GUARD_MS, OUTPUT
from tests.e2e.screen import charts, metrics, settled, shoot, wan

pytestmark = pytest.mark.e2e
SHOTS = OUTPUT.parent / "pages"
RAW = re.compile(r"\b(None|nan|NaN|NaT)\b")
WIDTH = 1440
# each page: its title (zh, en; None: the project's name), its metric cards, its charts' titles
PAGES = {
    "": (
        ("预算执行总览", "Budget execution overview"),
        8,
        (
            [
                "各项目执行率与计划进度（按差距排序）",
                "累计支出与计划（S 曲线）",
                "各单位执行率与计划进度",
            ],
            [
                "Execution against plan, by gap",
                "Cumulative spending against plan (S-curve)",
                "Execution against plan, by unit",
            ],
        ),
    ),
    "project": (
        None,
        16,
        (
            [
                "累计支出进度（占调整后预算）",
                "每月支出（万元）",
                "定量指标：实际值占目标值的比例（灰线：按时间进度应达）",
            ],
            [
                "Cumulative spending (% of current budget)",
                "Spending by month (10k yuan)",
                "Quantitative indicators: actual as a share of the target (grey: the target to"
                " date)",
            ],
        ),
    ),
    "lagging": (("滞后预警与审计", "Lagging projects and audit"), 0, ([], [])),
    "review": (
        ("月度例会", "Monthly review"),
        10,
        (
            ["累计支出与计划（S 曲线）", "滞后项目：执行率与计划进度（差距最大的 20 个）"],
            [
                "Cumulative spending against plan (S-curve)",
                "Lagging projects: execution against plan (the 20 largest gaps)",
            ],
        ),
    ),
    "monitoring": (("绩效监控情况表", "Performance monitoring form"), 4, ([], [])),
    "evaluation": (("绩效自评表", "Performance self-evaluation form"), 7, ([], [])),
    "targets": (
        ("项目绩效目标", "Project performance targets"),
        6,
        (["累计支出计划"], ["Cumulative spending plan"]),
    ),
    "import": (("数据导入", "Data import"), 0, ([], [])),
}


@pytest.fixture
def wide(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(HANG_GUARD_MS)
    page = context.new_page()
    yield page
    context.close()


def test_the_view_follows_the_reader_from_page_to_page(app_url, wide):
    page = wide
    page.goto(f"{app_url}/?lang=en&unit=712001")  # the overview is the root page
    settled(page)
    # the as-of date, typed on the overview as a reader would
    year = page.locator("[data-testid=stDateInputField] [role=spinbutton]").first
    year.click()
    page.keyboard.type("20250701")
    page.locator("[data-testid=stMain] h1").first.click()  # leaving the field commits it
    page.wait_for_url(re.compile(r"date=2025-07-01"))
    settled(page)
    # to the lagging page through the sidebar's navigation
    page.get_by_test_id("stSidebar").get_by_role("link", name="Lagging & audit").click()
    page.wait_for_url(re.compile(r"/lagging"))
    settled(page)
    for kept in ("date=2025-07-01", "unit=712001", "lang=en"):
        assert kept in page.url, page.url
    assert page.get_by_text(re.compile("As of 2025-07-01")).first.is_visible()
    # and on to the monthly review: its month follows the date
    page.get_by_test_id("stSidebar").get_by_role("link", name="Monthly review").click()
    page.wait_for_url(re.compile(r"/review"))
    settled(page)
    assert "date=2025-07-01" in page.url and "month=2025-07" in page.url


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_is_readable_at_1440px(app_url, demo_db, wide, lang):
    page = wide
    en = lang == "en"
    spent = table_rows(demo_db, "SELECT sum(amount_yuan) FROM spending")[0][0]  # all of 2025
    projects = table_rows(demo_db, "SELECT count(*) FROM projects")[0][0]
    for name, (titles, cards, chart_titles) in PAGES.items():
        page.goto(f"{app_url}/{name}" + ("?lang=en" if en else ""))
        if not name:
            page.get_by_role("heading", name=re.compile("预算执行总览|Budget execution")).wait_for()
        settled(page)
        shown = page.locator("[data-testid=stMain]").inner_text()
        assert not RAW.search(shown), (name, lang, RAW.search(shown))
        overflow = page.evaluate(
            "() => document.querySelector('[data-testid=stMain]').scrollWidth"
            " - document.querySelector('[data-testid=stMain]').clientWidth"
        )
        assert overflow <= 1, (name, lang, overflow)  # the page does not scroll sideways
        grids = page.evaluate(
            "() => [...document.querySelectorAll('.dvn-scroller')]"
            ".map(e => e.scrollWidth - e.clientWidth)"
        )
        assert all(extra <= 1 for extra in grids), (name, lang, grids)  # nor does any table
        shoot(page, f"{name or 'overview'}-{lang}", SHOTS)
        # what the picture shows: the title, the metric cards, the charts drawn with their titles
        title = page.locator("[data-testid=stMain] h1").first.inner_text().strip()
        if titles is None:  # the project page: the name of the project in the address
            code = re.search(r"project=(\w+)", page.url).group(1)
            titles = (
                table_rows(demo_db, "SELECT name FROM projects WHERE project_code = ?", [code])[0][
                    0
                ],
            ) * 2
        assert title == titles[en], (name, lang)
        values = metrics(page)
        assert len(values) == cards and all(values.values()), (name, lang, values)
        drawn = charts(page)
        assert [c["title"] for c in drawn] == chart_titles[en], (name, lang)
        assert all(c["svgs"] > 0 for c in drawn), (name, lang)
        if not name:  # the overview's figures: every payment of 2025; the targets': the projects
            assert values["Spent (10k yuan)" if en else "已支出（万元）"] == wan(spent)
        if name == "targets":
            assert values["Projects" if en else "项目"] == str(projects)
