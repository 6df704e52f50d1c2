"""Dates and months as people type them: 2025-09-30, 2025-9-30, 2025/09/30, 2025.9.30, 20250930,
2025年9月30日; months as 2025-06, 2025-6, 2025/06, 202506, 2025年6月. A date that does not exist
(2025-02-30) is told apart from text that is not a date at all."""

from __future__ import annotations

import datetime as dt
import re

from store.errors import TrackerError

_DAY = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{4})(\d{2})(\d{2})")
_MONTH = re.compile(r"(\d{4})[-/.年](\d{1,2})月?|(\d{4})(\d{2})")
DAY_HINT = "请写成 YYYY-MM-DD，例如 2025-09-30（也接受 2025-9-30、2025/09/30、20250930）"
MONTH_HINT = "请写成 YYYY-MM，例如 2025-06（也接受 2025-6、2025/06、202506）"


class DateTextError(TrackerError):
    """Text that is not a date (or month), or a date that does not exist."""


def parse_day(text: str) -> dt.date:
    """The date `text` names; DateTextError naming the text when it is not one."""
    value = str(text).strip()
    match = _DAY.fullmatch(value)
    if not match:
        raise DateTextError(f"日期 {value} 格式不对", hint=DAY_HINT)
    year, month, day = (int(g) for g in match.groups() if g is not None)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateTextError(f"{value} 不是有效日期", hint=DAY_HINT) from None


def parse_month(text: str) -> tuple[int, int]:
    """(year, month) of the month `text` names; DateTextError when it is not one."""
    value = str(text).strip()
    match = _MONTH.fullmatch(value)
    if not match:
        raise DateTextError(f"月份 {value} 格式不对", hint=MONTH_HINT)
    year, month = (int(g) for g in match.groups() if g is not None)
    if not 1 <= month <= 12:
        raise DateTextError(f"月份 {value} 格式不对：没有 {month} 月", hint=MONTH_HINT)
    return year, month
