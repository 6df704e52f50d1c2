"""The cumulative spending plan's rules (`loaders.plan`), called directly with a document's cells.

`build_plan(year, [(month, label, cell text), …])` returns the plan points and the cells it could
not read. Each expected plan is written out by hand: a blank carries the value before it, a blank
12月底 after a value below 100 is the default 100, a plan written as fractions is scaled by 100.
"""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.cells import NonFinite
from loaders.errors import TargetFormError
from loaders.plan import build_plan, month_end, parse_percent
from loaders.target_records import PlanPoint

YEAR = 2025
DAYS = {2: dt.date(YEAR, 2, 28), 3: dt.date(YEAR, 3, 31), 6: dt.date(YEAR, 6, 30)}
DAYS |= {9: dt.date(YEAR, 9, 30), 10: dt.date(YEAR, 10, 31), 12: dt.date(YEAR, 12, 31)}


def cells(*texts: str | None, months: tuple[int, ...] = (3, 6, 9, 12)) -> list[tuple]:
    """The published checkpoints of a plan row: (month, label, text)."""
    return [(m, f"{m}月底", text) for m, text in zip(months, texts, strict=True)]


def plan(*texts: str | None, months: tuple[int, ...] = (3, 6, 9, 12)) -> list[tuple]:
    """The plan as (month, cumulative %, source, raw) and nothing unreadable."""
    points, unreadable = build_plan(YEAR, cells(*texts, months=months))
    assert unreadable == []
    return [as_tuple(p) for p in points]


def as_tuple(point: PlanPoint) -> tuple:
    assert point.checkpoint == DAYS[point.checkpoint.month]
    return (point.checkpoint.month, point.cumulative_pct, point.source, point.raw)


# --------------------------------------------------------------------------- month_end, parse_percent


def test_month_end_is_the_last_day():
    assert month_end(2024, 2) == dt.date(2024, 2, 29)  # leap year
    assert month_end(2025, 2) == dt.date(2025, 2, 28)
    assert month_end(2025, 6) == dt.date(2025, 6, 30)
    assert month_end(2025, 12) == dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("30%", 30.0),
        ("30％", 30.0),  # full-width sign
        (" 30 % ", 30.0),
        ("30", 30.0),
        ("0.3", 0.3),
        ("0.5%", 0.5),
        ("100", 100.0),
        ("1,000", 1000.0),  # read as written; findings flag it as out of range
        ("-5%", -5.0),
        (None, None),
        ("", None),
        ("  ", None),
        ("%", None),
        ("-", None),
        ("—", None),
        ("/", None),
        ("六成", None),
        ("30%%", 30.0),
        ("3O%", None),  # letter O
    ],
)
def test_parse_percent(text, value):
    assert parse_percent(text) == value


@pytest.mark.parametrize("text", ["nan", "NaN%", "inf", "-Infinity", "1e2", "3E+1%"])
def test_parse_percent_refuses_what_only_looks_like_a_number(text):
    with pytest.raises(NonFinite):
        parse_percent(text)


# --------------------------------------------------------------------------- blanks


def test_percentages_as_written():
    assert plan("30%", "60%", "90%", "100%") == [
        (3, 30.0, "published", "30%"),
        (6, 60.0, "published", "60%"),
        (9, 90.0, "published", "90%"),
        (12, 100.0, "published", "100%"),
    ]
    # numbers above 1 without a sign are percentages too
    assert plan("30", "60", "90", "100") == [
        (3, 30.0, "published", "30"),
        (6, 60.0, "published", "60"),
        (9, 90.0, "published", "90"),
        (12, 100.0, "published", "100"),
    ]


def test_checkpoints_are_taken_in_month_order():
    points, _ = build_plan(YEAR, list(reversed(cells("30%", "60%", "90%", "100%"))))
    assert [p.checkpoint for p in points] == [DAYS[3], DAYS[6], DAYS[9], DAYS[12]]
    assert [p.label for p in points] == ["3月底", "6月底", "9月底", "12月底"]


def test_a_blank_carries_the_value_before_it():
    # a blank first checkpoint carries the 0% of the year's start
    assert plan("", "60%", None, "100%") == [
        (3, 0.0, "carried", None),
        (6, 60.0, "published", "60%"),
        (9, 60.0, "carried", None),
        (12, 100.0, "published", "100%"),
    ]
    # a decreasing plan is kept as written (a finding flags it); the blank carries the lower value
    assert plan("60", "", "30", "") == [
        (3, 60.0, "published", "60"),
        (6, 60.0, "carried", None),
        (9, 30.0, "published", "30"),
        (12, 100.0, "default", None),  # 30 < 100
    ]


@pytest.mark.parametrize("nothing", ["-", "—", "——", "–", "/", "／", "－", "无", " — "])
def test_a_dash_slash_or_none_is_a_blank(nothing):
    """What tables write for "nothing here" is read as a blank: it carries the value before it and
    is not an unreadable cell (the `plan` helper asserts nothing was unreadable)."""
    assert plan("30%", nothing, "90%", nothing) == [
        (3, 30.0, "published", "30%"),
        (6, 30.0, "carried", nothing),
        (9, 90.0, "published", "90%"),
        (12, 100.0, "default", nothing),  # 90 < 100
    ]


def test_words_that_are_not_nothing_stay_unreadable():
    points, unreadable = build_plan(YEAR, cells("30%", "过半", "-30", "100%"))
    assert unreadable == ["过半"]
    assert [p.cumulative_pct for p in points] == [30.0, 30.0, -30.0, 100.0]


def test_a_blank_year_end_after_100_carries_it():
    # previous exactly 100: carried, not the default
    assert plan("30", "100", "", " ") == [
        (3, 30.0, "published", "30"),
        (6, 100.0, "published", "100"),
        (9, 100.0, "carried", None),
        (12, 100.0, "carried", " "),  # a cell of spaces is kept as the raw text
    ]
    # above 100 (out of range, flagged by the findings) is carried too
    assert plan("30", "100.5", "", "") == [
        (3, 30.0, "published", "30"),
        (6, 100.5, "published", "100.5"),
        (9, 100.5, "carried", None),
        (12, 100.5, "carried", None),
    ]


def test_a_blank_year_end_after_less_than_100_is_100():
    assert plan("30", "", "99.99", " ") == [
        (3, 30.0, "published", "30"),
        (6, 30.0, "carried", None),
        (9, 99.99, "published", "99.99"),
        (12, 100.0, "default", " "),
    ]
    # only the year end: a blank 10月底 after 30 carries 30
    assert plan("30%", "", months=(3, 10)) == [
        (3, 30.0, "published", "30%"),
        (10, 30.0, "carried", None),
        (12, 100.0, "default", None),
    ]


def test_a_second_blank_year_end_carries_the_default():
    # 12月底 and 12月末 both name December: the first blank is the default 100, the second carries it
    points, _ = build_plan(YEAR, [(6, "6月底", "30%"), (12, "12月末", ""), (12, "12月底", "")])
    assert [(p.label, p.cumulative_pct, p.source) for p in points] == [
        ("6月底", 30.0, "published"),
        ("12月底", 100.0, "default"),
        ("12月末", 100.0, "carried"),
    ]


def test_a_plan_without_year_end_gets_the_default():
    assert plan("30%", "60%", months=(3, 6)) == [
        (3, 30.0, "published", "30%"),
        (6, 60.0, "published", "60%"),
        (12, 100.0, "default", None),
    ]
    points, unreadable = build_plan(YEAR, [])
    assert points == [PlanPoint(DAYS[12], "12月底", 100.0, "default", None)]
    assert unreadable == []
    # February of a leap year ends on the 29th
    points, _ = build_plan(2024, [(2, "2月底", "10%")])
    assert [(p.checkpoint, p.cumulative_pct) for p in points] == [
        (dt.date(2024, 2, 29), 10.0),
        (dt.date(2024, 12, 31), 100.0),
    ]


# --------------------------------------------------------------------------- fractions


def test_fractions_are_read_as_percentages():
    # 0.3·100 = 30, 0.6·100 = 60, 0.9·100 = 90, 1·100 = 100
    assert plan("0.3", "0.6", "0.9", "1") == [
        (3, 30.0, "published", "0.3"),
        (6, 60.0, "published", "0.6"),
        (9, 90.0, "published", "0.9"),
        (12, 100.0, "published", "1"),
    ]
    # the bounds 0 and 1 are fractions: 0·100 = 0, 0.5·100 = 50; the blank year end after 50 is 100
    assert plan("0", "0.5", "1", "") == [
        (3, 0.0, "published", "0"),
        (6, 50.0, "published", "0.5"),
        (9, 100.0, "published", "1"),
        (12, 100.0, "carried", None),
    ]
    # 0.07·100 = 7.000000000000001 in binary, rounded to 6 places: 7
    # 0.123456789·100 = 12.3456789, rounded to 6 places: 12.345679
    assert plan("0.07", "0.123456789", months=(3, 6)) == [
        (3, 7.0, "published", "0.07"),
        (6, 12.345679, "published", "0.123456789"),
        (12, 100.0, "default", None),
    ]


def test_one_number_outside_0_to_1_means_no_fractions():
    # just above 1
    assert plan("0.5", "1.01", months=(3, 6)) == [
        (3, 0.5, "published", "0.5"),
        (6, 1.01, "published", "1.01"),
        (12, 100.0, "default", None),
    ]
    # just below 0
    assert plan("-0.1", "0.5", months=(3, 6)) == [
        (3, -0.1, "published", "-0.1"),
        (6, 0.5, "published", "0.5"),
        (12, 100.0, "default", None),
    ]
    # all zero: nothing to scale, the same either way
    assert plan("0", "0", months=(3, 6)) == [
        (3, 0.0, "published", "0"),
        (6, 0.0, "published", "0"),
        (12, 100.0, "default", None),
    ]


def test_a_number_with_its_sign_is_a_percentage_as_written():
    # the bare 0.3 and 0.9 are fractions (30, 90); 60% and 0.5％ keep their sign's meaning
    assert plan("0.3", "60%", "0.9", "0.5％") == [
        (3, 30.0, "published", "0.3"),
        (6, 60.0, "published", "60%"),
        (9, 90.0, "published", "0.9"),
        (12, 0.5, "published", "0.5％"),
    ]
    # every number signed: none scaled (0.5% is half a percent); the blanks carry and default
    assert plan("0.5%", "1%", "", "") == [
        (3, 0.5, "published", "0.5%"),
        (6, 1.0, "published", "1%"),
        (9, 1.0, "carried", None),
        (12, 100.0, "default", None),
    ]
    # a signed 120% does not stop the bare 0.3 from being a fraction
    assert plan("0.3", "120%", months=(3, 6)) == [
        (3, 30.0, "published", "0.3"),
        (6, 120.0, "published", "120%"),
        (12, 100.0, "default", None),
    ]


# --------------------------------------------------------------------------- unreadable, non-finite


def test_unreadable_cells_are_listed_and_carried():
    points, unreadable = build_plan(YEAR, cells("30%", "六成", " ", "全年"))
    assert unreadable == ["六成", "全年"]  # blanks (empty, spaces) are not unreadable
    assert [as_tuple(p) for p in points] == [
        (3, 30.0, "published", "30%"),
        (6, 30.0, "carried", "六成"),
        (9, 30.0, "carried", " "),
        (12, 100.0, "default", "全年"),
    ]
    # an unreadable cell does not count against the fractions: 0.3 and 1 are still 30 and 100
    points, unreadable = build_plan(YEAR, cells("0.3", "约五成", None, "1"))
    assert unreadable == ["约五成"]
    assert [p.cumulative_pct for p in points] == [30.0, 30.0, 30.0, 100.0]


@pytest.mark.parametrize("text", ["nan", "NaN%", "inf", "-inf", "1e2"])
def test_a_non_finite_cell_refuses_the_document(text):
    with pytest.raises(TargetFormError) as caught:
        build_plan(YEAR, cells("30%", text, "90%", "100%"))
    error = caught.value
    assert error.reason == "资金支出计划「6月底」不是有限的百分比"
    assert (error.column, error.value) == ("6月底", text)
    assert error.hint == "请填写 0–100 之间的百分比，如 30%"
    assert str(error) == (
        f"列「6月底」：资金支出计划「6月底」不是有限的百分比（值：{text}）。请填写 0–100 之间的百分比，如 30%"
    )
    assert error.__cause__ is None and error.__suppress_context__  # `from None`: no NonFinite chain
