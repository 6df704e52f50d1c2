"""Edge cases of loaders.target_values: each rule of the module docstring at its boundary.

Every case is a text a published target table could hold; the expected tuple is worked out by
hand from the rule quoted in the comment (a triggering case next to a near case that does not
trigger). These pin the rules that mutation testing showed the main table left loose.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from loaders.target_values import TargetValue, parse_target_value

Q = (None, None, None, "qualitative", None, None)


def _dl(y: int, m: int, d: int) -> tuple:
    return ("≤", None, None, "deadline", date(y, m, d), "lower")


def _tuple(text: str | None, level2: str | None = None, fiscal_year: int | None = None) -> tuple:
    v = parse_target_value(text, level2, fiscal_year)
    return (v.operator, v.value, v.unit, v.kind, v.deadline, v.direction)


# ---- deadlines: dates with a year ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO dates are strong: another number in the text does not demote them
        ("2025-12-31前完成3项", _dl(2025, 12, 31)),
        # years 1900..2100 inclusive; outside, three numbers remain → qualitative
        ("1900-01-01", _dl(1900, 1, 1)),
        ("2100-12-31", _dl(2100, 12, 31)),
        ("1899-12-31", Q),
        ("2101-01-01", Q),
        ("2025-02-30", Q),  # impossible day: not a date, and 3 numbers
        ("2025-02-28", _dl(2025, 2, 28)),
        # 年 + month: months 1..12 only
        ("2025年1月", _dl(2025, 1, 31)),
        ("2025年12月", _dl(2025, 12, 31)),
        ("2025年13月", Q),  # month 13: no date; numbers 2025 and 13 → qualitative
        ("2025年0月", Q),
        ("1899年12月底", Q),
        ("1900年12月底", _dl(1900, 12, 31)),
        ("2100年1月", _dl(2100, 1, 31)),
        ("2101年1月", Q),
        ("2025年6月30号", _dl(2025, 6, 30)),
        ("2025年6月31日", Q),  # June has 30 days
        # 旬: 上旬 → 10th, 中旬 → 20th, 下旬 → end of month
        ("2025年6月上旬", _dl(2025, 6, 10)),
        ("2025年6月中旬", _dl(2025, 6, 20)),
        ("2025年6月下旬", _dl(2025, 6, 30)),
        ("2025年6月份", _dl(2025, 6, 30)),
        ("2025年6月末", _dl(2025, 6, 30)),
        # quarters: end month = 3 × quarter
        ("2025年第一季度", _dl(2025, 3, 31)),
        ("2025年二季度", _dl(2025, 6, 30)),
        ("2025年第三季度", _dl(2025, 9, 30)),
        ("2025年四季度", _dl(2025, 12, 31)),
        ("2025年第1季度", _dl(2025, 3, 31)),
        ("2025年第2季度", _dl(2025, 6, 30)),
        ("2025年3季度", _dl(2025, 9, 30)),
        ("2025年第4季度", _dl(2025, 12, 31)),
        # a bare year (年/年度/年内) is a deadline only when it is the only number
        ("2025年", _dl(2025, 12, 31)),
        ("2025年度", _dl(2025, 12, 31)),
        ("2025年内", _dl(2025, 12, 31)),
        ("2025年年末", _dl(2025, 12, 31)),
        ("2025年度完成3个", Q),
        # ... while month, half, quarter and 年底 are strong next to another number
        ("2025年6月完成3个", _dl(2025, 6, 30)),
        ("2025年上半年完成3个", _dl(2025, 6, 30)),
        ("2025年第三季度完成3个", _dl(2025, 9, 30)),
        ("2025年底完成3个", _dl(2025, 12, 31)),
        # the last date is the deadline; an unusable last date falls back to the one before
        ("2025年1月至2025年6月", _dl(2025, 6, 30)),
        ("2025年6月30日至2025年2月30日", _dl(2025, 6, 30)),
        ("2025年6月30日至2101-12-31", _dl(2025, 6, 30)),  # 2101 is no year
        ("2025年6月至2025年13月", _dl(2025, 6, 30)),  # month 13 is no month
        # a weak last date is skipped, and the strong one before it is the deadline
        ("2025年6月底前完成2025年度任务", _dl(2025, 6, 30)),
    ],
)
def test_dated_deadlines(text: str, expected: tuple) -> None:
    assert _tuple(text) == expected


# ---- deadlines without a year ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fiscal_year", "expected"),
    [
        ("1月底", 2025, _dl(2025, 1, 31)),
        ("12月底", 2025, _dl(2025, 12, 31)),
        ("0月底", 2025, ("=", 0.0, "月底", "quantity", None, "higher")),  # month 0: a count
        ("13月底", 2025, ("=", 13.0, "月底", "quantity", None, "higher")),
        ("6月1日", 2025, _dl(2025, 6, 1)),
        ("1月31日", 2025, _dl(2025, 1, 31)),
        ("6月31日", 2025, Q),  # day in 1..31 but not in June; numbers 6 and 31
        ("2月30日", 2025, Q),
        ("6月0日", 2025, Q),
        ("6月32日", None, Q),  # day 32 is never a date, even without a year
        ("5月31日", None, ("≤", None, None, "deadline", None, "lower")),
        ("6月上旬", 2025, _dl(2025, 6, 10)),
        ("6月中旬", 2025, _dl(2025, 6, 20)),
        ("第1季度", 2025, _dl(2025, 3, 31)),
        ("第2季度", 2025, _dl(2025, 6, 30)),
        ("第4季度", 2025, _dl(2025, 12, 31)),
        ("第1季度", None, ("≤", None, None, "deadline", None, "lower")),
        # fiscal year must lie in 1900..2100
        ("12月底", 1900, _dl(1900, 12, 31)),
        ("12月底", 2100, _dl(2100, 12, 31)),
        ("12月底", 1899, ("≤", None, None, "deadline", None, "lower")),
        ("12月底", 2101, ("≤", None, None, "deadline", None, "lower")),
        # a bare month is weak: with another number it is context, alone it is the deadline
        ("6月", 2025, _dl(2025, 6, 30)),
        ("6月完成3个", 2025, Q),
        ("6月底完成3个", 2025, _dl(2025, 6, 30)),
        ("6月30日完成3个", 2025, _dl(2025, 6, 30)),
        ("第3季度完成3个", 2025, _dl(2025, 9, 30)),
    ],
)
def test_yearless_deadlines(text: str, fiscal_year: int | None, expected: tuple) -> None:
    assert _tuple(text, "时效指标", fiscal_year) == expected


# ---- numbers, units, scales ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level2", "expected"),
    [
        # 百分之 + digits is a percent only when nothing follows the number
        ("百分之90", None, ("=", 90.0, "%", "percent", None, "higher")),
        ("不低于百分之90", None, ("≥", 90.0, "%", "percent", None, "higher")),
        ("百分之90个", None, ("=", 90.0, "个", "quantity", None, "higher")),
        ("90", None, ("=", 90.0, None, "quantity", None, "higher")),
        # % after a scale is still a percent: 5 × 10000 = 50000
        ("5万%", None, ("=", 50000.0, "%", "percent", None, "higher")),
        # every money scale: 1 × 10^7, 2 × 10^6, 3 × 10^8, 4 × 10^4, 5 × 10^3
        ("≤1千万元", None, ("≤", 10_000_000.0, "元", "money", None, "lower")),
        ("≤2百万元", None, ("≤", 2_000_000.0, "元", "money", None, "lower")),
        ("≤3亿元", None, ("≤", 300_000_000.0, "元", "money", None, "lower")),
        ("≤4万元", None, ("≤", 40_000.0, "元", "money", None, "lower")),
        ("≤5千元", None, ("≤", 5_000.0, "元", "money", None, "lower")),
        ("≤5千元/人", None, ("≤", 5_000.0, "元/人", "money", None, "lower")),
        # 千 alone is not a scale: the unit stays as written
        ("5千万", None, ("=", 5.0, "千万", "quantity", None, "higher")),
        # bare 万/亿: money unless level2 says it is a count
        ("≤5万", "数量指标", ("≤", 50_000.0, None, "quantity", None, "lower")),
        ("≤2亿", None, ("≤", 200_000_000.0, "元", "money", None, "lower")),
        ("≤2亿", "数量指标", ("≤", 200_000_000.0, None, "quantity", None, "lower")),
        # 万/… and 亿/… are per-something money; 万人 is a scaled count
        ("≤5万/人", None, ("≤", 50_000.0, "元/人", "money", None, "lower")),
        ("≤2亿/年", None, ("≤", 200_000_000.0, "元/年", "money", None, "lower")),
        ("5万人", None, ("=", 50_000.0, "人", "quantity", None, "higher")),
        ("≥2亿人", None, ("≥", 200_000_000.0, "人", "quantity", None, "higher")),
        # scales are peeled repeatedly: 万万人 = 10^4 × 10^4 人; 万千元 = 10^4 × 10^3 元
        ("1万万人", None, ("=", 100_000_000.0, "人", "quantity", None, "higher")),
        ("5万千元", None, ("=", 50_000_000.0, "元", "money", None, "lower")),
        ("3万万", None, ("=", 300_000_000.0, "元", "money", None, "lower")),
        # no unit under a cost indicator is money without currency; with a unit it is not
        ("≤1200", "成本指标", ("≤", 1200.0, None, "money", None, "lower")),
        ("1200个", "成本指标", ("=", 1200.0, "个", "quantity", None, "lower")),
        ("1200", "质量指标", ("=", 1200.0, None, "quantity", None, "higher")),
        ("1200元", "质量指标", ("=", 1200.0, "元", "money", None, "lower")),
        # digits glued to a Latin letter are a word, not a number
        ("m2", None, Q),
        ("≥3台A1", None, ("≥", 3.0, "台A1", "quantity", None, "higher")),
        # trailing punctuation goes before the suffix words are looked for
        ("≥90%。", None, ("≥", 90.0, "%", "percent", None, "higher")),
        ("10个以上。", None, ("≥", 10.0, "个", "quantity", None, "higher")),
        ("10个以上,", None, ("≥", 10.0, "个", "quantity", None, "higher")),
        ("10人内", None, ("≤", 10.0, "人", "quantity", None, "lower")),
        # the outermost suffix word is the author's last word
        ("10个以下以上", None, ("≥", 10.0, "个", "quantity", None, "higher")),
        ("10个以上以下", None, ("≤", 10.0, "个", "quantity", None, "lower")),
        ("10个以上左右", None, ("≥", 10.0, "个", "quantity", None, "higher")),
        # minus: at the start or right after an operator only
        ("-5%", None, ("=", -5.0, "%", "percent", None, "higher")),
        ("≥-5%", None, ("≥", -5.0, "%", "percent", None, "higher")),
        ("大于-5个", None, (">", -5.0, "个", "quantity", None, "higher")),
        ("A-5个", None, ("=", 5.0, "个", "quantity", None, "higher")),
        ("--5个", None, ("=", 5.0, "个", "quantity", None, "higher")),
    ],
)
def test_numbers_and_units(text: str, level2: str | None, expected: tuple) -> None:
    assert _tuple(text, level2) == expected


# ---- operators --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected_operator"),
    [
        ("≥90%以上", "≥"),
        ("≤90%以上", "≤"),  # an explicit prefix beats the suffix
        ("≥10个以内", "≥"),
        ("控制在90%", "≤"),  # 控制在 alone is a ceiling
        ("控制在10个左右", "≤"),  # 左右 says no side, so 控制在 stands
        ("控制在10个以内", "≤"),
        ("控制在10个以上", "≥"),  # 控制在 yields to 以上
        ("10个以上", "≥"),
        ("10个", "="),
        # the operator nearest to the number wins
        ("低于标准的不超过5个", "≤"),
        ("不超过标准、低于上年且不超过5个", "≤"),  # the last 不超过, not the first
        ("不超过标准的低于5个", "<"),
        ("至少5个", "≥"),
        ("不高于5个", "≤"),
        ("多于5个", ">"),
        ("少于5个", "<"),
        ("小于或等于5个", "≤"),
        ("大于或等于5个", "≥"),
        ("==5个", "="),
        ("不多于5个", "≤"),
    ],
)
def test_operators(text: str, expected_operator: str) -> None:
    assert parse_target_value(text).operator == expected_operator


# ---- ranges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level2", "expected"),
    [
        # ≥ the lower bound, unit of the upper: 5 × 10^4 = 50000 元
        ("5-10万元", None, ("≥", 50_000.0, "元", "money", None, "higher")),
        ("90至95%", None, ("≥", 90.0, "%", "percent", None, "higher")),
        ("90到95%", None, ("≥", 90.0, "%", "percent", None, "higher")),
        ("90—95%", None, ("≥", 90.0, "%", "percent", None, "higher")),
        ("90–95%", None, ("≥", 90.0, "%", "percent", None, "higher")),
        ("90〜95%", None, ("≥", 90.0, "%", "percent", None, "higher")),
        ("5万-10万元", None, ("≥", 50_000.0, "元", "money", None, "higher")),
        ("95%-90%", None, ("≥", 90.0, "%", "percent", None, "higher")),  # min of the two
        ("-5~10%", None, ("≥", -5.0, "%", "percent", None, "higher")),
        ("百分之90-95", None, ("≥", 90.0, "%", "percent", None, "higher")),
        ("10-20个以内", None, ("≥", 10.0, "个", "quantity", None, "higher")),
        # level2 still decides money and counts for a range
        ("90-100", "成本指标", ("≥", 90.0, None, "money", None, "higher")),
        ("5-10万", "数量指标", ("≥", 50_000.0, None, "quantity", None, "higher")),
        ("5-10万", None, ("≥", 50_000.0, "元", "money", None, "higher")),
        # a unit on the lower bound must match the upper one
        ("90个-95%", None, Q),
        ("90+95%", None, Q),  # no range separator
        ("1个月内完成2项", None, Q),
    ],
)
def test_ranges(text: str, level2: str | None, expected: tuple) -> None:
    assert _tuple(text, level2) == expected


# ---- direction ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level2", "direction"),
    [
        ("5个", "成本指标", "lower"),  # "=" under a cost indicator: a ceiling
        ("5个", "数量指标", "higher"),
        ("5元", "数量指标", "lower"),  # "=" money: a ceiling
        (">5元", "成本指标", "higher"),
        ("<5个", "数量指标", "lower"),
        ("≥5元", "成本指标", "higher"),
        ("≤5个", "数量指标", "lower"),
    ],
)
def test_direction(text: str, level2: str, direction: str) -> None:
    assert parse_target_value(text, level2).direction == direction


# ---- canonical text, normalisation, safety net ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("＞0", ">0"),
        ("≥1.50个", "≥1.5个"),
        ("≥10.0个", "≥10个"),
        ("100人", "=100人"),
        ("≥0.5%", "≥0.5%"),
        ("≥1e5个", "≥1e5个"),  # "e5" is a word (letter + digits): no exponent, 1 e5个
        ("≥500m³", "≥500m³"),
        ("≥5¹个", "≥5¹个"),
        ("≥ 2 2 个", "≥22个"),
        ("≥ 22\u3000个", "≥22个"),
        ("2025年6月上旬", "≤2025-06-10"),
        ("12月底前完成", "12月底前完成"),
        ("优良", "优良"),
    ],
)
def test_render(text: str, rendered: str) -> None:
    assert parse_target_value(text).render() == rendered


def test_minus_zero_is_plain_zero() -> None:
    v = parse_target_value("-0个")
    assert (v.operator, v.value, v.unit, v.kind) == ("=", 0.0, "个", "quantity")
    assert math.copysign(1.0, v.value) == 1.0  # no -0.0
    assert v.render() == "=0个"


def test_superscripts_are_units_not_digits() -> None:
    # NFKC would turn ² into 2 and make "m2" a word: the value must stay 500 m²
    assert _tuple("≥500m²") == ("≥", 500.0, "m²", "quantity", None, "higher")
    assert _tuple("≥500m³") == ("≥", 500.0, "m³", "quantity", None, "higher")
    assert _tuple("≥２２个") == ("≥", 22.0, "个", "quantity", None, "higher")
    # text after a superscript is normalised too: the fullwidth comma becomes "," and is dropped
    assert _tuple("≤0.5元/m²，") == ("≤", 0.5, "元/m²", "money", None, "lower")
    assert _tuple("≤3m²/人，") == ("≤", 3.0, "m²/人", "quantity", None, "lower")


def test_safety_net_demotes_what_would_not_re_parse() -> None:
    # "2,025年" reads as 2025 年 (the comma hides the year), but its canonical text "=2025年"
    # would re-parse as the deadline 2025-12-31: demoted to qualitative, raw kept
    v = parse_target_value("2,025年")
    assert _tuple("2,025年") == Q
    assert v.render() == "2,025年"
    # near case: 1899 is no year, so "=1899年" re-parses the same and stays a quantity
    assert _tuple("1,899年") == ("=", 1899.0, "年", "quantity", None, "higher")


def test_non_text_inputs() -> None:
    v = parse_target_value(123)  # type: ignore[arg-type]
    assert v.raw == "123"
    assert (v.operator, v.value, v.kind, v.render()) == ("=", 123.0, "quantity", "=123")
    # a non-text level2 is ignored: 5万 is then money, not a count
    assert _tuple("5万", 42) == ("=", 50_000.0, "元", "money", None, "lower")  # type: ignore[arg-type]
    # a non-int fiscal year is ignored: still a deadline, without a date
    for odd_year in ("2025", 2025.0):
        v = parse_target_value("12月底", fiscal_year=odd_year)  # type: ignore[arg-type]
        assert (v.kind, v.deadline) == ("deadline", None)
    assert parse_target_value("12月底", fiscal_year=2025).deadline == date(2025, 12, 31)


class _Hostile:
    def __str__(self) -> str:
        raise RuntimeError("no text")


def test_hostile_text_is_empty_qualitative() -> None:
    v = parse_target_value(_Hostile())  # type: ignore[arg-type]
    assert (v.raw, v.kind, v.render()) == ("", "qualitative", "")


def test_out_of_range_amounts_keep_raw() -> None:
    # 400 nines × 10^8 is finite as a Decimal but not as a float
    text = "≥" + "9" * 400 + "亿元"
    assert (parse_target_value(text).raw, parse_target_value(text).kind) == (text, "qualitative")
    # 999999 nines × 10^8 has exponent 1000006 > Decimal's Emax 999999: Overflow, not a crash
    text = "≥" + "9" * 999_999 + "亿元"
    v = parse_target_value(text)
    assert (v.raw == text, v.kind, v.value) == (True, "qualitative", None)


def test_render_of_a_hand_built_value() -> None:
    # render() trusts kind and falls back to raw whenever operator or value is missing
    assert TargetValue("x", "≥", 5.0, "个", "qualitative", None, None).render() == "x"
    assert TargetValue("x", None, 5.0, "个", "quantity", None, None).render() == "x"
    assert TargetValue("x", "≥", None, "个", "quantity", None, None).render() == "x"
    assert TargetValue("x", "≥", 5.0, "个", "quantity", None, "higher").render() == "≥5个"
    assert TargetValue("x", "≥", 5.0, None, "quantity", None, "higher").render() == "≥5"
