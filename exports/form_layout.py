"""The official forms as format-neutral layouts: a form of `engine.forms` (monitoring or
self-evaluation) becomes a `Layout` — title, header block, indicator table, signature line — with
the bureau's labels, in Chinese; `exports.official_forms` draws the same layouts as .xlsx and
.docx."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from engine import forms
from engine.forms import EvaluationForm, MonitoringForm
from presentation.strings import reason_text
from presentation.tables import target_text

CHOSEN = "√"  # marks a chosen deviation cause
BLANK = "____"  # a signature field left for the pen

Form = MonitoringForm | EvaluationForm


# -- the layout -------------------------------------------------------------------------------------


class Cell(NamedTuple):
    """A value and how it is shown: text, wan (yuan shown in 万元, two decimals), pct (a percent
    value, one decimal) or points (up to two decimals)."""

    value: object = ""
    kind: str = "text"


@dataclass(frozen=True)
class Column:
    label: str
    width: float  # in Excel character units (a CJK character is two)


@dataclass(frozen=True)
class Row:
    """A row of the indicator table (one cell per column). `spans` are (first, last) column
    ranges merged into one cell showing the first one's value; `label` rows (the total, the
    explanation) print their first cell in bold."""

    cells: tuple[Cell, ...]
    spans: tuple[tuple[int, int], ...] = ()
    label: bool = False


@dataclass
class Layout:
    """One project's form as the bureau lays it out. `header` is the header block, each row one
    (label, value) pair or two; `body` the indicator rows, `footer` the rows below them in the
    same table; `merged_levels` the leading columns (一级指标, 二级指标) whose repeated values are
    merged vertically."""

    kind: str
    title: str
    project_code: str
    project_name: str
    header: list[list[tuple[str, Cell]]]
    columns: tuple[Column, ...]
    body: list[Row]
    footer: list[Row]
    signature: str
    landscape: bool
    merged_levels: int = 2

    def vertical_merges(self) -> list[tuple[int, int, int]]:
        """(column, first body row, last body row) of each run of a repeated level: 一级指标
        runs, and 二级指标 runs inside one 一级指标; a row with a horizontal span breaks a run."""
        runs: list[tuple[int, int, int]] = []
        for column in range(self.merged_levels):
            start = 0
            for i in range(1, len(self.body) + 1):
                if i < len(self.body) and self._same(start, i, column):
                    continue
                if i - 1 > start:
                    runs.append((column, start, i - 1))
                start = i
        return runs

    def _same(self, a: int, b: int, column: int) -> bool:
        first, second = self.body[a], self.body[b]
        if first.spans or second.spans:
            return False
        return all(first.cells[c].value == second.cells[c].value for c in range(column)) and (
            first.cells[column].value not in ("", None)
            and first.cells[column].value == second.cells[column].value
        )


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def figure(cell: Cell) -> float | None:
    """A number cell's value as written: yuan as 万元, points to two decimals; None for text or
    an unknown number."""
    value, kind = cell
    if kind == "text" or _missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    if kind == "wan":
        return number / 10000
    # points as printed (two decimals): the sheet's cell then holds what the paper shows
    return round(number, 2) if kind == "points" else number


def shown(cell: Cell) -> str:
    """A cell as printed: 万元 with two decimals, percents with one, points without trailing
    zeros, — for an unknown number."""
    value, kind = cell
    if kind == "text":
        return "" if value is None else str(value)
    number = figure(cell)
    if number is None:
        return "—"
    if kind == "wan":
        return f"{number:,.2f}"
    if kind == "pct":
        return f"{number:.1f}%"
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def signature(saved_by: str | None, saved_at: dt.datetime | None) -> str:
    """The signature line; 填报人 and 填报日期 filled from the latest save, the rest left blank."""
    gap = "\u3000\u3000"
    author = saved_by or BLANK
    day = _date_text(saved_at.date()) if saved_at else BLANK
    return gap.join(
        [f"填报人：{author}", f"审核人：{BLANK}", f"单位负责人：{BLANK}", f"填报日期：{day}"]
    )


def causes_text(chosen: Sequence[str]) -> str:
    """The chosen deviation causes marked in the form's order: √经费保障 √其他."""
    return " ".join(f"{CHOSEN}{cause}" for cause in forms.CAUSES if cause in chosen)


def _levels(level1: str, level2: str, name: str) -> tuple[Cell, Cell, Cell]:
    return Cell(level1), Cell(level2), Cell(name)


MONITORING_WIDTHS = (10, 12, 18, 14, 12, 12, 16, 10, 22, 22)
EVALUATION_WIDTHS = (10, 12, 18, 16, 15, 9, 9, 29)  # a date, "12.25" and "100%" fit one line


def monitoring_layout(form: MonitoringForm) -> Layout:
    """The monitoring table (绩效监控情况表) of a form: header block, the budget execution line
    (预算执行率) then one row per indicator, signature line."""
    months = f"1—{form.period_end.month}月"
    labels = (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        f"{months}实际完成值",
        "全年预计完成值",
        "偏差原因（经费保障/制度保障/人员保障/硬件条件保障/其他）",
        "完成目标可能性",
        "原因说明",
        "纠偏措施",
    )
    body = []
    for line in form.lines:
        person = (
            Cell(target_text(line.target_raw, line.evaluated_target, "zh")),
            Cell(line.actual_text),
            Cell(line.expected_text),
            Cell(causes_text(line.causes)),
            Cell(line.likelihood or ""),
            Cell(line.explanation),
            Cell(line.measures),
        )
        if line.seq == forms.BUDGET_SEQ:
            body.append(Row((Cell(line.name), Cell(), Cell(), *person), spans=((0, 2),)))
        else:
            body.append(Row((*_levels(line.level1, line.level2, line.name), *person)))
    return Layout(
        kind="monitoring",
        title=f"{form.fiscal_year}年度项目支出绩效监控情况表（{form.period_text}）",
        project_code=form.project_code,
        project_name=form.name,
        header=[
            [("主管部门/单位", Cell(_unit_text(form)))],
            [("项目名称", Cell(form.name)), ("项目编码", Cell(form.project_code))],
            [
                ("年初预算数（万元）", Cell(form.budget_original, "wan")),
                ("调整后预算数（万元）", Cell(form.budget_current, "wan")),
            ],
            [
                (f"{months}执行数（万元）", Cell(form.spent, "wan")),
                ("执行率", Cell(form.execution_pct, "pct")),
            ],
            [("全年预计执行率", Cell(form.forecast_pct, "pct"))],
        ],
        columns=tuple(Column(a, w) for a, w in zip(labels, MONITORING_WIDTHS, strict=True)),
        body=body,
        footer=[],
        signature=signature(form.saved_by, form.saved_at),
        landscape=True,
    )


def evaluation_layout(form: EvaluationForm) -> Layout:
    """The self-evaluation table (绩效自评表) of a form: header block with the budget execution
    points, one row per indicator with its points and the reason for lost points (the person's,
    else the engine's), the total and grade, the explanation when 执行率 < 90%, the
    improvements, signature line."""
    labels = (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "全年实际值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    last = len(labels) - 1
    body = [
        Row(
            (
                *_levels(line.level1, line.level2, line.name),
                Cell(target_text(line.target_raw, line.evaluated_target, "zh")),
                Cell(line.actual_text),
                Cell(line.weight, "points"),
                Cell(line.points, "points"),
                Cell(line.reason.strip() or reason_text(line.engine_reason, "zh").strip("—")),
            )
        )
        for line in form.lines
    ]
    weights = form.execution_weight + sum(line.weight for line in form.lines)
    footer = [
        Row(
            (
                Cell("总分"),
                *[Cell()] * 4,
                Cell(weights, "points"),
                Cell(form.total, "points"),
                Cell(f"等级：{form.grade}"),
            ),
            spans=((0, 4),),
            label=True,
        )
    ]
    if form.explanation_required:
        footer.append(_note_row("执行率低于90%的原因说明", form.explanation, last))
    footer.append(_note_row("改进措施", form.measures, last))
    title = f"{form.fiscal_year}年度项目支出绩效自评表"
    if form.as_of != forms.default_as_of(form.fiscal_year):
        title += f"（截至{_date_text(form.as_of)}，预览）"
    return Layout(
        kind="evaluation",
        title=title,
        project_code=form.project_code,
        project_name=form.name,
        header=[
            [("单位", Cell(_unit_text(form)))],
            [("项目名称", Cell(form.name)), ("项目编码", Cell(form.project_code))],
            [
                ("年初预算数（万元）", Cell(form.budget_original, "wan")),
                ("全年预算数（调整后）（万元）", Cell(form.budget_current, "wan")),
            ],
            [
                ("全年执行数（万元）", Cell(form.spent, "wan")),
                ("执行率", Cell(form.execution_pct, "pct")),
            ],
            [
                ("分值", Cell(form.execution_weight, "points")),
                ("得分", Cell(form.execution_points, "points")),
            ],
        ],
        columns=tuple(Column(a, w) for a, w in zip(labels, EVALUATION_WIDTHS, strict=True)),
        body=body,
        footer=footer,
        signature=signature(form.saved_by, form.saved_at),
        landscape=False,
    )


def _note_row(label: str, text: str, last: int) -> Row:
    """A footer row: the label over the three level columns, the text over the rest."""
    cells = (Cell(label), Cell(), Cell(), Cell(text), *[Cell()] * (last - 3))
    return Row(cells, spans=((0, 2), (3, last)), label=True)


def _unit_text(form: Form) -> str:
    return f"{form.unit_code} {form.unit_name}".strip()


def layout_of(form: Form) -> Layout:
    """The layout of either form."""
    if isinstance(form, MonitoringForm):
        return monitoring_layout(form)
    return evaluation_layout(form)
