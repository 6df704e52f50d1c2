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
    frame, checkpoints = _budget(base, months, adjust, plan, aside, as_of, cfg, forecast_to)
    indicators = _indicators(con, frame, as_of, unit, project, cfg)
    targets = (
        indicators.groupby("project_code")["colour"].agg(rules.worst)
        if not indicators.empty
        else pd.Series(dtype=object)
    )
    frame["targets_colour"] = frame["project_code"].map(targets)
    frame["colour"] = [
        rules.combined_colour(w, t)
        for w, t in zip(frame["warning"], frame["targets_colour"], strict=True)
    ]
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


def _budget(base, months, adjust, plan, aside, as_of, cfg: Settings, forecast_to=None):
    b = cfg.budget
    frame = base.rename(columns={"budget_yuan": "budget_original"}).copy()
    codes = frame["project_code"]
    spent_cum = _month_matrix(months, codes, "spent")
    adjust_cum = _month_matrix(adjust, codes, "adjusted")
    frame["spent"] = spent_cum[:, 11]
    frame["adjustments"] = adjust_cum[:, 11]
    frame["budget_current"] = frame["budget_original"] + frame["adjustments"]
    budget = frame["budget_current"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["execution_pct"] = np.where(budget > 0, frame["spent"] / budget * 100, np.nan)
    recent = months.groupby("project_code")["recent"].sum() if not months.empty else pd.Series()
    frame["recent"] = codes.map(recent).fillna(0.0).to_numpy()
    by_code = (
        {code: group for code, group in plan.groupby("project_code")} if not plan.empty else {}
    )
    rows, checkpoint_rows = [], []
    position = {code: i for i, code in enumerate(codes)}
    for record in frame.itertuples(index=False):
        year = int(record.fiscal_year)
        day = rules.effective_date(as_of, year)
        points = by_code.get(record.project_code)
        point_list = (
            list(zip(points["checkpoint"], points["cumulative_pct"], strict=True))
            if points is not None
            else [(dt.date(year, 12, 31), 100.0)]
        )
        labels = (
            dict(zip(points["checkpoint"], points["label"], strict=True))
            if points is not None
            else {}
        )
        plan_now = rules.plan_pct(point_list, as_of, year)
        execution = rules.as_float(record.execution_pct)
        row = {
            "plan_pct": plan_now,
            "time_pct": rules.time_pct(as_of, year),
            "warning": rules.budget_warning(execution, plan_now, b),
            "forecast_pct": rules.forecast_pct(
                record.spent, record.recent, record.budget_current, as_of, year, b, forecast_to
            ),
        }
        i = position[record.project_code]
        last = None
        for checkpoint, pct in sorted(point_list):
            if checkpoint > day:
                to_spend = max(0.0, pct / 100 * record.budget_current - record.spent)
                days_left = (checkpoint - day).days
                row.update(
                    next_checkpoint=checkpoint,
                    next_target_pct=pct,
                    to_spend_yuan=round(to_spend, 2),
                    days_left=days_left,
                    per_day_yuan=round(to_spend / max(days_left, 1), 2),
                )
                break
            month = checkpoint.month - 1 if checkpoint.year == year else 11
            budget_then = record.budget_original + adjust_cum[i, month]
            spent_then = spent_cum[i, month]
            reached = spent_then / budget_then * 100 if budget_then > 0 else None
            met = reached is not None and reached + 1e-9 >= pct
            shortfall = 0.0 if met else max(0.0, pct / 100 * budget_then - spent_then)
            last = {
                "last_checkpoint": checkpoint,
                "last_checkpoint_pct": reached,
                "last_checkpoint_status": "met" if met else "missed",
                "shortfall_yuan": round(shortfall, 2),
            }
            checkpoint_rows.append(
                {
                    "project_code": record.project_code,
                    "checkpoint": checkpoint,
                    "label": labels.get(checkpoint, f"{checkpoint.month}月底"),
                    "target_pct": pct,
                    "reached_pct": reached,
                    "status": last["last_checkpoint_status"],
                    "shortfall_yuan": last["shortfall_yuan"],
                    "budget_yuan": budget_then,
                    "spent_yuan": spent_then,
                }
            )
        row.update(last or {})
        rush_months = [m for m in b.rush_months if 1 <= m <= 12]
        in_rush = sum(
            spent_cum[i, m - 1] - (spent_cum[i, m - 2] if m > 1 else 0.0) for m in rush_months
        )
        share = in_rush / record.spent * 100 if record.spent > 0 else None
        row["rush_share_pct"] = share
        row["rush"] = bool(
            share is not None
            and day.month >= min(rush_months or [13])
            and share >= b.rush_share_pct
        )
        rows.append(row)
    frame = pd.concat([frame.reset_index(drop=True), pd.DataFrame(rows)], axis=1)
    for column in STATUS_COLUMNS:
        if column not in frame:
            frame[column] = None
    frame["above_budget"] = frame["spent"] > frame["budget_current"] + 0.005
    reversals = months.groupby("project_code")[["reversals", "reversal_yuan"]].sum()
    frame["reversals"] = codes.map(reversals["reversals"]).fillna(0).astype(int).to_numpy()
    frame["reversal_yuan"] = codes.map(reversals["reversal_yuan"]).fillna(0.0).to_numpy()
    counts = aside.set_index("project_code") if not aside.empty else pd.DataFrame()
    for column in ("duplicates", "rejected"):
        mapped = codes.map(counts[column]) if column in counts else pd.Series(0, index=codes.index)
        frame[column] = mapped.fillna(0).astype(int).to_numpy()
    return frame, pd.DataFrame(checkpoint_rows)


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
    table = q.indicators(con, unit, project)
    if table.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    actuals = q.latest_actuals(con, as_of, unit, project).set_index(["project_code", "seq"])
    people = q.beneficiary_counts(con, as_of, unit, project).set_index("project_code")
    surveys = q.survey_counts(con, as_of, unit, project).set_index(["project_code", "seq"])
    facts = frame.set_index("project_code")
    out = []
    for ind in table.itertuples(index=False):
        key = (ind.project_code, ind.seq)
        fact = facts.loc[ind.project_code]
        year = int(fact["fiscal_year"])
        day = rules.effective_date(as_of, year)
        months_elapsed = (day - rules.year_start(year)).days / rules.days_in_year(year) * 12
        actual, source, reported_on, level, done = None, None, None, None, None
        text = f"{ind.level1 or ''}{ind.level2 or ''}{ind.name or ''}"
        if key in actuals.index:
            report = actuals.loc[key]
            actual = rules.as_float(report["value"])
            level = report["level"] if isinstance(report["level"], str) else None
            done = report["value_date"] if not pd.isna(report["value_date"]) else None
            reported_on, source = report["reported_on"], "reported"
        if ind.kind == "money" and "成本" in (ind.level2 or ""):
            actual, source, reported_on = float(fact["spent"]), "spending", None
        elif (
            ind.kind == "quantity"
            and ind.unit in ("人", "名", "人次")
            and ind.project_code in people.index
        ):
            column = "aid_rows" if ind.unit == "人次" else "people"
            actual, source, reported_on = (
                float(people.loc[ind.project_code, column]),
                "beneficiaries",
                None,
            )
        elif "满意" in text and key in surveys.index:
            survey = surveys.loc[key]
            if survey["scored"] == survey["answers"] and survey["answers"] > 0:
                actual = float(survey["mean_score"]) / 5 * 100
            else:
                actual = float(survey["satisfied"]) / float(survey["answers"]) * 100
            source, reported_on = "survey", None
        deadline = ind.deadline if not pd.isna(ind.deadline) else None
        if isinstance(deadline, pd.Timestamp):
            deadline = deadline.date()
        if isinstance(done, pd.Timestamp):
            done = done.date()
        ratio, colour, reason = rules.indicator_colour(
            ind.kind,
            ind.direction,
            ind.operator,
            rules.as_float(ind.target_value),
            actual,
            level,
            done,
            deadline,
            months_elapsed,
            day,
            cfg.indicators,
        )
        out.append(
            {
                **ind._asdict(),
                "deadline": deadline,
                "actual": actual if level is None else level,
                "actual_source": source,
                "reported_on": reported_on,
                "ratio_pct": ratio,
                "colour": colour,
                "reason": reason,
                "level": level,
                "done_date": done,
            }
        )
    return pd.DataFrame(out)


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
