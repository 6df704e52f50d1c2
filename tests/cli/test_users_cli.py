"""`tracker users` and `tracker audit` (issue 13): accounts made, listed, changed and disabled from
the command line, passwords hashed (never in clear anywhere in the store), every change in the
audit log under the operating-system user; bootstrap's demo accounts."""

from __future__ import annotations

import io
import os
import stat

import pytest

from conftest import ROOT, table_rows
from store import accounts
from store.audit import os_actor
from store.db import connection

PASSWORD = "a long password 1"


@pytest.fixture
def users(tracker, sample_txt, monkeypatch):
    """`tracker users …` with the password on standard input."""
    assert tracker("load", "targets", str(sample_txt))[0] == 0

    def run(*args: str, password: str | None = PASSWORD):
        if password is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
            args = (*args, "--password-stdin")
        return tracker("users", *args)

    return run


def test_add_list_passwd_disable(users, tracker, db_path):
    code, out, err = users("add", "zhang", "--role", "clerk", "--unit", "712001")
    assert code == 0, err
    assert "已创建账号 zhang（填报员，单位 712001）" in out
    code, out, _ = users("list", password=None)
    assert "zhang" in out and "clerk 填报员" in out and "712001" in out and "可用" in out
    stored = table_rows(db_path, "SELECT password_hash FROM accounts WHERE name = 'zhang'")[0][0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    with connection(db_path) as con:  # the password signs in; a wrong one does not
        assert accounts.sign_in(con, "zhang", PASSWORD).role == "clerk"
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(con, "zhang", "another password")
    assert users("passwd", "zhang", password="a newer password 2")[0] == 0
    with connection(db_path) as con:
        assert accounts.sign_in(con, "zhang", "a newer password 2").name == "zhang"
    assert users("disable", "zhang", password=None)[0] == 0
    with connection(db_path) as con, pytest.raises(accounts.SignInRefused, match="停用"):
        accounts.sign_in(con, "zhang", "a newer password 2")
    code, out, _ = tracker("audit")
    actions = [line.split()[3] for line in out.splitlines()[2:-1]]
    assert actions[:4] == ["sign_in_failed", "account_disable", "sign_in", "account_password"]
    assert f" {os_actor()} " in out
    # nothing in the store holds a password in clear
    with connection(db_path, read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        for table in tables:
            text = repr(con.execute(f"SELECT * FROM {table}").fetchall())
            assert PASSWORD not in text and "a newer password 2" not in text, table


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (("add", "li", "--role", "viewer"), "short", "密码至少 10 个字符"),
        (("add", "li", "--role", "clerk"), PASSWORD, "填报员 (clerk) 须指定单位"),
        (("add", "li", "--role", "clerk", "--unit", "999999"), PASSWORD, "单位 999999 不存在"),
        (("add", "li li", "--role", "viewer"), PASSWORD, "不可用"),
        (("passwd", "nobody"), PASSWORD, "没有账号「nobody」"),
        (("add", "li"), PASSWORD, "请用 --role 指定角色"),
    ],
)
def test_bad_requests_are_refused(users, db_path, args, password, message):
    code, _, err = users(*args, password=password)
    assert code == 2 and message in err and "Traceback" not in err
    assert table_rows(db_path, "SELECT count(*) FROM accounts") == [(0,)]


def test_a_taken_name_is_refused(users):
    assert users("add", "wang", "--role", "admin")[0] == 0
    code, _, err = users("add", "wang", "--role", "viewer")
    assert code == 2 and "已存在" in err


def test_five_failures_lock_and_unlock_frees(users, db_path):
    assert users("add", "zhao", "--role", "auditor")[0] == 0
    with connection(db_path) as con:
        for _ in range(4):
            with pytest.raises(accounts.SignInRefused, match="不正确"):
                accounts.sign_in(con, "zhao", "wrong password")
        with pytest.raises(accounts.SignInRefused, match="已锁定 15 分钟"):
            accounts.sign_in(con, "zhao", "wrong password")
        with pytest.raises(accounts.SignInRefused, match="账号已锁定"):
            accounts.sign_in(con, "zhao", PASSWORD)
    assert users("unlock", "zhao", password=None)[0] == 0
    with connection(db_path) as con:
        assert accounts.sign_in(con, "zhao", PASSWORD).name == "zhao"


def test_cli_loads_and_undo_are_audited_as_the_os_user(tracker, sample_txt, db_path):
    assert tracker("load", "targets", str(sample_txt))[0] == 0
    load_id = table_rows(db_path, "SELECT max(load_id) FROM imports")[0][0]
    assert table_rows(db_path, "SELECT actor FROM imports") == [(os_actor(),)]
    assert tracker("undo", str(load_id))[0] == 0
    logged = table_rows(db_path, "SELECT actor, action FROM audit_log ORDER BY seq")
    assert logged == [(os_actor(), "load"), (os_actor(), "undo")]
    code, out, _ = tracker("audit", "--since", "2000-1-1", "--format", "json")
    assert code == 0 and '"action": "undo"' in out


def test_bootstrap_makes_one_demo_account_per_role(tracker, db_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = tracker("bootstrap", "--sample-only")
    assert code == 0 and "演示账号" in out
    with connection(db_path, read_only=True) as con:
        made = {(a.name, a.role, a.units) for a in accounts.listing(con)}
    assert made == {
        ("admin", "admin", ()),
        ("leader", "viewer", ()),
        ("auditor", "auditor", ()),
        ("clerk712001", "clerk", ("712001",)),
    }
    secret = accounts_file()
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600  # readable by its owner only
    assert not str(secret).startswith(str(db_path.parent))  # not beside the data
    lines = [line.split("\t") for line in secret.read_text("utf-8").splitlines()[2:]]
    with connection(db_path) as con:
        for name, _, _, password in lines:
            assert password in out  # printed once …
            assert accounts.sign_in(con, name, password).name == name  # … and it works
    code, out, _ = tracker("bootstrap")  # an existing database: no new accounts
    assert "演示账号" not in out


def accounts_file():
    from store.secrets import config_folder

    return config_folder() / "demo-accounts.txt"
