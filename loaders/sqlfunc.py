"""SQL macros shared by the record loaders: dates and amounts as clerks write them.

Created as TEMP macros on the loader's connection, so the stored database holds no code.
"""

from __future__ import annotations

import duckdb

DATE_FORMATS = [
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y年%m月%d日",
    "%Y%m%d",
    "%Y.%m.%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d号",
]
TOTAL_WORDS = ("合计", "小计", "总计", "累计")  # 本月合计, 本年累计, 小 计 … contain one


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """tracker_date(text) → DATE (also Excel serial numbers); tracker_number(text) → DECIMAL;
    tracker_is_total(text) → the cell opens a total row (合计/小计/总计…)."""
    formats = "[" + ", ".join(f"'{f}'" for f in DATE_FORMATS) + "]"
    bare = "replace(replace(coalesce(s, ''), ' ', ''), '\u3000', '')"
    totals = " OR ".join(f"contains({bare}, '{w}')" for w in TOTAL_WORDS)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP MACRO tracker_date(s) AS COALESCE(
            CAST(try_strptime(trim(s), {formats}) AS DATE),
            CASE WHEN regexp_full_match(trim(s), '[1-9][0-9]{{4}}(\\.[0-9]+)?')
                 THEN DATE '1899-12-30' + CAST(floor(CAST(trim(s) AS DOUBLE)) AS INTEGER) END
        );
        CREATE OR REPLACE TEMP MACRO tracker_bare_number(s) AS
            regexp_replace(trim(s), '[¥￥元\\s]', '', 'g');
        -- commas only as thousands separators: 1,234.56; a decimal comma (1.234,56 or 200,00) is
        -- ambiguous and stays unread (the row is rejected, not misread), as do exponents (1e-5),
        -- underscores (1_000), a plus sign, NaN and infinity. A plain expression, not a subquery:
        -- DuckDB then evaluates it only for the rows that reach it.
        CREATE OR REPLACE TEMP MACRO tracker_number(s) AS CASE
            WHEN regexp_full_match(tracker_bare_number(s), '-?[0-9]+(\\.[0-9]+)?')
                THEN TRY_CAST(tracker_bare_number(s) AS DECIMAL(38,6))
            WHEN regexp_full_match(tracker_bare_number(s), '-?[0-9]{{1,3}}(,[0-9]{{3}})+(\\.[0-9]+)?')
                THEN TRY_CAST(replace(tracker_bare_number(s), ',', '') AS DECIMAL(38,6))
            WHEN regexp_full_match(tracker_bare_number(s),
                                   '\\(([0-9]{{1,3}}(,[0-9]{{3}})*|[0-9]+)(\\.[0-9]+)?\\)')
                THEN -TRY_CAST(replace(trim(tracker_bare_number(s), '()'), ',', '')
                               AS DECIMAL(38,6))
        END;
        CREATE OR REPLACE TEMP MACRO tracker_is_total(s) AS ({totals});
        """
    )
