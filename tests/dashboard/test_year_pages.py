"""Year on year on the pages (issue 16), through AppTest on the two-year store: the overview's 同比
sentence and the units' 去年同期 columns, last year's S-curve as a faint line behind this year's
(county and project), the project page's line on its predecessor, the pack's 同比 section."""

from __future__ import annotations

import json

import app_pages

from conftest import YOY_O1, YOY_P1, use_db


def traces(at) -> list[dict]:
    return [t for chart in at.get("plotly_chart") for t in json.loads(chart.proto.spec)["data"]]


def test_the_overview_compares_with_last_year(two_year_store, monkeypatch):
    use_db(monkeypatch, two_year_store)
    at = app_pages.run(app_pages.OVERVIEW, {"date": "2025-11-28"})
    captions = " ".join(c.value for c in at.caption)
    assert "全县：截至 2025-11-28 执行率 78.0%，去年同期 72.0%，同比加快 6.0 个百分点。" in captions
    units = next(f.value for f in at.dataframe if "去年同期执行率" in f.value.columns)
    assert list(units["去年同期执行率"]) == ["72.0%"] and list(units["同比（百分点）"]) == ["+6.0"]
    faint = [t for t in traces(at) if t.get("name") == "去年（浅色）"]
    assert faint and faint[0]["opacity"] < 1
    assert faint[0]["x"][-1].startswith("2025-12-31")  # last year's curve, moved on a year
    english = app_pages.run(app_pages.OVERVIEW, {"date": "2025-11-28", "lang": "en"})
    assert any("6.0 points ahead of last year" in c.value for c in english.caption)


def test_the_project_page_names_its_predecessor(two_year_store, monkeypatch):
    use_db(monkeypatch, two_year_store)
    at = app_pages.run("views/project.py", {"project": YOY_P1, "date": "2025-11-28"})
    line = next(c.value for c in at.caption if "上年项目" in c.value)
    assert YOY_O1 in line and "44.0%" in line and "90.0%" in line
    assert any(t.get("name") == "去年（浅色）" for t in traces(at))


def test_the_view_is_one_years_projects(two_year_store, monkeypatch):
    use_db(monkeypatch, two_year_store)
    at = app_pages.run(app_pages.OVERVIEW, {"date": "2024-11-28"})
    captions = " ".join(c.value for c in at.caption)
    assert "没有去年同期的数据" in captions  # 2024 is the first year loaded
    shown = "\n".join(f.value.to_string() for f in at.dataframe)
    assert YOY_P1 not in shown


def test_a_clerk_changes_a_link_on_the_targets_page(two_year_store, monkeypatch):
    from conftest import YOY_O2, table_rows

    use_db(monkeypatch, two_year_store)
    at = app_pages.run("views/targets.py", {"date": "2025-11-28"})
    links = next(f.value for f in at.dataframe if "上年项目编码" in f.value.columns)
    assert set(links["上年项目编码"]) == {YOY_O1, YOY_O2} and set(links["依据"]) == {"按名称"}
    at.selectbox(key="links_project").set_value(YOY_P1)
    at.selectbox(key="links_previous").set_value("__none__")
    at.button(key=next(b.key for b in at.button if "links_" in str(b.key))).click().run()
    assert not at.exception, at.exception
    assert table_rows(two_year_store, "SELECT project_code, previous_code FROM project_links") == [
        (YOY_P1, None)
    ]
    again = app_pages.run("views/targets.py", {"date": "2025-11-28"})
    links = next(f.value for f in again.dataframe if "上年项目编码" in f.value.columns)
    assert "人工取消" in set(links["依据"])
