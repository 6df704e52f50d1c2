"""Loading record files (spending, beneficiaries, actuals, surveys, adjustments): the common frame.

Every load: find the columns ► stage and validate ► store accepted rows, keep every other row in
`rejected_rows` with its reason (category `rejected`, `duplicate` or `skipped`) ► write the `imports`
row — all in one transaction, so a killed process leaves exactly the earlier loads. A file already
loaded (same sha256) is not loaded again. `--dry-run` does all of it and rolls back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from loaders.adjustments import stage_adjustments
from loaders.beneficiaries import stage_beneficiaries
from loaders.columns import ColumnMap, map_columns
from loaders.errors import LoadError
from loaders.goal_actuals import is_goal_file, stage_goal_actuals
from loaders.indicator_records import stage_actuals, stage_surveys
from loaders.inputs import FileInput
from loaders.limits import check_size
from loaders.record_base import Counts, LoadContext, insert_rejected
from loaders.record_sources import EXCEL_SUFFIXES, Source, count_csv_records, open_source
from loaders.spending import restore_vouchers, stage_spending
from loaders.sqlfunc import install_macros
from loaders.target_versions import restore as restore_targets
from loaders.unit_goals import refresh_goals
from loaders.workspace import private_folder
from store.db import first_row, new_load_id

RECORD_TABLES = {
    "spending": "spending",
    "beneficiaries": "beneficiaries",
    "actuals": "indicator_actuals",
    "surveys": "survey_responses",
    "adjustments": "budget_adjustments",
}
ALSO_WRITES = {"actuals": ("goal_actuals",)}  # tables a kind's load may write besides its own
KIND_NAMES = {
    "spending": "支出明细",
    "beneficiaries": "受助名单",
    "actuals": "指标实际值",
    "surveys": "满意度问卷",
    "adjustments": "预算调整",
    "targets": "绩效目标表",
}


@dataclass
class RecordLoadResult:
    kind: str
    file_name: str
    sha256: str
    status: str  # loaded | unchanged | dry-run
    load_id: int | None = None
    counts: Counts = field(default_factory=Counts)
    preview_rejected: list[tuple[int, str, str]] = field(default_factory=list)
    preview_stored: list[tuple] = field(default_factory=list)
    preview_columns: list[str] = field(default_factory=list)  # preview_stored column names

    def summary(self) -> str:
        name = KIND_NAMES.get(self.kind, self.kind)
        if self.status == "unchanged":
            return f"{self.file_name}（{name}）：已于导入批次 {self.load_id} 加载过，未做任何修改"
        c = self.counts
        verb = "试运行（未写入）" if self.status == "dry-run" else f"导入批次 {self.load_id}"
        text = (
            f"{self.file_name}（{name}，{verb}）：共 {c.total} 行，存入 {c.loaded}，"
            f"重复 {c.duplicates}，拒收 {c.rejected}，跳过 {c.skipped}"
        )
        if c.notes:
            text += "；" + "；".join(c.notes)
        return text


Stager = Callable[[duckdb.DuckDBPyConnection, Source, ColumnMap, LoadContext], Counts]


STAGERS: dict[str, Stager] = {
    "spending": stage_spending,
    "adjustments": stage_adjustments,
    "beneficiaries": stage_beneficiaries,
    "actuals": lambda con, source, mapping, ctx: (
        stage_goal_actuals if is_goal_file(mapping) else stage_actuals
    )(con, source, mapping, ctx),  # rows naming a 目标序号: the department's goals
    "surveys": stage_surveys,
}


def _stager(kind: str) -> Stager:
    if kind not in STAGERS:
        raise LoadError(f"未知的记录类型 {kind}")
    return STAGERS[kind]


class _FileScan:
    """One read of the file: its sha256, its number of lines (CR-only line ends counted too) and
    where its first NUL byte is, now or in a background thread (hashlib releases the GIL, so it
    runs beside DuckDB's own reading). An error reading the file is kept and raised on `wait`."""

    def __init__(self, file: FileInput, *, background: bool) -> None:
        self.background = background
        self._sha: str | None = None
        self._lines = 0
        self.nul_line: int | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(target=self._guarded, args=(file,), daemon=True)
            self._thread.start()
        else:
            self._guarded(file)

    def _guarded(self, file: FileInput) -> None:
        try:
            self._run(file)
        except BaseException as error:  # raised in the loader's thread by _wait
            self._error = error

    def _run(self, file: FileInput) -> None:
        digest = hashlib.sha256()
        lines, returns, last = 0, 0, b""
        with file.open() as handle:
            while chunk := handle.read(1 << 24):
                digest.update(chunk)
                if self.nul_line is None and (nul := chunk.find(b"\x00")) >= 0:
                    self.nul_line = lines + chunk.count(b"\n", 0, nul) + 1
                lines += chunk.count(b"\n")
                if not lines:  # a file without LF so far: count CR line ends (old Mac)
                    returns += chunk.count(b"\r")
                last = chunk[-1:]
        if not lines and returns:
            self._lines = returns + (1 if last not in (b"", b"\r") else 0)
        else:
            self._lines = lines + (1 if last not in (b"", b"\n") else 0)
        self._sha = digest.hexdigest()

    def _wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            raise LoadError(f"无法读取文件（{type(self._error).__name__}）") from self._error

    def sha256(self) -> str:
        self._wait()
        assert self._sha is not None
        return self._sha

    def lines(self) -> int:
        self._wait()
        return self._lines


def previous_load(con: duckdb.DuckDBPyConnection, kind: str, sha: str) -> int | None:
    """The load that holds this file's content (same sha256), if any is still in effect: an `ok`
    load that stored rows, or that had nothing to store (every row rejected or skipped). A load
    that stored nothing because its rows repeated an earlier load's (a forced re-load) does not
    count: once that earlier load is undone, the file loads again as new."""
    row = first_row(
        con.execute(
            "SELECT min(load_id) FROM imports WHERE kind = ? AND sha256 = ? AND status = 'ok'"
            " AND (coalesce(rows_loaded, 0) > 0 OR coalesce(rows_duplicate, 0) = 0)",
            [kind, sha],
        )
    )
    return None if row is None or row[0] is None else int(row[0])


def load_records(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    path: str | Path | FileInput,
    *,
    project: str | None = None,
    overrides: dict[str, str] | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    is_demo: bool = False,
    replace_changed: bool = False,
) -> RecordLoadResult:
    """Load one record file of `kind` (a path, or an upload held in memory). Raises LoadError
    (nothing written) for a file that is unreadable, over a limit, or whose lines do not add up.

    `replace_changed` (spending): a voucher that arrives again with another amount, date or
    project replaces the stored version instead of being set aside as a conflict."""
    file = FileInput.of(path)
    size = check_size(file)
    # The sha256 of a big file costs seconds: when no earlier load has this file's size it cannot
    # be a re-load, so the hash is computed beside the load (hashlib releases the GIL) and checked
    # before commit.
    same_size = first_row(
        con.execute(
            "SELECT count(*) FROM imports WHERE kind = ? AND file_size = ? AND status = 'ok'",
            [kind, size],
        )
    )
    scan = _FileScan(file, background=not (same_size and same_size[0]))
    result = RecordLoadResult(kind, file.name, "", "dry-run" if dry_run else "loaded")
    if not force and not scan.background:
        earlier = previous_load(con, kind, scan.sha256())
        if earlier is not None:
            result.sha256, result.status, result.load_id = scan.sha256(), "unchanged", earlier
            return result
    stager = _stager(kind)
    install_macros(con)
    # only a spending CSV is read by DuckDB from a file: nothing else touches the disk
    on_disk = kind == "spending" and file.suffix not in EXCEL_SUFFIXES
    with private_folder() if on_disk else contextlib.nullcontext(None) as workdir:
        source = open_source(con, file, kind, sheet, overrides, workdir)
        try:
            result = _load_source(
                con, kind, file, source, scan, result, project=project, overrides=overrides,
                dry_run=dry_run, is_demo=is_demo, replace_changed=replace_changed, size=size,
                stager=stager,
            )  # fmt: skip
        except duckdb.Error as error:
            raise LoadError(_duckdb_message(error), file=file.name) from error
        finally:
            source.close(con)
    return result


def _duckdb_message(error: duckdb.Error) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    if "Conversion Error" in text or "out of range" in text.lower():
        return "文件中的数值超出可存储的范围（金额最多 16 位整数、2 位小数）"
    if "Invalid unicode" in text or "UTF-8" in text or "utf-8" in text:
        return "文件中有无法识别的字符编码：请另存为 UTF-8 或 GBK 编码的 CSV"
    return f"文件内容无法解析：{text[:300]}"


def _load_source(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    file: FileInput,
    source: Source,
    scan: _FileScan,
    result: RecordLoadResult,
    *,
    project: str | None,
    overrides: dict[str, str] | None,
    dry_run: bool,
    is_demo: bool,
    replace_changed: bool,
    size: int,
    stager: Stager,
) -> RecordLoadResult:
    provided = {"project_code"} if project else set()
    mapping = map_columns(
        source.headers, kind, overrides, source.default_unit, file=file.name, provided=provided
    )
    started = dt.datetime.now()
    con.execute("BEGIN TRANSACTION")
    try:
        load_id = new_load_id(con)
        context = LoadContext(
            load_id,
            file.name,
            project=project,
            is_demo=is_demo,
            file_lines=scan.lines,
            replace_changed=replace_changed,
        )
        counts = stager(con, source, mapping, context)
        sha = result.sha256 = scan.sha256()
        if scan.nul_line is not None and not source.sheet:  # text files only
            raise LoadError(
                f"第 {scan.nul_line} 行含有空字符 (NUL)，文件可能已损坏", file=file.name
            )
        counts = account_lines(con, source, counts, context, scan.lines())
        options: dict[str, object] = {
            "sheet": source.sheet,
            "map": overrides or None,
            "project": project,
            "replace_changed": replace_changed or None,
        }
        con.execute(
            "INSERT INTO imports (load_id, kind, file_name, sha256, rows_loaded, rows_rejected,"
            " rows_skipped, rows_duplicate, rows_total, status, started_at, finished_at,"
            " message, is_demo, options, file_size)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', ?, ?, ?, ?, ?, ?)",
            [
                load_id, kind, file.name, sha, counts.loaded, counts.rejected, counts.skipped,
                counts.duplicates, counts.total, started, dt.datetime.now(),
                "；".join(counts.notes) or None, is_demo,
                json.dumps({k: v for k, v in options.items() if v}, ensure_ascii=False),
                size,
            ],
        )  # fmt: skip
        result.load_id, result.counts = load_id, counts
        if dry_run:
            result.preview_rejected = set_aside_rows(con, load_id)
            stored = con.execute(
                f"SELECT * EXCLUDE (load_id) FROM {RECORD_TABLES[kind]} WHERE load_id = ?"
                " ORDER BY row_no LIMIT 20",
                [load_id],
            )
            result.preview_columns = [column[0] for column in stored.description or []]
            result.preview_stored = stored.fetchall()
            con.execute("ROLLBACK")
        else:
            con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return result


MASKED_ID = re.compile(r"([0-9]{6})[0-9]{8,11}([0-9]{1}[0-9Xx])")


def account_lines(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    counts: Counts,
    ctx: LoadContext,
    file_lines: int,
) -> Counts:
    """Every line of the file accounted for: the rows above the header are skipped (kept with
    their text), blank lines the CSV reader passed over are skipped, and then the records after the
    header must equal stored + duplicates + rejected + skipped. A file where they do not (an
    unclosed quote swallowing the rows after it, say) is refused naming the line."""
    if source.title_rows:
        insert_rejected(
            con,
            ctx.load_id,
            [
                (line, "skipped", f"第{line}行：表头上方的标题或说明，不计入",
                 {"内容": MASKED_ID.sub(r"\1**********\2", " ".join(c for c in cells if c))})
                for line, cells in source.title_rows
            ],
        )  # fmt: skip
    if source.in_memory:
        expected = source.data_rows or 0
    else:
        expected = file_lines - source.header_row
        if counts.total != expected:
            seen = set_aside_lines(con, ctx.load_id)
            blanks = [line for line in source.blank_lines if line not in seen]
            if blanks:
                insert_rejected(
                    con,
                    ctx.load_id,
                    [(line, "skipped", f"第{line}行：空行", {}) for line in blanks],
                )
                counts.skipped += len(blanks)
                counts.total += len(blanks)
        if counts.total != expected:
            assert source.readable is not None
            records = count_csv_records(source.readable, source.delimiter, source.name)
            expected = records - len(source.title_rows) - 1  # the header
    if counts.total != expected:
        raise LoadError(
            f"读出的行数与文件不符：表头之后有 {expected} 行，只能确认 {counts.total} 行"
            "（存入、重复、拒收、跳过之和）",
            file=source.name,
            hint="文件可能有不成对的引号或损坏的行；请在 Excel/WPS 中打开后另存为 .xlsx 再导入",
        )
    counts.skipped += len(source.title_rows)
    counts.total += len(source.title_rows)
    balance = counts.loaded + counts.duplicates + counts.rejected + counts.skipped
    if balance != counts.total:
        raise LoadError(
            f"行数核对失败：共 {counts.total} 行，存入 {counts.loaded} + 重复 {counts.duplicates}"
            f" + 拒收 {counts.rejected} + 跳过 {counts.skipped} = {balance}",
            file=source.name,
        )
    return counts


def set_aside_lines(con: duckdb.DuckDBPyConnection, load_id: int) -> set[int]:
    rows = con.execute("SELECT row_no FROM rejected_rows WHERE load_id = ?", [load_id]).fetchall()
    return {int(r[0]) for r in rows}


def set_aside_rows(
    con: duckdb.DuckDBPyConnection, load_id: int, limit: int = 200
) -> list[tuple[int, str, str]]:
    """The first `limit` rows a load kept aside, in file order: (row_no, category, reason).

    Reasons name the problem with personal data already masked; the raw cells are not returned.
    """
    return [
        (int(r[0]), str(r[1]), str(r[2]))
        for r in con.execute(
            "SELECT row_no, category, reason FROM rejected_rows WHERE load_id = ?"
            " ORDER BY row_no LIMIT ?",
            [load_id, limit],
        ).fetchall()
    ]


def undo_load(con: duckdb.DuckDBPyConnection, load_id: int) -> dict[str, int]:
    """Remove exactly one load's rows; its imports row stays, marked `undone`.

    Returns rows removed per table. Raises LoadError for an unknown or already undone load.
    """
    row = first_row(con.execute("SELECT kind, status FROM imports WHERE load_id = ?", [load_id]))
    if row is None:
        raise LoadError(f"没有导入批次 {load_id}", hint="用 tracker imports 查看导入历史")
    kind, status = row
    if status == "undone":
        raise LoadError(f"导入批次 {load_id} 已经撤销过")
    if kind == "spending":
        later = first_row(
            con.execute(
                "SELECT min(replaced_by) FROM spending_replaced WHERE load_id = ?", [load_id]
            )
        )
        if later and later[0] is not None:
            raise LoadError(
                f"导入批次 {load_id} 的部分凭证已被导入批次 {later[0]} 替换",
                hint=f"请先撤销导入批次 {later[0]}",
            )
    tables = (
        ["spending_plan", "indicators", "target_findings", "projects", "units"]
        if kind == "targets"
        else [RECORD_TABLES[kind], *ALSO_WRITES.get(kind, ()), "rejected_rows"]
        + (["spending_monthly"] if kind == "spending" else [])
    )
    removed: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        if kind == "targets":
            codes = [
                r[0]
                for r in con.execute(
                    "SELECT project_code FROM projects WHERE load_id = ?", [load_id]
                ).fetchall()
            ]
            for table in tables[:3]:
                removed[table] = _delete(
                    con, f"DELETE FROM {table} WHERE list_contains(?, project_code)", [codes]
                )
            removed["projects"] = _delete(con, "DELETE FROM projects WHERE load_id = ?", [load_id])
            # a unit stays while another load's projects still belong to it
            removed["units"] = _delete(
                con,
                "DELETE FROM units u WHERE u.load_id = ? AND NOT EXISTS (SELECT 1 FROM projects p"
                " WHERE p.unit_code = u.unit_code AND p.fiscal_year = u.fiscal_year)",
                [load_id],
            )
            # the targets this load replaced come back
            removed["projects restored"] = len(restore_targets(con, load_id))
            refresh_goals(con)  # the units' goals follow the text that is back
        else:
            for table in tables:
                removed[table] = _delete(con, f"DELETE FROM {table} WHERE load_id = ?", [load_id])
            if kind == "spending":  # the vouchers this load replaced come back
                removed["spending（恢复被替换的凭证）"] = restore_vouchers(con, load_id)
        con.execute(
            "UPDATE imports SET status = 'undone', message = coalesce(message || '；', '')"
            " || '已撤销 ' || strftime(now(), '%Y-%m-%d %H:%M') WHERE load_id = ?",
            [load_id],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return removed


def _delete(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> int:
    row = first_row(con.execute(sql, params))
    return int(row[0]) if row else 0
