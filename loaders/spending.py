"""Spending records (支出/支付明细) staged and validated inside DuckDB, for 10-million-row files.

Rules, in the order a row is judged (the first that applies wins):
1. a total row (合计/小计/总计/累计 in a cell, and no valid date or no project) → skipped;
   an empty row → skipped;
2. no project code, a date or amount that cannot be read → rejected;
3. a project code with no loaded targets → rejected (`项目编码 … 未在绩效目标中登记`);
4. a date outside the project's fiscal year → rejected;
5. a voucher (凭证号) already stored by an earlier load, or earlier in this file → duplicate, not
   stored. Rows without a voucher number are keyed by a hash of project, date, amount, payee and
   summary instead;
6. otherwise stored. Negative amounts are reversals (冲销): stored, and counted in the summary.
"""

from __future__ import annotations

import duckdb

from loaders.columns import ColumnMap
from loaders.record_sources import Source
from loaders.records import Counts, LoadContext

PROBLEMS = {
    1: ("skipped", "'合计行，不计入'"),
    2: ("skipped", "'空行'"),
    3: ("rejected", "'缺少项目编码'"),
    4: (
        "rejected",
        "'支付日期「' || coalesce(d_raw, '') || '」无法识别（可用 2025-03-05、2025/3/5、"
        "2025年3月5日、20250305）'",
    ),
    5: ("rejected", "'金额「' || coalesce(a_raw, '') || '」不是数字'"),
    6: ("rejected", "'项目编码 ' || project_code || ' 未在绩效目标中登记'"),
    7: (
        "rejected",
        "'支付日期 ' || strftime(pay_date, '%Y-%m-%d') || ' 不在项目 ' || project_code"
        " || ' 的预算年度 ' || fiscal_year || ' 内'",
    ),
}


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _col(mapping: ColumnMap, name: str) -> str:
    """The raw column for a canonical name, as trimmed text (NULL when blank or absent)."""
    if name not in mapping.index:
        return "CAST(NULL AS VARCHAR)"
    return f"nullif(trim(c{mapping.index[name]}), '')"


def raw_json_sql(mapping: ColumnMap) -> str:
    """A JSON object of the row's mapped cells keyed by the file's own headers (for rejected rows)."""
    fields = []
    seen: set[str] = set()
    for i in sorted(set(mapping.index.values())):
        header = mapping.headers[i] or f"列{i + 1}"
        if header in seen:
            header = f"{header}（列{i + 1}）"
        seen.add(header)
        fields.append('"' + header.replace('"', '""') + f'" := c{i}')
    return "to_json(struct_pack(" + ", ".join(fields) + "))"


def stage_spending(
    con: duckdb.DuckDBPyConnection, source: Source, mapping: ColumnMap, ctx: LoadContext
) -> Counts:
    scale = mapping.scale.get("amount", 1)
    project = _col(mapping, "project_code")
    if ctx.project:
        project = f"coalesce({project}, {sql_string(ctx.project)})"
    mapped = [project] + [
        _col(mapping, c) for c in ("pay_date", "amount", "voucher_no", "payee", "summary")
    ]
    blank = " AND ".join(f"{expr} IS NULL" for expr in mapped)
    reason_cases = " ".join(f"WHEN {code} THEN {text}" for code, (_, text) in PROBLEMS.items())
    category_cases = " ".join(
        f"WHEN {code} THEN '{category}'" for code, (category, _) in PROBLEMS.items()
    )
    raw_json = raw_json_sql(mapping)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stg_spending AS
        WITH src AS (
            SELECT {source.row_no_sql} AS row_no,
                   {project} AS project_code,
                   {_col(mapping, "pay_date")} AS d_raw,
                   {_col(mapping, "amount")} AS a_raw,
                   {_col(mapping, "voucher_no")} AS voucher_no,
                   {_col(mapping, "payee")} AS payee,
                   {_col(mapping, "summary")} AS summary,
                   {_col(mapping, "fund_source")} AS fund_source,
                   c0 AS first_cell,
                   CASE WHEN {blank} THEN true ELSE false END AS is_blank,
                   {raw_json} AS raw
            FROM {source.from_sql}
        ), parsed AS (
            SELECT src.*, tracker_date(d_raw) AS pay_date,
                   CAST(round(tracker_number(a_raw) * {scale}, 2) AS DECIMAL(18,2)) AS amount_yuan,
                   p.fiscal_year, p.project_code IS NOT NULL AS known
            FROM src LEFT JOIN projects p USING (project_code)
        ), judged AS (
            SELECT *,
                CASE
                    WHEN is_blank THEN 2
                    WHEN (pay_date IS NULL OR project_code IS NULL)
                         AND (tracker_is_total(first_cell) OR tracker_is_total(d_raw)
                              OR tracker_is_total(project_code) OR tracker_is_total(voucher_no)
                              OR tracker_is_total(summary)) THEN 1
                    WHEN project_code IS NULL THEN 3
                    WHEN pay_date IS NULL THEN 4
                    WHEN amount_yuan IS NULL THEN 5
                    WHEN NOT known THEN 6
                    WHEN year(pay_date) <> fiscal_year THEN 7
                    ELSE 0
                END AS problem
            FROM parsed
        )
        SELECT row_no, project_code, pay_date, amount_yuan, voucher_no, payee, summary,
               fund_source, problem,
               coalesce(voucher_no, 'auto:' || md5(concat_ws('|', project_code, pay_date,
                        amount_yuan, payee, summary))) AS dedupe_key,
               CASE WHEN problem > 0 THEN raw END AS raw,
               CASE problem {category_cases} END AS category,
               CASE WHEN problem > 0 THEN '第' || row_no || '行：' || CASE problem {reason_cases} END
               END AS reason
        FROM judged
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE stg_dup AS
        SELECT dedupe_key, min(row_no) AS first_row
        FROM stg_spending WHERE problem = 0 GROUP BY dedupe_key HAVING count(*) > 1
        """
    )
    # earlier loads: one scan of the stored keys, probing the (smaller) batch
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE stg_seen AS
        SELECT s.dedupe_key, min(s.load_id) AS load_id
        FROM spending s SEMI JOIN stg_spending n ON n.dedupe_key = s.dedupe_key AND n.problem = 0
        GROUP BY s.dedupe_key
        """
    )
    con.execute(
        """
        INSERT INTO spending
        SELECT n.project_code, n.pay_date, n.amount_yuan, n.voucher_no, n.payee, n.summary,
               n.fund_source, n.dedupe_key, $load_id, n.row_no
        FROM stg_spending n
        ANTI JOIN stg_seen e ON e.dedupe_key = n.dedupe_key
        WHERE n.problem = 0
          AND NOT EXISTS (SELECT 1 FROM stg_dup d
                          WHERE d.dedupe_key = n.dedupe_key AND n.row_no > d.first_row)
        """,
        {"load_id": ctx.load_id},
    )
    con.execute(
        """
        INSERT INTO rejected_rows
        SELECT $load_id, row_no, category, reason, raw FROM stg_spending WHERE problem > 0
        UNION ALL
        SELECT $load_id, n.row_no, 'duplicate',
               '第' || n.row_no || '行：' || CASE WHEN n.voucher_no IS NULL
                   THEN '与' ELSE '凭证号 ' || n.voucher_no || ' 与' END ||
               CASE WHEN e.load_id IS NOT NULL THEN '导入批次 ' || e.load_id || ' 中的记录重复'
                    ELSE '本文件第 ' || d.first_row || ' 行重复' END ||
               '，未重复存入',
               to_json(struct_pack(project_code := n.project_code, pay_date := n.pay_date,
                                   amount_yuan := n.amount_yuan, voucher_no := n.voucher_no,
                                   payee := n.payee, summary := n.summary))
        FROM stg_spending n
        LEFT JOIN stg_seen e ON e.dedupe_key = n.dedupe_key
        LEFT JOIN stg_dup d ON d.dedupe_key = n.dedupe_key
        WHERE n.problem = 0 AND (e.dedupe_key IS NOT NULL OR n.row_no > d.first_row)
        """,
        {"load_id": ctx.load_id},
    )
    row = con.execute(
        """
        SELECT count(*),
               count(*) FILTER (WHERE problem IN (1, 2)),
               count(*) FILTER (WHERE problem > 2)
        FROM stg_spending
        """
    ).fetchone()
    assert row is not None
    total, skipped, rejected = (int(v) for v in row)
    stored = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE amount_yuan < 0),"
        " coalesce(sum(amount_yuan) FILTER (WHERE amount_yuan < 0), 0)"
        " FROM spending WHERE load_id = ?",
        [ctx.load_id],
    ).fetchone()
    assert stored is not None
    loaded, reversals, reversal_sum = int(stored[0]), int(stored[1]), stored[2]
    counts = Counts(
        total=total,
        loaded=loaded,
        duplicates=total - skipped - rejected - loaded,
        rejected=rejected,
        skipped=skipped,
    )
    if reversals:
        counts.notes.append(f"冲销（负数）{reversals} 笔，合计 {reversal_sum:,.2f} 元")
    for table in ("stg_spending", "stg_dup", "stg_seen"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return counts
