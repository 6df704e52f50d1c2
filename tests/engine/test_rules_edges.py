"""The rules at their edges (README "Progress, warnings and the self-evaluation score", DOMAIN.md
§3–5): every array function called directly on small hand-made arrays, each threshold on both
sides (exactly 60 / 80 / 120%, a zero budget or target, the last day of the year, leap years),
and missing values (NaN, None). Expected values are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
import math
import warnings

import numpy as np
import pytest

from engine import rules
from store.settings import BudgetSettings, IndicatorSettings, ScoreSettings

D = dt.date
B, IND, S = BudgetSettings(), IndicatorSettings(), ScoreSettings()
NAN = np.nan
MID_YEAR, YEAR_END = D(2025, 6, 30), D(2025, 12, 31)


def listed(values) -> list:
    """An array as a list, NaN as None (NaN never equals itself)."""
    return [
        None if isinstance(v, float) and math.isnan(v) else v for v in np.asarray(values).tolist()
    ]


# -- dates ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "year", "expected"),
    [
        (D(2024, 6, 1), 2025, D(2024, 12, 31)),  # before the year: its 0% point
        (D(2024, 12, 31), 2025, D(2024, 12, 31)),
        (D(2025, 1, 1), 2025, D(2025, 1, 1)),
        (D(2025, 7, 15), 2025, D(2025, 7, 15)),  # inside: itself
        (D(2025, 12, 31), 2025, D(2025, 12, 31)),
        (D(2026, 1, 1), 2025, D(2025, 12, 31)),  # after the year: its last day
    ],
)
def test_effective_date_clips_to_the_year(as_of, year, expected):
    assert rules.effective_date(as_of, year) == expected


def test_year_start_and_days_in_year():
    assert rules.year_start(2025) == D(2024, 12, 31)
    assert [rules.days_in_year(y) for y in (2023, 2024, 2100, 2000)] == [365, 366, 365, 366]


def test_time_pct_on_the_last_days_of_a_leap_year():
    assert rules.time_pct(D(2024, 12, 30), 2024) == pytest.approx(365 / 366 * 100)
    assert rules.time_pct(D(2024, 12, 31), 2024) == 100.0  # 366 / 366
    assert rules.time_pct(D(2025, 12, 30), 2025) == pytest.approx(364 / 365 * 100)


@pytest.mark.parametrize(
    ("years", "as_of", "expected"),
    [
        ([], D(2025, 6, 30), 2025),  # nothing loaded: as-of's own year
        ([2024, 2025], D(2025, 6, 30), 2025),  # its own year is loaded
        ([2023, 2024, 2026], D(2025, 6, 30), 2024),  # the latest earlier one, not 2023
        ([2024], D(2025, 1, 1), 2024),  # a date after the year shows it whole
        ([2026, 2027], D(2025, 6, 30), 2026),  # nothing earlier: the earliest, not 2027
    ],
)
def test_view_year(years, as_of, expected):
    assert rules.view_year(years, as_of) == expected


def test_plan_pct_edges():
    assert rules.plan_pct([], D(2025, 6, 30), 2025) == 0.0  # no checkpoint: nothing planned
    # unsorted checkpoints are read in date order: 40% at 30 June, 100% at 31 December;
    # 30 September is 92 of the 184 days between them → 40 + 60 × 92/184 = 70
    plan = [(D(2025, 12, 31), 100.0), (D(2025, 6, 30), 40.0)]
    assert rules.plan_pct(plan, D(2025, 9, 30), 2025) == pytest.approx(70.0)
    assert rules.plan_pct(plan, D(2026, 2, 1), 2025) == 100.0  # after the year: its end
    # a leap year: 29 February is day 60 of the 91 to 31 March → 30 × 60/91
    leap = [(D(2024, 3, 31), 30.0)]
    assert rules.plan_pct(leap, D(2024, 2, 29), 2024) == pytest.approx(30 * 60 / 91)


# -- the spending warning -------------------------------------------------------------------------
def test_budget_warnings_on_arrays_at_each_band_edge():
    # r = 执行率 / plan × 100 with plan 50: 30 → r 60 (yellow, not red), 29.5 → 59 (red),
    # 40 → 80 (green, not yellow), 39.5 → 79 (yellow)
    execution = np.array([30.0, 29.5, 40.0, 39.5, 50.0, 100.0])
    plan = np.array([50.0, 50.0, 50.0, 50.0, 50.0, 50.0])
    got = rules.budget_warnings(execution, plan, B)
    assert got.tolist() == ["yellow", "red", "green", "yellow", "green", "green"]


def test_budget_warnings_not_due_and_over():
    # plan 0 → not due (no ratio); plan 0.5 is due: 0.5 / 0.5 → r 100, green; NaN 执行率 (zero
    # budget) → not due; a negative plan never happens but reads as not due, not red
    execution = np.array([0.0, 0.5, NAN, 10.0, 0.0])
    plan = np.array([0.0, 0.5, 30.0, -1.0, 1.0])
    assert rules.budget_warnings(execution, plan, B).tolist() == [
        "not_due",
        "green",
        "not_due",
        "not_due",
        "red",  # 0 of a 1% plan: r 0
    ]
    # exactly 100% is not over (float noise aside); 100.000001% is
    assert rules.budget_warnings([100.0, 100.000001], [100.0, 100.0], B).tolist() == [
        "green",
        "over",
    ]


def test_budget_warnings_follow_the_yuan_when_given():
    # `above` decides over on the yuan: 100.3% shown (rounded) but not above the budget to the
    # cent stays on its ratio (100.3 / 100 → green); 99% above it (cents over) is over
    got = rules.budget_warnings(
        np.array([100.3, 99.0, 20.0]),
        np.array([100.0, 100.0, 50.0]),
        B,
        above=np.array([False, True, False]),
    )
    assert got.tolist() == ["green", "over", "red"]  # 20 / 50 → r 40


def test_budget_warnings_use_the_settings_bands():
    strict = BudgetSettings(red_below=70.0, yellow_below=90.0)
    # plan 50: 34 → r 68 (< 70 red), 35 → 70 (yellow), 44 → 88 (yellow), 45 → 90 (green)
    got = rules.budget_warnings([34.0, 35.0, 44.0, 45.0], [50.0] * 4, strict)
    assert got.tolist() == ["red", "yellow", "yellow", "green"]


def test_budget_warning_for_one_project():
    assert rules.budget_warning(None, 0.0, B) == "not_due"
    assert rules.budget_warning(30.0, 50.0, B) == "yellow"  # r 60
    assert rules.budget_warning(100.0, 0.0, B) == "not_due"  # all spent, nothing due: not over


# -- forecast and run rate ------------------------------------------------------------------------
def test_daily_rates():
    # 9,000 over a 90-day window → 100 a day; 31 days into the year the window is 31 days:
    # 3,100 / 31 → 100; day 1: 50 / 1; day 0: no window, no rate; 45 over 90 days → 0.5;
    # a window of reversals (−900) → never negative
    got = rules.daily_rates(
        np.array([9000.0, 3100.0, 50.0, 100.0, 45.0, -900.0]),
        np.array([273, 31, 1, 0, 200, 200]),
        90,
    )
    assert got.tolist() == [100.0, 100.0, 50.0, 0.0, 0.5, 0.0]


def test_forecast_pcts_on_arrays():
    # budget 50,000, 30,000 spent, 9,000 in the last 90 days → 100 a day:
    # 92 days → 39,200 → 78.4%; 0 days → 60%; −5 days (a target before as-of) → 60%;
    # a zero budget with spending → NaN (not a capped 100%); a budget of 1 yuan, all spent → 100%
    got = rules.forecast_pcts(
        np.array([30000.0, 30000.0, 30000.0, 10.0, 1.0]),
        np.array([9000.0, 9000.0, 9000.0, 10.0, 0.0]),
        np.array([50000.0, 50000.0, 50000.0, 0.0, 1.0]),
        np.array([273, 273, 273, 273, 273]),
        np.array([92, 0, -5, 92, 92]),
        90,
        B,
    )
    assert listed(got) == pytest.approx([78.4, 60.0, 60.0, None, 100.0], nan_ok=True)


def test_forecast_pcts_cap_from_settings():
    # 30,000 spent + 100 a day × 273 days = 57,300 of 50,000 → 114.6%, capped at the setting
    args = ([30000.0], [9000.0], [50000.0], [273], [273], 90)
    assert rules.forecast_pcts(*args, B).tolist() == [100.0]
    loose = BudgetSettings(forecast_max_pct=110.0)
    assert rules.forecast_pcts(*args, loose).tolist() == [110.0]
    assert rules.forecast_pcts(*args, BudgetSettings(forecast_max_pct=200.0)).tolist() == [
        pytest.approx(114.6)
    ]


def test_forecast_pct_to_a_target_date_and_with_a_window():
    # to 31 October from 30 September: 31 days × 100 → 33,100 / 50,000 = 66.2%
    got = rules.forecast_pct(30000, 9000, 50000, D(2025, 9, 30), 2025, B, target=D(2025, 10, 31))
    assert got == pytest.approx(66.2)
    # a target after the year counts as 31 December: 92 days → 78.4%
    late = rules.forecast_pct(30000, 9000, 50000, D(2025, 9, 30), 2025, B, target=D(2026, 3, 1))
    assert late == pytest.approx(78.4)
    # a 30-day window holding 6,000 → 200 a day × 92 = 18,400 → 48,400 / 50,000 = 96.8%
    short = rules.forecast_pct(30000, 6000, 50000, D(2025, 9, 30), 2025, B, window_days=30)
    assert short == pytest.approx(96.8)
    # 31 January: the window is the 31 days so far; 3,100 → 100 a day × 334 days → 73%
    early = rules.forecast_pct(3100, 3100, 50000, D(2025, 1, 31), 2025, B)
    assert early == pytest.approx(73.0)
    # the settings' 90-day window: 9,000 → 100 a day × 1 day left (30 December) → 100 / 50,000
    assert rules.forecast_pct(0, 9000, 50000, D(2025, 12, 30), 2025, B) == pytest.approx(0.2)
    # a zero budget: None; 1 yuan all spent: 100.0 (a float)
    assert rules.forecast_pct(10, 10, 0, D(2025, 9, 30), 2025, B) is None
    one = rules.forecast_pct(1, 0, 1, D(2025, 9, 30), 2025, B)
    assert one == 100.0 and type(one) is float


def test_spent_out_days_edges():
    # 1,000 left at 100 a day: exactly 10 days; with 10 days left in the year it is early
    # (the last day counts), with 9 it is not; 1,001 left → 10.01 → the 11th day
    got = rules.spent_out_days(
        np.array([49000.0, 49000.0, 48999.0, 0.0, -10.0]),
        np.array([9000.0, 9000.0, 9000.0, 9000.0, 900.0]),
        np.array([50000.0, 50000.0, 50000.0, 50000.0, 0.0]),
        np.array([273, 273, 273, 273, 273]),
        np.array([10, 9, 11, 500, 92]),
        90,
    )
    # 0 spent: 500 days → ceil(50,000 / 100) = 500, within 500 days left
    # a zero budget with reversals (−10 spent, 10 a day): never spent out
    assert listed(got) == [10.0, None, 11.0, 500.0, None]
    # the window's length counts: 9,000 over a 30-day window → 300 a day → ceil(1,000/300) = 4
    assert rules.spent_out_days([49000.0], [9000.0], [50000.0], [273], [92], 30).tolist() == [4.0]


# -- indicator colours ----------------------------------------------------------------------------
def test_numeric_indicator_colours_at_each_band_edge():
    # quantity ≥20 at month 6: expected 20 × 6/12 = 10, ratio = actual / 10 × 100
    actual = [6.0, 5.9, 8.0, 7.9, 12.0, 11.9]
    n = len(actual)
    ratios, colours, reasons = rules.numeric_indicator_colours(
        np.array(["quantity"] * n, dtype=object),
        np.array(["higher"] * n, dtype=object),
        np.array(["≥"] * n, dtype=object),
        np.array([20.0] * n),
        np.array(actual),
        np.array([6.0] * n),
        IND,
    )
    assert list(ratios) == pytest.approx([60.0, 59.0, 80.0, 79.0, 120.0, 119.0])
    assert list(colours) == ["yellow", "red", "green", "yellow", "blue", "green"]
    assert list(reasons) == [None, None, None, None, "above_target", None]


def test_numeric_indicator_colours_kinds_directions_and_gaps():
    rows = [
        # kind, direction, operator, target, actual, months → ratio, colour, reason
        ("percent", "higher", "≥", 90.0, 90.0, 6.0),  # a rate: 90 / 90 → 100, green
        ("money", "higher", "≥", 100.0, 100.0, 18.0),  # months past 12 count as 12 → 100
        ("quantity", "higher", "≥", 10.0, 5.0, 0.0),  # no time elapsed: left undecided
        ("quantity", "higher", "≥", NAN, 5.0, 6.0),  # target unreadable
        ("quantity", "higher", "≥", 10.0, NAN, 6.0),  # nothing reported
        ("quantity", "higher", "≥", 0.0, 5.0, 6.0),  # a zero target: left undecided
        ("qualitative", "higher", "≥", NAN, NAN, 6.0),  # not a number kind: untouched
        ("percent", "lower", "<", 5.0, 5.0, 6.0),  # strictly below 5: 5 is red, ratio 100
        ("percent", "lower", "≤", 5.0, 5.0, 6.0),  # within ≤5: green
        ("percent", "lower", "<", 5.0, 4.9, 6.0),  # 4.9 / 5 → 98, green
        ("quantity", "lower", "≤", 10.0, 5.0, 6.0),  # a limit is not pro-rated: 5 / 10 → 50
        ("money", "lower", "≤", 10.0, NAN, 6.0),  # nothing reported
    ]
    columns = list(zip(*rows, strict=True))
    ratios, colours, reasons = rules.numeric_indicator_colours(
        *(np.array(c, dtype=object) for c in columns[:3]),
        *(np.array(c, dtype=float) for c in columns[3:]),
        IND,
    )
    assert [None if r is None else round(r, 6) for r in ratios] == [
        100.0, 100.0, None, None, None, None, None, 100.0, 100.0, 98.0, 50.0, None,
    ]  # fmt: skip
    assert list(colours) == [
        "green", "green", None, None, None, None, None, "red", "green", "green", "green", None,
    ]  # fmt: skip
    assert list(reasons) == [
        None, None, None, "target_unreadable", "no_actual", None, None, None, None, None, None,
        "no_actual",
    ]  # fmt: skip


def test_numeric_indicator_colours_follow_prorate_kinds():
    # money 100 by the year, 50 spent at month 6: pro-rated (default) 50 / 50 → 100;
    # not pro-rated (only quantities are) 50 / 100 → 50, red
    args = [np.array([v], dtype=object) for v in ("money", "higher", "≥")]
    values = (np.array([100.0]), np.array([50.0]), np.array([6.0]))
    ratios, colours, _ = rules.numeric_indicator_colours(*args, *values, IND)
    assert (ratios[0], colours[0]) == (100.0, "green")
    quantities = IndicatorSettings(prorate_kinds=("quantity",))
    ratios, colours, _ = rules.numeric_indicator_colours(*args, *values, quantities)
    assert (ratios[0], colours[0]) == (50.0, "red")


def test_indicator_colour_what_the_arrays_leave():
    def colour(kind, direction, operator, target, actual, months=6.0):
        return rules.indicator_colour(
            kind, direction, operator, target, actual, None, None, None, months, D(2025, 6, 30), IND
        )

    # a zero limit: 0 is within ≤0 but not <0; 0.1 is above it
    assert colour("money", "lower", "≤", 0.0, 0.0) == (None, "green", None)
    assert colour("money", "lower", "<", 0.0, 0.0) == (None, "red", None)
    assert colour("money", "lower", "≤", 0.0, 0.1) == (None, "red", None)
    # a zero target: any non-negative actual meets it
    assert colour("quantity", "higher", "≥", 0.0, 0.0) == (None, "green", None)
    assert colour("quantity", "higher", "≥", 0.0, -1.0) == (None, "red", None)
    # no time elapsed: nothing to compare with yet
    assert colour("quantity", "higher", "≥", 10.0, 5.0, months=0.0) == (None, None, "not_assessed")
    assert colour("quantity", "higher", "≥", None, 5.0) == (None, None, "target_unreadable")
    assert colour("quantity", "higher", "≥", 10.0, None) == (None, None, "no_actual")
    assert colour("quantity", "higher", "≥", 10.0, 5.0) == (100.0, "green", None)  # 5 / (10 × ½)
    assert colour("quantity", "higher", "≥", 10.0, 6.0)[2] == "above_target"  # 120 → blue


def test_indicator_colour_levels_and_deadline_reasons():
    def colour(kind, level=None, done=None, day=MID_YEAR, deadline=YEAR_END):
        return rules.indicator_colour(
            kind, None, None, None, None, level, done, deadline, 6.0, day, IND
        )

    assert colour("qualitative", "部分达成") == (None, "yellow", None)
    assert colour("qualitative", "其他") == (None, None, "not_rated")
    assert colour("deadline", done=D(2025, 12, 31)) == (None, "green", None)  # on the day
    assert colour("deadline", done=D(2026, 1, 1)) == (None, "red", "deadline_late")
    assert colour("deadline", "未达成", day=D(2026, 1, 1)) == (None, "red", "deadline_missed")
    assert colour("deadline", day=D(2026, 1, 1)) == (None, "red", "deadline_unreported")
    assert colour("deadline", day=D(2025, 12, 31)) == (None, None, "deadline_pending")


@pytest.mark.parametrize(
    ("level", "done", "deadline", "as_of", "state"),
    [
        (None, D(2025, 6, 30), D(2025, 6, 30), D(2025, 12, 31), "done"),  # on the day
        (None, D(2025, 7, 1), D(2025, 6, 30), D(2025, 12, 31), "late"),  # a day after
        (None, D(2025, 7, 1), None, D(2025, 12, 31), "done"),  # no deadline to be late for
        ("达成", None, D(2025, 6, 30), D(2025, 12, 31), "done"),  # 达成 without a date
        ("未达成", None, D(2025, 6, 30), D(2025, 7, 1), "missed"),
        ("部分达成", None, D(2025, 6, 30), D(2025, 7, 1), "missed"),
        (None, None, D(2025, 6, 30), D(2025, 7, 1), "unreported"),
        ("其他", None, D(2025, 6, 30), D(2025, 7, 1), "unreported"),
        ("未达成", None, D(2025, 6, 30), D(2025, 6, 30), "pending"),  # the deadline day itself
        (None, None, None, D(2025, 12, 31), "pending"),  # no deadline: never past
    ],
)
def test_deadline_state(level, done, deadline, as_of, state):
    assert rules.deadline_state(level, done, deadline, as_of) == state


def test_project_colours():
    # severity: 3 red, 2 yellow, 1 green/blue, NaN none known
    warnings = ["green", "not_due", "yellow", "red", "over", "green", "not_due", "green"]
    severity = [NAN, 1, 1, NAN, 3, 2, 3, 1]
    targets, combined = rules.project_colours(np.array(warnings), np.array(severity))
    assert targets.tolist() == [None, "green", "green", None, "red", "yellow", "red", "green"]
    # budget ok + indicators ok (or none known) → green; budget ok + not ok → yellow;
    # budget not ok (yellow, red, over) → red whatever the indicators
    assert combined.tolist() == [
        "green", "green", "red", "red", "red", "yellow", "yellow", "green",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("colours", "expected"),
    [
        ([], None),
        (["grey", None], None),  # nothing known
        (["green", "blue"], "green"),
        (["blue", "yellow", "green"], "yellow"),
        (["yellow", "red", "green"], "red"),
    ],
)
def test_worst(colours, expected):
    assert rules.worst(colours) == expected


@pytest.mark.parametrize(
    ("warning", "targets", "expected"),
    [
        ("green", None, "green"),
        ("green", "", "green"),
        ("not_due", "blue", "green"),
        ("not_due", "yellow", "yellow"),
        ("green", "red", "yellow"),
        ("yellow", None, "red"),
        ("over", "green", "red"),
        ("red", "red", "red"),
    ],
)
def test_combined_colour(warning, targets, expected):
    assert rules.combined_colour(warning, targets) == expected


def test_evaluated_target():
    assert rules.evaluated_target("≤100%", "≥") == "≥100%"
    assert rules.evaluated_target("不少于5万元", "≤") == "≤5万元"
    assert rules.evaluated_target("约 .5吨 ", "≥") == "≥.5吨"  # from the first digit or point
    assert rules.evaluated_target(" 及时 ", "≤") == "≤及时"  # no number: the text as published
    assert rules.evaluated_target("", "≥") == "≥"
    assert rules.evaluated_target(None, "≥") == "≥"  # type: ignore[arg-type]


# -- the self-evaluation score --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("level1", "expected"),
    [
        ("满意度指标", "satisfaction"),
        ("社会效益指标", "benefit"),
        ("产出指标", "output"),
        ("成本指标", "output"),
        (None, "output"),
    ],
)
def test_category(level1, expected):
    assert rules.category(level1) == expected


def test_qualitative_band():
    assert rules.qualitative_band("达成", S) == (80.0, 100.0)
    assert rules.qualitative_band("部分达成", S) == (60.0, 80.0)
    assert rules.qualitative_band("未达成", S) == (0.0, 60.0)
    assert rules.qualitative_band(None, S) is None
    assert rules.qualitative_band("其他", S) is None
    own = ScoreSettings(achieved_from=85.0, partly_from=50.0)
    assert [rules.qualitative_band(level, own) for level in rules.QUALITATIVE_LEVELS] == [
        (85.0, 100.0),
        (50.0, 85.0),
        (0.0, 50.0),
    ]


@pytest.mark.parametrize(
    ("level", "share", "points", "reason"),
    [
        ("达成", None, 8.0, "level_share|达成|80"),  # the band's lower bound: 80% of 10
        ("达成", 100.0, 10.0, None),  # full: nothing lost
        ("达成", 120.0, 10.0, None),  # above the band: its top
        ("达成", 99.5, 9.95, "level_share|达成|99.5"),
        ("部分达成", 10.0, 6.0, "level_share|部分达成|60"),  # below the band: its bottom
        ("部分达成", 70.0, 7.0, "level_share|部分达成|70"),
        ("未达成", 30.0, 3.0, "level_share|未达成|30"),
        ("未达成", None, 0.0, "level_share|未达成|0"),
        (None, 90.0, 0.0, "level_not_rated"),
    ],
)
def test_qualitative_points(level, share, points, reason):
    got = rules.indicator_points(
        "qualitative", None, None, None, level, None, None, 10.0, S, reviewer_share=share
    )
    assert got == (pytest.approx(points), reason)


@pytest.mark.parametrize(
    ("level", "done", "as_of", "expected"),
    [
        (None, D(2025, 6, 30), None, (10.0, None)),  # done on the deadline: full
        (None, D(2025, 7, 1), None, (0.0, "deadline_late")),
        (None, None, D(2025, 6, 1), (0.0, "deadline_pending")),  # a preview before it
        (None, None, D(2025, 6, 30), (0.0, "deadline_pending")),  # the deadline day itself
        (None, None, D(2025, 7, 1), (0.0, "deadline_unreported")),
        (None, None, None, (0.0, "deadline_unreported")),  # no as-of: judged after the deadline
        ("部分达成", None, None, (0.0, "deadline_missed")),
        ("达成", None, None, (10.0, None)),
    ],
)
def test_deadline_points(level, done, as_of, expected):
    deadline = D(2025, 6, 30)
    got = rules.indicator_points(
        "deadline", None, None, None, level, done, deadline, 10.0, S, as_of=as_of
    )
    assert got == expected


@pytest.mark.parametrize(
    ("direction", "target", "actual", "points", "reason"),
    [
        ("higher", None, 5.0, 0.0, "target_unreadable"),
        ("higher", 10.0, None, 0.0, "no_actual"),
        ("lower", None, 5.0, 0.0, "target_unreadable"),
        ("higher", 50.0, 40.0, 6.4, "below_target|40|50"),  # 40 / 50 × 8
        ("higher", 50.0, 50.0, 8.0, None),
        ("higher", 50.0, 49.5, 7.92, "below_target|49.5|50"),  # 49.5 / 50 × 8
        ("higher", 10.0, -5.0, 0.0, "below_target|-5|10"),  # a negative actual: no points
        ("higher", 0.0, 0.0, 8.0, None),  # a zero target is met by 0
        ("higher", 0.0, -1.0, 0.0, "zero_target"),
        ("higher", -5.0, -10.0, 0.0, "zero_target"),
        ("lower", 10.0, 10.0, 8.0, None),  # at the limit: full
        ("lower", 10.0, 9.0, 8.0, None),
        ("lower", 10.0, 15.0, 4.0, "above_limit|15|10"),  # (1 − 5/10) × 8
        ("lower", 10.0, 12.5, 6.0, "above_limit|12.5|10"),  # (1 − 2.5/10) × 8
        ("lower", 10.0, 19.0, 0.8, "above_limit|19|10"),  # (1 − 9/10) × 8
        ("lower", 10.0, 20.0, 0.0, "above_limit_double|20|10"),  # twice the limit: 0
        ("lower", 0.0, 0.0, 8.0, None),  # a zero limit kept
        ("lower", 0.0, 5.0, 0.0, "above_limit_double|5|0"),  # … or exceeded: nothing to share
    ],
)
def test_number_points(direction, target, actual, points, reason):
    got = rules.indicator_points("quantity", direction, target, actual, None, None, None, 8.0, S)
    assert got == (pytest.approx(points), reason)


def test_score_weights():
    # all three categories: 10 + 50 + 30 + 10 = 100, unchanged
    execution, weights = rules.score_weights(list(rules.CATEGORIES), S)
    assert (execution, weights) == (10.0, {"output": 50.0, "benefit": 30.0, "satisfaction": 10.0})
    # outputs only: 10 + 50 = 60 → × 100/60
    execution, weights = rules.score_weights(["output", "output"], S)
    assert execution == pytest.approx(100 / 6) and weights == pytest.approx({"output": 500 / 6})
    assert rules.score_weights([], S) == (100.0, {})  # no indicators: execution is all of it
    assert rules.score_weights(["other"], S) == (100.0, {})  # not a category
    nothing = ScoreSettings(execution=0.0, output=0.0, benefit=0.0, satisfaction=0.0)
    assert rules.score_weights(["output"], nothing) == (0.0, {"output": 0.0})


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("3.5", 3.5), (2, 2.0), ("abc", None), ([1], None), ("nan", None), (NAN, None)],
)
def test_as_float(value, expected):
    got = rules.as_float(value)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("人", True),
        ("人次", True),
        ("台(套)", True),
        ("台（套）", True),
        ("公里", False),
        ("人/年", False),  # a measure per year
        ("()", False),  # no word at all
        ("", False),
        (None, False),
        (5, False),
    ],
)
def test_is_count_unit(unit, expected):
    assert rules.is_count_unit(unit) is expected


@pytest.mark.parametrize(
    ("kind", "source", "actual", "months", "forecast", "unit", "expected"),
    [
        ("money", "spending", 30000.0, 6.0, 52000.0, "元", 52000.0),  # the spending forecast
        ("money", "spending", None, 6.0, None, "元", None),
        ("quantity", None, None, 6.0, None, "人", None),  # nothing reported yet
        ("percent", None, 85.0, 6.0, None, "%", 85.0),  # a rate stays where it is
        ("quantity", "survey", 4.5, 6.0, None, None, 4.5),  # a survey result too
        ("quantity", None, 9.0, 7.0, None, "个", 15.0),  # 9 / 7 × 12 = 15.43 → 15 whole
        ("quantity", None, 9.0, 7.0, None, "公里", 9 / 7 * 12),  # a measure: not rounded
        ("money", None, 30000.0, 6.0, None, "元", 60000.0),  # 30,000 / 6 × 12
        ("quantity", None, 35.0, 8.4, None, "人", 50.0),  # 35 / 8.4 × 12 = 50 (float: 49.99…)
        ("quantity", None, 12.0, 12.0, None, "人", 12.0),  # the whole year: itself
        ("quantity", None, 9.0, 0.0, None, "个", None),  # no time has passed
        ("qualitative", None, 1.0, 6.0, None, None, None),  # not a number
    ],
)
def test_expected_full_year(kind, source, actual, months, forecast, unit, expected):
    got = rules.expected_full_year(kind, source, actual, months, forecast, unit)
    assert got == (None if expected is None else pytest.approx(expected))


def test_expected_meets():
    assert rules.expected_meets("qualitative", None, None, None, "达成") is True
    assert rules.expected_meets("qualitative", None, None, None, "部分达成") is False
    assert rules.expected_meets("qualitative", None, None, None) is None
    deadline = D(2025, 6, 30)
    done = rules.expected_meets("deadline", None, None, None, None, D(2025, 6, 30), deadline)
    late = rules.expected_meets("deadline", None, None, None, None, D(2025, 7, 1), deadline)
    assert (done, late) == (True, False)
    # without an as-of nothing is past yet: still open
    assert rules.expected_meets("deadline", None, None, None, None, None, deadline) is None
    assert (
        rules.expected_meets("deadline", None, None, None, None, None, deadline, D(2025, 7, 1))
        is False
    )
    assert rules.expected_meets("quantity", "higher", 50.0, 50.0) is True  # at the target
    assert rules.expected_meets("quantity", "higher", 50.0, 49.9) is False
    assert rules.expected_meets("money", "lower", 100.0, 100.0) is True  # at the limit
    assert rules.expected_meets("money", "lower", 100.0, 100.1) is False
    assert rules.expected_meets("money", "lower", 100.0, 99.0) is True
    assert rules.expected_meets("quantity", "higher", None, 5.0) is None
    assert rules.expected_meets("quantity", "higher", 5.0, None) is None


@pytest.mark.parametrize(
    ("total", "expected"), [(100, "优"), (85, "良"), (70, "中"), (0, "差"), (-1, "差")]
)
def test_grade_inside_the_bands(total, expected):
    assert rules.grade(total, S) == expected


def test_more_edges_found_by_mutation():
    # exactly the tolerance above 100% is not over; None is a missing 执行率; `above` as 1 / 0
    assert rules.budget_warnings([100 + rules.OVER_TOLERANCE_PCT], [100.0], B).tolist() == ["green"]
    assert rules.budget_warnings([None, 30.0], [50.0, 50.0], B).tolist() == ["not_due", "yellow"]
    above = rules.budget_warnings([99.0, 99.0], [100.0, 100.0], B, above=np.array([1, 0]))
    assert above.tolist() == ["over", "green"]
    # two checkpoints on one day: the later-listed value holds from that day
    twice = [(D(2025, 6, 30), 30.0), (D(2025, 6, 30), 50.0)]
    assert rules.plan_pct(twice, D(2025, 6, 30), 2025) == 50.0
    # a budget of 1 yuan: 90 in a 90-day window → 1 a day → spent out on day 1;
    # 45 over 90 days → 0.5 a day: 1 yuan left of 10 → 2 days
    got = rules.spent_out_days([0.0, 9.0], [90.0, 45.0], [1.0, 10.0], [273, 273], [92, 92], 90)
    assert got.tolist() == [1.0, 2.0]
    # limits and targets of 1: (1 − 0.5 / 1) × 8 = 4; 0.5 / 1 × 8 = 4
    lower = rules.indicator_points("quantity", "lower", 1.0, 1.5, None, None, None, 8.0, S)
    higher = rules.indicator_points("quantity", "higher", 1.0, 0.5, None, None, None, 8.0, S)
    assert lower == (4.0, "above_limit|1.5|1") and higher == (4.0, "below_target|0.5|1")
    # half a month: 3 km → 3 / 0.5 × 12 = 72
    assert rules.expected_full_year("quantity", None, 3.0, 0.5, None, "公里") == 72.0
    # a deadline reported 达成 without a date is met
    assert rules.expected_meets("deadline", None, None, None, "达成", None, D(2025, 6, 30)) is True


def test_zero_divisions_raise_no_numpy_warnings():
    # a zero plan, a zero budget, a zero target: answered (not_due, NaN, None), never warned about
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rules.budget_warnings([0.0, NAN], [0.0, 0.0], B).tolist() == ["not_due"] * 2
        assert np.isnan(rules.forecast_pcts([0.0], [0.0], [0.0], [90], [92], 90, B)).all()
        assert np.isnan(rules.spent_out_days([0.0], [0.0], [0.0], [90], [92], 90)).all()
        ratios, _, _ = rules.numeric_indicator_colours(
            np.array(["quantity"], dtype=object),
            np.array(["higher"], dtype=object),
            np.array(["≥"], dtype=object),
            np.array([0.0]),
            np.array([0.0]),
            np.array([0.0]),
            IND,
        )
        assert ratios.tolist() == [None]
