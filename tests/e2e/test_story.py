"""One story on every page, in a real Chromium at 1440 px (issue 12): the as-of date, the unit and
the language a reader chose survive changing page; every page in both languages is readable (no
None / nan, no horizontal scrolling) and is photographed into test-output/pages for the next
reader."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import OUTPUT

pytestmark = pytest.mark.e2e
PAGES = ["", "project", "lagging", "review", "monitoring", "evaluation", "targets", "import"]
SHOTS = OUTPUT.parent / "pages"
RAW = re.compile(r"\b(None|nan|NaN|NaT)\b")
WIDTH = 1440


@pytest.fixture
def wide(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def settled(page) -> None:
    """The page's heading is drawn and Streamlit has finished its run."""
    page.locator("[data-testid=stMain] h1").first.wait_for(timeout=90_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " && !document.querySelector('[data-testid=stSkeleton]')",
        timeout=90_000,
    )
    page.wait_for_timeout(1500)  # the grids and charts draw after the run


def photograph(page, path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the window is made as tall as
    the page for the picture, then set back."""
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": WIDTH, "height": min(int(height) + 40, 16_000)})
    page.wait_for_timeout(800)  # charts redraw at the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": WIDTH, "height": 1000})


def test_the_view_follows_the_reader_from_page_to_page(app_url, wide):
    page = wide
    page.goto(f"{app_url}/?lang=en&unit=712001")  # the overview is the root page
    settled(page)
    # the as-of date, typed on the overview as a reader would
    year = page.locator("[data-testid=stDateInputField] [role=spinbutton]").first
    year.click()
    page.keyboard.type("20250701")
    page.locator("[data-testid=stMain] h1").first.click()  # leaving the field commits it
    page.wait_for_url(re.compile(r"date=2025-07-01"), timeout=30_000)
    settled(page)
    # to the lagging page through the sidebar's navigation
    page.get_by_test_id("stSidebar").get_by_role("link", name="Lagging & audit").click()
    page.wait_for_url(re.compile(r"/lagging"), timeout=30_000)
    settled(page)
    for kept in ("date=2025-07-01", "unit=712001", "lang=en"):
        assert kept in page.url, page.url
    assert page.get_by_text(re.compile("As of 2025-07-01")).first.is_visible()
    # and on to the monthly review: its month follows the date
    page.get_by_test_id("stSidebar").get_by_role("link", name="Monthly review").click()
    page.wait_for_url(re.compile(r"/review"), timeout=30_000)
    settled(page)
    assert "date=2025-07-01" in page.url and "month=2025-07" in page.url


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_is_readable_at_1440px(app_url, wide, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = wide
    for name in PAGES:
        page.goto(f"{app_url}/{name}" + ("?lang=en" if lang == "en" else ""))
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
        photograph(page, SHOTS / f"{name or 'overview'}-{lang}.png")
