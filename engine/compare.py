"""Year on year (同比): this year beside the same day of the previous year.

`same_day_last_year(day)` is the comparison date (29 February → 28 February). `previous` gives each
project of this year its predecessor (engine/links.py) with the predecessor's execution at the same
day last year, its final execution and its self-evaluation score; `previous_summary` gives the
county's or a unit's execution, plan and 序时进度 at the same day last year, over last year's
projects of that scope. The same engine (`compute_status`) computes both years: the comparison is
two runs of the same rules, never a second set of them."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from engine import aggregates as q
from engine.links import project_links
from engine.scoring import scores
from engine.status import compute_status, curve, summaries

PREVIOUS_COLUMNS = [
    "project_code", "previous_code", "previous_name", "link_source", "execution_pct",
    "final_execution_pct", "score", "grade",
]  # fmt: skip


def same_day_last_year(day: dt.date) -> dt.date:
    """The same day of the previous year; 29 February compares with 28 February."""
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def previous(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    year: int,
    unit: str | None = None,
    project: str | None = None,
) -> pd.DataFrame:
    """Each project of `year` in scope with its predecessor (PREVIOUS_COLUMNS): the
    predecessor's execution at the same day last year, its final execution (31 December) and its
    self-evaluation score and grade then; None where a project continues nothing."""
    links = project_links(con, year, unit)
    if project is not None:
        links = links[links["project_code"] == project]
    linked = links[links["previous_code"].notna()]
    frame = links[["project_code", "previous_code", "previous_name"]].assign(
        link_source=links["source"]
    )
    if linked.empty:
        return frame.assign(execution_pct=None, final_execution_pct=None, score=None, grade=None)[
            PREVIOUS_COLUMNS
        ]
    then = same_day_last_year(as_of)
    codes = set(linked["previous_code"])
    # one project's predecessor: that project alone (a province has 20,000 to score)
    scope = {"project": next(iter(codes))} if project is not None else {}
    at_day = compute_status(con, then, year=year - 1, **scope).projects
    at_end = compute_status(con, dt.date(year - 1, 12, 31), year=year - 1, **scope)
    at_day = at_day[at_day["project_code"].isin(codes)].set_index("project_code")
    final = at_end.projects[at_end.projects["project_code"].isin(codes)].set_index("project_code")
    graded = {code: result for code, result in scores(at_end).items() if code in codes}
    prev = frame["previous_code"]
    return frame.assign(
        execution_pct=prev.map(at_day["execution_pct"]),
        final_execution_pct=prev.map(final["execution_pct"]),
        score=prev.map(lambda c: graded[c]["total"] if c in graded else None),
        grade=prev.map(lambda c: graded[c]["grade"] if c in graded else None),
    )[PREVIOUS_COLUMNS]


def previous_summary(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, year: int, unit: str | None = None
) -> tuple[pd.DataFrame, dict] | None:
    """`summaries` (per unit, and in all) of last year's projects in scope at the same day last
    year; None when no project of last year is in scope."""
    status = compute_status(con, same_day_last_year(as_of), unit, year=year - 1)
    if status.projects.empty:
        return None
    return summaries(status)


def previous_curve(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    year: int,
    unit: str | None = None,
    project: str | None = None,
) -> pd.DataFrame | None:
    """Last year's whole S-curve (of the scope, or of `project`'s predecessor), its days moved
    one year on so that it draws behind this year's; None without one."""
    if project is not None:
        links = project_links(con, year)
        found = links.loc[links["project_code"] == project, "previous_code"].dropna()
        if found.empty:
            return None
        project = str(found.iloc[0])
    elif q.projects(con, unit, None, year - 1).empty:
        return None
    line = curve(con, dt.date(year - 1, 12, 31), unit, project)  # last year, whole
    if line.empty or line["budget_yuan"].fillna(0).eq(0).all():
        return None
    return line.assign(day=[_year_on(d) for d in line["day"]])


def _year_on(day: dt.date) -> dt.date:
    """The same day one year on (29 February → 28 February)."""
    if day.month == 2 and day.day == 29:
        return dt.date(day.year + 1, 2, 28)
    return day.replace(year=day.year + 1)


YOY_COLUMNS = ("execution_pct", "plan_pct", "time_pct")


def with_previous(now: pd.DataFrame, then: pd.DataFrame | None, key: str) -> pd.DataFrame:
    """`now` (summaries' rows) with last year's figures beside them, matched on `key`:
    execution_ly, plan_ly, time_ly (at the same day last year) and execution_yoy (this year's
    execution − last year's, percentage points; None without last year)."""
    if then is None or then.empty:
        return now.assign(execution_ly=None, plan_ly=None, time_ly=None, execution_yoy=None)
    by_key = then.set_index(key)
    out = now.assign(
        execution_ly=now[key].map(by_key["execution_pct"]),
        plan_ly=now[key].map(by_key["plan_pct"]),
        time_ly=now[key].map(by_key["time_pct"]),
    )
    return out.assign(execution_yoy=out["execution_pct"] - out["execution_ly"])
