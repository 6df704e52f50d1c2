"""Tests for loaders.target_values.parse_target_value."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.target_values import KINDS, OPERATORS, TargetValue, parse_target_value

D = date
Q = (None, None, None, "qualitative", None, None)  # expected tuple for qualitative text


def _dl(y: int, m: int, d: int) -> tuple:
    return ("≤", None, None, "deadline", date(y, m, d), "lower")


# (text, level2) -> (operator, value, unit, kind, deadline, direction)
CASES: list[tuple[str | None, str | None, tuple]] = [
    # --- quantities
    ("≥22个", None, ("≥", 22.0, "个", "quantity", None, "higher")),
    ("100人", None, ("=", 100.0, "人", "quantity", None, "higher")),
    (">=17600株", None, ("≥", 17600.0, "株", "quantity", None, "higher")),
    ("≤28.40/株", None, ("≤", 28.4, "/株", "quantity", None, "lower")),
    ("≥80M", None, ("≥", 80.0, "M", "quantity", None, "higher")),
    ("≤10次", None, ("≤", 10.0, "次", "quantity", None, "lower")),
    ("≤3个工作日", None, ("≤", 3.0, "个工作日", "quantity", None, "lower")),
    ("≥80分", None, ("≥", 80.0, "分", "quantity", None, "higher")),
    ("3年", None, ("=", 3.0, "年", "quantity", None, "higher")),
    ("≤3天", "时效指标", ("≤", 3.0, "天", "quantity", None, "lower")),
    ("＞0", None, (">", 0.0, None, "quantity", None, "higher")),
    ("≥1万人", None, ("≥", 10000.0, "人", "quantity", None, "higher")),
    ("10万亩", None, ("=", 100000.0, "亩", "quantity", None, "higher")),
    ("5万", "数量指标", ("=", 50000.0, None, "quantity", None, "higher")),
    ("3,309,840.00", None, ("=", 3309840.0, None, "quantity", None, "higher")),
    ("创建优秀团组织22个", None, ("=", 22.0, "个", "quantity", None, "higher")),
    ("≥ 22 个", None, ("≥", 22.0, "个", "quantity", None, "higher")),
    ("至少5个", None, ("≥", 5.0, "个", "quantity", None, "higher")),
    ("不少于3次", None, ("≥", 3.0, "次", "quantity", None, "higher")),
    ("不小于10个", None, ("≥", 10.0, "个", "quantity", None, "higher")),
    ("大于等于10个", None, ("≥", 10.0, "个", "quantity", None, "higher")),
    ("≧10个", None, ("≥", 10.0, "个", "quantity", None, "higher")),
    ("<=5次", None, ("≤", 5.0, "次", "quantity", None, "lower")),
    ("≦5次", None, ("≤", 5.0, "次", "quantity", None, "lower")),
    ("小于等于5次", None, ("≤", 5.0, "次", "quantity", None, "lower")),
    ("不超过5次", None, ("≤", 5.0, "次", "quantity", None, "lower")),
    ("不大于2次", None, ("≤", 2.0, "次", "quantity", None, "lower")),
    ("至多2次", None, ("≤", 2.0, "次", "quantity", None, "lower")),
    ("10个以内", None, ("≤", 10.0, "个", "quantity", None, "lower")),
    ("10个以下", None, ("≤", 10.0, "个", "quantity", None, "lower")),
    ("10个之内", None, ("≤", 10.0, "个", "quantity", None, "lower")),
    ("10个及以上", None, ("≥", 10.0, "个", "quantity", None, "higher")),
    ("10个左右", None, ("=", 10.0, "个", "quantity", None, "higher")),
    ("大于3个", None, (">", 3.0, "个", "quantity", None, "higher")),
    ("高于3个", None, (">", 3.0, "个", "quantity", None, "higher")),
    ("超过3个", None, (">", 3.0, "个", "quantity", None, "higher")),
    ("<5次", None, ("<", 5.0, "次", "quantity", None, "lower")),
    ("小于5次", None, ("<", 5.0, "次", "quantity", None, "lower")),
    ("低于5次", None, ("<", 5.0, "次", "quantity", None, "lower")),
    ("等于5个", None, ("=", 5.0, "个", "quantity", None, "higher")),
    ("=5个", None, ("=", 5.0, "个", "quantity", None, "higher")),
    ("≥500m²", None, ("≥", 500.0, "m²", "quantity", None, "higher")),
    ("PM2.5浓度≤35", None, ("≤", 35.0, None, "quantity", None, "lower")),
    # --- percents
    ("≥90%", None, ("≥", 90.0, "%", "percent", None, "higher")),
    ("100%", None, ("=", 100.0, "%", "percent", None, "higher")),
    ("≤100%", None, ("≤", 100.0, "%", "percent", None, "lower")),
    ("≥100%", None, ("≥", 100.0, "%", "percent", None, "higher")),
    ("≥98.5%", None, ("≥", 98.5, "%", "percent", None, "higher")),
    ("≥９０％", None, ("≥", 90.0, "%", "percent", None, "higher")),
    ("不低于95%", None, ("≥", 95.0, "%", "percent", None, "higher")),
    ("90%以上", None, ("≥", 90.0, "%", "percent", None, "higher")),
    ("90%-95%", None, ("≥", 90.0, "%", "percent", None, "higher")),
    ("90%~95%", None, ("≥", 90.0, "%", "percent", None, "higher")),
    ("90％～95％", None, ("≥", 90.0, "%", "percent", None, "higher")),
    ("及时率100%", "时效指标", ("=", 100.0, "%", "percent", None, "higher")),
    ("满意度≥90%", "满意度指标", ("≥", 90.0, "%", "percent", None, "higher")),
    ("控制在90%以上", None, ("≥", 90.0, "%", "percent", None, "higher")),
    ("≤5%", "成本指标", ("≤", 5.0, "%", "percent", None, "lower")),
    ("5%", "成本指标", ("=", 5.0, "%", "percent", None, "lower")),
    # --- money
    ("≤5万", None, ("≤", 50000.0, "元", "money", None, "lower")),
    ("≤5万元", None, ("≤", 50000.0, "元", "money", None, "lower")),
    ("≤５万元", "成本指标", ("≤", 50000.0, "元", "money", None, "lower")),
    ("5万元以内", None, ("≤", 50000.0, "元", "money", None, "lower")),
    ("控制在5万元以内", None, ("≤", 50000.0, "元", "money", None, "lower")),
    ("854万", None, ("=", 8540000.0, "元", "money", None, "lower")),
    ("1600元/亩", None, ("=", 1600.0, "元/亩", "money", None, "lower")),
    ("≤5万元/人", None, ("≤", 50000.0, "元/人", "money", None, "lower")),
    ("≥1.5亿元", None, ("≥", 150000000.0, "元", "money", None, "higher")),
    ("2亿", None, ("=", 200000000.0, "元", "money", None, "lower")),
    ("≥1,000万元", None, ("≥", 10000000.0, "元", "money", None, "higher")),
    ("≤500千元", None, ("≤", 500000.0, "元", "money", None, "lower")),
    ("1.1万元", None, ("=", 11000.0, "元", "money", None, "lower")),
    ("≤50000元", None, ("≤", 50000.0, "元", "money", None, "lower")),
    ("3,309,840.00", "成本指标", ("=", 3309840.0, None, "money", None, "lower")),
    ("≤1200", "经济成本指标", ("≤", 1200.0, None, "money", None, "lower")),
    # --- deadlines
    ("2025年12月底完成", None, _dl(2025, 12, 31)),
    ("2025年12月底前", None, _dl(2025, 12, 31)),
    ("2025年底前", None, _dl(2025, 12, 31)),
    ("2025年末", None, _dl(2025, 12, 31)),
    ("2025年年底", None, _dl(2025, 12, 31)),
    ("2025年6月30日前", None, _dl(2025, 6, 30)),
    ("2025年6月底", None, _dl(2025, 6, 30)),
    ("2025年6月", None, _dl(2025, 6, 30)),
    ("2025-12-31", None, _dl(2025, 12, 31)),
    ("2025/12/31", None, _dl(2025, 12, 31)),
    ("2025.12.31", None, _dl(2025, 12, 31)),
    ("２０２５年１２月３１日前完成", "时效指标", _dl(2025, 12, 31)),
    ("2025年上半年", None, _dl(2025, 6, 30)),
    ("2025年下半年", None, _dl(2025, 12, 31)),
    ("2025年第三季度", None, _dl(2025, 9, 30)),
    ("2025年三季度", None, _dl(2025, 9, 30)),
    ("2025年一季度末", None, _dl(2025, 3, 31)),
    ("2024年2月底", None, _dl(2024, 2, 29)),
    ("2023年2月底", None, _dl(2023, 2, 28)),
    ("于2025年11月底前完成验收", "时效指标", _dl(2025, 11, 30)),
    ("≤2025-12-31", None, _dl(2025, 12, 31)),
    ("12月底前完成", None, ("≤", None, None, "deadline", None, "lower")),
    # --- qualitative
    ("救济物品主要是学习和生活用品", None, Q),
    ("所发物品提高儿童学习积极性", None, Q),
    ("优良", None, Q),
    ("控制在预算内", None, Q),
    ("有效提升", None, Q),
    ("是", None, Q),
    ("百分之九十", None, Q),
    ("", None, Q),
    (None, None, Q),
    ("1个月内完成2项", None, Q),
    ("2025年完成3个项目", None, Q),
    # --- the Wei County Youth League 2025 sample (data/samples), value and description columns
    ("≤5万", "成本指标", ("≤", 50000.0, "元", "money", None, "lower")),
    ("≤5万元", "成本指标", ("≤", 50000.0, "元", "money", None, "lower")),
    ("发放救济物品5万元", "成本指标", ("=", 50000.0, "元", "money", None, "lower")),
    ("≥22个", "数量指标", ("≥", 22.0, "个", "quantity", None, "higher")),
    ("全县特困生救助100人", "数量指标", ("=", 100.0, "人", "quantity", None, "higher")),
    ("先进组织符合要求率达到90%", "质量指标", ("=", 90.0, "%", "percent", None, "higher")),
    ("100%", "时效指标", ("=", 100.0, "%", "percent", None, "higher")),
    ("2025年12月底发放完毕", "时效指标", _dl(2025, 12, 31)),
    ("≤100%", "服务对象满意度指标", ("≤", 100.0, "%", "percent", None, "lower")),
    ("有效改善团组织工作环境", "社会效益指标", Q),
]


@pytest.mark.parametrize(("text", "level2", "expected"), CASES)
def test_table(text: str | None, level2: str | None, expected: tuple) -> None:
    v = parse_target_value(text, level2)
    assert (v.operator, v.value, v.unit, v.kind, v.deadline, v.direction) == expected
    assert v.raw == ("" if text is None else text)


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize(
    ("text", "fiscal_year", "expected"),
    [
        ("12月底前完成", 2025, D(2025, 12, 31)),
        ("12月底前完成", None, None),
        ("6月30日前", 2024, D(2024, 6, 30)),
        ("2月底", 2024, D(2024, 2, 29)),
        ("第3季度", 2025, D(2025, 9, 30)),
        ("3月底", 2025, D(2025, 3, 31)),
        ("10月底", 2025, D(2025, 10, 31)),
        ("2025年6月底", 2030, D(2025, 6, 30)),  # an explicit year beats the fiscal year
    ],
)
def test_deadline_uses_fiscal_year(text: str, fiscal_year: int | None, expected: date) -> None:
    v = parse_target_value(text, "时效指标", fiscal_year)
    assert v.kind == "deadline"
    assert v.deadline == expected
    assert (v.operator, v.direction, v.value, v.unit) == ("≤", "lower", None, None)


@pytest.mark.parametrize(
    ("text", "level2", "rendered"),
    [
        ("≥22个", None, "≥22个"),
        ("≤5万", None, "≤50000元"),
        ("100人", None, "=100人"),
        ("≤28.40/株", None, "≤28.4/株"),
        ("3,309,840.00", None, "=3309840"),
        ("2025年12月底完成", None, "≤2025-12-31"),
        ("优良", None, "优良"),
        ("", None, ""),
        (None, None, ""),
        ("12月底前完成", None, "12月底前完成"),
        ("≥1.5亿元", None, "≥150000000元"),
        ("0.00001个", None, "=0.00001个"),
        ("≥９０％", None, "≥90%"),
    ],
)
def test_render(text: str | None, level2: str | None, rendered: str) -> None:
    assert parse_target_value(text, level2).render() == rendered


@pytest.mark.parametrize("level2", [None, "成本指标", "数量指标"])
def test_render_reparses_table_cases(level2: str | None) -> None:
    for text, _, _ in CASES:
        _assert_round_trip(parse_target_value(text, level2), level2)


def test_public_constants() -> None:
    assert KINDS == ("quantity", "percent", "money", "deadline", "qualitative")
    assert set(OPERATORS) == {"≥", ">", "=", "≤", "<"}


def test_never_raises_on_odd_inputs() -> None:
    for odd in [123, 4.5, b"\xff", object(), ["≥1"], "9" * 5000, "≥" + "9" * 400 + "亿元"]:
        v = parse_target_value(odd)  # type: ignore[arg-type]
        assert v.kind in KINDS
    assert parse_target_value("≥1", level2=42, fiscal_year="2025").kind == "quantity"  # type: ignore[arg-type]
    assert parse_target_value("12月底", fiscal_year=True).deadline is None
    assert parse_target_value("12月底", fiscal_year=10**9).deadline is None


def test_huge_text_is_fast_and_safe() -> None:
    big = "创建优秀团组织" * 50_000 + "22个"
    v = parse_target_value(big)
    assert (v.operator, v.value, v.unit, v.kind) == ("=", 22.0, "个", "quantity")
    assert parse_target_value("1,2." * 50_000).kind == "qualitative"


def test_overflowing_number_is_qualitative() -> None:
    v = parse_target_value("≥" + "9" * 400 + "亿元")
    assert v.kind == "qualitative"
    assert v.value is None


def test_target_value_is_frozen() -> None:
    v = parse_target_value("≥22个")
    assert isinstance(v, TargetValue)
    with pytest.raises(AttributeError):
        v.value = 1.0  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Property tests
# --------------------------------------------------------------------------------------------


def _assert_round_trip(v: TargetValue, level2: str | None) -> None:
    assert v.value is None or not math.isnan(v.value)
    if v.kind == "qualitative":
        assert v.render() == v.raw
        return
    again = parse_target_value(v.render(), level2)
    assert (again.operator, again.value, again.unit, again.kind, again.deadline) == (
        v.operator,
        v.value,
        v.unit,
        v.kind,
        v.deadline,
    )


LEVEL2 = st.sampled_from([None, "", "数量指标", "质量指标", "时效指标", "成本指标", "效益指标"])

# Characters that exercise every branch: digits, operators, units, scales, date words, dashes.
ALPHABET = st.sampled_from(
    [
        *"0123456789０９.,，-~～/%％≥≤<>=＞＜≧≦年月日底末前上下半季度第一三万亿千元个人株亩次M",
        *[
            "以上",
            "以内",
            "以下",
            "及以上",
            "左右",
            "不低于",
            "不超过",
            "控制在",
            "m²",
            " ",
            "优良",
        ],
    ]
)
ODD_TEXT = st.lists(ALPHABET, max_size=12).map("".join)


@settings(max_examples=400, database=None)
@given(text=st.one_of(st.none(), st.text(), ODD_TEXT), level2=LEVEL2, fy=st.none() | st.integers())
def test_never_raises_and_preserves_raw(text: str | None, level2: str | None, fy: int) -> None:
    v = parse_target_value(text, level2, fy)
    assert v.raw == ("" if text is None else text)
    assert v.kind in KINDS
    assert v.operator is None or v.operator in OPERATORS
    assert v.value is None or math.isfinite(v.value)
    assert v.direction in (None, "higher", "lower")
    if v.kind == "qualitative":
        assert (v.operator, v.value, v.unit, v.deadline, v.direction) == (None,) * 5
    assert isinstance(v.render(), str)


@settings(max_examples=400, database=None)
@given(text=st.one_of(st.text(), ODD_TEXT), level2=LEVEL2)
def test_any_parse_round_trips(text: str, level2: str | None) -> None:
    _assert_round_trip(parse_target_value(text, level2), level2)


OPERATOR_SPELLINGS = {
    "≥": ["≥", ">=", "≧", "大于等于", "不低于", "不少于", "不小于", "至少"],
    "≤": ["≤", "<=", "≦", "小于等于", "不高于", "不超过", "不大于", "至多"],
    ">": [">", "大于", "高于", "超过", "＞"],
    "<": ["<", "小于", "低于", "＜"],
    "=": ["", "=", "等于", "＝"],
}
# unit as written -> (scale, canonical unit, kind); "" / 万 depend on level2 (handled below)
UNITS = {
    "个": (1, "个", "quantity"),
    "%": (1, "%", "percent"),
    "％": (1, "%", "percent"),
    "人": (1, "人", "quantity"),
    "元": (1, "元", "money"),
    "元/亩": (1, "元/亩", "money"),
    "株": (1, "株", "quantity"),
    "M": (1, "M", "quantity"),
    "次": (1, "次", "quantity"),
    "/株": (1, "/株", "quantity"),
    "个工作日": (1, "个工作日", "quantity"),
    "分": (1, "分", "quantity"),
    "万元": (10_000, "元", "money"),
    "万元/人": (10_000, "元/人", "money"),
    "千元": (1_000, "元", "money"),
    "亿元": (100_000_000, "元", "money"),
    "万人": (10_000, "人", "quantity"),
    "万亩": (10_000, "亩", "quantity"),
    "亿": (100_000_000, "元", "money"),
    "万": (10_000, "元", "money"),
    "": (1, None, "quantity"),
}
NUMBERS = st.decimals(
    min_value=Decimal(0), max_value=Decimal(10) ** 9, places=2, allow_nan=False
).map(lambda d: d.normalize() if d != d.to_integral() else d.quantize(Decimal(1)))


def _with_thousands(n: Decimal) -> str:
    whole, _, frac = format(n, "f").partition(".")
    grouped = f"{int(whole):,}"
    return grouped + ("." + frac if frac else "")


@settings(max_examples=500, database=None)
@given(
    op=st.sampled_from(sorted(OPERATOR_SPELLINGS)),
    data=st.data(),
    number=NUMBERS,
    unit=st.sampled_from(sorted(UNITS)),
    level2=LEVEL2,
    thousands=st.booleans(),
)
def test_generated_values_parse_and_round_trip(
    op: str,
    data: st.DataObject,
    number: Decimal,
    unit: str,
    level2: str | None,
    thousands: bool,
) -> None:
    spelling = data.draw(st.sampled_from(OPERATOR_SPELLINGS[op]))
    num_text = _with_thousands(number) if thousands else format(number, "f")
    text = f"{spelling}{num_text}{unit}"
    v = parse_target_value(text, level2)

    scale, canon_unit, kind = UNITS[unit]
    lv2 = level2 or ""
    if unit in ("万", "亿") and "数量" in lv2:
        canon_unit, kind = None, "quantity"
    if unit == "" and "成本" in lv2:
        kind = "money"
    assert v.raw == text
    assert v.operator == op
    assert v.kind == kind
    assert v.unit == canon_unit
    assert v.value == float(number * scale)
    if op in ("≥", ">"):
        assert v.direction == "higher"
    elif op in ("≤", "<"):
        assert v.direction == "lower"
    else:
        assert v.direction == ("lower" if kind == "money" or "成本" in lv2 else "higher")
    _assert_round_trip(v, level2)


@settings(max_examples=200, database=None)
@given(
    when=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    style=st.sampled_from(["iso", "slash", "dot", "cn", "cn_before"]),
)
def test_generated_dates_parse_and_round_trip(when: date, style: str) -> None:
    text = {
        "iso": f"{when:%Y-%m-%d}",
        "slash": f"{when.year}/{when.month}/{when.day}",
        "dot": f"{when:%Y.%m.%d}",
        "cn": f"{when.year}年{when.month}月{when.day}日",
        "cn_before": f"{when.year}年{when.month}月{when.day}日前完成",
    }[style]
    v = parse_target_value(text)
    assert (v.kind, v.deadline, v.operator, v.direction) == ("deadline", when, "≤", "lower")
    assert v.render() == f"≤{when.isoformat()}"
    _assert_round_trip(v, None)


@settings(database=None)
@given(year=st.integers(1900, 2100), month=st.integers(1, 12))
def test_month_end_is_calendar_correct(year: int, month: int) -> None:
    v = parse_target_value(f"{year}年{month}月底")
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    assert v.deadline is not None
    assert (nxt - v.deadline).days == 1
