"""The import page's work, without Streamlit: save uploads, dry-run them, load them, undo a load.

Uploads stay in memory (`FileInput.upload`: never written to disk by this module) and are handed to
the loaders (`load_targets`, `load_records`), so the page reports what the CLI reports.
Each call opens one short read-write connection, waiting while another process writes (then
`DatabaseBusyError`), and closes it. A dry run on a database that does not exist yet runs on an
empty in-memory store, so it creates no file.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from engine.queries import exclusive_access
from loaders.bounded import BoundedRunFailed, run_bounded
from loaders.columns import ALIASES
from loaders.errors import LoadError
from loaders.inputs import FileInput
from loaders.records import RecordLoadResult, load_records, set_aside_rows, undo_load
from loaders.targets import TargetLoadFailed, TargetLoadResult, load_targets
from presentation import tables
from presentation.strings import t
from store import audit
from store.db import open_db, resolve_db_path, schema_sql

KINDS = ("targets", "spending", "beneficiaries", "actuals", "surveys", "adjustments")
FILE_TYPES = ["txt", "docx", "xlsx", "xls", "csv"]
TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"
SAMPLES = TEMPLATES.parent / "samples"
WRITE_WAIT_SECONDS = 10.0  # the page waits this long for another writer, then says so
SET_ASIDE_COLUMNS = ["row_no", "category", "reason"]
FINDING_COLUMNS = ["project_code", "indicator_seq", "indicator_name", "severity", "rule", "message"]
TARGET_ROW_COLUMNS = ["project_code", "name", "budget_wan", "indicator_count", "finding_count"]
HIDDEN_COLUMNS = ["person_key", "dedupe_key"]  # matching keys, nothing a reader needs

Upload = tuple[str, bytes]  # (the file's original name, its content)
Progress = Callable[[int, str], None]  # (files done, name of the file just done)


@dataclass
class FileReport:
    """What a dry run or a load did with one file.

    status: `dry-run` (what would be stored), `loaded`, `unchanged` (loaded before as `load_id`;
    nothing to do) or `error` (nothing written; `error` is the loader's message and hint).
    counts: records: total, loaded, duplicates, rejected, skipped; targets: projects, indicators,
    findings. notes: the loader's remarks (e.g. reversals). replaced: project codes whose targets
    are (to be) replaced. set_aside: rows not stored (row_no, category, reason; personal data
    masked by the loader). stored: a dry run's first rows to store (records: the table's columns
    without matching keys; targets: project_code, name, budget_wan, indicator_count,
    finding_count). findings: target-quality findings (FINDING_COLUMNS).
    """

    file_name: str
    status: str
    load_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    error: str | None = None
    set_aside: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SET_ASIDE_COLUMNS))
    stored: pd.DataFrame = field(default_factory=pd.DataFrame)
    findings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FINDING_COLUMNS))


def has_changed_vouchers(report: FileReport) -> bool:
    """Whether a dry run set rows aside as changed vouchers (the clerk may replace them)."""
    return bool(len(report.set_aside)) and "changed" in set(report.set_aside["category"])


def required_headers(kind: str) -> list[str]:
    """The canonical Chinese headers a record file of `kind` must have (any alias also works)."""
    return [aliases[0] for required, aliases in ALIASES[kind].values() if required]


def template_files(kind: str = "targets") -> list[tuple[str, bytes, str]]:
    """What to fill in for `kind`: the blank target templates shipped in data/templates, or for a
    record kind its example file in data/samples (the canonical columns, README: Files it reads).
    (file name, content, MIME type)."""
    if kind == "targets":
        paths = sorted(TEMPLATES.iterdir()) if TEMPLATES.is_dir() else []
    else:
        paths = sorted(SAMPLES.glob(f"{kind}-*.csv")) if SAMPLES.is_dir() else []
    return [
        (path.name, path.read_bytes(), mimetypes.guess_type(path.name)[0] or "text/plain")
        for path in paths
        if path.is_file()
    ]


def stored_table(report: FileReport, lang: str) -> pd.DataFrame:
    """A dry run's first rows to store, as read: a target document's projects, or a record file's
    rows under their headers in `lang` (`tables.stored_rows`)."""
    if report.stored.columns.tolist() != TARGET_ROW_COLUMNS:
        return tables.stored_rows(report.stored, lang)
    return tables.frame(report.stored, tables.TARGET_ROWS, lang)


def set_aside_table(report: FileReport, lang: str) -> pd.DataFrame:
    """A report's rows not stored, for display: 行号, 类别, 原因 (in `lang`)."""
    return tables.frame(report.set_aside, tables.IMPORT_SET_ASIDE, lang)


def findings_table(report: FileReport, lang: str) -> pd.DataFrame:
    """A report's target-quality findings, for display, in `lang`."""
    return tables.frame(report.findings, tables.FINDINGS, lang)


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The load history (`queries.imports`) for display: kinds and statuses in words, headers in
    `lang`, newest first."""
    return tables.frame(history, tables.IMPORT_HISTORY, lang)


def undo_choices(history: pd.DataFrame, lang: str) -> dict[int, str]:
    """The loads that can be undone (not undone yet), newest first: load_id → a label."""
    kinds = kind_names(lang)
    return {
        int(row.load_id): f"{row.load_id} · {kinds.get(row.kind, row.kind)} · {row.file_name}"
        for row in history.itertuples()
        if row.status != "undone"
    }


def kind_names(lang: str) -> dict[str, str]:
    """Kind → its name in `lang` (绩效目标表, 支出明细, …)."""
    return {kind: t(f"import_kind_{kind}", lang) for kind in KINDS}


def upload_key(kind: str, project: str | None, uploads: Sequence[Upload]) -> str:
    """A fingerprint of what is about to be loaded: when it changes, a preview is out of date."""
    digest = hashlib.sha256(f"{kind}\0{project or ''}".encode())
    for name, data in uploads:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def preview(
    db: str | Path | None,
    kind: str,
    uploads: Sequence[Upload],
    *,
    project: str | None = None,
    wait: float = WRITE_WAIT_SECONDS,
) -> list[FileReport]:
    """Dry-run every upload: what would be stored and set aside, and the findings. Writes nothing.

    Raises DatabaseBusyError when another process holds the database for longer than `wait`.
    """
    return _run(db, kind, uploads, project=project, wait=wait, dry_run=True)


def load(
    db: str | Path | None,
    kind: str,
    uploads: Sequence[Upload],
    *,
    project: str | None = None,
    wait: float = WRITE_WAIT_SECONDS,
    progress: Progress | None = None,
    replace_changed: bool = False,
    actor: str | None = None,
) -> list[FileReport]:
    """Load every upload, each in its own transaction: a bad file writes nothing and the others
    still load. `progress(done, file_name)` is called after each file. `replace_changed`
    (spending): vouchers that came back changed replace the stored version. `actor`: the
    signed-in account, named in the load history.

    Raises DatabaseBusyError (nothing written) when another process holds the database for
    longer than `wait`.
    """
    reports = _run(
        db, kind, uploads, project=project, wait=wait, dry_run=False, progress=progress,
        replace_changed=replace_changed,
    )  # fmt: skip
    loaded = [r.load_id for r in reports if r.status == "loaded" and r.load_id is not None]
    if actor and loaded:
        with _connection(resolve_db_path(db), wait=wait, dry_run=False) as con:
            for load_id in loaded:
                audit.stamp_load(con, load_id, actor)
    return reports


def undo(
    db: str | Path | None, load_id: int, *, wait: float = WRITE_WAIT_SECONDS
) -> dict[str, int]:
    """Remove exactly one load's rows (`undo_load`); returns the rows removed per table.

    Raises LoadError for an unknown or already undone load, DatabaseBusyError as `load`.
    """
    with _connection(resolve_db_path(db), wait=wait, dry_run=False) as con:
        return undo_load(con, load_id)


def _run(
    db: str | Path | None,
    kind: str,
    uploads: Sequence[Upload],
    *,
    project: str | None,
    wait: float,
    dry_run: bool,
    progress: Progress | None = None,
    replace_changed: bool = False,
) -> list[FileReport]:
    """The uploads read and loaded in a child process bounded in memory and time
    (`loaders.bounded`): a file whose parsing runs away costs a refusal of that file and the
    ones after it, never the server."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    done: list[FileReport] = []

    def received(report: FileReport) -> None:
        done.append(report)
        if progress is not None:
            progress(len(done), report.file_name)

    try:
        with exclusive_access():  # this server's readers would lock the child out of the file
            return run_bounded(
                "dashboard.importing:run_here",
                str(resolve_db_path(db)), kind, list(uploads), project, wait, dry_run,
                replace_changed,
                on_message=received,
            )  # fmt: skip
    except BoundedRunFailed as failed:
        names = [FileInput.upload(name, b"").name for name, _ in uploads]
        return done + [
            FileReport(name, "error", error=f"{name}：{failed.reason}")
            for name in names[len(done) :]
        ]


def run_here(
    db: str,
    kind: str,
    uploads: Sequence[Upload],
    project: str | None,
    wait: float,
    dry_run: bool,
    replace_changed: bool,
    report: Callable[[FileReport], None],
) -> list[FileReport]:
    """The loads themselves, each file in its own transaction (in the bounded child process):
    `report` is called with each file's outcome as soon as it is known."""
    reports = []
    files = [FileInput.upload(name, data) for name, data in uploads]  # kept in memory
    with _connection(Path(db), wait=wait, dry_run=dry_run) as con:
        for file in files:
            reports.append(_one_file(con, kind, file, project or None, dry_run, replace_changed))
            report(reports[-1])
    return reports


def _one_file(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    file: FileInput,
    project: str | None,
    dry_run: bool,
    replace_changed: bool = False,
) -> FileReport:
    try:
        if kind == "targets":
            return _targets_report(load_targets(con, [file], dry_run=dry_run)[0])
        result = load_records(
            con, kind, file, project=project, dry_run=dry_run, replace_changed=replace_changed
        )
        return _records_report(con, result)
    except TargetLoadFailed as failed:
        return FileReport(file.name, "error", error="；".join(str(e) for e in failed.errors))
    except LoadError as error:
        return FileReport(file.name, "error", error=str(error))
    except Exception as error:  # a reader library failing on malformed content: as the CLI says
        return FileReport(
            file.name,
            "error",
            error=f"{file.name}：无法读取文件（{type(error).__name__}: {str(error)[:200]}）",
        )


def _records_report(con: duckdb.DuckDBPyConnection, result: RecordLoadResult) -> FileReport:
    c = result.counts
    report = FileReport(result.file_name, result.status, result.load_id, notes=list(c.notes))
    if result.status == "unchanged" or result.load_id is None:
        return report
    report.counts = {
        "total": c.total,
        "loaded": c.loaded,
        "duplicates": c.duplicates,
        "rejected": c.rejected,
        "skipped": c.skipped,
    }
    dry_run = result.status == "dry-run"
    rows = result.preview_rejected if dry_run else set_aside_rows(con, result.load_id)
    report.set_aside = pd.DataFrame(rows, columns=SET_ASIDE_COLUMNS)
    if dry_run:
        stored = pd.DataFrame(result.preview_stored, columns=result.preview_columns)
        report.stored = stored.drop(columns=HIDDEN_COLUMNS, errors="ignore")
    return report


def _targets_report(result: TargetLoadResult) -> FileReport:
    report = FileReport(result.file_name, result.status, result.load_id)
    if result.status == "unchanged":
        return report
    report.counts = {
        "projects": result.projects,
        "indicators": result.indicators,
        "findings": result.findings,
    }
    report.replaced = list(result.replaced)
    report.stored = pd.DataFrame(result.rows, columns=TARGET_ROW_COLUMNS)
    report.findings = pd.DataFrame(result.finding_rows, columns=FINDING_COLUMNS)
    return report


@contextmanager
def _connection(db: Path, *, wait: float, dry_run: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """One short read-write connection, closed on exit (for a dry run on a database that does not
    exist yet: an empty in-memory store with the schema)."""
    if dry_run and not db.exists():
        con = duckdb.connect(":memory:")
        con.execute(schema_sql())
    else:
        con = open_db(db, wait=wait)  # waits on a lock and on this process's readers
    try:
        yield con
    finally:
        con.close()
