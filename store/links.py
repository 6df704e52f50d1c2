"""A clerk's decisions on continuing projects (year on year): which project of an earlier fiscal
year a project continues, overriding the name rule (engine/links.py). Each change is in the audit
log."""

from __future__ import annotations

import datetime as dt

import duckdb

from store.audit import record
from store.errors import TrackerError


class LinkError(TrackerError):
    """A link that cannot be: an unknown project, or a predecessor that is not of an earlier year."""


def project_year(con: duckdb.DuckDBPyConnection, code: str) -> int | None:
    """The fiscal year of project `code`; None when the store has no such project."""
    rows = con.execute("SELECT fiscal_year FROM projects WHERE project_code = ?", [code]).fetchall()
    return int(rows[0][0]) if rows else None


def _year(con: duckdb.DuckDBPyConnection, code: str) -> int:
    year = project_year(con, code)
    if year is None:
        raise LinkError(f"没有项目 {code}", hint="用 tracker projects 查看项目编码")
    return year


def set_link(con: duckdb.DuckDBPyConnection, code: str, previous: str | None, actor: str) -> None:
    """`code` continues `previous` (None: it continues nothing, whatever the names say)."""
    year = _year(con, code)
    if previous is not None and (previous == code or _year(con, previous) >= year):
        raise LinkError(
            f"{previous} 不是 {code} 之前年度的项目",
            hint="关联的上年项目须属于更早的预算年度",
        )
    con.execute(
        "INSERT OR REPLACE INTO project_links VALUES (?, ?, ?, ?)",
        [code, previous, actor, dt.datetime.now()],
    )
    what = f"{code} ← {previous}" if previous else f"{code} ← (无)"
    record(con, actor, "link", None, what)


def clear_link(con: duckdb.DuckDBPyConnection, code: str, actor: str) -> None:
    """Back to the name rule for `code`."""
    _year(con, code)
    con.execute("DELETE FROM project_links WHERE project_code = ?", [code])
    record(con, actor, "link", None, f"{code} ← (按名称规则)")
