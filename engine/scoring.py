"""The self-evaluation score (绩效自评, DOMAIN §5) of the projects of a `Status`: budget execution
points, each indicator's points and the reason for points lost, the total and the grade."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from engine import rules
from engine.status import Status
from store.settings import Settings, settings


def score(
    status: Status,
    project_code: str,
    config: Settings | None = None,
    reviews: dict[int, tuple[str | None, float | None]] | None = None,
) -> dict:
    """The self-evaluation score of one project (DOMAIN §5) with its breakdown. `reviews` holds
    a reviewer's (level, points) per indicator seq: a qualitative indicator's level (when the
    records have none) and its points, kept inside the level's band."""
    bands = (config or settings()).score
    facts = status.projects.set_index("project_code").loc[project_code]
    indicators = status.indicators[status.indicators["project_code"] == project_code]
    return _score(facts, indicators, project_code, status.as_of, bands, reviews)


def scores(
    status: Status,
    config: Settings | None = None,
    reviews: dict[str, dict[int, tuple[str | None, float | None]]] | None = None,
) -> dict[str, dict]:
    """`score` of every project of `status` (reviews per project code), in one pass over the
    indicators (a province has 20,000 projects)."""
    bands = (config or settings()).score
    facts = status.projects.set_index("project_code")
    groups = dict(tuple(status.indicators.groupby("project_code", sort=False)))
    empty = status.indicators.iloc[0:0]
    return {
        str(code): _score(
            facts.loc[code],
            groups.get(code, empty),
            str(code),
            status.as_of,
            bands,
            (reviews or {}).get(str(code)),
        )
        for code in facts.index
    }


def _score(
    facts: pd.Series,
    indicators: pd.DataFrame,
    project_code: str,
    as_of: dt.date,
    bands,
    reviews: dict[int, tuple[str | None, float | None]] | None,
) -> dict:
    categories = [rules.category(level) for level in indicators["level1"]]
    exec_weight, weights = rules.score_weights(categories, bands)
    execution = rules.as_float(facts["execution_pct"])
    exec_points = exec_weight * min(max(execution or 0.0, 0.0), 100.0) / 100
    lines = []
    counts = pd.Series(categories).value_counts() if categories else pd.Series(dtype=int)
    for ind, cat in zip(indicators.itertuples(index=False), categories, strict=True):
        weight = weights[cat] / counts[cat]
        actual = ind.actual if not isinstance(ind.actual, str) else None
        level, reviewed = (reviews or {}).get(int(ind.seq), (None, None))
        level = ind.level if isinstance(ind.level, str) else level
        share = None if reviewed is None or weight <= 0 else reviewed / weight * 100
        points, reason = rules.indicator_points(
            ind.kind,
            ind.direction,
            rules.as_float(ind.target_value),
            rules.as_float(actual),
            level,
            ind.done_date,
            ind.deadline,
            weight,
            bands,
            reviewer_share=share,
            as_of=as_of,
        )
        lines.append(
            {
                "seq": ind.seq,
                "category": cat,
                "level1": ind.level1,
                "name": ind.name,
                "target": ind.target_raw,
                "evaluated_target": ind.evaluated_target,  # None unless the direction was wrong
                "actual": ind.actual,
                "kind": ind.kind,
                "level": level,
                "band": rules.qualitative_band(level, bands) if ind.kind == "qualitative" else None,
                "weight": round(weight, 4),
                "points": round(points, 4),
                "reason": reason,
            }
        )
    total = exec_points + sum(line["points"] for line in lines)
    return {
        "project_code": project_code,
        "name": facts["name"],
        "as_of": as_of.isoformat(),
        "execution_pct": execution,
        "execution_weight": round(exec_weight, 4),
        "execution_points": round(exec_points, 4),
        "explanation_required": execution is None or execution < bands.explanation_below_pct,
        "indicators": lines,
        "total": round(total, 2),
        "grade": rules.grade(total, bands),
    }
