"""The rules, hand-computed (DOMAIN.md §3–5 and its worked examples), and their properties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import rules
from store.settings import BudgetSettings, IndicatorSettings, ScoreSettings, load_settings

D = dt.date
SAMPLE_PLAN = [
    (D(2025, 3, 31), 30.0),
    (D(2025, 6, 30), 30.0),
    (D(2025, 10, 31), 100.0),
    (D(2025, 12, 31), 100.0),
]
B, IND, S = BudgetSettings(), IndicatorSettings(), ScoreSettings()
MID_YEAR, YEAR_END = D(2025, 6, 30), D(2025, 12, 31)


def test_example_settings_file_holds_the_defaults():
    from conftest import ROOT

    assert load_settings(ROOT / "tracker.example.toml") == load_settings(ROOT / "nonexistent.toml")


def test_spark_settings_take_only_spark_keys(tmp_path):
    from store.settings import SettingsError

    good = tmp_path / "good.toml"
    good.write_text(
        '[spark]\nmaster = "yarn"\n[spark.conf]\n"spark.executor.memory" = "4g"\n'
        '"spark.dynamicAllocation.enabled" = true\n"spark.executor.cores" = 4\n',
        "utf-8",
    )
    spark = load_settings(good).spark
    assert spark.master == "yarn"
    assert spark.conf == (
        ("spark.dynamicAllocation.enabled", "true"),
        ("spark.executor.cores", "4"),
        ("spark.executor.memory", "4g"),
    )
    bad = tmp_path / "bad.toml"
    bad.write_text('[spark.conf]\n"executor.memory" = "4g"\n', "utf-8")
    with pytest.raises(SettingsError, match="不是 spark"):
        load_settings(bad)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 12, 31), 0.0),  # before the year starts
        (D(2025, 1, 1), 100 / 365),
        (D(2025, 6, 30), 181 / 365 * 100),
        (D(2025, 12, 31), 100.0),
        (D(2026, 3, 1), 100.0),  # after the year: its end
    ],
)
def test_time_pct(day, expected):
    assert rules.time_pct(day, 2025) == pytest.approx(expected)


def test_time_pct_leap_year():
    assert rules.time_pct(D(2024, 6, 30), 2024) == pytest.approx(182 / 366 * 100)
    assert rules.time_pct(D(2024, 2, 29), 2024) == pytest.approx(60 / 366 * 100)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 12, 31), 0.0),
        (D(2025, 1, 1), 30 / 90),  # 1 of the 90 days to 31 March
        (D(2025, 3, 31), 30.0),  # exactly on a checkpoint
        (D(2025, 5, 15), 30.0),  # between two 30% checkpoints
        (D(2025, 8, 31), 30 + 70 * 62 / 123),  # between 30% (30 June) and 100% (31 October)
        (D(2025, 11, 15), 100.0),  # after the last published value
        (D(2025, 12, 31), 100.0),
    ],
)
def test_plan_pct_linear_between_checkpoints(day, expected):
    assert rules.plan_pct(SAMPLE_PLAN, day, 2025) == pytest.approx(expected)


def test_plan_with_september_checkpoint():
    plan = [
        (D(2025, 3, 31), 20.0),
        (D(2025, 6, 30), 50.0),
        (D(2025, 9, 30), 80.0),
        (D(2025, 12, 31), 100.0),
    ]
    assert rules.plan_pct(plan, D(2025, 9, 30), 2025) == pytest.approx(80.0)
    assert rules.plan_pct(plan, D(2025, 11, 15), 2025) == pytest.approx(80 + 20 * 46 / 92)


@pytest.mark.parametrize(
    ("execution", "plan", "expected"),
    [
        (24.0, 30.0, "green"),  # r = 80
        (23.9, 30.0, "yellow"),  # r < 80
        (18.0, 30.0, "yellow"),  # r = 60
        (17.9, 30.0, "red"),
        (0.0, 0.0, "not_due"),  # before the first spending is due: no division by zero
        (None, 30.0, "not_due"),  # a zero budget has no execution rate
        (100.0, 30.0, "green"),  # all spent: not over
        (100.01, 30.0, "over"),  # 超预算: above the budget is a state of its own
        (130.0, 30.0, "over"),
        (100.01, 0.0, "over"),  # even before anything was due
    ],
)
def test_budget_warning_bands(execution, plan, expected):
    assert rules.budget_warning(execution, plan, B) == expected


def test_forecast_run_rate():
    # 30,000 spent, 9,000 of it in the last 90 days: 100 a day for the 92 days left → 39,200
    assert rules.forecast_pct(30000, 9000, 50000, D(2025, 9, 30), 2025, B) == pytest.approx(78.4)
    # never below what is spent, never above the cap
    assert rules.forecast_pct(30000, -5000, 50000, D(2025, 9, 30), 2025, B) == pytest.approx(60.0)
    assert rules.forecast_pct(49000, 40000, 50000, D(2025, 9, 30), 2025, B) == 100.0
    assert rules.forecast_pct(0, 0, 0, D(2025, 9, 30), 2025, B) is None


def test_spent_out_days():
    # 1,000 left at 40,000 / 90 a day: 2.25 days → spent out on the 3rd day
    days = rules.spent_out_days([49000], [40000], [50000], [273], [92], 90)
    assert days.tolist() == [3.0]
    # not before the year ends, already spent out, no rate, zero budget: none
    for args in (([30000], [9000], [50000]), ([50000], [9000], [50000]), ([10], [0], [50000]),
                 ([0], [9000], [0])):  # fmt: skip
        assert np.isnan(rules.spent_out_days(*args, [273], [92], 90)).all()


@pytest.mark.parametrize(
    ("args", "ratio", "colour"),
    [
        (("quantity", "higher", "≥", 22.0, 11.0), 100.0, "green"),  # half the target at mid-year
        (("quantity", "higher", "≥", 22.0, 5.0), 5 / 11 * 100, "red"),
        (("quantity", "higher", "≥", 22.0, 8.0), 8 / 11 * 100, "yellow"),
        (("quantity", "higher", "≥", 22.0, 14.0), 14 / 11 * 100, "blue"),
        (("percent", "higher", "≥", 90.0, 85.0), 85 / 90 * 100, "green"),  # rates: not pro-rated
        (("money", "lower", "≤", 50000.0, 60000.0), 120.0, "red"),
        (("money", "lower", "≤", 50000.0, 50000.0), 100.0, "green"),
        (("percent", "lower", "<", 5.0, 5.0), 100.0, "red"),
    ],
)
def test_indicator_colour_numbers(args, ratio, colour):
    kind, direction, operator, target, actual = args
    got = rules.indicator_colour(
        kind, direction, operator, target, actual, None, None, None, 6.0, D(2025, 6, 30), IND
    )
    assert got[0] == pytest.approx(ratio) and got[1] == colour


def test_indicator_colour_levels_and_deadlines():
    def colour(kind, level=None, done=None, day=MID_YEAR, deadline=YEAR_END):
        return rules.indicator_colour(
            kind, None, None, None, None, level, done, deadline, 6.0, day, IND
        )[1]

    assert colour("qualitative", "达成") == "green"
    assert colour("qualitative", "部分达成") == "yellow"
    assert colour("qualitative", "未达成") == "red"
    assert colour("qualitative") is None
    assert colour("deadline") is None  # not done, not due
    assert colour("deadline", day=D(2026, 1, 5)) == "red"  # past the date and not done
    assert colour("deadline", done=D(2025, 11, 20)) == "green"
    assert colour("deadline", done=D(2026, 1, 2)) == "red"  # done late


@pytest.mark.parametrize(
    ("kind", "direction", "target", "actual", "weight", "points"),
    [
        ("quantity", "higher", 50.0, 50.0, 8.0, 8.0),  # 池州: ≥50个, actual 50 → 8/8
        ("money", "lower", 900000.0, 900000.0, 8.0, 8.0),  # 池州: ≤90万元, actual 90万 → 8/8
        ("quantity", "higher", 50.0, 40.0, 8.0, 6.4),  # 40 / 50 × 8
        ("quantity", "lower", 10.0, 15.0, 10.0, 5.0),  # ≤10次, actual 15 → half
        ("quantity", "lower", 10.0, 20.0, 10.0, 0.0),  # 2 × target → 0
        ("quantity", "lower", 10.0, 25.0, 10.0, 0.0),
        ("quantity", "higher", 50.0, None, 8.0, 0.0),  # nothing known → no points
    ],
)
def test_indicator_points_worked_examples(kind, direction, target, actual, weight, points):
    got, _ = rules.indicator_points(kind, direction, target, actual, None, None, None, weight, S)
    assert got == pytest.approx(points)


def test_qualitative_points_inside_the_band():
    # 池州: 效果明显, judged 达成 → inside 80–100% of the weight; lower bound until reviewed
    low, _ = rules.indicator_points("qualitative", None, None, None, "达成", None, None, 10.0, S)
    assert low == pytest.approx(8.0)
    full, _ = rules.indicator_points(
        "qualitative", None, None, None, "达成", None, None, 10.0, S, reviewer_share=100.0
    )
    assert full == pytest.approx(10.0)
    clipped, _ = rules.indicator_points(
        "qualitative", None, None, None, "部分达成", None, None, 10.0, S, reviewer_share=95.0
    )
    assert clipped == pytest.approx(8.0)  # a reviewer's score stays inside the level's band


@pytest.mark.parametrize(
    ("total", "expected"),
    [(90, "优"), (89.99, "良"), (80, "良"), (79.9, "中"), (60, "中"), (59.9, "差")],
)
def test_grades(total, expected):
    assert rules.grade(total, S) == expected


def test_weights_rescale_when_a_category_does_not_apply():
    execution, weights = rules.score_weights(["output", "benefit"], S)  # no satisfaction indicator
    assert execution == pytest.approx(10 / 90 * 100)
    assert weights == pytest.approx({"output": 50 / 90 * 100, "benefit": 30 / 90 * 100})
    assert execution + sum(weights.values()) == pytest.approx(100)


# -- properties -----------------------------------------------------------------------------------
numbers = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)


@settings(max_examples=300)
@given(
    kind=st.sampled_from(["quantity", "percent", "money"]),
    direction=st.sampled_from(["higher", "lower"]),
    target=st.floats(min_value=0.01, max_value=1e9),
    actual=numbers,
    months=st.floats(min_value=0.1, max_value=12),
)
def test_every_colour_comes_from_the_stated_bands(kind, direction, target, actual, months):
    ratio, colour, _ = rules.indicator_colour(
        kind,
        direction,
        "≥" if direction == "higher" else "≤",
        target,
        actual,
        None,
        None,
        None,
        months,
        D(2025, 6, 30),
        IND,
    )
    if direction == "lower":
        assert colour == ("green" if actual <= target else "red")
        return
    expected = target * (months / 12 if kind in IND.prorate_kinds else 1)
    assert ratio == pytest.approx(actual / expected * 100)
    band = "red" if ratio < 60 else "yellow" if ratio < 80 else "green" if ratio < 120 else "blue"
    assert colour == band


@settings(max_examples=300)
@given(
    kind=st.sampled_from(["quantity", "percent", "money"]),
    direction=st.sampled_from(["higher", "lower"]),
    target=st.floats(min_value=0.01, max_value=1e9),
    actual=numbers,
    weight=st.floats(min_value=0, max_value=50),
)
def test_points_stay_within_the_weight(kind, direction, target, actual, weight):
    points, _ = rules.indicator_points(kind, direction, target, actual, None, None, None, weight, S)
    assert -1e-9 <= points <= weight + 1e-9


@settings(max_examples=200)
@given(
    pcts=st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=6).map(sorted),
    day=st.dates(min_value=D(2024, 12, 1), max_value=D(2026, 2, 1)),
    later=st.integers(min_value=0, max_value=400),
)
def test_a_monotonic_plan_never_decreases_with_time(pcts, day, later):
    months = [3, 6, 9, 10, 11, 12][-len(pcts) :]
    plan = [(D(2025, m, 28), p) for m, p in zip(months, pcts, strict=True)]
    first = rules.plan_pct(plan, day, 2025)
    second = rules.plan_pct(plan, day + dt.timedelta(days=later), 2025)
    assert 0 <= first <= second + 1e-9 <= 100 + 1e-9
