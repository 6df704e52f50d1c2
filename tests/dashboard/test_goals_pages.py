"""The department's own goals on the pages (issue 15), through AppTest: the unit's view on the
overview, the monitoring page's report of progress (saved through the actuals loader: in the load
history, undoable) and the self-evaluation page."""

from __future__ import annotations

import shutil
from pathlib import Path

import app_pages
import pytest

from conftest import table_rows, use_db

UNIT = "712001"
P1 = "13043425P00450110058B"  # a project of unit 712001 (its part 1 holds the sample's goals)


@pytest.fixture
def writable(monkeypatch, county_demo, tmp_path) -> Path:
    db = tmp_path / "tracker.duckdb"
    shutil.copy(county_demo, db)
    return use_db(monkeypatch, db)


def frames_text(at) -> str:
    return "\n".join(frame.value.to_string() for frame in at.dataframe)


def test_the_unit_view_shows_its_goals(county):
    at = app_pages.run(app_pages.OVERVIEW, {"unit": UNIT, "date": "2025-09-30"})
    assert any("部门整体目标" in h.value for h in at.subheader)
    shown = frames_text(at)
    assert "就业培训班" in shown and "≥2期" in shown and "志愿服务团队" in shown
    english = app_pages.run(app_pages.OVERVIEW, {"unit": UNIT, "lang": "en"})
    assert any("Department goals" in h.value for h in english.subheader)


def test_a_goal_from_the_templates_column(county):
    """The demo's other units state their goals in the template's 部门整体绩效目标 column."""
    at = app_pages.run(app_pages.OVERVIEW, {"unit": "701001", "date": "2025-09-30"})
    shown = frames_text(at)
    assert "≥90%" in shown and "预算执行率" in shown


def test_progress_reported_on_the_monitoring_page_shows_on_the_unit_view(writable):
    at = app_pages.run("views/monitoring.py", {"project": P1, "period": "2025-06"})
    assert "就业培训班" in frames_text(at)
    at.text_input(key=f"goal_{UNIT}_2").set_value("1")
    at.text_input(key=f"goal_note_{UNIT}_2").set_value("上半年一期")
    at.selectbox(key=f"goal_{UNIT}_1").set_value("达成")
    at.button(key=next(b.key for b in at.button if "goals_" in str(b.key))).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("已保存 2 条部门目标进展" in s.value for s in at.success)
    assert table_rows(
        writable, "SELECT goal_seq, as_of::VARCHAR, value, level, note FROM goal_actuals ORDER BY 1"
    ) == [(1, "2025-06-30", None, "达成", None), (2, "2025-06-30", 1.0, None, "上半年一期")]
    (load,) = table_rows(
        writable,
        "SELECT kind, file_name FROM imports WHERE load_id = (SELECT max(load_id) FROM imports)",
    )
    assert load == ("actuals", f"绩效监控页填报_{UNIT}_2025-06-30.csv")
    view = app_pages.run(app_pages.OVERVIEW, {"unit": UNIT, "date": "2025-06-30"})
    shown = frames_text(view)
    assert "1期" in shown and "达成" in shown


def test_a_wrong_progress_value_is_refused_with_its_reason(writable):
    at = app_pages.run("views/monitoring.py", {"project": P1, "period": "2025-06"})
    at.text_input(key=f"goal_{UNIT}_2").set_value("很多")
    at.button(key=next(b.key for b in at.button if "goals_" in str(b.key))).click().run()
    assert any("以下进展未保存" in e.value and "很多" in e.value for e in at.error)
    assert table_rows(writable, "SELECT count(*) FROM goal_actuals") == [(0,)]


def test_the_self_evaluation_shows_the_units_goals(county):
    at = app_pages.run("views/evaluation.py", {"project": P1, "date": "2025-12-31"})
    assert any("部门整体目标进展" in h.value for h in at.subheader)
    assert "就业培训班" in frames_text(at)
