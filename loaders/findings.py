"""Target-quality findings (DOMAIN.md §2): what reviewers and auditors flag in a published table.

Findings are shown, never used to reject a file. Each rule has a stable id (`rule`), a severity
(`warning` for a likely error in the published targets, `info` for a note) and a message in Chinese.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from loaders.plan import is_blank
from loaders.target_records import Finding
from store.settings import settings

if TYPE_CHECKING:
    from loaders.target_records import Indicator, ProjectTargets

# rates where higher is better; a 差错率 or 投诉率 is rightly capped with ≤
RATE_WORDS = (
    "满意度",
    "满意率",
    "覆盖率",
    "合格率",
    "达标率",
    "完成率",
    "及时率",
    "知晓率",
    "优良率",
    "到位率",
    "入学率",
    "利用率",
    "使用率",
    "达成率",
    "执行率",
    "验收",
)
LOWER_IS_BETTER = (
    "差错",
    "返工",
    "投诉",
    "事故",
    "失误",
    "流失",
    "辍学",
    "超支",
    "损失",
    "不合格",
    "发生率",
    "违规",
    "逾期",
    "空置",
)
NOT_A_COST_CAP = ("标准", "节约", "补助", "补贴")  # per-person standards and savings rightly use ≥
QUANTITATIVE_LEVEL2 = ("数量", "质量", "成本")


def _is_satisfaction(ind: Indicator) -> bool:
    return any("满意" in (text or "") for text in (ind.level1, ind.level2, ind.name))


def _is_cost(ind: Indicator) -> bool:
    return "成本" in (ind.level2 or "")


def _is_rate(ind: Indicator) -> bool:
    """A percentage where higher is better (满意度, 覆盖率, 合格率 …), not a 差错率 or 投诉率."""
    text = (ind.name or "") + (ind.description or "")
    if ind.target.kind != "percent" or any(word in text for word in LOWER_IS_BETTER):
        return False
    return "满意" in text or any(word in text for word in RATE_WORDS)


def indicator_findings(ind: Indicator, budget_yuan: float) -> list[Finding]:
    """The findings for one indicator, given its project's budget in yuan."""
    found: list[Finding] = []
    target = ind.target
    label = f"指标「{ind.name or ind.description or ind.seq}」"

    def add(rule: str, message: str, severity: str = "warning") -> None:
        found.append(Finding(rule, severity, f"{label}{message}", ind.seq))

    if target.operator in ("≤", "<") and _is_rate(ind):
        add("direction_wrong", f"是比率类指标，目标值「{ind.target_raw}」方向应为 ≥（越高越好）")
    name = (ind.name or "") + (ind.description or "")
    if (
        target.operator in ("≥", ">")
        and _is_cost(ind)
        and target.kind == "money"
        and not any(word in name for word in NOT_A_COST_CAP)
    ):
        add("direction_wrong", f"是成本指标，目标值「{ind.target_raw}」方向应为 ≤（不超过）")
    if (
        target.kind == "money"
        and _is_cost(ind)
        and target.value is not None
        and target.unit is not None
        and target.unit.startswith("元")
        and "/" not in target.unit
        and budget_yuan > 0
        and target.value > budget_yuan
    ):
        add("cost_above_budget", f"目标值 {target.value:,.2f} 元高于项目预算 {budget_yuan:,.2f} 元")
    if target.kind == "percent" and target.value is not None and target.value > 100:
        add("rate_above_100", f"比率目标值「{ind.target_raw}」超过 100%")
    if target.kind in ("quantity", "money") and target.value is not None and not target.unit:
        add("missing_unit", f"目标值「{ind.target_raw}」只有数字，没有计量单位")
    level2 = ind.level2 or ""
    if any(word in level2 for word in QUANTITATIVE_LEVEL2) and target.kind == "qualitative":
        add("qualitative_value", f"属于「{level2}」定量指标，但目标值「{ind.target_raw}」不是数值")
    if "时效" in level2 and target.kind != "deadline":
        add(
            "timeliness_without_date",
            f"是时效指标，但目标值「{ind.target_raw}」不是完成时限（日期）",
        )
    threshold = settings().findings.satisfaction_min_pct
    if (
        _is_satisfaction(ind)
        and target.kind == "percent"
        and target.value is not None
        and target.operator in ("≥", ">", "=")
        and target.value < threshold
    ):
        add("satisfaction_low", f"满意度目标 {target.value:g}% 低于 {threshold:g}%")
    if not ind.target_raw.strip():
        add("missing_value", "没有填写指标值")
    return found


def project_findings(
    project: ProjectTargets,
    published_plan: list[tuple[int, str, str | None]] | None = None,
    unreadable: list[str] | None = None,
) -> list[Finding]:
    """All findings for a project: its indicators, its plan and its budget lines."""
    found: list[Finding] = []
    budget = float(project.budget_yuan)
    for ind in project.indicators:
        found.extend(indicator_findings(ind, budget))
    if not project.indicators:
        found.append(Finding("no_indicators", "warning", "没有绩效指标"))
    elif not any(_is_satisfaction(ind) for ind in project.indicators):
        found.append(Finding("no_satisfaction", "warning", "没有满意度指标"))
    # a plan row whose every checkpoint is blank (or a dash) is no plan either (as in the template)
    if published_plan is not None and all(is_blank(raw) for *_, raw in published_plan):
        found.append(Finding("plan_missing", "warning", "没有资金支出计划，按年底 100% 计"))
    published = [p for p in project.plan if p.source == "published"]
    for before, after in pairwise(published):
        if after.cumulative_pct < before.cumulative_pct:
            found.append(
                Finding(
                    "plan_not_monotonic",
                    "warning",
                    f"资金支出计划不是逐期累计递增：{before.label} {before.cumulative_pct:g}% > "
                    f"{after.label} {after.cumulative_pct:g}%",
                )
            )
    for point in published:
        if point.cumulative_pct > 100 or point.cumulative_pct < 0:
            found.append(
                Finding(
                    "plan_out_of_range",
                    "warning",
                    f"资金支出计划 {point.label} 为 {point.cumulative_pct:g}%，应在 0–100% 之间",
                )
            )
    for raw in unreadable or []:
        found.append(Finding("plan_unreadable", "warning", f"资金支出计划中「{raw}」不是百分比"))
    if project.fiscal_yuan is not None:
        parts = project.fiscal_yuan + (project.other_yuan or 0)
        if parts != project.budget_yuan:
            found.append(
                Finding(
                    "budget_parts_mismatch",
                    "warning",
                    f"财政资金与其他资金合计 {parts:,.2f} 元，不等于预算数 {project.budget_yuan:,.2f} 元",
                )
            )
    if project.budget_yuan <= 0:
        found.append(Finding("budget_zero", "warning", "预算数为 0"))
    return found
