"""The status of every project at an as-of date: budget execution, plan, warnings, checkpoints,
catch-up, forecast, audit flags, indicator status, colours, unit and county totals, and the
self-evaluation score. Scans records once in SQL (`aggregates`), then applies `rules` to the small
aggregated frames. Used alike by the CLI (`tracker status`, `tracker score`) and the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from engine import aggregates as q
from engine import rules
from store.settings import Settings, settings

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
    "spent_out_date",
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
    year: int | None = None,
) -> Status:
    """The status of the projects in scope at the end of `as_of`. `forecast_pct` is the expected
    execution at year end, or at `forecast_to` (for back-testing the forecast).

    With several fiscal years loaded, the scope is one year's projects: `year`, else the year a
    view at as-of shows (`aggregates.view_year`), unless one project is named."""
    cfg = config or settings()
    if year is None and project is None:
        year = q.view_year(con, as_of)
    base = q.projects(con, unit, project, year)
    months = q.spending_by_month(
        con, as_of, cfg.budget.forecast_window_days, unit, project, year=year
    )
    adjust = q.adjustments_by_month(con, as_of, unit, project, year)
    plan = q.plans(con, unit, project, dates=False, year=year)
    aside = q.set_aside_counts(con, unit, project, year)
    _, window_days = q.recent_window(as_of, cfg.budget.forecast_window_days)
    frame, checkpoints = _budget(
        base, months, adjust, plan, aside, as_of, cfg, forecast_to, window_days
    )
    indicators = _indicators(con, frame, as_of, unit, project, cfg, year)
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


def _month_matrix(frame: pd.DataFrame, n: int, value: str) -> np.ndarray:
    """n projects × 12 months of cumulative `value` (month m column = through the end of month m);
    `frame` has the project's position `i` (`aggregates._keys`) and `month`."""
    matrix = np.zeros((n, 12))
    if not frame.empty:
        np.add.at(
            matrix,
            (frame["i"].to_numpy(dtype=np.int64), frame["month"].to_numpy(dtype=np.int64) - 1),
            frame[value].to_numpy(dtype=float),
        )
    return np.cumsum(matrix, axis=1)


def _per_project(frame: pd.DataFrame, n: int, value: str) -> np.ndarray:
    """Sum of `value` per project position (bincount, not a string groupby)."""
    if frame.empty:
        return np.zeros(n)
    return np.bincount(
        frame["i"].to_numpy(dtype=np.int64), frame[value].to_numpy(dtype=float), minlength=n
    )


def _objects(values: list) -> np.ndarray:
    """A one-dimensional object array of `values` (never split into a second dimension)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _dates(days: np.ndarray) -> np.ndarray:
    """datetime64[D] → an object array of datetime.date (NaT → None), converted in C."""
    return _objects(days.astype("datetime64[D]").tolist())


def _at(n: int, where: np.ndarray, values: np.ndarray) -> np.ndarray:
    """An object array of n Nones with `values` at positions `where`."""
    out = np.full(n, None, dtype=object)
    out[where] = values
    return out


def _year_bounds(years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """rules.year_start (the previous 31 December, the plan's 0% point) and 31 December, per
    fiscal year, as datetime64[D]."""
    start = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]") - 1
    end = (years + 1 - 1970).astype("datetime64[Y]").astype("datetime64[D]") - 1
    return start, end


@dataclass
class _PlanPoints:
    """Every project's checkpoints as arrays sorted by (project position, day); a project without
    a plan gets 100% at 31 December (DOMAIN §3)."""

    i: np.ndarray
    day: np.ndarray
    pct: np.ndarray
    label: np.ndarray

    @classmethod
    def of(cls, plan: pd.DataFrame, n: int, end: np.ndarray) -> _PlanPoints:
        pi = plan["i"].to_numpy(dtype=np.int64)
        planned = np.zeros(n, dtype=bool)
        planned[pi] = True
        missing = np.flatnonzero(~planned)
        point_i = np.concatenate([pi, missing])
        point_day = np.concatenate(
            [plan["checkpoint"].to_numpy().astype("datetime64[D]"), end[missing]]
        )
        pct = np.concatenate(
            [plan["cumulative_pct"].to_numpy(dtype=float), np.full(len(missing), 100.0)]
        )
        label = np.concatenate(
            [plan["label"].to_numpy(dtype=object), np.full(len(missing), "12月底", dtype=object)]
        )
        order = np.lexsort((point_day, point_i))
        return cls(point_i[order], point_day[order], pct[order], label[order])

    def at(self, day: np.ndarray, start: np.ndarray):
        """The plan at each project's `day` (rules.plan_pct: linear between checkpoints from 0%
        at `start`), with the indexes of the past points, of each project's last past point and
        of its first future point."""
        n = len(day)
        is_past = self.day <= day[self.i]
        past_idx = np.flatnonzero(is_past)
        past_i = self.i[past_idx]
        last_past = (
            past_idx[np.append(past_i[1:] != past_i[:-1], True)] if len(past_idx) else past_idx
        )
        future_idx = np.flatnonzero(~is_past)
        future_i = self.i[future_idx]
        first_future = (
            future_idx[np.insert(future_i[1:] != future_i[:-1], 0, True)]
            if len(future_idx)
            else future_idx
        )
        prev_pct = np.zeros(n)
        prev_day = start.copy()
        prev_pct[self.i[last_past]] = self.pct[last_past]
        prev_day[self.i[last_past]] = self.day[last_past]
        plan_now = prev_pct.copy()
        j = self.i[first_future]
        next_day, next_pct = self.day[first_future], self.pct[first_future]
        span = (next_day - prev_day[j]).astype(np.int64)
        share = np.where(
            span > 0, (day[j] - prev_day[j]).astype(np.int64) / np.maximum(span, 1), 1.0
        )
        plan_now[j] = prev_pct[j] + (next_pct - prev_pct[j]) * share
        return plan_now, past_idx, last_past, first_future


def curve(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    unit: str | None = None,
    project: str | None = None,
    config: Settings | None = None,
) -> pd.DataFrame:
    """The S-curve of the projects in scope, from the previous 31 December (0%) through every
    month end of one fiscal year, and the as-of date itself (so the curve ends on the headline
    figure): day, budget (current at as-of), spent (cumulative; None after as-of), plan_yuan (Σ budget × each project's plan at that day), plan_pct and execution_pct of
    the combined budget, time_pct.

    The year is as-of's when projects of that year are in scope, else the latest earlier one (a
    date after the year shows the whole year), else the earliest; only that year's projects
    count, so months of different years are never added together."""
    cfg = config or settings()
    base = q.projects(con, unit, project)
    all_years = base["fiscal_year"].to_numpy(dtype=np.int64)
    year = rules.view_year(sorted(set(all_years.tolist())), as_of)
    months = q.spending_by_month(con, as_of, cfg.budget.forecast_window_days, unit, project)
    adjust = q.adjustments_by_month(con, as_of, unit, project)
    n = len(base)
    start, end = _year_bounds(all_years)
    points = _PlanPoints.of(q.plans(con, unit, project, dates=False), n, end)
    in_year = all_years == year
    budget = base["budget_yuan"].to_numpy(dtype=float) + _month_matrix(adjust, n, "adjusted")[:, 11]
    budget = np.where(in_year, budget, 0.0)
    spent_cum = _month_matrix(months, n, "spent")[in_year]
    total = float(budget.sum())
    # the curve starts at the plan's 0% point, the end of the previous 31 December
    rows = [
        {
            "day": rules.year_start(year),
            "budget_yuan": total,
            "spent_yuan": 0.0 if rules.year_start(year) <= as_of else None,
            "plan_yuan": 0.0,
            "plan_pct": 0.0 if total > 0 else None,
            "execution_pct": 0.0 if total > 0 and rules.year_start(year) <= as_of else None,
            "time_pct": 0.0,
        }
    ]
    for month in range(1, 13):
        day = (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1)
        day -= dt.timedelta(days=1)
        days = np.asarray(np.clip(np.datetime64(day, "D"), start, end), dtype="datetime64[D]")
        plan_now = points.at(days, start)[0] if n else np.zeros(0)
        plan_yuan = float((budget * plan_now / 100).sum())
        spent = float(spent_cum[:, month - 1].sum()) if day <= as_of else None
        rows.append(
            {
                "day": day,
                "budget_yuan": total,
                "spent_yuan": spent,
                "plan_yuan": plan_yuan,
                "plan_pct": plan_yuan / total * 100 if total > 0 else None,
                "execution_pct": spent / total * 100 if total > 0 and spent is not None else None,
                "time_pct": rules.time_pct(day, year),
            }
        )
    # the as-of date itself when it is not a month end: the curve ends on the headline figure
    if rules.year_start(year) < as_of < dt.date(year, 12, 31) and all(
        row["day"] != as_of for row in rows
    ):
        days = np.asarray(np.clip(np.datetime64(as_of, "D"), start, end), dtype="datetime64[D]")
        plan_now = points.at(days, start)[0] if n else np.zeros(0)
        plan_yuan = float((budget * plan_now / 100).sum())
        spent = float(spent_cum[:, 11].sum())
        rows.append(
            {
                "day": as_of,
                "budget_yuan": total,
                "spent_yuan": spent,
                "plan_yuan": plan_yuan,
                "plan_pct": plan_yuan / total * 100 if total > 0 else None,
                "execution_pct": spent / total * 100 if total > 0 else None,
                "time_pct": rules.time_pct(as_of, year),
            }
        )
        rows.sort(key=lambda row: str(row["day"]))  # ISO dates sort as text
    return pd.DataFrame(rows)


def _budget(
    base, months, adjust, plan, aside, as_of, cfg: Settings, forecast_to=None, window_days=None
):
    """Budget execution, plan, warning, checkpoints, catch-up, forecast and audit flags, for all
    projects at once (vectorised: 20,000 projects must not mean 20,000 Python loops). Every frame
    but `base` carries the project's position `i` in `base` (`aggregates._keys`)."""
    b = cfg.budget
    frame = base.rename(columns={"budget_yuan": "budget_original"}).reset_index(drop=True).copy()
    codes = frame["project_code"].to_numpy(dtype=object)
    n = len(frame)
    spent_cum = _month_matrix(months, n, "spent")
    adjust_cum = _month_matrix(adjust, n, "adjusted")
    frame["spent"] = spent_cum[:, 11]
    frame["adjustments"] = adjust_cum[:, 11]
    budget_original = frame["budget_original"].to_numpy(dtype=float)
    budget = budget_original + adjust_cum[:, 11]
    frame["budget_current"] = budget
    spent = spent_cum[:, 11]
    with np.errstate(divide="ignore", invalid="ignore"):
        execution = np.where(budget > 0, spent / budget * 100, np.nan)
    frame["execution_pct"] = execution
    recent = _per_project(months, n, "recent")

    years = frame["fiscal_year"].to_numpy(dtype=np.int64)
    start, end = _year_bounds(years)
    day = np.asarray(np.clip(np.datetime64(as_of, "D"), start, end), dtype="datetime64[D]")
    elapsed = (day - start).astype(np.int64)
    length = (end - start).astype(np.int64)
    frame["time_pct"] = elapsed / np.maximum(length, 1) * 100

    points = _PlanPoints.of(plan, n, end)
    point_i, point_day, point_pct, point_label = points.i, points.day, points.pct, points.label
    plan_now, past_idx, _, first_future = points.at(day, start)
    j = point_i[first_future]
    next_day, next_pct = point_day[first_future], point_pct[first_future]
    frame["plan_pct"] = plan_now
    above_budget = spent > budget + 0.005  # to the cent: the over-budget state and its flag agree
    frame["warning"] = rules.budget_warnings(execution, plan_now, b, above=above_budget)
    # forecast: the recent rate continued to year end (or `forecast_to`)
    target = end if forecast_to is None else np.minimum(np.datetime64(forecast_to, "D"), end)
    frame["forecast_pct"] = rules.forecast_pcts(
        spent,
        recent,
        budget,
        elapsed,
        (target - day).astype(np.int64),
        window_days or b.forecast_window_days,
        b,
    )
    out_days = rules.spent_out_days(
        spent,
        recent,
        budget,
        elapsed,
        (end - day).astype(np.int64),
        window_days or b.forecast_window_days,
    )
    early = ~np.isnan(out_days)
    frame["spent_out_date"] = _at(
        n,
        np.flatnonzero(early),
        _dates(day[early] + out_days[early].astype(np.int64).astype("timedelta64[D]")),
    )

    # every past checkpoint: cumulative spending and budget at its month end
    ci = point_i[past_idx]
    cp_day = point_day[past_idx]
    cp_year = cp_day.astype("datetime64[Y]").astype(np.int64) + 1970
    cp_month = cp_day.astype("datetime64[M]").astype(np.int64) % 12
    month = np.where(cp_year == years[ci], cp_month, 11)
    budget_then = budget_original[ci] + adjust_cum[ci, month]
    spent_then = spent_cum[ci, month]
    with np.errstate(divide="ignore", invalid="ignore"):
        reached = np.where(budget_then > 0, spent_then / budget_then * 100, np.nan)
    target_pct = point_pct[past_idx]
    # no budget: nothing was due, so nothing was missed
    met = (budget_then <= 0) | (~np.isnan(reached) & (reached + 1e-9 >= target_pct))
    shortfall = np.round(
        np.where(met, 0.0, np.maximum(0.0, target_pct / 100 * budget_then - spent_then)), 2
    )
    status = np.where(met, "met", "missed").astype(object)
    cp_dates = _dates(cp_day)
    checkpoints = pd.DataFrame(
        {
            "project_code": codes[ci],
            "checkpoint": cp_dates,
            "label": point_label[past_idx],
            "target_pct": target_pct,
            "reached_pct": reached,
            "status": status,
            "shortfall_yuan": shortfall,
            "budget_yuan": budget_then,
            "spent_yuan": spent_then,
        }
    )
    last = np.append(ci[1:] != ci[:-1], True) if len(ci) else np.zeros(0, dtype=bool)
    li = ci[last]
    frame["last_checkpoint"] = _at(n, li, cp_dates[last])
    frame["last_checkpoint_pct"] = _at(n, li, reached[last])
    frame["last_checkpoint_status"] = _at(n, li, status[last])
    frame["shortfall_yuan"] = _at(n, li, shortfall[last])
    # the next checkpoint: what is still to spend, and per day
    to_spend = np.maximum(0.0, next_pct / 100 * budget[j] - spent[j])
    days_left = (next_day - day[j]).astype(np.int64)
    frame["next_checkpoint"] = _at(n, j, _dates(next_day))
    frame["next_target_pct"] = _at(n, j, next_pct)
    frame["to_spend_yuan"] = _at(n, j, np.round(to_spend, 2))
    frame["days_left"] = _at(n, j, days_left)
    frame["per_day_yuan"] = _at(n, j, np.round(to_spend / np.maximum(days_left, 1), 2))
    # audit flags
    rush_months = [m for m in b.rush_months if 1 <= m <= 12]
    monthly = np.diff(spent_cum, axis=1, prepend=0.0)
    in_rush = monthly[:, [m - 1 for m in rush_months]].sum(axis=1) if rush_months else np.zeros(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(spent > 0, in_rush / spent * 100, np.nan)
    day_month = day.astype("datetime64[M]").astype(np.int64) % 12 + 1
    frame["rush_share_pct"] = share
    frame["rush"] = (
        ~np.isnan(share) & (day_month >= min(rush_months or [13])) & (share >= b.rush_share_pct)
    )
    frame["above_budget"] = above_budget
    frame["reversals"] = _per_project(months, n, "reversals").astype(int)
    frame["reversal_yuan"] = _per_project(months, n, "reversal_yuan")
    frame["duplicates"] = _per_project(aside, n, "duplicates").astype(int)
    frame["rejected"] = _per_project(aside, n, "rejected").astype(int)
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
    "prorated",
    "expected_value",
    "evaluated_target",
]


def _indicators(
    con, frame, as_of, unit, project, cfg: Settings, year: int | None = None
) -> pd.DataFrame:
    """Each indicator's actual (from its source), ratio, colour and reason. Sources are joined in
    bulk; the colour rule (`rules.indicator_colour`) runs once per indicator on plain values."""
    by_nature = cfg.indicators.direction == "nature"
    table = q.indicators(con, unit, project, dates=False, by_nature=by_nature, year=year)
    if table.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    actuals = q.latest_actuals(con, as_of, unit, project, dates=False, year=year)
    people = q.beneficiary_counts(con, as_of, unit, project, year)
    surveys = q.survey_counts(con, as_of, unit, project, year)
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
    done_dates = _dates(data["value_date"].to_numpy(dtype="datetime64[D]")).tolist()
    deadlines = _dates(data["deadline"].to_numpy(dtype="datetime64[D]")).tolist()
    years = data["fiscal_year"].astype(int).to_numpy()
    cache: dict[int, tuple[dt.date, float]] = {}
    for year in set(years):
        day = rules.effective_date(as_of, int(year))
        elapsed = (day - rules.year_start(int(year))).days / rules.days_in_year(int(year)) * 12
        cache[int(year)] = (day, elapsed)
    ratios, colours, reasons = _numeric_colours(data, actual, years, cache, cfg)
    rest = np.flatnonzero(pd.isna(colours) & pd.isna(reasons)).tolist()
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
    out = data[INDICATOR_COLUMNS[:11]].copy()
    out["deadline"] = deadlines
    levels_kept = _objects(levels)
    levels_kept[from_records.to_numpy(dtype=bool)] = None
    # object arrays, not pandas str columns: those turn None into NaN
    out["level"] = levels_kept
    values = np.asarray(actual, dtype=float).astype(object)
    values[np.isnan(actual)] = None
    has_level = ~pd.isna(levels_kept)
    values[has_level] = levels_kept[has_level]
    out["actual"] = values
    out["actual_source"] = source
    reported_on = _dates(data["reported_on"].to_numpy(dtype="datetime64[D]"))
    reported_on[from_records.to_numpy(dtype=bool)] = None
    out["reported_on"] = reported_on
    out["done_date"] = [
        None if recorded else done for recorded, done in zip(from_records, done_dates, strict=True)
    ]
    out["ratio_pct"] = ratios.tolist()
    out["colour"] = colours.tolist()
    out["reason"] = reasons.tolist()
    # the target to date the ratio compares with: pro-rated (target × months / 12) for the kinds
    # that accumulate, the target itself for rates and limits (the charts name the pro-rating)
    targets = pd.to_numeric(data["target_value"], errors="coerce").to_numpy(dtype=float)
    months = np.array([cache[int(y)][1] for y in years], dtype=float)
    prorated = np.isin(data["kind"].to_numpy(dtype=object), list(cfg.indicators.prorate_kinds))
    prorated &= data["direction"].to_numpy(dtype=object) != "lower"
    expected = np.where(prorated, targets * np.minimum(months, 12) / 12, targets)
    out["prorated"] = prorated
    out["expected_value"] = [None if np.isnan(v) else float(v) for v in expected]
    # the target as evaluated when the published direction was wrong (≤100% 满意度 → ≥100%)
    out["evaluated_target"] = [
        rules.evaluated_target(raw, op) if fixed else None
        for raw, op, fixed in zip(
            data["target_raw"], data["operator"], data["direction_fixed"], strict=True
        )
    ]
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


def lagging(status: Status) -> pd.DataFrame:
    """The lagging projects: a red or yellow budget warning, or the last checkpoint missed
    (DOMAIN §3); the largest shortfall first (none last). STATUS_COLUMNS."""
    projects = status.projects
    behind = projects["warning"].isin([rules.RED, rules.YELLOW]) | (
        projects["last_checkpoint_status"] == "missed"
    )
    return projects[behind].sort_values(
        "shortfall_yuan",
        ascending=False,
        na_position="last",
        kind="stable",
        key=lambda column: column.astype(float),
    )


SUMMARY_COLUMNS = ["projects", "budget_yuan", "spent_yuan", "execution_pct", "plan_pct", "time_pct"]
SUMMARY_COLUMNS += ["red", "yellow", "green"]  # projects by combined state (综合状态)
# projects by spending warning (支出预警), the warning of the total itself: `warning`
WARNING_COUNTS = [f"warning_{w}" for w in rules.WARNINGS]


def summaries(status: Status) -> tuple[pd.DataFrame, dict]:
    """Per unit and for the whole county: projects, budget, spent, execution, the combined plan and
    序时进度 (each project's, weighted by its budget), the projects by combined state (red,
    yellow, green) and by spending warning (warning_over, warning_red, …), and the spending warning
    of the total itself (`warning`, from its execution against its combined plan). One grouped
    pass, not a loop over units (a province has 500)."""
    frame = status.projects
    weight = frame["budget_current"].astype(float).clip(lower=0)
    parts = pd.DataFrame(
        {
            "unit_code": frame["unit_code"],
            "unit_name": frame["unit_name"],
            "projects": 1,
            "budget_yuan": frame["budget_current"].astype(float),
            "spent_yuan": frame["spent"].astype(float),
            "weight": weight,
            "weighted_plan": weight * frame["plan_pct"].astype(float),
            "weighted_time": weight * frame["time_pct"].astype(float),
            **{c: frame["colour"].eq(c).astype(int) for c in ("red", "yellow", "green")},
            **{f"warning_{w}": frame["warning"].eq(w).astype(int) for w in rules.WARNINGS},
        }
    )

    def finish(sums: pd.DataFrame) -> pd.DataFrame:
        budget, weights = sums["budget_yuan"], sums["weight"]
        done = sums.assign(
            execution_pct=(sums["spent_yuan"] / budget * 100).where(budget > 0),
            plan_pct=(sums["weighted_plan"] / weights).where(weights > 0),
            time_pct=(sums["weighted_time"] / weights).where(weights > 0),
        )
        done["warning"] = rules.budget_warnings(
            done["execution_pct"].astype(float).to_numpy(),
            done["plan_pct"].astype(float).fillna(0).to_numpy(),
            settings().budget,
        )
        return done[[*SUMMARY_COLUMNS, *WARNING_COUNTS, "warning"]]

    numbers = parts.drop(columns=["unit_name"])
    units = finish(numbers.groupby("unit_code", sort=True, dropna=False).sum())
    names = parts.groupby("unit_code", sort=True, dropna=False)["unit_name"].first()
    units = units.assign(unit_name=names).reset_index()
    units = units[["unit_code", "unit_name", *units.columns.drop(["unit_code", "unit_name"])]]
    whole = finish(numbers.drop(columns=["unit_code"]).sum().to_frame().T).iloc[0]
    county = {k: (None if pd.isna(v) else v) for k, v in whole.items()}
    for key in ("projects", "red", "yellow", "green", *WARNING_COUNTS):
        county[key] = int(county[key] or 0)
    for key in ("budget_yuan", "spent_yuan"):
        county[key] = float(county[key] or 0.0)
    return units, county


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


def daily_curve(
    plan: pd.DataFrame, daily: pd.DataFrame, budget: float, year: int, as_of: dt.date
) -> pd.DataFrame:
    """One project's S-curve by day over its fiscal year: day, plan_pct (`rules.plan_pct`),
    time_pct (`rules.time_pct`), execution_pct (cumulative spending ÷ `budget`, to as-of; None
    after it). `plan` has checkpoint, cumulative_pct; `daily` has pay_date, spent."""
    points = [
        (c, float(p)) for c, p in zip(plan["checkpoint"], plan["cumulative_pct"], strict=True)
    ]
    if not points:
        points = [(dt.date(year, 12, 31), 100.0)]
    days = [dt.date(year, 1, 1) + dt.timedelta(days=k) for k in range(rules.days_in_year(year))]
    by_day = dict(zip(daily["pay_date"], daily["spent"].astype(float), strict=True))
    spent, rows = 0.0, []
    for day in [rules.year_start(year), *days]:
        spent += by_day.get(day, 0.0)
        known = day <= as_of and budget > 0
        rows.append(
            {
                "day": day,
                "plan_pct": rules.plan_pct(points, day, year),
                "time_pct": rules.time_pct(day, year),
                "execution_pct": spent / budget * 100 if known else None,
            }
        )
    return pd.DataFrame(rows)
