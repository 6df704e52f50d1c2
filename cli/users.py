"""`tracker users` (local accounts) and `tracker audit` (the audit log); the demo accounts a new
database gets at `tracker bootstrap`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import _print, _read
from cli.textable import format_rows
from presentation import dates
from store.db import connection
from store.errors import TrackerError


def _password(args: argparse.Namespace) -> str:
    """The password from standard input (--password-stdin: its first line), else asked twice
    at a prompt that does not echo it."""
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码 (password): ")
    if getpass.getpass("再输入一次 (again): ") != first:
        raise TrackerError("两次输入的密码不一致", hint="请重新运行命令")
    return first


def cmd_users(args: argparse.Namespace) -> int:
    """Local accounts: add, list, passwd, disable, unlock (store.accounts); each change is in the
    audit log under the operating-system user who ran the command."""
    from store import accounts
    from store.audit import os_actor

    actor = os_actor()
    if args.action == "list":
        rows = _read(args, accounts.listing)
        table = [
            (
                a.name,
                f"{a.role} {accounts.ROLE_NAMES[a.role]}",
                ",".join(a.units),
                "停用" if a.disabled else ("锁定" if a.locked() else "可用"),
                a.failed_count,
            )
            for a in rows
        ]
        _print(format_rows(["账号", "角色", "单位", "状态", "连续失败"], table, args.format))
        return 0
    if not args.name:
        raise TrackerError(
            "请给出账号名", hint="例如 tracker users add zhangsan --role clerk --unit 712001"
        )
    with connection(args.db) as con:
        if args.action == "add":
            if not args.role:
                raise TrackerError("请用 --role 指定角色", hint="viewer | auditor | clerk | admin")
            password = _password(args)
            account = accounts.add(
                con, args.name, args.role, password, args.unit or [], actor=actor
            )
            scope = f"，单位 {','.join(account.units)}" if account.units else ""
            _print(f"已创建账号 {account.name}（{accounts.ROLE_NAMES[account.role]}{scope}）")
        elif args.action == "passwd":
            accounts.set_password(con, args.name, _password(args), actor=actor)
            _print(f"已重设账号 {args.name} 的密码（并解除锁定）")
        elif args.action == "disable":
            accounts.disable(con, args.name, actor=actor)
            _print(f"已停用账号 {args.name}")
        elif args.action == "unlock":
            accounts.unlock(con, args.name, actor=actor)
            _print(f"已解锁账号 {args.name}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """The audit log from --since on, newest first."""
    from store import audit

    since = dates.parse_day(args.since) if args.since else None
    rows = _read(args, audit.entries, since)
    shown = [(r[1].strftime("%Y-%m-%d %H:%M:%S"), *r[2:]) for r in rows]
    headers = ["时间", "账号", "操作", "单位", "内容"] if args.format == "table" else [
        "at", "actor", "action", "unit_code", "detail"
    ]  # fmt: skip
    _print(format_rows(headers, shown, args.format, wrap={4: 50}))
    if args.format == "table":
        _print(f"共 {len(rows)} 条")
    return 0


DEMO_ACCOUNTS = (  # (name, role, units): one per role, the clerk for the sample's unit
    ("admin", "admin", ()),
    ("leader", "viewer", ()),
    ("auditor", "auditor", ()),
    ("clerk712001", "clerk", ("712001",)),
)


def demo_accounts(db: Path) -> Path:
    """One account per role with a random password, printed once and written to an owner-only
    file in the configuration folder (never the data folder); returns that file."""
    from store import accounts, secrets
    from store.audit import os_actor

    lines = []
    with connection(db) as con:
        for name, role, units in DEMO_ACCOUNTS:
            password = accounts.new_password()
            accounts.add(con, name, role, password, list(units), actor=os_actor())
            lines.append(
                f"{name}\t{role} {accounts.ROLE_NAMES[role]}\t{','.join(units) or '全部单位'}\t{password}"
            )
    path = secrets.config_folder() / "demo-accounts.txt"
    path.unlink(missing_ok=True)  # a new database: new passwords
    secrets.write_secret(path, f"# {db}\n# 账号\t角色\t单位\t密码\n" + "\n".join(lines) + "\n")
    _print("演示账号（密码只显示这一次，另存于 " + str(path) + "，仅本人可读）：")
    for line in lines:
        _print("  " + line)
    return path
