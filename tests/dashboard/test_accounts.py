"""Accounts, roles and the audit log in the dashboard (issue 13), with AppTest on a copy of the
county demo that has one account per role: an anonymous visitor sees only the sign-in form; each
role sees exactly its pages; a forbidden page typed by hand is refused; a clerk sees only its
unit; five wrong passwords lock an account; an idle session ends; a load and a form save are in
the audit log under the account's name."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from app_pages import visit
from streamlit.testing.v1 import AppTest

from conftest import table_rows, use_db
from dashboard import auth
from records_files import spending_row, write_csv
from store import accounts
from store.db import connection

PASSWORD = "correct horse 12"
USERS = {  # name: (role, units)
    "admin": ("admin", ()),
    "leader": ("viewer", ()),
    "auditor": ("auditor", ()),
    "clerk712001": ("clerk", ("712001",)),
}
PAGES = {
    "viewer": ["总览", "项目详情", "月度例会", "绩效目标"],
    "auditor": [
        "总览",
        "项目详情",
        "滞后预警",
        "月度例会",
        "绩效监控",
        "绩效自评",
        "绩效目标",
        "数据导入",
        "审计日志",
    ],
    "clerk": [
        "总览",
        "项目详情",
        "滞后预警",
        "月度例会",
        "绩效监控",
        "绩效自评",
        "绩效目标",
        "数据导入",
    ],
    "admin": [
        "总览",
        "项目详情",
        "滞后预警",
        "月度例会",
        "绩效监控",
        "绩效自评",
        "绩效目标",
        "数据导入",
        "审计日志",
        "账号管理",
    ],
}
OTHER_UNIT_PROJECT = "13043425P00429450052G"  # 城乡困难群众临时救助, unit 704001
OWN_PROJECT = "13043425P00450110058B"  # 2025年基层团组织经费, unit 712001
ROSTER_PROJECT = "13043425P00437410002E"  # 2025年特困生救助金: it has a roster


@pytest.fixture
def secured(monkeypatch, county_demo, tmp_path) -> Path:
    db = tmp_path / "secured.duckdb"
    shutil.copy(county_demo, db)
    with connection(db) as con:
        for name, (role, units) in USERS.items():
            accounts.add(con, name, role, PASSWORD, list(units), actor="test")
    return use_db(monkeypatch, db)


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    return at.button[0].click().run()


def signed_in(name: str) -> AppTest:
    at = sign_in(visit(), name)
    assert not at.exception, at.exception
    return at


def open_as(name: str, page: str, query: dict | None = None) -> AppTest:
    """`page` with `query` in its URL, opened by the account `name` once signed in."""
    at = signed_in(name).switch_page(page)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def shows_data(at: AppTest) -> bool:
    return bool(at.get("plotly_chart") or at.dataframe or at.metric)


def page_links(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"project": OWN_PROJECT, "date": "2025-07-01"},
        {"month": "2025-06"},
        {"project": OWN_PROJECT, "period": "2025-07"},
    ],
)
def test_an_anonymous_visitor_sees_only_the_sign_in_form(secured, query):
    at = visit(query)
    assert not at.exception
    assert at.title[0].value.startswith("登录")
    assert not shows_data(at) and page_links(at) == []
    assert [w.label for w in at.text_input] == ["账号", "密码"]


@pytest.mark.parametrize("name", list(USERS))
def test_each_role_sees_exactly_its_pages(secured, name):
    at = signed_in(name)
    role = USERS[name][0]
    assert page_links(at) == PAGES[role]
    assert shows_data(at)  # the overview, at once
    assert any(name in str(c.value) for c in at.sidebar.caption)


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("leader", "views/lagging.py"),
        ("leader", "views/imports.py"),
        ("leader", "views/monitoring.py"),
        ("clerk712001", "views/accounts.py"),
        ("auditor", "views/accounts.py"),
    ],
)
def test_a_forbidden_page_typed_by_hand_is_refused(secured, name, page):
    at = open_as(name, page)
    assert not at.exception
    assert any("无权打开此页面" in str(e.value) for e in at.error)
    assert not at.dataframe and not at.get("plotly_chart")
    refused = table_rows(secured, "SELECT actor FROM audit_log WHERE action = 'refused'")
    assert (name,) in refused


def test_a_clerk_sees_only_its_unit(secured):
    at = signed_in("clerk712001")
    unit = at.sidebar.selectbox(key="view_unit")
    assert unit.options == ["712001 中国共产主义青年团魏县委员会本级"]
    cards = {m.label: m.value for m in at.metric}
    assert cards["预算（万元）"] == "10.00"  # the unit's two projects, not the county's 28,435
    units_table = at.dataframe[0].value
    assert list(units_table["单位名称"]) == ["中国共产主义青年团魏县委员会本级"]
    # another unit's project typed into the address: refused
    at = open_as("clerk712001", "views/project.py", {"project": OTHER_UNIT_PROJECT})
    assert any("其他单位" in str(e.value) for e in at.error)
    assert not at.get("plotly_chart")


def test_a_viewer_sees_no_roster_rows(secured):
    at = open_as("leader", "views/project.py", {"project": ROSTER_PROJECT})
    assert any("个人信息" in str(c.value) for c in at.caption)
    assert not any("姓名（脱敏）" in d.value.columns for d in at.dataframe)
    at = open_as("auditor", "views/project.py", {"project": ROSTER_PROJECT})
    assert any("姓名（脱敏）" in d.value.columns for d in at.dataframe)


def test_five_wrong_passwords_lock_the_account(secured):
    at = visit()
    for attempt in range(1, 6):
        at = sign_in(at, "leader", "wrong password!")
        message = " ".join(str(e.value) for e in at.error)
        assert ("已锁定" in message) is (attempt == 5), (attempt, message)
    at = sign_in(at, "leader")  # the right password, now too late
    assert "已锁定" in " ".join(str(e.value) for e in at.error)
    assert not shows_data(at)
    with connection(secured, read_only=True) as con:
        account = accounts.get(con, "leader")
    assert account is not None and account.locked()
    failures = table_rows(
        secured,
        "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed' AND actor = 'leader'",
    )
    assert failures == [(6,)]


def test_an_idle_session_ends(secured):
    at = signed_in("auditor")
    assert shows_data(at)
    at.session_state[auth.SEEN_KEY] = time.monotonic() - 31 * 60  # 31 minutes without a page
    at.run()
    assert at.title[0].value.startswith("登录")
    assert any("未操作" in str(i.value) for i in at.info)
    assert not shows_data(at)


def test_sign_out(secured):
    at = signed_in("admin")
    at.sidebar.button(key="auth_sign_out").click().run()
    assert at.title[0].value.startswith("登录") and not shows_data(at)


def test_a_form_save_is_signed_by_the_account_and_audited(secured):
    at = open_as(
        "clerk712001", "views/monitoring.py", {"project": OWN_PROJECT, "period": "2025-07"}
    )
    assert at.text_input(key="mon_author_signed").value == "clerk712001"
    assert at.text_input(key="mon_author_signed").disabled
    for radio in at.radio:
        if "确定能" in radio.options:
            radio.set_value("确定能")
    at.button(key="mon_save").click().run()
    assert not at.exception
    assert table_rows(secured, "SELECT DISTINCT author FROM monitoring_responses") == [
        ("clerk712001",)
    ]
    saves = table_rows(secured, "SELECT actor, unit_code FROM audit_log WHERE action = 'form_save'")
    assert saves == [("clerk712001", "712001")]


def test_a_viewer_cannot_save_a_replayed_form(secured):
    """The auditor opens the monitoring page read-only; pressing 保存 is refused at the write."""
    at = open_as("auditor", "views/monitoring.py", {"project": OWN_PROJECT})
    at.button(key="mon_save").click().run()
    assert table_rows(secured, "SELECT count(*) FROM monitoring_responses") == [(0,)]
    assert any("只能查看" in str(i.value) for i in at.info)


def test_a_load_is_in_the_history_and_the_audit_log_under_the_account(secured, tmp_path):
    at = open_as("clerk712001", "views/imports.py")
    at.selectbox(key="import_kind").set_value("spending").run()
    rows = [spending_row("2025-11-20", OWN_PROJECT, "1,000.00", "AUD-1")]
    data = write_csv(tmp_path / "pay.csv", rows).read_bytes()
    at.file_uploader[0].set_value([("pay.csv", data, "text/csv")])
    at.run()
    at.button(key="import_confirm").click().run()
    assert not at.exception
    loads = table_rows(secured, "SELECT actor FROM imports WHERE file_name = 'pay.csv'")
    assert loads == [("clerk712001",)]
    audited = table_rows(secured, "SELECT actor FROM audit_log WHERE action = 'load'")
    assert audited == [("clerk712001",)]
    history = next(d.value for d in at.dataframe if "导入人" in d.value.columns)
    assert set(history["导入人"]) <= {"clerk712001", "—"}


def test_a_clerk_cannot_load_another_units_rows(secured, tmp_path):
    at = open_as("clerk712001", "views/imports.py")
    at.selectbox(key="import_kind").set_value("spending").run()
    rows = [spending_row("2025-11-20", OTHER_UNIT_PROJECT, "1,000.00", "AUD-2")]
    data = write_csv(tmp_path / "other.csv", rows).read_bytes()
    at.file_uploader[0].set_value([("other.csv", data, "text/csv")])
    at.run()
    at.button(key="import_confirm").click().run()
    assert any("其他单位" in str(e.value) for e in at.error)
    kept = table_rows(secured, "SELECT count(*) FROM spending WHERE voucher_no = 'AUD-2'")
    assert kept == [(0,)]  # undone at once


def test_the_audit_page_lists_sign_ins(secured):
    at = open_as("auditor", "views/audit.py")
    log = at.dataframe[0].value
    assert "auditor" in set(log["账号"]) and "登录" in set(log["操作"])


def test_a_store_without_accounts_stays_open(monkeypatch, county_demo):
    use_db(monkeypatch, county_demo)
    at = visit()
    assert shows_data(at) and "审计日志" in page_links(at)


def test_the_admin_manages_accounts_on_the_accounts_page(secured):
    at = open_as("admin", "views/accounts.py")
    listing = at.dataframe[0].value
    assert set(listing["账号"]) == set(USERS)
    assert "password_hash" not in " ".join(listing.columns)
    at.text_input(key="account_new_name").input("wang")
    at.selectbox(key="account_new_role").set_value("clerk")
    at.text_input(key="account_new_units").input("712001")
    at.text_input(key="account_new_pw").input("a fine password")
    next(b for b in at.button if b.label == "创建").click().run()
    assert not at.exception and any("已完成" in str(s.value) for s in at.success)
    with connection(secured, read_only=True) as con:
        made = accounts.get(con, "wang")
    assert made is not None and made.role == "clerk" and made.units == ("712001",)
    at.run()  # the list as it is now
    at.selectbox(key="account_pick").set_value("wang")
    at.button(key="account_disable").click().run()
    logged = table_rows(
        secured,
        "SELECT actor, action, detail FROM audit_log WHERE action LIKE 'account_%' AND actor = 'admin'"
        " ORDER BY seq",
    )
    assert [(a, b) for a, b, _ in logged] == [
        ("admin", "account_add"),
        ("admin", "account_disable"),
    ]
    with connection(secured) as con, pytest.raises(accounts.SignInRefused, match="停用"):
        accounts.sign_in(con, "wang", "a fine password")


def test_a_clerk_sees_and_undoes_only_its_own_units_loads(secured):
    from engine import queries

    touched = queries.load_units(secured)
    own = set(touched.loc[touched["unit_code"] == "712001", "load_id"])
    others = set(touched["load_id"]) - own
    assert own and others
    at = open_as("clerk712001", "views/imports.py")
    history = next(d.value for d in at.dataframe if "导入人" in d.value.columns)
    shown = {int(v) for v in history[history.columns[0]]}
    assert shown == own
    undo = at.selectbox(key="import_undo_choice")
    offered = {int(str(option).split(" · ")[0]) for option in undo.options}
    assert offered and offered <= own  # never another unit's load
    at = open_as("auditor", "views/imports.py")
    assert not at.file_uploader  # read-only: no upload …
    assert "import_undo_choice" not in [s.key for s in at.selectbox]  # … and no undo
    history = next(d.value for d in at.dataframe if "导入人" in d.value.columns)
    assert set(touched["load_id"]) <= {int(v) for v in history[history.columns[0]]}  # every load


def press(at: AppTest, label: str) -> AppTest:
    """The form button labelled `label` pressed (a read-only account still sees the forms)."""
    (button,) = [b for b in at.button if b.label == label]
    return button.click().run()


@pytest.mark.parametrize(
    ("page", "query", "label", "detail", "table"),
    [
        (
            "views/monitoring.py",
            {"project": OWN_PROJECT},
            "保存部门目标进展",
            "goal_progress",
            "goal_actuals",
        ),
        ("views/targets.py", {"unit": "712001"}, "保存关联", "link ", "project_links"),
    ],
)
def test_goal_progress_and_links_are_refused_to_a_read_only_account(
    secured, page, query, label, detail, table
):
    """The auditor presses the goal-progress and link forms' buttons: refused at the write, the
    refusal in the audit log under the auditor, nothing written."""
    at = open_as("auditor", page, query)
    if page.endswith("monitoring.py"):  # the goals take a value before the button is pressed
        (first,) = [w for w in at.text_input if w.key and w.key.startswith("goal_712001_")][:1]
        first.input("3")
    before = table_rows(secured, f"SELECT count(*) FROM {table}")
    at = press(at, label)
    assert not at.exception
    assert any("只能查看" in str(i.value) for i in at.info)
    assert table_rows(secured, f"SELECT count(*) FROM {table}") == before
    refused = table_rows(secured, "SELECT actor, detail FROM audit_log WHERE action = 'refused'")
    assert [actor for actor, what in refused if what.startswith(detail)] == ["auditor"]
