"""The rules (DOMAIN.md §3–5), as pure functions on small pandas frames: no database, no Streamlit.

Dates: the status at as-of date d means the end of day d. A project's year runs from the end of the
previous 31 December (0%) to 31 December; a date after its year counts as 31 December.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re

import numpy as np

from store.settings import BudgetSettings, IndicatorSettings, ScoreSettings

RED, YELLOW, GREEN, BLUE = "red", "yellow", "green", "blue"
NOT_DUE = "not_due"  # no spending planned yet: no ratio to judge
OVER = "over"  # 超预算: spent above the current budget, a state of its own (DOMAIN §3)
SEVERITY = {RED: 3, YELLOW: 2, GREEN: 1, BLUE: 1}
WARNINGS = (OVER, RED, YELLOW, GREEN, NOT_DUE)  # the spending warning's states, worst first


def year_start(year: int) -> dt.date:
    """The end of the previous 31 December: the plan's 0% point."""
    return dt.date(year - 1, 12, 31)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def effective_date(as_of: dt.date, year: int) -> dt.date:
    """as-of clipped to the project's year."""
    return max(year_start(year), min(as_of, dt.date(year, 12, 31)))


def view_year(years: list[int], as_of: dt.date) -> int:
    """The fiscal year a view at as-of shows, among the years loaded: as-of's own, else the
    latest earlier one (a date after the year shows it whole), else the earliest."""
    if not years or as_of.year in years:
        return as_of.year
    earlier = [y for y in years if y < as_of.year]
    return max(earlier) if earlier else min(years)


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
        # previous[0] <= day < checkpoint, so the span is at least one day
        share = (day - previous[0]).days / (checkpoint - previous[0]).days
        return previous[1] + (pct - previous[1]) * share
    return previous[1]


def budget_warnings(
    execution_pct: np.ndarray,
    plan: np.ndarray,
    bands: BudgetSettings,
    above: np.ndarray | None = None,
) -> np.ndarray:
    """The spending warning (支出预警): `over` (超预算) when more than the current budget is spent
    (`above`, decided on the yuan: `spent > budget` to the cent; without it, 执行率 above 100%) —
    a missing adjustment or a data error, never "on plan"; else red / yellow / green from
    r = 执行率 / plan × 100; not_due before any spending is due (plan still 0%) or without an
    execution rate (zero budget). Arrays in, array out."""
    execution_pct = np.asarray(execution_pct, dtype=float)
    plan = np.asarray(plan, dtype=float)
    if above is None:
        with np.errstate(invalid="ignore"):
            above = execution_pct > 100 + OVER_TOLERANCE_PCT
    with np.errstate(all="ignore"):
        ratio = execution_pct / plan * 100
    return np.select(
        [
            np.asarray(above, dtype=bool),
            (plan <= 0) | np.isnan(execution_pct),
            ratio < bands.red_below,
            ratio < bands.yellow_below,
        ],
        [OVER, NOT_DUE, RED, YELLOW],
        GREEN,
    )


OVER_TOLERANCE_PCT = 1e-9  # float noise: exactly 100% spent is not over


def budget_warning(execution_pct: float | None, plan: float, bands: BudgetSettings) -> str:
    """`budget_warnings` for one project."""
    execution = np.nan if execution_pct is None else execution_pct
    return str(budget_warnings(np.array([execution]), np.array([plan]), bands)[0])


def forecast_pcts(
    spent: np.ndarray,
    recent: np.ndarray,
    budget: np.ndarray,
    elapsed_days: np.ndarray,
    days_to_target: np.ndarray,
    window_days: int,
    bands: BudgetSettings,
) -> np.ndarray:
    """Expected execution at a target date: the daily rate of the last `window_days` days (fewer
    early in the year: `elapsed_days`) continued for `days_to_target`; never below what is spent,
    never above `forecast_max_pct` (100: a run rate that reaches the budget early means the money
    is spent out early, see `spent_out_days`, not overspending); NaN for a zero budget. Arrays
    in, array out."""
    spent, recent, budget = (np.asarray(a, dtype=float) for a in (spent, recent, budget))
    rate = daily_rates(recent, elapsed_days, window_days)
    expected = spent + rate * np.maximum(np.asarray(days_to_target), 0)
    with np.errstate(all="ignore"):
        # rate and days are never negative, so expected is never below spent
        pct = np.minimum(expected / budget * 100, bands.forecast_max_pct)
    return np.where(budget > 0, pct, np.nan)


def daily_rates(recent: np.ndarray, elapsed_days: np.ndarray, window_days: int) -> np.ndarray:
    """Yuan per day over the recent window (fewer days early in the year); never negative."""
    window = np.minimum(window_days, np.asarray(elapsed_days))
    rate = np.where(window > 0, np.asarray(recent, dtype=float) / np.maximum(window, 1), 0.0)
    return np.maximum(rate, 0.0)


def spent_out_days(
    spent: np.ndarray,
    recent: np.ndarray,
    budget: np.ndarray,
    elapsed_days: np.ndarray,
    days_to_year_end: np.ndarray,
    window_days: int,
) -> np.ndarray:
    """Days from as-of until the run rate spends the whole budget, when that happens before the
    year ends (the money runs out early); NaN otherwise (not before the year ends, already spent
    out, no rate, zero budget)."""
    spent, budget = np.asarray(spent, dtype=float), np.asarray(budget, dtype=float)
    rate = daily_rates(recent, elapsed_days, window_days)
    with np.errstate(all="ignore"):
        days = np.ceil((budget - spent) / rate)
    early = (budget > 0) & (spent < budget) & (rate > 0) & (days <= np.asarray(days_to_year_end))
    return np.where(early, days, np.nan)


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
    """`forecast_pcts` for one project at `as_of`, to `target` (default year end); None for a zero
    budget."""
    day = effective_date(as_of, year)
    end = min(target or dt.date(year, 12, 31), dt.date(year, 12, 31))
    value = forecast_pcts(
        np.array([spent]),
        np.array([recent]),
        np.array([budget]),
        np.array([(day - year_start(year)).days]),
        np.array([(end - day).days]),
        window_days or bands.forecast_window_days,
        bands,
    )[0]
    return None if np.isnan(value) else float(value)


NUMBER_KINDS = ("quantity", "percent", "money")


def evaluated_target(raw: str, operator: str) -> str:
    """A target published in the wrong direction, as it is evaluated: its number and unit as
    published after the evaluated operator (`≤100%` with ≥ → `≥100%`; `不少于5万元` with ≤ →
    `≤5万元`)."""
    number = re.search(r"[\d.]", raw or "")
    return f"{operator}{raw[number.start() :].strip() if number else (raw or '').strip()}"


def numeric_indicator_colours(
    kind: np.ndarray,
    direction: np.ndarray,
    operator: np.ndarray,
    target: np.ndarray,
    actual: np.ndarray,
    months_elapsed: np.ndarray,
    bands: IndicatorSettings,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ratio_pct, colour, reason) arrays for numeric indicators (DOMAIN §4).

    Higher is better: ratio = actual / (target × m/12) × 100 for `prorate_kinds`, actual / target
    × 100 for rates; red < 60, yellow < 80, green < 120, blue above. Lower is better: green within
    the limit, else red. A missing target or actual gives a reason and no colour. Rows this does
    not decide (other kinds, a zero target, no time elapsed yet) are left None for
    `indicator_colour`."""
    n = len(kind)
    ratios = np.full(n, None, dtype=object)
    colours = np.full(n, None, dtype=object)
    reasons = np.full(n, None, dtype=object)
    number_kind = np.isin(kind, NUMBER_KINDS)
    numeric = number_kind & ~np.isnan(target) & ~np.isnan(actual) & (target != 0)
    lower = numeric & (direction == "lower")
    within = np.where(operator == "<", actual < target, actual <= target)
    with np.errstate(all="ignore"):
        ratios[lower] = (actual / target * 100)[lower]
        expected = target * np.where(
            np.isin(kind, list(bands.prorate_kinds)), np.minimum(months_elapsed, 12) / 12, 1.0
        )
        ratio = actual / expected * 100
    colours[lower] = np.where(within, GREEN, RED)[lower]
    higher = numeric & (direction != "lower") & (expected > 0)
    ratios[higher] = ratio[higher]
    band = np.select(
        [ratio < bands.red_below, ratio < bands.yellow_below, ratio < bands.blue_from],
        [RED, YELLOW, GREEN],
        BLUE,
    )
    colours[higher] = band[higher]
    reasons[higher & (band == BLUE)] = "above_target"
    reasons[number_kind & np.isnan(target)] = "target_unreadable"
    reasons[number_kind & ~np.isnan(target) & np.isnan(actual)] = "no_actual"
    return ratios, colours, reasons


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
        by_level = {"达成": GREEN, "部分达成": YELLOW, "未达成": RED}
        if level in by_level:
            return None, by_level[level], None
        return None, None, "not_rated"
    if kind == "deadline":
        state = deadline_state(level, done_date, deadline, as_of)
        colour = {"done": GREEN, "pending": None}.get(state, RED)
        return None, colour, DEADLINE_REASONS[state]
    ratios, colours, reasons = numeric_indicator_colours(
        np.array([kind], dtype=object),
        np.array([direction], dtype=object),
        np.array([operator], dtype=object),
        np.array([np.nan if target is None else target]),
        np.array([np.nan if actual is None else actual]),
        np.array([months_elapsed]),
        bands,
    )
    if colours[0] is not None or reasons[0] is not None:
        return ratios[0], colours[0], reasons[0]
    assert target is not None and actual is not None
    if direction == "lower":  # a zero limit
        within = actual < target if operator == "<" else actual <= target
        return None, (GREEN if within else RED), None
    if target == 0:  # nothing to divide by: any non-negative actual meets it
        return None, (GREEN if actual >= 0 else RED), None
    return None, None, "not_assessed"


# one rule for a deadline (时效) indicator, shared by its colour, its points, the forms and the pack
DEADLINE_REASONS = {
    "done": None,
    "late": "deadline_late",
    "missed": "deadline_missed",
    "unreported": "deadline_unreported",
    "pending": "deadline_pending",
}


def deadline_state(
    level: str | None, done_date: dt.date | None, deadline: dt.date | None, as_of: dt.date
) -> str:
    """A deadline indicator at as-of: `done` (reported done by the deadline, or 达成 without a
    date), `late` (done after it), `missed` (reported 未达成 / 部分达成 and the deadline passed),
    `unreported` (nothing reported and the deadline passed) or `pending` (not done, the deadline
    still ahead)."""
    if done_date is not None:
        return "late" if deadline is not None and done_date > deadline else "done"
    if level == "达成":
        return "done"
    if deadline is not None and as_of > deadline:
        return "missed" if level in ("未达成", "部分达成") else "unreported"
    return "pending"


def project_colours(
    warnings: np.ndarray, worst_severity: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(indicator colour, combined colour) per project, from its budget warning and the highest
    SEVERITY of its indicators (NaN when none is known). Indicators: the worst of them (red >
    yellow > green/blue). Combined: budget ok (green or not yet due) + indicators ok → green;
    budget ok + indicators not ok → yellow; budget not ok → red (DOMAIN §4)."""
    top = np.asarray(worst_severity, dtype=float)
    targets = np.select([top == 3, top == 2, top == 1], [RED, YELLOW, GREEN], None)  # type: ignore[call-overload]
    budget_ok = np.isin(np.asarray(warnings, dtype=object), [GREEN, NOT_DUE])  # not red/yellow/over
    combined = np.select([~budget_ok, (top == 3) | (top == 2)], [RED, YELLOW], GREEN)
    return targets, combined


def worst(colours) -> str | None:
    """The worst colour of a set (red > yellow > green/blue); None when none is known."""
    known = [SEVERITY[c] for c in colours if c in SEVERITY]
    return project_colours(np.array([GREEN]), np.array([max(known) if known else np.nan]))[0][0]


def combined_colour(warning: str, targets: str | None) -> str:
    """`project_colours` for one project."""
    severity = SEVERITY.get(targets, np.nan) if targets else np.nan
    return str(project_colours(np.array([warning]), np.array([severity]))[1][0])


# -- self-evaluation score (DOMAIN §5) -----------------------------------------------------------
CATEGORIES = ("output", "benefit", "satisfaction")


def category(level1: str | None) -> str:
    text = level1 or ""
    if "满意" in text:
        return "satisfaction"
    if "效益" in text:
        return "benefit"
    return "output"  # 产出指标 (and 成本指标 where a table lists it as a level-1 of its own)


QUALITATIVE_LEVELS = ("达成", "部分达成", "未达成")


def qualitative_band(level: str | None, bands: ScoreSettings) -> tuple[float, float] | None:
    """The share of the weight (%) a reviewer may give a qualitative indicator at `level`
    (DOMAIN §5: 达成 80–100%, 部分达成 60–<80%, 未达成 0–<60%); None for no level."""
    bounds = {
        "达成": (bands.achieved_from, 100.0),
        "部分达成": (bands.partly_from, bands.achieved_from),
        "未达成": (0.0, bands.partly_from),
    }
    return bounds.get(level) if level is not None else None


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
    as_of: dt.date | None = None,
) -> tuple[float, str | None]:
    """(points, reason for lost points) of one indicator worth `weight`.

    Positive: full when actual ≥ target, else actual / target × weight. Reverse: full when
    actual ≤ target; (1 − (actual − target) / target) × weight up to 2 × target; 0 beyond.
    Qualitative: the reviewer's share inside the level's band, else the band's lower bound.
    Deadline (`deadline_state` at `as_of`, the same rule as its colour): full when done by the
    deadline, else 0 (late, missed, or still pending in a preview before the deadline).
    Reasons are codes (`presentation.strings.reason_text` words them in either language).
    """
    if kind == "qualitative":
        band = qualitative_band(level, bands)
        if band is None:
            return 0.0, "level_not_rated"
        low, high = band
        share = low if reviewer_share is None else min(max(reviewer_share, low), high)
        reason = None if share >= 100 else f"level_share|{level}|{share:g}"
        return weight * share / 100, reason
    if kind == "deadline":
        state = deadline_state(level, done_date, deadline, as_of or dt.date.max)
        return (weight if state == "done" else 0.0), DEADLINE_REASONS[state]
    if target is None:
        return 0.0, "target_unreadable"
    if actual is None:
        return 0.0, "no_actual"
    if direction == "lower":
        if actual <= target:
            return weight, None
        if actual >= 2 * target:  # also every target <= 0, as actual > target here
            return 0.0, f"above_limit_double|{actual:g}|{target:g}"
        return (1 - (actual - target) / target) * weight, f"above_limit|{actual:g}|{target:g}"
    if actual >= target:
        return weight, None
    if target <= 0:
        return 0.0, "zero_target"
    return max(actual, 0.0) / target * weight, f"below_target|{actual:g}|{target:g}"


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


# -- the mid-year monitoring form (DOMAIN §4) ----------------------------------------------------
# measure words of things counted one by one (人, 个, 人次, 台(套) …): a forecast of them is whole
COUNT_WORDS = frozenset(
    "人个次户家所名项件台套处座辆间场期批本份篇张条盏眼剂棵株头只部册栋幢口班组支届例宗起位床"
)


def is_count_unit(unit: object) -> bool:
    """Whether a unit counts whole things (人, 个次, 台(套)), not a measure (公里, 亩, 吨, 年)."""
    if not isinstance(unit, str):
        return False
    words = [c for c in unit if c not in "()（）"]
    return bool(words) and all(c in COUNT_WORDS for c in words)


def expected_full_year(
    kind: str,
    source: str | None,
    actual: float | None,
    elapsed_months: float,
    forecast_spent: float | None,
    unit: object = None,
) -> float | None:
    """The expected full-year value of an indicator, for the monitoring form: a cost indicator
    read from the spending expects the spending forecast; a count or an amount accumulates, so it
    is continued at its pace (actual ÷ elapsed months × 12), whole things rounded down (51.65 人 at
    this pace is 51 by the year end); a rate (percent, satisfaction) is expected to stay where it
    is. None when nothing is known yet or no time has passed."""
    if source == "spending":
        return forecast_spent
    if actual is None:
        return None
    if kind == "percent" or source == "survey":
        return actual
    if kind in ("quantity", "money") and elapsed_months > 0:
        pace = actual / elapsed_months * 12
        return float(math.floor(pace + 1e-9)) if is_count_unit(unit) else pace
    return None


def expected_meets(
    kind: str,
    direction: str | None,
    target: float | None,
    expected: float | None,
    level: str | None = None,
    done_date: dt.date | None = None,
    deadline: dt.date | None = None,
    as_of: dt.date | None = None,
) -> bool | None:
    """Whether the engine expects the target to be met: the expected value against the target in
    its direction; a level 达成 yes, 部分达成 / 未达成 no; a deadline met when done by it, missed
    when past and not done. None when it cannot tell."""
    if kind == "qualitative":
        return None if level is None else level == "达成"
    if kind == "deadline":
        state = deadline_state(level, done_date, deadline, as_of or dt.date.min)
        return {"done": True, "pending": None}.get(state, False)
    if target is None or expected is None:
        return None
    return expected <= target if direction == "lower" else expected >= target
