"""Saving what people enter on the official forms (`engine/forms.py` fills and checks them):
every save appends its lines under a new save id in one transaction, so an earlier save is never
erased and the latest is the one with the highest id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from store.db import first_row, transaction

TABLES = ("monitoring_responses", "evaluation_responses")


def save_lines(
    con: duckdb.DuckDBPyConnection,
    table: str,
    key: Sequence[object],
    lines: Sequence[Sequence[object]],
    author: str,
) -> tuple[int, dt.datetime]:
    """Append one save to `table` (monitoring_responses or evaluation_responses): each line is
    the columns between the key (project_code and period_end / as_of) and author; returns the new
    save id and its time."""
    if table not in TABLES:
        raise ValueError(f"not a response table: {table}")
    now = dt.datetime.now().replace(microsecond=0)
    with transaction(con):
        row = first_row(con.execute(f"SELECT coalesce(max(save_id), 0) + 1 FROM {table}"))
        save_id = int(row[0]) if row else 1
        width = 1 + len(key) + len(lines[0]) + 2 if lines else 0
        con.executemany(
            f"INSERT INTO {table} VALUES ({', '.join('?' * width)})",
            [[save_id, *key, *line, author, now] for line in lines],
        )
    return save_id, now
