"""The engine's record scanning, in plain portable SQL: sums by project and month, distinct
beneficiaries, survey counts, latest reported values. One function per question; each returns a
small DataFrame that the rules (`engine.rules`) work on. Heavy work stays in the database: at a
month end the loader's monthly sums are read, on other dates the spending table is scanned once,
grouped to (project, month).

Every function takes an open connection and the as-of date (records dated after it are ignored),
plus optional unit / project filters.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pyarrow as pa

from store.db import RECORD_DATES, data_date, has_table, latest_dates

SCOPE = (
    "(CAST(? AS VARCHAR) IS NULL OR p.unit_code = ?)"
    " AND (CAST(? AS VARCHAR) IS NULL OR p.project_code = ?)"
    " AND (CAST(? AS INTEGER) IS NULL OR p.fiscal_year = ?)"
)


def _scope(unit: str | None, project: str | None, year: int | None = None) -> list:
    return [unit, unit, project, project, year, year]


def view_year(con, as_of: dt.date) -> int | None:
    """The fiscal year a view at as-of shows when several are loaded (`rules.view_year`; None:
    no projects)."""
    from engine.rules import view_year as rule

    years = [int(r[0]) for r in con.execute("SELECT DISTINCT fiscal_year FROM projects").fetchall()]
    return rule(years, as_of) if years else None


def _keys(unit: str | None, project: str | None, year: int | None = None) -> tuple[str, list]:
    """A CTE `keys(project_code, i)`: the projects in scope numbered 0, 1, … in the order
    `projects()` returns them, so the rules index arrays by position instead of matching codes."""
    return (
        f"""keys AS (
            SELECT p.project_code,
                   CAST(row_number() OVER (ORDER BY p.unit_code, p.project_code) - 1 AS INTEGER)
                       AS i
            FROM projects p WHERE {SCOPE}
        )""",
        _scope(unit, project, year),
    )


def frame_of(
    con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None, dates: bool = True
) -> pd.DataFrame:
    """The result as a DataFrame, through Arrow (four times faster than `.df()` on text columns):
    DECIMAL as float64 (display and rules; exact money stays in the database), DATE as
    datetime.date (`dates=False`: datetime64), TIMESTAMP as datetime64."""
    table = con.sql(sql, params=params or []).to_arrow_table()
    for position, field in enumerate(table.schema):
        if pa.types.is_decimal(field.type):
            table = table.set_column(
                position, field.name, table.column(position).cast(pa.float64())
            )
    return table.to_pandas(date_as_object=dates)


_df = frame_of


def projects(
    con, unit: str | None = None, project: str | None = None, year: int | None = None
) -> pd.DataFrame:
    """project_code, unit_code, unit_name, name, fiscal_year, budget_yuan (original)."""
    return _df(
        con,
        f"""
        SELECT p.project_code, p.unit_code, u.unit_name, p.name, p.fiscal_year,
               CAST(p.budget_yuan AS DOUBLE) AS budget_yuan
        FROM projects p
        LEFT JOIN units u ON u.unit_code = p.unit_code AND u.fiscal_year = p.fiscal_year
        WHERE {SCOPE}
        ORDER BY p.unit_code, p.project_code
        """,
        _scope(unit, project, year),
    )


def is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def _month_end_before(day: dt.date) -> dt.date:
    """The last day of the month before `day`'s month."""
    return day.replace(day=1) - dt.timedelta(days=1)


def recent_window(as_of: dt.date, window_days: int) -> tuple[dt.date, int]:
    """The forecast's recent period, (start, as-of], and its length in days. `start` is the month
    end nearest to `window_days` before as-of (and before as-of), so that the loader's monthly sums
    answer whole months of it: at 30 September with 90 days, 30 June (92 days); at 15 September,
    30 June (77 days)."""
    aim = as_of - dt.timedelta(days=window_days)
    earlier = _month_end_before(aim)
    later = _month_end_before((aim.replace(day=28) + dt.timedelta(days=4)).replace(day=1))
    start = later if later < as_of and (later - aim) <= (aim - earlier) else earlier
    return start, (as_of - start).days


def spending_by_month(
    con,
    as_of: dt.date,
    window_days: int,
    unit: str | None = None,
    project: str | None = None,
    use_summary: bool = True,
    year: int | None = None,
) -> pd.DataFrame:
    """i (the project's position, `_keys`), project_code, month (1–12), spent, recent (dated inside
    `recent_window`), reversals (count of negative amounts), reversal_yuan, for records dated on or
    before as-of.

    Whole months come from the loader's monthly sums (`spending_monthly`); only the days of
    as-of's own month before its end are scanned from the records (`use_summary=False`, or a
    database written before the sums existed: everything from the records). The scan joins
    nothing: the loader only stores a record dated inside its project's fiscal year; the
    (project, month) sums are then numbered by `_keys`."""
    start, _ = recent_window(as_of, window_days)
    # a database last written before the summary existed (read-only here: no migration)
    use_summary = use_summary and bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'spending_monthly'"
        ).fetchall()[0][0]
    )
    # records from this day on are scanned; earlier whole months are read from the sums
    scan_from = as_of.replace(day=1) if use_summary else dt.date.min
    if use_summary and is_month_end(as_of):
        scan_from = as_of + dt.timedelta(days=1)
    scope = ""
    scope_params: list = []
    if project is not None:
        scope, scope_params = " AND project_code = ?", [project]
    elif unit is not None:
        scope = " AND project_code IN (SELECT project_code FROM projects WHERE unit_code = ?)"
        scope_params = [unit]
    parts: list[str] = []
    params: list = []
    if scan_from <= as_of:
        parts.append(f"""
            SELECT project_code, CAST(month(pay_date) AS INTEGER) AS month,
                   sum(amount_yuan) AS spent,
                   coalesce(sum(amount_yuan) FILTER (WHERE pay_date > ?), 0) AS recent,
                   count(*) FILTER (WHERE amount_yuan < 0) AS reversals,
                   coalesce(sum(amount_yuan) FILTER (WHERE amount_yuan < 0), 0) AS reversal_yuan
            FROM spending
            WHERE pay_date >= ? AND pay_date <= ?{scope}
            GROUP BY 1, 2
        """)
        params += [start, scan_from, as_of, *scope_params]
    if use_summary:
        parts.append(f"""
            SELECT project_code, CAST(month(month_start) AS INTEGER) AS month,
                   sum(spent_yuan) AS spent,
                   coalesce(sum(spent_yuan) FILTER (WHERE month_start > ?), 0) AS recent,
                   sum(reversals) AS reversals, sum(reversal_yuan) AS reversal_yuan
            FROM spending_monthly
            WHERE month_start < ?{scope}
            GROUP BY 1, 2
        """)
        params += [start, scan_from, *scope_params]
    records = " UNION ALL ".join(parts)
    keys, key_params = _keys(unit, project, year)
    sql = f"""
        WITH {keys}, m AS ({records})
        SELECT k.i, m.project_code, m.month, CAST(sum(m.spent) AS DOUBLE) AS spent,
               CAST(sum(m.recent) AS DOUBLE) AS recent, CAST(sum(m.reversals) AS BIGINT)
                   AS reversals, CAST(sum(m.reversal_yuan) AS DOUBLE) AS reversal_yuan
        FROM m JOIN keys k USING (project_code)
        GROUP BY 1, 2, 3
    """
    return _df(con, sql, [*key_params, *params])


def adjustments_by_month(
    con,
    as_of: dt.date,
    unit: str | None = None,
    project: str | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """i (`_keys`), project_code, month, adjusted (追加 + / 调减 −) on or before as-of."""
    keys, params = _keys(unit, project, year)
    return _df(
        con,
        f"""
        WITH {keys}
        SELECT k.i, a.project_code, CAST(month(a.adj_date) AS INTEGER) AS month,
               CAST(sum(a.amount_yuan) AS DOUBLE) AS adjusted
        FROM budget_adjustments a
        JOIN keys k ON k.project_code = a.project_code
        WHERE a.adj_date <= ?
        GROUP BY 1, 2, 3
        """,
        [*params, as_of],
    )


def plans(
    con,
    unit: str | None = None,
    project: str | None = None,
    dates: bool = True,
    year: int | None = None,
) -> pd.DataFrame:
    """i (`_keys`), project_code, checkpoint, label, cumulative_pct, ordered by project and
    checkpoint. `dates=False` leaves `checkpoint` as datetime64."""
    keys, params = _keys(unit, project, year)
    return _df(
        con,
        f"""
        WITH {keys}
        SELECT k.i, s.project_code, s.checkpoint, s.label, CAST(s.cumulative_pct AS DOUBLE)
               AS cumulative_pct
        FROM spending_plan s JOIN keys k ON k.project_code = s.project_code
        ORDER BY k.i, s.checkpoint
        """,
        params,
        dates,
    )


def indicators(
    con,
    unit: str | None = None,
    project: str | None = None,
    dates: bool = True,
    by_nature: bool = False,
    year: int | None = None,
) -> pd.DataFrame:
    """The published indicators with their parsed targets (`dates=False`: `deadline` as
    datetime64), `published_operator` and `direction_fixed`.

    `by_nature`: an indicator the target findings say is published in the wrong direction
    (`direction_wrong`: a satisfaction rate with ≤, a cost with ≥) is evaluated the way its nature
    implies, with the same number — `operator` and `direction` reversed (≤ / < → ≥, ≥ / > → ≤),
    `direction_fixed` true; `published_operator` keeps what the document says."""
    return _df(
        con,
        f"""
        WITH wrong AS (
            SELECT DISTINCT project_code, indicator_seq FROM target_findings
            WHERE rule = 'direction_wrong' AND CAST(? AS BOOLEAN)
        )
        SELECT i.project_code, i.seq, i.level1, i.level2, i.name, i.target_raw,
               CASE WHEN w.project_code IS NULL THEN i.operator
                    WHEN i.operator IN ('≤', '<') THEN '≥'
                    WHEN i.operator IN ('≥', '>') THEN '≤' ELSE i.operator END AS operator,
               i.target_value, i.unit, i.kind, i.deadline,
               CASE WHEN w.project_code IS NULL THEN i.direction
                    WHEN i.direction = 'lower' THEN 'higher' ELSE 'lower' END AS direction,
               i.operator AS published_operator, w.project_code IS NOT NULL AS direction_fixed
        FROM indicators i JOIN projects p ON p.project_code = i.project_code
        LEFT JOIN wrong w ON w.project_code = i.project_code AND w.indicator_seq = i.seq
        WHERE {SCOPE}
        ORDER BY 1, 2
        """,
        [by_nature, *_scope(unit, project, year)],
        dates,
    )


def latest_actuals(
    con,
    as_of: dt.date,
    unit: str | None = None,
    project: str | None = None,
    dates: bool = True,
    year: int | None = None,
) -> pd.DataFrame:
    """project_code, seq, as_of (of the report), value, value_date, level, value_raw: the latest
    report on or before as-of (the latest load wins for the same date)."""
    return _df(
        con,
        f"""
        SELECT project_code, seq, reported_on, value, value_date, level, value_raw FROM (
            SELECT a.project_code, a.indicator_seq AS seq, a.as_of AS reported_on, a.value,
                   a.value_date, a.level, a.value_raw,
                   row_number() OVER (PARTITION BY a.project_code, a.indicator_seq
                                      ORDER BY a.as_of DESC, a.load_id DESC, a.row_no DESC) AS rn
            FROM indicator_actuals a JOIN projects p ON p.project_code = a.project_code
            WHERE a.as_of <= ? AND {SCOPE}
        ) WHERE rn = 1
        """,
        [as_of, *_scope(unit, project, year)],
        dates,
    )


def beneficiary_counts(
    con,
    as_of: dt.date,
    unit: str | None = None,
    project: str | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """project_code, people (distinct person_key), aid_rows: aid dated on or before as-of."""
    return _df(
        con,
        f"""
        SELECT b.project_code, count(DISTINCT b.person_key) AS people, count(*) AS aid_rows
        FROM beneficiaries b JOIN projects p ON p.project_code = b.project_code
        WHERE (b.aid_date IS NULL OR b.aid_date <= ?) AND {SCOPE}
        GROUP BY 1
        """,
        [as_of, *_scope(unit, project, year)],
    )


def survey_counts(
    con,
    as_of: dt.date,
    unit: str | None = None,
    project: str | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """project_code, seq, answers, satisfied, scored (answers given as a 1–5 score), mean_score."""
    return _df(
        con,
        f"""
        SELECT r.project_code, r.indicator_seq AS seq, count(*) AS answers,
               count(*) FILTER (WHERE r.satisfied) AS satisfied, count(r.score) AS scored,
               avg(r.score) AS mean_score
        FROM survey_responses r JOIN projects p ON p.project_code = r.project_code
        WHERE (r.response_date IS NULL OR r.response_date <= ?) AND {SCOPE}
        GROUP BY 1, 2
        """,
        [as_of, *_scope(unit, project, year)],
    )


def set_aside_counts(
    con, unit: str | None = None, project: str | None = None, year: int | None = None
) -> pd.DataFrame:
    """i (`_keys`), project_code, duplicates, rejected: rows of spending loads not stored, per
    project."""
    keys, params = _keys(unit, project, year)
    return _df(
        con,
        f"""
        WITH {keys}
        SELECT k.i, r.project_code,
               count(*) FILTER (WHERE r.category = 'duplicate') AS duplicates,
               count(*) FILTER (WHERE r.category IN ('rejected', 'changed')) AS rejected
        FROM rejected_rows r
        JOIN imports i ON i.load_id = r.load_id AND i.kind = 'spending' AND i.status = 'ok'
        JOIN keys k ON k.project_code = r.project_code
        GROUP BY 1, 2
        """,
        params,
    )


def last_record_date(con) -> dt.date | None:
    """The latest date of any loaded record — spending, adjustments, aid, indicator reports,
    survey answers — by `data_date`. The pages' default as-of date, said on every page as
    数据截至."""
    years = con.execute("SELECT max(fiscal_year) FROM projects").fetchall()
    return data_date(latest_dates(con).values(), years[0][0] if years else None)


def records_between(con, start: dt.date, end: dt.date) -> int:
    """How many records of any kind (RECORD_DATES) are dated from `start` to `end`: 0 tells a
    reader that a month's figures only carry earlier data forward."""
    counts = " UNION ALL ".join(
        f"SELECT count(*) AS n FROM {table} WHERE {column} BETWEEN $start AND $end"
        for table, column in RECORD_DATES
        if has_table(con, table)
    )
    if not counts:
        return 0
    rows = con.execute(
        f"SELECT coalesce(sum(n), 0) FROM ({counts})", {"start": start, "end": end}
    ).fetchall()
    return int(rows[0][0]) if rows else 0
