"""`tracker lake export|check`: the store as a Parquet lake (store/lake.py)."""

from __future__ import annotations

import argparse

from cli.common import _error, _print
from store.db import connection, resolve_db_path
from store.errors import TrackerError

EXIT_BAD_INPUT = 2


def cmd_lake(args: argparse.Namespace) -> int:
    """`tracker lake export --out DIR` writes the store as a Parquet lake; `tracker lake check
    DIR` verifies its files against the manifest."""
    from store import lake

    if args.action == "check":
        if not args.dir:
            raise TrackerError("请给出数据湖文件夹", hint="tracker lake check DIR")
        problems = lake.check_lake(args.dir)
        for problem in problems:
            _error(problem)
        _print("数据湖完好" if not problems else f"发现 {len(problems)} 个问题")
        return EXIT_BAD_INPUT if problems else 0
    out = args.out or args.dir
    if not out:
        raise TrackerError("请用 --out 指定数据湖文件夹", hint="tracker lake export --out lake/")
    db = resolve_db_path(args.db)
    if not db.exists():
        raise TrackerError(f"数据库 {db} 不存在", hint="请先运行 tracker load targets 文件")
    with connection(db, read_only=True) as con:
        manifest = lake.export_lake(con, out)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    files = sum(len(t["files"]) for t in manifest["tables"].values())
    _print(
        f"已写出数据湖 {out}：{len(manifest['tables'])} 张表，{rows} 行，{files} 个 Parquet 文件"
    )
    return 0
