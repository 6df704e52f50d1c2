"""The cumulative spending plan (资金支出计划) of a project, from its published checkpoints.

`build_plan` turns the checkpoints a target document publishes (month, label, cell text) into the
plan the engine interpolates: a blank checkpoint carries the previous value, the year end is 100%
when absent or left blank after a lower value, fractions (0.3) are read as percentages. Its
findings (a plan that decreases, leaves 0–100%, cannot be read, or is absent) are in
`loaders.findings`.
"""

from __future__ import annotations

import calendar
import datetime as dt

from loaders.cells import NonFinite, norm, strict_decimal
from loaders.errors import TargetFormError
from loaders.target_records import PlanPoint


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# what tables write in a cell for "nothing here": read like a blank (carried, not unreadable)
NOTHING = frozenset({"", "-", "--", "—", "——", "–", "/", "\\", "无"})


def is_blank(text: str | None) -> bool:
    """A plan cell that says nothing: empty, or a dash, a slash or 无 (NFKC: －, ／ too)."""
    return norm(text) in NOTHING


def parse_percent(text: str | None) -> float | None:
    """A plan percentage (`30%`, `30`, `0.3`); None when blank or not a number. Raises NonFinite
    for NaN, infinity and exponents (the file is refused)."""
    number = strict_decimal(norm(text).replace("%", ""))  # NFKC: ％ is %; `-` or `/` is None
    return None if number is None else float(number)


def build_plan(
    year: int, published: list[tuple[int, str, str | None]]
) -> tuple[list[PlanPoint], list[str]]:
    """The cumulative spending plan from published (month, label, cell text) checkpoints.

    A blank checkpoint (or a dash, a slash, 无: `is_blank`) carries the previous value
    (`carried`); the year-end checkpoint is 100%
    (`default`) when absent, or when blank after a value below 100%. Values written as fractions
    (0.3) are read as percentages: the numbers written without a % sign, when all of them lie
    within 0–1; a number with its sign (0.5%, an Excel cell formatted as percent) is a percentage
    as written. Returns the points and the cells that were not understood.
    """
    values = []
    for m, label, raw in sorted(published):
        try:
            values.append((m, label, raw, parse_percent(raw)))
        except NonFinite:
            raise TargetFormError(
                f"资金支出计划「{label}」不是有限的百分比",
                column=label,
                value=raw,
                hint="请填写 0–100 之间的百分比，如 30%",
            ) from None
    bare = [v for _, _, raw, v in values if v is not None and "%" not in norm(raw)]
    fractions = all(0 <= v <= 1 for v in bare)  # none, or all 0: nothing to scale either way
    unreadable = [raw for _, _, raw, v in values if v is None and raw and not is_blank(raw)]
    points: list[PlanPoint] = []
    previous = 0.0
    for month, label, raw, value in values:
        if value is None:
            if month == 12 and previous < 100:
                points.append(PlanPoint(month_end(year, 12), label, 100.0, "default", raw or None))
                previous = 100.0
                continue
            points.append(
                PlanPoint(month_end(year, month), label, previous, "carried", raw or None)
            )
            continue
        if fractions and "%" not in norm(raw):
            value = round(value * 100, 6)
        points.append(PlanPoint(month_end(year, month), label, value, "published", raw))
        previous = value
    if not points or points[-1].checkpoint.month != 12:
        points.append(PlanPoint(month_end(year, 12), "12月底", 100.0, "default"))  # no cell
    return points, unreadable
