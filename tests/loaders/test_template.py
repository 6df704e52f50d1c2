"""The canonical template: the shipped empty files, and filled ones loading like the sample."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

import golden
from conftest import ROOT, table_rows
from loaders.target_template import TEMPLATE_COLUMNS, write_templates

HEADERS = [h for h, *_ in TEMPLATE_COLUMNS]


def sample_rows() -> list[list[str]]:
    rows = []
    for project in golden.PROJECTS:
        plan = dict(project["plan"])
        for number, indicator in enumerate(project["indicators"]):
            first = number == 0
            values = {
                "单位编码": golden.UNIT_CODE,
                "单位名称": golden.UNIT_NAME if first else "",
                "项目编码": project["project_code"],
                "项目名称": project["name"],
                "预算数": project["budget_wan"] if first else "",
                "财政资金": project["fiscal_wan"] if first else "",
                "资金用途": project["purpose"] if first else "",
                "绩效目标": project["goals"] if first else "",
                "3月底": plan["3月底"] if first else "",
                "6月底": plan["6月底"] if first else "",
                "12月底": "",
                "部门整体绩效目标": golden.OVERALL_GOALS_START if first else "",
            }
            for key, value in zip(golden.LEVEL_HEADERS, indicator, strict=True):
                values[key] = value
            rows.append([values.get(h, "") for h in HEADERS])
    return rows


def test_shipped_templates_have_every_column():
    with (ROOT / "data/templates/targets_template.csv").open(encoding="utf-8-sig") as handle:
        assert next(csv.reader(handle)) == HEADERS
    workbook = openpyxl.load_workbook(ROOT / "data/templates/targets_template.xlsx")
    assert [c.value for c in workbook["绩效目标"][1]] == HEADERS
    assert workbook["填写说明"].max_row == len(HEADERS) + 1


def _write_csv(path: Path, rows, encoding="utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def _write_xlsx(path: Path, rows) -> Path:
    write_templates(path.parent)
    workbook = openpyxl.load_workbook(path.parent / "targets_template.xlsx")
    sheet = workbook["绩效目标"]
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize("kind", ["csv", "csv-gbk", "xlsx"])
def test_filled_template_loads_like_the_sample(kind, tracker, tmp_path, db_path):
    rows = sample_rows()
    plan_rows = [r for r in rows if r[HEADERS.index("3月底")]]
    for row in plan_rows:  # the sample's 10月底 checkpoint: the template takes any N月底 column
        row.append("100%")
    headers = [*HEADERS, "10月底"]
    rows = [r + [""] * (len(headers) - len(r)) for r in rows]
    if kind == "xlsx":
        path = tmp_path / "filled.xlsx"
        write_templates(tmp_path)
        workbook = openpyxl.load_workbook(tmp_path / "targets_template.xlsx")
        sheet = workbook["绩效目标"]
        sheet.cell(row=1, column=len(headers), value="10月底")
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    else:
        path = tmp_path / "filled.csv"
        encoding = "gbk" if kind == "csv-gbk" else "utf-8-sig"
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows(rows)
    code, _, err = tracker("load", "targets", str(path))
    assert code == 0, err
    # the template carries no 第一部分 text beyond what the clerk typed, and no title
    units = table_rows(db_path, "SELECT overall_goals FROM units")
    assert units == [(golden.OVERALL_GOALS_START,)]
    titles = table_rows(db_path, "SELECT DISTINCT title FROM projects")
    assert titles == [(None,)]
    money_units = table_rows(db_path, "SELECT DISTINCT source_money_unit FROM projects")
    assert money_units == [("万元",)]
    budgets = table_rows(db_path, "SELECT DISTINCT budget_yuan FROM projects")
    assert [float(b[0]) for b in budgets] == [50000.0]
    plan = table_rows(
        db_path,
        "SELECT checkpoint, cumulative_pct, source FROM spending_plan ORDER BY 1 LIMIT 4",
    )
    assert [p[1:] for p in plan][:2] == [(30.0, "published"), (30.0, "published")]
    indicators = table_rows(
        db_path,
        "SELECT level1, level2, name, description, target_raw, basis FROM indicators"
        " WHERE project_code = ? ORDER BY seq",
        [golden.PROJECTS[1]["project_code"]],
    )
    assert indicators == list(golden.PROJECTS[1]["indicators"])
    findings = table_rows(db_path, "SELECT rule FROM target_findings ORDER BY rule")
    assert findings == [("direction_wrong",), ("timeliness_without_date",)]


def test_empty_template_is_refused(tracker, db_path):
    code, _, err = tracker("load", "targets", str(ROOT / "data/templates/targets_template.csv"))
    assert code == 2 and "模板中没有填写任何项目" in err
    code, _, err = tracker("load", "targets", str(ROOT / "data/templates/targets_template.xlsx"))
    assert code == 2 and "模板中没有填写任何项目" in err


def test_template_conflicting_project_fields(tracker, tmp_path):
    rows = sample_rows()
    rows[1][HEADERS.index("预算数")] = "9.00"
    code, _, err = tracker("load", "targets", str(_write_csv(tmp_path / "bad.csv", rows)))
    assert code == 2 and "前后不一致" in err and "第3行" in err


def test_template_missing_required_column(tracker, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("项目编码,指标值\n13043425P00450110058B,≥22个\n", encoding="utf-8")
    code, _, err = tracker("load", "targets", str(path))
    assert code == 2 and "模板缺少必填列" in err and "预算数" in err


def test_xlsx_template_roundtrip_matches_sample(tracker, tmp_path, db_path):
    path = _write_xlsx(tmp_path / "t.xlsx", sample_rows())
    assert tracker("load", "targets", str(path))[0] == 0
    assert table_rows(db_path, "SELECT count(*) FROM indicators") == [(14,)]
    plan = table_rows(db_path, "SELECT cumulative_pct, source FROM spending_plan ORDER BY 1")
    assert plan[-1] == (100.0, "default")  # a blank 12月底 after 30% means the year-end default
