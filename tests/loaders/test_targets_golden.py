"""Golden tests: every field of both sample projects, from every container, as published and parsed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import golden
from builders import build_docx, build_txt, build_xlsx, sample_document, variant_document
from conftest import table_rows

P1, P2 = (p["project_code"] for p in golden.PROJECTS)
D = dt.date

# (operator, value, unit, kind, deadline, direction) per indicator, in published order
PARSED = {
    P1: [
        ("≥", 22.0, "个", "quantity", None, "higher"),
        ("≥", 90.0, "%", "percent", None, "higher"),
        ("≤", None, None, "deadline", D(2025, 12, 31), "lower"),
        ("≤", 50000.0, "元", "money", None, "lower"),
        ("≥", 90.0, "%", "percent", None, "higher"),
        ("≥", 90.0, "%", "percent", None, "higher"),
        ("≥", 90.0, "%", "percent", None, "higher"),
    ],
    P2: [
        ("=", 100.0, "人", "quantity", None, "higher"),
        ("=", 100.0, "%", "percent", None, "higher"),
        ("=", 100.0, "%", "percent", None, "higher"),
        ("≤", 50000.0, "元", "money", None, "lower"),
        (None, None, None, "qualitative", None, None),
        (None, None, None, "qualitative", None, None),
        ("≤", 100.0, "%", "percent", None, "lower"),
    ],
}
SAMPLE_PLAN = [
    (D(2025, 3, 31), "3月底", 30.0, "published"),
    (D(2025, 6, 30), "6月底", 30.0, "published"),
    (D(2025, 10, 31), "10月底", 100.0, "published"),
    (D(2025, 12, 31), "12月底", 100.0, "carried"),
]
SAMPLE_FINDINGS = [
    (P2, 3, "timeliness_without_date", "warning"),
    (P2, 7, "direction_wrong", "warning"),
]


def build(kind: str, directory: Path, document: dict) -> Path:
    if kind == "txt":
        return build_txt(directory / "doc.txt", document)
    if kind == "docx":
        return build_docx(directory / "doc.docx", document)
    if kind == "docx-plain":
        return build_docx(directory / "doc.docx", document, wps_grid_before=False)
    return build_xlsx(directory / "doc.xlsx", document)


def assert_sample_loaded(db: Path, *, money_unit: str = "万元") -> None:
    units = table_rows(db, "SELECT unit_code, unit_name, fiscal_year, overall_goals FROM units")
    assert [u[:3] for u in units] == [(golden.UNIT_CODE, golden.UNIT_NAME, golden.FISCAL_YEAR)]
    assert units[0][3].startswith(golden.OVERALL_GOALS_START)
    assert "5.深化青年志愿服务行动" in units[0][3]
    projects = table_rows(
        db,
        "SELECT project_code, fiscal_year, unit_code, name, budget_yuan, fiscal_yuan, other_yuan,"
        " purpose, goals, title, source_money_unit FROM projects ORDER BY project_code DESC",
    )
    expected = [
        (
            p["project_code"],
            2025,
            golden.UNIT_CODE,
            p["name"],
            Decimal("50000.00"),
            Decimal("50000.00"),
            None,
            p["purpose"],
            p["goals"],
            p["title"],
            money_unit,
        )
        for p in golden.PROJECTS
    ]
    assert projects == expected
    for p in golden.PROJECTS:
        code = p["project_code"]
        plan = table_rows(
            db,
            "SELECT checkpoint, label, cumulative_pct, source FROM spending_plan"
            " WHERE project_code = ? ORDER BY checkpoint",
            [code],
        )
        assert plan == SAMPLE_PLAN
        rows = table_rows(
            db,
            "SELECT seq, level1, level2, name, description, target_raw, basis, operator,"
            " target_value, unit, kind, deadline, direction FROM indicators"
            " WHERE project_code = ? ORDER BY seq",
            [code],
        )
        published = [(i + 1, *ind) for i, ind in enumerate(p["indicators"])]
        assert [r[:7] for r in rows] == published
        assert [r[7:] for r in rows] == PARSED[code]
    findings = table_rows(
        db,
        "SELECT project_code, indicator_seq, rule, severity FROM target_findings"
        " ORDER BY project_code, indicator_seq",
    )
    assert findings == SAMPLE_FINDINGS


def test_sample_txt_golden(tracker, sample_txt, db_path):
    code, out, err = tracker("load", "targets", str(sample_txt))
    assert code == 0, err
    assert "2 个项目、14 个指标、3 条目标质量提示" in out  # 2 on the projects, 1 on the goals
    assert_sample_loaded(db_path)
    imports = table_rows(db_path, "SELECT kind, file_name, rows_loaded, status FROM imports")
    assert imports == [("targets", sample_txt.name, 14, "ok")]


@pytest.mark.parametrize("kind", ["txt", "docx", "docx-plain", "xlsx"])
def test_rendered_sample_golden(kind, tracker, tmp_path, db_path):
    path = build(kind, tmp_path, sample_document())
    code, _, err = tracker("load", "targets", str(path))
    assert code == 0, err
    assert_sample_loaded(db_path)


@pytest.mark.parametrize("kind", ["txt", "docx", "xlsx"])
def test_variant_document(kind, tracker, tmp_path, db_path):
    """年度指标值, 其它资金, amounts in 元 with separators, a 9月底 checkpoint, an extra column."""
    path = build(kind, tmp_path, variant_document())
    code, _, err = tracker("load", "targets", str(path))
    assert code == 0, err
    projects = table_rows(
        db_path,
        "SELECT project_code, budget_yuan, fiscal_yuan, other_yuan, source_money_unit, goals"
        " FROM projects ORDER BY project_code DESC",
    )
    assert [p[:5] for p in projects] == [
        (P1, Decimal("50000.00"), Decimal("50000.00"), Decimal("0.00"), "元"),
        (P2, Decimal("50000.00"), Decimal("50000.00"), None, "元"),
    ]
    assert projects[1][5].count("\n") == 2  # three-line goals kept whole
    plan = table_rows(
        db_path,
        "SELECT checkpoint, cumulative_pct, source FROM spending_plan WHERE project_code = ?"
        " ORDER BY checkpoint",
        [P1],
    )
    assert plan == [
        (D(2025, 3, 31), 20.0, "published"),
        (D(2025, 6, 30), 50.0, "published"),
        (D(2025, 9, 30), 80.0, "published"),
        (D(2025, 12, 31), 100.0, "published"),
    ]
    for p in golden.PROJECTS:
        rows = table_rows(
            db_path,
            "SELECT level1, level2, name, description, target_raw, basis FROM indicators"
            " WHERE project_code = ? ORDER BY seq",
            [p["project_code"]],
        )
        assert rows == list(p["indicators"])
    rules = table_rows(db_path, "SELECT rule FROM target_findings ORDER BY rule")
    assert rules == [("direction_wrong",), ("timeliness_without_date",)]


def test_every_container_gives_the_same_rows(tmp_path):
    """txt, docx and xlsx renderings of one document load into identical tables."""
    from loaders.targets import load_targets
    from store.db import connection

    dumps = []
    for kind in ("txt", "docx", "xlsx"):
        directory = tmp_path / kind
        directory.mkdir()
        db = directory / "t.duckdb"
        with connection(db) as con:
            load_targets(con, [build(kind, directory, sample_document())])
        dumps.append(
            [
                table_rows(db, "SELECT * EXCLUDE (load_id, source_money_unit) FROM projects"),
                table_rows(db, "SELECT * FROM indicators ORDER BY project_code, seq"),
                table_rows(db, "SELECT * EXCLUDE (raw) FROM spending_plan ORDER BY 1, 2"),
                table_rows(db, "SELECT * EXCLUDE (load_id) FROM target_findings ORDER BY 1, 2"),
            ]
        )
    assert dumps[0] == dumps[1] == dumps[2]
