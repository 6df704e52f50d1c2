"""The lake's record scan on Apache Spark (`--engine spark`; pip install -e .[spark], Java 17).

Spark reads everything: the manifest, the small tables and the records, on any path it reads
(a folder, `file:`, `hdfs:`, `s3a:`). For one as-of date it reduces the records to what the rules
need — the monthly sums per project of every whole month to that date (what the spending loader
keeps as `spending_monthly`), and for the as-of month's days one row per project with its
payments summed plus each reversal (negative amount) as it is — and reads only the partitions of
the other records up to that month. Those small frames go to an in-memory DuckDB whose views
carry the store's table names and column types, so the engine's SQL runs on them unchanged: the
same answers as the store, by construction. The connection answers the as-of date and every
month end before it (the meeting pack's two dates).

Partitioning, shuffles and retries are Spark's: the same job runs on `local[*]` or on a cluster
(`--spark-master` or `[spark] master` in tracker.toml, `[spark.conf]` for the rest).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import duckdb

from store.db import RECORD_DATES, data_date, schema_sql
from store.lake import MANIFEST, PARTITION_COLUMNS, PARTITIONED, LakeError, parse_manifest
from store.settings import settings

REDUCED = ("spending", "spending_monthly")  # made by the job, not read from the lake


def _not_read(table: str) -> bool:
    """The history of replaced rows (`*_replaced`): the pages' record lists show it, the rules
    never read it."""
    return table.endswith("_replaced")


def session(master: str | None = None, conf: dict[str, str] | None = None):
    """A Spark session (the one already running in this process, if any): `master`, else
    tracker.toml's `[spark] master`; `[spark.conf]` and then `conf` on top."""
    from pyspark.sql import SparkSession

    cfg = settings().spark
    builder = (
        SparkSession.builder.master(master or cfg.master)
        .appName("budget-tracker")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
    )
    for key, value in (*cfg.conf, *(conf or {}).items()):
        builder = builder.config(key, value)
    with warnings.catch_warnings():  # PySpark 4.3 warns that pandas 3 is new to it: no pandas here
        warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
        spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _join(lake: str, name: str) -> str:
    """A path inside the lake, for any URI (a plain join would fold `hdfs://` to `hdfs:/`)."""
    return f"{str(lake).rstrip('/')}/{name}"


def read_lake_manifest(lake: str, spark) -> dict:
    """The manifest, read by Spark (the lake may be on a cluster's storage)."""
    from pyspark.errors import AnalysisException

    path = _join(lake, MANIFEST)
    try:
        rows = spark.read.text(path, wholetext=True).collect()
    except AnalysisException:
        rows = []
    if not rows:
        raise LakeError(f"{lake} 不是数据湖：没有 {MANIFEST}", hint="用 tracker lake export 写出")
    return parse_manifest(rows[0][0], path)


def _store_columns() -> dict[str, list[tuple[str, str]]]:
    """Every table's columns and types as the store declares them."""
    con = duckdb.connect()
    try:
        con.execute(schema_sql())
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " ORDER BY table_name, ordinal_position"
        ).fetchall()
    finally:
        con.close()
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        columns.setdefault(table, []).append((column, kind))
    return columns


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _view(con, table: str, arrow, columns: list[tuple[str, str]]) -> None:
    """A view named `table` over an Arrow table, with the store's columns and types (a column the
    frame lacks is NULL): Spark's types (e.g. JSON read as text) never change an answer."""
    con.register(f"{table}_spark", arrow)
    present = set(arrow.schema.names)
    select = ", ".join(
        f"CAST({_quoted(name) if name in present else 'NULL'} AS {kind}) AS {_quoted(name)}"
        for name, kind in columns
    )
    con.execute(f"CREATE VIEW {table} AS SELECT {select} FROM {table}_spark")


class LakeReader:
    """The lake's tables as Spark frames: small tables whole, records without partitions after a
    month (Spark prunes those files unread)."""

    def __init__(self, lake: str, spark) -> None:
        self.lake, self.spark = str(lake), spark
        self.manifest = read_lake_manifest(self.lake, spark)
        self.tables: dict = self.manifest["tables"]

    def small(self, table: str):
        (name,) = self.tables[table]["files"]
        return self.spark.read.parquet(_join(self.lake, name))

    def records(self, table: str, through: dt.date | None = None):
        """A record table, only its partitions up to `through`'s month (and the undated rows')."""
        from pyspark.sql import functions as F

        facts = self.tables[table]
        if not facts["rows"]:
            return self.small(table)
        frame = self.spark.read.parquet(_join(self.lake, table))
        if through is not None:
            year, month = F.col("p_year"), F.col("p_month")
            frame = frame.where(
                year.isNull()
                | (year < through.year)
                | ((year == through.year) & (month <= through.month))
            )
        return frame.drop(*PARTITION_COLUMNS)


def lake_data_date(reader: LakeReader, con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The data's date as the store would give it (`store.db.data_date` over the manifest's
    latest dates, no scan of the records); None for a lake without records."""
    years = con.execute("SELECT max(fiscal_year) FROM projects").fetchall()
    latest = [dt.date.fromisoformat(d) for d in reader.manifest.get("latest", {}).values() if d]
    return data_date(latest, years[0][0] if years else None)


def reduce_spending(spending, as_of: dt.date) -> dict:
    """The spending records as the engine reads them at `as_of` (engine.aggregates
    .spending_by_month): `spending_monthly`, the sums of every whole month to as-of; `spending`,
    the as-of month's days to as-of — per project one row of its payments' sum, dated on its
    latest day, and every reversal as it is (the engine counts them)."""
    from pyspark.sql import functions as F

    # as the engine: whole months before this day come from the sums, the days from it are scanned
    next_day = as_of + dt.timedelta(days=1)
    scan_from = next_day if next_day.day == 1 else as_of.replace(day=1)
    amount = F.col("amount_yuan")
    monthly = (
        spending.where(F.col("pay_date") < F.lit(scan_from))
        .groupBy("project_code", F.trunc("pay_date", "month").alias("month_start"))
        .agg(
            F.sum(amount).alias("spent_yuan"),
            F.sum(F.when(amount < 0, 1).otherwise(0)).alias("reversals"),
            F.coalesce(F.sum(F.when(amount < 0, amount)), F.lit(0)).alias("reversal_yuan"),
            F.count(F.lit(1)).alias("records"),
        )
    )
    days = spending.where(
        (F.col("pay_date") >= F.lit(scan_from)) & (F.col("pay_date") <= F.lit(as_of))
    ).select("project_code", "pay_date", "amount_yuan")
    summed = (
        days.where(amount >= 0)
        .groupBy("project_code")
        .agg(F.max("pay_date").alias("pay_date"), F.sum(amount).alias("amount_yuan"))
    )
    return {"spending_monthly": monthly, "spending": summed.unionByName(days.where(amount < 0))}


@contextlib.contextmanager
def open_lake_spark(
    lake: str, as_of: dt.date | None, spark
) -> Iterator[tuple[duckdb.DuckDBPyConnection, dt.date]]:
    """(connection, as-of): DuckDB views over the lake's small tables and over Spark's reduction
    of its records at `as_of` (None: the data's date, `lake_data_date`, else today). The connection answers
    as-of and every month end before it."""
    reader = LakeReader(lake, spark)
    columns = _store_columns()
    con = duckdb.connect()
    try:
        con.execute("SET python_enable_replacements = false")
        small = {
            table: reader.small(table)
            for table in reader.tables
            if table not in PARTITIONED
            and table not in REDUCED
            and table in columns
            and not _not_read(table)
        }
        for table, arrow in collect_arrow(small).items():
            _view(con, table, arrow, columns[table])
        day = as_of or lake_data_date(reader, con) or dt.date.today()
        frames = reduce_spending(reader.records("spending", day), day)
        for table in PARTITIONED:
            if table != "spending" and not _not_read(table):
                frames[table] = reader.records(table, day)  # the engine keeps what it needs
        for table, arrow in collect_arrow(frames).items():
            _view(con, table, arrow, columns[table])
        yield con, day
    finally:
        con.close()


def collect_arrow(frames: dict) -> dict:
    """Every frame brought to this process as Arrow, the jobs side by side (Spark runs the jobs
    of several threads at once)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {table: pool.submit(frame.toArrow) for table, frame in frames.items()}
        return {table: future.result() for table, future in futures.items()}


def records_between(lake: str, spark, start: dt.date, end: dt.date) -> int:
    """How many records of any kind are dated from `start` to `end` (engine.aggregates
    .records_between, counted by Spark over the month's partitions)."""
    from pyspark.sql import functions as F

    reader = LakeReader(lake, spark)
    total = 0
    for table, column in RECORD_DATES:
        if table not in reader.tables:
            continue
        frame = reader.records(table, end) if table in PARTITIONED else reader.small(table)
        total += frame.where(F.col(column).between(F.lit(start), F.lit(end))).count()
    return total
