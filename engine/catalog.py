"""What is loaded, as rows for the command line: the import history, the rows a load set aside,
the target findings and the projects with their plans. One function per question; each takes an
open connection and returns plain tuples in the order the CLI prints them."""

from __future__ import annotations

import duckdb

from store.db import has_table


def load_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many loads the `imports` table records (any status)."""
    rows = con.execute("SELECT count(*) FROM imports").fetchall()
    return int(rows[0][0]) if rows else 0


def import_history(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Every load in order: load_id, kind, file_name, status, rows_total, rows_loaded,
    rows_duplicate, rows_rejected, rows_skipped, started_at (YYYY-MM-DD HH:MM), 演示 or '',
    message."""
    return con.execute(
        """SELECT load_id, kind, file_name, status, rows_total, rows_loaded, rows_duplicate,
                  rows_rejected, rows_skipped, strftime(started_at, '%Y-%m-%d %H:%M'),
                  CASE WHEN is_demo THEN '演示' ELSE '' END, message
           FROM imports ORDER BY load_id"""
    ).fetchall()


def load_exists(con: duckdb.DuckDBPyConnection, load_id: int) -> bool:
    rows = con.execute("SELECT count(*) FROM imports WHERE load_id = ?", [load_id]).fetchall()
    return bool(rows and rows[0][0])


def set_aside(
    con: duckdb.DuckDBPyConnection, load_id: int, category: str | None = None
) -> list[tuple]:
    """The rows a load did not store, in file order: row_no, category, reason, raw (JSON text,
    personal data masked). `category` limits them to rejected, duplicate or skipped."""
    return con.execute(
        "SELECT row_no, category, reason, raw FROM rejected_rows WHERE load_id = ?"
        " AND (? IS NULL OR category = ?) ORDER BY row_no",
        [load_id, category, category],
    ).fetchall()


def target_findings(con: duckdb.DuckDBPyConnection, project: str | None = None) -> list[tuple]:
    """Target-quality findings by unit, project and indicator: project_code, project name,
    indicator_seq (None for the project), indicator name, severity, rule, message. A finding on
    a unit's own goals (`unit_findings`: stale_year) comes first in its unit, without a project:
    the unit's name stands for it and the goal's number and text for the indicator (listed
    unless one project is asked for)."""
    goals = (
        """
        UNION ALL
        SELECT f.unit_code, 0, NULL, coalesce(u.unit_name, f.unit_code) || '（部门整体目标）',
               f.goal_seq, g.text, f.severity, f.rule, f.message
        FROM unit_findings f
        LEFT JOIN units u ON u.unit_code = f.unit_code AND u.fiscal_year = f.fiscal_year
        LEFT JOIN unit_goals g ON g.unit_code = f.unit_code
            AND g.fiscal_year = f.fiscal_year AND g.seq = f.goal_seq
        WHERE CAST($project AS VARCHAR) IS NULL"""
        if has_table(con, "unit_findings")  # not in a store last written by an older version
        else ""
    )
    return con.execute(
        f"""
        SELECT project_code, name, seq, indicator, severity, rule, message FROM (
            SELECT p.unit_code, 1 AS part, f.project_code, p.name, f.indicator_seq AS seq,
                   i.name AS indicator, f.severity, f.rule, f.message
            FROM target_findings f
            JOIN projects p USING (project_code)
            LEFT JOIN indicators i
                ON i.project_code = f.project_code AND i.seq = f.indicator_seq
            WHERE CAST($project AS VARCHAR) IS NULL OR f.project_code = $project
            {goals}
        )
        ORDER BY unit_code, part, project_code, seq NULLS FIRST, rule
        """,
        {"project": project},
    ).fetchall()


def project_plans(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Every project: unit_code, project_code, name, budget_yuan, indicator count, the plan as
    text (`3月底 30.0% / 6月底 …`)."""
    return con.execute(
        """SELECT p.unit_code, p.project_code, p.name, p.budget_yuan,
                  (SELECT count(*) FROM indicators i WHERE i.project_code = p.project_code),
                  (SELECT string_agg(label || ' ' || cumulative_pct || '%', ' / '
                                     ORDER BY checkpoint)
                   FROM spending_plan s WHERE s.project_code = p.project_code)
           FROM projects p ORDER BY p.unit_code, p.project_code"""
    ).fetchall()
