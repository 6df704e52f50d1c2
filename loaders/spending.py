"""Spending records (支出/支付明细): 10-million-row files loaded inside DuckDB.

How a file is judged (every row ends up stored or in `rejected_rows`, never silently dropped):
1. a total row (合计/小计/总计/累计, without a date or project) or an empty row → skipped;
2. no project code, a date or an amount that cannot be read → rejected;
3. a project code with no loaded targets → rejected (`项目编码 … 未在绩效目标中登记`);
4. a date outside the project's fiscal year → rejected;
5. a voucher (凭证号) already stored by an earlier load, or earlier in this file → duplicate, not
   stored again. A row without a voucher number is keyed by a hash of its project, date, amount,
   payee and summary (`dedupe_key`), so the same row twice is a duplicate too;
6. otherwise stored. Negative amounts are reversals (冲销): stored, and counted in the summary.

Two ways in, one way out. The fast path (CSV whose date column has one format): DuckDB's CSV reader
casts dates and amounts itself and sets aside the lines it cannot cast (`store_rejects`); those few
lines are re-read in Python with the lenient rules (other date forms, ¥, 元, (1,000.00)). All other
rows are appended to `spending` in file order, so a row's line number follows from its position.
The lenient path (Excel, or a CSV with mixed date forms) parses every cell with SQL macros. Both
then settle the load inside the same transaction: rows that fail rules 2–5 are copied to
`rejected_rows` and deleted. Duplicates are found by a hash of the key within the load, and by one
scan of the stored keys against the load's keys.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import duckdb

from loaders.cells import INVISIBLE_SQL
from loaders.columns import ColumnMap
from loaders.errors import LoadError
from loaders.limits import limits
from loaders.record_base import Counts, LoadContext, column_sql, raw_json_sql, sql_string
from loaders.record_rows import AMOUNT_HINT, parse_amount, parse_date
from loaders.record_sources import (
    Source,
    clear_lenient_rejects,
    gap_shift_sql,
    lenient_rejects,
    register_rows,
)
from loaders.sqlfunc import DATE_FORMATS, TOTAL_WORDS
from store.db import first_row

SAMPLE_ROWS = 200
FAST_PATH_MAX_REJECTS = 64  # more unreadable lines than this: use the lenient path instead
# a row without a voucher whose payee or summary says 合计/小计/总计/累计 is a total line
TOTAL_ROW = "(s.voucher_no IS NULL AND (tracker_is_total(s.summary) OR tracker_is_total(s.payee)))"
STORED = "project_code, pay_date, amount_yuan, voucher_no, payee, summary, fund_source"
RAW_OF_STORED = (
    "to_json(struct_pack(project_code := s.project_code, pay_date := s.pay_date,"
    " amount_yuan := coalesce(CAST(s.amount_yuan AS VARCHAR), s.amount_raw),"
    " voucher_no := s.voucher_no, payee := s.payee,"
    " summary := s.summary))"
)
# A voucher number alone is not a key: accounting vouchers have several lines (projects, amounts)
# and are often numbered per month. The same voucher, project, date and amount is the same payment.
KEY_COLUMNS = ("voucher_no", "project_code", "pay_date", "amount_yuan", "dedupe_key")
KEY_HASH = "hash(" + ", ".join(f"s.{c}" for c in KEY_COLUMNS) + ")"


def _same_key(left: str, right: str) -> str:
    return " AND ".join(f"{left}.{c} IS NOT DISTINCT FROM {right}.{c}" for c in KEY_COLUMNS)


def _auto_key(project: str, date: str, amount: str, payee: str, summary: str) -> str:
    return f"'auto:' || md5(concat_ws('|', {project}, {date}, {amount}, {payee}, {summary}))"


def is_total(cells: list[str]) -> bool:
    return any(word in re.sub(r"\s", "", cell) for cell in cells for word in TOTAL_WORDS)


def _date_format(source: Source, mapping: ColumnMap) -> str | None:
    """The one date format of the sample's date column, or None (→ the lenient path)."""
    if source.sheet is not None or not source.fast_csv:
        return None
    values = [v.strip() for v in source.sample_column(mapping.index["pay_date"]) if v.strip()]
    values = [v for v in values if not is_total([v])]
    if not values:
        return None
    for form in DATE_FORMATS:
        parsed = 0
        for value in values:
            try:
                dt.datetime.strptime(value, form)
                parsed += 1
            except ValueError:
                pass
        if parsed == len(values):
            return form
    return None


def stage_spending(
    con: duckdb.DuckDBPyConnection, source: Source, mapping: ColumnMap, ctx: LoadContext
) -> Counts:
    date_format = _date_format(source, mapping) if "pay_date" in mapping.index else None
    counts = None
    if date_format is not None:
        counts = _insert_fast(con, source, mapping, ctx, date_format)
    if counts is None:
        counts = _insert_lenient(con, source, mapping, ctx)
    counts = _settle(con, ctx, counts)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE stg_monthly AS
        SELECT project_code, date_trunc('month', pay_date) AS month_start,
               TRY_CAST(sum(amount_yuan) AS DECIMAL(18,2)) AS spent_yuan,
               count(*) FILTER (WHERE amount_yuan < 0) AS reversals,
               coalesce(TRY_CAST(sum(amount_yuan) FILTER (WHERE amount_yuan < 0)
                                 AS DECIMAL(18,2)), 0) AS reversal_yuan,
               count(*) AS records, load_id
        FROM spending WHERE load_id = $load_id
        GROUP BY project_code, date_trunc('month', pay_date), load_id
        """,
        {"load_id": ctx.load_id},
    )
    # each amount fits DECIMAL(18,2), but a month's sum may not: say which, instead of storing it
    too_big = first_row(
        con.execute(
            "SELECT project_code, strftime(month_start, '%Y-%m') FROM stg_monthly"
            " WHERE spent_yuan IS NULL LIMIT 1"
        )
    )
    if too_big is not None:
        raise LoadError(
            f"项目 {too_big[0]} 在 {too_big[1]} 的支出合计超出可存储的范围（10^16 元）",
            file=ctx.file_name,
            hint="请检查金额列的单位（元 / 万元）和数值",
        )
    con.execute("INSERT INTO spending_monthly SELECT * FROM stg_monthly")
    con.execute("DROP TABLE stg_monthly")
    return counts


def strict_amount_sql(text: str, scale: int) -> str:
    """SQL for an amount cell read strictly, in yuan as DECIMAL(18,2), NULL when unreadable.

    The plain forms (`1234.56`) are cast directly, which DuckDB does fast; its cast also takes
    `1e-5`, `1_000` and `+5`, so those characters are refused first. Anything else (`1,234.56`,
    `¥500`, `(300)`) goes through the strict `tracker_number` macro, which never accepts a
    decimal comma."""
    plain = (
        f"TRY_CAST({text} AS DECIMAL(18,2))"
        if scale == 1
        else (f"TRY_CAST(round(TRY_CAST({text} AS DECIMAL(38,6)) * {scale}, 2) AS DECIMAL(18,2))")
    )
    odd = " OR ".join(f"strpos({text}, '{c}') > 0" for c in ("e", "E", "_", "+"))
    return (
        f"CASE WHEN {text} IS NULL OR {text} = '' OR {odd} THEN NULL"
        f" ELSE coalesce({plain},"
        f" TRY_CAST(round(tracker_number({text}) * {scale}, 2) AS DECIMAL(18,2))) END"
    )


def _project_expr(column: str, ctx: LoadContext) -> str:
    return f"coalesce({column}, {sql_string(ctx.project)})" if ctx.project else column


def _insert_fast(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    mapping: ColumnMap,
    ctx: LoadContext,
    date_format: str,
) -> Counts | None:
    """Append every row the CSV reader can cast; re-read the lines it could not.

    Returns None (nothing inserted) when too many lines need the lenient rules.
    """
    index = mapping.index
    width = len(source.headers)
    scale = mapping.scale.get("amount", 1)
    types = {f"c{i}": "VARCHAR" for i in range(width)}
    types[f"c{index['pay_date']}"] = "DATE"
    type_list = ", ".join(f"'{k}': '{v}'" for k, v in types.items())
    reader = source.typed_reader(
        f"columns={{{type_list}}}, dateformat={sql_string(date_format)},"
        " store_rejects=true, rejects_table='tracker_rejects', rejects_scan='tracker_reject_scans'"
    )
    con.execute("DROP TABLE IF EXISTS tracker_rejects; DROP TABLE IF EXISTS tracker_reject_scans")

    def col(name: str) -> str:
        if name not in index:
            return "CAST(NULL AS VARCHAR)"
        if name in ("pay_date", "amount", "fund_source"):
            return f"c{index[name]}"
        # keys and the fields of the row hash: trimmed, so a re-export with stray spaces is
        # still recognised as the same payment
        if name in ("project_code", "voucher_no"):
            return f"nullif(trim(c{index[name]}), '')"
        return f"trim(c{index[name]})"

    project = _project_expr(col("project_code"), ctx)
    auto = _auto_key("project_code", "pay_date", "amount", "payee", "summary")
    con.execute(
        f"""
        INSERT INTO spending ({STORED}, dedupe_key, load_id, row_no, amount_raw)
        SELECT project_code, pay_date, amount, voucher_no, payee, summary, fund_source,
               CASE WHEN voucher_no IS NULL THEN {auto} END, $load_id, 0,
               CASE WHEN amount IS NULL THEN a_raw END
        FROM (
            SELECT {project} AS project_code, {col("pay_date")} AS pay_date,
                   {strict_amount_sql("a_raw", scale)} AS amount,
                   {col("voucher_no")} AS voucher_no, {col("payee")} AS payee,
                   {col("summary")} AS summary, {col("fund_source")} AS fund_source, a_raw
            FROM (SELECT *, trim(c{index["amount"]}) AS a_raw FROM {reader})
        )
        """,
        {"load_id": ctx.load_id},
    )
    rejected_lines = con.execute(
        "SELECT line, list(DISTINCT error_type), any_value(csv_line) FROM tracker_rejects"
        " GROUP BY line ORDER BY line"
    ).fetchall()
    if len(rejected_lines) > FAST_PATH_MAX_REJECTS:
        con.execute("DELETE FROM spending WHERE load_id = ?", [ctx.load_id])
        return None
    inserted_row = first_row(
        con.execute("SELECT count(*), min(rowid) FROM spending WHERE load_id = ?", [ctx.load_id])
    )
    assert inserted_row is not None
    inserted, first_rowid = int(inserted_row[0]), inserted_row[1]
    # line numbers: the k-th appended row (0-based) sits after every line the reader skipped
    # (blank) or set aside (rejected) before it. The rows were appended with row_no 0, not NULL:
    # updating a NULL-only column makes the commit rewrite every row group (3 s per 10 million
    # rows), updating a zero column does not (measured, BENCHMARKS.md)
    header = source.header_row
    blanks: list[int] = []
    if ctx.file_lines is None or ctx.file_lines() - header != inserted + len(rejected_lines):
        blanks = source.blank_lines  # the reader skipped lines: find which (a slower pass)
    gaps = sorted(set(blanks) | {int(r[0]) for r in rejected_lines})
    shift = gap_shift_sql(gaps, header, f"rowid - {first_rowid}")
    if inserted:
        con.execute(
            f"UPDATE spending SET row_no = CAST({header + 1} + (rowid - {first_rowid}){shift}"
            " AS INTEGER) WHERE load_id = ?",
            [ctx.load_id],
        )
    counts = Counts(total=inserted + len(rejected_lines))
    _reread_lines(con, source, mapping, ctx, rejected_lines, counts)
    con.execute("DROP TABLE IF EXISTS tracker_rejects; DROP TABLE IF EXISTS tracker_reject_scans")
    return counts


def _reread_lines(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    mapping: ColumnMap,
    ctx: LoadContext,
    lines: list[tuple],
    counts: Counts,
) -> None:
    """Lines the CSV reader set aside: rescue what the lenient rules can read, keep the rest."""
    index = mapping.index
    scale = mapping.scale.get("amount", 1)
    rescued: list[tuple] = []
    aside: list[tuple[int, str, str, dict, str | None]] = []
    for line, errors, text in lines:
        cells = next(csv.reader([str(text).strip("\r\n")], delimiter=source.delimiter), [])
        cells = [c.strip() for c in cells]

        def cell(name: str, cells: list[str] = cells) -> str:
            i = index.get(name)
            return cells[i] if i is not None and i < len(cells) else ""

        raw = {
            (mapping.headers[i] or f"列{i + 1}"): (cells[i] if i < len(cells) else None)
            for i in sorted(set(index.values()))
        }
        project = cell("project_code") or (ctx.project or "")
        date, amount = parse_date(cell("pay_date")), parse_amount(cell("amount"), scale)
        if not any(cells):
            aside.append((line, "skipped", "空行", raw, None))
        elif (date is None or not project) and is_total(cells):
            aside.append((line, "skipped", "合计行，不计入", raw, None))
        elif "LINE SIZE OVER MAXIMUM" in errors:
            kb = max(limits().max_cell_kb, 8)
            reason = f"这一行超过 {kb} KB（有过长的单元格），未读入"
            aside.append((line, "rejected", reason, {"原始行（前 200 字）": str(text)[:200]}, None))
        elif any(e not in ("CAST",) for e in errors):
            aside.append(
                (line, "rejected", f"列数或引号与表头不一致（{len(cells)} 列）", raw, project)
            )
        elif date is None:
            aside.append(
                (line, "rejected", f"支付日期「{cell('pay_date')}」无法识别", raw, project)
            )
        elif amount is None:
            text = f"金额「{cell('amount')}」无法识别（{AMOUNT_HINT}）"
            aside.append((line, "rejected", text, raw, project))
        else:
            rescued.append(
                (
                    project or None,
                    date,
                    amount,
                    cell("voucher_no") or None,
                    cell("payee") or None,
                    cell("summary") or None,
                    cell("fund_source") or None,
                    ctx.load_id,
                    line,
                )
            )
    if rescued:
        con.executemany(
            f"INSERT INTO spending ({STORED}, load_id, row_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rescued,
        )
        auto = _auto_key("project_code", "pay_date", "amount_yuan", "payee", "summary")
        con.execute(
            f"UPDATE spending SET dedupe_key = {auto} WHERE load_id = ? AND voucher_no IS NULL"
            " AND dedupe_key IS NULL",
            [ctx.load_id],
        )
    if aside:
        con.executemany(
            "INSERT INTO rejected_rows (load_id, row_no, category, reason, raw, project_code)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    ctx.load_id,
                    line,
                    category,
                    f"第{line}行：{reason}",
                    json.dumps(raw, ensure_ascii=False),
                    project or None,
                )
                for line, category, reason, raw, project in aside
            ],
        )
    counts.skipped += sum(1 for a in aside if a[1] == "skipped")
    counts.rejected += sum(1 for a in aside if a[1] == "rejected")


LENIENT_PROBLEMS = {
    1: ("skipped", "'合计行，不计入'"),
    2: ("skipped", "'空行'"),
    4: (
        "rejected",
        "'支付日期「' || coalesce(d_raw, '') || '」无法识别（可用 2025-03-05、2025/3/5、"
        "2025年3月5日、20250305）'",
    ),
    5: ("rejected", f"'金额「' || coalesce(a_raw, '') || '」无法识别（{AMOUNT_HINT}）'"),
    6: ("rejected", "'金额「' || coalesce(a_raw, '') || '」超出可存储的范围'"),
}


def _insert_lenient(
    con: duckdb.DuckDBPyConnection, source: Source, mapping: ColumnMap, ctx: LoadContext
) -> Counts:
    """Every cell as text, parsed by the SQL macros (Excel files, mixed date forms)."""
    scale = mapping.scale.get("amount", 1)
    project = _project_expr(column_sql(mapping, "project_code"), ctx)
    mapped = [project] + [
        column_sql(mapping, c) for c in ("pay_date", "amount", "voucher_no", "payee", "summary")
    ]
    blank = " AND ".join(f"{expr} IS NULL" for expr in mapped)
    reasons = " ".join(f"WHEN {k} THEN {text}" for k, (_, text) in LENIENT_PROBLEMS.items())
    categories = " ".join(f"WHEN {k} THEN '{cat}'" for k, (cat, _) in LENIENT_PROBLEMS.items())
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stg_spending AS
        WITH src AS (
            SELECT ordinality, {source.row_no_sql} AS row_no, {project} AS project_code,
                   {column_sql(mapping, "pay_date")} AS d_raw, {column_sql(mapping, "amount")} AS a_raw,
                   {column_sql(mapping, "voucher_no")} AS voucher_no, {column_sql(mapping, "payee")} AS payee,
                   {column_sql(mapping, "summary")} AS summary,
                   {column_sql(mapping, "fund_source")} AS fund_source, c0 AS first_cell,
                   {blank} AS is_blank, {raw_json_sql(mapping)} AS raw
            FROM {register_rows(con, source)}
        ), parsed AS (
            SELECT *, tracker_date(d_raw) AS pay_date,
                   TRY_CAST(round(tracker_number(a_raw) * {scale}, 2) AS DECIMAL(18,2)) AS amount_yuan
            FROM src
        )
        SELECT *,
            CASE WHEN is_blank THEN 2
                 WHEN (pay_date IS NULL OR project_code IS NULL OR voucher_no IS NULL)
                      AND (tracker_is_total(first_cell) OR tracker_is_total(d_raw)
                           OR tracker_is_total(project_code) OR tracker_is_total(voucher_no)
                           OR tracker_is_total(summary) OR tracker_is_total(payee)) THEN 1
                 WHEN d_raw IS NOT NULL AND pay_date IS NULL THEN 4
                 WHEN a_raw IS NOT NULL AND amount_yuan IS NULL THEN 5
                 WHEN a_raw IS NOT NULL AND tracker_number(a_raw) IS NOT NULL
                      AND TRY_CAST(round(tracker_number(a_raw) * {scale}, 2) AS DECIMAL(18,2))
                          IS NULL THEN 6
                 ELSE 0 END AS problem
        FROM parsed
        """
    )
    set_aside = lenient_rejects(con) if source.sheet is None else []
    clear_lenient_rejects(con)
    if set_aside:  # lines with a wrong number of fields: rows after them move down
        gaps = sorted(set(source.blank_lines) | {line for line, _ in set_aside})
        shift = gap_shift_sql(gaps, source.header_row, "ordinality - 1")
        con.execute(f"UPDATE stg_spending SET row_no = {source.header_row} + ordinality{shift}")
        con.executemany(
            "INSERT INTO rejected_rows (load_id, row_no, category, reason, raw) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    ctx.load_id,
                    line,
                    "rejected",
                    f"第{line}行：列数与表头不一致（可能有多余的逗号）",
                    json.dumps({"原始行": text.strip()}, ensure_ascii=False),
                )
                for line, text in set_aside
            ],
        )
    auto = _auto_key("project_code", "pay_date", "amount_yuan", "payee", "summary")
    con.execute(
        f"""
        INSERT INTO spending ({STORED}, dedupe_key, load_id, row_no)
        SELECT {STORED}, CASE WHEN voucher_no IS NULL THEN {auto} END, $load_id, row_no
        FROM stg_spending WHERE problem = 0
        """,
        {"load_id": ctx.load_id},
    )
    con.execute(
        f"""
        INSERT INTO rejected_rows (load_id, row_no, category, reason, raw, project_code)
        SELECT $load_id, row_no, CASE problem {categories} END,
               '第' || row_no || '行：' || CASE problem {reasons} END, raw, project_code
        FROM stg_spending WHERE problem > 0
        """,
        {"load_id": ctx.load_id},
    )
    row = first_row(
        con.execute(
            "SELECT count(*), count(*) FILTER (WHERE problem IN (1, 2)),"
            " count(*) FILTER (WHERE problem > 2) FROM stg_spending"
        )
    )
    assert row is not None
    con.execute("DROP TABLE IF EXISTS stg_spending")
    return Counts(
        total=int(row[0]) + len(set_aside),
        skipped=int(row[1]),
        rejected=int(row[2]) + len(set_aside),
    )


def _set_aside(con: duckdb.DuckDBPyConnection, load_id: int, table: str) -> None:
    """Copy the rows listed in temp `table` (rid, row_no, category, reason, raw) to
    rejected_rows and delete them from spending."""
    con.execute(
        "INSERT INTO rejected_rows (load_id, row_no, category, reason, raw, project_code)"
        f" SELECT $load_id, row_no, category, reason, raw, project_code FROM {table}",
        {"load_id": load_id},
    )
    con.execute(f"DELETE FROM spending WHERE rowid IN (SELECT rid FROM {table})")
    con.execute(f"DROP TABLE {table}")


def _settle(con: duckdb.DuckDBPyConnection, ctx: LoadContext, counts: Counts) -> Counts:
    """Rules 2–5 on the rows this load appended, inside its transaction."""
    load = {"load_id": ctx.load_id}
    # a code that only differs by spaces or invisible characters (a zero-width space copied along)
    # is the registered one: checked on unknown codes only, so it costs nothing on clean files
    clean = f"regexp_replace(trim(project_code), '{INVISIBLE_SQL}', '', 'g')"
    con.execute(
        f"""
        UPDATE spending SET project_code = {clean}
        WHERE load_id = $load_id
          AND project_code IN (
              SELECT s.project_code FROM spending s
              ANTI JOIN projects p ON p.project_code = s.project_code
              WHERE s.load_id = $load_id
                AND {clean.replace("project_code", "s.project_code")} IN (SELECT project_code FROM projects)
          )
        """,
        load,
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stg_bad AS
        SELECT s.rowid AS rid, s.row_no, s.project_code,
            CASE WHEN s.project_code IS NULL AND s.pay_date IS NULL THEN 'skipped'
                 WHEN {TOTAL_ROW} THEN 'skipped'
                 ELSE 'rejected' END AS category,
            '第' || s.row_no || '行：' || CASE
                WHEN s.project_code IS NULL AND s.pay_date IS NULL AND s.amount_yuan IS NULL
                     AND s.voucher_no IS NULL AND s.payee IS NULL AND s.summary IS NULL
                     THEN '空行'
                WHEN s.project_code IS NULL AND s.pay_date IS NULL
                     THEN '没有项目编码和日期（合计行），不计入'
                WHEN {TOTAL_ROW} THEN '合计行，不计入'
                WHEN s.project_code IS NULL THEN '缺少项目编码'
                WHEN s.pay_date IS NULL THEN '缺少支付日期'
                WHEN s.amount_yuan IS NULL AND s.amount_raw IS NOT NULL
                     THEN '金额「' || s.amount_raw || '」无法识别（{AMOUNT_HINT}）'
                WHEN s.amount_yuan IS NULL THEN '缺少金额'
                WHEN p.project_code IS NULL THEN '项目编码 ' || s.project_code || ' 未在绩效目标中登记'
                ELSE '支付日期 ' || strftime(s.pay_date, '%Y-%m-%d') || ' 不在项目 ' || s.project_code
                     || ' 的预算年度 ' || p.fiscal_year || ' 内' END AS reason,
            {RAW_OF_STORED} AS raw
        FROM spending s LEFT JOIN projects p ON p.project_code = s.project_code
        WHERE s.load_id = $load_id
          AND (s.project_code IS NULL OR s.pay_date IS NULL OR s.amount_yuan IS NULL
               OR p.project_code IS NULL OR year(s.pay_date) <> p.fiscal_year OR {TOTAL_ROW})
        """,
        load,
    )
    bad = first_row(
        con.execute(
            "SELECT count(*) FILTER (WHERE category = 'skipped'), count(*) FILTER"
            " (WHERE category = 'rejected') FROM stg_bad"
        )
    )
    assert bad is not None
    counts.skipped += int(bad[0])
    counts.rejected += int(bad[1])
    _set_aside(con, ctx.load_id, "stg_bad")
    # duplicates inside this load: hash the key, then compare the few candidates exactly
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stg_dup AS
        WITH candidates AS (
            SELECT {KEY_HASH} AS h FROM spending s WHERE s.load_id = $load_id
            GROUP BY 1 HAVING count(*) > 1
        ), keyed AS (
            SELECT s.rowid AS rid, s.*,
                   min(s.row_no) OVER (PARTITION BY {", ".join("s." + c for c in KEY_COLUMNS)})
                       AS first_row
            FROM spending s WHERE s.load_id = $load_id AND {KEY_HASH} IN (SELECT h FROM candidates)
        )
        SELECT rid, row_no, project_code, 'duplicate' AS category,
               '第' || row_no || '行：' || CASE WHEN voucher_no IS NULL THEN '与'
                   ELSE '凭证号 ' || voucher_no || ' 与' END
               || '本文件第 ' || first_row || ' 行重复，未重复存入' AS reason,
               {RAW_OF_STORED.replace("s.", "keyed.")} AS raw
        FROM keyed WHERE row_no > first_row
        """,
        load,
    )
    dups = first_row(con.execute("SELECT count(*) FROM stg_dup"))
    counts.duplicates += int(dups[0]) if dups else 0
    _set_aside(con, ctx.load_id, "stg_dup")
    # earlier loads: one scan of the stored keys, joined to this load's keys (duplicates), and in
    # the same pass the vouchers that came back with another amount, date or project (conflicts)
    earlier_rows = first_row(
        con.execute("SELECT EXISTS (SELECT 1 FROM spending WHERE load_id <> $load_id)", load)
    )
    if earlier_rows and earlier_rows[0]:
        _against_earlier_loads(con, ctx, counts)
    stored = first_row(
        con.execute(
            "SELECT count(*), count(*) FILTER (WHERE amount_yuan < 0),"
            " coalesce(sum(amount_yuan) FILTER (WHERE amount_yuan < 0), 0)"
            " FROM spending WHERE load_id = $load_id",
            load,
        )
    )
    assert stored is not None
    counts.loaded = int(stored[0])
    if stored[1]:
        counts.notes.append(f"冲销（负数）{int(stored[1])} 笔，合计 {stored[2]:,.2f} 元")
    assert counts.loaded + counts.duplicates + counts.rejected + counts.skipped == counts.total
    return counts


def _against_earlier_loads(
    con: duckdb.DuckDBPyConnection, ctx: LoadContext, counts: Counts
) -> None:
    """Rows of this load that repeat a stored row (duplicates), and rows whose voucher number is
    already stored for the same month with another amount, date or project (a changed voucher):
    set aside as `changed`, both versions in the reason, unless the clerk asked to replace them
    (`ctx.replace_changed`): then the stored lines of that voucher move to `spending_replaced`
    (undoing this load brings them back) and this file's lines of it are stored."""
    load = {"load_id": ctx.load_id}
    keys = ", ".join("s." + c for c in KEY_COLUMNS)
    # this load's keys first, materialised: the join then builds its hash table on them (the
    # smaller side) and streams the stored keys past it, once
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stg_mine AS
        SELECT s.rowid AS rid, {keys}, {KEY_HASH} AS h,
               coalesce(s.voucher_no, s.dedupe_key) AS k, date_trunc('month', s.pay_date) AS m
        FROM spending s WHERE s.load_id = $load_id
        """,
        load,
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stg_match AS
        WITH earlier AS (
            SELECT {keys}, {KEY_HASH} AS h, coalesce(s.voucher_no, s.dedupe_key) AS k, s.load_id,
                   date_trunc('month', s.pay_date) AS m
            FROM spending s WHERE s.load_id <> $load_id
        )
        SELECT mine.rid, mine.voucher_no, mine.m,
               min(earlier.load_id) FILTER (
                   WHERE earlier.h = mine.h AND {_same_key("earlier", "mine")}) AS dup_load,
               min(earlier.load_id) FILTER (
                   WHERE mine.voucher_no IS NOT NULL AND earlier.m = mine.m) AS voucher_load
        FROM stg_mine mine JOIN earlier ON earlier.k = mine.k
        GROUP BY mine.rid, mine.voucher_no, mine.m
        """,
        load,
    )
    con.execute("DROP TABLE IF EXISTS stg_mine")
    changed = first_row(
        con.execute(
            "SELECT count(*) FROM stg_match WHERE dup_load IS NULL AND voucher_load IS NOT NULL"
        )
    )
    conflicts = int(changed[0]) if changed else 0
    replaced: list[int] = []
    if conflicts and ctx.replace_changed:
        replaced = _replace_vouchers(con, ctx)
        # this file's lines of a replaced voucher are stored, duplicates of the old lines or not
        con.execute(
            "DELETE FROM stg_match WHERE (voucher_no, m) IN"
            " (SELECT voucher_no, m FROM stg_match WHERE dup_load IS NULL"
            "  AND voucher_load IS NOT NULL)"
        )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stg_seen AS
        SELECT x.rid, s.row_no, s.project_code, 'duplicate' AS category,
               '第' || s.row_no || '行：' || CASE WHEN s.voucher_no IS NULL THEN '与'
                   ELSE '凭证号 ' || s.voucher_no || ' 与' END
               || '导入批次 ' || x.dup_load || ' 中的记录重复，未重复存入' AS reason,
               {RAW_OF_STORED} AS raw
        FROM stg_match x JOIN spending s ON s.rowid = x.rid
        WHERE x.dup_load IS NOT NULL
        """
    )
    seen = first_row(con.execute("SELECT count(*) FROM stg_seen"))
    counts.duplicates += int(seen[0]) if seen else 0
    _set_aside(con, ctx.load_id, "stg_seen")
    if conflicts and not ctx.replace_changed:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE stg_changed AS
            WITH conflict AS (
                SELECT x.rid, x.voucher_no, x.m, x.voucher_load FROM stg_match x
                WHERE x.dup_load IS NULL AND x.voucher_load IS NOT NULL
            ), stored AS (
                SELECT e.voucher_no, date_trunc('month', e.pay_date) AS m,
                       string_agg(strftime(e.pay_date, '%Y-%m-%d') || ' ' || e.project_code || ' '
                                  || CAST(e.amount_yuan AS VARCHAR) || ' 元', '；'
                                  ORDER BY e.load_id, e.row_no) AS versions
                FROM spending e
                WHERE e.load_id <> $load_id
                  AND e.voucher_no IN (SELECT voucher_no FROM conflict)
                GROUP BY 1, 2
            )
            SELECT c.rid, s.row_no, s.project_code, 'changed' AS category,
                   '第' || s.row_no || '行：凭证号 ' || s.voucher_no || '（'
                   || strftime(c.m, '%Y-%m') || '）已于导入批次 ' || c.voucher_load
                   || ' 存入，内容不同：原为 ' || coalesce(v.versions, '—') || '，现为 '
                   || strftime(s.pay_date, '%Y-%m-%d') || ' ' || s.project_code || ' '
                   || CAST(s.amount_yuan AS VARCHAR) || ' 元；未存入。确为更正时请选择“替换已变更的凭证”'
                   || '（tracker load spending --replace-changed）重新导入' AS reason,
                   {RAW_OF_STORED} AS raw
            FROM conflict c JOIN spending s ON s.rowid = c.rid
            LEFT JOIN stored v ON v.voucher_no = c.voucher_no AND v.m = c.m
            """,
            load,
        )
        counts.rejected += conflicts
        counts.changed += conflicts
        counts.notes.append(f"凭证内容与已存入的不同 {conflicts} 行（未存入，见拒收原因）")
        _set_aside(con, ctx.load_id, "stg_changed")
    if replaced:
        counts.notes.append(f"替换了已变更的凭证 {len(replaced)} 行原记录（撤销本批次可恢复）")
    con.execute("DROP TABLE IF EXISTS stg_match")


def _replace_vouchers(con: duckdb.DuckDBPyConnection, ctx: LoadContext) -> list[int]:
    """Move the stored lines of every changed voucher (number and month) to spending_replaced,
    marked as replaced by this load; refresh the monthly sums of the loads they came from.
    Returns the moved rows' rowids."""
    load = {"load_id": ctx.load_id}
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE stg_old AS
        SELECT e.rowid AS rid, e.load_id FROM spending e
        WHERE e.load_id <> $load_id AND e.voucher_no IS NOT NULL
          AND (e.voucher_no, date_trunc('month', e.pay_date)) IN (
              SELECT voucher_no, m FROM stg_match WHERE dup_load IS NULL AND voucher_load IS NOT NULL
          )
        """,
        load,
    )
    rows = con.execute("SELECT rid, load_id FROM stg_old").fetchall()
    con.execute(
        f"""
        INSERT INTO spending_replaced ({STORED}, dedupe_key, load_id, row_no, replaced_by)
        SELECT {STORED}, dedupe_key, load_id, row_no, $load_id FROM spending
        WHERE rowid IN (SELECT rid FROM stg_old)
        """,
        load,
    )
    con.execute("DELETE FROM spending WHERE rowid IN (SELECT rid FROM stg_old)")
    con.execute("DROP TABLE IF EXISTS stg_old")
    refresh_monthly(con, sorted({int(r[1]) for r in rows}))
    return [int(r[0]) for r in rows]


def refresh_monthly(con: duckdb.DuckDBPyConnection, load_ids: list[int]) -> None:
    """Recompute the monthly sums (`spending_monthly`) of these loads from their stored rows."""
    if not load_ids:
        return
    con.execute("DELETE FROM spending_monthly WHERE list_contains(?, load_id)", [load_ids])
    con.execute(
        """
        INSERT INTO spending_monthly
        SELECT project_code, date_trunc('month', pay_date), sum(amount_yuan),
               count(*) FILTER (WHERE amount_yuan < 0),
               coalesce(sum(amount_yuan) FILTER (WHERE amount_yuan < 0), 0), count(*), load_id
        FROM spending WHERE list_contains(?, load_id)
        GROUP BY project_code, date_trunc('month', pay_date), load_id
        """,
        [load_ids],
    )


def restore_vouchers(con: duckdb.DuckDBPyConnection, load_id: int) -> int:
    """Undo of a load that replaced changed vouchers: put the lines it replaced back into
    `spending` and refresh their loads' monthly sums. Returns the rows restored."""
    rows = con.execute(
        "SELECT DISTINCT load_id FROM spending_replaced WHERE replaced_by = ?", [load_id]
    ).fetchall()
    if not rows:
        return 0
    restored = first_row(
        con.execute(
            f"""
            INSERT INTO spending ({STORED}, dedupe_key, load_id, row_no)
            SELECT {STORED}, dedupe_key, load_id, row_no FROM spending_replaced
            WHERE replaced_by = ?
            """,
            [load_id],
        )
    )
    con.execute("DELETE FROM spending_replaced WHERE replaced_by = ?", [load_id])
    refresh_monthly(con, [int(r[0]) for r in rows])
    return int(restored[0]) if restored else 0
