"""AppTest for the dashboard on real database states: none, empty, targets loaded, locked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_pages import visit
from processes import lock_held
from streamlit.testing.v1 import AppTest

from cli.main import main as tracker_main
from conftest import ROOT, plotly_values
from store.db import connection

P1 = "13043425P00450110058B"
P2 = "13043425P00437410002E"


@pytest.fixture
def app_env(monkeypatch, db_path: Path):
    monkeypatch.setenv("TRACKER_DB", str(db_path))
    import streamlit as st

    st.cache_data.clear()
    return db_path


@pytest.fixture
def loaded(app_env: Path, sample_txt: Path) -> Path:
    assert tracker_main(["load", "targets", str(sample_txt), "--db", str(app_env)]) == 0
    return app_env


def run(query: dict | None = None, page: str | None = "views/targets.py") -> AppTest:
    """The app with `query` in the URL, on `page` (this file: the targets page)."""
    at = visit(query)  # AppTest stops a page that would hang (app_pages.visit: 120 s)
    if page:
        at.switch_page(page)
        at.run()
    return at


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "success", "error")
        for e in at.get(kind)
    ]
    parts += [e.value for e in at.title] + [e.value for e in at.subheader]
    return "\n".join(str(p) for p in parts)


def test_no_database_says_what_to_load(app_env):
    at = run()
    assert not at.exception
    assert "还没有数据库" in at.info[0].value and "tracker load targets" in at.info[0].value


def test_empty_database_says_what_to_load(app_env):
    with connection(app_env):
        pass  # schema only
    at = run()
    assert not at.exception
    assert "数据库中还没有项目" in at.info[0].value


def test_targets_page_shows_the_sample(loaded):
    at = run()
    assert not at.exception
    assert at.title[0].value == "项目绩效目标"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["项目"] == "2" and metrics["预算总额（万元）"] == "10.00"
    assert metrics["目标质量提示"] == "2"
    projects = at.dataframe[0].value
    assert set(projects["项目编码"]) == {P1, P2}
    # the first project (by unit, then code) is shown: P2 sorts before P1
    assert at.subheader[0].value == "2025年特困生救助金"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    ys = [
        y
        for trace in spec["data"]
        if trace.get("mode") != "lines"
        for y in plotly_values(trace["y"])
    ]
    assert ys == [30, 30, 100, 100]
    indicators = at.dataframe[2].value
    assert list(indicators["指标值（原文）"]) == [
        "100人",
        "100%",
        "100%",
        "≤5万元",
        "救济物品主要是学习和生活用品",
        "所发物品提高儿童学习积极性",
        "≤100%",
    ]
    assert list(indicators["类型"])[:4] == ["数量", "比率", "比率", "金额"]
    warnings = " ".join(w.value for w in at.warning)
    assert "方向疑误" in warnings and "时效指标没有日期" in warnings
    assert "direction_wrong" not in warnings  # the rule's words, not its key


def test_choosing_a_project_changes_the_view(loaded):
    at = run()
    at.selectbox(key="project").select(P1).run()
    assert not at.exception
    assert at.subheader[0].value == "2025年基层团组织经费"
    assert at.query_params["project"] == [P1] or at.query_params["project"] == P1
    assert "该项目没有目标质量提示" in at.success[0].value
    indicators = at.dataframe[2].value
    assert (
        list(indicators["指标值（原文）"])[3] == "≤5万"
        and list(indicators["解析值"])[3] == "50,000"
    )


def test_deep_link_opens_the_project(loaded):
    at = run({"project": P1})
    assert not at.exception
    assert at.subheader[0].value == "2025年基层团组织经费"


def test_english(loaded):
    at = run({"lang": "en"})
    assert not at.exception
    assert at.title[0].value == "Project performance targets"
    metrics = {m.label for m in at.metric}
    assert "Projects" in metrics
    # the sample's findings read in English, with the document's values quoted as written
    notes = " ".join(str(w.value) for w in at.warning).replace("\\", "")
    assert "rate: its target “≤100%” should read ≥ (higher is better)" in notes
    assert "目标值" not in notes
    at.radio(key="lang").set_value("zh").run()
    assert at.title[0].value == "项目绩效目标"


def test_unit_filter(loaded):
    at = run()
    options = at.selectbox(key="view_unit").options
    assert len(options) == 2 and "712001" in options[1]
    at.selectbox(key="view_unit").set_value("712001").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["项目"] == "2"


def test_demo_label_after_bootstrap(app_env, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert tracker_main(["bootstrap", "--no-accounts", "--db", str(app_env)]) == 0
    at = run()
    assert "演示数据" in texts(at)


def test_locked_database_shows_a_message(loaded):
    """Another process holding the write lock: the page waits (`[database] page_wait_seconds`, 5 s),
    then says so (no traceback). The holder keeps the lock until the page has run, however long
    that takes; AppTest's timeout (`run`) only stops a page that would hang."""
    with lock_held(loaded):
        at = run()
        assert not at.exception
        assert "数据库正在被写入" in at.warning[0].value


def test_writer_in_the_same_process_shows_the_busy_message(loaded):
    """The import page writing (a read-write connection in the dashboard's own process): another
    session's page waits, then says the database is busy, not that it is broken."""
    import duckdb

    writer = duckdb.connect(str(loaded))
    try:
        at = run()
        assert not at.exception
        assert "数据库正在被写入" in at.warning[0].value
    finally:
        writer.close()
    at = run()
    assert not at.warning or "数据库正在被写入" not in at.warning[0].value


@pytest.mark.parametrize("page", ["views/overview.py", "views/targets.py", "views/lagging.py"])
def test_a_damaged_database_file_says_so(app_env, page):
    """A file that is not DuckDB's at TRACKER_DB: the page says which file and what to do, never
    a type name or a traceback, and leaves the file as it was."""
    app_env.write_bytes(b"not a database\n" * 50)
    at = run(page=page)
    assert not at.exception
    shown = texts(at).replace("\\", "")  # as read: Markdown escapes removed
    assert "不是有效的数据库文件" in shown and str(app_env) in shown and "从备份恢复" in shown
    assert "Error" not in shown
    assert app_env.read_bytes() == b"not a database\n" * 50


def test_a_typo_in_tracker_toml_is_named_on_the_page(loaded, tmp_path, monkeypatch):
    """tracker.toml with an unknown key: the page names the file and the key (as the CLI does),
    not "cannot read the database"."""
    from store.settings import settings

    config = tmp_path / "tracker.toml"
    config.write_text("[budget]\nred_belw = 60\n", encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    settings.cache_clear()
    try:
        at = run(page="views/overview.py")
        assert not at.exception
        shown = texts(at).replace("\\", "")
        assert "red_belw" in shown and str(config) in shown
        assert "无法读取数据库" not in shown
    finally:
        monkeypatch.delenv("TRACKER_CONFIG")
        settings.cache_clear()
