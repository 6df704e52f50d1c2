"""`tracker links`: continuing projects across fiscal years (engine/links.py) and a clerk's
decisions on them (store/links.py); `previous_of` for `tracker status --compare`."""

from __future__ import annotations

import argparse
import datetime as dt

from cli.common import _clean, _print, _read
from cli.textable import format_rows
from store.db import connection
from store.errors import TrackerError

LINK_KEYS = ("project_code", "fiscal_year", "unit_code", "name", "previous_code", "previous_name",
             "source")  # fmt: skip
SOURCE_NAMES = {"name": "按名称", "manual": "人工关联", "removed": "人工取消", "none": "无"}


def add_links_command(sub, common: argparse.ArgumentParser) -> None:
    links = sub.add_parser("links", parents=[common], help="跨年度项目关联 (year-on-year links)")
    links.add_argument(
        "action", nargs="?", choices=["list", "set", "remove", "auto"], default="list"
    )
    links.add_argument("code", nargs="?", help="本年度项目编码")
    links.add_argument("previous", nargs="?", help="set：上年度项目编码")
    links.add_argument("--year", type=int, help="list：只看这个预算年度的项目")
    links.add_argument("--unit", help="list：只看一个单位")
    links.add_argument("--format", choices=["table", "csv", "json"], default="table")
    links.set_defaults(func=cmd_links)


def cmd_links(args: argparse.Namespace) -> int:
    """List the links (name rule and a clerk's decisions); set, remove or return one to the rule."""
    from engine.links import project_links
    from store import links
    from store.audit import os_actor

    if args.action == "list":
        frame = _read(args, project_links, args.year, args.unit)
        rows = [[_clean(r[k]) for k in LINK_KEYS] for r in frame.to_dict("records")]
        if args.format == "table":
            rows = [[*r[:6], SOURCE_NAMES.get(r[6], r[6])] for r in rows]
            headers = [
                "项目编码",
                "年度",
                "单位",
                "项目名称",
                "上年项目编码",
                "上年项目名称",
                "依据",
            ]
            _print(format_rows(headers, rows, "table"))
        else:
            _print(format_rows(list(LINK_KEYS), rows, args.format))
        return 0
    if not args.code or (args.action == "set" and not args.previous):
        raise TrackerError(
            "请给出项目编码",
            hint="tracker links set 本年项目编码 上年项目编码 | remove 编码 | auto 编码",
        )
    with connection(args.db) as con:
        if args.action == "set":
            links.set_link(con, args.code, args.previous, os_actor())
            _print(f"已关联：{args.code} 接续 {args.previous}")
        elif args.action == "remove":
            links.set_link(con, args.code, None, os_actor())
            _print(f"已取消关联：{args.code} 不接续任何上年项目")
        else:
            links.clear_link(con, args.code, os_actor())
            _print(f"{args.code} 按名称规则关联")
    return 0


def previous_of(con, status, as_of: dt.date) -> dict:
    """Each project of `status` → its predecessor's figures (`project_code`, `execution_pct` at
    the same day last year, `final_execution_pct`, `score`) or None."""
    from engine.aggregates import view_year
    from engine.compare import previous

    projects = status.projects
    year = view_year(con, as_of) if projects.empty else int(projects["fiscal_year"].iloc[0])
    if year is None:
        return {}
    frame = previous(con, as_of, year).set_index("project_code")

    out: dict = {}
    for code in projects["project_code"]:
        if (
            code not in frame.index
            or frame.loc[code, "previous_code"] is None
            or (frame.loc[code, "previous_code"] != frame.loc[code, "previous_code"])
        ):
            out[code] = None
            continue
        row = frame.loc[code]
        out[code] = {
            "project_code": row["previous_code"],
            "execution_pct": _clean(row["execution_pct"]),
            "final_execution_pct": _clean(row["final_execution_pct"]),
            "score": _clean(row["score"]),
        }
    return out
