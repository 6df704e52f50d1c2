"""Parse published performance-target values (指标值) into structured comparisons.

A county budget unit's performance target table publishes, per indicator, a short free-text
value such as ``≥22个``, ``≤5万``, ``90%以上``, ``2025年12月底完成`` or ``优良``.
:func:`parse_target_value` turns that text into a :class:`TargetValue` holding an operator, a
number (money in yuan), a unit, a kind, a deadline and the direction in which "better" lies.
It never raises: anything it cannot read becomes kind ``"qualitative"``.

Rules, applied in this order:

1. **Normalisation.** The text is NFKC-normalised (fullwidth digits, ``％``, ``＞``, ``＝``,
   ``，`` become ASCII) and all whitespace is removed. Superscripts ``²``/``³``/``¹`` are
   protected from NFKC so that ``m²`` stays a unit instead of becoming the number 2. ``raw``
   keeps the published text unchanged (``""`` for ``None``).
2. **No digit → qualitative** (``优良``, ``控制在预算内``, ``有效提升``, ``是``, ``""``).
   Chinese numerals (``百分之九十``) are not read and stay qualitative.
3. **Deadlines win over numbers when the text is a date** (the year is not a quantity).
   Recognised, anywhere in the text (if several dates appear, the last one is the deadline):
   ``2025-12-31``/``2025/12/31``/``2025.12.31``; ``2025年6月30日`` (or ``号``);
   ``2025年6月`` / ``6月底`` / ``6月末`` / ``6月份`` → end of that month (leap years
   honoured); ``6月上旬``/``中旬`` → the 10th/20th, ``下旬`` → end of month;
   ``2025年底``/``年末``/``年年底``/``年年末`` → 12-31; ``2025年上半年`` → 06-30,
   ``下半年`` → 12-31; ``2025年第三季度``/``三季度``/``第3季度`` → end of the quarter.
   A bare ``2025年``/``2025年度``/``2025年内`` (→ 12-31) or a bare ``6月`` only counts as a
   deadline when no other number is in the text. Without a year (``12月底前完成``,
   ``第3季度``) the ``fiscal_year`` argument supplies it; without one the result is still kind
   ``"deadline"`` but with ``deadline=None``. Years outside 1900–2100 and impossible dates are
   not deadlines. ``≤3天``, ``3年`` (not four digits) or ``及时率100%`` are not deadlines.
   Deadlines get operator ``≤`` and direction ``"lower"`` (earlier is better).
4. **One number.** Numbers may carry thousands separators (``3,309,840.00``) and decimals.
   Digits glued to a Latin letter (``m2``, ``PM2.5``, ``A1``) are part of a word, not a
   number. A minus sign counts only at the very start or right after an operator
   (``≥-5%``). Leading prose is allowed (``创建优秀团组织22个`` → ``=22个``) as long as the
   text holds no other number; two or more unrelated numbers → qualitative.
5. **Ranges** ``90%-95%``, ``90%~95%``, ``90至95%``, ``5-10万元`` → ``≥`` the lower bound
   (a range published as a target means "at least reach the range"), with the unit of the
   upper bound; a unit written on the lower bound must match it.
6. **Operators.** Before the number (the one closest to the number wins):
   ``≥ >= ≧ 大于等于 大于或等于 不低于 不少于 不小于 至少`` → ``≥``;
   ``≤ <= ≦ 小于等于 小于或等于 不高于 不超过 不大于 不多于 至多 控制在`` → ``≤``;
   ``> 大于 高于 超过 多于`` → ``>``; ``< 小于 低于 少于`` → ``<``; ``= == 等于`` → ``=``.
   After the unit: ``以上``/``及以上`` → ``≥``; ``以内``/``之内``/``以下``/``内`` → ``≤``;
   ``左右`` is dropped. An explicit prefix operator beats a suffix one, except ``控制在``,
   which only says "keep at" and yields to ``以上``/``以内`` (``控制在90%以上`` → ``≥``).
   A bare number means ``=``.
7. **Kind and unit.** The unit is the text after the number with the trailing words above
   and trailing punctuation removed, otherwise kept as published (``≤28.40/株`` → unit
   ``/株``).

   * ``%`` → kind ``"percent"``, unit ``"%"``, value as written; text after ``%`` is
     commentary and dropped. A prefix ``百分之`` with a digit number is also a percent.
   * ``元…`` → money (``1600元/亩`` → 1600 ``元/亩``). ``万元``/``亿元``/``千元``/``百万元``/
     ``千万元`` are scaled to yuan and the unit becomes ``元…`` (``≤5万元/人`` → 50000
     ``元/人``). A lone ``万``/``亿`` (``≤5万``, ``854万``) is money in 万/亿 yuan, except
     when level2 contains ``数量`` (a count): then it is a scaled quantity without unit.
     ``万/…``/``亿/…`` (a per-something amount) is read as money ``元/…``.
   * ``万``/``亿`` before another unit scale a quantity (``≥1万人`` → 10000 ``人``,
     ``10万亩`` → 100000 ``亩``). ``M`` is a unit, not 万 (``≥80M`` → 80 ``M``).
   * No unit and level2 containing ``成本`` (a cost) → money with unit ``None`` (the
     currency is not assumed).
   * Anything else is a ``"quantity"`` (``≥22个``, ``≤3个工作日``, ``3年``, ``＞0``).
8. **Direction.** ``≥``/``>`` → ``"higher"``, ``≤``/``<`` → ``"lower"``. For ``=`` it is
   inferred: money, or any value whose level2 contains ``成本``, is a spending figure where
   staying at or below the number is the goal → ``"lower"``; everything else (counts,
   rates, scores) → ``"higher"``.
9. **Canonical form.** :meth:`TargetValue.render` gives operator + number (no exponent, no
   trailing zeros) + unit, ``≤YYYY-MM-DD`` for a dated deadline, and the raw text otherwise.
   Re-parsing the rendered text (with the same level2) reproduces operator, value, unit,
   kind and deadline. As a safety net a parse whose canonical text would not re-parse to
   the same result is demoted to qualitative rather than returned inconsistent.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = ["KINDS", "OPERATORS", "TargetValue", "parse_target_value"]

KINDS: tuple[str, ...] = ("quantity", "percent", "money", "deadline", "qualitative")
OPERATORS: tuple[str, ...] = ("≥", ">", "=", "≤", "<")

_MIN_YEAR = 1900
_MAX_YEAR = 2100


@dataclass(frozen=True)
class TargetValue:
    """A parsed target value; see the module docstring for the rules."""

    raw: str
    operator: str | None
    value: float | None
    unit: str | None
    kind: str
    deadline: date | None
    direction: str | None

    def render(self) -> str:
        """Canonical text: ``≥22个``, ``≤50000元``, ``≤2025-12-31``; raw text when unparsed."""
        if self.kind == "deadline":
            if self.deadline is None:
                return self.raw
            return f"≤{self.deadline.isoformat()}"
        if self.kind == "qualitative" or self.operator is None or self.value is None:
            return self.raw
        return f"{self.operator}{_format_number(self.value)}{self.unit or ''}"


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------

_PREFIX_OPERATORS: dict[str, str] = {
    "≥": "≥",
    ">=": "≥",
    "≧": "≥",
    "大于等于": "≥",
    "大于或等于": "≥",
    "不低于": "≥",
    "不少于": "≥",
    "不小于": "≥",
    "至少": "≥",
    "≤": "≤",
    "<=": "≤",
    "≦": "≤",
    "小于等于": "≤",
    "小于或等于": "≤",
    "不高于": "≤",
    "不超过": "≤",
    "不大于": "≤",
    "不多于": "≤",
    "至多": "≤",
    "控制在": "≤",
    ">": ">",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "多于": ">",
    "<": "<",
    "小于": "<",
    "低于": "<",
    "少于": "<",
    "=": "=",
    "==": "=",
    "等于": "=",
}
# "控制在" only means "keep at"; a trailing 以上/以内 says which side, so it must not override.
_WEAK_PREFIXES = frozenset({"控制在"})

# Longest first so that "及以上" is removed whole rather than leaving a stray "及".
_SUFFIX_WORDS: tuple[tuple[str, str | None], ...] = (
    ("及以上", "≥"),
    ("以上", "≥"),
    ("以内", "≤"),
    ("之内", "≤"),
    ("以下", "≤"),
    ("左右", None),
    ("内", "≤"),
)
_TRAILING_PUNCT = " \t\r\n。.,;:!?、"

# Scales that turn the amount into yuan; longest first so "千万元" is not read as "千" + "万元".
_MONEY_SCALES: tuple[tuple[str, int], ...] = (
    ("千万元", 10_000_000),
    ("百万元", 1_000_000),
    ("亿元", 100_000_000),
    ("万元", 10_000),
    ("千元", 1_000),
)
_BARE_SCALES: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

_RANGE_SEPARATORS: tuple[str, ...] = ("-", "~", "〜", "—", "–", "至", "到")

# A word with digits glued to a Latin letter (m2, PM2.5, A1) is skipped, not read as a number.
# Thousands-separated numbers come before plain ones so "3,309,840.00" is one token.
_NUMBER_RE = re.compile(
    r"(?P<word>[A-Za-z][0-9]+(?:\.[0-9]+)?)"
    r"|(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])|[0-9]+(?:\.[0-9]+)?)"
)

_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_XUN_DAY = {"上旬": 10, "中旬": 20}

# One alternation so that, scanning left to right, "2025年12月" is consumed whole before
# the month-only branch could see "12月".
_DATE_RE = re.compile(
    r"(?<![0-9.])(?P<iy>[0-9]{4})(?P<isep>[-/.])(?P<im>[0-9]{1,2})(?P=isep)(?P<id>[0-9]{1,2})"
    r"(?![0-9])"
    r"|(?<![0-9.])(?P<y>[0-9]{4})年(?:"
    r"(?P<ym>[0-9]{1,2})月(?:(?P<yd>[0-9]{1,2})[日号]|(?P<ymx>底|末|份|上旬|中旬|下旬))?"
    r"|(?P<yhalf>[上下])半年"
    r"|第?(?P<yq>[1-4一二三四])季度"
    r"|(?P<yend>年?[底末])"
    r"|(?P<yweak>年度|度|内)"
    r")?"
    r"|第(?P<q>[1-4])季度"
    r"|(?<![0-9.])(?P<m>[0-9]{1,2})月(?:(?P<d>[0-9]{1,2})[日号]|(?P<mx>底|末|份|上旬|中旬|下旬))?"
)

_SUPERSCRIPT_SPLIT = re.compile(r"([¹²³])")
_WHITESPACE = re.compile(r"\s+")


# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def parse_target_value(
    text: str | None, level2: str | None = None, fiscal_year: int | None = None
) -> TargetValue:
    """Parse a published target value; never raises (unreadable text is qualitative)."""
    try:
        raw = "" if text is None else str(text)
    except Exception:  # a hostile __str__ must not escape either
        raw = ""
    try:
        lv2 = level2 if isinstance(level2, str) else ""
        fy = fiscal_year if _is_plain_int(fiscal_year) else None
        result = _parse(raw, lv2, fy)
        if result.kind != "qualitative" and not _round_trips(result, lv2):
            return _qualitative(raw)
        return result
    except Exception:  # the contract is "never raises": any surprise degrades to qualitative
        return _qualitative(raw)


# --------------------------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------------------------


def _is_plain_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _qualitative(raw: str) -> TargetValue:
    return TargetValue(raw, None, None, None, "qualitative", None, None)


def _round_trips(result: TargetValue, level2: str) -> bool:
    again = _parse(result.render(), level2, None)
    return (again.operator, again.value, again.unit, again.kind, again.deadline) == (
        result.operator,
        result.value,
        result.unit,
        result.kind,
        result.deadline,
    )


def _normalise(raw: str) -> str:
    # NFKC would turn "m²" into "m2"-like digits glued to units; keep superscripts as they are.
    parts = _SUPERSCRIPT_SPLIT.split(raw)
    out = [p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts)]
    return _WHITESPACE.sub("", "".join(out))


def _parse(raw: str, level2: str, fiscal_year: int | None) -> TargetValue:
    s = _normalise(raw)
    if not re.search(r"[0-9]", s):
        return _qualitative(raw)

    numbers = [m for m in _NUMBER_RE.finditer(s) if m.group("num")]

    deadline_result = _parse_deadline(raw, s, numbers, fiscal_year)
    if deadline_result is not None:
        return deadline_result

    if len(numbers) == 1:
        return _parse_single(raw, s, numbers[0], level2)
    if len(numbers) == 2:
        ranged = _parse_range(raw, s, numbers[0], numbers[1], level2)
        if ranged is not None:
            return ranged
    return _qualitative(raw)


# ---- deadlines -----------------------------------------------------------------------------


def _parse_deadline(
    raw: str, s: str, numbers: list[re.Match[str]], fiscal_year: int | None
) -> TargetValue | None:
    matches = list(_DATE_RE.finditer(s))
    # The last date in the text is the deadline ("2025年1月至2025年12月" ends in December).
    for m in reversed(matches):
        outcome = _date_from_match(m, fiscal_year)
        if outcome is None:
            continue
        strong, when = outcome
        if not strong and any(not _inside(n, m) for n in numbers):
            # A bare "2025年" or "6月" next to other numbers is context, not the target.
            continue
        return TargetValue(raw, "≤", None, None, "deadline", when, "lower")
    return None


def _inside(inner: re.Match[str], outer: re.Match[str]) -> bool:
    return outer.start() <= inner.start() and inner.end() <= outer.end()


def _date_from_match(m: re.Match[str], fiscal_year: int | None) -> tuple[bool, date | None] | None:
    """(strong, date) for a usable match, None when the match is not a real date.

    A year-less match yields date None when no fiscal year is known.
    """
    g = m.groupdict()
    if g["iy"] is not None:
        year = _valid_year(g["iy"])
        when = _safe_date(year, int(g["im"]), int(g["id"])) if year else None
        return (True, when) if when else None
    if g["y"] is not None:
        year = _valid_year(g["y"])
        if year is None:
            return None
        when = _date_in_year(year, g["ym"], g["yd"], g["ymx"], g["yhalf"], g["yq"])
        if when is None:
            return None
        weak = g["ym"] is None and g["yhalf"] is None and g["yq"] is None and g["yend"] is None
        return (not weak, when)
    if g["q"] is not None or g["m"] is not None:
        month = int(g["m"]) if g["m"] is not None else None
        if month is not None and not 1 <= month <= 12:
            return None
        if g["d"] is not None and not 1 <= int(g["d"]) <= 31:
            return None
        strong = g["q"] is not None or g["d"] is not None or g["mx"] is not None
        if fiscal_year is None:
            return (strong, None)
        year = fiscal_year if _MIN_YEAR <= fiscal_year <= _MAX_YEAR else None
        if year is None:
            return (strong, None)
        when = _date_in_year(year, g["m"], g["d"], g["mx"], None, g["q"])
        return (strong, when) if when else None
    return None


def _valid_year(text: str) -> int | None:
    year = int(text)
    return year if _MIN_YEAR <= year <= _MAX_YEAR else None


def _date_in_year(
    year: int,
    month: str | None,
    day: str | None,
    month_extra: str | None,
    half: str | None,
    quarter: str | None,
) -> date | None:
    if month is not None:
        mon = int(month)
        if not 1 <= mon <= 12:
            return None
        if day is not None:
            return _safe_date(year, mon, int(day))
        if month_extra in _XUN_DAY:
            return _safe_date(year, mon, _XUN_DAY[month_extra])
        return _month_end(year, mon)
    if half is not None:
        return _month_end(year, 6 if half == "上" else 12)
    if quarter is not None:
        return _month_end(year, 3 * _CN_QUARTER[quarter])
    return date(year, 12, 31)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---- numbers -------------------------------------------------------------------------------


def _parse_single(raw: str, s: str, num: re.Match[str], level2: str) -> TargetValue:
    prefix = s[: num.start()]
    amount = _to_decimal(num.group("num"))
    prefix, negative = _split_sign(prefix)
    if negative:
        amount = -amount
    rest, suffix_op = _strip_suffix_words(s[num.end() :])
    token = _prefix_operator(prefix)
    prefix_op = None if token is None else _PREFIX_OPERATORS[token]
    weak = token in _WEAK_PREFIXES

    if prefix_op is not None and not (weak and suffix_op is not None):
        operator = prefix_op
    else:
        operator = suffix_op or prefix_op or "="
    percent_prefix = prefix.endswith("百分之")
    return _build(raw, operator, amount, rest, level2, percent_prefix)


def _parse_range(
    raw: str, s: str, first: re.Match[str], second: re.Match[str], level2: str
) -> TargetValue | None:
    between = s[first.end() : second.start()]
    sep = next((x for x in _RANGE_SEPARATORS if between.endswith(x)), None)
    if sep is None:
        return None
    low_unit = between[: -len(sep)]
    rest, _ = _strip_suffix_words(s[second.end() :])
    if low_unit and not rest.startswith(low_unit):
        return None
    prefix, negative = _split_sign(s[: first.start()])
    low = _to_decimal(first.group("num"))
    if negative:
        low = -low
    high = _to_decimal(second.group("num"))
    return _build(raw, "≥", min(low, high), rest, level2, prefix.endswith("百分之"))


def _to_decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _split_sign(prefix: str) -> tuple[str, bool]:
    # "-" is a minus only at the start or right after an operator; elsewhere it is a dash.
    if prefix.endswith("-"):
        before = prefix[:-1]
        if before == "" or any(before.endswith(op) for op in _PREFIX_OPERATORS):
            return before, True
    return prefix, False


def _strip_suffix_words(rest: str) -> tuple[str, str | None]:
    operator: str | None = None
    while True:
        rest = rest.rstrip(_TRAILING_PUNCT)
        found = next(((w, op) for w, op in _SUFFIX_WORDS if rest.endswith(w)), None)
        if found is None:
            return rest, operator
        rest = rest[: -len(found[0])]
        # The outermost word was seen first; it is the one the author meant last.
        if operator is None:
            operator = found[1]


def _prefix_operator(prefix: str) -> str | None:
    """The operator token nearest to the number (ties → the longer token, 不低于 over 低于)."""
    found = [token for token in _PREFIX_OPERATORS if token in prefix]
    # Two different tokens never share both end and length, so the maximum is unique.
    return max(found, key=lambda t: (prefix.rfind(t) + len(t), len(t)), default=None)


def _build(
    raw: str, operator: str, amount: Decimal, rest: str, level2: str, percent_prefix: bool
) -> TargetValue:
    kind, amount, unit = _classify(amount, rest, level2, percent_prefix)
    value = float(amount)
    if not math.isfinite(value):
        return _qualitative(raw)
    if value == 0:
        value = 0.0  # no "-0" in the canonical text
    return TargetValue(raw, operator, value, unit, kind, None, _direction(operator, kind, level2))


def _classify(
    amount: Decimal, rest: str, level2: str, percent_prefix: bool
) -> tuple[str, Decimal, str | None]:
    if percent_prefix and rest == "":
        return "percent", amount, "%"

    unit = rest
    kind = "quantity"
    # Peel scales repeatedly so the canonical unit never starts with 万/亿 (万万人 = 亿人).
    # An amount beyond Decimal's range raises Overflow: parse_target_value makes it qualitative.
    while True:
        if unit.startswith("%"):
            # Checked after each scale too: "5万%" must render as a percent ("50000%").
            return "percent", amount, "%"
        scale = next(((w, f) for w, f in _MONEY_SCALES if unit.startswith(w)), None)
        if scale is not None:
            amount = amount * scale[1]
            unit = "元" + unit[len(scale[0]) :]
            break
        head = unit[:1]
        if head not in _BARE_SCALES:
            break
        factor = _BARE_SCALES[head]
        tail = unit[1:]
        if tail == "":
            amount = amount * factor
            if "数量" in level2:
                return "quantity", amount, None
            return "money", amount, "元"
        if tail.startswith("/"):
            # "5万/人" is a per-person amount of money, not a scaled count.
            return "money", amount * factor, "元" + tail
        amount = amount * factor
        unit = tail

    # An amount in yuan is money; so is a bare number under a cost indicator (currency unstated).
    if unit.startswith("元") or (unit == "" and "成本" in level2):
        kind = "money"
    return kind, amount, unit or None


def _direction(operator: str, kind: str, level2: str) -> str:
    if operator in ("≥", ">"):
        return "higher"
    if operator in ("≤", "<"):
        return "lower"
    # "=": a fixed amount of money or a cost is a ceiling to stay under; counts and rates are
    # floors to reach.
    return "lower" if kind == "money" or "成本" in level2 else "higher"


def _format_number(value: float) -> str:
    if value == 0:
        return "0"
    # repr() is the shortest text that round-trips; Decimal "f" removes any exponent.
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
