"""The label-based recogniser on the variations real documents show, and a round-trip property."""

from __future__ import annotations

import copy
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import golden
from builders import build_docx, build_txt, build_xlsx, sample_document
from loaders.targets import read_target_document


def test_labels_with_unit_column_and_other_funds(tmp_path):
    document = sample_document()
    document["labels"] = {"target": "指标值及单位", "other": "其它资金", "basis": "确定依据"}
    document["money_unit"] = "元"
    for project in document["projects"]:
        project["budget"], project["fiscal"], project["other"] = (
            "1,250,000.50",
            "1,000,000",
            "250,000.50",
        )
    for build in (build_txt, build_docx, build_xlsx):
        suffix = {build_txt: "txt", build_docx: "docx", build_xlsx: "xlsx"}[build]
        parsed = read_target_document(build(tmp_path / f"d.{suffix}", document))
        for project, expected in zip(parsed.projects, golden.PROJECTS, strict=True):
            assert project.budget_yuan == Decimal("1250000.50")
            assert project.other_yuan == Decimal("250000.50")
            assert project.money_unit == "元"
            assert [i.target_raw for i in project.indicators] == [
                i[4] for i in expected["indicators"]
            ]
            assert [i.basis for i in project.indicators] == [i[5] for i in expected["indicators"]]
            assert "budget_parts_mismatch" not in {f.rule for f in project.findings}


def test_txt_row_that_lost_its_merged_cell(tmp_path):
    """A continuation row exported without its empty first cell is aligned from the right."""
    path = build_txt(tmp_path / "d.txt", sample_document())
    text = path.read_text("utf-8")
    # the 质量指标 row of the first project: drop its leading merged (TAB-only) cell
    marker = "\t\n\t质量指标\n\t优秀团组织符合要求率"
    assert marker in text
    path.write_text(text.replace(marker, "\t质量指标\n\t优秀团组织符合要求率", 1), "utf-8")
    project = read_target_document(path).projects[0]
    second = project.indicators[1]
    assert (second.level1, second.level2, second.name, second.target_raw) == (
        "产出指标",
        "质量指标",
        "优秀团组织符合要求率",
        "≥90%",
    )


def test_budget_parts_that_do_not_add_up(tmp_path):
    document = sample_document()
    document["projects"][0]["fiscal"] = "4.00"
    project = read_target_document(build_txt(tmp_path / "d.txt", document)).projects[0]
    assert "budget_parts_mismatch" in {f.rule for f in project.findings}


def test_non_monotonic_plan_is_a_finding_not_an_error(tmp_path):
    document = sample_document()
    document["projects"][0]["plan"] = [
        ("3月底", "40%"),
        ("6月底", "30%"),
        ("10月底", "100%"),
        ("12月底", None),
    ]
    project = read_target_document(build_txt(tmp_path / "d.txt", document)).projects[0]
    rules = [f.rule for f in project.findings]
    assert rules.count("plan_not_monotonic") == 1
    assert [p.cumulative_pct for p in project.plan] == [40.0, 30.0, 100.0, 100.0]


def test_document_without_units_line_assumes_wan(tmp_path):
    path = build_txt(tmp_path / "d.txt", sample_document())
    path.write_text(path.read_text("utf-8").replace("\t单位：万元\n", "\t \n"), "utf-8")
    project = read_target_document(path).projects[0]
    assert project.budget_yuan == Decimal("50000.00")
    assert "money_unit_assumed" in {f.rule for f in project.findings}


CELL = (
    st.text(
        alphabet=st.sampled_from(
            list("产出效益满意度指标数量质量成本人次个率年月天元%≥≤0123456789abc ，、")
        ),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(lambda s: s and not s.endswith("指标") and s not in {"单位", "依据"})
)


@settings(max_examples=40)
@given(
    rows=st.lists(st.tuples(CELL, CELL, CELL, CELL, CELL), min_size=1, max_size=6),
    plan=st.lists(st.integers(0, 100), min_size=3, max_size=3).map(sorted),
)
def test_txt_round_trip(rows, plan):
    """Whatever the cell texts, a rendered table reads back cell for cell."""
    document = copy.deepcopy(sample_document())
    project = document["projects"][0]
    project["indicators"] = [
        ("产出指标", level2 + "指标", name, description, target, basis)
        for level2, name, description, target, basis in rows
    ]
    project["plan"] = [
        ("3月底", f"{plan[0]}%"),
        ("6月底", f"{plan[1]}%"),
        ("9月底", f"{plan[2]}%"),
        ("12月底", None),
    ]
    document["projects"] = [project]
    with tempfile.TemporaryDirectory() as directory:
        parsed = read_target_document(build_txt(Path(directory) / "d.txt", document))
    (loaded,) = parsed.projects
    assert [
        (i.level1, i.level2, i.name, i.description, i.target_raw, i.basis)
        for i in loaded.indicators
    ] == project["indicators"]
    assert [p.cumulative_pct for p in loaded.plan][:3] == [float(v) for v in plan]
