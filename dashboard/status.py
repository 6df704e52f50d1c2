"""The status of every project at an as-of date: budget execution, plan, warnings, checkpoints,
catch-up, forecast, audit flags, indicator status, colours, unit and county totals, and the
self-evaluation score. Scans records once in SQL (`engine_sql`), then applies `rules` to the small
aggregated frames. Used alike by the CLI (`tracker status`, `tracker score`) and the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from dashboard import engine_sql as q
from dashboard import rules
from loaders.settings import Settings, settings

STATUS_COLUMNS = [
    "project_code",
    "unit_code",
    "unit_name",
    "name",
    "fiscal_year",
    "budget_original",
    "adjustments",
    "budget_current",
    "spent",
    "execution_pct",
    "plan_pct",
    "time_pct",
    "warning",
    "last_checkpoint",
    "last_checkpoint_pct",
    "last_checkpoint_status",
    "shortfall_yuan",
    "next_checkpoint",
    "next_target_pct",
    "to_spend_yuan",
    "days_left",
    "per_day_yuan",
    "forecast_pct",
    "targets_colour",
    "colour",
    "above_budget",
    "rush_share_pct",
    "rush",
    "reversals",
    "reversal_yuan",
    "duplicates",
    "rejected",
]


@dataclass
class Status:
    """Projects (one row each, STATUS_COLUMNS), their indicators, and every past checkpoint."""

    as_of: dt.date
    projects: pd.DataFrame
    indicators: pd.DataFrame
    checkpoints: pd.DataFrame


def compute_status(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    unit: str | None = None,
    project: str | None = None,
    config: Settings | None = None,
    forecast_to: dt.date | None = None,
) -> Status:
    """The status of the projects in scope at the end of `as_of`. `forecast_pct` is the expected
    execution at year end, or at `forecast_to` (for back-testing the forecast)."""
    cfg = config or settings()
    base = q.projects(con, unit, project)
    months = q.spending_by_month(con, as_of, cfg.budget.forecast_window_days, unit, project)
    adjust = q.adjustments_by_month(con, as_of, unit, project)
    plan = q.plans(con, unit, project)
    aside = q.set_aside_counts(con, unit, project)
    _, window_days = q.recent_window(as_of, cfg.budget.forecast_window_days)
    frame, checkpoints = _budget(
        base, months, adjust, plan, aside, as_of, cfg, forecast_to, window_days
    )
    indicators = _indicators(con, frame, as_of, unit, project, cfg)
    # rules.worst and rules.combined_colour, for all projects at once
    severity = indicators["colour"].map(rules.SEVERITY) if not indicators.empty else None
    worst = (
        severity.groupby(indicators["project_code"]).max()
        if severity is not None
        else pd.Series(dtype=float)
    )
    top = frame["project_code"].map(worst).to_numpy(dtype=float)
    frame["targets_colour"], frame["colour"] = rules.project_colours(
        frame["warning"].to_numpy(dtype=object), top
    )
    return Status(as_of, frame[STATUS_COLUMNS], indicators, checkpoints)


def _month_matrix(frame: pd.DataFrame, codes: pd.Series, value: str) -> np.ndarray:
    """codes × 12 months of cumulative `value` (month m column = through the end of month m)."""
    matrix = np.zeros((len(codes), 12))
    if not frame.empty:
        index = pd.Index(codes)
        rows = index.get_indexer(frame["project_code"])
        keep = rows >= 0
        np.add.at(
            matrix, (rows[keep], frame["month"].to_numpy()[keep] - 1), frame[value].to_numpy()[keep]
        )
    return np.cumsum(matrix, axis=1)


def _budget(
    base, months, adjust, plan, aside, as_of, cfg: Settings, forecast_to=None, window_days=None
):
    """Budget execution, plan, warning, checkpoints, catch-up, forecast and audit flags, for all
    projects at once (vectorised: 20,000 projects must not mean 20,000 Python loops)."""
    b = cfg.budget
    frame = base.rename(columns={"budget_yuan": "budget_original"}).reset_index(drop=True).copy()
    codes = frame["project_code"]
    n = len(frame)
    spent_cum = _month_matrix(months, codes, "spent")
    adjust_cum = _month_matrix(adjust, codes, "adjusted")
    frame["spent"] = spent_cum[:, 11]
    frame["adjustments"] = adjust_cum[:, 11]
    frame["budget_current"] = frame["budget_original"] + frame["adjustments"]
    budget = frame["budget_current"].to_numpy(dtype=float)
    spent = frame["spent"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        execution = np.where(budget > 0, spent / budget * 100, np.nan)
    frame["execution_pct"] = execution
    # per-project sums by position (bincount), not by string groupby + map
    where = pd.Index(codes).get_indexer(months["project_code"]) if not months.empty else None

    def per_project(column: str) -> np.ndarray:
        if where is None:
            return np.zeros(n)
        keep = where >= 0
        return np.bincount(where[keep], months[column].to_numpy(dtype=float)[keep], minlength=n)

    recent = per_project("recent")

    years = frame["fiscal_year"].astype(int).to_numpy()
    starts = np.array([rules.year_start(y) for y in sorted(set(years))], dtype="datetime64[D]")
    year_index = {y: i for i, y in enumerate(sorted(set(years)))}
    start = starts[[year_index[y] for y in years]] if n else np.array([], dtype="datetime64[D]")
    end = start + np.array([rules.days_in_year(y) for y in years], dtype="timedelta64[D]")
    day: np.ndarray = np.asarray(
        np.clip(np.datetime64(as_of, "D"), start, end) if n else start, dtype="datetime64[D]"
    )
    elapsed = np.asarray(day - start).astype(int)
    length = (end - start).astype(int)
    frame["time_pct"] = elapsed / np.maximum(length, 1) * 100

    # the plan: each project's checkpoints, with the 0% anchor at year start
    points = plan[["project_code", "checkpoint", "cumulative_pct", "label"]].copy()
    planned = set(points["project_code"].tolist())
    missing = codes[[code not in planned for code in codes.tolist()]]
    defaults = pd.DataFrame(
        {
            "project_code": missing.to_numpy(),
            "checkpoint": [
                dt.date(int(y), 12, 31) for y in frame.loc[missing.index, "fiscal_year"]
            ],
            "cumulative_pct": 100.0,
            "label": "12月底",
        }
    )
    points = pd.concat([points, defaults], ignore_index=True) if len(defaults) else points
    position = pd.Series(np.arange(n), index=codes)
    points["i"] = position.reindex(points["project_code"]).to_numpy()
    points = points.dropna(subset=["i"])
    points["i"] = points["i"].astype(int)
    points["cp"] = pd.to_datetime(points["checkpoint"])
    points = points.sort_values(["i", "cp"], kind="stable")
    cp_days = points["cp"].to_numpy().astype("datetime64[D]")
    past = points[cp_days <= day[points["i"].to_numpy()]]
    future = points[cp_days > day[points["i"].to_numpy()]]
    prev = past.groupby("i").last()
    nxt = future.groupby("i").first()
    prev_pct = np.zeros(n)
    prev_day = start.copy()
    prev_pct[prev.index.to_numpy()] = prev["cumulative_pct"].to_numpy()
    prev_day[prev.index.to_numpy()] = prev["cp"].to_numpy().astype("datetime64[D]")
    plan_now = prev_pct.copy()
    if len(nxt):
        j = nxt.index.to_numpy()
        next_day = nxt["cp"].to_numpy().astype("datetime64[D]")
        span = (next_day - prev_day[j]).astype(int)
        share = np.where(span > 0, (day[j] - prev_day[j]).astype(int) / np.maximum(span, 1), 1.0)
        plan_now[j] = prev_pct[j] + (nxt["cumulative_pct"].to_numpy() - prev_pct[j]) * share
    frame["plan_pct"] = plan_now
    frame["warning"] = rules.budget_warnings(execution, plan_now, b)
    # forecast: the recent rate continued to year end (or `forecast_to`)
    target = end if forecast_to is None else np.minimum(np.datetime64(forecast_to, "D"), end)
    frame["forecast_pct"] = rules.forecast_pcts(
        spent,
        recent,
        budget,
        elapsed,
        np.asarray(target - day).astype(int),
        window_days or b.forecast_window_days,
        b,
    )

    # every past checkpoint: cumulative spending and budget at its month end
    pi = past["i"].to_numpy()
    month = (
        np.where(
            pd.to_datetime(past["checkpoint"]).dt.year.to_numpy() == years[pi],
            pd.to_datetime(past["checkpoint"]).dt.month.to_numpy() - 1,
            11,
        )
        if len(past)
        else np.array([], dtype=int)
    )
    budget_then = frame["budget_original"].to_numpy(dtype=float)[pi] + adjust_cum[pi, month]
    spent_then = spent_cum[pi, month]
    with np.errstate(divide="ignore", invalid="ignore"):
        reached = np.where(budget_then > 0, spent_then / budget_then * 100, np.nan)
    target_pct = past["cumulative_pct"].to_numpy(dtype=float)
    met = ~np.isnan(reached) & (reached + 1e-9 >= target_pct)
    shortfall = np.where(met, 0.0, np.maximum(0.0, target_pct / 100 * budget_then - spent_then))
    checkpoints = pd.DataFrame(
        {
            "project_code": past["project_code"].to_numpy(),
            "checkpoint": past["checkpoint"].to_numpy(),
            "label": past["label"].to_numpy(),
            "target_pct": target_pct,
            "reached_pct": reached,
            "status": np.where(met, "met", "missed"),
            "shortfall_yuan": np.round(shortfall, 2),
            "budget_yuan": budget_then,
            "spent_yuan": spent_then,
        }
    )
    last = checkpoints.assign(i=pi).groupby("i").last()
    for column, source in (
        ("last_checkpoint", "checkpoint"),
        ("last_checkpoint_pct", "reached_pct"),
        ("last_checkpoint_status", "status"),
        ("shortfall_yuan", "shortfall_yuan"),
    ):
        values = pd.Series([None] * n, dtype=object)
        values.iloc[last.index.to_numpy()] = last[source].to_numpy()
        frame[column] = values.to_numpy()
    # the next checkpoint: what is still to spend, and per day
    for column in (
        "next_checkpoint",
        "next_target_pct",
        "to_spend_yuan",
        "days_left",
        "per_day_yuan",
    ):
        frame[column] = pd.Series([None] * n, dtype=object).to_numpy()
    if len(nxt):
        j = nxt.index.to_numpy()
        to_spend = np.maximum(0.0, nxt["cumulative_pct"].to_numpy() / 100 * budget[j] - spent[j])
        days_left = (nxt["cp"].to_numpy().astype("datetime64[D]") - day[j]).astype(int)
        next_checkpoint = frame["next_checkpoint"].copy()
        next_checkpoint[j] = nxt["checkpoint"].to_numpy()
        frame["next_checkpoint"] = next_checkpoint
        for column, values in (
            ("next_target_pct", nxt["cumulative_pct"].to_numpy()),
            ("to_spend_yuan", np.round(to_spend, 2)),
            ("days_left", days_left),
            ("per_day_yuan", np.round(to_spend / np.maximum(days_left, 1), 2)),
        ):
            column_values = frame[column].copy()
            column_values[j] = values
            frame[column] = column_values
    # audit flags
    rush_months = [m for m in b.rush_months if 1 <= m <= 12]
    monthly = np.diff(np.concatenate([np.zeros((n, 1)), spent_cum], axis=1), axis=1)
    in_rush = monthly[:, [m - 1 for m in rush_months]].sum(axis=1) if rush_months else np.zeros(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(spent > 0, in_rush / spent * 100, np.nan)
    day_month = pd.to_datetime(day).month.to_numpy() if n else np.array([], dtype=int)
    frame["rush_share_pct"] = share
    frame["rush"] = (
        ~np.isnan(share) & (day_month >= min(rush_months or [13])) & (share >= b.rush_share_pct)
    )
    frame["above_budget"] = spent > budget + 0.005
    frame["reversals"] = per_project("reversals").astype(int)
    frame["reversal_yuan"] = per_project("reversal_yuan")
    counts = aside.set_index("project_code") if not aside.empty else pd.DataFrame()
    for column in ("duplicates", "rejected"):
        mapped = codes.map(counts[column]) if column in counts else pd.Series(0, index=codes.index)
        frame[column] = mapped.fillna(0).astype(int).to_numpy()
    for column in STATUS_COLUMNS:
        if column not in frame:
            frame[column] = None
    return frame, checkpoints


INDICATOR_COLUMNS = [
    "project_code",
    "seq",
    "level1",
    "level2",
    "name",
    "target_raw",
    "operator",
    "target_value",
    "unit",
    "kind",
    "direction",
    "deadline",
    "actual",
    "actual_source",
    "reported_on",
    "ratio_pct",
    "colour",
    "reason",
]


def _indicators(con, frame, as_of, unit, project, cfg: Settings) -> pd.DataFrame:
    """Each indicator's actual (from its source), ratio, colour and reason. Sources are joined in
    bulk; the colour rule (`rules.indicator_colour`) runs once per indicator on plain values."""
    table = q.indicators(con, unit, project)
    if table.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    actuals = q.latest_actuals(con, as_of, unit, project)
    people = q.beneficiary_counts(con, as_of, unit, project)
    surveys = q.survey_counts(con, as_of, unit, project)
    facts = frame[["project_code", "fiscal_year", "spent"]]
    data = (
        table.merge(facts, on="project_code", how="left")
        .merge(actuals, on=["project_code", "seq"], how="left")
        .merge(people, on="project_code", how="left")
        .merge(surveys, on=["project_code", "seq"], how="left")
    )
    text = data["level1"].fillna("") + data["level2"].fillna("") + data["name"].fillna("")
    is_cost = (data["kind"] == "money") & data["level2"].fillna("").str.contains(
        "成本", regex=False
    )
    is_people = (
        (data["kind"] == "quantity")
        & pd.Series(
            np.isin(data["unit"].to_numpy(dtype=object), ["人", "名", "人次"]), index=data.index
        )
        & data["people"].notna()
    )
    is_survey = text.str.contains("满意", regex=False) & data["answers"].fillna(0).gt(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        survey_value = np.where(
            data["scored"].fillna(0) == data["answers"].fillna(-1),
            data["mean_score"].astype(float) / 5 * 100,
            data["satisfied"].astype(float) / data["answers"].astype(float) * 100,
        )
    people_value = np.where(data["unit"] == "人次", data["aid_rows"], data["people"]).astype(float)
    reported = data["reported_on"].notna()
    actual = np.select(
        [is_cost, is_people, is_survey],
        [data["spent"].astype(float), people_value, survey_value],
        data["value"].astype(float),
    )
    source = np.select(  # type: ignore[call-overload]
        [is_cost, is_people, is_survey, reported],
        ["spending", "beneficiaries", "survey", "reported"],
        None,
    )
    from_records = is_cost | is_people | is_survey
    levels = [v if isinstance(v, str) else None for v in data["level"]]
    done_dates = [None if pd.isna(v) else v for v in data["value_date"]]
    deadlines = [None if pd.isna(v) else v for v in data["deadline"]]
    years = data["fiscal_year"].astype(int).to_numpy()
    cache: dict[int, tuple[dt.date, float]] = {}
    for year in set(years):
        day = rules.effective_date(as_of, int(year))
        elapsed = (day - rules.year_start(int(year))).days / rules.days_in_year(int(year)) * 12
        cache[int(year)] = (day, elapsed)
    ratios, colours, reasons = _numeric_colours(data, actual, years, cache, cfg)
    rest = [i for i in range(len(data)) if colours[i] is None and reasons[i] is None]
    if rest:  # everything the array rule does not cover: levels, deadlines, missing values
        kinds, directions = data["kind"].tolist(), data["direction"].tolist()
        operators, targets = data["operator"].tolist(), data["target_value"].tolist()
        recorded = from_records.tolist()
        for i in rest:
            ratios[i], colours[i], reasons[i] = rules.indicator_colour(
                kinds[i],
                directions[i],
                operators[i],
                rules.as_float(targets[i]),
                None if np.isnan(actual[i]) else float(actual[i]),
                None if recorded[i] else levels[i],
                None if recorded[i] else done_dates[i],
                deadlines[i],
                cache[int(years[i])][1],
                cache[int(years[i])][0],
                cfg.indicators,
            )
    results = list(zip(ratios, colours, reasons, strict=True))
    out = data[INDICATOR_COLUMNS[:11]].copy()
    out["deadline"] = deadlines
    kept = [
        None if recorded else level for recorded, level in zip(from_records, levels, strict=True)
    ]
    # build from the Python lists: a pandas 3 str column turns None into NaN
    out["level"] = pd.Series(kept, dtype=object).to_numpy()
    out["actual"] = pd.Series(
        [
            level if level is not None else (None if np.isnan(value) else float(value))
            for level, value in zip(kept, actual, strict=True)
        ],
        dtype=object,
    ).to_numpy()
    out["actual_source"] = source
    out["reported_on"] = np.where(from_records, None, data["reported_on"].astype(object))
    out["done_date"] = [
        None if recorded else done for recorded, done in zip(from_records, done_dates, strict=True)
    ]
    out["ratio_pct"] = [r[0] for r in results]
    out["colour"] = [r[1] for r in results]
    out["reason"] = [r[2] for r in results]
    return out


def _numeric_colours(data, actual, years, cache, cfg: Settings):
    """`rules.numeric_indicator_colours` on the merged indicator frame."""
    return rules.numeric_indicator_colours(
        data["kind"].to_numpy(dtype=object),
        data["direction"].to_numpy(dtype=object),
        data["operator"].to_numpy(dtype=object),
        pd.to_numeric(data["target_value"], errors="coerce").to_numpy(dtype=float),
        np.asarray(actual, dtype=float),
        np.array([cache[int(y)][1] for y in years], dtype=float),
        cfg.indicators,
    )


def summaries(status: Status) -> tuple[pd.DataFrame, dict]:
    """Per unit and for the whole county: projects, budget, spent, execution and counts by
    colour."""
    frame = status.projects

    def totals(group: pd.DataFrame) -> dict:
        budget = float(group["budget_current"].sum())
        spent = float(group["spent"].sum())
        counts = group["colour"].value_counts()
        return {
            "projects": len(group),
            "budget_yuan": budget,
            "spent_yuan": spent,
            "execution_pct": spent / budget * 100 if budget > 0 else None,
            "red": int(counts.get("red", 0)),
            "yellow": int(counts.get("yellow", 0)),
            "green": int(counts.get("green", 0)),
        }

    units = [
        {"unit_code": code, "unit_name": group["unit_name"].iloc[0], **totals(group)}
        for code, group in frame.groupby("unit_code", sort=True)
    ]
    return pd.DataFrame(units), totals(frame)


def score(status: Status, project_code: str, config: Settings | None = None) -> dict:
    """The self-evaluation score of one project (DOMAIN §5) with its breakdown."""
    bands = (config or settings()).score
    facts = status.projects.set_index("project_code").loc[project_code]
    indicators = status.indicators[status.indicators["project_code"] == project_code]
    categories = [rules.category(level) for level in indicators["level1"]]
    exec_weight, weights = rules.score_weights(categories, bands)
    execution = rules.as_float(facts["execution_pct"])
    exec_points = exec_weight * min(max(execution or 0.0, 0.0), 100.0) / 100
    lines = []
    counts = pd.Series(categories).value_counts() if categories else pd.Series(dtype=int)
    for ind, cat in zip(indicators.itertuples(index=False), categories, strict=True):
        weight = weights[cat] / counts[cat]
        actual = ind.actual if not isinstance(ind.actual, str) else None
        points, reason = rules.indicator_points(
            ind.kind,
            ind.direction,
            rules.as_float(ind.target_value),
            rules.as_float(actual),
            ind.level,
            ind.done_date,
            ind.deadline,
            weight,
            bands,
        )
        lines.append(
            {
                "seq": ind.seq,
                "category": cat,
                "level1": ind.level1,
                "name": ind.name,
                "target": ind.target_raw,
                "actual": ind.actual,
                "weight": round(weight, 4),
                "points": round(points, 4),
                "reason": reason,
            }
        )
    total = exec_points + sum(line["points"] for line in lines)
    return {
        "project_code": project_code,
        "name": facts["name"],
        "as_of": status.as_of.isoformat(),
        "execution_pct": execution,
        "execution_weight": round(exec_weight, 4),
        "execution_points": round(exec_points, 4),
        "explanation_required": execution is None or execution < bands.explanation_below_pct,
        "indicators": lines,
        "total": round(total, 2),
        "grade": rules.grade(total, bands),
    }


def forecast_backtest(
    con: duckdb.DuckDBPyConnection,
    made_on: dt.date,
    target: dt.date,
    config: Settings | None = None,
) -> tuple[pd.DataFrame, dict]:
    """How good the forecast would have been: the execution expected at `target` from the data to
    `made_on`, against the execution actually reached at `target`. Returns per-project rows and
    the mean absolute error (percentage points) of the forecast and of the naive "no more spending"
    guess, and the share of projects within 5 points."""
    early = compute_status(con, made_on, config=config, forecast_to=target).projects
    late = compute_status(con, target, config=config).projects
    frame = early[["project_code", "execution_pct", "forecast_pct"]].merge(
        late[["project_code", "execution_pct"]], on="project_code", suffixes=("_then", "_actual")
    )
    frame = frame.dropna()
    error = (frame["forecast_pct"] - frame["execution_pct_actual"]).abs()
    naive = (frame["execution_pct_then"] - frame["execution_pct_actual"]).abs()
    summary = {
        "projects": len(frame),
        "forecast_mae": float(error.mean()) if len(frame) else None,
        "naive_mae": float(naive.mean()) if len(frame) else None,
        "within_5_points": float((error <= 5).mean()) if len(frame) else None,
    }
    return frame, summary
