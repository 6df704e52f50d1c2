"""The canonical target template (.xlsx / .csv): one row per indicator, with the project's fields.

A clerk fills it by hand when a document cannot be read directly. Project fields may be repeated on
every row or given once on the project's first row. Columns are found by their header, in any order;
`TEMPLATE_COLUMNS` documents each (README: 模板).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from loaders.cells import clean_code, code_problem, norm
from loaders.documents import Block, Cell
from loaders.errors import TargetFormError
from loaders.findings import project_findings
from loaders.plan import build_plan
from loaders.target_forms import MONTH_LABEL, PARENTHESES, money_to_yuan
from loaders.target_records import Indicator, ProjectTargets, TargetDocument, Unit
from loaders.target_values import parse_target_value

# (header, key, required, meaning)
TEMPLATE_COLUMNS: list[tuple[str, str, bool, str]] = [
    ("单位编码", "unit_code", True, "预算单位编码，如 712001"),
    ("单位名称", "unit_name", False, "预算单位名称"),
    ("项目编码", "project_code", True, "如 13043425P00450110058B（第7-8位为年度）"),
    ("项目名称", "project_name", True, "项目名称"),
    ("年度", "fiscal_year", False, "预算年度；为空时取项目编码第7-8位"),
    ("金额单位", "money_unit", False, "万元 或 元；为空时为万元（表头写成 预算数（元） 亦可）"),
    ("预算数", "budget", True, "年初预算数"),
    ("财政资金", "fiscal", False, "其中：财政资金"),
    ("其他资金", "other", False, "其中：其他资金"),
    ("资金用途", "purpose", False, "资金用途"),
    ("绩效目标", "goals", False, "项目年度绩效目标（可多行）"),
    ("3月底", "plan", False, "资金支出计划：截至该月底累计支出百分比，如 30%；可增删 N月底 列"),
    ("6月底", "plan", False, "同上"),
    ("9月底", "plan", False, "同上"),
    ("12月底", "plan", False, "同上；为空时按 100%"),
    ("一级指标", "level1", True, "产出指标 / 效益指标 / 满意度指标"),
    (
        "二级指标",
        "level2",
        True,
        "数量指标、质量指标、时效指标、成本指标、社会效益指标、服务对象满意度指标等",
    ),
    ("三级指标", "name", True, "指标名称"),
    ("绩效指标描述", "description", False, "指标说明"),
    ("指标值", "target", True, "如 ≥22个、≥90%、≤5万元、2025年12月底前"),
    ("指标值确定依据", "basis", False, "如 年度工作安排、问卷调查"),
    ("部门整体绩效目标", "overall_goals", False, "单位整体目标（填在该单位任一行即可）"),
]
ALIASES = {
    "项目代码": "project_code",
    "预算单位编码": "unit_code",
    "预算单位": "unit_name",
    "预算金额": "budget",
    "其它资金": "other",
    "年度指标值": "target",
    "指标值及单位": "target",
    "指标描述": "description",
    "确定依据": "basis",
    "整体绩效目标": "overall_goals",
}
PROJECT_FIELDS = (
    "unit_code", "unit_name", "project_name", "fiscal_year", "money_unit", "budget", "fiscal",
    "other", "purpose", "goals",
)  # fmt: skip
INDICATOR_FIELDS = ("level1", "level2", "name", "description", "target", "basis")


def _header_key(text: str) -> tuple[str | None, str | None, int | None]:
    """(key, money unit in parentheses, plan month) for a header cell."""
    value = norm(text)
    money = next((m for m in PARENTHESES.findall(value) if m in ("万元", "元")), None)
    bare = PARENTHESES.sub("", value)
    bare = re.sub(r"^(支出计划|资金支出计划|计划)", "", bare).rstrip("%")
    month = MONTH_LABEL.match(bare)
    if month and 1 <= int(month.group(1)) <= 12:
        return "plan", None, int(month.group(1))
    for header, key, _, _ in TEMPLATE_COLUMNS:
        if bare in (header, key):
            return key, money, None
    return ALIASES.get(bare), money, None


def find_template_header(blocks: list[Block]) -> int | None:
    """Index of the template's header row, or None when the blocks are not a template."""
    for index, block in enumerate(blocks):
        if block.kind != "row":
            continue
        keys = {_header_key(c.text)[0] for c in block.cells}
        if "project_code" in keys and ({"name", "target"} & keys):
            return index
    return None


def recognise_template(blocks: list[Block], header_index: int, file_name: str) -> TargetDocument:
    """Records from a filled template. Raises TargetFormError naming the row and column."""
    header = blocks[header_index]
    columns: dict[int, tuple[str, str | None, int | None, str]] = {}
    seen: dict[tuple[str, int | None], str] = {}
    for cell in header.cells:
        key, money, month = _header_key(cell.text)
        if key:
            if (key, month) in seen:  # two columns for one field: which one is meant?
                raise TargetFormError(
                    f"两列对应同一项：「{seen[(key, month)]}」和「{cell.text.strip()}」",
                    row=header.line or None,
                    sheet=header.sheet,
                    hint="请删去或改名其中一列后重新导入",
                )
            seen[(key, month)] = cell.text.strip()
            columns[cell.col] = (key, money, month, cell.text)
    present = {key for key, *_ in columns.values()}
    missing = [h for h, key, required, _ in TEMPLATE_COLUMNS if required and key not in present]
    missing = [m for m in missing if m not in ("单位编码",)]  # unit code may come from the name
    if missing:
        raise TargetFormError(
            f"模板缺少必填列：{'、'.join(missing)}",
            row=header.line or None,
            sheet=header.sheet,
            hint="请使用 data/templates/ 中的模板，列名保持不变",
        )
    drafts: dict[str, dict] = {}
    for block in blocks[header_index + 1 :]:
        if block.kind == "sheet":
            break
        if block.kind != "row":
            continue
        _template_row(block, columns, drafts)
    if not drafts:
        raise TargetFormError("模板中没有填写任何项目", hint="每个指标填一行，并填写项目编码")
    projects = [_finish(code, draft) for code, draft in drafts.items()]
    units: dict[tuple[str, int], Unit] = {}
    for project, draft in zip(projects, drafts.values(), strict=True):
        unit_key = (project.unit_code, project.fiscal_year)
        goals = draft["fields"].get("overall_goals")
        if unit_key not in units:
            units[unit_key] = Unit(project.unit_code, project.unit_name, project.fiscal_year, goals)
        elif goals and not units[unit_key].overall_goals:
            units[unit_key].overall_goals = goals
    return TargetDocument(file_name, list(units.values()), projects)


def _template_row(block: Block, columns: dict, drafts: dict[str, dict]) -> None:
    values: dict[str, str] = {}
    plan: list[tuple[int, str, str | None]] = []
    money_units: dict[str, str] = {}
    by_col = {cell.col: cell for cell in block.cells}
    for col, (key, money, month, _header) in columns.items():
        cell: Cell | None = by_col.get(col)
        text = cell.text.strip() if cell is not None else ""
        if key == "plan":
            plan.append((int(month), f"{month}月底", text or None))
            continue
        if money:
            money_units[key] = money
        if text:
            values[key] = text
    if not values.get("project_code"):
        if any(values.values()):
            raise TargetFormError(
                "这一行没有项目编码", row=block.line or None, sheet=block.sheet, column="项目编码"
            )
        return
    code = clean_code(values["project_code"])
    problem = code_problem(code)
    if problem:
        raise TargetFormError(
            f"项目编码「{code}」{problem}",
            row=block.line or None,
            sheet=block.sheet,
            column="项目编码",
        )
    draft = drafts.setdefault(
        code, {"fields": {}, "plan": None, "indicators": [], "block": block, "money": money_units}
    )
    fields = draft["fields"]
    for key in (*PROJECT_FIELDS, "overall_goals"):
        if key in values:
            if key in fields and fields[key] != values[key]:
                raise TargetFormError(
                    f"项目 {code} 的「{_header_name(key)}」前后不一致：{fields[key]} / {values[key]}",
                    row=block.line or None,
                    sheet=block.sheet,
                    column=_header_name(key),
                    hint="同一项目的各行应填写相同的项目信息，或只在第一行填写",
                )
            fields[key] = values[key]
    if any(text for *_, text in plan) and draft["plan"] is None:
        draft["plan"] = plan
    if any(values.get(k) for k in INDICATOR_FIELDS):
        draft["indicators"].append(({k: values.get(k) for k in INDICATOR_FIELDS}, block.line))


def _header_name(key: str) -> str:
    return next((h for h, k, _, _ in TEMPLATE_COLUMNS if k == key), key)


def _finish(code: str, draft: dict) -> ProjectTargets:
    fields = draft["fields"]
    block: Block = draft["block"]
    where: dict = {"row": block.line or None, "sheet": block.sheet}
    if not fields.get("project_name"):
        raise TargetFormError(f"项目 {code} 缺少「项目名称」", column="项目名称", **where)
    if not fields.get("budget"):
        raise TargetFormError(f"项目 {code} 缺少「预算数」", column="预算数", **where)
    unit_default = norm(fields.get("money_unit")) or "万元"
    if unit_default not in ("万元", "元"):
        raise TargetFormError(
            "金额单位只能是 万元 或 元", column="金额单位", value=fields["money_unit"], **where
        )

    def amount(key: str, label: str):
        unit = draft["money"].get(key) or unit_default
        return money_to_yuan(fields.get(key), unit, block, label)

    year_text = fields.get("fiscal_year")
    match = re.match(r"^\d{6}(\d{2})[A-Za-z]", code)
    if year_text:
        year_match = re.fullmatch(r"(\d{4})(\.0+)?年?", norm(year_text))
        year = int(year_match.group(1)) if year_match else 0
        if not 1990 <= year <= 2100:
            raise TargetFormError(
                "年度应为四位年份（如 2025）", column="年度", value=year_text, **where
            )
    elif match:
        year = 2000 + int(match.group(1))
    else:
        raise TargetFormError(
            f"无法确定项目 {code} 的预算年度", column="年度", hint="请填写“年度”列", **where
        )
    unit_code = fields.get("unit_code") or fields.get("unit_name")
    if not unit_code:
        raise TargetFormError(f"项目 {code} 缺少「单位编码」", column="单位编码", **where)
    plan, unreadable = build_plan(year, draft["plan"] or [])
    indicators = []
    for seq, (values, line) in enumerate(draft["indicators"], start=1):
        raw = values.get("target") or ""
        indicators.append(
            Indicator(
                seq=seq,
                level1=values.get("level1"),
                level2=values.get("level2"),
                name=values.get("name"),
                description=values.get("description"),
                target_raw=raw,
                basis=values.get("basis"),
                target=parse_target_value(raw, values.get("level2"), fiscal_year=year),
                line=line,
            )
        )
    budget = amount("budget", "预算数")
    assert budget is not None
    project = ProjectTargets(
        project_code=code,
        fiscal_year=year,
        unit_code=norm(unit_code),
        unit_name=fields.get("unit_name"),
        name=fields["project_name"],
        budget_yuan=budget,
        fiscal_yuan=amount("fiscal", "财政资金"),
        other_yuan=amount("other", "其他资金"),
        purpose=fields.get("purpose"),
        goals=fields.get("goals"),
        title=None,
        money_unit=draft["money"].get("budget") or unit_default,
        plan=plan,
        indicators=indicators,
    )
    project.findings = project_findings(
        project, published_plan=draft["plan"] or [], unreadable=unreadable
    )
    return project


def write_templates(directory: str | Path) -> list[Path]:
    """Write the empty templates (`targets_template.csv`, `.xlsx` with a 填写说明 sheet)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    headers = [h for h, *_ in TEMPLATE_COLUMNS]
    csv_path = directory / "targets_template.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerow(headers)
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "绩效目标"
    sheet.append(headers)
    for index, (header, _, required, _) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="C00000" if required else "000000")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = max(10, len(header) * 2 + 4)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "必填", "说明"])
    for header, _, required, meaning in TEMPLATE_COLUMNS:
        notes.append([header, "是" if required else "", meaning])
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["C"].width = 80
    xlsx_path = directory / "targets_template.xlsx"
    workbook.save(xlsx_path)
    return [csv_path, xlsx_path]
