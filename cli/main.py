"""The `tracker` command line.

Bad input prints one line per problem and exits 2; a busy database exits 3; nothing prints a
traceback (set TRACKER_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

import pandas as pd

from cli import columns
from cli.common import _clean, _error, _lang, _print, _read, _warn, show_store_notes
from cli.goals_cli import add_goals_command
from cli.lake_cli import cmd_lake
from cli.links_cli import add_links_command, previous_of
from cli.sources import add_source_options, data_date, month_records, source
from cli.textable import display_width, format_rows, format_table, to_json
from cli.users import cmd_audit, cmd_users, demo_accounts
from engine import catalog
from loaders.targets import TargetLoadFailed, load_targets
from loaders.workspace import sweep
from presentation import dates, tables
from presentation.strings import grade_text, t
from store.db import connection, resolve_db_path
from store.errors import DatabaseBusyError, TrackerError
from store.settings import SettingsError, settings

T = TypeVar("T")

SAMPLE_TARGETS = Path("data") / "samples" / "weixian-youth-league-2025-targets.txt"
EXIT_BAD_INPUT = 2
EXIT_BUSY = 3


def cmd_load(args: argparse.Namespace) -> int:
    if args.replace_changed and args.kind != "spending":
        raise TrackerError("--replace-changed 只用于支出明细 (spending)")
    if args.kind != "targets":
        return cmd_load_records(args)
    from store import audit

    with connection(args.db) as con:
        try:
            results = load_targets(con, args.paths, force=args.force)
        except TargetLoadFailed as failed:
            for error in failed.errors:
                _error(str(error))
            _error("没有写入任何数据 (nothing was written)")
            return EXIT_BAD_INPUT
        for result in results:
            if result.status == "loaded" and result.load_id is not None:
                audit.stamp_load(con, result.load_id, audit.os_actor())
                audit.record(con, audit.os_actor(), "load", None, f"{result.load_id} targets")
    for result in results:
        _print(result.summary())
        if result.rows:
            headers = ["项目编码", "项目名称", "预算数(万元)", "指标数", "目标质量提示"]
            _print(format_rows(headers, result.rows))
        for code, _seq, _text, _severity, _rule, message in result.finding_rows:
            if code is None:  # a finding on the department's own goals
                _warn(message)
    loaded = [r for r in results if r.status == "loaded"]
    _print(
        f"合计：{sum(r.projects for r in loaded)} 个项目，{sum(r.indicators for r in loaded)} 个指标，"
        f"{sum(r.findings for r in loaded)} 条目标质量提示；"
        f"{len(results) - len(loaded)} 个文件此前已加载"
    )
    return 0


def cmd_load_records(args: argparse.Namespace) -> int:
    """Load record files one by one: each file is its own transaction."""
    from loaders.columns import parse_map_options
    from loaders.records import load_records

    overrides = parse_map_options(args.map)
    totals = dict.fromkeys(("files", "loaded", "duplicates", "rejected", "skipped"), 0)
    failed = 0
    with connection(args.db) as con:
        if args.progress:
            con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = true")
        for path in args.paths:
            try:
                result = load_records(
                    con,
                    args.kind,
                    path,
                    project=args.project,
                    overrides=overrides,
                    sheet=args.sheet,
                    dry_run=args.dry_run,
                    force=args.force,
                    replace_changed=args.replace_changed,
                )
            except TrackerError as error:
                _error(f"{error}；该文件未写入任何数据")
                failed += 1
                continue
            _print(result.summary())
            if result.status not in ("dry-run", "unchanged") and result.load_id is not None:
                from store import audit

                audit.stamp_load(con, result.load_id, audit.os_actor())
                audit.record(con, audit.os_actor(), "load", None, f"{result.load_id} {args.kind}")
            if result.status == "dry-run":
                _print_preview(result)
            elif result.counts.rejected or result.counts.duplicates or result.counts.skipped:
                _print(f"  查看未存入的行：tracker rejected {result.load_id}")
            totals["files"] += 1
            for key in ("loaded", "duplicates", "rejected", "skipped"):
                totals[key] += getattr(result.counts, key)
    verb = "将存入" if args.dry_run else "存入"
    _print(
        f"合计：{verb} {totals['loaded']} 行，重复 {totals['duplicates']} 行，"
        f"拒收 {totals['rejected']} 行，跳过 {totals['skipped']} 行"
        + ("（试运行，未写入任何数据）" if args.dry_run else "")
        + (f"；{failed} 个文件无法读取" if failed else "")
    )
    return EXIT_BAD_INPUT if failed else 0


def _print_preview(result) -> None:
    if result.preview_stored:
        _print(f"  将存入的前 {len(result.preview_stored)} 行：")
        for row in result.preview_stored[:10]:
            _print("    " + " | ".join("" if v is None else str(v) for v in row))
    if result.preview_rejected:
        _print("  不会存入的行：")
        for _, category, reason in result.preview_rejected[:50]:
            _print(f"    [{CATEGORY_NAMES.get(category, category)}] {reason}")


CATEGORY_NAMES = {"rejected": "拒收", "duplicate": "重复", "skipped": "跳过", "changed": "凭证变更"}


def cmd_imports(args: argparse.Namespace) -> int:
    rows = _read(args, catalog.import_history)
    headers = [
        "批次",
        "类型",
        "文件",
        "状态",
        "总行数",
        "存入",
        "重复",
        "拒收",
        "跳过",
        "时间",
        "演示",
        "说明",
    ]
    if args.format == "json":
        headers = [
            "load_id",
            "kind",
            "file_name",
            "status",
            "rows_total",
            "rows_loaded",
            "rows_duplicate",
            "rows_rejected",
            "rows_skipped",
            "started_at",
            "demo",
            "message",
        ]
    _print(format_rows(headers, rows, args.format))
    return 0


def cmd_rejected(args: argparse.Namespace) -> int:
    if not _read(args, catalog.load_exists, args.load_id):
        raise TrackerError(f"没有导入批次 {args.load_id}", hint="用 tracker imports 查看导入历史")
    rows = _read(args, catalog.set_aside, args.load_id, args.category)
    if args.format == "table":
        rows = [(r[0], CATEGORY_NAMES.get(r[1], r[1]), r[2], r[3]) for r in rows]
        _print(format_rows(["行号", "类别", "原因", "原始内容"], rows, "table", max_width=90))
        _print(f"共 {len(rows)} 行")
    else:
        _print(format_rows(["row_no", "category", "reason", "raw"], rows, args.format))
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from loaders.records import undo_load
    from store import audit

    with connection(args.db) as con:
        removed = undo_load(con, args.load_id)
        audit.record(con, audit.os_actor(), "undo", None, str(args.load_id))
    detail = "，".join(f"{table} {count} 行" for table, count in removed.items() if count)
    _print(f"已撤销导入批次 {args.load_id}：删除 {detail or '0 行'}")
    return 0


STATUS_KEYS = [
    "project_code",
    "execution_pct",
    "plan_pct",
    "time_pct",
    "warning",
    "last_checkpoint",
    "last_checkpoint_status",
    "shortfall_yuan",
    "next_checkpoint",
    "next_target_pct",
    "to_spend_yuan",
    "days_left",
    "forecast_pct",
    "spent_out_date",
    "colour",
]
TABLE_WIDTH = 120  # a terminal table fits this many columns; long names wrap


def _as_of(args: argparse.Namespace, con) -> dt.date:
    from engine.aggregates import last_record_date

    if args.as_of:
        return dates.parse_day(args.as_of)
    return last_record_date(con) or dt.date.today()


def _table(
    frame, columns: Sequence[tables.Column], lang: str, wrap: dict[int, int] | None = None
) -> str:
    """An engine frame as an aligned terminal table in `lang` (presentation.tables' words),
    a blank line below it to set it apart from the totals."""
    shown = tables.frame(frame, columns, lang)
    return format_table(list(shown.columns), shown.to_numpy().tolist(), wrap=wrap) + "\n"


def _fit_wrap(
    frame, columns: Sequence[tables.Column], lang: str, share: dict[int, float]
) -> dict[int, int]:
    """Widths for the wrapped columns `share` names (index → share of the room left), so that a
    table fits TABLE_WIDTH: the other columns keep their natural width."""
    shown = tables.frame(frame, columns, lang)
    natural = [
        max([display_width(str(h))] + [display_width(str(v)) for v in shown[h]])
        for h in shown.columns
    ]
    fixed = sum(w for i, w in enumerate(natural) if i not in share) + 2 * (len(natural) - 1)
    room = max(TABLE_WIDTH - fixed, 12 * len(share))
    return {i: max(8, int(room * part)) for i, part in share.items()}


def cmd_status(args: argparse.Namespace) -> int:
    from engine.status import compute_status

    with source(args) as con:
        as_of = _as_of(args, con)
        status = compute_status(con, as_of, args.unit, args.project)
        earlier = previous_of(con, status, as_of) if getattr(args, "compare", False) else None
    if status.projects.empty:
        raise TrackerError("没有符合条件的项目", hint="检查 --unit / --project")
    records = []
    for row in status.projects.to_dict("records"):
        record = {key: _clean(row[key]) for key in STATUS_KEYS}
        if earlier is not None:  # 同比: the predecessor at the same day last year, or null
            record["previous"] = earlier.get(row["project_code"])
        mine = status.indicators[status.indicators["project_code"] == row["project_code"]]
        record["indicators"] = [
            {
                "seq": _clean(i["seq"]),
                "actual": _clean(i["actual"]),
                "ratio_pct": _clean(i["ratio_pct"]),
                "colour": _clean(i["colour"]),
            }
            for i in mine.to_dict("records")
        ]
        records.append(record)
    if args.format == "json":
        _print(to_json(records))
        return 0
    if args.format == "csv":
        rows = [[r[key] for key in STATUS_KEYS] for r in records]
        _print(format_rows(STATUS_KEYS, rows, "csv"))
        return 0
    lang = _lang(args)
    projects = status.projects
    shown: tuple[tables.Column, ...] = columns.CLI_STATUS
    if earlier is not None:  # 同比 in percentage points, where the project continues one
        before = [(earlier.get(c) or {}).get("execution_pct") for c in projects["project_code"]]
        projects = projects.assign(
            execution_yoy=[
                None if b is None or now is None else float(now) - b
                for now, b in zip(projects["execution_pct"], before, strict=True)
            ]
        )
        shown = (*shown, columns.CLI_YOY)
    wrap = _fit_wrap(projects, shown, lang, {1: 1.0})
    _print(_table(projects, shown, lang, wrap))
    counts = projects["colour"].value_counts()
    _print(
        t(
            "cli_status_total",
            lang,
            day=as_of.isoformat(),
            n=len(projects),
            red=int(counts.get("red", 0)),
            yellow=int(counts.get("yellow", 0)),
            green=int(counts.get("green", 0)),
            over=int((projects["warning"] == "over").sum()),
        )
    )
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    """The self-evaluation preview: one project's lines (--project), else every project's total."""
    from engine.forms import saved_reviews
    from engine.scoring import score, scores
    from engine.status import compute_status

    with source(args) as con:
        as_of = _as_of(args, con)
        status = compute_status(con, as_of, unit=args.unit, project=args.project)
        # a reviewer's saved scores of qualitative indicators (the 绩效自评 page) count here too
        reviews = saved_reviews(con, as_of, args.project)
    if status.projects.empty:
        what = f"项目 {args.project}" if args.project else "符合条件的项目"
        raise TrackerError(f"没有{what}", hint="用 tracker projects 查看项目编码")
    lang = _lang(args)
    if not args.project:
        results = scores(status, reviews=reviews)
        if args.format == "json":
            _print(to_json(list(results.values())))
            return 0
        frame = pd.DataFrame(list(results.values()))
        _print(
            _table(
                frame,
                columns.CLI_SCORES,
                lang,
                _fit_wrap(frame, columns.CLI_SCORES, lang, {1: 1.0}),
            )
        )
        _print(t("cli_scores_total", lang, day=as_of.isoformat(), n=len(frame)))
        return 0
    result = score(status, args.project, reviews=reviews.get(args.project))
    if args.format == "json":
        _print(to_json(result))
        return 0
    _print(
        t(
            "cli_score_title",
            lang,
            code=result["project_code"],
            name=result["name"],
            day=result["as_of"],
        )
    )
    execution = {
        "name": t("execution_label", lang),
        "target": "100%",
        "actual": None,
        "actual_text": tables.text(result["execution_pct"], "pct", lang),
        "weight": result["execution_weight"],
        "points": result["execution_points"],
        "reason": None,
    }
    mine = status.indicators[status.indicators["project_code"] == args.project]
    lines = (
        tables.indicator_rows(
            pd.DataFrame(result["indicators"]).merge(
                mine[["seq", "kind", "unit", "done_date", "expected_value"]],
                on="seq",
                how="left",
                suffixes=("", "_ind"),
            ),
            lang,
        )
        if result["indicators"]
        else pd.DataFrame()
    )
    frame = pd.concat([pd.DataFrame([execution]), lines], ignore_index=True)
    wrap = _fit_wrap(frame, columns.CLI_SCORE_LINES, lang, {0: 0.45, 5: 0.55})
    _print(_table(frame, columns.CLI_SCORE_LINES, lang, wrap))
    _print(
        t("cli_score_total", lang, total=result["total"], grade=grade_text(result["grade"], lang))
    )
    if result["explanation_required"]:
        _print(t("explanation_required", lang))
    return 0


FINDING_KEYS = [
    "project_code",
    "project_name",
    "indicator_seq",
    "indicator",
    "severity",
    "rule",
    "message",
]


def cmd_findings(args: argparse.Namespace) -> int:
    """Target-quality findings: every message whole (long text wraps, never cut)."""
    rows = _read(args, catalog.target_findings, args.project)
    if args.format != "table":
        _print(format_rows(FINDING_KEYS, rows, args.format))
        return 0
    lang = _lang(args)
    frame = pd.DataFrame(rows, columns=FINDING_KEYS)
    wrap = _fit_wrap(frame, columns.CLI_FINDINGS, lang, {1: 0.16, 3: 0.18, 5: 0.18, 6: 0.48})
    _print(_table(frame, columns.CLI_FINDINGS, lang, wrap))
    _print(t("cli_findings_total", lang, n=len(rows)))
    return 0


def cmd_projects(args: argparse.Namespace) -> int:
    rows = _read(args, catalog.project_plans)
    headers = ["单位编码", "项目编码", "项目名称", "预算数(元)", "指标数", "支出计划"]
    _print(format_rows(headers, rows, args.format))
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from loaders.target_template import write_templates

    for path in write_templates(args.out):
        _print(f"已写出模板 {path}")
    return 0


def serve_command(port: int) -> list[str]:
    """`streamlit run dashboard/app.py` with the upload limit of tracker.toml ([limits]
    max_upload_mb), so Streamlit refuses a larger upload before the loaders see it."""
    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    limit = settings().limits.max_upload_mb
    return [
        sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
        "--server.maxUploadSize", str(limit),
    ]  # fmt: skip


def cmd_serve(args: argparse.Namespace) -> int:
    command = serve_command(args.port)
    if args.db:
        os.environ["TRACKER_DB"] = str(resolve_db_path(args.db))
    if args.print_command:
        _print(" ".join(command))
        return 0
    os.execv(command[0], command)  # the dashboard takes over this process
    return 0  # not reached


def cmd_bootstrap(args: argparse.Namespace) -> int:
    """Fill a new database with the county demo, so a first `make run` shows real charts."""
    db = resolve_db_path(args.db)
    with connection(db) as con:
        if catalog.load_count(con):
            _print(f"数据库 {db} 已有数据，跳过演示数据")
            return 0
    if args.sample_only:
        with connection(db) as con:
            results = load_targets(con, [SAMPLE_TARGETS], is_demo=True)
        for result in results:
            _print(result.summary())
    else:
        cmd_demo(
            argparse.Namespace(db=str(db), scale="county", seed=42, workdir=None, years=args.years)
        )
    if args.accounts:
        demo_accounts(db)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from loaders.demo import build_demo

    _print(f"正在生成演示数据（{args.scale}），写入 {resolve_db_path(args.db)} …")
    sizes = {"projects": args.projects, "rows": args.rows} if args.scale == "province" else {}
    summary = build_demo(
        resolve_db_path(args.db), args.scale, args.seed, args.workdir, years=args.years, **sizes
    )
    for line in summary.lines():
        _print(line)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The monthly meeting pack (月度例会材料) as .html, .xlsx or .pdf, by the file's extension."""
    from exports import meeting_pack

    # a bad extension, month or folder fails before the database is read
    meeting_pack.pack_format(args.out)
    start, end = meeting_pack.parse_month(args.month)
    if not Path(args.out).parent.is_dir():
        raise TrackerError(
            f"输出文件夹 {Path(args.out).parent} 不存在",
            hint="请先创建文件夹，或换一个已有的文件夹",
        )
    with source(args, at=end) as con:  # on Spark: reduced at the month end (and the one before)
        pack = meeting_pack.build_pack(con, args.month, args.unit)
        in_month = month_records(args, con, start, end)
        latest = data_date(args, con)
    if not in_month:
        data = f"数据截至 {latest}" if latest else "尚未导入任何记录"
        _warn(
            f"{start.year}年{start.month}月 没有任何记录（{data}），材料中的数字只是此前数据的延续"
        )
    path = meeting_pack.write_pack(pack, args.out, _lang(args))
    _print(f"已写出 {meeting_pack.title(pack, 'zh')} → {path}")
    return 0


def cmd_form(args: argparse.Namespace) -> int:
    """The official forms (绩效监控情况表 / 绩效自评表) as .xlsx or .docx, by the file's extension:
    one project, or every project of a unit (one sheet or section each)."""
    from engine.forms import MonitoringForm
    from exports import official_forms

    # a bad kind, extension or date fails before the database is read
    official_forms.check_kind(args.kind)
    official_forms.export_format(args.out)
    as_of = official_forms.parse_date(args.as_of)
    if not (args.unit or args.project):
        raise TrackerError("请指定 --unit 单位编码或 --project 项目编码", hint="例如 --unit 712001")
    db = resolve_db_path(args.db)
    if not db.exists():
        raise TrackerError(f"数据库 {db} 不存在", hint="请先运行 tracker load targets 文件")
    with connection(db, read_only=True) as con:
        filled = official_forms.collect_forms(
            con, args.kind, unit=args.unit, project=args.project, as_of=as_of
        )
    path = official_forms.write_collected(filled, args.out)
    first = filled[0]
    day = first.period_end if isinstance(first, MonitoringForm) else first.as_of
    scope = (
        f"项目 {first.project_code}"
        if args.project
        else f"单位 {args.unit} 的 {len(filled)} 个项目"
    )
    _print(f"已写出 {official_forms.KINDS[args.kind]}（截至 {day}），{scope} → {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    # --db may stand before or after the subcommand: the subcommand's copy must not overwrite
    # the main one with its default (argparse.SUPPRESS leaves the attribute alone when absent)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        help="数据库文件 (default: $TRACKER_DB, else data/tracker.duckdb)",
        default=argparse.SUPPRESS,
    )
    common.add_argument(
        "--lang",
        choices=["zh", "en"],
        help="输出语言 (language; default: $TRACKER_LANG, else zh)",
        default=argparse.SUPPRESS,
    )
    parser = argparse.ArgumentParser(
        prog="tracker", description="预算执行与绩效目标监控 Budget Tracker"
    )
    parser.add_argument("--db", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--lang", choices=["zh", "en"], default=None, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)

    load = sub.add_parser("load", parents=[common], help="加载文件 (load files)")
    load.add_argument(
        "kind",
        choices=["targets", "spending", "beneficiaries", "actuals", "surveys", "adjustments"],
        help="targets 绩效目标表 | spending 支出明细 | beneficiaries 受助名单 | actuals 指标实际值"
        " | surveys 满意度问卷 | adjustments 预算调整",
    )
    load.add_argument("paths", nargs="+", help=".txt / .docx / .xlsx / .xls / .csv")
    load.add_argument("--force", action="store_true", help="重新加载已加载过的文件")
    load.add_argument("--project", help="文件没有项目编码列时，所有行属于这个项目")
    load.add_argument("--dry-run", action="store_true", help="只检查并预览，不写入")
    load.add_argument(
        "--replace-changed",
        action="store_true",
        help="支出明细：已存入的凭证号再次出现且金额、日期或项目不同时，用文件中的新版本替换（撤销可恢复）",
    )
    load.add_argument(
        "--map", action="append", metavar="COLUMN=HEADER", help="指定列：标准列=文件列名"
    )
    load.add_argument("--sheet", help="Excel 工作表名称（默认第一个）")
    load.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=sys.stdout.isatty(),
        help="大文件显示进度条",
    )
    load.set_defaults(func=cmd_load)

    imports = sub.add_parser("imports", parents=[common], help="导入历史 (load history)")
    imports.add_argument("--format", choices=["table", "csv", "json"], default="table")
    imports.set_defaults(func=cmd_imports)

    rejected = sub.add_parser("rejected", parents=[common], help="某次导入未存入的行")
    rejected.add_argument("load_id", type=int)
    rejected.add_argument("--category", choices=["rejected", "duplicate", "skipped", "changed"])
    rejected.add_argument("--format", choices=["table", "csv", "json"], default="table")
    rejected.set_defaults(func=cmd_rejected)

    status = sub.add_parser("status", parents=[common], help="项目执行与绩效状态 (status)")
    status.add_argument(
        "--as-of",
        help="截至日期 YYYY-MM-DD（也接受 2025-9-30、2025/09/30、20250930；默认：最新记录的日期）",
    )
    add_source_options(status)
    status.add_argument(
        "--compare",
        action="store_true",
        help="同比：每个项目的上年同期执行率、全年执行率和自评得分",
    )
    status.add_argument("--unit")
    status.add_argument("--project")
    status.add_argument("--format", choices=["table", "csv", "json"], default="table")
    status.set_defaults(func=cmd_status)

    score_cmd = sub.add_parser("score", parents=[common], help="绩效自评得分 (self-evaluation)")
    score_cmd.add_argument("--project", help="只看一个项目的各项得分（默认：全部项目的总分）")
    score_cmd.add_argument("--unit", help="只看一个单位编码")
    add_source_options(score_cmd)
    score_cmd.add_argument("--as-of", help="截至日期（默认：最新记录的日期）")
    score_cmd.add_argument("--format", choices=["table", "json"], default="table")
    score_cmd.set_defaults(func=cmd_score)

    add_goals_command(sub, common)
    add_links_command(sub, common)

    users = sub.add_parser("users", parents=[common], help="账号 (accounts)")
    users.add_argument("action", choices=["add", "list", "passwd", "disable", "unlock"])
    users.add_argument("name", nargs="?", help="账号名")
    users.add_argument("--role", choices=["viewer", "auditor", "clerk", "admin"])
    users.add_argument("--unit", nargs="+", help="填报员可见的单位编码（可多个）")
    users.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")
    users.add_argument("--format", choices=["table", "csv", "json"], default="table")
    users.set_defaults(func=cmd_users)

    lake_cmd = sub.add_parser("lake", parents=[common], help="Parquet 数据湖 (a Parquet lake)")
    lake_cmd.add_argument("action", choices=["export", "check"])
    lake_cmd.add_argument("dir", nargs="?", help="数据湖文件夹 (check)")
    lake_cmd.add_argument("--out", help="写出到这个新文件夹 (export)")
    lake_cmd.set_defaults(func=cmd_lake)

    audit_cmd = sub.add_parser("audit", parents=[common], help="审计日志 (audit log)")
    audit_cmd.add_argument("--since", help="起始日期 YYYY-MM-DD")
    audit_cmd.add_argument("--format", choices=["table", "csv", "json"], default="table")
    audit_cmd.set_defaults(func=cmd_audit)

    undo = sub.add_parser("undo", parents=[common], help="撤销一次导入 (undo a load)")
    undo.add_argument("load_id", type=int)
    undo.set_defaults(func=cmd_undo)

    findings = sub.add_parser("findings", parents=[common], help="目标质量提示 (target findings)")
    findings.add_argument("--project", help="只看一个项目编码")
    findings.add_argument("--format", choices=["table", "csv", "json"], default="table")
    findings.set_defaults(func=cmd_findings)

    projects = sub.add_parser("projects", parents=[common], help="已加载的项目 (projects)")
    projects.add_argument("--format", choices=["table", "csv", "json"], default="table")
    projects.set_defaults(func=cmd_projects)

    templates = sub.add_parser("templates", parents=[common], help="写出空白模板 (templates)")
    templates.add_argument("--out", default="data/templates")
    templates.set_defaults(func=cmd_templates)

    bootstrap = sub.add_parser(
        "bootstrap", parents=[common], help="新数据库时加载演示数据 (first run)"
    )
    bootstrap.add_argument(
        "--sample-only", action="store_true", help="只加载示例绩效目标表，不生成演示记录"
    )
    bootstrap.add_argument(
        "--accounts",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="新数据库时为每个角色创建一个演示账号（默认是）",
    )
    bootstrap.add_argument(
        "--years",
        type=int,
        choices=[1, 2],
        default=2,
        help="演示数据的年度数（默认 2：上年和本年）",
    )
    bootstrap.set_defaults(func=cmd_bootstrap)

    serve = sub.add_parser("serve", parents=[common], help="启动仪表盘 (start the dashboard)")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--print-command", action="store_true", help="只显示启动命令")
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", parents=[common], help="生成演示数据 (a reproducible demo year)")
    demo.add_argument("--scale", choices=["county", "province"], default="county")
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--workdir", help="保留生成的文件到这个文件夹")
    demo.add_argument(
        "--years",
        type=int,
        choices=[1, 2],
        default=2,
        help="年度数：2 = 上年（2024）和本年（默认）",
    )
    demo.add_argument(
        "--projects", type=int, default=20_000, help="province：项目总数（默认 20000）"
    )
    demo.add_argument(
        "--rows", type=int, default=10_000_000, help="province：支付记录数（默认 1000 万）"
    )
    demo.set_defaults(func=cmd_demo)

    report = sub.add_parser("report", parents=[common], help="月度例会材料 (monthly meeting pack)")
    report.add_argument("--month", required=True, help="月份 YYYY-MM，例如 2025-06")
    report.add_argument("--out", required=True, help="输出文件：.html、.xlsx 或 .pdf")
    report.add_argument("--unit", help="只看一个单位编码")
    add_source_options(report)
    report.set_defaults(func=cmd_report)

    form = sub.add_parser(
        "form", parents=[common], help="绩效监控情况表 / 绩效自评表 (official forms)"
    )
    form.add_argument(
        "kind", help="monitoring 绩效监控情况表 | evaluation 绩效自评表", metavar="KIND"
    )
    form.add_argument("--unit", help="单位编码：该单位的全部项目（每个项目一页）")
    form.add_argument("--project", help="项目编码：只导出这个项目")
    form.add_argument(
        "--as-of", help="截至日期 YYYY-MM-DD（默认：监控表 7月31日，自评表 12月31日）"
    )
    form.add_argument("--out", required=True, help="输出文件：.xlsx 或 .docx")
    form.set_defaults(func=cmd_form)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    show_store_notes()  # "waiting for the database …" while another process writes
    sweep()  # work folders a killed load left behind
    try:
        settings()  # a tracker.toml with a typo or a wrong type fails every command, up front
        return int(args.func(args))
    except BrokenPipeError:
        # the reader went away (`tracker status | head`): end quietly, as Unix tools do
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0
    except TrackerError as error:
        _error(str(error))
        return EXIT_BAD_INPUT
    except SettingsError as error:
        _error(str(error))
        return EXIT_BAD_INPUT
    except DatabaseBusyError as error:
        _error(str(error))
        return EXIT_BUSY
    except KeyboardInterrupt:
        _error("已中断 (interrupted)")
        return 130
    except Exception as error:
        if os.environ.get("TRACKER_DEBUG"):
            raise
        _error(f"内部错误 (internal error): {type(error).__name__}: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
