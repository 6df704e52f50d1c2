"""Budget adjustments (预算调整: 追加 +, 调减 −), staged in DuckDB like spending.

Rules: total and empty rows are skipped; a missing project, an unreadable date or amount, an unknown
project or a date outside its fiscal year is rejected. The sign: a negative amount, or a 调整类型 of
调减/减少/核减, is a reduction. The same document number (文号) for the same project, in this file or
an earlier load, is a duplicate; rows without a 文号 are keyed by project, date and amount.
"""

from __future__ import annotations

import duckdb

from loaders.cells import INVISIBLE_SQL
from loaders.columns import ColumnMap
from loaders.record_base import Counts, LoadContext, column_sql, raw_json_sql, sql_string
from loaders.record_rows import AMOUNT_HINT
from loaders.record_sources import Source, register_rows
from store.db import first_row

REASONS = {
    1: ("skipped", "'合计行，不计入'"),
    2: ("skipped", "'空行'"),
    3: ("rejected", "'缺少项目编码'"),
    4: ("rejected", "'调整日期「' || coalesce(d_raw, '') || '」无法识别'"),
    5: ("rejected", f"'调整金额「' || coalesce(a_raw, '') || '」无法识别（{AMOUNT_HINT}）'"),
    6: ("rejected", "'项目编码 ' || project_code || ' 未在绩效目标中登记'"),
    7: (
        "rejected",
        "'调整日期 ' || strftime(adj_date, '%Y-%m-%d') || ' 不在项目 ' || project_code"
        " || ' 的预算年度 ' || fiscal_year || ' 内'",
    ),
}


def stage_adjustments(
    con: duckdb.DuckDBPyConnection, source: Source, mapping: ColumnMap, ctx: LoadContext
) -> Counts:
    scale = mapping.scale.get("amount", 1)
    project = f"nullif(regexp_replace({column_sql(mapping, 'project_code')}, '{INVISIBLE_SQL}', '', 'g'), '')"
    if ctx.project:
        project = f"coalesce({project}, {sql_string(ctx.project)})"
    mapped = [project] + [
        column_sql(mapping, c) for c in ("adj_date", "amount", "doc_no", "reason")
    ]
    blank = " AND ".join(f"{expr} IS NULL" for expr in mapped)
    reasons = " ".join(f"WHEN {k} THEN {text}" for k, (_, text) in REASONS.items())
    categories = " ".join(f"WHEN {k} THEN '{category}'" for k, (category, _) in REASONS.items())
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stg_adj AS
        WITH src AS (
            SELECT {source.row_no_sql} AS row_no, {project} AS project_code,
                   {column_sql(mapping, "adj_date")} AS d_raw, {column_sql(mapping, "amount")} AS a_raw,
                   {column_sql(mapping, "direction")} AS direction, {column_sql(mapping, "doc_no")} AS doc_no,
                   {column_sql(mapping, "reason")} AS reason_text, c0 AS first_cell,
                   {blank} AS is_blank, {raw_json_sql(mapping)} AS raw
            FROM {register_rows(con, source)}
        ), parsed AS (
            SELECT src.*, tracker_date(d_raw) AS adj_date,
                   TRY_CAST(round(tracker_number(a_raw) * {scale}, 2) AS DECIMAL(18,2)) AS amount,
                   p.fiscal_year, p.project_code IS NOT NULL AS known
            FROM src LEFT JOIN projects p USING (project_code)
        ), judged AS (
            SELECT *,
                CASE WHEN is_blank THEN 2
                     WHEN (adj_date IS NULL OR project_code IS NULL)
                          AND (tracker_is_total(first_cell) OR tracker_is_total(d_raw)
                               OR tracker_is_total(project_code)) THEN 1
                     WHEN project_code IS NULL THEN 3
                     WHEN adj_date IS NULL THEN 4
                     WHEN amount IS NULL THEN 5
                     WHEN NOT known THEN 6
                     WHEN year(adj_date) <> fiscal_year THEN 7
                     ELSE 0 END AS problem
            FROM parsed
        )
        SELECT row_no, project_code, adj_date,
               CASE WHEN amount > 0 AND regexp_matches(coalesce(direction, ''), '调减|减少|核减|收回')
                    THEN -amount ELSE amount END AS amount_yuan,
               doc_no, reason_text, problem,
               project_code || '|' || coalesce(doc_no, 'auto:' || adj_date || '|' ||
                   CASE WHEN amount > 0 AND regexp_matches(coalesce(direction, ''),
                                                          '调减|减少|核减|收回')
                        THEN -amount ELSE amount END) AS key,
               CASE WHEN problem > 0 THEN raw END AS raw,
               CASE problem {categories} END AS category,
               CASE WHEN problem > 0 THEN '第' || row_no || '行：' || CASE problem {reasons} END
               END AS reason
        FROM judged
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE stg_adj_keyed AS
        SELECT n.*,
               (SELECT min(b.load_id) FROM budget_adjustments b
                WHERE b.project_code || '|' || coalesce(b.doc_no, 'auto:' || b.adj_date || '|'
                      || b.amount_yuan) = n.key) AS seen_load,
               min(n.row_no) OVER (PARTITION BY n.key) AS first_row
        FROM stg_adj n WHERE n.problem = 0
        """
    )
    con.execute(
        """
        INSERT INTO budget_adjustments
        SELECT project_code, adj_date, amount_yuan, doc_no, reason_text, $load_id, row_no
        FROM stg_adj_keyed WHERE seen_load IS NULL AND row_no = first_row
        """,
        {"load_id": ctx.load_id},
    )
    con.execute(
        """
        INSERT INTO rejected_rows (load_id, row_no, category, reason, raw, project_code)
        SELECT $load_id, row_no, category, reason, raw, project_code FROM stg_adj WHERE problem > 0
        UNION ALL
        SELECT $load_id, row_no, 'duplicate',
               '第' || row_no || '行：' || coalesce('文号 ' || doc_no || ' ', '') || '与'
               || CASE WHEN seen_load IS NOT NULL THEN '导入批次 ' || seen_load
                       ELSE '本文件第 ' || first_row || ' 行' END || ' 中的调整重复，未重复存入',
               to_json(struct_pack(project_code, adj_date, amount_yuan, doc_no)), project_code
        FROM stg_adj_keyed WHERE seen_load IS NOT NULL OR row_no > first_row
        """,
        {"load_id": ctx.load_id},
    )
    row = first_row(
        con.execute(
            "SELECT count(*), count(*) FILTER (WHERE problem IN (1, 2)),"
            " count(*) FILTER (WHERE problem > 2) FROM stg_adj"
        )
    )
    stored = first_row(
        con.execute(
            "SELECT count(*), coalesce(sum(amount_yuan), 0) FROM budget_adjustments WHERE load_id = ?",
            [ctx.load_id],
        )
    )
    assert row is not None and stored is not None
    total, skipped, rejected = (int(v) for v in row)
    counts = Counts(
        total, int(stored[0]), total - skipped - rejected - int(stored[0]), rejected, skipped
    )
    if stored[0]:
        counts.notes.append(f"调整合计 {stored[1]:+,.2f} 元")
    con.execute("DROP TABLE IF EXISTS stg_adj; DROP TABLE IF EXISTS stg_adj_keyed")
    return counts
