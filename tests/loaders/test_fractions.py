"""A spending plan written as fractions (0.3 = 30%) is read as percent in every container the target
loader reads (README: "Values written as fractions (0.3) are read as %"); a plan already in percent
is not scaled again, whether written 30 or 30%, and neither is a small percentage written with its
sign (0.5%).

Each document is written by the test — the sample's form as .txt, .docx and .xlsx (`builders`),
the fill-in template as .csv and .xlsx — loaded with `tracker load targets`, and the
`spending_plan` table read. In an .xlsx a plan cell may hold text, a plain number (0.3) or a number
formatted as percent (0.3 shown as 30%).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from builders import build_docx, build_txt, build_xlsx, sample_document
from conftest import table_rows
from loaders.target_template import TEMPLATE_COLUMNS, write_templates

FORM_CODE = "13043425P00450110058B"  # the sample's first project (2025年基层团组织经费)
TEMPLATE_CODE = "13043425P00000000001A"
MONTHS = ("3月底", "6月底", "9月底", "12月底")
CHECKPOINTS = [dt.date(2025, m, d) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]

# cumulative % per checkpoint: 0.3 × 100 = 30, 0.6 × 100 = 60, 0.9 × 100 = 90, 1 × 100 = 100
THIRTY_TO_HUNDRED = [(pct, "published") for pct in (30.0, 60.0, 90.0, 100.0)]
# 0.5% and 1% as written; the blank 9月底 carries 1%, the blank 12月底 is the year-end 100%
SMALL = [(0.5, "published"), (1.0, "published"), (1.0, "carried"), (100.0, "default")]

TEXT_PLANS = {
    "fractions": (["0.3", "0.6", "0.9", "1"], THIRTY_TO_HUNDRED),
    "percent-numbers": (["30", "60", "90", "100"], THIRTY_TO_HUNDRED),
    "percent-signs": (["30%", "60%", "90%", "100%"], THIRTY_TO_HUNDRED),
    "small-percents": (["0.5%", "1%", "", ""], SMALL),
}


def spending_plan(db: Path, code: str) -> list[tuple]:
    return table_rows(
        db,
        "SELECT checkpoint, cumulative_pct, source FROM spending_plan WHERE project_code = ?"
        " ORDER BY checkpoint",
        [code],
    )


def expected_plan(points: list[tuple[float, str]]) -> list[tuple]:
    return [(day, pct, source) for day, (pct, source) in zip(CHECKPOINTS, points, strict=True)]


def form_document(plan: list[str]) -> dict:
    """The sample document with its first project's plan replaced (labels MONTHS)."""
    document = sample_document()
    document["projects"][0]["plan"] = [
        (month, text or None) for month, text in zip(MONTHS, plan, strict=True)
    ]
    return document


def form_xlsx(path: Path, plan: list) -> Path:
    """The sample as an .xlsx export whose first project's plan cells hold `plan`: text, or
    (number, number_format) for a number cell."""
    build_xlsx(path, form_document([c if isinstance(c, str) else "x" for c in plan]))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["2025年基层团组织经费"]
    label_row = next(r for r in sheet.iter_rows() if any(c.value == "3月底" for c in r))
    columns = [next(c.column for c in label_row if c.value == month) for month in MONTHS]
    for column, content in zip(columns, plan, strict=True):
        cell = sheet.cell(row=label_row[0].row + 1, column=column)
        if isinstance(content, str):
            cell.value = content or None
        else:
            cell.value, cell.number_format = content
    workbook.save(path)
    return path


def template_rows(plan: list) -> tuple[list[str], list[list]]:
    """The template's header and one filled row of a project whose plan is `plan`."""
    headers = [h for h, *_ in TEMPLATE_COLUMNS]
    values = {
        "单位编码": "712001",
        "项目编码": TEMPLATE_CODE,
        "项目名称": "青年就业培训项目",
        "预算数": "10.00",
        "一级指标": "满意度指标",
        "二级指标": "服务对象满意度指标",
        "三级指标": "学员满意度",
        "指标值": "≥90%",
        **dict(zip(MONTHS, plan, strict=True)),
    }
    return headers, [[values.get(h, "") for h in headers]]


def template_csv(path: Path, plan: list[str]) -> Path:
    headers, rows = template_rows(plan)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([headers, *rows])
    return path


def template_xlsx(path: Path, plan: list) -> Path:
    """The shipped .xlsx template, filled: a (number, number_format) item is a number cell."""
    write_templates(path.parent / "empty")
    workbook = openpyxl.load_workbook(path.parent / "empty" / "targets_template.xlsx")
    sheet = workbook["绩效目标"]
    _, rows = template_rows(plan)
    for c, value in enumerate(rows[0], start=1):
        cell = sheet.cell(row=2, column=c)
        if isinstance(value, tuple):
            cell.value, cell.number_format = value
        else:
            cell.value = value or None
    workbook.save(path)
    return path


# container -> (writer, the project code it holds)
TEXT_CONTAINERS = {
    "txt": (lambda path, plan: build_txt(path, form_document(plan)), FORM_CODE),
    "docx": (lambda path, plan: build_docx(path, form_document(plan)), FORM_CODE),
    "xlsx": (form_xlsx, FORM_CODE),  # text cells
    "csv": (template_csv, TEMPLATE_CODE),
    "template.xlsx": (template_xlsx, TEMPLATE_CODE),  # text cells
}


@pytest.fixture
def load_plan(tracker, tmp_path, db_path):
    """Write a document with `writer`, load it, return its project's spending plan."""

    def run(writer, suffix: str, plan: list, code: str) -> list[tuple]:
        path = writer(tmp_path / f"targets.{suffix.split('.')[-1]}", plan)
        exit_code, _, err = tracker("load", "targets", str(path))
        assert exit_code == 0, err
        return spending_plan(db_path, code)

    return run


@pytest.mark.parametrize("plan", sorted(TEXT_PLANS))
@pytest.mark.parametrize("container", sorted(TEXT_CONTAINERS))
def test_plan_written_as_text(load_plan, container, plan):
    writer, code = TEXT_CONTAINERS[container]
    cells, expected = TEXT_PLANS[plan]
    assert load_plan(writer, container, cells, code) == expected_plan(expected)


def numbers(*values: float, number_format: str = "General") -> list[tuple[float, str]]:
    """Number cells of an .xlsx, all with one number format."""
    return [(value, number_format) for value in values]


NUMBER_PLANS = {
    # 0.3 in a General cell is read "0.3": a fraction
    "fractions": (numbers(0.3, 0.6, 0.9, 1), THIRTY_TO_HUNDRED),
    "percent-numbers": (numbers(30, 60, 90, 100), THIRTY_TO_HUNDRED),
    # 0.3 formatted as percent shows "30%": already a percentage
    "percent-format": (numbers(0.3, 0.6, 0.9, 1, number_format="0%"), THIRTY_TO_HUNDRED),
    "small-percent-format": ([(0.005, "0.0%"), (0.01, "0%"), "", ""], SMALL),
    # one cell formatted, the others plain fractions: each read as the clerk meant it
    "mixed": ([(0.3, "0%"), *numbers(0.6, 0.9, 1)], THIRTY_TO_HUNDRED),
}
NUMBER_CONTAINERS = {
    "xlsx": (form_xlsx, FORM_CODE),
    "template.xlsx": (template_xlsx, TEMPLATE_CODE),
}


@pytest.mark.parametrize("plan", sorted(NUMBER_PLANS))
@pytest.mark.parametrize("container", sorted(NUMBER_CONTAINERS))
def test_plan_written_as_excel_numbers(load_plan, container, plan):
    writer, code = NUMBER_CONTAINERS[container]
    cells, expected = NUMBER_PLANS[plan]
    assert load_plan(writer, container, cells, code) == expected_plan(expected)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # 0.9 formatted as percent is the 90% the sheet shows: 0.9 × 100 = 90
        ((0.9, "0%"), ("90%", "=", 90.0, "%", "percent")),
        ((0.955, "0.0%"), ("95.5%", "=", 95.5, "%", "percent")),
        # the same value typed as text, for comparison
        (("≥90%", "General"), ("≥90%", "≥", 90.0, "%", "percent")),
    ],
)
def test_target_value_in_a_percent_cell(tracker, tmp_path, db_path, cell, expected):
    """README: an .xlsx export holds `30%`/`0.3` percentages; a 指标值 cell formatted as percent
    is read as the percentage it shows, not as 0.9."""
    path = build_xlsx(tmp_path / "targets.xlsx", sample_document())
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["2025年基层团组织经费"]
    row = next(r for r in sheet.iter_rows() if r[2].value == "团组织成员满意度")
    row[4].value, row[4].number_format = cell
    workbook.save(path)
    code, _, err = tracker("load", "targets", str(path))
    assert code == 0, err
    stored = table_rows(
        db_path,
        "SELECT target_raw, operator, target_value, unit, kind, seq FROM indicators"
        " WHERE project_code = ? AND name = '团组织成员满意度'",
        [FORM_CODE],
    )
    assert stored == [(*expected, 7)]
    findings = table_rows(
        db_path, "SELECT rule FROM target_findings WHERE indicator_seq = 7 AND project_code = ?",
        [FORM_CODE],
    )  # fmt: skip
    assert findings == []  # 90% and 95.5% are neither above 100% nor below 80%
