"""Fixture builders: render one "document" dict as .txt, .docx and .xlsx with the same content.

A document dict mirrors one 项目绩效目标表 publication (see `sample_document()` for the exact keys).
The three builders lay the content out the way the real containers do, so every target loader can be
checked against the same expectations:

* `build_txt`  - the plain-text export of the Word file, exactly like
  `data/samples/weixian-youth-league-2025-targets.txt` (TAB-led cell lines, blank line ends a row).
* `build_docx` - a Word file with real tables and real merges (`w:gridSpan`, `w:vMerge`), and
  optionally WPS-style rows that start with `w:gridBefore` instead of a merged continuation cell.
* `build_xlsx` - a budget-system export: one project form per sheet with real merged ranges.

`sample_document()` is the golden sample (tests/golden.py); `variant_document()` holds the same two
projects with real-world variations (amounts in 元 with thousands separators, other labels, an extra
indicator column, a different spending plan, three-line goals).
"""

from __future__ import annotations

import copy
from pathlib import Path

try:
    from tests import golden
except ImportError:  # pytest puts tests/ itself on sys.path when tests/ is not a package
    import golden  # type: ignore[no-redef]

PLAN_LABEL = "资金支出计划（%）"
BUDGET_LABEL = "预算规模及资金用途"
GOALS_LABEL = "绩效目标"
FISCAL_LABEL = "其中：财政    资金"  # four ASCII spaces, as in the sample
LEVEL_HEADERS = ["一级指标", "二级指标", "三级指标", "绩效指标描述"]

# The first paragraphs of the sample's 第一部分 (verbatim, including the sample's own quirk of
# "4." running on in the same paragraph as "3." after an ideographic space).
SAMPLE_OVERALL_GOALS = [
    golden.OVERALL_GOALS_START,
    "1.围绕县委、县政府工作思路开展富有特色的团的工作，服务党政大局促发展；",
    "2.进一步做好青年就业创业工作。重点开展农村青年电商培训班、青年大学生就业培训班。"
    "计划2022年开展2期就业培训班。",
    "3.做好大学生救助、青少年维权等重点工作。积极向上级团委争取大学生、中学生和小学生贫困救助金；"
    "积极联合公检法部门做好青少年维权工作、未成年人犯罪审理工作等；　 4.全面加强团委信息工作，"
    "办好团县委及各乡镇和全县中学的“智慧团建”网上团员信息登记、组织关系转接等工作，"
    "使“智慧团建”工作系统更加规范，更加完善。",
    "5.深化青年志愿服务行动。建立助学、助残、扶老、环保等各类专业志愿服务团队5支，"
    "计划开展志愿服务10次。在社会各个领域开展志愿服务，为社会献爱心，供温暖。",
]


# --------------------------------------------------------------------------- documents


def sample_document() -> dict:
    """The golden sample (tests/golden.py) as a document dict; amounts in 万元 as published."""
    projects = []
    for p in golden.PROJECTS:
        projects.append(
            {
                "project_code": p["project_code"],
                "title": p["title"],
                "name": p["name"],
                "budget": p["budget_wan"],
                "fiscal": p["fiscal_wan"],
                "other": p["other_wan"],
                "purpose": p["purpose"],
                "goals": p["goals"],
                "plan": list(p["plan"]),
                "indicators": [tuple(row) for row in p["indicators"]],
            }
        )
    return {
        "unit_code": golden.UNIT_CODE,
        "unit_name": golden.UNIT_NAME,
        "money_unit": "万元",
        "overall_goals": list(SAMPLE_OVERALL_GOALS),
        "labels": {"target": "指标值", "other": "其他资金", "basis": "指标值确定依据"},
        "extra_indicator_columns": [],
        "projects": projects,
    }


def _wan_to_yuan(amount: str) -> str:
    """Convert 万元 to 元 with thousands separators: "5.00" -> "50,000.00"."""
    cents = round(float(amount) * 1_000_000)  # 万元 -> 分
    return f"{cents // 100:,}.{cents % 100:02d}"


def variant_document() -> dict:
    """The same two projects as `sample_document()`, with real-world variations.

    * money_unit "元": budget/fiscal rewritten in yuan with thousands separators ("50,000.00");
    * labels: "年度指标值" instead of "指标值", "其它资金" instead of "其他资金";
    * project 1: other="0" and a four-checkpoint plan including 9月底;
    * project 2: other=None (blank cell) and goals with three lines;
    * an extra indicator column "备注" after the basis column, every cell "—".
    """
    doc = copy.deepcopy(sample_document())
    doc["money_unit"] = "元"
    doc["labels"] = {"target": "年度指标值", "other": "其它资金", "basis": "指标值确定依据"}
    doc["extra_indicator_columns"] = ["备注"]
    for p in doc["projects"]:
        p["budget"] = _wan_to_yuan(p["budget"])
        p["fiscal"] = _wan_to_yuan(p["fiscal"])
    first, second = doc["projects"]
    first["other"] = "0"
    first["plan"] = [("3月底", "20%"), ("6月底", "50%"), ("9月底", "80%"), ("12月底", "100%")]
    second["other"] = None
    second["goals"] = (
        "1.2025年全县特困生救济100人，改善特困儿童学习、生活环境\n"
        "2.救助金于2025年12月底前发放完毕，救助率100%\n"
        "3.受助特困生满意度达到100%"
    )
    return doc


# --------------------------------------------------------------------------- shared layout


def _unit_cell(doc: dict) -> str:
    return f"{doc['unit_code']}{doc['unit_name']}"


def _money_cell(doc: dict) -> str:
    return f"单位：{doc['money_unit']}"


def _indicator_header(doc: dict) -> list[str]:
    labels = doc["labels"]
    return [*LEVEL_HEADERS, labels["target"], labels["basis"], *doc["extra_indicator_columns"]]


def _indicator_values(doc: dict, row: tuple) -> list[str]:
    """The full cell texts of one indicator row (level-1 included, extra columns filled "—")."""
    return [*row, *(["—"] * len(doc["extra_indicator_columns"]))]


def _level1_groups(indicators: list[tuple]) -> list[tuple[int, int]]:
    """(first, last) indicator indexes of each run of equal level-1 names (the vertical merges)."""
    groups: list[tuple[int, int]] = []
    for i, row in enumerate(indicators):
        if groups and indicators[groups[-1][0]][0] == row[0]:
            groups[-1] = (groups[-1][0], i)
        else:
            groups.append((i, i))
    return groups


def _project_grid_width(project: dict) -> int:
    """Columns of the project table grid: 7, or more when the plan has more than 6 checkpoints."""
    return max(7, 1 + len(project["plan"]))


def _plan_spans(n_points: int, width: int) -> list[tuple[int, int]]:
    """Grid columns (first, last) of each plan checkpoint; columns 1..width-1 shared out evenly,
    the leftover columns going to the first checkpoints (4 points in 7 columns: 2, 2, 1, 1)."""
    avail = width - 1
    base, extra = divmod(avail, n_points)
    spans, col = [], 1
    for i in range(n_points):
        n = base + (1 if i < extra else 0)
        spans.append((col, col + n - 1))
        col += n
    return spans


def _project_rows(doc: dict, project: dict) -> list[list[tuple[int, int, str | None]]]:
    """The project table as rows of (first grid col, last grid col, text) cells.

    Text None marks a vertical-merge continuation cell; "" marks a blank value cell.
    Used by the .docx and .xlsx builders (the .txt builder writes the same cells in order).
    """
    w = _project_grid_width(project)
    last = w - 1
    labels = doc["labels"]
    plan = project["plan"]
    spans = _plan_spans(len(plan), w)
    return [
        [(0, last - 2, _unit_cell(doc)), (last - 1, last, _money_cell(doc))],
        [
            (0, 0, "项目编码"),
            (1, 2, project["project_code"]),
            (3, 3, "项目名称"),
            (4, last, project["name"]),
        ],
        [
            (0, 0, BUDGET_LABEL),
            (1, 1, "预算数"),
            (2, 2, project["budget"]),
            (3, 3, FISCAL_LABEL),
            (4, 4, project["fiscal"]),
            (5, last - 1, labels["other"]),
            (last, last, project["other"] or ""),
        ],
        [(0, 0, None), (1, last, project["purpose"])],
        [(0, 0, PLAN_LABEL)]
        + [(a, b, month) for (a, b), (month, _) in zip(spans, plan, strict=True)],
        [(0, 0, None)] + [(a, b, pct or "") for (a, b), (_, pct) in zip(spans, plan, strict=True)],
        [(0, 0, GOALS_LABEL), (1, last, project["goals"])],
    ]


def _indicator_rows(doc: dict, project: dict) -> list[list[str | None]]:
    """Header row + one row per indicator; None marks a level-1 continuation (merged) cell."""
    rows: list[list[str | None]] = [list(_indicator_header(doc))]
    indicators = project["indicators"]
    starts = {first for first, _ in _level1_groups(indicators)}
    for i, ind in enumerate(indicators):
        cells: list[str | None] = list(_indicator_values(doc, ind))
        if i not in starts:
            cells[0] = None
        rows.append(cells)
    return rows


# --------------------------------------------------------------------------- .txt


def _txt_cell(text: str | None) -> list[str]:
    if text is None:  # merged continuation cell: a TAB alone
        return ["\t"]
    if text == "":  # blank value cell: TAB + space, as the sample writes it
        return ["\t "]
    first, *rest = text.split("\n")
    return ["\t" + first, *rest]  # continuation lines carry no TAB


def _txt_table(rows: list[list[str | None]]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        for cell in row:
            lines.extend(_txt_cell(cell))
        lines.append("")  # a blank line ends the row
    lines.append("")  # and one more ends the table
    return lines


def build_txt(path, doc: dict, *, bookmarks: bool = False) -> Path:
    """Write the plain-text export of the Word file (UTF-8, "\\n" line ends).

    Layout (mirrors the sample, modulo its blank " " paragraphs):
        第一部分 / 部门整体绩效目标 / " " / overall_goals... / " " / 第二部分 / " " /
        预算项目绩效目标 / " "
        per project i (1-based):
            "{i}.{title}"  (prefixed "[bookmark: _Toc_4_4_000000000N]" when bookmarks=True,
                            as the real export does)
            project table: 7 rows, cells in order; continuation cells of 预算规模及资金用途 and
                资金支出计划（%） are "\\t" alone; blank values (other None, plan None) are "\\t ".
            "" (table end), " " (the empty paragraph between the tables)
            indicator table: header + one row per indicator; level-1 continuation "\\t".
            "" (table end), "", and " " before the next project's title.
    """
    path = Path(path)
    lines = ["第一部分", "部门整体绩效目标", " ", *doc["overall_goals"], " "]
    lines += ["第二部分", " ", "预算项目绩效目标", " "]
    projects = doc["projects"]
    for i, project in enumerate(projects, start=1):
        prefix = f"[bookmark: _Toc_4_4_{i:010d}]" if bookmarks else ""
        lines.append(f"{prefix}{i}.{project['title']}")
        lines += _txt_table([[text for _, _, text in row] for row in _project_rows(doc, project)])
        lines.append(" ")
        lines += _txt_table(_indicator_rows(doc, project))
        lines.append("")
        if i < len(projects):
            lines.append(" ")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- .docx


def _docx_fill(cell, text: str) -> None:
    """One paragraph per line; a blank value is written as a single space (as the sample shows)."""
    first, *rest = (text or " ").split("\n")
    cell.text = first
    for line in rest:
        cell.add_paragraph(line)


def _wps_rows(indicators: list[tuple]) -> list[int]:
    """Indicator indexes written WPS-style: the 3rd and later rows of every level-1 group."""
    return [i for first, last in _level1_groups(indicators) for i in range(first + 2, last + 1)]


def build_docx(path, doc: dict, *, wps_grid_before: bool = True) -> Path:
    """Write a Word file with real tables and merges.

    Body: paragraphs 第一部分, 部门整体绩效目标, overall_goals..., 第二部分, 预算项目绩效目标,
    then per project a paragraph "{i}.{title}", the project table, an empty paragraph, the
    indicator table, an empty paragraph. Both tables use the "Table Grid" style.

    Project table, 7 rows on a grid of 7 columns (1 + len(plan) for more than 6 checkpoints):
        r0  unit "{code}{name}" gridSpan cols 0-4 | "单位：万元" gridSpan cols 5-6
        r1  项目编码 | code (cols 1-2) | 项目名称 | name (cols 4-6)
        r2  预算规模及资金用途 (vMerge restart) | 预算数 | budget | 其中：财政    资金 | fiscal |
            其他资金 | other (a single space when None)
        r3  (vMerge continue, empty) | purpose gridSpan cols 1-6
        r4  资金支出计划（%） (vMerge restart) | checkpoints over cols 1-6 (4 -> spans 2,2,1,1)
        r5  (vMerge continue, empty) | percents in the same spans (" " when None)
        r6  绩效目标 | goals gridSpan cols 1-6, one paragraph per line
    Indicator table: 6 + len(extra_indicator_columns) columns, header row + one row per indicator;
    column 0 of each level-1 group is vMerge restart on its first row, continue below.

    wps_grid_before=True: the 3rd and later rows of every level-1 group (in the sample: the 时效指标
    and 成本指标 rows of 产出指标, table rows 3 and 4 counting the header as 0) are rewritten as WPS
    writes them: `<w:trPr><w:gridBefore w:val="1"/></w:trPr>` and no w:tc for grid column 0, so the
    row has one cell fewer. The vMerge chain of the group then ends on its 2nd row (restart,
    continue) and those rows have no level-1 cell at all; a loader must carry the level-1 name down.
    """
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    path = Path(path)
    document = Document()
    parts = ["第一部分", "部门整体绩效目标", *doc["overall_goals"], "第二部分", "预算项目绩效目标"]
    for text in parts:
        document.add_paragraph(text)

    for i, project in enumerate(doc["projects"], start=1):
        document.add_paragraph(f"{i}.{project['title']}")

        # project table
        rows = _project_rows(doc, project)
        table = document.add_table(rows=len(rows), cols=_project_grid_width(project))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for first, last, _ in row:
                if last > first:
                    table.cell(r, first).merge(table.cell(r, last))
        for r, row in enumerate(rows):
            if row[0][2] is None:  # continuation of the label cell above
                table.cell(r - 1, 0).merge(table.cell(r, 0))
        for r, row in enumerate(rows):
            for first, _, text in row:
                if text is not None:
                    _docx_fill(table.cell(r, first), text)

        document.add_paragraph("")

        # indicator table
        ind_rows = _indicator_rows(doc, project)
        table = document.add_table(rows=len(ind_rows), cols=len(ind_rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(ind_rows):
            for c, text in enumerate(row):
                if text is not None:
                    _docx_fill(table.cell(r, c), text)
        for first, last in _level1_groups(project["indicators"]):
            if last > first:
                table.cell(1 + first, 0).merge(table.cell(1 + last, 0))
        if wps_grid_before:
            for i_ind in _wps_rows(project["indicators"]):
                tr = table.rows[1 + i_ind]._tr
                tr.remove(tr.tc_lst[0])  # the (empty) vMerge-continue cell of column 0
                grid_before = OxmlElement("w:gridBefore")
                grid_before.set(qn("w:val"), "1")
                tr.get_or_add_trPr().insert(0, grid_before)
            # the group's last remaining continue cell now ends the vertical merge; nothing to fix

        document.add_paragraph("")

    document.save(str(path))
    return path


# --------------------------------------------------------------------------- .xlsx


def _number(amount: str) -> float:
    return float(amount.replace(",", ""))


def _pct_number(pct: str) -> float:
    return round(float(pct.rstrip("%")) / 100, 6)


def _sheet_title(name: str, used: set[str]) -> str:
    title = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]
    base, n = title, 2
    while title in used:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def build_xlsx(path, doc: dict) -> Path:
    """Write a budget-system export: one sheet for the overall goals, one sheet per project.

    Sheet "部门整体绩效目标": overall_goals, one paragraph per row in column A (A1, A2, ...).

    Project sheet (title = project name, max 31 chars); W = max(project grid, indicator columns):
        row 1   "{title}" merged A1:<W>1
        row 2   unit "{code}{name}" merged A2:E2 | "单位：万元" merged F2:G2
        row 3   项目编码 A3 | code B3:C3 | 项目名称 D3 | name E3:G3
        row 4   预算规模及资金用途 A4:A5 | 预算数 B4 | budget C4 | 其中：财政    资金 D4 |
                fiscal E4 | 其他资金 F4 | other G4
        row 5   purpose B5:G5
        row 6   资金支出计划（%） A6:A7 | checkpoints B6:C6, D6:E6, F6, G6 (4 checkpoints)
        row 7   percents in the same merged spans
        row 8   绩效目标 A8 | goals B8:G8 (lines joined with "\\n", wrap_text)
        row 9   blank
        row 10  indicator header (6 + extra columns from A)
        row 11+ one row per indicator; level-1 merged A{first}:A{last} per group (value in the top
                cell only, as merged cells are)
    (columns shift right if the plan has more than 6 checkpoints: the grid is 1 + len(plan) wide.)

    Numbers: budget, fiscal and other are float cells (number_format "#,##0.00"; other None is an
    empty cell, "0" is 0.0). Plan percents: the 1st, 3rd... project writes them as text ("30%"), the
    2nd, 4th... as numbers (0.3, number_format "0%"). A None percent is an empty cell.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "部门整体绩效目标"
    for r, text in enumerate(doc["overall_goals"], start=1):
        ws.cell(row=r, column=1, value=text)
    ws.column_dimensions["A"].width = 100

    used = {ws.title}
    wrap = Alignment(wrap_text=True, vertical="center")
    numeric_keys = {"budget", "fiscal", "other"}

    for p_index, project in enumerate(doc["projects"]):
        ws = wb.create_sheet(_sheet_title(project["name"], used))
        pct_as_number = p_index % 2 == 1
        rows = _project_rows(doc, project)
        ind_rows = _indicator_rows(doc, project)
        width = max(_project_grid_width(project), len(ind_rows[0]))

        ws.cell(row=1, column=1, value=project["title"]).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)

        # which project-table cells are numeric: (row index, first col) -> kind
        last = _project_grid_width(project) - 1
        kinds = {(2, 2): "budget", (2, 4): "fiscal", (2, last): "other"}
        for r, row in enumerate(rows):
            excel_row = r + 2
            for first, lastc, text in row:
                if text is None:
                    continue  # covered by the vertical merge from the row above
                if lastc > first:
                    ws.merge_cells(
                        start_row=excel_row,
                        start_column=first + 1,
                        end_row=excel_row,
                        end_column=lastc + 1,
                    )
                cell = ws.cell(row=excel_row, column=first + 1)
                kind = kinds.get((r, first))
                if kind in numeric_keys:
                    value = project[kind]
                    if value is not None:
                        cell.value = _number(value)
                        cell.number_format = "#,##0.00"
                elif r == 5:  # plan percents
                    if text:
                        if pct_as_number:
                            cell.value = _pct_number(text)
                            cell.number_format = "0%"
                        else:
                            cell.value = text
                else:
                    cell.value = text
                    cell.alignment = wrap
            if row[0][2] is None:
                ws.merge_cells(
                    start_row=excel_row - 1, start_column=1, end_row=excel_row, end_column=1
                )

        header_row = len(rows) + 3  # title row + project rows + one blank row
        for r, row in enumerate(ind_rows):
            for c, text in enumerate(row):
                if text is not None:
                    ws.cell(row=header_row + r, column=c + 1, value=text).alignment = wrap
        for first, lastg in _level1_groups(project["indicators"]):
            if lastg > first:
                ws.merge_cells(
                    start_row=header_row + 1 + first,
                    start_column=1,
                    end_row=header_row + 1 + lastg,
                    end_column=1,
                )

        for c in range(1, width + 1):
            ws.column_dimensions[get_column_letter(c)].width = 18

    wb.save(str(path))
    return path
