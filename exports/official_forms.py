"""The official forms printed as the finance bureau expects them: the mid-year monitoring table
(绩效监控情况表) and the year-end self-evaluation table (绩效自评表), as `.xlsx` (a sheet per
project) or `.docx` (a section per project), for one project or every project of a unit.

Every figure comes from the form objects of `engine.forms` (`monitoring_form`,
`evaluation_form`): this module only lays them out. A form becomes a `Layout` (title, header
block, indicator table, signature line), format-neutral; `xlsx_bytes` and `docx_bytes` draw the
same layouts. The labels are the bureau's, in Chinese, whatever the dashboard's language. No
Streamlit here: the pages call `forms_bytes`, the CLI (`tracker form`) calls `collect_forms` and
`write_collected` (what `write_forms` does in one step).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from pathlib import Path

import duckdb

from engine import aggregates, forms
from engine.status import compute_status
from exports.form_layout import (
    Cell,
    Form,
    Layout,
    figure,
    layout_of,
    shown,
)
from presentation import dates
from presentation.safe_text import XLSX_OPTIONS
from store.errors import TrackerError

KINDS = {"monitoring": "绩效监控情况表", "evaluation": "绩效自评表"}
FORMATS = {".xlsx": "xlsx", ".docx": "docx"}
MIME_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FONT = "宋体"  # the bureau's forms are set in SimSun; Word needs it as the eastAsia font
SHEET_NAME_MAX = 31  # Excel's limit
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class FormExportError(TrackerError):
    """A form cannot be exported: an unknown kind or file type, unit or project, or a bad date."""


# -- which forms ------------------------------------------------------------------------------------


def export_format(path: str | Path) -> str:
    """xlsx or docx, from the file's extension; FormExportError for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise FormExportError(
            f"不支持的文件类型「{suffix or Path(path).name}」",
            hint="输出文件请以 .xlsx 或 .docx 结尾",
        )
    return FORMATS[suffix]


def check_kind(kind: str) -> str:
    """The kind if known (monitoring, evaluation); FormExportError otherwise."""
    if kind not in KINDS:
        raise FormExportError(
            f"不支持的表格类型「{kind}」",
            hint="请写 monitoring（绩效监控情况表）或 evaluation（绩效自评表）",
        )
    return kind


def parse_date(value: dt.date | str | None) -> dt.date | None:
    """A date given as a date or as text (2025-09-30, 2025-9-30, 2025/09/30, 20250930);
    FormExportError for anything else, saying when the date does not exist."""
    if isinstance(value, dt.datetime):  # also a pandas Timestamp: the day is what counts
        return value.date()
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dates.parse_day(value)
    except dates.DateTextError as error:
        raise FormExportError(error.reason, hint=error.hint) from None


def default_day(kind: str, year: int) -> dt.date:
    """The default date of a form: 31 July for monitoring (1—7月), 31 December for evaluation."""
    return forms.default_period_end(year) if kind == "monitoring" else forms.default_as_of(year)


def collect_forms(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    *,
    unit: str | None = None,
    project: str | None = None,
    as_of: dt.date | str | None = None,
) -> list[Form]:
    """The forms to print, from `engine.forms` with the latest saved answers: one project
    (`project`, which must belong to `unit` when both are given), or every project of `unit` of
    one fiscal year, ordered by project code: the year of `as_of`, else the unit's latest year.
    `as_of` defaults to 31 July (monitoring) or 31 December (evaluation) of the fiscal year.
    FormExportError for an unknown kind, unit or project, a bad date, or a date outside the
    project's fiscal year."""
    check_kind(kind)
    day = parse_date(as_of)
    unit = (unit or "").strip() or None
    project = (project or "").strip() or None
    if project is None and unit is None:
        raise FormExportError(
            "请指定单位编码或项目编码", hint="例如 --unit 712001 或 --project 项目编码"
        )
    projects = aggregates.projects(con, None if project else unit, project)
    if project is not None:
        if projects.empty:
            raise FormExportError(
                f"项目编码 {project} 未在绩效目标中登记", hint="用 tracker projects 查看项目编码"
            )
        if unit is not None and str(projects["unit_code"].iloc[0]) != unit:
            raise FormExportError(
                f"项目 {project} 不属于单位 {unit}（属于 {projects['unit_code'].iloc[0]}）",
                hint="请检查单位编码，或省略单位编码",
            )
    elif projects.empty:
        raise FormExportError(
            f"单位编码 {unit} 没有已登记的项目", hint="用 tracker projects 查看单位编码"
        )
    years = sorted({int(y) for y in projects["fiscal_year"]})
    year = day.year if day is not None and project is None else years[-1]
    chosen = projects[projects["fiscal_year"] == year].sort_values("project_code")
    if chosen.empty:
        raise FormExportError(
            f"单位 {unit} 没有 {year} 年度的项目（有：{'、'.join(map(str, years))}）",
            hint="请检查日期，或省略日期（默认取最近一个年度）",
        )
    if day is None:
        day = default_day(kind, year)
    elif day.year != year:
        raise FormExportError(
            f"日期 {day} 不在项目 {project} 的 {year} 年度内",
            hint=f"请用 {year} 年内的日期，或省略日期（默认 {default_day(kind, year)}）",
        )
    codes = [str(code) for code in chosen["project_code"]]
    # one pass of the engine for the whole unit; a single project is computed on its own
    status = compute_status(con, day, unit=unit) if project is None else None
    if kind == "monitoring":
        return [forms.monitoring_form(con, code, day, status=status) for code in codes]
    return [forms.evaluation_form(con, code, day, status=status) for code in codes]


# -- writers ----------------------------------------------------------------------------------------


def render(items: Sequence[Form], fmt: str) -> bytes:
    """The forms (in order, one sheet or section each) as an .xlsx or .docx file's bytes."""
    layouts = [layout_of(form) for form in items]
    return xlsx_bytes(layouts) if fmt == "xlsx" else docx_bytes(layouts)


def forms_bytes(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    fmt: str,
    *,
    unit: str | None = None,
    project: str | None = None,
    as_of: dt.date | str | None = None,
) -> bytes:
    """The export of one project's form or every project's of a unit (see `collect_forms`) as
    the bytes of an `fmt` (xlsx, docx) file, for a download button (`MIME_TYPES[fmt]`,
    `download_name`)."""
    check_kind(kind)
    if fmt not in MIME_TYPES:
        raise FormExportError(f"不支持的文件类型「{fmt}」", hint="请选 xlsx 或 docx")
    return render(collect_forms(con, kind, unit=unit, project=project, as_of=as_of), fmt)


def write_forms(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    path: str | Path,
    *,
    unit: str | None = None,
    project: str | None = None,
    as_of: dt.date | str | None = None,
) -> Path:
    """Write the forms (see `collect_forms`) to `path`, in the format its extension names (.xlsx,
    .docx); returns the path. Nothing is written when the request fails (FormExportError)."""
    export_format(path)  # a bad extension fails before the database is read
    check_kind(kind)
    return write_collected(collect_forms(con, kind, unit=unit, project=project, as_of=as_of), path)


def write_collected(items: Sequence[Form], path: str | Path) -> Path:
    """Write already collected forms to `path` (.xlsx or .docx); returns the path."""
    target = Path(path)
    if not items:
        raise FormExportError("没有可导出的表格", hint="请检查单位编码或项目编码")
    data = render(items, export_format(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def download_name(
    kind: str, fmt: str, *, unit: str | None = None, project: str | None = None
) -> str:
    """A file name for a download: 绩效监控情况表_13043425P00450110058B.xlsx."""
    return f"{KINDS[check_kind(kind)]}_{project or unit or '全部'}.{fmt}"


def sheet_names(layouts: Sequence[Layout]) -> list[str]:
    """A worksheet name per layout: the project name (Excel's forbidden characters removed, ≤ 31
    characters), else the project code when the name is taken or empty; unique ignoring case."""
    taken: set[str] = set()
    names = []
    for layout in layouts:
        name = SHEET_FORBIDDEN.sub("", layout.project_name).strip("' ")[:SHEET_NAME_MAX]
        candidates = [name, layout.project_code[:SHEET_NAME_MAX]]
        chosen = next((c for c in candidates if c and c.lower() not in taken), None)
        n = 2
        while chosen is None:
            suffix = f"({n})"
            candidate = layout.project_code[: SHEET_NAME_MAX - len(suffix)] + suffix
            chosen = candidate if candidate.lower() not in taken else None
            n += 1
        taken.add(chosen.lower())
        names.append(chosen)
    return names


def _text_width(text: str) -> int:
    """Characters in Excel's width units: a CJK character is two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a cell `width` characters wide."""
    room = max(width - 1.5, 1)
    return sum(max(1, math.ceil(_text_width(part) / room)) for part in text.split("\n"))


def _header_spans(n: int, pairs: int) -> list[tuple[int, int]]:
    """Column ranges of the header block's cells on an n-column grid: label, value (one pair over
    the whole width) or label, value, label, value (two pairs side by side)."""
    half = n // 2
    label = max(1, half // 2)
    if pairs == 1:
        return [(0, label - 1), (label, n - 1)]
    return [(0, label - 1), (label, half - 1), (half, half + label - 1), (half + label, n - 1)]


XLSX_LINE_HEIGHT = 13.5  # points per line of 10pt text


def xlsx_bytes(layouts: Sequence[Layout]) -> bytes:
    """A workbook with a sheet per layout (named by `sheet_names`): the title merged over the
    table's width, the header block, the indicator table with bordered, wrapped cells and its
    header repeated on printed pages, the signature line; A4, fitted to the page width."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, XLSX_OPTIONS)  # text is never a formula
    base = {"font_name": FONT, "font_size": 10, "text_wrap": True, "valign": "vcenter"}
    boxed = {**base, "border": 1}
    styles = {
        "title": book.add_format({**base, "bold": True, "font_size": 16, "align": "center"}),
        "label": book.add_format({**boxed, "bold": True, "bg_color": "#F2F2F2", "align": "center"}),
        "head": book.add_format({**boxed, "bold": True, "bg_color": "#D9D9D9", "align": "center"}),
        "text": book.add_format({**boxed, "align": "left"}),
        "center": book.add_format({**boxed, "align": "center"}),
        "wan": book.add_format({**boxed, "align": "right", "num_format": "#,##0.00"}),
        "pct": book.add_format({**boxed, "align": "right", "num_format": '0.0"%"'}),
        "points": book.add_format({**boxed, "align": "center", "num_format": "General"}),
        "sign": book.add_format({**base, "font_size": 11, "text_wrap": False}),
    }
    for layout, name in zip(layouts, sheet_names(layouts), strict=True):
        _xlsx_sheet(book.add_worksheet(name), layout, styles)
    book.close()
    return buffer.getvalue()


def _xlsx_put(sheet, row: int, first: int, last: int, cell: Cell, style, rows: int = 0) -> None:
    """Write a cell over columns first..last (and `rows` more rows), merged when wider than one."""
    if last > first or rows:
        sheet.merge_range(row, first, row + rows, last, "", style)
    number = figure(cell)
    if number is not None:
        sheet.write_number(row, first, number, style)
    elif shown(cell):
        sheet.write_string(row, first, shown(cell), style)
    else:
        sheet.write_blank(row, first, None, style)


def _xlsx_sheet(sheet, layout: Layout, styles: dict) -> None:
    widths = [c.width for c in layout.columns]
    n = len(widths)

    def height(parts: list[tuple[int, int, str]]) -> float:
        lines = max(_lines(text, sum(widths[a : b + 1])) for a, b, text in parts)
        return max(lines, 1) * XLSX_LINE_HEIGHT + 6

    sheet.merge_range(0, 0, 0, n - 1, layout.title, styles["title"])
    sheet.set_row(0, 32)
    r = 1
    for items in layout.header:
        spans = _header_spans(n, len(items))
        parts = []
        for i, (label, cell) in enumerate(items):
            (la, lb), (va, vb) = spans[2 * i], spans[2 * i + 1]
            _xlsx_put(sheet, r, la, lb, Cell(label), styles["label"])
            style = styles[cell.kind] if cell.kind != "text" else styles["text"]
            _xlsx_put(sheet, r, va, vb, cell, style)
            parts += [(la, lb, label), (va, vb, shown(cell))]
        sheet.set_row(r, height(parts))
        r += 1
    head = r
    for c, heading in enumerate(layout.columns):
        sheet.write_string(r, c, heading.label, styles["head"])
    sheet.set_row(r, height([(c, c, col.label) for c, col in enumerate(layout.columns)]))
    r += 1
    top = r
    covered: set[tuple[int, int]] = set()
    for column, first, last in layout.vertical_merges():
        cell = layout.body[first].cells[column]
        _xlsx_put(sheet, top + first, column, column, cell, styles["center"], last - first)
        covered.update((i, column) for i in range(first, last + 1))
    for i, row in enumerate([*layout.body, *layout.footer]):
        starts = {a: b for a, b in row.spans}
        inside = {c for a, b in row.spans for c in range(a + 1, b + 1)}
        parts = []
        for c, cell in enumerate(row.cells):
            if c in inside or (i, c) in covered:
                continue
            last = starts.get(c, c)
            if row.label and c == 0:
                style = styles["label"]
            elif cell.kind != "text":
                style = styles[cell.kind]
            else:
                style = styles["center"] if c < layout.merged_levels else styles["text"]
            _xlsx_put(sheet, r, c, last, cell, style)
            parts.append((c, last, shown(cell)))
        sheet.set_row(r, height(parts))
        r += 1
    r += 1
    sheet.merge_range(r, 0, r, n - 1, layout.signature, styles["sign"])
    sheet.set_row(r, 24)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.repeat_rows(head)
    sheet.set_paper(9)  # A4
    if layout.landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.fit_to_pages(1, 0)
    sheet.print_area(0, 0, r, n - 1)


# A4 in millimetres, and the margins of a page
A4 = (210, 297)
DOCX_MARGIN = {"portrait": (20, 20), "landscape": (15, 18)}  # (left/right, top/bottom) in mm
DOCX_TABLE_PT = 9  # table text (小五 is 9pt)


def docx_bytes(layouts: Sequence[Layout]) -> bytes:
    """A Word document with a section per layout (a new page each; A4, landscape for the wide
    monitoring table): the title, the header block as a table of label/value pairs, the
    indicator table (its header row bold, shaded and repeated on each page), the signature line.
    The text is set in 宋体 through the eastAsia font so Word shows Chinese correctly."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    _docx_fonts(document)
    for i, layout in enumerate(layouts):
        section = document.sections[0] if i == 0 else document.add_section(WD_SECTION.NEW_PAGE)
        side, edge = DOCX_MARGIN["landscape" if layout.landscape else "portrait"]
        short, long = A4
        if layout.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(long), Mm(short)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(short), Mm(long)
        section.left_margin = section.right_margin = Mm(side)
        section.top_margin = section.bottom_margin = Mm(edge)
        usable = (long if layout.landscape else short) - 2 * side
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(layout.title)
        run.bold = True
        run.font.size = Pt(16)
        _docx_header(document, layout, usable)
        document.add_paragraph().paragraph_format.space_after = Pt(0)
        _docx_table(document, layout, usable)
        sign = document.add_paragraph()
        sign.paragraph_format.space_before = Pt(12)
        sign.add_run(layout.signature).font.size = Pt(11)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_fonts(document) -> None:
    """宋体 for the Normal style, ASCII and East Asian alike (w:rFonts w:eastAsia), 10.5pt."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10.5)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)


# a figure printed whole: a number, rate, date or count with its unit ("≥22个", "2025-09-30")
WHOLE = re.compile(r"^[≥≤<>]?[-+]?\d[\d,.\-/:]*(%|[^\x00-\x7f]{1,3})?$")


def _whole(cell: Cell, text: str) -> bool:
    """Whether a cell's text must stay on one line: every figure, and text that reads as one."""
    return cell.kind != "text" or bool(WHOLE.match(text))


# the elements a cell's properties (w:tcPr) may hold after w:noWrap, in the schema's order
_TCPR_AFTER_NOWRAP = ("w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def _docx_write(
    cell, text: str, *, bold: bool = False, center: bool = False, whole: bool = False
) -> None:
    """Text into a table cell at the table's size; `whole` keeps it on one line (w:noWrap), for
    numbers, percents and scores that must never break."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    if whole:
        cell._tc.get_or_add_tcPr().insert_element_before(
            OxmlElement("w:noWrap"), *_TCPR_AFTER_NOWRAP
        )
    paragraph = cell.paragraphs[0]
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(DOCX_TABLE_PT)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _docx_shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, "w:noWrap", *_TCPR_AFTER_NOWRAP)


def _docx_new_table(document, rows: int, widths_mm: list[float]):
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for c, width in enumerate(widths_mm):
        table.columns[c].width = Mm(width)
        for cell in table.columns[c].cells:
            cell.width = Mm(width)
    return table


def _docx_header(document, layout: Layout, usable: float) -> None:
    """The header block: label, value, label, value; a lone pair's value spans the row."""
    widths = [usable * share for share in (0.18, 0.32, 0.18, 0.32)]
    table = _docx_new_table(document, len(layout.header), widths)
    for r, items in enumerate(layout.header):
        if len(items) == 1:
            table.cell(r, 1).merge(table.cell(r, 3))
        for i, (label, cell) in enumerate(items):
            target = table.cell(r, 2 * i)
            _docx_shade(target, "F2F2F2")
            _docx_write(target, label, bold=True, center=True)
            text = shown(cell)
            _docx_write(table.cell(r, 2 * i + 1), text, whole=_whole(cell, text))


def _docx_table(document, layout: Layout, usable: float) -> None:
    """The indicator table: the header row, the body (levels merged down), the footer rows."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rows = [*layout.body, *layout.footer]
    total = sum(c.width for c in layout.columns)
    widths = [usable * c.width / total for c in layout.columns]
    table = _docx_new_table(document, len(rows) + 1, widths)
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for c, heading in enumerate(layout.columns):
        _docx_shade(header.cells[c], "D9D9D9")
        _docx_write(header.cells[c], heading.label, bold=True, center=True)
    covered: set[tuple[int, int]] = set()
    for column, first, last in layout.vertical_merges():
        table.cell(first + 1, column).merge(table.cell(last + 1, column))
        covered.update((i, column) for i in range(first + 1, last + 1))
    for i, row in enumerate(rows):
        for a, b in row.spans:
            table.cell(i + 1, a).merge(table.cell(i + 1, b))
            covered.update((i, c) for c in range(a + 1, b + 1))
    for i, row in enumerate(rows):
        for c, cell in enumerate(row.cells):
            if (i, c) in covered:
                continue
            text = shown(cell)
            _docx_write(
                table.cell(i + 1, c),
                text,
                bold=row.label and c == 0,
                center=c < layout.merged_levels or cell.kind != "text" or (row.label and c == 0),
                whole=_whole(cell, text),
            )
