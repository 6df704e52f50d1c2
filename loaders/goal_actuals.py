"""Progress on the department's own goals (`unit_goals`), loaded as actuals (`tracker load actuals`):
a file whose rows name a unit (单位编码) and a goal number (目标序号) instead of a project and an
indicator. The same rules as indicator actuals: a date inside the goal's fiscal year, a value that
fits the goal (a number in its measure word for a quantified goal, 达成 / 部分达成 / 未达成 for a
qualitative one), one report per goal and date in a file; rejected rows kept with their reasons."""

from __future__ import annotations

import duckdb

from loaders.columns import ColumnMap
from loaders.errors import LoadError
from loaders.indicator_records import (
    DATE_HINT,
    Indicator,
    parse_actual,
    seq_text_number,
)
from loaders.record_base import Counts, LoadContext
from loaders.record_rows import (
    RecordRow,
    RowProblem,
    count_rows,
    insert_frame,
    insert_set_aside,
    is_total_row,
    judge_rows,
    parse_date,
    raw_record,
    read_record_rows,
)
from loaders.record_sources import Source

GOAL_ACTUAL_COLUMNS = [
    "unit_code", "goal_seq", "as_of", "value", "value_raw", "level", "note", "load_id", "row_no",
]  # fmt: skip


def is_goal_file(mapping: ColumnMap) -> bool:
    """Rows that name a goal (目标序号) rather than an indicator."""
    return "goal_seq" in mapping.index


def _goals(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int, int], Indicator]:
    """(unit, fiscal year, seq) → the goal, shaped as an indicator for `parse_actual`."""
    return {
        (str(unit), int(year), int(seq)): Indicator(
            str(unit), int(seq), None, None, obj or text[:20], kind, measure
        )
        for unit, year, seq, text, kind, measure, obj in con.execute(
            "SELECT unit_code, fiscal_year, seq, text, kind, unit, object FROM unit_goals"
        ).fetchall()
    }


def stage_goal_actuals(
    con: duckdb.DuckDBPyConnection, source: Source, mapping: ColumnMap, ctx: LoadContext
) -> Counts:
    """Judge and store goal actuals: writes `goal_actuals` and `rejected_rows`."""
    if "unit_code" not in mapping.index:
        raise LoadError(
            "文件有「目标序号」列但没有「单位编码」列",
            file=source.name,
            hint="部门整体目标按 单位编码 + 目标序号 填报（tracker goals --unit 单位编码 查看序号）",
        )
    rows = read_record_rows(source, mapping)
    goals = _goals(con)
    units = {unit for unit, _, _ in goals}

    def is_total(row: RecordRow) -> bool:
        return parse_date(row.get("as_of")) is None and is_total_row(
            row.first_cell, row.get("unit_code"), row.get("goal_seq"), row.get("as_of")
        )

    def judge(row: RecordRow) -> tuple:
        unit = row.get("unit_code")
        if unit is None:
            raise RowProblem("缺少单位编码")
        if unit not in units:
            raise RowProblem(f"单位 {unit} 没有部门整体目标（先加载含第一部分的绩效目标表）")
        seq_text = row.get("goal_seq")
        seq = seq_text_number(seq_text) if seq_text is not None else None
        if seq is None:
            raise RowProblem(f"目标序号「{seq_text or ''}」不是整数")
        as_of_text = row.get("as_of")
        if as_of_text is None:
            raise RowProblem("缺少截至日期")
        as_of = parse_date(as_of_text)
        if as_of is None:
            raise RowProblem(f"截至日期「{as_of_text}」无法识别（{DATE_HINT}）")
        goal = goals.get((unit, as_of.year, seq))
        if goal is None:
            raise RowProblem(f"单位 {unit} 的 {as_of.year} 年部门整体目标中没有第 {seq} 条")
        raw_value = row.as_read.get("value")
        if row.get("value") is None or raw_value is None:
            raise RowProblem(f"目标 {seq} 缺少实际值")
        value = parse_actual(raw_value, goal, as_of.year)
        return (
            unit, seq, as_of.isoformat(), value.value, raw_value, value.level, row.get("note"),
            ctx.load_id, row.row_no,
        )  # fmt: skip

    accepted, set_aside = judge_rows(rows, mapping, is_total, judge)
    stored: list[tuple] = []
    first: dict[tuple, int] = {}
    for row, record in accepted:
        key = record[:3]
        if key in first:
            reason = (
                f"第{row.row_no}行：单位 {key[0]} 目标 {key[1]} 截至 {key[2]} 的实际值"
                f"已在本文件第{first[key]}行填报，未重复存入（更正请改第{first[key]}行）"
            )
            set_aside.append((row.row_no, "duplicate", reason, raw_record(row, mapping)))
            continue
        first[key] = row.row_no
        stored.append(record)
    insert_frame(con, "goal_actuals", GOAL_ACTUAL_COLUMNS, stored)
    insert_set_aside(con, ctx.load_id, set_aside)
    counts = count_rows(len(rows), len(stored), set_aside)
    counts.notes.append(f"部门整体目标实际值 {len(stored)} 条")
    return counts
