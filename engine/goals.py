"""The department's own goals at a date (issue 15): each goal of a unit (`unit_goals`, read from
part 1 of its target document by loaders/unit_goals.py) with the latest progress reported on or
before the date (`goal_actuals`) and the same warning rules as a project's indicators
(`rules.indicator_colour`: a count pro-rated by the months elapsed, a rate as it is, a cap within
or not, a qualitative goal by its level)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from engine import rules
from engine.aggregates import frame_of
from store.db import has_table
from store.settings import Settings, settings

GOAL_COLUMNS = [
    "unit_code", "unit_name", "fiscal_year", "seq", "section", "text", "kind", "operator", "value",
    "unit", "object", "stale_year", "actual", "level", "reported_on", "note", "ratio_pct",
    "colour", "reason",
]  # fmt: skip


def goal_year(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> int | None:
    """The fiscal year whose goals a date shows: its own, else the latest earlier one."""
    if not has_table(con, "unit_goals"):
        return None
    rows = con.execute(
        "SELECT max(fiscal_year) FROM unit_goals WHERE fiscal_year <= ?", [as_of.year]
    ).fetchall()
    return rows[0][0] if rows and rows[0][0] is not None else None


def unit_goals(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    unit: str | None = None,
    config: Settings | None = None,
) -> pd.DataFrame:
    """Every goal of the units in scope (of `goal_year`) at as-of, numbered as published, with
    its actual, ratio, colour and reason (GOAL_COLUMNS)."""
    cfg = config or settings()
    year = goal_year(con, as_of)
    if year is None:
        return pd.DataFrame(columns=GOAL_COLUMNS)
    reported = has_table(con, "goal_actuals")
    latest = (
        """
        LEFT JOIN (
            SELECT unit_code, goal_seq, as_of AS reported_on, value AS actual, level, note,
                   row_number() OVER (PARTITION BY unit_code, goal_seq
                                      ORDER BY as_of DESC, load_id DESC, row_no DESC) AS rn
            FROM goal_actuals WHERE as_of <= $day AND year(as_of) = $year
        ) a ON a.unit_code = g.unit_code AND a.goal_seq = g.seq AND a.rn = 1"""
        if reported
        else ""
    )
    frame = frame_of(
        con,
        f"""
        SELECT g.unit_code, u.unit_name, g.fiscal_year, g.seq, g.section, g.text, g.kind,
               g.operator, g.value, g.unit, g.object, g.stale_year,
               {
            "a.actual, a.level, a.reported_on, a.note"
            if reported
            else "NULL::DOUBLE AS actual, NULL AS level, NULL::DATE AS reported_on, NULL AS note"
        }
        FROM unit_goals g
        LEFT JOIN units u ON u.unit_code = g.unit_code AND u.fiscal_year = g.fiscal_year
        {latest}
        WHERE g.fiscal_year = $year AND (CAST($unit AS VARCHAR) IS NULL OR g.unit_code = $unit)
        ORDER BY g.unit_code, g.seq
        """,
        {"day": as_of, "year": year, "unit": unit},  # type: ignore[arg-type]
    )
    day = rules.effective_date(as_of, year)
    elapsed = (day - rules.year_start(year)).days / rules.days_in_year(year) * 12
    judged = [
        rules.indicator_colour(
            kind,
            "lower" if operator == "≤" else "higher",
            operator,
            rules.as_float(value),
            rules.as_float(actual),
            level if isinstance(level, str) else None,
            None,
            None,
            elapsed,
            day,
            cfg.indicators,
        )
        for kind, operator, value, actual, level in zip(
            frame["kind"], frame["operator"], frame["value"], frame["actual"], frame["level"],
            strict=True,
        )
    ]  # fmt: skip
    frame["ratio_pct"] = [r for r, _, _ in judged]
    frame["colour"] = [c for _, c, _ in judged]
    frame["reason"] = [why for _, _, why in judged]
    return frame[GOAL_COLUMNS]
