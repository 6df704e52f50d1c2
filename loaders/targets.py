"""Loading target documents into the store: read ► recognise ► save, one transaction per command.

`load_targets(con, paths)` reads and recognises every file first; if any file is bad, nothing is
written and `TargetLoadFailed` lists each file's reason. A file already loaded (same sha256) changes
nothing; a newer document for a project replaces that project's targets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from loaders.documents import read_blocks
from loaders.errors import LoadError
from loaders.inputs import FileInput
from loaders.target_forms import recognise_targets
from loaders.target_records import TargetDocument
from loaders.target_template import find_template_header, recognise_template
from loaders.target_versions import archive_projects, archive_unit
from loaders.unit_goals import refresh_goals
from store.db import bulk_insert, first_row, new_load_id, transaction


class TargetLoadFailed(Exception):
    """One or more files could not be read; nothing was written."""

    def __init__(self, errors: list[LoadError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class TargetLoadResult:
    file_name: str
    sha256: str
    status: str  # loaded | unchanged | dry-run
    load_id: int | None = None
    projects: int = 0
    indicators: int = 0
    findings: int = 0
    goals: int = 0  # the department goals of every unit, read after this load (loaders.unit_goals)
    replaced: list[str] = field(default_factory=list)
    project_codes: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # per project: code, name, 万元, counts
    # per finding: project code, indicator seq (None: the project), indicator name, severity,
    # rule, message
    finding_rows: list[tuple] = field(default_factory=list)

    def summary(self) -> str:
        if self.status == "unchanged":
            return f"{self.file_name}：已于导入批次 {self.load_id} 加载过，未做任何修改 (unchanged)"
        verb = "将加载" if self.status == "dry-run" else "已加载"
        where = "试运行，未写入" if self.status == "dry-run" else f"导入批次 {self.load_id}"
        text = (
            f"{self.file_name}：{verb} {self.projects} 个项目、{self.indicators} 个指标、"
            f"{self.findings} 条目标质量提示（{where}）"
        )
        if self.replaced:
            text += f"；替换了原有目标：{'、'.join(self.replaced)}"
        return text


def file_sha256(path: str | Path | FileInput) -> str:
    return FileInput.of(path).sha256()


def read_target_document(path: str | Path | FileInput) -> TargetDocument:
    """Read and recognise one document (form or template). Raises LoadError naming the file."""
    file = FileInput.of(path)
    try:
        blocks = read_blocks(file)
        header = find_template_header(blocks)
        if header is not None:
            return recognise_template(blocks, header, file.name)
        return recognise_targets(blocks, file.name)
    except LoadError as error:
        raise error.with_file(file.name) from None
    except Exception as error:  # a reader library failing on malformed content
        raise LoadError(
            f"无法读取文件 ({type(error).__name__}: {str(error)[:200]})", file=file.name
        ) from error


def load_targets(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[str | Path | FileInput],
    *,
    force: bool = False,
    is_demo: bool = False,
    dry_run: bool = False,
) -> list[TargetLoadResult]:
    """Load target documents. Raises TargetLoadFailed (nothing written) when any file is bad.

    With `dry_run`, everything is saved inside a transaction that is rolled back: the results
    (status `dry-run`) say what would be stored and replaced, and nothing is written.
    """
    documents: list[tuple[FileInput, str, TargetDocument]] = []
    errors: list[LoadError] = []
    for raw_path in paths:
        file = FileInput.of(raw_path)
        try:
            document = read_target_document(file)
            documents.append((file, file.sha256(), document))
        except LoadError as error:
            errors.append(error)
    if errors:
        raise TargetLoadFailed(errors)
    results: list[TargetLoadResult] = []
    with transaction(con, rollback=dry_run):
        for file, sha, document in documents:
            previous = first_row(
                con.execute(
                    "SELECT min(load_id) FROM imports WHERE kind = 'targets' AND sha256 = ?"
                    " AND status = 'ok'",
                    [sha],
                )
            )
            if previous and previous[0] is not None and not force:
                results.append(TargetLoadResult(file.name, sha, "unchanged", int(previous[0])))
                continue
            results.append(save_targets(con, document, file.name, sha, is_demo=is_demo))
            if dry_run:
                results[-1].status = "dry-run"
    return results


def save_targets(
    con: duckdb.DuckDBPyConnection,
    document: TargetDocument,
    file_name: str,
    sha: str,
    *,
    is_demo: bool = False,
) -> TargetLoadResult:
    """Write one document's records (inside the caller's transaction)."""
    started = dt.datetime.now()
    load_id = new_load_id(con)
    result = TargetLoadResult(file_name, sha, "loaded", load_id)
    codes = [p.project_code for p in document.projects]
    existing = {
        row[0]
        for row in con.execute(
            "SELECT project_code FROM projects WHERE list_contains(?, project_code)", [codes]
        ).fetchall()
    }
    if existing:  # kept, so that undoing this load brings them back
        archive_projects(con, sorted(existing), load_id)
    for table in ("spending_plan", "indicators", "target_findings", "projects"):
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, project_code)", [codes])
    projects, plans, indicators, findings = [], [], [], []
    for project in document.projects:
        if project.project_code in existing:
            result.replaced.append(project.project_code)
        code = project.project_code
        projects.append(
            [
                code,
                project.fiscal_year,
                project.unit_code,
                project.name,
                project.budget_yuan,
                project.fiscal_yuan,
                project.other_yuan,
                project.purpose,
                project.goals,
                project.title,
                project.money_unit,
                load_id,
            ]
        )
        plans += [
            [code, p.checkpoint, p.label, p.cumulative_pct, p.source, p.raw] for p in project.plan
        ]
        indicators += [
            [
                code,
                i.seq,
                i.level1,
                i.level2,
                i.name,
                i.description,
                i.target_raw,
                i.target.operator,
                i.target.value,
                i.target.unit,
                i.target.kind,
                i.target.deadline,
                i.target.direction,
                i.basis,
            ]
            for i in project.indicators
        ]
        findings += [
            [code, f.indicator_seq, f.rule, f.severity, f.message, load_id]
            for f in project.findings
        ]
        result.projects += 1
        result.indicators += len(project.indicators)
        result.findings += len(project.findings)
        result.project_codes.append(code)
        names: dict[int | None, str | None] = {i.seq: i.name for i in project.indicators}
        result.finding_rows += [
            (code, f.indicator_seq, names.get(f.indicator_seq), f.severity, f.rule, f.message)
            for f in project.findings
        ]
        result.rows.append(
            (
                code,
                project.name,
                f"{project.budget_yuan / 10000:,.2f}",
                len(project.indicators),
                len(project.findings),
            )
        )
    for table, rows in (
        ("projects", projects),
        ("spending_plan", plans),
        ("indicators", indicators),
        ("target_findings", findings),
    ):
        bulk_insert(con, table, rows)
    for unit in document.units:
        old = first_row(
            con.execute(
                "SELECT overall_goals FROM units WHERE unit_code = ? AND fiscal_year = ?",
                [unit.unit_code, unit.fiscal_year],
            )
        )
        goals = unit.overall_goals or (old[0] if old else None)
        archive_unit(con, unit.unit_code, unit.fiscal_year, load_id)
        con.execute(
            "DELETE FROM units WHERE unit_code = ? AND fiscal_year = ?",
            [unit.unit_code, unit.fiscal_year],
        )
        con.execute(
            "INSERT INTO units VALUES (?, ?, ?, ?, ?)",
            [unit.unit_code, unit.unit_name, unit.fiscal_year, goals, load_id],
        )
    result.goals = refresh_goals(con)  # the units' goals, re-read from the text now kept
    for unit in document.units:  # a stale year in a unit's goals is a finding of this document
        for seq, text, rule, severity, message in con.execute(
            "SELECT f.goal_seq, g.text, f.rule, f.severity, f.message FROM unit_findings f"
            " JOIN unit_goals g ON g.unit_code = f.unit_code AND g.fiscal_year = f.fiscal_year"
            " AND g.seq = f.goal_seq WHERE f.unit_code = ? AND f.fiscal_year = ? ORDER BY 1",
            [unit.unit_code, unit.fiscal_year],
        ).fetchall():
            result.findings += 1
            result.finding_rows.append((None, seq, text, severity, rule, message))
    con.execute(
        "INSERT INTO imports (load_id, kind, file_name, sha256, rows_loaded, rows_rejected,"
        " rows_skipped, rows_total, status, started_at, finished_at, message, is_demo)"
        " VALUES (?, 'targets', ?, ?, ?, 0, 0, ?, 'ok', ?, ?, ?, ?)",
        [
            load_id,
            file_name,
            sha,
            result.indicators,
            result.indicators,
            started,
            dt.datetime.now(),
            f"{result.projects} 个项目，{result.indicators} 个指标，{result.findings} 条提示",
            is_demo,
        ],
    )
    # an earlier targets load whose every project has now been replaced
    con.execute(
        "UPDATE imports SET status = 'replaced' WHERE kind = 'targets' AND status = 'ok'"
        " AND load_id NOT IN (SELECT DISTINCT load_id FROM projects)"
    )
    return result
