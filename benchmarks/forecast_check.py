"""How good the year-end forecast would have been on the county demo (README: forecast method).

    python -m benchmarks.forecast_check

Builds the county demo in a temporary database, then for several dates compares the execution the
forecast expected at the demo's last day (2025-11-30) with the execution actually reached, against
the naive guess "no more spending". Results go to BENCHMARKS.md.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, write_section
from engine.status import forecast_backtest
from loaders.demo import DEMO_AS_OF, build_demo
from store.db import connection


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.duckdb"
        build_demo(db, "county")
        rows = []
        with connection(db, read_only=True) as con:
            for made_on in (dt.date(2025, 6, 30), dt.date(2025, 8, 31), dt.date(2025, 9, 30)):
                _, summary = forecast_backtest(con, made_on, DEMO_AS_OF)
                rows.append(
                    f"| {made_on} | {summary['projects']} | {summary['forecast_mae']:.1f} |"
                    f" {summary['naive_mae']:.1f} | {summary['within_5_points']:.0%} |"
                )
    text = (
        "## Forecast accuracy on the county demo (`python -m benchmarks.forecast_check`)\n\n"
        f"Execution expected at {DEMO_AS_OF} (the demo's last day) from the data to each date,"
        " against the execution reached. Mean absolute error in percentage points.\n\n"
        "| forecast made on | projects | forecast MAE | naive MAE (no more spending) |"
        " within 5 points |\n|---|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n\n"
        "The run-rate forecast (the last three months continued) roughly halves the naive error; it misses"
        " projects whose spending comes in lumps (a large payment after a quiet quarter).\n"
    )
    print(text)
    write_section(ROOT / "BENCHMARKS.md", "forecast-check", text)


if __name__ == "__main__":
    main()
