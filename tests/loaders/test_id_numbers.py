"""The pure rules of citizen ID numbers and names (`loaders.id_numbers`), called directly.

Every check character below is worked out by hand with the GB 11643 weights
7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and the characters `10X98765432` indexed by (sum mod 11).
The date cases share region 110105 (1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 = 41) and sequence 002
(0·8 + 0·4 + 2·2 = 4): 45 plus the birth date's digits times 2 1 6 3 7 9 10 5.
"""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.id_numbers import (
    birth_year,
    gender,
    id_birth_date,
    id_check_char,
    id_problem,
    mask_id,
    mask_name,
    normalise_id,
    normalise_name,
)

# the standard's example: 19491231 → 2+9+24+27+7+18+30+5 = 122; 45 + 122 = 167 = 15·11 + 2 → X
STANDARD = "11010519491231002X"
# 19000101 → 2+9+0+0+0+9+0+5 = 25; 45 + 25 = 70 = 6·11 + 4 → 8
FIRST_DAY = "110105190001010028"
# 18991231 → 2+8+54+27+7+18+30+5 = 151; 45 + 151 = 196 = 17·11 + 9 → 3
DAY_BEFORE = "110105189912310023"
# 20100315 → 4+0+6+0+0+27+10+25 = 72; 45 + 72 = 117 = 10·11 + 7 → 5
BORN_0315 = "110105201003150025"
# 20100316 → 72 - 25 + 30 = 77; 45 + 77 = 122 = 11·11 + 1 → 0
BORN_0316 = "110105201003160020"
# 20990101 → 4+0+54+27+0+9+0+5 = 99; 45 + 99 = 144 = 13·11 + 1 → 0
BORN_2099 = "110105209901010020"
# 20240229 (a leap day) → 4+0+12+12+0+18+20+45 = 111; 45 + 111 = 156 = 14·11 + 2 → X
LEAP_DAY = "11010520240229002X"
# 20250229 (no such day) → 4+0+12+15+0+18+20+45 = 114; 45 + 114 = 159 = 14·11 + 5 → 7
NO_LEAP_DAY = "110105202502290027"
# no zero among the 17 digits, so each weight counts: 1·7 + 2·9 + 3·10 + 4·5 + 5·8 + 6·4 + 1·2 +
# 9·1 + 8·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5 + 1·8 + 2·4 + 3·2 = 307 = 27·11 + 10 → 2
NO_ZERO = "123456198912311232"

LENGTH_17 = "应为 18 位（现为 17 位）"
SCIENTIFIC = "被存成了数字（科学计数法），请把该列设为文本后重新导出"
ILLEGAL = "含有非法字符（前 17 位应为数字，末位为数字或 X）"
BAD_DATE = "中的出生日期无效"
FUTURE = "中的出生日期在未来"
WRONG_CHECK = "校验位不正确"


# --------------------------------------------------------------------------- check character


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        pytest.param(STANDARD[:17], "X", id="sum-167-mod-2"),
        pytest.param(NO_ZERO[:17], "2", id="sum-307-mod-10-every-weight"),
        pytest.param("0" * 17, "1", id="sum-0"),
        pytest.param("00000001000000000", "0", id="sum-1-weight-of-8th-is-1"),
        pytest.param("00100000000000000", "2", id="sum-10-weight-of-3rd-is-10"),
    ],
)
def test_check_character_is_iso7064_mod_11_2(first17, check):
    assert id_check_char(first17) == check


def test_check_character_needs_exactly_17_digits():
    with pytest.raises(ValueError):
        id_check_char("1101051949123100")  # 16 digits: zip(strict=True) refuses


# --------------------------------------------------------------------------- birth date


def test_birth_date_reads_digits_7_to_14():
    assert id_birth_date(STANDARD) == dt.date(1949, 12, 31)
    assert id_birth_date(LEAP_DAY) == dt.date(2024, 2, 29)
    assert id_birth_date(NO_LEAP_DAY) is None  # 2025 is no leap year
    assert id_birth_date("110105194913310020") is None  # month 13


def test_birth_year_and_gender():
    assert birth_year(STANDARD) == 1949 and birth_year(NO_ZERO) == 1989
    assert gender(STANDARD) == "女"  # 17th digit 2 (the 16th, 0, is even too)
    assert gender(NO_ZERO) == "男"  # 17th digit 3, odd (the 16th, 2, is even)
    assert gender("11010519491231000X") == "女"  # 0
    assert gender("11010519491231001X") == "男"  # 1
    assert gender("11010519491231009X") == "男"  # 9


# --------------------------------------------------------------------------- id_problem


def test_valid_numbers_have_no_problem():
    assert id_problem(STANDARD) is None
    assert id_problem(NO_ZERO) is None
    assert id_problem(LEAP_DAY) is None  # ends in X


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        pytest.param(STANDARD[:17], LENGTH_17, id="17"),
        pytest.param(STANDARD + "1", "应为 18 位（现为 19 位）", id="19"),
        pytest.param("", "应为 18 位（现为 0 位）", id="empty"),
        pytest.param("1.10105E+17", SCIENTIFIC, id="E+"),
        pytest.param("1.1E-05", SCIENTIFIC, id="E-"),
        pytest.param("110105194912310E17", ILLEGAL, id="18-with-E-is-no-number"),
        pytest.param("1101051949123100E", LENGTH_17, id="E-without-sign"),
    ],
)
def test_length_and_scientific_notation(number, problem):
    assert id_problem(number) == problem


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("１1010519491231002X", id="full-width-digit"),
        pytest.param("11010519491231O02X", id="letter-O-in-the-17"),
        pytest.param("11010519491231002Y", id="last-Y"),
        pytest.param("11010519491231002x", id="last-lowercase-x-not-normalised"),
        pytest.param("11010519491231002Ｘ", id="last-full-width-X-not-normalised"),
    ],
)
def test_illegal_characters(number):
    assert id_problem(number) == ILLEGAL


def test_birth_date_between_1900_and_today():
    today = dt.date(2010, 3, 15)
    assert id_problem(FIRST_DAY, today=today) is None  # 1900-01-01: the first day allowed
    assert id_problem(DAY_BEFORE, today=today) == BAD_DATE  # 1899-12-31
    assert id_problem(NO_LEAP_DAY, today=dt.date(2026, 1, 1)) == BAD_DATE
    assert id_problem(BORN_0315, today=today) is None  # born today
    assert id_problem(BORN_0316, today=today) == FUTURE  # born tomorrow
    assert id_problem(BORN_0316, today=dt.date(2010, 3, 16)) is None
    # without `today`, the machine's date: 2099 is future, 2024 is not
    assert id_problem(BORN_2099) == FUTURE
    assert id_problem(LEAP_DAY) is None


def test_check_character_is_checked_last():
    assert id_problem(STANDARD[:17] + "0") == WRONG_CHECK
    assert id_problem(NO_ZERO[:17] + "3") == WRONG_CHECK
    assert id_problem(DAY_BEFORE[:17] + "0") == BAD_DATE  # the date first


# --------------------------------------------------------------------------- normalising and masks


def test_normalise_id():
    assert normalise_id(None) == ""
    assert normalise_id("") == ""
    assert normalise_id(" '11010519491231002x ") == STANDARD
    assert normalise_id("１１０１０５ １９４９１２３１００２ｘ") == STANDARD  # full width, a space
    assert normalise_id("110105\u200b19491231002X") == STANDARD  # a zero-width space
    # only a leading apostrophe goes: a trailing one and a leading X stay for id_problem to name
    assert normalise_id("11010519491231002X'") == STANDARD + "'"
    assert normalise_id("X1010519491231002X") == "X1010519491231002X"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        pytest.param(STANDARD, "110105**********2X", id="18: 6 + 10 stars + 2"),
        pytest.param("1234567890123456789", "123456***********89", id="19: 6 + 11 + 2"),
        pytest.param("123456789012345", "123456*******45", id="15: 6 + 7 + 2"),
        pytest.param("12345678901234", "*" * 14, id="14: all stars"),
        pytest.param("1", "*", id="1"),
        pytest.param("", "", id="empty"),
    ],
)
def test_mask_id(number, masked):
    assert mask_id(number) == masked


def test_normalise_name():
    assert normalise_name(None) == ""
    assert normalise_name(" 王 小涵\t") == "王小涵"
    assert normalise_name("王\u3000小涵") == "王小涵"  # the ideographic space
    assert normalise_name("Ａｌｉ") == "Ali"  # NFKC: full-width letters


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        pytest.param("", "", id="0"),
        pytest.param("王", "*", id="1"),
        pytest.param("张三", "张*", id="2"),
        pytest.param("王小涵", "王*涵", id="3"),
        pytest.param("欧阳小明", "欧**明", id="4"),
        pytest.param("爱新觉罗玄烨", "爱****烨", id="6"),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked
