"""Where a reading command (`status`, `score`, `report`) reads from: the store (--db), a Parquet
lake read by DuckDB (--lake DIR), or a lake whose records Spark reduces first (--lake URI --engine
spark). All three give the engine a connection with the store's table names: the same answers."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from collections.abc import Iterator

from presentation import dates
from store.db import connection, resolve_db_path
from store.errors import TrackerError


def add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lake", help="从 Parquet 数据湖读取（tracker lake export 写出的文件夹；spark：任何 URI）"
    )
    parser.add_argument(
        "--engine",
        choices=["duckdb", "spark"],
        default="duckdb",
        help="读数据湖的引擎：duckdb（默认）或 spark",
    )
    parser.add_argument(
        "--spark-master",
        help="Spark master（默认 tracker.toml [spark] master，否则 local[*]；spark://…、yarn、k8s://…）",
    )


def on_spark(args: argparse.Namespace) -> bool:
    return getattr(args, "engine", "duckdb") == "spark"


def spark_session(args: argparse.Namespace):
    """The Spark session of --spark-master (else tracker.toml's); a clear error without PySpark."""
    from store.lake_spark import session

    try:
        return session(getattr(args, "spark_master", None))
    except ImportError:
        raise TrackerError(
            "没有安装 PySpark", hint="pip install -e .[spark]（还需要 Java 17）"
        ) from None


@contextlib.contextmanager
def source(args: argparse.Namespace, at: dt.date | None = None) -> Iterator:
    """A read-only connection to what the command reads. On Spark the records are reduced for
    one date — `at`, else --as-of, else the data's date — which is then written to `args.as_of`;
    that connection answers that date and the month ends before it."""
    lake = getattr(args, "lake", None)
    if on_spark(args):
        if not lake:
            raise TrackerError("--engine spark 需要 --lake 数据湖", hint="先 tracker lake export")
        from store.lake_spark import open_lake_spark

        day = at or (dates.parse_day(args.as_of) if getattr(args, "as_of", None) else None)
        spark = spark_session(args)
        with open_lake_spark(lake, day, spark) as (con, as_of):
            args.as_of = as_of.isoformat()
            yield con
        return
    if lake:
        from store.lake import open_lake

        with open_lake(lake) as con:
            yield con
        return
    db = resolve_db_path(args.db)
    if not db.exists():
        raise TrackerError(f"数据库 {db} 不存在", hint="请先运行 tracker load targets 文件")
    with connection(db, read_only=True) as con:
        yield con


def month_records(args: argparse.Namespace, con, start: dt.date, end: dt.date) -> int:
    """Records of any kind dated in [start, end] (`engine.aggregates.records_between`; on Spark
    counted over the lake, whose reduced spending no longer has its rows)."""
    if on_spark(args):
        from store import lake_spark

        return lake_spark.records_between(args.lake, spark_session(args), start, end)
    from engine import aggregates

    return aggregates.records_between(con, start, end)


def data_date(args: argparse.Namespace, con) -> dt.date | None:
    """The data's date (`engine.aggregates.last_record_date`; on Spark from the manifest)."""
    if on_spark(args):
        from store.lake_spark import LakeReader, lake_data_date

        return lake_data_date(LakeReader(args.lake, spark_session(args)), con)
    from engine.aggregates import last_record_date

    return last_record_date(con)
