"""Target-quality findings in English (presentation.findings_text): every message the loaders write
(made here by the loaders' own functions, not typed), read in English with the document's values
carried over; Chinese pages get the stored text unchanged; an unknown message is shown as stored."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from loaders.findings import indicator_findings, project_findings
from loaders.target_records import Indicator, PlanPoint, ProjectTargets
from loaders.target_values import parse_target_value
from loaders.unit_goals import UnitGoal, stale_year_message
from presentation.findings_text import finding_message

CJK = re.compile(r"[\u4e00-\u9fff]")


def ind(raw: str, level2: str, name: str, level1: str = "产出指标") -> Indicator:
    return Indicator(1, level1, level2, name, None, raw, None, parse_target_value(raw, level2))


def project(indicators, plan=(), budget="100000.00", fiscal=None, other=None) -> ProjectTargets:
    def money(text):
        return None if text is None else Decimal(text)

    return ProjectTargets(
        "13043425P00000000001A", 2025, "712001", None, "测试项目", Decimal(budget), money(fiscal),
        money(other), None, None, None, "元", plan=list(plan), indicators=list(indicators),
    )  # fmt: skip


def point(month: int, pct: float) -> PlanPoint:
    return PlanPoint(dt.date(2025, month, 28), f"{month}月底", pct, "published")


SATISFIED = ind("≥90%", "服务对象满意度指标", "学员满意度", "满意度指标")


def only(found) -> str:
    (finding,) = found
    return finding.message


INDICATOR_CASES = [
    (
        ind("≤90%", "质量指标", "培训覆盖率"),
        "Indicator “培训覆盖率” is a rate: its target “≤90%” should read ≥ (higher is better)",
    ),
    (
        ind("≥5万元", "成本指标", "人均成本"),
        "Indicator “人均成本” is a cost: its target “≥5万元” should read ≤ (at most)",
    ),
    (
        ind("≤200000元", "成本指标", "总成本"),
        "Indicator “总成本” target of 200,000.00 yuan is above the project's budget of "
        "100,000.00 yuan",
    ),
    (ind("≥120%", "质量指标", "完成率"), "Indicator “完成率” rate target “≥120%” is above 100%"),
    (
        ind("≥22", "数量指标", "培训人数"),
        "Indicator “培训人数” target “≥22” is a number without a unit of measure",
    ),
    (
        ind("较好", "数量指标", "培训人数"),
        "Indicator “培训人数” is a quantitative indicator (数量指标) but its target “较好” is "
        "not a number",
    ),
    (
        ind("及时", "时效指标", "完成时间"),
        "Indicator “完成时间” is a timeliness indicator but its target “及时” is not a deadline "
        "(a date)",
    ),
    (
        ind("≥70%", "服务对象满意度指标", "学员满意度", "满意度指标"),
        "Indicator “学员满意度” satisfaction target of 70% is below 80%",
    ),
    (ind("", "社会效益指标", "群众受益", "效益指标"), "Indicator “群众受益” has no target value"),
]


@pytest.mark.parametrize(("indicator", "english"), INDICATOR_CASES)
def test_each_indicator_finding_in_english(indicator, english):
    message = only(indicator_findings(indicator, 100_000.0))
    assert finding_message(message, "en") == english
    assert finding_message(message, "zh") == message


PROJECT_CASES = [
    (project([]), None, "No performance indicators"),
    (project([ind("≥22人", "数量指标", "培训人数")]), None, "No satisfaction indicator"),
    (project([SATISFIED]), [], "No spending plan: 100% by the year end is assumed"),
    (
        project([SATISFIED], [point(3, 30), point(6, 29.5)]),
        None,
        "The spending plan decreases: end of March 30% > end of June 29.5%",
    ),
    (
        project([SATISFIED], [point(12, 130)]),
        None,
        "The spending plan at the end of December is 130%: it should lie within 0–100%",
    ),
    (
        project([SATISFIED], budget="100000.00", fiscal="60000.00", other="30000.00"),
        None,
        "Fiscal and other funds add up to 90,000.00 yuan, not to the budget of 100,000.00 yuan",
    ),
    (project([SATISFIED], budget="0.00"), None, "The budget is 0"),
]


@pytest.mark.parametrize(("targets", "published_plan", "english"), PROJECT_CASES)
def test_each_project_finding_in_english(targets, published_plan, english):
    message = only(project_findings(targets, published_plan=published_plan))
    assert finding_message(message, "en") == english


def test_unreadable_plan_money_unit_and_stale_goal_in_english():
    unreadable = only(
        project_findings(project([SATISFIED]), published_plan=None, unreadable=["过半"])
    )
    assert (
        finding_message(unreadable, "en") == "The spending plan's cell “过半” is not a percentage"
    )
    assumed = "文件未写明金额单位（单位：万元/元），按万元读取"  # loaders/target_forms.py
    assert finding_message(assumed, "en") == (
        "The file does not say its money unit (万元 or 元): read as 万元"
    )
    goal = UnitGoal(2, None, "计划2022年开展2期就业培训班。", "quantity", stale_year=2022)
    assert finding_message(stale_year_message(goal, 2025), "en") == (
        "The department's goal 2 names the year 2022 in a document for 2025: probably text "
        "carried over from an earlier year, please check (“计划2022年开展2期就业培训班。”)"
    )


def test_english_words_only_around_the_documents_values():
    """In every English message, outside the values quoted from the document (“…”, an
    indicator's level in brackets, a money unit) no Chinese is left."""
    messages = [only(indicator_findings(i, 100_000.0)) for i, _ in INDICATOR_CASES]
    messages += [only(project_findings(p, published_plan=plan)) for p, plan, _ in PROJECT_CASES]
    for message in messages:
        english = finding_message(message, "en")
        outside = re.sub(r"“[^”]*”|\([^)]*\)", "", english)
        assert not CJK.search(outside), english


def test_a_message_no_pattern_knows_is_shown_as_stored():
    assert finding_message("一条新的提示", "en") == "一条新的提示"
    assert finding_message(None, "en") == ""
