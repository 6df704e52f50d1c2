"""Recognising performance target tables (项目绩效目标表) in document blocks, by their labels.

Input: the blocks of `loaders.documents.read_blocks`. Output: a `TargetDocument`. Never relies on
fixed cell positions: a label cell (项目编码, 预算数, 资金支出计划, 一级指标, ...) says what the cells
beside or below it mean. Raises `TargetFormError` when the document holds no project form or a project
lacks what every later calculation needs (code, name, budget).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from loaders.cells import (
    MAX_YUAN,
    NUMBER_HINT,
    NonFinite,
    clean_code,
    code_problem,
    norm,
    strict_decimal,
)
from loaders.documents import Block, Cell
from loaders.errors import TargetFormError
from loaders.findings import project_findings
from loaders.plan import build_plan
from loaders.target_records import Indicator, ProjectTargets, TargetDocument, Unit
from loaders.target_values import parse_target_value

LABELS: dict[str, tuple[str, ...]] = {
    "project_code": ("项目编码", "项目代码", "项目编号"),
    "name": ("项目名称",),
    "budget": (
        "预算数",
        "年度预算数",
        "预算金额",
        "资金总额",
        "年度资金总额",
        "项目资金总额",
        "预算总额",
    ),
    "fiscal": ("财政资金", "财政拨款", "财政性资金", "一般公共预算资金"),
    "other": ("其他资金", "其它资金"),
    "goals": ("绩效目标", "年度绩效目标", "项目绩效目标", "年度目标", "总体目标"),
    "unit": ("单位名称", "预算单位", "实施单位", "单位"),
}
INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称"),
    "description": ("绩效指标描述", "指标描述", "指标内容", "指标解释", "指标说明"),
    "target": ("指标值", "年度指标值", "指标值及单位", "目标值", "年度目标值", "绩效指标值"),
    "basis": ("指标值确定依据", "确定依据", "指标值设定依据", "设定依据", "依据"),
}
PART_ONE_MARKERS = ("第一部分", "部门整体绩效目标")
PART_TWO_MARKERS = ("第二部分", "预算项目绩效目标", "项目绩效目标")
MONEY_UNIT = re.compile(r"^(?:金额)?单位[:：]?(万元|元)$")
UNIT_WITH_CODE = re.compile(r"^(\d{6,12})\s*([\u4e00-\u9fff（(].*)$")
MONTH_LABEL = re.compile(r"^(\d{1,2})月(?:底|末|份|止)?$")
PARENTHESES = re.compile(r"[（(]([^）)]*)[）)]")


def label_key(text: str | None) -> tuple[str | None, str | None]:
    """Which project label a cell is (a key of LABELS) and the money unit in its parentheses."""
    value = norm(text)
    if not value or len(value) > 20:
        return None, None
    money = None
    for inner in PARENTHESES.findall(value):
        if inner in ("万元", "元"):
            money = inner
    bare = PARENTHESES.sub("", value)
    bare = re.sub(r"^其中[:：,，]?", "", bare)
    for key, names in LABELS.items():
        if bare in names:
            return key, money
    return None, money


def is_label(text: str | None) -> bool:
    value = norm(text)
    if label_key(text)[0] or "支出计划" in value or value.endswith("资金用途"):
        return True
    return bool(MONTH_LABEL.match(value)) or MONEY_UNIT.match(value) is not None


def money_to_yuan(text: str | None, unit: str, where: Block, label: str) -> Decimal | None:
    """A published amount in `unit` (万元 or 元) as yuan with 2 decimals; blank → None.

    Strict (`loaders.cells`): raises TargetFormError, naming the row and the field, for text
    that is not a number, NaN, infinity, an exponent, a negative amount or one of 10^16 yuan or
    more."""
    value = norm(text)
    if value in ("", "-", "—", "/", "无"):
        return None
    scale = Decimal(1)
    if value.endswith("万元"):
        value, scale = value[:-2], Decimal(10000)
    elif value.endswith("元"):
        value = value[:-1]
    elif unit == "万元":
        scale = Decimal(10000)

    def refuse(reason: str, hint: str = "请填写金额数字，例如 5.00") -> TargetFormError:
        return TargetFormError(
            reason, row=where.line or None, sheet=where.sheet, column=label, value=text, hint=hint
        )

    try:
        amount = strict_decimal(value)
    except NonFinite:
        raise refuse(f"{label}不是有限的数字") from None
    if amount is None:
        raise refuse(f"{label}不是数字", f"请填写金额数字，例如 5.00（{NUMBER_HINT}）")
    if amount < 0:
        raise refuse(f"{label}不能是负数")
    yuan = (amount * scale).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if yuan >= MAX_YUAN:
        raise refuse(f"{label}超出可存储的范围（10^16 元）", "请检查金额单位（万元 / 元）")
    return yuan


@dataclass
class _Draft:
    """A project being read: raw published texts, converted once the project is complete."""

    start: Block
    code: str | None = None
    name: str | None = None
    title: str | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    money_unit: str | None = None
    budget: tuple[str, str | None, Block] | None = None
    fiscal: tuple[str, str | None, Block] | None = None
    other: tuple[str, str | None, Block] | None = None
    purpose: str | None = None
    goals: str | None = None
    plan: list[tuple[int, str, str | None]] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)


def _next_value(cells: list[Cell], index: int) -> str | None:
    """The value of the label at `index`: the next non-empty cell, unless that is another label."""
    for cell in cells[index + 1 :]:
        if not cell.text:
            continue
        return None if is_label(cell.text) else cell.text
    return None


def _split_unit(text: str) -> tuple[str | None, str | None]:
    value = text.strip()
    for prefix in ("单位名称", "预算单位", "实施单位", "单位"):
        stripped = re.sub(rf"^{prefix}\s*[:：]\s*", "", value)
        if stripped != value:
            value = stripped
            break
    match = UNIT_WITH_CODE.match(value)
    if match:
        return match.group(1), match.group(2).strip()
    return None, value or None


def _cell_at(cells: list[Cell], col: int) -> Cell | None:
    for cell in cells:
        if cell.covers(col):
            return cell
    return None


class _Reader:
    def __init__(self, blocks: list[Block], file_name: str) -> None:
        self.blocks = blocks
        self.file_name = file_name
        self.projects: list[_Draft] = []
        self.part_one: list[str] = []
        self.in_part_one = False
        self.unit: tuple[str | None, str | None] = (None, None)
        self.money_unit: str | None = None
        self.title: str | None = None
        self.doc_years: list[int] = []
        self.header: dict[str, int] | None = None
        self.header_width = 0
        self.pending_purpose: _Draft | None = None
        self.pending_plan: list[tuple[int, int, str]] | None = None
        self.header_cells = 0

    @property
    def current(self) -> _Draft | None:
        return self.projects[-1] if self.projects else None

    def run(self) -> None:
        for block in self.blocks:
            if block.kind == "row":
                self.row(block)
            else:
                self.paragraph(block)

    # -- paragraphs: part one, titles, unit lines ------------------------------------------
    def paragraph(self, block: Block) -> None:
        text = block.text.strip()
        value = norm(text)
        if block.kind == "sheet":
            self.in_part_one = value in PART_ONE_MARKERS
            self.header = None
            self.pending_plan = None
            return
        if not value:
            return
        self.header = None  # prose ends an indicator table
        self.pending_plan = None
        self.pending_purpose = None
        if value in PART_ONE_MARKERS:
            self.in_part_one = True
            return
        if value in PART_TWO_MARKERS:
            self.in_part_one = False
            return
        if self.in_part_one:
            self.part_one.append(text)
            return
        self.line_text(text)

    def line_text(self, text: str) -> bool:
        """Titles, 单位 lines and unit names, wherever they appear. True when recognised."""
        value = norm(text)
        money = MONEY_UNIT.match(value)
        if money:
            self.money_unit = money.group(1)
            return True
        if "绩效目标表" in value or value.endswith("目标表"):
            self.title = re.sub(r"^\d+[.、．]\s*", "", text.strip())
            self.doc_years += [int(y) for y in re.findall(r"(20\d\d)年", value)]
            return True
        code, name = _split_unit(text)
        if code and name and len(value) <= 60:
            self.unit = (code, name)
            return True
        return False

    # -- table rows --------------------------------------------------------------------------
    def row(self, block: Block) -> None:
        cells = block.cells
        texts = [norm(c.text) for c in cells]
        if self.in_part_one:
            if len([t for t in texts if t]) <= 1:
                line = next((c.text for c in cells if c.text), "")
                if norm(line) in PART_TWO_MARKERS:
                    self.in_part_one = False
                elif line:
                    self.part_one.append(line)
                return
            self.in_part_one = False
        if self._is_indicator_header(texts):
            self._start_indicators(cells)
            return
        keys = [label_key(c.text)[0] for c in cells]
        if "project_code" in keys:
            self._start_project(block)
        if self.header is not None and self.current is not None and "project_code" not in keys:
            if self._indicator_row(block):
                return
            self.header = None
        if self.pending_plan is not None:
            self._plan_values(block)
            return
        draft = self.current
        if draft is not None and self.pending_purpose is draft:
            self.pending_purpose = None
            if cells and (cells[0].continued or not cells[0].text):
                purpose = "\n".join(c.text for c in cells if c.text and not is_label(c.text))
                if purpose:
                    draft.purpose = purpose
                    return
        self._label_row(block, keys)

    def _label_row(self, block: Block, keys: list[str | None]) -> None:
        cells = block.cells
        draft = self.current
        recognised = False
        for i, cell in enumerate(cells):
            value = norm(cell.text)
            if not value:
                continue
            key, money = label_key(cell.text)
            if key == "project_code":
                draft = self.current
                assert draft is not None
                draft.code = _next_value(cells, i)
                recognised = True
            elif draft is None:
                continue
            elif key in ("name", "budget", "fiscal", "other", "goals", "unit"):
                recognised = True
                found = _next_value(cells, i)
                if key == "name":
                    draft.name = found
                elif key == "goals":
                    draft.goals = found
                elif key == "unit":
                    if found:
                        draft.unit_code, draft.unit_name = _split_unit(found)
                else:
                    earlier = getattr(draft, key)
                    if earlier is not None and norm(earlier[0]) != norm(found or ""):
                        label = cell.text.strip()
                        raise TargetFormError(
                            f"项目 {draft.code or ''} 有两处「{label}」：{earlier[0]} 和 {found}",
                            row=block.line or None,
                            sheet=block.sheet,
                            column=label,
                            hint="请删去多余的一处后重新导入",
                        )
                    setattr(draft, key, (found or "", money, block))
            elif value.endswith("资金用途"):
                recognised = True
                found = _next_value(cells, i)
                if found:
                    draft.purpose = found
                else:
                    self.pending_purpose = draft
            elif "支出计划" in value:
                recognised = True
                months = []
                for cell2 in cells[i + 1 :]:
                    match = MONTH_LABEL.match(norm(cell2.text))
                    if match and 1 <= int(match.group(1)) <= 12:
                        months.append((cell2.col, int(match.group(1)), cell2.text.strip()))
                self.pending_plan = months
        if not recognised:
            for cell in cells:
                if cell.text:
                    self.line_text(cell.text)

    def _start_project(self, block: Block) -> None:
        self.header = None
        self.pending_plan = None
        draft = _Draft(start=block, title=self.title, money_unit=self.money_unit)
        draft.unit_code, draft.unit_name = self.unit
        self.projects.append(draft)
        self.title = None

    def _plan_values(self, block: Block) -> None:
        assert self.pending_plan is not None
        months = self.pending_plan
        self.pending_plan = None
        draft = self.current
        if draft is None:
            return
        values = [c for c in block.cells if not c.continued]
        for position, (col, month, label) in enumerate(months):
            cell = _cell_at(block.cells, col)
            if cell is None and len(values) >= len(months):
                # a row that lost its merged first cell (WPS): align from the right
                cell = values[len(values) - len(months) + position]
            text = cell.text if cell is not None and not cell.continued else None
            draft.plan.append((month, label, text))

    # -- indicator table ---------------------------------------------------------------------
    @staticmethod
    def _column_key(text: str) -> str | None:
        for key, names in INDICATOR_COLUMNS.items():
            if text in names:
                return key
        if "指标值" in text and "依据" not in text:
            return "target"
        if "依据" in text:
            return "basis"
        return None

    def _is_indicator_header(self, texts: list[str]) -> bool:
        return "一级指标" in texts and ("三级指标" in texts or "二级指标" in texts)

    def _start_indicators(self, cells: list[Cell]) -> None:
        self.pending_plan = None
        header: dict[str, int] = {}
        for cell in cells:
            key = self._column_key(norm(cell.text))
            if key and key not in header:
                header[key] = cell.col
        self.header = header
        self.header_width = max((c.col + c.span for c in cells), default=0)
        self.header_cells = len(cells)

    def _indicator_row(self, block: Block) -> bool:
        """Read an indicator row; False when the row is not one (the table has ended)."""
        assert self.header is not None and self.current is not None
        cells = block.cells
        width = max((c.col + c.span for c in cells), default=0)
        shift = 0
        if block.cells and width < self.header_width and len(cells) < self.header_cells:
            shift = self.header_width - width  # lost merged cells on the left: align right
        values: dict[str, str | None] = {}
        for key, col in self.header.items():
            cell = _cell_at(cells, col - shift)
            values[key] = cell.text if cell is not None and cell.text else None
        if not any(values.get(k) for k in ("name", "description", "target")):
            return not any(c.text for c in cells)  # a blank row stays inside the table
        if any(is_label(c.text) and label_key(c.text)[0] for c in cells):
            return False
        values["line"] = str(block.line)
        self.current.indicators.append(values)
        return True

    # -- assembling --------------------------------------------------------------------------
    def document(self) -> TargetDocument:
        if not self.projects:
            raise TargetFormError(
                "未找到项目绩效目标表：文件中没有「项目编码」",
                hint="请确认上传的是项目绩效目标表（含 项目编码、预算数、绩效指标），或使用 data/templates 中的模板",
            )
        projects = [self._finish(d) for d in self.projects]
        seen: dict[str, ProjectTargets] = {}
        for project in projects:
            if project.project_code in seen:
                raise TargetFormError(
                    f"项目编码 {project.project_code} 在文件中出现了两次",
                    hint="一个文件中每个项目只能有一张绩效目标表",
                )
            seen[project.project_code] = project
        goals = "\n".join(line for line in self.part_one if line.strip()) or None
        units: dict[tuple[str, int], Unit] = {}
        for project in projects:
            key = (project.unit_code, project.fiscal_year)
            if key not in units:
                units[key] = Unit(project.unit_code, project.unit_name, project.fiscal_year, goals)
        return TargetDocument(self.file_name, list(units.values()), projects)

    def _finish(self, draft: _Draft) -> ProjectTargets:
        where = draft.start
        code = (draft.code or "").strip()
        if not code:
            raise TargetFormError(
                "「项目编码」一栏是空的",
                row=where.line or None,
                sheet=where.sheet,
                column="项目编码",
            )
        code = clean_code(code)
        problem = code_problem(code)
        if problem:
            raise TargetFormError(
                f"项目编码「{code}」{problem}",
                row=where.line or None,
                sheet=where.sheet,
                column="项目编码",
            )
        if not draft.name:
            raise TargetFormError(
                f"项目 {code} 缺少「项目名称」",
                row=where.line or None,
                sheet=where.sheet,
                column="项目名称",
            )
        money_unit = draft.money_unit or "万元"

        def amount(field_value: tuple[str, str | None, Block] | None, label: str) -> Decimal | None:
            if field_value is None:
                return None
            text, label_unit, block = field_value
            return money_to_yuan(text, label_unit or money_unit, block, label)

        budget = amount(draft.budget, "预算数")
        if budget is None:
            raise TargetFormError(
                f"项目 {code} 缺少「预算数」",
                row=where.line or None,
                sheet=where.sheet,
                column="预算数",
                hint="请在绩效目标表中填写预算数",
            )
        year = _fiscal_year(code, draft.title, self.doc_years)
        if year is None:
            raise TargetFormError(
                f"无法确定项目 {code} 的预算年度",
                hint="项目编码第7-8位应为年份（如 13043425P… 中的 25），或在标题中写明“2025年”",
            )
        unit_code, unit_name = draft.unit_code, draft.unit_name
        if not unit_code:
            unit_code = unit_name or "未知单位"
        plan, unreadable = build_plan(year, draft.plan)
        indicators = []
        last1: str | None = None
        last2: str | None = None
        for seq, values in enumerate(draft.indicators, start=1):
            level1 = values.get("level1") or last1
            level2 = values.get("level2")
            if not level2 and level1 == last1:
                level2 = last2
            last1, last2 = level1, level2
            raw = values.get("target") or ""
            indicators.append(
                Indicator(
                    seq=seq,
                    level1=level1,
                    level2=level2,
                    name=values.get("name"),
                    description=values.get("description"),
                    target_raw=raw,
                    basis=values.get("basis"),
                    target=parse_target_value(raw, level2, fiscal_year=year),
                    line=int(values.get("line") or 0),
                )
            )
        project = ProjectTargets(
            project_code=code,
            fiscal_year=year,
            unit_code=unit_code,
            unit_name=unit_name,
            name=draft.name.strip(),
            budget_yuan=budget,
            fiscal_yuan=amount(draft.fiscal, "财政资金"),
            other_yuan=amount(draft.other, "其他资金"),
            purpose=draft.purpose,
            goals=draft.goals,
            title=draft.title,
            money_unit=money_unit if draft.money_unit else "万元（默认）",
            plan=plan,
            indicators=indicators,
        )
        project.findings = project_findings(
            project, published_plan=draft.plan, unreadable=unreadable
        )
        if not draft.money_unit and not any(
            f is not None and f[1] for f in (draft.budget, draft.fiscal, draft.other)
        ):
            from loaders.target_records import Finding

            project.findings.append(
                Finding(
                    "money_unit_assumed",
                    "info",
                    "文件未写明金额单位（单位：万元/元），按万元读取",
                )
            )
        return project


def _fiscal_year(code: str, title: str | None, doc_years: list[int]) -> int | None:
    match = re.match(r"^\d{6}(\d{2})[A-Za-z]", code)
    if match:
        return 2000 + int(match.group(1))
    for text in (title or "",):
        found = re.search(r"(20\d\d)年", text)
        if found:
            return int(found.group(1))
    return doc_years[0] if doc_years else None


def recognise_targets(blocks: list[Block], file_name: str) -> TargetDocument:
    """Recognise every project form in `blocks`. Raises TargetFormError."""
    reader = _Reader(blocks, file_name)
    reader.run()
    return reader.document()
