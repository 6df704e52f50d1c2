"""`tracker goals`: the department's own goals (第一部分 部门整体绩效目标) of a unit with their target,
progress and colour (engine.goals)."""

from __future__ import annotations

import argparse
import datetime as dt

from cli.common import _clean, _lang, _print, _read
from cli.textable import format_table, to_json
from presentation import dates, tables
from presentation.strings import t
from store.errors import TrackerError

JSON_KEYS = (
    "unit_code", "seq", "section", "text", "kind", "operator", "value", "unit", "object",
    "actual", "level", "reported_on", "ratio_pct", "colour", "reason", "stale_year",
)  # fmt: skip


def add_goals_command(sub, common: argparse.ArgumentParser) -> None:
    goals = sub.add_parser("goals", parents=[common], help="部门整体目标 (department goals)")
    goals.add_argument("--unit", help="单位编码（默认：全部单位）")
    goals.add_argument("--as-of", help="截至日期（默认：最新记录的日期）")
    goals.add_argument("--format", choices=["table", "json"], default="table")
    goals.set_defaults(func=cmd_goals)


def cmd_goals(args: argparse.Namespace) -> int:
    from engine.aggregates import last_record_date
    from engine.goals import unit_goals

    def read(con):
        day = dates.parse_day(args.as_of) if args.as_of else last_record_date(con)
        day = day or dt.date.today()
        return day, unit_goals(con, day, args.unit)

    day, frame = _read(args, read)
    if frame.empty:
        where = f"单位 {args.unit} " if args.unit else ""
        raise TrackerError(
            f"{where}没有部门整体目标",
            hint="目标读自绩效目标表的第一部分（部门整体绩效目标）或模板的「部门整体绩效目标」列",
        )
    if args.format == "json":
        records = [{k: _clean(row[k]) for k in JSON_KEYS} for row in frame.to_dict("records")]
        _print(to_json(records))
        return 0
    lang = _lang(args)
    for unit, part in frame.groupby("unit_code", sort=True):
        name = part["unit_name"].iloc[0] or unit
        _print(t("goals_cli_title", lang, unit=unit, name=name, day=day.isoformat()))
        shown = tables.frame(tables.goal_rows(part), tables.GOALS, lang)
        _print(
            format_table(list(shown.columns), shown.to_numpy().tolist(), wrap={1: 44, 3: 12}) + "\n"
        )
    return 0
