"""The store as a Parquet lake: every table as Parquet files in a folder, the records partitioned by
year and month of their date, with a manifest (schema version, row counts, checksums). A lake is
read by opening views of the same names over the files (`open_lake`), so the engine's SQL runs on
it unchanged: DuckDB over the lake answers as the DuckDB store does.

    DIR/manifest.json
    DIR/projects.parquet, DIR/spending_plan.parquet, …         small tables, one file each
    DIR/spending/p_year=2025/p_month=3/data_0.parquet, …       records, by year and month

Accounts and the audit log never leave the store (password hashes, who did what)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from store.db import latest_dates, schema_sql
from store.errors import TrackerError

MANIFEST = "manifest.json"
LAKE_VERSION = 1
PRIVATE = ("accounts", "audit_log")  # never exported
# records and the date column they are partitioned by (year, month of that date)
PARTITIONED = {
    "spending": "pay_date",
    "spending_replaced": "pay_date",
    "beneficiaries": "aid_date",
    "indicator_actuals": "as_of",
    "survey_responses": "response_date",
}
PARTITION_COLUMNS = ("p_year", "p_month")


class LakeError(TrackerError):
    """A lake that cannot be written or read: a folder in the way, a missing or damaged file."""


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows if r[0] not in PRIVATE]


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_lake(con: duckdb.DuckDBPyConnection, out: str | Path) -> dict:
    """Write every table of the store (but PRIVATE) to `out` as Parquet; returns the manifest.
    The folder must not exist or be empty: a lake is written whole, never mixed with another."""
    folder = Path(out)
    if folder.exists() and any(folder.iterdir()):
        raise LakeError(f"文件夹 {folder} 不是空的", hint="请换一个新的文件夹（湖按整体写出）")
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    tables = {}
    try:
        for table in _tables(con):
            rows = int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
            if table in PARTITIONED and rows:
                day = PARTITIONED[table]
                target = staging / table
                con.execute(
                    f"COPY (SELECT *, year({day}) AS p_year, month({day}) AS p_month FROM {table})"
                    f" TO {_quote(target)} (FORMAT parquet, PARTITION_BY (p_year, p_month),"
                    " OVERWRITE_OR_IGNORE)"
                )
                files = sorted(target.rglob("*.parquet")) if target.exists() else []
            else:  # a small table; or records without rows (a file that keeps their columns)
                target = staging / f"{table}{'.empty' if table in PARTITIONED else ''}.parquet"
                con.execute(f"COPY {table} TO {_quote(target)} (FORMAT parquet)")
                files = [target]
            tables[table] = {
                "rows": rows,
                "partitioned_by": PARTITIONED.get(table),
                "files": {str(f.relative_to(staging)): _sha256(f) for f in files},
            }
        manifest = {
            "lake_version": LAKE_VERSION,
            "schema_version": schema_version(),
            "written_at": dt.datetime.now().isoformat(timespec="seconds"),
            # the latest date of each kind of record: a reader finds the default as-of date here
            # without scanning the records (store.db.data_date)
            "latest": {
                table: day.isoformat() if day else None for table, day in latest_dates(con).items()
            },
            "tables": tables,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
        if folder.exists():
            folder.rmdir()
        staging.rename(folder)  # the lake appears whole, or not at all
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def schema_version() -> str:
    """The store's schema as the lake records it: a lake is read only by the code that wrote it."""
    return hashlib.sha256(schema_sql().encode("utf-8")).hexdigest()[:16]


def parse_manifest(text: str, where: str) -> dict:
    """The manifest from its text; LakeError when it is damaged or written by another version."""
    try:
        manifest = json.loads(text)
        tables, version = manifest["tables"], manifest["lake_version"]
    except (ValueError, KeyError, TypeError) as error:
        raise LakeError(f"{where} 已损坏：{error}") from None
    if version != LAKE_VERSION or manifest.get("schema_version") != schema_version():
        raise LakeError(
            f"{where} 由另一版本的程序写出（湖版本 {version}）",
            hint="用这一版本的 tracker lake export 重新写出",
        )
    if not isinstance(tables, dict):
        raise LakeError(f"{where} 已损坏：没有表的清单")
    return manifest


def read_manifest(lake: str | Path) -> dict:
    path = Path(lake) / MANIFEST
    if not path.exists():
        raise LakeError(f"{lake} 不是数据湖：没有 {MANIFEST}", hint="用 tracker lake export 写出")
    return parse_manifest(path.read_text("utf-8"), str(path))


def check_lake(lake: str | Path) -> list[str]:
    """Every file of the manifest present with its checksum; the problems found (none: [])."""
    folder = Path(lake)
    problems = []
    for table, facts in read_manifest(lake)["tables"].items():
        for name, checksum in facts["files"].items():
            path = folder / name
            if not path.exists():
                problems.append(f"{table}: 缺少文件 {name}")
            elif _sha256(path) != checksum:
                problems.append(f"{table}: 文件 {name} 的校验和不符")
    return problems


@contextlib.contextmanager
def open_lake(lake: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB whose views, named as the store's tables, read the lake's files: the
    engine's SQL runs on it unchanged."""
    folder = Path(lake)
    manifest = read_manifest(folder)
    con = duckdb.connect()
    try:
        con.execute("SET python_enable_replacements = false")
        for table, facts in manifest["tables"].items():
            files = list(facts["files"])
            if facts["partitioned_by"] and facts["rows"]:
                source = (
                    f"SELECT * EXCLUDE ({', '.join(PARTITION_COLUMNS)}) FROM read_parquet("
                    f"{_quote(folder / table / '**' / '*.parquet')}, hive_partitioning = true)"
                )
            elif len(files) == 1:
                source = f"SELECT * FROM read_parquet({_quote(folder / files[0])})"
            else:
                raise LakeError(f"{folder}: 表 {table} 没有数据文件")
            con.execute(f"CREATE VIEW {table} AS {source}")
        yield con
    finally:
        con.close()
