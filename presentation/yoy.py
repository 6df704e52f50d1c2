"""Year on year (同比) as people say it: the sentence a secretary reads out for a unit or the
county, and the line a project page shows for its predecessor (engine/compare.py)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from presentation.strings import grade_text, t

STEADY_POINTS = 0.05  # within this, 持平 (level)


def _known(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def yoy_sentence(name: str, day: dt.date, now: Any, then: Any, lang: str) -> str:
    """ "团县委：截至 2025-11-28 执行率 76.0%，去年同期 44.0%，同比加快 32.0 个百分点。"; without last
    year: says so."""
    if not _known(now):
        return t("yoy_no_data", lang, name=name, day=day.isoformat())
    if not _known(then):
        return t("yoy_no_last_year", lang, name=name, day=day.isoformat(), now=float(now))
    gap = float(now) - float(then)
    way = (
        "yoy_faster"
        if gap > STEADY_POINTS
        else "yoy_slower"
        if gap < -STEADY_POINTS
        else "yoy_level"
    )
    return t(
        way, lang, name=name, day=day.isoformat(), now=float(now), then=float(then), gap=abs(gap)
    )


def predecessor_line(row: dict, day: dt.date, lang: str) -> str:
    """A project page's line on its predecessor: its execution at the same day last year, its
    final execution and its self-evaluation score."""

    def pct(value: Any) -> str:
        return f"{float(value):.1f}%" if _known(value) else "—"

    score = (
        f"{float(row['score']):.2f}（{grade_text(row['grade'], lang)}）"
        if _known(row.get("score"))
        else "—"
    )
    return t(
        "yoy_predecessor",
        lang,
        name=row.get("previous_name") or "",
        code=row["previous_code"],
        then=pct(row.get("execution_pct")),
        final=pct(row.get("final_execution_pct")),
        score=score,
        day=day.isoformat(),
    )
