"""The edges of the target-quality findings rules (`loaders.findings`), called directly.

`test_findings_rules.py` loads one document per rule through `tracker load targets`; here the rule
functions get real `Indicator`, `PlanPoint` and `ProjectTargets` records built in the test, so
that every word of the word lists, every branch of `_is_rate` / `_is_cost` / `_is_satisfaction`,
the messages' figures and the severities are pinned, each with a near case that is not flagged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from loaders.findings import (
    LOWER_IS_BETTER,
    NOT_A_COST_CAP,
    RATE_WORDS,
    indicator_findings,
    project_findings,
)
from loaders.target_records import Finding, Indicator, PlanPoint, ProjectTargets
from loaders.target_values import parse_target_value

BUDGET = 100_000.0  # yuan


def ind(
    raw: str,
    *,
    level1: str | None = "产出指标",
    level2: str | None = "质量指标",
    name: str | None = None,
    description: str | None = None,
    seq: int = 1,
) -> Indicator:
    """An indicator as the loader builds it: the published text parsed with its level2."""
    return Indicator(
        seq, level1, level2, name, description, raw, None, parse_target_value(raw, level2)
    )


def rules(indicator: Indicator, budget_yuan: float = BUDGET) -> list[str]:
    return [f.rule for f in indicator_findings(indicator, budget_yuan)]


# -- direction_wrong on a rate: every word that makes "higher is better" --------------------------


@pytest.mark.parametrize("word", RATE_WORDS)
@pytest.mark.parametrize("column", ["name", "description"])
def test_each_rate_word_capped_with_le_is_flagged(word, column):
    """A 覆盖率 (or any listed rate) capped with ≤ is flagged, whether the word is in the 三级指标
    or only in the 绩效指标描述; the same rate with ≥ is not."""
    text = {column: f"项目{word}"}
    assert rules(ind("≤90%", **text)) == ["direction_wrong"]
    assert rules(ind("≥90%", **text)) == []


@pytest.mark.parametrize("name", ["项目满意度", "群众满意率", "受益对象满意程度"])
def test_any_satisfaction_capped_with_le_is_flagged(name):
    assert rules(ind("≤95%", level2="满意度指标", name=name)) == ["direction_wrong"]


def test_a_percentage_without_a_rate_word_is_not_a_rate():
    """项目进度 is a percentage but not named a rate where higher is better: ≤ stays unflagged."""
    assert rules(ind("≤90%", name="项目进度", description="按季度统计")) == []


def test_a_rate_word_on_a_count_is_not_a_rate():
    """Only a percentage is a rate: ≤3个 named 验收 is a count, capped rightly."""
    assert rules(ind("≤3个", level2="数量指标", name="验收批次")) == []


@pytest.mark.parametrize("word", LOWER_IS_BETTER)
def test_each_lower_is_better_word_allows_le(word):
    """A 差错率 (or any listed lower-is-better rate) is rightly capped with ≤, even when its
    description also names 验收, a rate word."""
    name = word if word.endswith("率") else f"{word}率"
    assert rules(ind("≤5%", name=name, description="验收时统计")) == []


def test_lower_is_better_word_in_the_description_allows_le():
    assert rules(ind("≤5%", name="验收合格情况", description="统计返工比例")) == []


def test_lower_is_better_near_case():
    """The same description with a rate that is not in the list is flagged (验收 makes it one)."""
    assert rules(ind("≤5%", name="整改率", description="验收时统计")) == ["direction_wrong"]


def test_direction_message():
    [finding] = indicator_findings(ind("≤100%", name="群众满意度", seq=7), BUDGET)
    assert finding == Finding(
        "direction_wrong",
        "warning",
        "指标「群众满意度」是比率类指标，目标值「≤100%」方向应为 ≥（越高越好）",
        7,
    )


# -- direction_wrong on a cost ------------------------------------------------------------------


@pytest.mark.parametrize("word", NOT_A_COST_CAP)
@pytest.mark.parametrize("column", ["name", "description"])
def test_each_standard_or_saving_word_allows_ge(word, column):
    """A per-person 补助标准, a 节约 amount … is rightly ≥, with the word in either column."""
    text = {"name": f"人均{word}", "description": None}
    if column == "description":
        text = {"name": "人均金额", "description": f"按{word}计"}
    assert rules(ind("≥600元", level2="成本指标", **text)) == []


def test_a_cost_with_ge_is_flagged_and_its_message():
    """The near case of the words above: 人均金额 ≥600元 is a cost floored, flagged."""
    [finding] = indicator_findings(ind("≥600元", level2="成本指标", name="人均金额", seq=4), BUDGET)
    assert finding == Finding(
        "direction_wrong",
        "warning",
        "指标「人均金额」是成本指标，目标值「≥600元」方向应为 ≤（不超过）",
        4,
    )


def test_a_cost_floored_in_a_quantity_is_not_a_money_cap():
    """≥5人 under 成本指标 is a count, not money: no direction to correct."""
    assert rules(ind("≥5人", level2="成本指标", name="服务人数")) == []


@pytest.mark.parametrize("level2", [None, "数量指标"])
def test_money_outside_a_cost_indicator_may_be_floored(level2):
    """≥5万元 of 带动投资 (a 数量 figure, or no 二级指标 at all) is not a cost."""
    assert rules(ind("≥5万元", level2=level2, name="带动投资")) == []


# -- cost_above_budget ---------------------------------------------------------------------------


def test_cost_above_budget_message():
    """100,000.01 元 against a 100,000.00 元 budget, both with thousands separators and fen."""
    [finding] = indicator_findings(
        ind("≤100000.01元", level2="成本指标", name="项目总成本", seq=3), BUDGET
    )
    assert finding == Finding(
        "cost_above_budget",
        "warning",
        "指标「项目总成本」目标值 100,000.01 元高于项目预算 100,000.00 元",
        3,
    )


def test_cost_above_a_small_budget():
    """A budget under one yuan still counts: 1 元 > 0.5 元 is flagged."""
    assert rules(ind("≤1元", level2="成本指标", name="项目总成本"), 0.5) == ["cost_above_budget"]


def test_cost_above_budget_without_a_unit_is_only_missing_unit():
    """≤200000 under 成本指标 is money without a currency: no comparison with the budget."""
    assert rules(ind("≤200000", level2="成本指标", name="项目总成本")) == ["missing_unit"]


def test_cost_above_budget_needs_a_cost_indicator():
    """≤20万元 (200,000 元) of 带动投资 under 效益指标 is no cost: not compared with the budget."""
    assert rules(ind("≤20万元", level2="效益指标", name="带动投资")) == []


# -- rate_above_100, missing_unit, qualitative_value, timeliness, missing_value -------------------


def test_rate_above_100_message():
    [finding] = indicator_findings(ind("≥100.5%", name="验收合格率", seq=2), BUDGET)
    assert finding == Finding(
        "rate_above_100", "warning", "指标「验收合格率」比率目标值「≥100.5%」超过 100%", 2
    )


def test_rate_just_above_100_is_flagged():
    """100.5% is over 100 (a threshold moved to 101 would miss it)."""
    assert rules(ind("≥100.5%", name="项目进度")) == ["rate_above_100"]


def test_missing_unit_message():
    [finding] = indicator_findings(ind("≥100", level2="数量指标", name="培训人数", seq=1), BUDGET)
    assert finding == Finding(
        "missing_unit", "warning", "指标「培训人数」目标值「≥100」只有数字，没有计量单位", 1
    )


def test_a_percent_has_its_unit():
    assert rules(ind("=50%", name="项目进度")) == []


def test_qualitative_value_message():
    [finding] = indicator_findings(ind("较多", level2="数量指标", name="培训人数", seq=1), BUDGET)
    assert finding == Finding(
        "qualitative_value",
        "warning",
        "指标「培训人数」属于「数量指标」定量指标，但目标值「较多」不是数值",
        1,
    )


def test_qualitative_value_without_level2_is_not_flagged():
    assert rules(ind("较多", level2=None, name="培训人数")) == []


def test_timeliness_message():
    [finding] = indicator_findings(ind("及时", level2="时效指标", name="完成时间", seq=3), BUDGET)
    assert finding == Finding(
        "timeliness_without_date",
        "warning",
        "指标「完成时间」是时效指标，但目标值「及时」不是完成时限（日期）",
        3,
    )


def test_missing_value_message_and_blank_text():
    """A 指标值 of spaces only is as empty as none; the label falls back to the description."""
    [finding] = indicator_findings(
        ind("  ", level2="效益指标", description="提升就业能力", seq=5), BUDGET
    )
    assert finding == Finding("missing_value", "warning", "指标「提升就业能力」没有填写指标值", 5)


def test_label_falls_back_to_the_sequence_number():
    [finding] = indicator_findings(ind("", level2="效益指标", seq=9), BUDGET)
    assert finding == Finding("missing_value", "warning", "指标「9」没有填写指标值", 9)


# -- satisfaction --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level1", "level2", "name"),
    [
        ("满意度指标", None, None),  # 一级指标 only
        (None, "服务对象满意度指标", None),  # 二级指标 only
        (None, None, "群众满意程度"),  # 三级指标 only
    ],
)
def test_satisfaction_is_found_in_any_level(level1, level2, name):
    """A satisfaction target of 79% is low wherever 满意 is written; the project then has a
    satisfaction indicator."""
    indicator = ind("≥79%", level1=level1, level2=level2, name=name, description="问卷调查")
    assert rules(indicator) == ["satisfaction_low"]
    found = [f.rule for f in project_findings(_project([indicator]), published_plan=None)]
    assert found == ["satisfaction_low"]  # and no no_satisfaction


def test_satisfaction_low_message():
    """79.5% below the default 80%, both printed without trailing zeros."""
    [finding] = indicator_findings(
        ind("≥79.5%", level2="满意度指标", name="学员满意度", seq=6), BUDGET
    )
    assert finding == Finding(
        "satisfaction_low", "warning", "指标「学员满意度」满意度目标 79.5% 低于 80%", 6
    )


def test_satisfaction_capped_is_not_low():
    """≤79% is a direction error, not a low floor."""
    assert rules(ind("≤79%", level2="满意度指标", name="学员满意度")) == ["direction_wrong"]


def test_satisfaction_not_a_percentage_is_not_low():
    """≥79分 (a score) is not a percentage: no threshold applies."""
    assert rules(ind("≥79分", level2="满意度指标", name="学员满意度")) == []


# -- the project: indicators, plan, budget -------------------------------------------------------


def _project(
    indicators: list[Indicator],
    plan: list[PlanPoint] | None = None,
    budget: str = "100000.00",
    fiscal: str | None = None,
    other: str | None = None,
) -> ProjectTargets:
    def money(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return ProjectTargets(
        "13043425P00000000001A", 2025, "712001", None, "测试项目", Decimal(budget), money(fiscal),
        money(other), None, None, None, "元", plan=plan or [], indicators=indicators,
    )  # fmt: skip


SATISFACTION = ind("≥90%", level1="满意度指标", level2="服务对象满意度指标", name="学员满意度")


def point(month: int, pct: float, source: str = "published") -> PlanPoint:
    return PlanPoint(dt.date(2025, month, 28), f"{month}月底", pct, source)


def test_no_indicators_and_no_satisfaction_messages():
    assert project_findings(_project([]), published_plan=None) == [
        Finding("no_indicators", "warning", "没有绩效指标")
    ]
    count = ind("≥100人", level2="数量指标", name="培训人数")
    assert project_findings(_project([count]), published_plan=None) == [
        Finding("no_satisfaction", "warning", "没有满意度指标")
    ]


@pytest.mark.parametrize(
    ("published_plan", "missing"),
    [
        (None, False),  # the plan's rows were not read (no form): nothing to say
        ([], True),  # no checkpoint at all
        ([(3, "3月底", None), (6, "6月底", "  ")], True),  # every checkpoint blank
        ([(3, "3月底", "—"), (6, "6月底", "/"), (12, "12月底", "无")], True),  # or "nothing"
        ([(3, "3月底", "—"), (12, "12月底", "100%")], False),
        ([(3, "3月底", "过半")], False),  # a word is unreadable (its own finding), not missing
        ([(3, "3月底", None), (12, "12月底", "100%")], False),
    ],
)
def test_plan_missing(published_plan, missing):
    found = project_findings(_project([SATISFACTION]), published_plan=published_plan)
    expected = [Finding("plan_missing", "warning", "没有资金支出计划，按年底 100% 计")]
    assert found == (expected if missing else [])


def test_plan_not_monotonic_message_and_only_published_points():
    """30% then 29.5%: a decrease; the carried and default points are the tracker's, not flagged."""
    plan = [point(3, 30.0), point(6, 29.5), point(9, 10.0, "carried"), point(12, 100.0)]
    assert project_findings(_project([SATISFACTION], plan), published_plan=None) == [
        Finding(
            "plan_not_monotonic", "warning", "资金支出计划不是逐期累计递增：3月底 30% > 6月底 29.5%"
        )
    ]


def test_plan_equal_steps_are_monotonic():
    plan = [point(3, 30.0), point(6, 30.0), point(12, 100.0)]
    assert project_findings(_project([SATISFACTION], plan), published_plan=None) == []


def test_plan_out_of_range_messages():
    """−0.5% and 100.5% leave 0–100%; 0% and 100% are its bounds; a default point is not read."""
    plan = [
        point(1, 0.0),
        point(3, -0.5),
        point(6, 100.0),
        point(9, 100.5),
        point(11, 150.0, "default"),
    ]
    found = project_findings(_project([SATISFACTION], plan), published_plan=None)
    assert [f for f in found if f.rule == "plan_out_of_range"] == [
        Finding("plan_out_of_range", "warning", "资金支出计划 3月底 为 -0.5%，应在 0–100% 之间"),
        Finding("plan_out_of_range", "warning", "资金支出计划 9月底 为 100.5%，应在 0–100% 之间"),
    ]


def test_plan_unreadable_messages():
    found = project_findings(
        _project([SATISFACTION]), published_plan=None, unreadable=["六成", "过半"]
    )
    assert found == [
        Finding("plan_unreadable", "warning", "资金支出计划中「六成」不是百分比"),
        Finding("plan_unreadable", "warning", "资金支出计划中「过半」不是百分比"),
    ]


def test_budget_parts_mismatch_message():
    """60,000.00 + 39,999.99 = 99,999.99 元 against 100,000.00 元."""
    project = _project([SATISFACTION], fiscal="60000.00", other="39999.99")
    assert project_findings(project, published_plan=None) == [
        Finding(
            "budget_parts_mismatch",
            "warning",
            "财政资金与其他资金合计 99,999.99 元，不等于预算数 100,000.00 元",
        )
    ]


def test_budget_parts_without_other_funds():
    """No 其他资金: 财政资金 alone, 100,000.00 = 100,000.00, adds up."""
    project = _project([SATISFACTION], fiscal="100000.00", other=None)
    assert project_findings(project, published_plan=None) == []


@pytest.mark.parametrize(("budget", "flagged"), [("-1.00", True), ("0.00", True), ("0.01", False)])
def test_budget_zero_message(budget, flagged):
    found = project_findings(_project([SATISFACTION], budget=budget), published_plan=None)
    assert found == ([Finding("budget_zero", "warning", "预算数为 0")] if flagged else [])


def test_the_order_of_a_project_findings():
    """Indicators first (with their seq), then the project's findings in the rules' order."""
    rate = ind("≤90%", name="覆盖率", seq=2)
    plan = [point(3, 40.0), point(6, 30.0), point(12, 120.0)]
    project = _project([rate], plan, budget="0.00", fiscal="1.00", other=None)
    found = project_findings(project, published_plan=[(3, "3月底", "40%")], unreadable=["七成"])
    assert [(f.rule, f.indicator_seq) for f in found] == [
        ("direction_wrong", 2),
        ("no_satisfaction", None),
        ("plan_not_monotonic", None),
        ("plan_out_of_range", None),
        ("plan_unreadable", None),
        ("budget_parts_mismatch", None),
        ("budget_zero", None),
    ]
