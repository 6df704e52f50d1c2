"""Opening the DuckDB store: where it lives, its schema, and the one-writer lock.

DuckDB lets one process open a file read-write, and that process locks every other process out (even
read-only ones). Writers therefore hold connections briefly and retry while another process holds the
lock; readers (the dashboard) open short-lived read-only connections.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from store import migrations
from store.errors import DatabaseBusyError, TrackerError
from store.settings import settings

DEFAULT_DB = Path("data") / "tracker.duckdb"
FIRST_DELAY = 0.05  # seconds between the first tries of a busy file; doubled up to 1 s
log = logging.getLogger("tracker.store")
# every kind of record and its date column: the data's "as of" is the latest of them
RECORD_DATES = (
    ("spending", "pay_date"),
    ("budget_adjustments", "adj_date"),
    ("beneficiaries", "aid_date"),
    ("indicator_actuals", "as_of"),
    ("survey_responses", "response_date"),
    ("goal_actuals", "as_of"),  # progress on a unit's own goals
)


def resolve_db_path(db: str | Path | None = None) -> Path:
    """The database path: `db` if given, else `$TRACKER_DB`, else `data/tracker.duckdb`."""
    if db:
        return Path(db)
    env = os.environ.get("TRACKER_DB")
    if env:
        return Path(env)
    return DEFAULT_DB


def schema_sql() -> str:
    return resources.files("store").joinpath("schema.sql").read_text(encoding="utf-8")


def _is_lock_error(error: Exception) -> bool:
    """Another process holds the file's lock, or (the same process, e.g. the dashboard's other
    sessions) a connection is open with the other read-only setting: wait, as for a lock."""
    text = str(error)
    return "lock" in text.lower() or "Conflicting" in text or "different configuration" in text


def open_db(
    db: str | Path | None = None, *, read_only: bool = False, wait: float | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the store, applying the schema on read-write connections.

    Waits up to `wait` seconds (default: tracker.toml's `[database] busy_wait_seconds`) while
    another process holds the file's lock, saying so once on the `tracker.store` logger, then
    raises DatabaseBusyError. A read-only open of a file that does not exist raises
    FileNotFoundError.
    """
    path = resolve_db_path(db)
    if path.is_dir():
        raise TrackerError(
            f"{path} 是一个文件夹，不是数据库文件 (a directory)",
            hint="用 --db 指定数据库文件，如 data/tracker.duckdb",
        )
    if read_only and not path.exists():
        raise FileNotFoundError(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    if wait is None:
        wait = settings().database.busy_wait_seconds
    deadline = time.monotonic() + wait
    delay = FIRST_DELAY
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except (duckdb.IOException, duckdb.ConnectionException) as error:
            if "not a valid DuckDB database file" in str(error):
                raise TrackerError(
                    f"{path} 不是有效的数据库文件：已损坏，或不是 DuckDB 文件 (not a valid database)",
                    hint="请从备份恢复，或用 --db 指定另一个数据库文件",
                ) from None
            if not _is_lock_error(error):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseBusyError(
                    f"数据库 {path} 正被另一个程序写入，请稍后再试 (database busy)"
                ) from error
            if delay == FIRST_DELAY:  # the first wait: said at once (the CLI prints it)
                log.info("数据库 %s 正被另一个程序写入，最多等待 %g 秒… (waiting)", path, wait)
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    # a table name that does not exist must fail as such, never resolve to a Python variable of
    # the same name (DuckDB's replacement scans: `projects` the function, a local DataFrame)
    con.execute("SET python_enable_replacements = false")
    memory = os.environ.get("TRACKER_DUCKDB_MEMORY_LIMIT")
    if memory:  # a bounded process (loaders.bounded): spill to disk before the process limit
        con.execute("SET memory_limit = ?", [memory])
    if not read_only:
        con.execute(schema_sql())
        migrations.apply(con)
    return con


@contextmanager
def connection(
    db: str | Path | None = None, *, read_only: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection, closed on exit."""
    con = open_db(db, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(
    con: duckdb.DuckDBPyConnection, *, rollback: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """All statements inside commit together or not at all; with `rollback` (a dry run), never."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("ROLLBACK" if rollback else "COMMIT")


def new_load_id(con: duckdb.DuckDBPyConnection) -> int:
    row = first_row(con.execute("SELECT nextval('load_id_seq')"))
    assert row is not None
    return int(row[0])


def first_row(result: duckdb.DuckDBPyConnection) -> tuple | None:
    """The first row of an executed query, reading the result to its end.

    DuckDB keeps a connection busy while a result is not fully read (a later `register()` then
    fails), so never leave a `fetchone()` half-read.
    """
    rows = result.fetchall()
    return rows[0] if rows else None


def bulk_insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[list]) -> None:
    """Insert many rows at once: values go through a text frame and are cast to the table's
    column types by DuckDB (exact for DECIMAL money; executemany is slow for 100,000 rows)."""
    if not rows:
        return
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    columns = columns[: len(rows[0])]  # rows may fill only the leading columns
    names = [f"c{i}" for i in range(len(columns))]
    frame = pd.DataFrame(
        [[None if v is None else str(v) for v in row] for row in rows], columns=names, dtype=object
    )
    view = f"bulk_{table}"
    con.register(view, frame)
    try:
        casts = ", ".join(
            f"CAST({name} AS {dtype})" for name, (_, dtype) in zip(names, columns, strict=True)
        )
        targets = ", ".join(f'"{name}"' for name, _ in columns)
        con.execute(f"INSERT INTO {table} ({targets}) SELECT {casts} FROM {view}")
    finally:
        con.unregister(view)


def rebuild_spending_monthly(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute `spending_monthly` from the records (for data written outside the loaders, such
    as benchmark set-ups; the spending loader and undo keep it up to date themselves)."""
    con.execute("DELETE FROM spending_monthly")
    con.execute(
        """
        INSERT INTO spending_monthly
        SELECT project_code, date_trunc('month', pay_date), sum(amount_yuan),
               count(*) FILTER (WHERE amount_yuan < 0),
               coalesce(sum(amount_yuan) FILTER (WHERE amount_yuan < 0), 0), count(*), load_id
        FROM spending GROUP BY project_code, date_trunc('month', pay_date), load_id
        """
    )


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """A table or a view of that name (a lake's tables are views)."""
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchall()
    return bool(rows and rows[0][0])


def latest_dates(con: duckdb.DuckDBPyConnection) -> dict[str, dt.date | None]:
    """The latest date of each kind of record held (RECORD_DATES): None for a kind without
    dated rows."""
    present = [(table, column) for table, column in RECORD_DATES if has_table(con, table)]
    if not present:
        return {}
    sql = " UNION ALL ".join(
        f"SELECT '{table}' AS kind, max({column}) AS day FROM {table}" for table, column in present
    )
    return dict(con.execute(sql).fetchall())


def data_date(latest: Iterable[dt.date | None], last_year: int | None) -> dt.date | None:
    """The data's as-of date: the latest of the records' latest dates (`store.db.latest_dates`),
    no later than the end of the latest fiscal year loaded (surveys may come in the following
    spring); None without any dated record."""
    days = [day for day in latest if day is not None]
    if not days:
        return None
    day = max(days)
    return min(day, dt.date(last_year, 12, 31)) if last_year else day
