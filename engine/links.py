"""Continuing projects across fiscal years (year on year): which project of the previous year a
project continues.

The name rule: within a unit, a project whose name without its year prefix (`2025年`, `2025年度`,
`（2025）`, `2025`) equals the name of exactly one project of the year before, also without its
prefix, continues it (2025年基层团组织经费 ← 2024年基层团组织经费, under a new code). Two
candidates make no link: a clerk decides. A clerk's decision (`project_links`, store/links.py) —
a link, a changed link or no link at all — overrides the rule for its project."""

from __future__ import annotations

import duckdb
import pandas as pd

from engine.aggregates import frame_of
from store.db import has_table

# a year written before a name: 2025年, 2025年度, （2025）, (2025年), 2025
YEAR_PREFIX = r"^\s*[（(]?\s*(19|20)\d{2}\s*(年度|年)?\s*[）)]?\s*"

LINK_COLUMNS = [
    "project_code", "fiscal_year", "unit_code", "name", "previous_code", "previous_name",
    "previous_year", "source",
]  # fmt: skip


def base_name(name: str) -> str:
    """A project's name without its year prefix (what stays the same from year to year)."""
    import re

    return re.sub(YEAR_PREFIX, "", name or "").strip()


def project_links(
    con: duckdb.DuckDBPyConnection, year: int | None = None, unit: str | None = None
) -> pd.DataFrame:
    """Every project (of `year`, of `unit`) with the project it continues: previous_code,
    previous_name, previous_year (None when none), source: `name` (the name rule), `manual` (a
    clerk's link), `removed` (a clerk said: none), `none`."""
    manual = has_table(con, "project_links")
    decided = (
        "LEFT JOIN project_links m ON m.project_code = p.project_code"
        if manual
        else "LEFT JOIN (SELECT NULL::VARCHAR AS project_code, NULL::VARCHAR AS previous_code) m"
        " ON false"
    )
    return frame_of(
        con,
        f"""
        WITH named AS (
            SELECT project_code, fiscal_year, unit_code, name,
                   trim(regexp_replace(name, '{YEAR_PREFIX}', '')) AS base
            FROM projects
        ),
        candidates AS (
            SELECT p.project_code, any_value(q.project_code) AS previous_code,
                   count(*) AS n
            FROM named p JOIN named q
              ON q.unit_code = p.unit_code AND q.fiscal_year = p.fiscal_year - 1
             AND q.base = p.base AND q.base <> ''
            GROUP BY p.project_code
        )
        SELECT p.project_code, p.fiscal_year, p.unit_code, p.name,
               CASE WHEN m.project_code IS NOT NULL THEN m.previous_code
                    WHEN c.n = 1 THEN c.previous_code END AS previous_code,
               prev.name AS previous_name, prev.fiscal_year AS previous_year,
               CASE WHEN m.project_code IS NOT NULL AND m.previous_code IS NULL THEN 'removed'
                    WHEN m.project_code IS NOT NULL THEN 'manual'
                    WHEN c.n = 1 THEN 'name' ELSE 'none' END AS source
        FROM named p
        LEFT JOIN candidates c ON c.project_code = p.project_code
        {decided}
        LEFT JOIN projects prev ON prev.project_code =
            CASE WHEN m.project_code IS NOT NULL THEN m.previous_code
                 WHEN c.n = 1 THEN c.previous_code END
        WHERE (CAST($year AS INTEGER) IS NULL OR p.fiscal_year = $year)
          AND (CAST($unit AS VARCHAR) IS NULL OR p.unit_code = $unit)
        ORDER BY p.unit_code, p.project_code
        """,
        {"year": year, "unit": unit},  # type: ignore[arg-type]
    )[LINK_COLUMNS]
