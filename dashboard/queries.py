"""SQL queries of the store: one function per question, parameterised, each returning a DataFrame.

Each call opens a short-lived read-only connection (DuckDB lets one writer lock the file; holding a
reader open would lock loaders out). Plain portable SQL; money comes back as DECIMAL-exact floats for
display only.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from loaders.db import open_db, resolve_db_path

LOCK_WAIT_SECONDS = 5.0  # a page waits this long for a loader to finish writing, then says so


class NoDatabase(Exception):
    """The database file does not exist yet."""


def db_path(db: str | Path | None = None) -> Path:
    return resolve_db_path(db)


def data_version(db: str | Path | None = None) -> tuple[float, int]:
    """A cheap key that changes whenever the database file changes (for caches)."""
    path = db_path(db)
    version: tuple[float, int] = (0.0, 0)
    for candidate in (path, Path(str(path) + ".wal")):
        if candidate.exists():
            stat = os.stat(candidate)
            version = (max(version[0], stat.st_mtime), version[1] + stat.st_size)
    return version


def _frame(db: str | Path | None, sql: str, params: list | None = None) -> pd.DataFrame:
    path = db_path(db)
    if not path.exists():
        raise NoDatabase(path)
    con = open_db(path, read_only=True, wait=LOCK_WAIT_SECONDS)
    try:
        return con.execute(sql, params or []).df()
    except duckdb.CatalogException:
        return pd.DataFrame()  # a file without our schema yet: nothing loaded
    finally:
        con.close()


def projects(db: str | Path | None = None) -> pd.DataFrame:
    """Columns: project_code, fiscal_year, unit_code, unit_name, name, budget_yuan, fiscal_yuan,
    other_yuan, purpose, goals, title, indicator_count, finding_count."""
    return _frame(
        db,
        """
        SELECT p.project_code, p.fiscal_year, p.unit_code, u.unit_name, p.name,
               p.budget_yuan, p.fiscal_yuan, p.other_yuan, p.purpose, p.goals, p.title,
               (SELECT count(*) FROM indicators i WHERE i.project_code = p.project_code)
                   AS indicator_count,
               (SELECT count(*) FROM target_findings f WHERE f.project_code = p.project_code)
                   AS finding_count
        FROM projects p
        LEFT JOIN units u ON u.unit_code = p.unit_code AND u.fiscal_year = p.fiscal_year
        ORDER BY p.unit_code, p.project_code
        """,
    )


def units(db: str | Path | None = None) -> pd.DataFrame:
    """Columns: unit_code, unit_name, fiscal_year, overall_goals."""
    return _frame(
        db, "SELECT unit_code, unit_name, fiscal_year, overall_goals FROM units ORDER BY 1, 3"
    )


def spending_plan(db: str | Path | None, project_code: str) -> pd.DataFrame:
    """Columns: checkpoint, label, cumulative_pct, source."""
    return _frame(
        db,
        "SELECT checkpoint, label, cumulative_pct, source FROM spending_plan"
        " WHERE project_code = ? ORDER BY checkpoint",
        [project_code],
    )


def indicators(db: str | Path | None, project_code: str) -> pd.DataFrame:
    """Columns: seq, level1, level2, name, description, target_raw, operator, target_value, unit,
    kind, deadline, direction, basis."""
    return _frame(
        db,
        "SELECT seq, level1, level2, name, description, target_raw, operator, target_value, unit,"
        " kind, deadline, direction, basis FROM indicators WHERE project_code = ? ORDER BY seq",
        [project_code],
    )


def findings(db: str | Path | None, project_code: str | None = None) -> pd.DataFrame:
    """Columns: project_code, indicator_seq, indicator_name, severity, rule, message."""
    return _frame(
        db,
        """
        SELECT f.project_code, f.indicator_seq, i.name AS indicator_name, f.severity, f.rule,
               f.message
        FROM target_findings f
        LEFT JOIN indicators i ON i.project_code = f.project_code AND i.seq = f.indicator_seq
        WHERE ? IS NULL OR f.project_code = ?
        ORDER BY f.project_code, f.indicator_seq NULLS FIRST, f.rule
        """,
        [project_code, project_code],
    )


def demo_loads(db: str | Path | None = None) -> int:
    """How many loads in the store are demo data."""
    frame = _frame(db, "SELECT count(*) AS n FROM imports WHERE is_demo")
    return 0 if frame.empty else int(frame["n"].iloc[0])
