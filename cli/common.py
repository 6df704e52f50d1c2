"""What every command shares: printing (flushed, errors and warnings on standard error) and a
read-only question to the database."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import math
import os
import sys
from collections.abc import Callable
from typing import TypeVar

from store.db import connection, resolve_db_path
from store.errors import TrackerError

T = TypeVar("T")


def _print(text: str = "") -> None:
    print(text, flush=True)


def _error(text: str) -> None:
    print(f"错误 (error): {text}", file=sys.stderr, flush=True)


def _warn(text: str) -> None:
    print(f"警告 (warning): {text}", file=sys.stderr, flush=True)


class _Notes(logging.Handler):
    """The store's notes (waiting for another process's write) on standard error, as they
    happen: a command that pauses says why."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"提示 (note): {record.getMessage()}", file=sys.stderr, flush=True)


def show_store_notes() -> None:
    """Print the store's notes from now on (once per process, however often `main` runs)."""
    logger = logging.getLogger("tracker.store")
    if not any(isinstance(h, _Notes) for h in logger.handlers):
        logger.addHandler(_Notes())
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _read(args: argparse.Namespace, question: Callable[..., T], *params: object) -> T:
    """`question(con, *params)` on a read-only connection; TrackerError (exit 2) when the
    database does not exist."""
    db = resolve_db_path(args.db)
    if not db.exists():
        raise TrackerError(f"数据库 {db} 不存在", hint="请先运行 tracker load targets 文件")
    with connection(db, read_only=True) as con:
        return question(con, *params)


def _lang(args: argparse.Namespace) -> str:
    """The language of what is printed: --lang, else $TRACKER_LANG, else Chinese."""
    lang = getattr(args, "lang", None) or os.environ.get("TRACKER_LANG", "zh")
    return "en" if lang == "en" else "zh"


def _clean(value):
    """A value for JSON: numbers rounded to 2 decimals (NaN and infinities None), numpy scalars
    as Python ones, dates as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, float):
        return round(value, 2) if math.isfinite(value) else None
    if hasattr(value, "item"):
        return _clean(value.item())
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value
