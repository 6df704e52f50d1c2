"""Row helpers of the record loaders that judge rows in Python (rosters, actuals, surveys): read the
mapped rows of a file, judge each (accepted, or set aside with a category and a reason), count and
store what was set aside, and read dates and amounts as clerks write them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pandas as pd

from loaders.cells import MAX_YUAN, NUMBER_HINT, NonFinite, clean_code, strict_decimal
from loaders.columns import ColumnMap
from loaders.errors import LoadError
from loaders.record_base import Counts, LoadContext, insert_rejected
from loaders.record_sources import Source
from loaders.sqlfunc import DATE_FORMATS, TOTAL_WORDS

DATE_HINT = "可用 2025-03-05、2025/3/5、2025年3月5日、20250305"
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIAL = re.compile(r"[1-9][0-9]{4}(\.[0-9]+)?")


@dataclass
class RecordRow:
    """One data row of a record file: the mapped cells by canonical name."""

    row_no: int  # the row number a clerk sees in the file
    cells: dict[str, str | None]  # canonical -> trimmed text, None when blank or not in the file
    as_read: dict[str, str | None]  # canonical -> the cell exactly as read
    first_cell: str | None
    memo: dict = field(default_factory=dict)  # what a loader worked out once for this row

    def get(self, canonical: str) -> str | None:
        return self.cells.get(canonical)

    def is_blank(self) -> bool:
        return all(value is None for value in self.cells.values())


def _text(value: object) -> str | None:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    return str(value)


CODE_CELLS = {"project_code", "id_number"}


def read_record_rows(source: Source, mapping: ColumnMap) -> list[RecordRow]:
    """Every data row of an in-memory `source` with its mapped cells, in file order."""
    assert source.body is not None, "read_record_rows needs a source read in memory"
    rows = []
    columns = list(mapping.index.items())
    for record, line in zip(source.body, source.lines, strict=True):
        width = len(record)
        as_read = {key: record[i] if i < width else None for key, i in columns}
        cells = {k: (v.strip() or None) if v is not None else None for k, v in as_read.items()}
        for key in CODE_CELLS & cells.keys():  # invisible characters never make another code
            cells[key] = clean_code(cells[key]) or None
        first = record[0] if record else None
        rows.append(
            RecordRow(
                row_no=line,
                cells=cells,
                as_read=as_read,
                first_cell=first.strip() or None if first is not None else None,
            )
        )
    return rows


def raw_record(
    row: RecordRow, mapping: ColumnMap, replace: Mapping[str, str | None] | None = None
) -> dict[str, str | None]:
    """The row's mapped cells keyed by the file's own headers, for `rejected_rows.raw`.

    `replace` substitutes cells (masked forms) by canonical name.
    """
    raw: dict[str, str | None] = {}
    for canonical, i in sorted(mapping.index.items(), key=lambda item: item[1]):
        header = mapping.headers[i] or f"列{i + 1}"
        if header in raw:
            header = f"{header}（列{i + 1}）"
        if replace is not None and canonical in replace:
            raw[header] = replace[canonical]
        else:
            raw[header] = row.as_read.get(canonical)
    return raw


def _bare(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def is_total_row(*cells: str | None) -> bool:
    """A cell opens a total row (合计/小计/总计/累计, spaces ignored: `小 计`)."""
    return any(word in _bare(cell) for cell in cells for word in TOTAL_WORDS)


def parse_date(text: str | None) -> dt.date | None:
    """A date as clerks write it (the formats of `tracker_date`), or None.

    2025-03-05, 2025/3/5, 2025年3月5日, 20250305, 2025.3.5, with or without a time, and Excel serial
    day numbers (45721).
    """
    if not text:
        return None
    value = unicodedata.normalize("NFKC", text).strip()
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    if EXCEL_SERIAL.fullmatch(value):
        return EXCEL_EPOCH + dt.timedelta(days=int(float(value)))
    return None


AMOUNT_HINT = NUMBER_HINT


def parse_amount(text: str | None, scale: int = 1) -> Decimal | None:
    """Money in yuan (2 decimals, half up) from `1200`, `1,200.00`, `¥500`, `500元`, `0.05万元` or
    `(300)` (negative); None for anything else, strictly (`loaders.cells`: no decimal comma,
    `_`, exponent, NaN or infinity) and for 10^16 yuan or more (beyond DECIMAL(18,2)).

    `scale` is the column's unit (10000 for a 万元 header); a unit written in the cell wins.
    """
    if not text:
        return None
    value = re.sub(r"[¥￥\s]", "", unicodedata.normalize("NFKC", text))
    if value.endswith("万元") or value.endswith("万"):
        value, scale = value.removesuffix("元")[:-1], 10000
    elif value.endswith("元"):
        value, scale = value[:-1], 1
    try:
        number = strict_decimal(value)
    except NonFinite:
        return None
    if number is None:
        return None
    yuan = number * scale
    if abs(yuan) >= MAX_YUAN:
        return None
    return yuan.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def require_project(source: Source, mapping: ColumnMap, ctx: LoadContext) -> None:
    """Raise LoadError when no row can name its project: no 项目编码 column and no `--project`."""
    if "project_code" not in mapping.index and not ctx.project:
        raise LoadError(
            "文件没有项目编码列",
            file=source.name,
            hint="请用 --project 项目编码 指定这些行所属的项目，或在文件中加一列「项目编码」",
        )


def known_projects(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """project_code → fiscal year of every project with loaded targets."""
    return {str(code): int(year) for code, year in con.execute(
        "SELECT project_code, fiscal_year FROM projects"
    ).fetchall()}  # fmt: skip


class RowProblem(Exception):
    """A row is set aside: its category and reason (without the `第N行：` prefix)."""

    def __init__(self, reason: str, category: str = "rejected") -> None:
        super().__init__(reason)
        self.reason = reason
        self.category = category


SetAside = tuple[int, str, str, object]  # row_no, category, reason, raw


def judge_rows(
    rows: list[RecordRow],
    mapping: ColumnMap,
    is_total: Callable[[RecordRow], bool],
    judge: Callable[[RecordRow], tuple],
    raw_of: Callable[[RecordRow], object] | None = None,
) -> tuple[list[tuple[RecordRow, tuple]], list[SetAside]]:
    """Run `judge` on each row that is neither empty nor a total row.

    Returns the accepted (row, record) pairs and the rows set aside (judge raised RowProblem).
    `raw_of` gives a set-aside row's `raw` (default: its mapped cells as read).
    """
    accepted: list[tuple[RecordRow, tuple]] = []
    set_aside: list[SetAside] = []
    for row in rows:
        try:
            if row.is_blank():
                raise RowProblem("空行", "skipped")
            if is_total(row):
                raise RowProblem("合计行，不计入", "skipped")
            accepted.append((row, judge(row)))
        except RowProblem as problem:
            raw = raw_of(row) if raw_of else raw_record(row, mapping)
            reason = f"第{row.row_no}行：{problem.reason}"
            set_aside.append((row.row_no, problem.category, reason, raw))
    return accepted, set_aside


def count_rows(total: int, loaded: int, set_aside: list[SetAside]) -> Counts:
    """The load's counts: set-aside rows counted by category."""
    counts = Counts(total=total, loaded=loaded)
    for _, category, _, _ in set_aside:
        if category == "duplicate":
            counts.duplicates += 1
        elif category == "skipped":
            counts.skipped += 1
        else:
            counts.rejected += 1
    return counts


def insert_set_aside(con: duckdb.DuckDBPyConnection, load_id: int, rows: list[SetAside]) -> None:
    """The set-aside rows, in file order, through `record_base.insert_rejected`."""
    insert_rejected(con, load_id, sorted(rows, key=lambda r: r[0]))


def insert_frame(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[tuple]
) -> None:
    """Append `rows` (tuples in `columns` order) to `table` in one statement."""
    if not rows:
        return
    view = f"stage_{uuid.uuid4().hex}"
    frame = pd.DataFrame(rows, columns=columns, dtype="object")
    con.register(view, frame)
    try:
        names = ", ".join(columns)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {view}")
    finally:
        con.unregister(view)
