"""Reading record files (CSV, .xlsx, .xls) into something DuckDB can scan, header found by meaning.

`open_source(con, file, kind)` checks the file against the limits (`loaders.limits`), then returns
a `Source`: a SQL FROM clause yielding VARCHAR columns c0..cN and `ordinality` (the data row's
index), the header texts, the rows above the header (`魏县财政国库集中支付明细表…`, `单位：万元`: counted as
skipped; a `单位：万元` line sets the default money unit) and how to find the row number a clerk sees.

A spending CSV is scanned by DuckDB itself (fast, parallel): UTF-8 (with or without BOM) in place, an
upload or a GBK file as a UTF-8 copy in the load's private work folder. Every other file is read
whole in memory (CSV with Python's strict reader, Excel with python-calamine), so a roster never
touches the disk; its records are counted exactly.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from loaders.columns import score_header
from loaders.errors import LoadError
from loaders.inputs import FileInput
from loaders.limits import check_before_reading, limits
from loaders.record_base import sql_string
from loaders.workspace import private_file

HEADER_SCAN_ROWS = 200  # rows read to find the header and sample the data
UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
MAX_BLANK_LINES_TRACKED = 100_000


@dataclass
class Source:
    """A record file opened for staging.

    In memory (every kind but a spending CSV): the rows are a registered frame with `row_no` (the
    line or row a clerk sees) and `data_rows`, the records after the header as the reader counted
    them. A spending CSV is scanned by DuckDB itself: `row_no` follows from `ordinality` and the
    lines the reader skipped, and the records are counted from the file's lines.
    """

    name: str  # the file's name, for messages
    from_sql: str  # yields c0..cN VARCHAR and `ordinality` BIGINT (and `row_no` in memory)
    headers: list[str]
    header_row: int  # 1-based line/row of the header in the file
    default_unit: str | None
    row_no_base: str  # SQL expression of the row number a clerk sees, in terms of `ordinality`
    sheet: str | None = None
    title_rows: list[tuple[int, list[str]]] = field(default_factory=list)  # above the header
    data_rows: int | None = None  # records after the header (None: count the file's lines)
    body: list[list[str | None]] | None = None  # in memory: the rows after the header
    lines: list[int] = field(default_factory=list)  # … and the line each starts on
    views: list[str] = field(default_factory=list)
    # CSV read by DuckDB only: what the typed fast path needs
    fast_csv: bool = False
    delimiter: str = ","
    reader_args: str = ""  # read_csv arguments before the column types
    sample: list[list[str]] = field(default_factory=list)  # data rows after the header
    readable: Path | None = None  # the UTF-8 file DuckDB reads (a private copy for GBK, uploads)
    _blanks: list[int] | None = None

    @property
    def in_memory(self) -> bool:
        return self.body is not None

    @property
    def blank_lines(self) -> list[int]:
        """Empty lines after the header (DuckDB skips them), found by a line-by-line pass."""
        if self._blanks is None:
            found = _blank_lines(self.readable) if self.readable is not None else []
            self._blanks = [b for b in found if b > self.header_row]
        return self._blanks

    @property
    def row_no_sql(self) -> str:
        """The row number a clerk sees. In memory: the column. Read by DuckDB: from `ordinality`
        (rows DuckDB returns; it skips blanks); lines set aside by the reader are not counted
        here: see `gap_shift_sql`."""
        if self.in_memory:
            return "row_no"
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


def _pick_header(
    rows: list[list[str]],
    kind: str,
    file: str | Path,
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


def _detect_encoding(path: Path, name: str) -> str:
    with path.open("rb") as handle:
        head = handle.read(1 << 18)
    if not head.removeprefix(BOM).strip():
        raise LoadError("文件是空的 (empty file)", file=name)
    if looks_binary(head[:4096]):
        raise LoadError("不是文本文件 (binary content)", file=name, hint="请上传 .csv 或 .xlsx")
    cut = head.rfind(b"\n") if len(head) == 1 << 18 else len(head)
    sample = head[: cut if cut > 0 else len(head)]
    if head.startswith(BOM):
        try:
            sample[len(BOM) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise _bom_error(name, sample[len(BOM) :], error) from None
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise LoadError(
            "无法识别文件编码 (unknown encoding)",
            file=name,
            hint="请另存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx",
        ) from None


BOM = b"\xef\xbb\xbf"


def looks_binary(head: bytes) -> bool:
    """Binary content, not a text with a stray NUL (which is refused naming its line): more than
    a few NUL bytes at the start (UTF-16, a spreadsheet or an image renamed .csv)."""
    return head.count(b"\x00") > 2


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _bom_error(name: str, data: bytes, error: UnicodeDecodeError) -> LoadError:
    return LoadError(
        f"文件开头标记为 UTF-8（BOM），但第 {_line_of(data, error.start)} 行不是 UTF-8 编码",
        file=name,
        hint="文件可能被拼接过或另存时选错了编码：请在 Excel/WPS 中另存为 CSV (UTF-8) 后重新导入",
    )


def decode_records(data: bytes, name: str) -> str:
    """The text of a CSV held in memory: UTF-8 (with or without BOM), else GB18030 (GBK), decoded
    whole. Raises LoadError for empty or binary content, a NUL byte (naming its line) or bytes
    that are neither encoding."""
    if not data.removeprefix(BOM).strip():
        raise LoadError("文件是空的 (empty file)", file=name)
    if looks_binary(data[:4096]):
        raise LoadError("不是文本文件 (binary content)", file=name, hint="请上传 .csv 或 .xlsx")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LoadError(f"第 {_line_of(data, nul)} 行含有空字符 (NUL)，文件可能已损坏", file=name)
    if data.startswith(BOM):
        try:
            return data[len(BOM) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise _bom_error(name, data[len(BOM) :], error) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise LoadError(
            f"无法识别文件编码（第 {_line_of(data, error.start)} 行既不是 UTF-8 也不是 GBK）",
            file=name,
            hint="请另存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx",
        ) from None


def _transcode(path: Path, encoding: str, workdir: Path, name: str) -> Path:
    """A UTF-8 copy of `path` in the load's private work folder (removed when the load ends)."""
    target = private_file(workdir, f"utf8-{uuid.uuid4().hex}.csv")
    try:
        with (
            path.open("r", encoding=encoding, newline="") as source,
            target.open("w", encoding="utf-8", newline="") as sink,
        ):
            while chunk := source.read(1 << 20):
                sink.write(chunk)
    except UnicodeDecodeError as error:
        raise LoadError(
            "文件中有既不是 UTF-8 也不是 GBK 的字节", file=name, hint="请另存为 UTF-8 编码的 CSV"
        ) from error
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


def _sniff(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def open_csv(file: FileInput, kind: str, overrides: dict[str, str] | None, workdir: Path) -> Source:
    """A CSV for DuckDB's own reader (spending): read in place, or from a private copy (an upload,
    a GBK file transcoded to UTF-8)."""
    if file.path is None:
        assert file.data is not None
        path = private_file(workdir, file.name)
        path.write_bytes(file.data)
    else:
        path = file.path
    encoding = _detect_encoding(path, file.name)
    readable = path
    if encoding == "gb18030":
        readable = _transcode(path, encoding, workdir, file.name)
    with readable.open("r", encoding="utf-8-sig", newline="") as handle:
        head_lines = [line for _, line in zip(range(HEADER_SCAN_ROWS), handle, strict=False)]
    sample = "".join(head_lines)
    delimiter = _sniff(sample)
    # records, not lines: a quoted title cell may hold a line break (Excel's merged titles)
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    rows, ends = [], []
    try:
        for record in reader:
            rows.append(record)
            ends.append(reader.line_num)
    except csv.Error:
        pass
    if len(head_lines) == HEADER_SCAN_ROWS and rows:  # the last record may be cut: drop it
        rows, ends = rows[:-1], ends[:-1]
    header_index = _pick_header(rows, kind, file.name, None, overrides)
    headers = [h.strip() for h in rows[header_index]]
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(headers)))
    multiline = any(
        ends[i] - (ends[i - 1] if i else 0) > 1 for i in range(header_index + 1, len(ends))
    )
    # explicit dialect and columns, no sniffing: a row with an extra field or a line longer than
    # the cell limit becomes a rejected line (store_rejects) instead of failing the whole file
    max_line = max(limits().max_cell_kb * 1024, 8192)
    reader_args = (
        f"{sql_string(str(readable))}, skip={header_index}, header=true,"
        f" delim={sql_string(delimiter)}, quote='\"', escape='\"', null_padding=true,"
        f" encoding='utf-8', auto_detect=false, max_line_size={max_line}"
        + (", parallel=false" if multiline else "")
    )
    from_sql = (
        f"read_csv({reader_args}, columns={{{columns}}}, store_rejects=true,"
        f" rejects_table='{LENIENT_REJECTS}', rejects_scan='{LENIENT_REJECTS}_scans')"
        " WITH ORDINALITY"
    )
    header_row = ends[header_index]
    return Source(
        name=file.name,
        from_sql=from_sql,
        headers=headers,
        header_row=header_row,
        default_unit=_default_unit(rows[:header_index]),
        row_no_base=f"({header_row} + ordinality)",
        title_rows=[
            ((ends[i - 1] if i else 0) + 1, [c.strip() for c in rows[i]])
            for i in range(header_index)
        ],
        fast_csv=not multiline,
        delimiter=delimiter,
        reader_args=reader_args,
        sample=[[c.strip() for c in r] for r in rows[header_index + 1 :]],
        readable=readable,
    )


CSV_PROBLEMS = {
    "unexpected end of data": "引号没有配对：从这一行起到文件末尾都在引号里",
    "eof inside string": "引号没有配对：从这一行起到文件末尾都在引号里",
    "field larger than field limit": "有超过 {kb} KB 的单元格",
    "line contains nul": "含有空字符 (NUL)",
    "new-line character seen in unquoted field": "行尾符号不规范",
}


def csv_problem(error: csv.Error) -> str:
    """A clerk's words for the csv module's message."""
    text = str(error).lower()
    for key, words in CSV_PROBLEMS.items():
        if key in text:
            return words.format(kb=limits().max_cell_kb)
    if "expected after" in text:
        return "引号用法不对（引号后面应紧跟分隔符）"
    return f"无法解析（{error}）"


def parse_csv_records(text: str, name: str) -> tuple[list[list[str]], list[int], str]:
    """Every record of a CSV text with the line each starts on, and the delimiter. Strict: an
    unclosed quote, an overlong cell or a NUL refuses the file naming the line where that record
    starts (never a silent merge of the following rows into one cell)."""
    delimiter = _sniff("\n".join(text[: 1 << 16].split("\n")[:HEADER_SCAN_ROWS]))
    csv.field_size_limit(limits().max_cell_kb * 1024)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    starts: list[int] = []
    end = 0
    try:
        for record in reader:
            records.append(record)
            starts.append(end + 1)
            end = reader.line_num
    except csv.Error as error:
        raise LoadError(
            f"第 {end + 1} 行{csv_problem(error)}",
            file=name,
            hint="请在 Excel/WPS 中打开核对这一行，另存为 CSV 或 .xlsx 后重新导入",
        ) from None
    return records, starts, delimiter


def open_csv_memory(
    con: duckdb.DuckDBPyConnection, file: FileInput, kind: str, overrides: dict[str, str] | None
) -> Source:
    """A CSV read whole in memory (rosters and every kind but spending): nothing on disk."""
    text = decode_records(file.read(), file.name)
    records, starts, _ = parse_csv_records(text, file.name)
    head = records[:HEADER_SCAN_ROWS]
    header_index = _pick_header(head, kind, file.name, None, overrides)
    headers = [h.strip() for h in records[header_index]]
    width = len(headers)
    body, lines, extra = [], [], []
    for record, line in zip(records[header_index + 1 :], starts[header_index + 1 :], strict=True):
        if len(record) > width and any(c.strip() for c in record[width:]):
            extra.append(line)
        cells = [c if c != "" else None for c in record[:width]]
        body.append(cells + [None] * (width - len(cells)))
        lines.append(line)
    if extra:
        shown = "、".join(str(line) for line in extra[:10])
        raise LoadError(
            f"第 {shown} 行的列数多于表头",
            file=file.name,
            hint="请检查这些行是否有多余的逗号（可给含逗号的内容加英文双引号），改正后重新导入",
        )
    return _frame_source(
        con,
        file.name,
        headers,
        body,
        lines,
        header_row=starts[header_index],
        default_unit=_default_unit(records[:header_index]),
        title_rows=[(starts[i], [c.strip() for c in records[i]]) for i in range(header_index)],
    )


def _frame_source(
    con: duckdb.DuckDBPyConnection,
    name: str,
    headers: list[str],
    body: list[list[str | None]],
    lines: list[int],
    *,
    header_row: int,
    default_unit: str | None,
    title_rows: list[tuple[int, list[str]]],
    sheet: str | None = None,
) -> Source:
    """An in-memory source. Its rows are registered with DuckDB as a view (for the stagers that
    work in SQL) only when `from_sql` is first asked for: the Python-side loaders read `body`."""
    return Source(
        name=name,
        from_sql="",
        headers=headers,
        header_row=header_row,
        default_unit=default_unit,
        row_no_base="row_no",
        sheet=sheet,
        title_rows=title_rows,
        data_rows=len(body),
        body=body,
        lines=lines,
    )


def register_rows(con: duckdb.DuckDBPyConnection, source: Source) -> str:
    """The FROM clause of an in-memory source (c0..cN VARCHAR, ordinality, row_no), registering
    its rows with `con` on first use."""
    if source.from_sql or source.body is None:
        return source.from_sql
    width = len(source.headers)
    frame = pd.DataFrame(source.body, columns=[f"c{i}" for i in range(width)], dtype="object")
    frame = frame.astype("string") if not frame.empty else frame.astype("object")
    frame["ordinality"] = range(1, len(frame) + 1)
    frame["row_no"] = source.lines
    view = f"rows_{uuid.uuid4().hex}"
    con.register(view, frame)
    source.views.append(view)
    if frame.empty:
        casts = ", ".join(f"CAST(NULL AS VARCHAR) AS c{i}" for i in range(width))
        source.from_sql = (
            f"(SELECT {casts}, CAST(NULL AS BIGINT) AS ordinality,"
            " CAST(NULL AS BIGINT) AS row_no WHERE false)"
        )
    else:
        casts = ", ".join(f"CAST(c{i} AS VARCHAR) AS c{i}" for i in range(width))
        source.from_sql = f"(SELECT {casts}, ordinality, row_no FROM {view})"
    return source.from_sql


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
    file: FileInput,
    kind: str,
    sheet: str | None,
    overrides: dict[str, str] | None = None,
) -> Source:
    """A workbook's sheet read in memory (python-calamine), after the limits were checked: every
    row from the first to the last present, blank ones included (they are counted as skipped)."""
    try:
        from python_calamine import CalamineWorkbook

        if file.data is not None:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(file.data))
        else:
            workbook = CalamineWorkbook.from_path(str(file.path))
        names = list(workbook.sheet_names)
    except Exception as error:
        raise LoadError(
            f"无法打开 Excel 文件 ({type(error).__name__})",
            file=file.name,
            hint="文件可能已损坏或未完整保存；请在 Excel/WPS 中打开后重新保存",
        ) from error
    if sheet is not None and sheet not in names:
        raise LoadError(
            f"没有名为「{sheet}」的工作表", file=file.name, hint=f"工作表：{'、'.join(names)}"
        )
    name = sheet or names[0]
    try:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as error:
        raise LoadError(
            f"无法读取工作表 ({type(error).__name__})", file=file.name, sheet=name
        ) from error
    head = [[_excel_text(v) or "" for v in row] for row in rows[:HEADER_SCAN_ROWS]]
    header_index = _pick_header(head, kind, file.name, name, overrides)
    headers = [h.strip() for h in head[header_index]]
    width = len(headers)
    body = [
        [_excel_text(v) for v in (row[:width] + [None] * (width - len(row)))]
        for row in rows[header_index + 1 :]
    ]
    return _frame_source(
        con,
        file.name,
        headers,
        body,
        list(range(header_index + 2, header_index + 2 + len(body))),
        header_row=header_index + 1,
        default_unit=_default_unit(head[:header_index]),
        title_rows=[(i + 1, [c.strip() for c in head[i]]) for i in range(header_index)],
        sheet=name,
    )


def open_source(
    con: duckdb.DuckDBPyConnection,
    file: str | Path | FileInput,
    kind: str,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
    workdir: Path | None = None,
) -> Source:
    """Open a record file after checking it against the limits. A spending CSV is left to DuckDB's
    reader (in place, or a copy in `workdir`, the load's private folder); everything else is read
    in memory. Raises LoadError for a missing, empty, binary, oversized or unreadable file."""
    file = FileInput.of(file)
    size = check_before_reading(file)
    if size == 0:
        raise LoadError("文件是空的 (empty file)", file=file.name)
    suffix = file.suffix
    if suffix in EXCEL_SUFFIXES:
        return open_excel(con, file, kind, sheet, overrides)
    if suffix in (".csv", ".txt", ".tsv", ""):
        if kind == "spending":
            if workdir is None:
                raise ValueError("a spending CSV needs the load's private work folder")
            return open_csv(file, kind, overrides, workdir)
        return open_csv_memory(con, file, kind, overrides)
    raise LoadError(f"不支持的文件类型 {suffix}", file=file.name, hint="支持 .csv、.xlsx、.xls")


def count_csv_records(path: Path, delimiter: str, name: str) -> int:
    """The records of a CSV file by Python's strict reader, streamed: the count when DuckDB's
    lines and records disagree (cells with line breaks). Raises LoadError naming the line where an
    unclosed quote or an overlong cell starts."""
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        count, end = 0, 0
        try:
            for _ in reader:
                count += 1
                end = reader.line_num
        except csv.Error as error:
            raise LoadError(
                f"第 {end + 1} 行{csv_problem(error)}",
                file=name,
                hint="请在 Excel/WPS 中打开核对这一行，另存为 CSV 或 .xlsx 后重新导入",
            ) from None
    return count
