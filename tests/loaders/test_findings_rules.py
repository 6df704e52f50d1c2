"""Every rule of the README's target-quality findings table (`### Target-quality findings`), each
with a document that triggers it and a near one that does not, loaded as a user loads it.

The test writes a one-project target document (.txt, the plain-text export of the Word form, laid
out like the sample and `builders.build_txt`), runs `tracker load targets` on it and reads the
`target_findings` table (`unit_findings` for `stale_year`, a finding of the department's goals).
The clean document yields no finding at all, so each case pins the exact set of (rule, indicator)
pairs: a rule switched off fails its trigger, a rule too eager fails its near case. The thresholds
are also pinned at the rule functions (`loaders.findings`) with values just over and just under.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from builders import BUDGET_LABEL, FISCAL_LABEL, PLAN_LABEL
from conftest import ROOT, table_rows
from loaders.findings import indicator_findings, project_findings
from loaders.target_records import Indicator, ProjectTargets
from loaders.target_values import parse_target_value
from store.settings import settings

CODE = "13043425P00000000001A"  # characters 7–8: fiscal year 2025
INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
# seq 1–6; none of them is flagged (test_the_clean_document_has_no_finding)
CLEAN_INDICATORS = [
    ["产出指标", "数量指标", "培训人数", "培训农村青年", "≥100人", "年度工作安排"],
    ["产出指标", "质量指标", "培训合格率", "学员考核合格率", "≥90%", "年度工作安排"],
    ["产出指标", "时效指标", "培训完成时间", "年内完成培训", "2025年12月底前", "年度工作安排"],
    ["产出指标", "成本指标", "培训成本", "培训费用", "≤5万元", "年度工作安排"],
    ["效益指标", "社会效益指标", "青年就业能力", "提升就业能力", "有效提升", "年度工作安排"],
    ["满意度指标", "服务对象满意度指标", "学员满意度", "学员满意度", "≥90%", "问卷调查"],
]
CLEAN_FORM = {
    "unit_line": "单位：万元",
    "budget_label": "预算数",
    "budget": "10.00",  # 万元: 100,000.00 元
    "fiscal": "6.00",
    "other": "4.00",  # 6.00 + 4.00 = 10.00
    "plan": [("3月底", "30%"), ("6月底", "60%"), ("9月底", "90%"), ("12月底", "100%")],
    "indicators": CLEAN_INDICATORS,
    "part_one": ["一、总体绩效目标", "1.计划2025年开展2期青年就业培训班。"],
}


IN_YUAN = {"unit_line": "单位：元"}


def form(**changes) -> dict:
    """The clean form with some fields replaced."""
    return {**CLEAN_FORM, **changes}


def indicator(seq: int, target: str | None = None, **columns: str) -> dict:
    """The clean form with indicator `seq` changed: its 指标值, or other columns by key
    (level1, level2, name)."""
    rows = [list(row) for row in CLEAN_INDICATORS]
    row = rows[seq - 1]
    if target is not None:
        row[4] = target
    for key, value in columns.items():
        row[("level1", "level2", "name").index(key)] = value
    return form(indicators=rows)


def _txt_row(cells: list[str | None]) -> list[str]:
    """A row of the .txt export: TAB + text per cell ("\\t " blank, "\\t" alone a merged
    continuation), then the blank line that ends the row."""
    return [("\t" if c is None else "\t" + (c or " ")) for c in cells] + [""]


def write_form(path: Path, spec: dict) -> Path:
    """Write `spec` (see CLEAN_FORM) as the .txt export of a one-project target document.

    `unit_line` None leaves the 单位 cell blank; `plan` None leaves out the plan rows (the form
    has no 资金支出计划 at all); `indicators` [] keeps the indicator table's header only."""
    lines = ["第一部分", "部门整体绩效目标", " ", *spec["part_one"], " "]
    lines += ["第二部分", " ", "预算项目绩效目标", " ", "1.2025年青年就业培训项目绩效目标表"]
    other = ["其他资金", spec["other"]]
    rows: list[list[str | None]] = [
        ["712001共青团测试县委员会", spec["unit_line"] or ""],
        ["项目编码", CODE, "项目名称", "青年就业培训项目"],
        [BUDGET_LABEL, spec["budget_label"], spec["budget"], FISCAL_LABEL, spec["fiscal"], *other],
        [None, "开展农村青年就业培训"],
    ]
    if spec["plan"] is not None:
        rows.append([PLAN_LABEL, *(label for label, _ in spec["plan"])])
        rows.append([None, *(value for _, value in spec["plan"])])
    rows.append(["绩效目标", "培训农村青年100人，提升就业能力"])
    for row in rows:
        lines += _txt_row(row)
    lines += ["", " "]
    for row in [INDICATOR_HEADER, *spec["indicators"]]:
        lines += _txt_row(list(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def load(tracker, tmp_path, db_path):
    """Write a form, load it with `tracker load targets`, return its findings as
    {(rule, indicator_seq): severity}."""

    def run(spec: dict) -> dict[tuple[str, int | None], str]:
        code, _, err = tracker("load", "targets", str(write_form(tmp_path / "targets.txt", spec)))
        assert code == 0, err
        rows = table_rows(
            db_path,
            "SELECT rule, indicator_seq, severity FROM target_findings WHERE project_code = ?",
            [CODE],
        )
        assert len(rows) == len({(r, s) for r, s, _ in rows}), rows  # each finding once
        return {(rule, seq): severity for rule, seq, severity in rows}

    return run


# (form, the exact findings expected as (rule, indicator seq or None for the project))
CASES = [
    # direction_wrong: a rate where higher is better capped with ≤; a cost with ≥
    pytest.param(indicator(6, "≤100%"), {("direction_wrong", 6)}, id="direction-satisfaction-≤"),
    pytest.param(indicator(6, "≥100%"), set(), id="direction-satisfaction-≥-near"),
    pytest.param(indicator(2, "<95%"), {("direction_wrong", 2)}, id="direction-pass-rate-<"),
    pytest.param(indicator(4, "≥5万元"), {("direction_wrong", 4)}, id="direction-cost-≥"),
    pytest.param(indicator(4, ">5万元"), {("direction_wrong", 4)}, id="direction-cost->"),
    pytest.param(indicator(4, "≤5万元"), set(), id="direction-cost-≤-near"),
    pytest.param(  # an error rate is rightly capped
        indicator(2, "≤1%", name="培训差错率"), set(), id="direction-error-rate-≤-near"
    ),
    # cost_above_budget: 100,000.00 元 of budget (10.00 万元 × 10,000)
    pytest.param(indicator(4, "≤100000.01元"), {("cost_above_budget", 4)}, id="cost-above-budget"),
    pytest.param(indicator(4, "≤100000元"), set(), id="cost-equal-budget-near"),
    pytest.param(indicator(4, "≤10.01万元"), {("cost_above_budget", 4)}, id="cost-above-in-wan"),
    # rate_above_100
    pytest.param(indicator(2, "≥100.5%"), {("rate_above_100", 2)}, id="rate-100.5%"),
    pytest.param(indicator(2, "≥100%"), set(), id="rate-100%-near"),
    # missing_unit: a count or an amount without its unit
    pytest.param(indicator(1, "≥100"), {("missing_unit", 1)}, id="missing-unit-count"),
    pytest.param(indicator(4, "≤50000"), {("missing_unit", 4)}, id="missing-unit-cost"),
    pytest.param(indicator(1, "≥100人"), set(), id="missing-unit-near"),
    # qualitative_value: a 数量 / 质量 / 成本 indicator with a text-only value
    pytest.param(indicator(1, "较多"), {("qualitative_value", 1)}, id="qualitative-数量"),
    pytest.param(indicator(2, "优良"), {("qualitative_value", 2)}, id="qualitative-质量"),
    pytest.param(indicator(4, "控制在预算内"), {("qualitative_value", 4)}, id="qualitative-成本"),
    pytest.param(indicator(5, "优良"), set(), id="qualitative-社会效益-near"),
    # timeliness_without_date
    pytest.param(indicator(3, "及时"), {("timeliness_without_date", 3)}, id="timeliness-及时"),
    pytest.param(indicator(3, "≤3天"), {("timeliness_without_date", 3)}, id="timeliness-3天"),
    pytest.param(indicator(3, "12月底前"), set(), id="timeliness-date-near"),
    # no_satisfaction: none of the indicators names 满意
    pytest.param(
        form(indicators=CLEAN_INDICATORS[:5]), {("no_satisfaction", None)}, id="no-satisfaction"
    ),
    pytest.param(  # a satisfaction rate filed under 效益指标 is still one
        indicator(6, level1="效益指标", level2="社会效益指标"), set(), id="satisfaction-near"
    ),
    # satisfaction_low: below 80% (the default threshold)
    pytest.param(indicator(6, "≥79%"), {("satisfaction_low", 6)}, id="satisfaction-79%"),
    pytest.param(indicator(6, "≥79.9%"), {("satisfaction_low", 6)}, id="satisfaction-79.9%"),
    pytest.param(indicator(6, "79%"), {("satisfaction_low", 6)}, id="satisfaction-=79%"),
    pytest.param(indicator(6, "≥80%"), set(), id="satisfaction-80%-near"),
    # plan_not_monotonic
    pytest.param(
        form(plan=[("3月底", "30%"), ("6月底", "29.9%"), ("12月底", "100%")]),
        {("plan_not_monotonic", None)},
        id="plan-decreases",
    ),
    pytest.param(
        form(plan=[("3月底", "30%"), ("6月底", "30%"), ("12月底", "100%")]),
        set(),
        id="plan-flat-near",
    ),
    # plan_out_of_range
    pytest.param(
        form(plan=[("3月底", "30%"), ("6月底", "60%"), ("12月底", "100.5%")]),
        {("plan_out_of_range", None)},
        id="plan-100.5%",
    ),
    pytest.param(
        form(plan=[("3月底", "-5%"), ("6月底", "60%"), ("12月底", "100%")]),
        {("plan_out_of_range", None)},
        id="plan-negative",
    ),
    pytest.param(
        form(plan=[("3月底", "0%"), ("6月底", "60%"), ("12月底", "100%")]),
        set(),
        id="plan-0-and-100-near",
    ),
    # plan_unreadable
    pytest.param(
        form(plan=[("3月底", "30%"), ("6月底", "六成"), ("12月底", "100%")]),
        {("plan_unreadable", None)},
        id="plan-unreadable",
    ),
    pytest.param(  # a blank checkpoint carries the value before it
        form(plan=[("3月底", "30%"), ("6月底", ""), ("12月底", "100%")]),
        set(),
        id="plan-blank-near",
    ),
    # plan_missing: no plan rows, or plan rows with every checkpoint blank
    pytest.param(form(plan=None), {("plan_missing", None)}, id="plan-missing"),
    pytest.param(
        form(plan=[("3月底", ""), ("6月底", ""), ("12月底", "")]),
        {("plan_missing", None)},
        id="plan-all-blank",
    ),
    pytest.param(
        form(plan=[("3月底", ""), ("6月底", ""), ("12月底", "100%")]),
        set(),
        id="plan-one-checkpoint-near",
    ),
    pytest.param(  # a dash or slash says "nothing here": a plan of dashes is no plan
        form(plan=[("3月底", "—"), ("6月底", "/"), ("12月底", "-")]),
        {("plan_missing", None)},
        id="plan-all-dashes",
    ),
    pytest.param(
        form(plan=[("3月底", "30%"), ("6月底", "—"), ("12月底", "100%")]),
        set(),
        id="plan-dash-near",
    ),
    # budget_parts_mismatch, in 元: 60,000.00 + 39,999.99 = 99,999.99 ≠ 100,000.00
    pytest.param(
        form(unit_line="单位：元", budget="100,000.00", fiscal="60,000.00", other="39,999.99"),
        {("budget_parts_mismatch", None)},
        id="budget-parts-off-by-0.01",
    ),
    pytest.param(
        form(unit_line="单位：元", budget="100,000.00", fiscal="60,000.00", other="40,000.00"),
        set(),
        id="budget-parts-equal-near",
    ),
    pytest.param(  # 其他资金 blank: 财政资金 alone must make the budget
        form(fiscal="9.99", other=""), {("budget_parts_mismatch", None)}, id="budget-fiscal-only"
    ),
    pytest.param(form(fiscal="10.00", other=""), set(), id="budget-fiscal-only-near"),
    # budget_zero, in 元: 0.00 flagged, a single fen not (the cost capped at 0.01 元 fits in it)
    pytest.param(
        {**indicator(4, "≤0.01元"), **IN_YUAN, "budget": "0.00", "fiscal": "0.00", "other": ""},
        {("budget_zero", None)},
        id="budget-zero",
    ),
    pytest.param(
        {**indicator(4, "≤0.01元"), **IN_YUAN, "budget": "0.01", "fiscal": "0.01", "other": ""},
        set(),
        id="budget-0.01-near",
    ),
    # no_indicators (and then no no_satisfaction on top)
    pytest.param(form(indicators=[]), {("no_indicators", None)}, id="no-indicators"),
    pytest.param(form(indicators=CLEAN_INDICATORS[5:]), set(), id="one-indicator-near"),
    # missing_value: an empty 指标值
    pytest.param(indicator(5, ""), {("missing_value", 5)}, id="missing-value"),
    pytest.param(indicator(5, "有效提升"), set(), id="missing-value-near"),
    # money_unit_assumed (info): no 单位 line and no unit on the amounts' labels
    pytest.param(form(unit_line=None), {("money_unit_assumed", None)}, id="money-unit-assumed"),
    pytest.param(
        form(unit_line=None, budget_label="预算数（万元）"), set(), id="money-unit-label-near"
    ),
]


def test_the_clean_document_has_no_finding(load, db_path):
    assert load(CLEAN_FORM) == {}
    plan = table_rows(db_path, "SELECT cumulative_pct FROM spending_plan ORDER BY checkpoint")
    assert plan == [(30.0,), (60.0,), (90.0,), (100.0,)]
    assert table_rows(db_path, "SELECT budget_yuan FROM projects") == [(Decimal("100000.00"),)]


@pytest.mark.parametrize(("spec", "expected"), CASES)
def test_finding(load, spec, expected):
    found = load(spec)
    assert set(found) == expected
    for (rule, _), severity in found.items():
        assert severity == ("info" if rule == "money_unit_assumed" else "warning"), rule


@pytest.mark.parametrize(
    ("year", "expected"),
    [("2024", [(1, "stale_year", "warning")]), ("2025", [])],  # the document is 2025's
)
def test_stale_year_in_a_department_goal(load, db_path, year, expected):
    load(form(part_one=["一、总体绩效目标", f"1.计划{year}年开展2期青年就业培训班。"]))
    goals = table_rows(db_path, "SELECT seq, value, unit, stale_year FROM unit_goals")
    assert goals == [(1, 2.0, "期", None if year == "2025" else 2024)]
    findings = table_rows(db_path, "SELECT goal_seq, rule, severity FROM unit_findings")
    assert findings == expected


def test_every_rule_of_the_readme_is_triggered_here():
    """A rule added to the README's table without a case here fails this test."""
    section = (ROOT / "README.md").read_text("utf-8").split("### Target-quality findings")[1]
    table = section.split("\n\n")[2]  # after the heading's blank line and the lead sentence
    readme_rules = set(re.findall(r"`([a-z0-9_]+)`", table))
    triggered = {rule for case in CASES for rule, _ in case.values[1]} | {"stale_year"}
    assert len(readme_rules) == 18
    assert readme_rules == triggered


def test_a_configured_satisfaction_threshold(load, tmp_path, monkeypatch):
    """`[findings] satisfaction_min_pct = 90`: 89.9% is now low, 90% is not."""
    config = tmp_path / "tracker.toml"
    config.write_text("[findings]\nsatisfaction_min_pct = 90\n", encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    settings.cache_clear()
    try:
        assert load(indicator(6, "≥89.9%")) == {("satisfaction_low", 6): "warning"}
        assert load(indicator(6, "≥90%")) == {}
    finally:
        monkeypatch.delenv("TRACKER_CONFIG")
        settings.cache_clear()


# -- the thresholds, at the rule functions ---------------------------------------------------------


def rules_of(level2: str, name: str, raw: str, budget_yuan: float = 100_000.0) -> list[str]:
    ind = Indicator(1, "产出指标", level2, name, None, raw, None, parse_target_value(raw, level2))
    return [f.rule for f in indicator_findings(ind, budget_yuan)]


@pytest.mark.parametrize(
    ("level2", "name", "raw", "budget", "expected"),
    [
        ("质量指标", "验收合格率", "≥100%", 1e5, []),
        ("质量指标", "验收合格率", "≥100.01%", 1e5, ["rate_above_100"]),
        ("服务对象满意度指标", "群众满意度", "≥80%", 1e5, []),
        ("服务对象满意度指标", "群众满意度", "≥79.99%", 1e5, ["satisfaction_low"]),
        ("服务对象满意度指标", "群众满意度", ">79.99%", 1e5, ["satisfaction_low"]),
        ("服务对象满意度指标", "投诉率", "≤5%", 1e5, []),  # lower is better: rightly ≤
        ("成本指标", "项目总成本", "≤100000元", 1e5, []),  # equal to the budget
        ("成本指标", "项目总成本", "≤100000.01元", 1e5, ["cost_above_budget"]),
        ("成本指标", "人均培训成本", "≤100001元/人", 1e5, []),  # per person: not the project's
        ("成本指标", "项目总成本", "≤100001元", 0.0, []),  # no budget to compare with
        ("成本指标", "人均补助标准", "≥600元", 1e5, []),  # a standard is rightly ≥
        ("时效指标", "完成时间", "2025年6月30日前", 1e5, []),
        ("时效指标", "完成时间", "按时", 1e5, ["timeliness_without_date"]),
    ],
)
def test_indicator_thresholds(level2, name, raw, budget, expected):
    assert rules_of(level2, name, raw, budget) == expected


def _project(budget: str, fiscal: str | None, other: str | None) -> ProjectTargets:
    def money(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return ProjectTargets(
        CODE, 2025, "712001", None, "测试项目", Decimal(budget), money(fiscal), money(other),
        None, None, None, "元",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("budget", "fiscal", "other", "expected"),
    [
        ("100000.00", "60000.00", "40000.00", []),
        ("100000.00", "60000.00", "40000.01", ["budget_parts_mismatch"]),  # 100,000.01
        ("100000.00", "60000.00", "39999.99", ["budget_parts_mismatch"]),  # 99,999.99
        ("100000.00", None, "100000.00", []),  # no 财政资金 published: nothing to add up
        ("0.00", "0.00", None, ["budget_zero"]),
        ("0.01", "0.01", None, []),
    ],
)
def test_budget_thresholds(budget, fiscal, other, expected):
    project = _project(budget, fiscal, other)
    rules = [f.rule for f in project_findings(project, published_plan=None)]
    assert rules == ["no_indicators", *expected]  # the project holds no indicator
