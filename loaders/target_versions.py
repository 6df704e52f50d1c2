"""Earlier versions of projects' targets, kept when a newer document replaces them, so that undoing
the newer load (a wrong file) brings them back instead of leaving the projects without targets.

A replaced project's rows (projects, spending_plan, indicators, target_findings) and its unit's row
are copied to `<table>_replaced` tables, tagged with the load that replaced them (`replaced_by`).
Undoing load L restores what L replaced; undoing a load whose own version had since been replaced
by a later load M hands M the version L had replaced, so a later undo of M restores that one.
"""

from __future__ import annotations

import duckdb

PROJECT_TABLES = ("projects", "spending_plan", "indicators", "target_findings")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The columns a table and its archive share (an archive made before a column was added
    lacks it: that column is simply not kept)."""
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND column_name IN"
        " (SELECT column_name FROM duckdb_columns() WHERE table_name = ?) ORDER BY column_index",
        [table, f"{table}_replaced"],
    ).fetchall()
    return ", ".join(f'"{r[0]}"' for r in rows)


def archive_projects(con: duckdb.DuckDBPyConnection, codes: list[str], replaced_by: int) -> None:
    """Keep the current rows of `codes` before load `replaced_by` replaces them."""
    for table in PROJECT_TABLES:
        columns = _columns(con, table)
        con.execute(
            f"INSERT INTO {table}_replaced ({columns}, replaced_by)"
            f" SELECT {columns}, ? FROM {table} WHERE list_contains(?, project_code)",
            [replaced_by, codes],
        )


def archive_unit(
    con: duckdb.DuckDBPyConnection, unit_code: str, fiscal_year: int, replaced_by: int
) -> None:
    """Keep a unit's current row before load `replaced_by` replaces it."""
    columns = _columns(con, "units")
    con.execute(
        f"INSERT INTO units_replaced ({columns}, replaced_by) SELECT {columns}, ? FROM units"
        " WHERE unit_code = ? AND fiscal_year = ?",
        [replaced_by, unit_code, fiscal_year],
    )


def restore(con: duckdb.DuckDBPyConnection, load_id: int) -> list[str]:
    """After load `load_id`'s own rows are deleted: bring back what it replaced (projects not
    present now), and pass on what it had replaced where its own version was replaced later.
    Returns the project codes restored."""
    # its own versions that a later load replaced: that load now replaces what this one did
    later = con.execute(
        "SELECT project_code, replaced_by FROM projects_replaced WHERE load_id = ?", [load_id]
    ).fetchall()
    for code, newer in later:
        for table in PROJECT_TABLES:
            con.execute(
                f"DELETE FROM {table}_replaced WHERE replaced_by = ? AND project_code = ?",
                [newer, code],
            )
            con.execute(
                f"UPDATE {table}_replaced SET replaced_by = ? WHERE replaced_by = ?"
                " AND project_code = ?",
                [newer, load_id, code],
            )
    codes = [
        r[0]
        for r in con.execute(
            "SELECT project_code FROM projects_replaced WHERE replaced_by = ?"
            " AND project_code NOT IN (SELECT project_code FROM projects)",
            [load_id],
        ).fetchall()
    ]
    for table in PROJECT_TABLES:
        columns = _columns(con, table)
        con.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_replaced"
            " WHERE replaced_by = ? AND list_contains(?, project_code)",
            [load_id, codes],
        )
        con.execute(f"DELETE FROM {table}_replaced WHERE replaced_by = ?", [load_id])
    columns = _columns(con, "units")
    con.execute(
        "DELETE FROM units WHERE load_id = ? AND (unit_code, fiscal_year) IN"
        " (SELECT (unit_code, fiscal_year) FROM units_replaced WHERE replaced_by = ?)",
        [load_id, load_id],
    )
    con.execute(
        f"INSERT INTO units ({columns}) SELECT {columns} FROM units_replaced r"
        " WHERE replaced_by = ? AND NOT EXISTS (SELECT 1 FROM units u"
        " WHERE u.unit_code = r.unit_code AND u.fiscal_year = r.fiscal_year)",
        [load_id],
    )
    con.execute("DELETE FROM units_replaced WHERE replaced_by = ?", [load_id])
    # a load whose projects are back is current again
    con.execute(
        "UPDATE imports SET status = 'ok' WHERE kind = 'targets' AND status = 'replaced'"
        " AND load_id IN (SELECT DISTINCT load_id FROM projects)"
    )
    return codes
