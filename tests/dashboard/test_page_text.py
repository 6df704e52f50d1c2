"""Every page in both languages, as a reader sees it (AppTest through the app, the county demo):
no None, nan or NaT, no snake_case key, no untranslated catalogue word in English; the view's
as-of date carried from the overview to every other page; an over-budget project shown as such on
the overview and the lagging page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from app_pages import run
from page_text import frames, page_texts, problems
from streamlit.testing.v1 import AppTest

from conftest import plotly_values, table_rows

PAGES = [
    "views/overview.py",
    "views/project.py",
    "views/lagging.py",
    "views/review.py",
    "views/monitoring.py",
    "views/evaluation.py",
    "views/targets.py",
    "views/imports.py",
]
OVER = "13043425P00429450052G"  # 城乡困难群众临时救助: spent 108% of its budget by November
OVER_NAME = "城乡困难群众临时救助"


@pytest.fixture(scope="module")
def document_words(county_demo) -> frozenset[str]:
    """Texts of the loaded files a page may show as they are, in either language."""
    rows = table_rows(
        county_demo,
        "SELECT object FROM unit_goals UNION SELECT text FROM unit_goals"
        " UNION SELECT name FROM indicators UNION SELECT name FROM projects",
    )
    return frozenset(str(r[0]).strip() for r in rows if r[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_word_is_readable(county, document_words, page, lang):
    at = run(page, {"lang": lang} if lang == "en" else {})
    assert page_texts(at), "the scan sees the page"
    assert problems(at, lang, document_words) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_over_budget_project_page_is_readable(county, lang):
    at = run("views/project.py", {"project": OVER} | ({"lang": lang} if lang == "en" else {}))
    assert problems(at, lang) == []
    word = "超预算" if lang == "zh" else "over budget"
    assert any(word in text for text in page_texts(at))


@pytest.mark.parametrize("page", PAGES[1:])
def test_the_date_set_on_the_overview_is_kept(county, page):
    """Set 2025-07-01 on the overview, open another page: the date is still 2025-07-01, in the
    sidebar and in the URL, and the page's figures are those of that date."""
    at = run(PAGES[0])
    day = dt.date(2025, 7, 1)
    at.date_input(key="view_as_of").set_value(day).run()
    assert at.query_params["date"] in (day.isoformat(), [day.isoformat()])
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert at.date_input(key="view_as_of").value == day
    assert at.query_params["date"] in (day.isoformat(), [day.isoformat()])
    shown = " ".join(page_texts(at))
    if page == "views/review.py":
        assert at.selectbox(key="review_month").value == "2025-07"
    elif page == "views/monitoring.py":
        assert at.selectbox(key="mon_period_2025").value == "2025-06"  # the last whole month
    elif page == "views/evaluation.py":
        assert "2025-07-01" in shown  # the preview's date
    elif page in ("views/project.py", "views/lagging.py"):
        assert "2025-07-01" in shown


def test_the_unit_set_on_the_overview_is_kept(county):
    at = run(PAGES[0])
    at.selectbox(key="view_unit").set_value("712001").run()
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception, at.exception
        assert at.selectbox(key="view_unit").value == "712001"
        assert at.query_params["unit"] in ("712001", ["712001"])


def test_an_over_budget_project_is_flagged_on_the_overview_and_the_lagging_page(county):
    at = run(PAGES[0])
    shown = " ".join(page_texts(at))
    assert OVER_NAME in shown and "超预算" in shown
    at.switch_page("views/lagging.py").run()
    assert at.subheader[0].value == "✖ 超预算"  # the first table of the page
    over = frames(at)[0]
    assert OVER_NAME in set(over["项目名称"])
    assert float(over.loc[over["项目名称"] == OVER_NAME, "执行率"].iloc[0].rstrip("%")) > 100


def execution_shown(at: AppTest) -> float:
    """The headline 执行率 (the first metric so labelled), as a number."""
    value = next(m.value for m in at.metric if m.label == "执行率")
    return float(value.rstrip("%"))


def execution_curve_end(at: AppTest, title_word: str) -> tuple[str, float]:
    """The last point of the 累计执行率 line of the S-curve whose title holds `title_word`."""
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec["layout"].get("title", {})
        if title_word not in (title.get("text", "") if isinstance(title, dict) else str(title)):
            continue
        line = next(trace for trace in spec["data"] if trace.get("name") == "累计执行率")
        return str(line["x"][-1])[:10], plotly_values(line["y"])[-1]
    raise AssertionError(f"no chart titled {title_word}")


@pytest.mark.parametrize(
    ("query", "day"),
    [
        ({"date": "2025-11-28"}, "2025-11-28"),
        ({"date": "2025-04-15"}, "2025-04-15"),
        ({"date": "2025-04-15", "unit": "712001"}, "2025-04-15"),
    ],
)
def test_the_county_curve_ends_on_the_headline(county, query, day):
    """At a mid-month date the S-curve's last point is the as-of date and the headline 执行率."""
    at = run(PAGES[0], query)
    end, value = execution_curve_end(at, "S 曲线")
    assert end == day
    assert value == pytest.approx(execution_shown(at), abs=0.05)


def test_the_project_curve_ends_on_the_headline(county):
    at = run("views/project.py", {"project": OVER, "date": "2025-10-17"})
    end, value = execution_curve_end(at, "累计支出进度")
    assert end == "2025-10-17"
    assert value == pytest.approx(execution_shown(at), abs=0.05)


def test_an_amount_that_rounds_to_nothing_is_not_shown_as_nothing():
    """万元 with two decimals: 50 元 is 0.01 万元 (rounded half up from 0.005), 49.99 元 and a cent
    are shown `<0.01`, never 0.00; zero stays 0.00; a few yuan of reversal `>-0.01`."""
    from presentation.tables import wan_number

    assert wan_number(0.0) == "0.00"
    assert wan_number(0.01) == "<0.01"
    assert wan_number(49.99) == "<0.01"
    assert wan_number(50.0) == "0.01"
    assert wan_number(-0.01) == ">-0.01"
    assert wan_number(-50.0) == "-0.01"
    assert wan_number(12_345_678.0) == "1,234.57"
