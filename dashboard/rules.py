"""The rules (DOMAIN.md §3–5), as pure functions on small pandas frames: no database, no Streamlit.

Dates: the status at as-of date d means the end of day d. A project's year runs from the end of the
previous 31 December (0%) to 31 December; a date after its year counts as 31 December.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pandas as pd

from loaders.settings import BudgetSettings, IndicatorSettings, ScoreSettings

RED, YELLOW, GREEN, BLUE = "red", "yellow", "green", "blue"
NOT_DUE = "not_due"  # no spending planned yet: no ratio to judge
SEVERITY = {RED: 3, YELLOW: 2, GREEN: 1, BLUE: 1}


def year_start(year: int) -> dt.date:
    """The end of the previous 31 December: the plan's 0% point."""
    return dt.date(year - 1, 12, 31)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def effective_date(as_of: dt.date, year: int) -> dt.date:
    """as-of clipped to the project's year."""
    return max(year_start(year), min(as_of, dt.date(year, 12, 31)))


def time_pct(as_of: dt.date, year: int) -> float:
    """序时进度: days elapsed (to the end of as-of) / days in the year × 100."""
    day = effective_date(as_of, year)
    return (day - year_start(year)).days / days_in_year(year) * 100


def plan_pct(points: list[tuple[dt.date, float]], as_of: dt.date, year: int) -> float:
    """The cumulative plan at as-of: linear between checkpoints from 0% at year start; the last
    checkpoint's value after it."""
    day = effective_date(as_of, year)
    previous = (year_start(year), 0.0)
    for checkpoint, pct in sorted(points):
        if checkpoint <= day:
            previous = (checkpoint, pct)
            continue
        span = (checkpoint - previous[0]).days
        share = (day - previous[0]).days / span if span else 1.0
        return previous[1] + (pct - previous[1]) * share
    return previous[1]


def budget_warning(execution_pct: float | None, plan: float, bands: BudgetSettings) -> str:
    """red / yellow / green from r = 执行率 / plan × 100, or not_due before any spending is due."""
    if plan <= 0 or execution_pct is None:
        return NOT_DUE
    ratio = execution_pct / plan * 100
    if ratio < bands.red_below:
        return RED
    if ratio < bands.yellow_below:
        return YELLOW
    return GREEN


def forecast_pct(
    spent: float,
    recent: float,
    budget: float,
    as_of: dt.date,
    year: int,
    bands: BudgetSettings,
    target: dt.date | None = None,
    window_days: int | None = None,
) -> float | None:
    """Expected execution at `target` (default year end): the daily rate of the last
    `forecast_window_days` days (fewer early in the year) continued; never below what is spent,
    never above `forecast_max_pct`. None for a zero budget."""
    if budget <= 0:
        return None
    day = effective_date(as_of, year)
    end = min(target or dt.date(year, 12, 31), dt.date(year, 12, 31))
    window = min(window_days or bands.forecast_window_days, (day - year_start(year)).days)
    rate = recent / window if window > 0 else 0.0
    expected = spent + max(rate, 0.0) * max((end - day).days, 0)
    pct = expected / budget * 100
    return float(min(max(pct, spent / budget * 100), bands.forecast_max_pct))


def indicator_colour(
    kind: str,
    direction: str | None,
    operator: str | None,
    target: float | None,
    actual: float | None,
    level: str | None,
    done_date: dt.date | None,
    deadline: dt.date | None,
    months_elapsed: float,
    as_of: dt.date,
    bands: IndicatorSettings,
) -> tuple[float | None, str | None, str | None]:
    """(ratio_pct, colour, reason) for one indicator (DOMAIN §4).

    Positive direction: ratio = actual / (target × m/12) × 100 for cumulative kinds
    (`prorate_kinds`), actual / target × 100 for rates; red < 60, yellow < 80, green < 120, blue.
    Reverse: green within the limit, else red. Qualitative: 达成 green, 部分达成 yellow, 未达成 red.
    Deadline: done on time green, late red, not done and past red, not done before it: no colour.
    """
    if kind == "qualitative":
        colours = {"达成": GREEN, "部分达成": YELLOW, "未达成": RED}
        if level in colours:
            return None, colours[level], None
        return None, None, "尚未评定（达成 / 部分达成 / 未达成）"
    if kind == "deadline":
        if level == "达成" or done_date is not None:
            late = done_date is not None and deadline is not None and done_date > deadline
            return None, (RED if late else GREEN), ("逾期完成" if late else None)
        if level in ("未达成", "部分达成") and deadline is not None and as_of > deadline:
            return None, RED, "已过完成时限，未完成"
        if deadline is not None and as_of > deadline:
            return None, RED, "已过完成时限，未报完成"
        return None, None, "未到完成时限"
    if target is None:
        return None, None, "指标值无法解析"
    if actual is None:
        return None, None, "尚无实际值"
    if direction == "lower":
        within = actual < target if operator == "<" else actual <= target
        ratio = actual / target * 100 if target else None
        return ratio, (GREEN if within else RED), None
    if target == 0:
        return None, (GREEN if actual >= 0 else RED), None
    expected = target * (min(months_elapsed, 12) / 12 if kind in bands.prorate_kinds else 1.0)
    if expected <= 0:
        return None, None, "尚未到考核时点"
    ratio = actual / expected * 100
    if ratio < bands.red_below:
        return ratio, RED, None
    if ratio < bands.yellow_below:
        return ratio, YELLOW, None
    if ratio < bands.blue_from:
        return ratio, GREEN, None
    return ratio, BLUE, "超额完成，目标可能偏低"


def worst(colours: pd.Series) -> str | None:
    """The worst colour of a set (red > yellow > green/blue); None when none is known."""
    known = [c for c in colours if c in SEVERITY]
    if not known:
        return None
    top = max(SEVERITY[c] for c in known)
    return {3: RED, 2: YELLOW, 1: GREEN}[top]


def combined_colour(warning: str, targets: str | None) -> str:
    """Budget ok (green or not yet due) + targets ok → green; budget ok + targets not ok →
    yellow; budget not ok → red (DOMAIN §4)."""
    if warning not in (GREEN, NOT_DUE):
        return RED
    if targets in (RED, YELLOW):
        return YELLOW
    return GREEN


# -- self-evaluation score (DOMAIN §5) -----------------------------------------------------------
CATEGORIES = ("output", "benefit", "satisfaction")


def category(level1: str | None) -> str:
    text = level1 or ""
    if "满意" in text:
        return "satisfaction"
    if "效益" in text:
        return "benefit"
    return "output"  # 产出指标 (and 成本指标 where a table lists it as a level-1 of its own)


def indicator_points(
    kind: str,
    direction: str | None,
    target: float | None,
    actual: float | None,
    level: str | None,
    done_date: dt.date | None,
    deadline: dt.date | None,
    weight: float,
    bands: ScoreSettings,
    reviewer_share: float | None = None,
) -> tuple[float, str | None]:
    """(points, reason for lost points) of one indicator worth `weight`.

    Positive: full when actual ≥ target, else actual / target × weight. Reverse: full when
    actual ≤ target; (1 − (actual − target) / target) × weight up to 2 × target; 0 beyond.
    Qualitative: the reviewer's share inside the level's band, else the band's lower bound.
    Deadline: full when done by the deadline, else 0.
    """
    if kind == "qualitative":
        bounds = {
            "达成": (bands.achieved_from, 100.0),
            "部分达成": (bands.partly_from, bands.achieved_from),
            "未达成": (0.0, bands.partly_from),
        }
        if level not in bounds:
            return 0.0, "未评定完成等级"
        low, high = bounds[level]
        share = low if reviewer_share is None else min(max(reviewer_share, low), high)
        reason = None if share >= 100 else f"{level}（按 {share:g}% 计分）"
        return weight * share / 100, reason
    if kind == "deadline":
        if done_date is not None and (deadline is None or done_date <= deadline):
            return weight, None
        if level == "达成" and done_date is None:
            return weight, None
        return 0.0, "未按时完成" if done_date is not None else "未完成"
    if target is None:
        return 0.0, "指标值无法解析"
    if actual is None:
        return 0.0, "无实际值"
    if direction == "lower":
        if actual <= target:
            return weight, None
        if target <= 0 or actual >= 2 * target:
            return 0.0, f"实际 {actual:g} 超过目标 {target:g} 一倍及以上"
        return (1 - (actual - target) / target) * weight, f"实际 {actual:g} 超过目标 {target:g}"
    if actual >= target:
        return weight, None
    if target <= 0:
        return 0.0, "目标值为 0"
    return max(actual, 0.0) / target * weight, f"实际 {actual:g} 未达目标 {target:g}"


def grade(total: float, bands: ScoreSettings) -> str:
    """优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60."""
    if total >= bands.excellent_from:
        return "优"
    if total >= bands.good_from:
        return "良"
    if total >= bands.fair_from:
        return "中"
    return "差"


def score_weights(categories: list[str], bands: ScoreSettings) -> tuple[float, dict[str, float]]:
    """Execution weight and each indicator category's weight, rescaled to 100 when a category has
    no indicators (it does not apply)."""
    present = {c: getattr(bands, c) for c in CATEGORIES if c in categories}
    total = bands.execution + sum(present.values())
    factor = 100 / total if total else 0
    return bands.execution * factor, {c: w * factor for c, w in present.items()}


def as_float(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number
