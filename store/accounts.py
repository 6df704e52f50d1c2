"""Local accounts: a name, a role, the units a clerk may see, a password kept only as its Argon2id
hash (argon2-cffi), never stored or logged in clear. Five failed sign-ins in a row lock an account
for 15 minutes (tracker.toml [auth]); a disabled account cannot sign in. Every change is written to
the audit log by the actor who made it."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from store import audit
from store.errors import TrackerError
from store.settings import AuthSettings, settings

ROLES = ("viewer", "auditor", "clerk", "admin")
ROLE_NAMES = {"viewer": "领导", "auditor": "审计", "clerk": "填报员", "admin": "管理员"}
NAME_MAX = 64
_HASHER = PasswordHasher()  # Argon2id, the library's recommended parameters (RFC 9106 low-memory)


class AccountError(TrackerError):
    """An account request that cannot be done: a bad name, role, unit or password."""


@dataclass(frozen=True)
class Account:
    """An account as the pages need it (no hash)."""

    name: str
    role: str
    units: tuple[str, ...]  # empty: every unit
    disabled: bool
    failed_count: int
    locked_until: dt.datetime | None

    def locked(self, now: dt.datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or dt.datetime.now())


def _units_text(units: tuple[str, ...] | list[str]) -> str:
    return ",".join(sorted({u.strip() for u in units if u.strip()}))


def _row_account(row: tuple) -> Account:
    name, role, units, disabled, failed, locked = row
    return Account(
        str(name),
        str(role),
        tuple(u for u in str(units or "").split(",") if u),
        bool(disabled),
        int(failed or 0),
        locked,
    )


def check_password(password: str, auth: AuthSettings | None = None) -> None:
    """AccountError unless the password is long enough."""
    least = (auth or settings().auth).min_password_length
    if len(password) < least:
        raise AccountError(f"密码至少 {least} 个字符", hint="请换一个更长的密码")


def new_password() -> str:
    """A random password people can type: 16 characters of letters and digits."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


def count(con: duckdb.DuckDBPyConnection) -> int:
    """How many accounts exist (enabled or not): sign-in is required once there is one."""
    return int(con.execute("SELECT count(*) FROM accounts").fetchall()[0][0])


def get(con: duckdb.DuckDBPyConnection, name: str) -> Account | None:
    rows = con.execute(
        "SELECT name, role, units, disabled, failed_count, locked_until FROM accounts"
        " WHERE name = ?",
        [name],
    ).fetchall()
    return _row_account(rows[0]) if rows else None


def listing(con: duckdb.DuckDBPyConnection) -> list[Account]:
    rows = con.execute(
        "SELECT name, role, units, disabled, failed_count, locked_until FROM accounts ORDER BY name"
    ).fetchall()
    return [_row_account(r) for r in rows]


def add(
    con: duckdb.DuckDBPyConnection,
    name: str,
    role: str,
    password: str,
    units: list[str] | tuple[str, ...] = (),
    *,
    actor: str,
) -> Account:
    """A new account; AccountError for a taken or bad name, an unknown role or unit, a short
    password, or a clerk without units."""
    name = name.strip()
    if not name or len(name) > NAME_MAX or any(ch.isspace() for ch in name):
        raise AccountError(f"账号名「{name}」不可用", hint=f"1–{NAME_MAX} 个字符，不含空格")
    if role not in ROLES:
        raise AccountError(f"未知角色「{role}」", hint="可用：" + "、".join(ROLES))
    if role == "clerk" and not _units_text(units):
        raise AccountError("填报员 (clerk) 须指定单位", hint="例如 --unit 712001")
    known = {r[0] for r in con.execute("SELECT DISTINCT unit_code FROM units").fetchall()}
    unknown = [u for u in units if u.strip() and u.strip() not in known]
    if unknown and known:
        raise AccountError(
            f"单位 {'、'.join(unknown)} 不存在", hint="用 tracker projects 查看单位编码"
        )
    check_password(password)
    if get(con, name):
        raise AccountError(f"账号「{name}」已存在", hint="用 tracker users passwd 重设密码")
    now = dt.datetime.now()
    con.execute(
        "INSERT INTO accounts VALUES (?, ?, ?, ?, false, 0, NULL, ?, ?)",
        [name, role, _units_text(units), _HASHER.hash(password), now, now],
    )
    audit.record(
        con,
        actor,
        "account_add",
        None,
        f"{name} ({role}{' ' + _units_text(units) if units else ''})",
    )
    account = get(con, name)
    assert account is not None
    return account


def _existing(con: duckdb.DuckDBPyConnection, name: str) -> Account:
    account = get(con, name)
    if account is None:
        raise AccountError(f"没有账号「{name}」", hint="用 tracker users list 查看账号")
    return account


def set_password(con: duckdb.DuckDBPyConnection, name: str, password: str, *, actor: str) -> None:
    """A new password; the account is unlocked (its failed sign-ins forgotten)."""
    _existing(con, name)
    check_password(password)
    con.execute(
        "UPDATE accounts SET password_hash = ?, failed_count = 0, locked_until = NULL,"
        " changed_at = ? WHERE name = ?",
        [_HASHER.hash(password), dt.datetime.now(), name],
    )
    audit.record(con, actor, "account_password", None, name)


def disable(con: duckdb.DuckDBPyConnection, name: str, *, actor: str) -> None:
    """The account can no longer sign in (its open sessions end at their next page)."""
    _existing(con, name)
    con.execute(
        "UPDATE accounts SET disabled = true, changed_at = ? WHERE name = ?",
        [dt.datetime.now(), name],
    )
    audit.record(con, actor, "account_disable", None, name)


def unlock(con: duckdb.DuckDBPyConnection, name: str, *, actor: str) -> None:
    """Forget the failed sign-ins of a locked account."""
    _existing(con, name)
    con.execute(
        "UPDATE accounts SET failed_count = 0, locked_until = NULL, changed_at = ? WHERE name = ?",
        [dt.datetime.now(), name],
    )
    audit.record(con, actor, "account_unlock", None, name)


class SignInRefused(TrackerError):
    """A sign-in that did not succeed; the message never says whether the name exists."""


def sign_in(
    con: duckdb.DuckDBPyConnection,
    name: str,
    password: str,
    auth: AuthSettings | None = None,
    now: dt.datetime | None = None,
) -> Account:
    """The account, when `password` is its password and it is neither disabled nor locked;
    SignInRefused otherwise. Each failure counts; the `max_failures`-th in a row locks the account
    for `lock_minutes`. Both outcomes are written to the audit log."""
    auth = auth or settings().auth
    now = now or dt.datetime.now()
    name = name.strip()
    rows = con.execute(
        "SELECT name, role, units, disabled, failed_count, locked_until, password_hash"
        " FROM accounts WHERE name = ?",
        [name],
    ).fetchall()
    wrong = SignInRefused("账号或密码不正确", hint="请重新输入")
    if not rows:
        _HASHER.hash(password)  # the same time as a wrong password: no hint that the name is free
        audit.record(con, name or "?", "sign_in_failed", None, "unknown account")
        raise wrong
    account, stored = _row_account(rows[0][:6]), str(rows[0][6])
    if account.locked(now):
        minutes = max(1, int((account.locked_until - now).total_seconds() // 60) + 1)  # type: ignore[operator]
        audit.record(con, name, "sign_in_failed", None, "locked")
        raise SignInRefused(f"账号已锁定，请 {minutes} 分钟后再试", hint="或请管理员解锁")
    try:
        _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        failed = account.failed_count + 1
        locked = (
            now + dt.timedelta(minutes=auth.lock_minutes) if failed >= auth.max_failures else None
        )
        con.execute(
            "UPDATE accounts SET failed_count = ?, locked_until = ? WHERE name = ?",
            [0 if locked else failed, locked, name],
        )
        audit.record(con, name, "sign_in_failed", None, "locked" if locked else f"attempt {failed}")
        if locked:
            raise SignInRefused(
                f"连续 {auth.max_failures} 次密码错误，账号已锁定 {auth.lock_minutes} 分钟",
                hint="或请管理员解锁",
            ) from None
        raise wrong from None
    if account.disabled:
        audit.record(con, name, "sign_in_failed", None, "disabled")
        raise SignInRefused("账号已停用", hint="请联系管理员")
    if _HASHER.check_needs_rehash(stored):
        con.execute(
            "UPDATE accounts SET password_hash = ? WHERE name = ?", [_HASHER.hash(password), name]
        )
    con.execute("UPDATE accounts SET failed_count = 0, locked_until = NULL WHERE name = ?", [name])
    audit.record(con, name, "sign_in", None, None)
    return _row_account((*rows[0][:4], 0, None))
