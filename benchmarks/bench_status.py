"""Benchmark: the engine's status of every project against hand-written SQL and against pandas.

    python -m benchmarks.bench_status [--projects 20000] [--rows 10000000] [--repeat 3]

Builds a province-sized database (setup, not measured: projects, plans and indicators by SQL,
10 million spending rows inserted by DuckDB), then measures, in one process, median of `--repeat`:
1. `compute_status` for every project at one date (SQL aggregation + all rules);
2. one hand-written DuckDB query doing the same aggregation (spending to date, in the last 90 days
   and at every month end, per project) — the baseline;
3. the same computation with the record scanning done in pandas on the spending already in memory
   (the engine's rules after it);
4. one project's status against a hand-written one-project query.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import ROOT, machine, write_section
from engine.status import compute_status
from store.db import open_db, rebuild_spending_monthly
from store.settings import settings

AS_OF = dt.date(2025, 9, 30)


def build(db: Path, projects: int, rows: int) -> None:
    con = open_db(db)
    con.execute("SET enable_progress_bar = false")
    code = "'13043425P' || lpad(CAST(i AS VARCHAR), 11, '0') || 'A'"
    con.execute(
        f"""INSERT INTO projects (project_code, fiscal_year, unit_code, name, budget_yuan, load_id)
            SELECT {code}, 2025, '7' || lpad(CAST(i % 500 AS VARCHAR), 5, '0'), '项目' || i,
                   100000 + (hash(i) % 900000), 1 FROM range({projects}) t(i)"""
    )
    for month, pct in ((3, 30), (6, 60), (9, 80), (12, 100)):
        con.execute(
            f"""INSERT INTO spending_plan SELECT {code}, last_day(DATE '2025-{month:02d}-01'),
                '{month}月底', {pct}, 'published', '{pct}%' FROM range({projects}) t(i)"""
        )
    con.execute(
        f"""INSERT INTO indicators SELECT {code}, 1, '产出指标', '数量指标', '数量', NULL, '≥100个',
            '≥', 100, '个', 'quantity', NULL, 'higher', NULL FROM range({projects}) t(i)"""
    )
    con.execute(
        f"""INSERT INTO indicators SELECT {code}, 2, '产出指标', '成本指标', '成本', NULL, '≤50万元',
            '≤', 500000, '元', 'money', NULL, 'lower', NULL FROM range({projects}) t(i)"""
    )
    con.execute(
        f"""INSERT INTO spending (project_code, pay_date, amount_yuan, voucher_no, payee, summary,
            fund_source, dedupe_key, load_id, row_no) SELECT '13043425P' || lpad(CAST(hash(i, 2) % {projects} AS VARCHAR),
            11, '0') || 'A', DATE '2025-01-01' + CAST(hash(i, 1) % 334 AS INTEGER),
            CAST((hash(i, 3) % 500000) / 100.0 AS DECIMAL(18,2)), 'V' || i, NULL, NULL, NULL, NULL,
            2, CAST(i AS INTEGER) FROM range({rows}) t(i)"""
    )
    rebuild_spending_monthly(con)  # the loader keeps it; this set-up wrote records by SQL
    con.execute("CHECKPOINT")
    con.close()


BASELINE = """
SELECT s.project_code,
       sum(s.amount_yuan) FILTER (WHERE s.pay_date <= $d) AS spent,
       sum(s.amount_yuan) FILTER (WHERE s.pay_date > $d - 90 AND s.pay_date <= $d) AS recent,
       {months}
FROM spending s
GROUP BY s.project_code
"""
MONTHS = ",\n       ".join(
    f"sum(s.amount_yuan) FILTER (WHERE s.pay_date <= last_day(DATE '2025-{m:02d}-01')"
    f" AND s.pay_date <= $d) AS m{m}"
    for m in range(1, 13)
)


def timed(function, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def pandas_status(con, spending: pd.DataFrame, day: dt.date = AS_OF) -> pd.DataFrame:
    """The same computation with the record scanning done in pandas on data already in memory
    (the rules after it are the engine's own)."""
    from engine import aggregates as q
    from engine.status import _budget, _indicators

    cfg = settings()
    upto = spending[spending["pay_date"] <= pd.Timestamp(day)]
    start, window_days = q.recent_window(day, cfg.budget.forecast_window_days)
    recent_from = pd.Timestamp(start)
    grouped = upto.assign(
        month=upto["pay_date"].dt.month,
        recent=np.where(upto["pay_date"] > recent_from, upto["amount"], 0.0),
        reversals=(upto["amount"] < 0).astype(int),
        reversal_yuan=np.where(upto["amount"] < 0, upto["amount"], 0.0),
    ).groupby(["project_code", "month"], as_index=False)
    months = grouped.agg(
        spent=("amount", "sum"),
        recent=("recent", "sum"),
        reversals=("reversals", "sum"),
        reversal_yuan=("reversal_yuan", "sum"),
    )
    base = q.projects(con)
    # the engine's rules index projects by position
    position = pd.Series(np.arange(len(base)), index=base["project_code"])
    months["i"] = position.reindex(months["project_code"]).to_numpy()
    months = months.dropna(subset=["i"])
    frame, _ = _budget(
        base,
        months,
        q.adjustments_by_month(con, day),
        q.plans(con, dates=False),
        q.set_aside_counts(con),
        day,
        cfg,
        window_days=window_days,
    )
    _indicators(con, frame, day, None, None, cfg)
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tracker-status-") as folder:
        db = Path(folder) / "province.duckdb"
        print(f"building {args.projects:,} projects and {args.rows:,} spending rows …", flush=True)
        build(db, args.projects, args.rows)
        con = open_db(db, read_only=True)
        one = con.execute("SELECT min(project_code) FROM projects").fetchall()[0][0]
        ours = timed(lambda: compute_status(con, AS_OF), args.repeat)
        mid = AS_OF - dt.timedelta(days=15)
        ours_mid = timed(lambda: compute_status(con, mid), args.repeat)
        base_mid = timed(
            lambda: con.execute(BASELINE.format(months=MONTHS), {"d": mid}).df(), args.repeat
        )
        base = timed(
            lambda: con.execute(BASELINE.format(months=MONTHS), {"d": AS_OF}).df(), args.repeat
        )
        one_ours = timed(lambda: compute_status(con, AS_OF, project=one), args.repeat)
        one_sql = BASELINE.format(months=MONTHS).replace(
            "GROUP BY", "WHERE s.project_code = $p GROUP BY"
        )
        one_base = timed(lambda: con.execute(one_sql, {"d": AS_OF, "p": one}).df(), args.repeat)
        spending = con.execute(
            "SELECT project_code, CAST(pay_date AS TIMESTAMP) AS pay_date,"
            " CAST(amount_yuan AS DOUBLE) AS amount FROM spending"
        ).df()
        in_pandas = timed(lambda: pandas_status(con, spending), args.repeat)
        in_pandas_mid = timed(lambda: pandas_status(con, spending, mid), args.repeat)
        con.close()
    text = f"""## Status of every project (`python -m benchmarks.bench_status`)

Machine: {machine()}. {args.projects:,} projects, {args.rows:,} spending rows, status at {AS_OF}.
Median of {args.repeat} runs in one process.

| computation | seconds | ratio |
|---|---:|---:|
| hand-written DuckDB query: the same aggregation (baseline) | {base:.3f} | 1.00 |
| `compute_status`, every project (aggregation + every rule, indicators, checkpoints) | {ours:.3f} | **{ours / base:.2f}** |
| the same computation with the record scanning in pandas, data already in memory | {in_pandas:.3f} | {in_pandas / base:.2f} (engine is **{in_pandas / ours:.1f}×** faster) |
| mid-month ({mid}): hand-written query | {base_mid:.3f} | 1.00 |
| mid-month: `compute_status`, every project | {ours_mid:.3f} | {ours_mid / base_mid:.2f} |
| mid-month: the same in pandas, data in memory | {in_pandas_mid:.3f} | {in_pandas_mid / base_mid:.2f} (engine is **{in_pandas_mid / ours_mid:.1f}×** faster) |
| one project: hand-written query | {one_base:.3f} | 1.00 |
| one project: `compute_status(project=…)` | {one_ours:.3f} | **{one_ours / one_base:.2f}** |

The engine reads whole months from the monthly sums the spending loader keeps (`spending_monthly`,
maintained by every load and undo) and scans the records only for the days of the as-of date's own
month (none at a month end); the pandas version groups the records in memory to project × month.
Both then run the same rules.

Bars: every project ≤ 1.5 × the query (**{"met" if ours / base <= 1.5 else "NOT met"}**), ≥ 2.5 × faster
than pandas at both dates (**{"met" if min(in_pandas / ours, in_pandas_mid / ours_mid) >= 2.5 else "NOT met"}**), one project ≤ 2 × its query
(**{"met" if one_ours / one_base <= 2 else "NOT met"}**).
"""
    print(text)
    if not args.no_write:
        write_section(ROOT / "BENCHMARKS.md", "bench-status", text)


if __name__ == "__main__":
    main()
