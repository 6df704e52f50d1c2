"""What every per-kind record loader shares: the counts of a load, its context, the rows it sets
aside, and the SQL text helpers for mapped columns.

The per-kind loaders (`spending`, `beneficiaries`, `indicator_records`, `adjustments`) import this
module and `record_rows`; only the dispatcher (`records`) knows every kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from loaders.columns import ColumnMap
from store.db import bulk_insert


@dataclass
class Counts:
    total: int = 0
    loaded: int = 0
    duplicates: int = 0
    rejected: int = 0
    skipped: int = 0
    changed: int = 0  # of `rejected`: vouchers that came back with another amount, date or project
    notes: list[str] = field(default_factory=list)  # e.g. reversals: "冲销 3 笔，合计 -1,200.00 元"


@dataclass
class LoadContext:
    load_id: int
    file_name: str
    project: str | None = None
    is_demo: bool = False
    file_lines: Callable[[], int] | None = None  # the file's number of lines (waits for the scan)
    replace_changed: bool = False  # spending: a changed voucher replaces the stored version


def insert_rejected(
    con: duckdb.DuckDBPyConnection, load_id: int, rows: list[tuple[int, str, str, object]]
) -> None:
    """Keep rows set aside by a Python-side stager: (row_no, category, reason, raw dict)."""
    bulk_insert(
        con,
        "rejected_rows",
        [
            [load_id, row_no, category, reason, json.dumps(raw, ensure_ascii=False, default=str)]
            for row_no, category, reason, raw in rows
        ],
    )


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def column_sql(mapping: ColumnMap, name: str) -> str:
    """The raw column for a canonical name, as trimmed text (NULL when blank or absent)."""
    if name not in mapping.index:
        return "CAST(NULL AS VARCHAR)"
    return f"nullif(trim(c{mapping.index[name]}), '')"


def raw_json_sql(mapping: ColumnMap) -> str:
    """A JSON object of the row's mapped cells keyed by the file's own headers (for rejected rows)."""
    fields = []
    seen: set[str] = set()
    for i in sorted(set(mapping.index.values())):
        header = mapping.headers[i] or f"列{i + 1}"
        if header in seen:
            header = f"{header}（列{i + 1}）"
        seen.add(header)
        fields.append('"' + header.replace('"', '""') + f'" := c{i}')
    return "to_json(struct_pack(" + ", ".join(fields) + "))"
