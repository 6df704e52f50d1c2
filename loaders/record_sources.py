"""Reading record files (CSV, .xlsx, .xls) into something DuckDB can scan, header found by meaning.

`open_source(con, path, kind)` returns a `Source`: a SQL FROM clause yielding VARCHAR columns c0..cN
and `ordinality` (the data row's index), the header texts, and how to turn an ordinality into the
row number a clerk sees in the file. Title rows above the header (`魏县财政国库集中支付明细表…`,
`单位：万元`) are skipped; a `单位：万元` line sets the default money unit.

CSV is scanned by DuckDB itself (fast, parallel); UTF-8 (with or without BOM) is read in place, GBK and
GB18030 are transcoded to a temporary UTF-8 copy first. Excel files are read with python-calamine.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from loaders.columns import score_header
from loaders.errors import LoadError
from loaders.record_base import sql_string

HEADER_SCAN_ROWS = 200  # rows read to find the header and sample the data
UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
MAX_BLANK_LINES_TRACKED = 100_000


@dataclass
class Source:
    path: Path
    from_sql: str  # yields c0..cN VARCHAR and `ordinality` BIGINT
    headers: list[str]
    header_row: int  # 1-based line/row of the header in the file
    default_unit: str | None
    row_no_base: str  # SQL expression of the row number a clerk sees, in terms of `ordinality`
    sheet: str | None = None
    cleanup: list[Path] = field(default_factory=list)
    views: list[str] = field(default_factory=list)
    # CSV only: what the typed fast path needs
    fast_csv: bool = False
    delimiter: str = ","
    reader_args: str = ""  # read_csv arguments before the column types
    sample: list[list[str]] = field(default_factory=list)  # data rows after the header
    readable: Path | None = None  # the UTF-8 file DuckDB reads (a transcoded copy for GBK)
    _blanks: list[int] | None = None

    @property
    def blank_lines(self) -> list[int]:
        """Empty lines after the header (DuckDB skips them), found by a line-by-line pass."""
        if self._blanks is None:
            found = _blank_lines(self.readable) if self.readable is not None else []
            self._blanks = [b for b in found if b > self.header_row]
        return self._blanks

    @property
    def row_no_sql(self) -> str:
        """The row number a clerk sees, from `ordinality` (rows DuckDB returns; it skips blanks).
        Lines set aside by the reader are not counted here: see `gap_shift_sql`."""
        blanks = self.blank_lines if self.readable is not None else []
        return f"({self.row_no_base}{gap_shift_sql(blanks, self.header_row, 'ordinality - 1')})"

    def sample_column(self, index: int) -> list[str]:
        return [row[index] if index < len(row) else "" for row in self.sample]

    def typed_reader(self, options: str) -> str:
        """A read_csv call over the same file with the given type options (no ordinality)."""
        return f"read_csv({self.reader_args}, {options})"

    def close(self, con: duckdb.DuckDBPyConnection) -> None:
        for view in self.views:
            with contextlib.suppress(Exception):
                con.unregister(view)
        for path in self.cleanup:
            path.unlink(missing_ok=True)


def _pick_header(
    rows: list[list[str]],
    kind: str,
    file: Path,
    sheet: str | None,
    overrides: dict[str, str] | None = None,
) -> int:
    mapped = {h.strip() for h in (overrides or {}).values()}
    scores = [
        score_header(row, kind) + sum(1 for cell in row if cell.strip() in mapped) for row in rows
    ]
    best = max(scores, default=0)
    if best < 2:
        raise LoadError(
            "找不到表头（需要 日期、项目编码、金额 等列名）",
            file=file,
            sheet=sheet,
            hint="请确认文件类型与导入类型一致；列名不同时可用 --map 标准列=文件列名",
        )
    return scores.index(best)


def _default_unit(rows: list[list[str]]) -> str | None:
    for row in rows:
        for cell in row:
            match = UNIT_LINE.search(re.sub(r"\s+", "", str(cell or "")))
            if match:
                return match.group(1)
    return None


def _detect_encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(1 << 18)
    if not head.strip():
        raise LoadError("文件是空的 (empty file)", file=path)
    if b"\x00" in head[:4096]:
        raise LoadError("不是文本文件 (binary content)", file=path, hint="请上传 .csv 或 .xlsx")
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    cut = head.rfind(b"\n") if len(head) == 1 << 18 else len(head)
    try:
        head[: cut if cut > 0 else len(head)].decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head[: cut if cut > 0 else len(head)].decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise LoadError(
            "无法识别文件编码 (unknown encoding)",
            file=path,
            hint="请另存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx",
        ) from None


def _transcode(path: Path, encoding: str) -> Path:
    target = Path(tempfile.gettempdir()) / f"tracker-{uuid.uuid4().hex}.csv"
    with (
        path.open("r", encoding=encoding, newline="") as source,
        target.open("w", encoding="utf-8", newline="") as sink,
    ):
        while chunk := source.read(1 << 20):
            sink.write(chunk)
    return target


def _has_blank_line(path: Path) -> bool:
    """Whether the file has an empty line: a chunked search (bytes.find is fast, mmap.find is not)."""
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            block = tail + chunk
            if block.find(b"\n\n") >= 0 or block.find(b"\n\r\n") >= 0:
                return True
            tail = block[-2:]
    return False


def _blank_lines(path: Path) -> list[int]:
    """1-based numbers of empty lines (DuckDB skips them; row numbers must not drift)."""
    if path.stat().st_size == 0 or not _has_blank_line(path):
        return []
    lines = []
    with path.open("rb") as handle:  # only when there are blank lines: a line-by-line pass
        for number, line in enumerate(handle, start=1):
            if line in (b"\n", b"\r\n"):
                lines.append(number)
                if len(lines) > MAX_BLANK_LINES_TRACKED:
                    break
    return lines


LENIENT_REJECTS = "tracker_lenient_rejects"


def open_csv(path: Path, kind: str, overrides: dict[str, str] | None = None) -> Source:
    encoding = _detect_encoding(path)
    cleanup: list[Path] = []
    readable = path
    if encoding == "gb18030":
        readable = _transcode(path, encoding)
        cleanup.append(readable)
    with readable.open("r", encoding="utf-8-sig", newline="") as handle:
        head_lines = [line for _, line in zip(range(HEADER_SCAN_ROWS), handle, strict=False)]
    sample = "".join(head_lines)
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = ","
    # records, not lines: a quoted title cell may hold a line break (Excel's merged titles)
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    rows, ends = [], []
    try:
        for record in reader:
            rows.append(record)
            ends.append(reader.line_num)
    except csv.Error:
        pass
    if len(head_lines) == HEADER_SCAN_ROWS and rows:  # the last record may be cut: drop it
        rows, ends = rows[:-1], ends[:-1]
    header_index = _pick_header(rows, kind, path, None, overrides)
    headers = [h.strip() for h in rows[header_index]]
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(headers)))
    multiline = any(
        ends[i] - (ends[i - 1] if i else 0) > 1 for i in range(header_index + 1, len(ends))
    )
    # explicit dialect and columns, no sniffing: a row with an extra field becomes a rejected
    # line (store_rejects) instead of failing the whole file
    reader_args = (
        f"{sql_string(str(readable))}, skip={header_index}, header=true,"
        f" delim={sql_string(delimiter)}, quote='\"', escape='\"', null_padding=true,"
        " encoding='utf-8', auto_detect=false" + (", parallel=false" if multiline else "")
    )
    from_sql = (
        f"read_csv({reader_args}, columns={{{columns}}}, store_rejects=true,"
        f" rejects_table='{LENIENT_REJECTS}', rejects_scan='{LENIENT_REJECTS}_scans')"
        " WITH ORDINALITY"
    )
    header_row = ends[header_index]
    return Source(
        path=path,
        from_sql=from_sql,
        headers=headers,
        header_row=header_row,
        default_unit=_default_unit(rows[:header_index]),
        row_no_base=f"({header_row} + ordinality)",
        cleanup=cleanup,
        fast_csv=not multiline,
        delimiter=delimiter,
        reader_args=reader_args,
        sample=[[c.strip() for c in r] for r in rows[header_index + 1 :]],
        readable=readable,
    )


def lenient_rejects(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """(line, raw line) of the lines the last lenient read set aside (wrong number of fields)."""
    # look before reading: a failed query would abort the load's transaction
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [LENIENT_REJECTS]
    ).fetchall()
    if not exists[0][0]:
        return []
    return [
        (int(r[0]), str(r[1]))
        for r in con.execute(
            f"SELECT line, any_value(csv_line) FROM {LENIENT_REJECTS} GROUP BY line ORDER BY line"
        ).fetchall()
    ]


def clear_lenient_rejects(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"DROP TABLE IF EXISTS {LENIENT_REJECTS}; DROP TABLE IF EXISTS {LENIENT_REJECTS}_scans"
    )


def gap_shift_sql(gaps: list[int], header_row: int, index_sql: str) -> str:
    """SQL adding, to a data row's index (0-based, `index_sql`), the lines before it that produced
    no row (blank lines, set-aside lines): the k-th row comes after gap j when
    k ≥ gap_j − header_row − 1 − j."""
    if not gaps:
        return ""
    thresholds = [line - header_row - 1 - j for j, line in enumerate(sorted(gaps))]
    return f" + len(list_filter({thresholds}, lambda t: t <= {index_sql}))"


def _excel_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        # a float holds 15 significant digits: an ID or voucher number typed as a number has lost
        # its last digits, so it stays in scientific form (the ID check names the cause) instead
        # of passing for the real number
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value).strip() or None


def open_excel(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    sheet: str | None,
    overrides: dict[str, str] | None = None,
) -> Source:
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
    except Exception as error:
        raise LoadError(
            f"无法打开 Excel 文件 ({type(error).__name__})",
            file=path,
            hint="文件可能已损坏或未完整保存；请在 Excel/WPS 中打开后重新保存",
        ) from error
    if sheet is not None and sheet not in names:
        raise LoadError(
            f"没有名为「{sheet}」的工作表", file=path, hint=f"工作表：{'、'.join(names)}"
        )
    name = sheet or names[0]
    try:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as error:
        raise LoadError(
            f"无法读取工作表 ({type(error).__name__})", file=path, sheet=name
        ) from error
    head = [[_excel_text(v) or "" for v in row] for row in rows[:HEADER_SCAN_ROWS]]
    header_index = _pick_header(head, kind, path, name, overrides)
    headers = [h.strip() for h in head[header_index]]
    width = len(headers)
    body = [
        [_excel_text(v) for v in (row[:width] + [None] * (width - len(row)))]
        for row in rows[header_index + 1 :]
    ]
    frame = pd.DataFrame(body, columns=[f"c{i}" for i in range(width)], dtype="object")
    frame = frame.astype("string") if not frame.empty else frame.astype("object")
    frame["ordinality"] = range(1, len(frame) + 1)
    view = f"excel_{uuid.uuid4().hex}"
    con.register(view, frame)
    if frame.empty:
        casts = ", ".join(f"CAST(NULL AS VARCHAR) AS c{i}" for i in range(width))
        from_sql = f"(SELECT {casts}, CAST(NULL AS BIGINT) AS ordinality WHERE false)"
    else:
        casts = ", ".join(f"CAST(c{i} AS VARCHAR) AS c{i}" for i in range(width))
        from_sql = f"(SELECT {casts}, ordinality FROM {view})"
    return Source(
        path=path,
        from_sql=from_sql,
        headers=headers,
        header_row=header_index + 1,
        default_unit=_default_unit(head[:header_index]),
        row_no_base=f"({header_index + 1} + ordinality)",
        sheet=name,
        views=[view],
    )


def open_source(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    kind: str,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
) -> Source:
    """Open a record file. Raises LoadError for a missing, empty, binary or unreadable file."""
    path = Path(path)
    if not path.exists():
        raise LoadError("文件不存在 (file not found)", file=path)
    if path.is_dir():
        raise LoadError("这是一个文件夹，不是文件 (a directory)", file=path)
    if path.stat().st_size == 0:
        raise LoadError("文件是空的 (empty file)", file=path)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return open_excel(con, path, kind, sheet, overrides)
    if suffix in (".csv", ".txt", ".tsv", ""):
        return open_csv(path, kind, overrides)
    raise LoadError(f"不支持的文件类型 {suffix}", file=path, hint="支持 .csv、.xlsx、.xls")


def read_rows(con: duckdb.DuckDBPyConnection, source: Source) -> pd.DataFrame:
    """All rows of a (small) source as strings, with `row_no`: for the Python-side loaders."""
    sql = f"SELECT *, {source.row_no_sql} AS row_no FROM {source.from_sql} ORDER BY ordinality"
    clear_lenient_rejects(con)
    try:
        frame = con.execute(sql).df()
    except duckdb.Error as error:
        raise LoadError(f"文件内容无法解析：{_duckdb_reason(error)}", file=source.path) from error
    bad = lenient_rejects(con)
    clear_lenient_rejects(con)
    if bad:
        lines = "、".join(str(line) for line, _ in bad[:10])
        raise LoadError(
            f"第 {lines} 行的列数与表头不一致",
            file=source.path,
            hint="请检查这些行是否有多余的逗号（可给含逗号的内容加英文双引号），改正后重新导入",
        )
    return frame


def _duckdb_reason(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:300]
