"""The audit log: who did what, when, to which unit. Every load, undo, form save, download of
row-level data, sign-in and account change is written here, by the account that did it (the
command line writes `os:<user>`, the operating-system user who ran it)."""

from __future__ import annotations

import datetime as dt
import getpass
import os

import duckdb

ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "load",
    "undo",
    "form_save",
    "download",
    "account_add",
    "account_password",
    "account_disable",
    "account_unlock",
    "refused",
)


def os_actor() -> str:
    """The command line's actor: the operating-system user, as `os:<name>`."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = str(os.getuid()) if hasattr(os, "getuid") else "unknown"
    return f"os:{name}"


def record(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    action: str,
    unit_code: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one line to the audit log (in the caller's transaction, if any)."""
    con.execute(
        "INSERT INTO audit_log SELECT coalesce(max(seq), 0) + 1, ?, ?, ?, ?, ? FROM audit_log",
        [dt.datetime.now(), actor, action, unit_code, detail],
    )


def entries(
    con: duckdb.DuckDBPyConnection, since: dt.date | None = None, limit: int | None = None
) -> list[tuple]:
    """The log from `since` (a day, inclusive) on, newest first: seq, at, actor, action,
    unit_code, detail."""
    rows = con.execute(
        "SELECT seq, done_at, actor, action, unit_code, detail FROM audit_log"
        " WHERE ? IS NULL OR done_at >= ? ORDER BY seq DESC LIMIT ?",
        [since, since, limit if limit is not None else 1 << 62],
    ).fetchall()
    return rows


def stamp_load(con: duckdb.DuckDBPyConnection, load_id: int, actor: str) -> None:
    """Name the account (or os:<user>) that made a load, in the load history."""
    con.execute("UPDATE imports SET actor = ? WHERE load_id = ?", [actor, load_id])
