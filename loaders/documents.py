"""Reading documents into blocks: paragraphs and table rows, whatever the container.

This layer knows file formats, not forms: `read_blocks(path)` turns a .txt export, a .docx, an .xlsx
or a .csv into a flat list of `Block`s in reading order. Recognising a target table in those blocks is
`loaders.target_forms`' job.

Cells carry their grid column, so a value can be matched to the label above it even when merged cells
shift positions: a vertically merged continuation is a `Cell` with `continued=True` and no text, a
horizontally merged cell is one `Cell` with `span > 1`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from loaders.errors import LoadError
from loaders.inputs import FileInput
from loaders.limits import ZIP_SUFFIXES, check_size, check_zip, limits

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


@dataclass
class Cell:
    text: str
    col: int
    span: int = 1
    continued: bool = False  # the continuation of a vertically merged cell above

    def covers(self, col: int) -> bool:
        return self.col <= col < self.col + self.span


@dataclass
class Block:
    """A paragraph (`kind="para"`), a table row (`"row"`) or the start of a sheet (`"sheet"`)."""

    kind: str
    text: str = ""
    cells: list[Cell] = field(default_factory=list)
    table: int = -1
    line: int = 0  # where it starts in the source: line (txt/csv) or row (xlsx), for messages
    sheet: str | None = None

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


def decode_text(data: bytes, file: str | Path) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else GB18030 (a superset of GBK).

    Raises LoadError for binary content (NUL bytes or undecodable).
    """
    if not data.strip():
        raise LoadError("文件是空的 (empty file)", file=file, hint="请选择包含绩效目标表的文件")
    if b"\x00" in data[:4096]:
        raise LoadError(
            "不是文本文件 (binary content)",
            file=file,
            hint="请上传 .txt、.docx、.xlsx 或 .csv 文件",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\r\n\f")
        if controls > 8:
            break
        return text
    raise LoadError(
        "无法识别文件编码，可能不是文本文件 (unknown encoding)",
        file=file,
        hint="请另存为 UTF-8 或 GBK 编码的文本，或上传 .docx/.xlsx",
    )


def read_txt_blocks(text: str) -> list[Block]:
    """Blocks of a plain-text export of a Word document.

    A line starting with TAB is a cell; a blank line ends a row; a line without TAB right after a cell
    continues that cell (multi-line cells); other lines are paragraphs. A TAB alone is a merged
    continuation.
    """
    blocks: list[Block] = []
    row: Block | None = None
    table = -1
    previous = "para"  # what the previous line was: cell | blank | para
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.rstrip("\r\n")
        if line.startswith("\t"):
            if row is None:
                if previous == "para" or table < 0:
                    table += 1
                row = Block("row", table=table, line=number)
                blocks.append(row)
            content = line[1:]
            row.cells.append(Cell(content, col=len(row.cells), continued=content == ""))
            previous = "cell"
        elif line == "":
            row = None
            if previous != "para":
                previous = "blank"
        elif previous == "cell" and row is not None:
            row.cells[-1].text += "\n" + line
        else:
            row = None
            blocks.append(Block("para", text=BOOKMARK.sub("", line).strip(), line=number))
            previous = "para"
    for block in blocks:
        for cell in block.cells:
            cell.text = cell.text.strip()
    return blocks


def read_docx_blocks(path: Path | FileInput) -> list[Block]:
    """Blocks of a Word document, walking the XML so merged cells are seen once.

    `w:gridSpan` gives a cell's width, `w:vMerge` (without "restart") marks a continuation, and
    `w:gridBefore` (written by WPS) shifts a row's first cell to the right.
    """
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.text.paragraph import Paragraph

        file = FileInput.of(path)
        document = docx.Document(file.open())
    except Exception as error:
        raise LoadError(
            f"无法打开 Word 文件 ({type(error).__name__})",
            file=FileInput.of(path).name,
            hint="文件可能已损坏或不是 .docx；旧版 .doc 请先另存为 .docx",
        ) from error

    blocks: list[Block] = []
    table_count = -1

    def para_text(p) -> str:
        return BOOKMARK.sub("", Paragraph(p, None).text).strip()  # type: ignore[arg-type]

    def walk(parent) -> None:
        nonlocal table_count
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                blocks.append(Block("para", text=para_text(child)))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content)
            elif child.tag == qn("w:tbl"):
                table_count += 1
                for row_number, tr in enumerate(child.iter(qn("w:tr")), start=1):
                    if tr.getparent() is not child:
                        continue  # rows of nested tables belong to their cell's text
                    blocks.append(_docx_row(tr, table_count, row_number, qn, para_text))

    walk(document.element.body)
    return blocks


def _docx_row(tr, table: int, number: int, qn, para_text) -> Block:
    col = 0
    trpr = tr.find(qn("w:trPr"))
    if trpr is not None:
        before = trpr.find(qn("w:gridBefore"))
        if before is not None:
            col = int(before.get(qn("w:val"), "0") or 0)
    row = Block("row", table=table, line=number)
    for tc in tr.findall(qn("w:tc")):
        span = 1
        continued = False
        tcpr = tc.find(qn("w:tcPr"))
        if tcpr is not None:
            grid_span = tcpr.find(qn("w:gridSpan"))
            if grid_span is not None:
                span = int(grid_span.get(qn("w:val"), "1") or 1)
            vmerge = tcpr.find(qn("w:vMerge"))
            if vmerge is not None and vmerge.get(qn("w:val"), "continue") != "restart":
                continued = True
        text = "" if continued else "\n".join(para_text(p) for p in tc.findall(qn("w:p")))
        row.cells.append(Cell(text.strip(), col=col, span=span, continued=continued))
        col += span
    return row


def _excel_text(value, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            return _format_number(value * 100) + "%"
        return _format_number(value)
    return str(value).strip()


def _format_number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.10f}".rstrip("0").rstrip(".")


def read_xlsx_blocks(path: Path | FileInput) -> list[Block]:
    """Blocks of a workbook: each sheet starts with a `sheet` block, then one row block per
    non-empty row (an empty row is an empty paragraph, ending a table)."""
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(FileInput.of(path).open(), data_only=True)
    except Exception as error:
        raise LoadError(
            f"无法打开 Excel 文件 ({type(error).__name__})",
            file=FileInput.of(path).name,
            hint="文件可能已损坏或未完整保存；请在 Excel/WPS 中打开后重新另存为 .xlsx",
        ) from error
    blocks: list[Block] = []
    table = -1
    for ws in workbook.worksheets:
        blocks.append(Block("sheet", text=ws.title, sheet=ws.title))
        starts: dict[tuple[int, int], int] = {}
        covered: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in ws.merged_cells.ranges:
            starts[(merged.min_row, merged.min_col)] = merged.max_col - merged.min_col + 1
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != (merged.min_row, merged.min_col):
                        covered[(r, c)] = (merged.min_row, merged.min_col)
        in_table = False
        for r, cells in enumerate(ws.iter_rows(), start=1):
            row = Block("row", line=r, sheet=ws.title)
            for cell in cells:
                c = cell.column
                origin = covered.get((r, c))
                if origin is not None:
                    if origin[1] == c:  # first column of a vertically merged range's later row
                        span = starts[origin]
                        row.cells.append(Cell("", col=c - 1, span=span, continued=True))
                    continue
                text = _excel_text(cell.value, cell.number_format)
                span = starts.get((r, c), 1)
                if text or span > 1:
                    row.cells.append(Cell(text, col=c - 1, span=span))
            if any(cell.text for cell in row.cells):
                if not in_table:
                    table += 1
                    in_table = True
                row.table = table
                blocks.append(row)
            else:
                in_table = False
                blocks.append(Block("para", text="", line=r, sheet=ws.title))
    return blocks


def read_csv_rows(text: str) -> list[list[str]]:
    """Rows of a CSV text, delimiter sniffed among comma, tab and semicolon."""
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def read_csv_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for number, values in enumerate(read_csv_rows(text), start=1):
        cells = [Cell(v.strip(), col=i) for i, v in enumerate(values) if v.strip()]
        if cells:
            blocks.append(Block("row", cells=cells, table=0, line=number))
        else:
            blocks.append(Block("para", text="", line=number))
    return blocks


SUPPORTED_SUFFIXES = (".txt", ".docx", ".xlsx", ".xlsm", ".csv")


def read_blocks(path: str | Path | FileInput) -> list[Block]:
    """Read any supported document into blocks, after checking it against the limits.

    Raises LoadError for a missing, empty, binary, corrupt, oversized or unsupported file.
    """
    file = FileInput.of(path)
    suffix = file.suffix
    if suffix in (".doc", ".xls", ".wps", ".et"):
        raise LoadError(
            f"不支持旧版 {suffix} 格式 (legacy format)",
            file=file.name,
            hint="请在 Word/Excel/WPS 中另存为 .docx 或 .xlsx",
        )
    if suffix not in SUPPORTED_SUFFIXES and suffix != "":
        raise LoadError(
            f"不支持的文件类型 {suffix} (unsupported)",
            file=file.name,
            hint="支持 .txt、.docx、.xlsx、.csv",
        )
    check_size(file)
    data = file.read()
    if not data.strip():
        raise LoadError(
            "文件是空的 (empty file)", file=file.name, hint="请选择包含绩效目标表的文件"
        )
    if suffix in ZIP_SUFFIXES:
        check_zip(file)
        return read_docx_blocks(file) if suffix == ".docx" else read_xlsx_blocks(file)
    text = decode_text(data, file.name)
    cap = limits().max_document_blocks
    lines = text.count("\n") + 1
    if lines > cap:
        raise LoadError(
            f"文档行数过多（{lines:,} 行，上限 {cap:,} 行）",
            file=file.name,
            hint="上限见 tracker.toml [limits] max_document_blocks",
        )
    if suffix == ".csv":
        return read_csv_blocks(text)
    return read_txt_blocks(text)
