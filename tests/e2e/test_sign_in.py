"""Sign-in in a real Chromium (issue 13): every page address shows an anonymous visitor the
sign-in form alone; Enter signs in and the deep link opens; the sidebar lists the role's pages; a
forbidden page typed into the address bar is refused; 退出登录 ends the session."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import table_rows
from store import accounts
from store.db import connection
from store.errors import DatabaseBusyError
from tests.e2e.conftest import HANG_GUARD_MS, OUTPUT, _serve
from tests.e2e.screen import charts, headings, metric, settled, shoot, wan

pytestmark = pytest.mark.e2e
PASSWORD = "browser pass 2025"
P1 = "13043425P00450110058B"


@pytest.fixture(scope="module")
def secured_db(county_demo: Path, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("secured") / "tracker.duckdb"
    shutil.copy(county_demo, db)
    with connection(db) as con:
        accounts.add(con, "leader", "viewer", PASSWORD, actor="test")
        accounts.add(con, "auditor", "auditor", PASSWORD, actor="test")
        accounts.add(con, "clerk712001", "clerk", PASSWORD, ["712001"], actor="test")
    return db


@pytest.fixture(scope="module")
def secured_url(secured_db: Path) -> Iterator[str]:
    yield from _serve(secured_db, OUTPUT / "streamlit-secured.log")


@pytest.mark.parametrize(
    "path", ["", "project?project=" + P1, "lagging", "review?month=2025-06", "import"]
)
def test_every_address_shows_only_the_sign_in_form(secured_url, page, path):
    page.goto(f"{secured_url}/{path}")
    page.get_by_role("heading", name=re.compile("登录")).wait_for()
    settled(page)  # the run has ended: nothing more will be drawn
    main = page.get_by_test_id("stMain")
    assert page.locator(".js-plotly-plot").count() == 0
    assert page.locator("[data-testid=stDataFrame]").count() == 0
    assert page.locator("[data-testid=stMetric]").count() == 0
    assert main.get_by_label("账号").count() == 1 and main.get_by_label("密码").count() == 1
    assert page.get_by_test_id("stSidebar").get_by_role("link").count() == 0


def test_sign_in_with_enter_then_the_role_and_its_limits(secured_url, secured_db, page):
    page.goto(f"{secured_url}/project?project={P1}&date=2025-09-30")
    page.get_by_role("heading", name=re.compile("登录")).wait_for()
    page.get_by_label("账号").fill("leader")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("密码").press("Enter")
    page.get_by_role("heading", name="2025年基层团组织经费").wait_for()
    assert "date=2025-09-30" in page.url  # the deep link survived the sign-in
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("link", name=re.compile("绩效目标")).wait_for()
    shoot(page, "signed-in-viewer")
    links = sidebar.get_by_role("link").all_inner_texts()
    assert [link.split("\n")[-1].strip() for link in links] == [  # after the icon's name
        "总览", "项目详情", "月度例会", "绩效目标"
    ]  # fmt: skip
    # the project's page as the picture shows it: its payments through 30 September
    paid = table_rows(
        secured_db,
        "SELECT sum(amount_yuan) FROM spending WHERE project_code = ? AND pay_date <= ?",
        [P1, "2025-09-30"],
    )[0][0]
    assert metric(page, "已支出（万元）") == wan(paid)
    assert headings(page)[:2] == ["2025年基层团组织经费", "追赶计划"]
    assert [c["title"] for c in charts(page) if c["svgs"]] == [
        "累计支出进度（占调整后预算）",
        "每月支出（万元）",
        "定量指标：实际值占目标值的比例（灰线：按时间进度应达）",
    ]
    # the lagging page typed into the address bar: a new session, so sign in again, then refused
    page.goto(f"{secured_url}/lagging")
    page.get_by_label("账号").fill("leader")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text(re.compile("无权打开此页面")).wait_for()
    settled(page)
    assert page.locator("[data-testid=stDataFrame]").count() == 0
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("heading", name=re.compile("登录")).wait_for()


def test_a_wrong_password_is_refused(secured_url, page):
    page.goto(secured_url)
    page.get_by_label("账号").fill("clerk712001")
    page.get_by_label("密码").fill("not the password")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("账号或密码不正确").first.wait_for()
    settled(page)
    assert page.locator(".js-plotly-plot").count() == 0


def downloads(db: Path) -> list[tuple]:
    """(seq, actor, detail) of every download in the audit log, read while the dashboard may be
    writing: tried again until the file is free (bounded only against a hang)."""
    deadline = time.monotonic() + HANG_GUARD_MS / 1000
    while True:
        try:
            with connection(db, read_only=True) as con:
                return con.execute(
                    "SELECT seq, actor, detail FROM audit_log WHERE action = 'download'"
                    " ORDER BY seq"
                ).fetchall()
        except DatabaseBusyError:
            if time.monotonic() > deadline:
                raise


def test_a_download_of_rows_is_in_the_audit_log(secured_url, secured_db, page):
    page.goto(f"{secured_url}/lagging?date=2025-09-30")
    page.get_by_label("账号").fill("auditor")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="滞后预警与审计").wait_for()
    earlier = downloads(secured_db)  # the copied demo and the other tests may hold some
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 CSV").first.click()
    assert download.value.suggested_filename.endswith(".csv")
    # the event: the server has written the download to the audit log (after the click's
    # callback; read until it is there, bounded only against a hang)
    deadline = time.monotonic() + HANG_GUARD_MS / 1000
    while (new := downloads(secured_db)[len(earlier) :]) == [] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [(actor, ".csv" in detail) for _, actor, detail in new] == [("auditor", True)], new
