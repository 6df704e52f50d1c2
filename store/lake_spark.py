"""The lake's record scan on Apache Spark (`--engine spark`; pip install -e .[spark], Java 17).

Spark reduces the lake's records to what the rules need for one as-of date — the monthly sums per
project and load (what the spending loader keeps as `spending_monthly`), the records of the as-of
month up to that day, and the other records dated on or before it — and hands those small frames to
an in-memory DuckDB whose views carry the store's table names, beside the lake's small tables. The
engine's SQL then runs unchanged on small data: the same answers as the store, by construction.
Partitioning, shuffles and retries are Spark's: the same job runs on `local[*]` or on a cluster
(`--spark-master spark://…`, `yarn`, `k8s://…`), the lake on any path Spark reads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb

from store.lake import PARTITION_COLUMNS, PARTITIONED, read_manifest

RECORD_DATES = {
    "beneficiaries": "aid_date",
    "indicator_actuals": "as_of",
    "survey_responses": "response_date",
}


def session(master: str = "local[*]", conf: dict[str, str] | None = None):
    """A Spark session (the one already running in this process, if any)."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName("budget-tracker")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@contextlib.contextmanager
def open_lake_spark(lake: str | Path, as_of: dt.date, spark) -> Iterator[duckdb.DuckDBPyConnection]:
    """DuckDB views over the lake's small tables and over Spark's reduction of its records."""
    from pyspark.sql import functions as F

    folder = Path(lake)
    manifest = read_manifest(folder)
    con = duckdb.connect()
    con.execute("SET python_enable_replacements = false")
    try:
        for table, facts in manifest["tables"].items():
            if table in PARTITIONED or table == "spending_monthly":
                continue
            (name,) = facts["files"]
            path = str(folder / name).replace("'", "''")
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")

        def records(table: str):
            facts = manifest["tables"][table]
            if not facts["rows"]:
                (name,) = facts["files"]
                return spark.read.parquet(str(folder / name))
            return spark.read.parquet(str(folder / table)).drop(*PARTITION_COLUMNS)

        spending = records("spending")
        month_start = as_of.replace(day=1)
        monthly = spending.groupBy(
            "project_code", F.trunc("pay_date", "month").alias("month_start"), "load_id"
        ).agg(
            F.sum("amount_yuan").alias("spent_yuan"),
            F.sum(F.when(F.col("amount_yuan") < 0, 1).otherwise(0)).alias("reversals"),
            F.coalesce(
                F.sum(F.when(F.col("amount_yuan") < 0, F.col("amount_yuan"))), F.lit(0)
            ).alias("reversal_yuan"),
            F.count(F.lit(1)).alias("records"),
        )
        frames = {
            "spending_monthly": monthly.select(
                "project_code", "month_start", "spent_yuan", "reversals", "reversal_yuan",
                "records", "load_id",
            ),
            "spending": spending.where(
                (F.col("pay_date") >= F.lit(month_start)) & (F.col("pay_date") <= F.lit(as_of))
            ),
        }  # fmt: skip
        for table, column in RECORD_DATES.items():
            frames[table] = records(table).where(F.col(column) <= F.lit(as_of))
        frames["spending_replaced"] = records("spending_replaced")
        for table, frame in frames.items():
            arrow = frame.toArrow()
            con.register(f"{table}_spark", arrow)
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM {table}_spark")
        yield con
    finally:
        con.close()
